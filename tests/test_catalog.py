"""The corpus folder as the document list (issue 14 items 1, 2, 5; issue 12 item 4): every
supported file is a document, the manifest only overrides; every file is reported; nothing
outside the folder is read; uploads are checked and stored safely. Real files, real ingests
into a real Chroma store on disk."""
from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine
from hoi.index import Index
from hoi.manifest import load_manifest
from ingest.build import IngestError, run_ingest
from ingest.catalog import build_catalog
from ingest.uploads import UploadError, inspect_file, store_upload
from tests import fixtures_docs as docs

from .conftest import CORPUS, PLAN_FILE, PLAN_ID, REPO

Q45 = "ai chiu trach nhiem tuyen truyen nghi quyet 45"
DOCX_BODY = [
    "KẾ HOẠCH",
    "tổ chức Hội thi tìm hiểu lịch sử Đảng bộ huyện năm 2025",
    "-----",
    "Thực hiện Kế hoạch số 103-KH/TU ngày 15/01/2025 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy "
    "ban hành Kế hoạch như sau:",
    "I. NỘI DUNG",
    "1. Hội Cựu chiến binh huyện chủ trì biên soạn bộ câu hỏi về truyền thống cách mạng của quê hương.",
    "2. Trung tâm Văn hóa huyện bố trí hội trường và âm thanh cho vòng chung kết.",
]
PDF_TEXT = """ỦY BAN NHÂN DÂN
HUYỆN THANH LÂM
Số: 77/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Thanh Lâm, ngày 02 tháng 5 năm 2025
KẾ HOẠCH
Phòng chống thiên tai năm 2025
-----
I. NHIỆM VỤ
1. Phòng Nông nghiệp huyện kiểm tra hệ thống đê bao, cống ngăn mặn trước mùa mưa lũ.
2. Các xã dự trữ bao cát, áo phao và lương thực cho các hộ dân vùng trũng thấp.
"""


def logged_ingest(settings, corpus: Path, root: Path, **kw) -> tuple[object, list[str]]:
    lines: list[str] = []
    summary = run_ingest(settings, corpus_dir=corpus, index_dir=root, progress=False, log=lines.append, **kw)
    return summary, lines


@pytest.fixture()
def index_copy(index_dir, tmp_path) -> Path:
    """A writable copy of the session's index: the plan's vectors are reused, not re-embedded."""
    dst = tmp_path / "idx"
    shutil.copytree(index_dir, dst, symlinks=True)
    return dst


def test_the_committed_manifest_gives_the_same_document_list():
    old = load_manifest(CORPUS / "manifest.toml")
    new = build_catalog(CORPUS).documents
    assert [d.id for d in new] == [d.id for d in old] == ["nq45", "ctr227", PLAN_ID]
    for a, b in zip(old, new):
        da, db = dataclasses.asdict(a), dataclasses.asdict(b)
        db.pop("loaded_at")
        da.pop("loaded_at")
        assert da == db


def test_unlisted_docx_and_pdf_are_indexed_and_answered(settings, corpus_copy, index_copy):
    docs.make_docx(corpus_copy / "hoi-thi.docx", DOCX_BODY, table_rows=[[
        "ĐẢNG BỘ TỈNH HẬU GIANG\nHUYỆN ỦY PHỤNG HIỆP\n*\nSố 41-KH/HU",
        "ĐẢNG CỘNG SẢN VIỆT NAM\nPhụng Hiệp, ngày 20 tháng 2 năm 2025"]], table_after=-1)
    docs.make_pdf(corpus_copy / "thien-tai.pdf", PDF_TEXT)
    (corpus_copy / "ghi-chu.xlsx").write_bytes(b"PK\x03\x04 not really")
    (corpus_copy / "trong.pdf").write_bytes(b"")
    shutil.copy(corpus_copy / "hoi-thi.docx", corpus_copy / "hoi-thi (1).docx")
    summary, lines = logged_ingest(settings, corpus_copy, index_copy)
    assert summary.documents == 3
    text = "\n".join(lines)
    assert "Tệp hoi-thi (1).docx → mã kh41-hu (đọc từ văn bản)" in text  # files are read in name order
    assert "Tệp thien-tai.pdf → mã kh77-ubnd (đọc từ văn bản)" in text
    assert "Ủy ban nhân dân huyện Thanh Lâm" in text
    assert "Bỏ qua tệp ghi-chu.xlsx: định dạng .xlsx không hỗ trợ" in text
    assert "Bỏ qua tệp trong.pdf: tệp rỗng (0 byte)" in text
    assert "Bỏ qua tệp hoi-thi.docx: trùng nội dung với tệp hoi-thi (1).docx" in text
    index = Index.open(index_copy)
    plan41 = index.document("kh41-hu")
    assert plan41.issuer == "Ban Thường vụ Huyện ủy Phụng Hiệp" and plan41.level == "huyện"
    assert plan41.date == "2025-02-20" and "number" in plan41.inferred and plan41.loaded_at
    assert index.document(plan41.implements[0]).number == "103-KH/TU"  # known only from the preamble
    engine = Engine.open(index_copy, settings)
    ans = engine.answer("Ai chủ trì biên soạn bộ câu hỏi về truyền thống cách mạng?")
    assert not ans.abstained and ans.citations[0].doc_id == "kh41-hu"
    ans = engine.answer("kiem tra he thong de bao cong ngan man")
    assert not ans.abstained and ans.citations[0].doc_id == "kh77-ubnd"
    assert engine.answer(Q45).citations[0].section == "IV.4"  # the home plan is untouched
    assert "103-KH/TU" in summary.not_loaded and len(summary.ignored) == 3


def test_dry_run_reports_and_writes_nothing(settings, corpus_copy, index_copy, tmp_path):
    docs.make_pdf(corpus_copy / "thien-tai.pdf", PDF_TEXT)
    before = (index_copy / "current").resolve()
    builds = sorted(p.name for p in (index_copy / "builds").iterdir())
    summary, lines = logged_ingest(settings, corpus_copy, index_copy, dry_run=True)
    assert summary.dry_run and summary.documents == 2
    assert any(l.startswith("Tệp thien-tai.pdf → mã kh77-ubnd") for l in lines)
    assert (index_copy / "current").resolve() == before
    assert sorted(p.name for p in (index_copy / "builds").iterdir()) == builds
    fresh = tmp_path / "chua-co"
    out = subprocess.run([sys.executable, "-m", "ingest", "--dry-run", "--corpus", str(corpus_copy),
                          "--index", str(fresh)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Chạy thử (không ghi gì): 2 tài liệu" in out.stdout
    assert "Tệp thien-tai.pdf → mã kh77-ubnd" in out.stderr and "không đọc được" not in out.stderr.split("thien-tai")[1][:600]
    assert not fresh.exists()


def test_no_manifest_every_file_is_read(settings, corpus_copy, tmp_path):
    (corpus_copy / "manifest.toml").unlink()
    cat = build_catalog(corpus_copy)
    assert "Không có tệp manifest.toml" in cat.report()[0]
    ids = [d.id for d in cat.documents]
    assert ids[0] == PLAN_FILE.stem  # blank number: the file name gives the id
    plan = cat.documents[0]
    assert plan.draft and plan.issuer == "Ban Thường vụ Huyện ủy Phụng Hiệp" and plan.file == PLAN_FILE.name
    refs = {d.number: d for d in cat.documents[1:]}
    assert set(refs) == {"45-NQ/TW", "227-CTr/TU"} and not any(d.file for d in refs.values())
    assert plan.implements == [refs["45-NQ/TW"].id, refs["227-CTr/TU"].id]
    assert refs["45-NQ/TW"].level == "trung ương" and refs["227-CTr/TU"].level == "tỉnh"


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("KẾ HOẠCH\nMật\n-----\nI. NỘI DUNG\n1. Mật khẩu máy chủ là chim-cu-gay-2025.\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink-entry"])
def test_manifest_paths_outside_the_corpus_are_refused(settings, corpus_copy, index_copy, tmp_path, how):
    secret = _outside(tmp_path)
    file = {"dotdot": "../bi-mat.txt", "absolute": str(secret), "symlink-entry": "lien-ket.txt"}[how]
    if how == "symlink-entry":
        os.symlink(secret, corpus_copy / "lien-ket.txt")
    with open(corpus_copy / "manifest.toml", "a", encoding="utf-8") as fh:
        fh.write(f'\n[[documents]]\nid = "ra-ngoai"\nfile = "{file}"\n')
    before = (index_copy / "current").resolve()
    with pytest.raises(IngestError) as err:
        logged_ingest(settings, corpus_copy, index_copy)
    msg = str(err.value)
    assert "'ra-ngoai'" in msg and "ngoài thư mục tài liệu" in msg and "chỉ mục cũ vẫn giữ nguyên" in msg
    assert (index_copy / "current").resolve() == before
    assert Engine.open(index_copy, settings).answer(Q45).citations[0].section == "IV.4"
    summary, _ = logged_ingest(settings, corpus_copy, index_copy, skip_bad=True)  # the rest still ingests
    assert summary.skipped == ["ra-ngoai"] and summary.documents == 1
    assert not any("chim-cu-gay" in c.text for c in Index.open(index_copy).chunks)


def test_an_unlisted_symlink_outside_is_refused(settings, corpus_copy, index_copy, tmp_path):
    os.symlink(_outside(tmp_path), corpus_copy / "tai-lieu-moi.txt")
    with pytest.raises(IngestError) as err:
        logged_ingest(settings, corpus_copy, index_copy)
    assert "tai-lieu-moi.txt là liên kết trỏ ra ngoài thư mục tài liệu" in str(err.value)
    logged_ingest(settings, corpus_copy, index_copy, skip_bad=True)
    assert not any("chim-cu-gay" in c.text for c in Index.open(index_copy).chunks)


def test_inspect_file_reports_what_an_upload_gives(tmp_path, engine):
    from tests.test_changes import make_plan

    path = tmp_path / "ke-hoach.docx"
    make_plan(path, draft=False)
    rep = inspect_file(path, engine.documents)
    assert rep.ok and (rep.kind, rep.number, rep.date) == ("Kế hoạch", "27-KH/HU", "2025-04-10")
    assert rep.issuer == "Ban Thường vụ Huyện ủy Hòa Bình Tây" and rep.level == "huyện"
    assert rep.parts == 3 and rep.passages == 4 and rep.duties >= 3 and rep.deadlines >= 2
    assert rep.implements == ["31-KH/TU"] and not rep.new_version_of
    assert any("27-KH/HU" in line for line in rep.lines())
    draft = tmp_path / "du-thao.docx"
    make_plan(draft, draft=True)
    (tmp_path / "c").mkdir()
    shutil.copy(draft, tmp_path / "c" / "du-thao.docx")
    known = build_catalog(tmp_path / "c").documents
    assert inspect_file(path, known).new_version_of == "du-thao"  # the signed plan replaces the loaded draft
    bad = tmp_path / "hong.pdf"
    docs.make_truncated_pdf(bad)
    rep = inspect_file(bad)
    assert not rep.ok and "hỏng" in rep.error.lower()


def test_store_upload_stays_inside_the_corpus_and_is_private(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    data = PLAN_FILE.read_bytes()
    path = store_upload(data, "../../etc/Kế hoạch số 12 (bản ký).txt", corpus)
    assert path.parent == corpus.resolve() and path.suffix == ".txt"
    assert path.name.startswith("ke-hoach-so-12-ban-ky-") and path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store_upload(data, "khac-ten.txt", corpus).read_bytes() == data
    assert store_upload(data, "../../etc/Kế hoạch số 12 (bản ký).txt", corpus) == path  # same content, one file
    assert sorted(p.name for p in corpus.iterdir() if p.name.startswith(".")) == []  # no temp file left
    for name, payload in [("x.exe", data), ("x.doc", data), ("rong.pdf", b"")]:
        with pytest.raises(UploadError):
            store_upload(payload, name, corpus)
    assert len(list(corpus.iterdir())) == 2
    cat = build_catalog(corpus)  # the second name holds the same content: one document, one duplicate
    assert len([d for d in cat.documents if d.file]) == 1
    assert len(cat.skipped) == 1 and "trùng nội dung" in cat.skipped[0].reason


def test_an_override_says_which_version_replaces_which(tmp_path):
    """Two signed plans (different numbers, so no automatic pairing): `supersedes` in the manifest
    makes the second the current version, the first history."""
    from tests.test_changes import make_plan

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_plan(corpus / "ban-dau.docx", draft=False)
    docs.make_docx(corpus / "bo-sung.docx", DOCX_BODY, table_rows=[[
        "HUYỆN ỦY HÒA BÌNH TÂY\n*\nSố 30-KH/HU", "ĐẢNG CỘNG SẢN VIỆT NAM\nHòa Bình Tây, ngày 02 tháng 6 năm 2025"]],
        table_after=-1)
    assert not any(d.superseded_by for d in build_catalog(corpus).documents)
    (corpus / "manifest.toml").write_text('[[documents]]\nfile = "bo-sung.docx"\nsupersedes = "kh27-hu"\n',
                                          encoding="utf-8")
    cat = build_catalog(corpus)
    new, old = cat.document("kh30-hu"), cat.document("kh27-hu")
    assert new.supersedes == "kh27-hu" and old.superseded_by == "kh30-hu" and new.version == 2
    assert new.inferred and "supersedes" not in new.inferred and "number" in new.inferred
    (corpus / "manifest.toml").write_text('[[documents]]\nfile = "bo-sung.docx"\nsupersedes = "khong-co"\n',
                                          encoding="utf-8")
    cat = build_catalog(corpus)
    assert not cat.document("kh30-hu").supersedes and any("khong-co" in n for n in cat.report())
