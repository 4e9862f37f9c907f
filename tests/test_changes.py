"""Versions (issue 14 item 3): a draft and its signed plan, both real DOCX files made by
python-docx, dropped into a corpus folder with no manifest. The signed one is current, answers
cite it, the draft stays reachable by id, and `python -m bot changes` lists the real differences."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.changes import compare, versions
from bot.engine import Engine
from hoi.index import Index
from ingest.build import run_ingest
from tests import fixtures_docs as docs

from .conftest import REPO

HEAD = "HUYỆN ỦY HÒA BÌNH TÂY\n*\n{number}"
BODY = [
    "KẾ HOẠCH",
    "tổ chức tuyên truyền chuyển đổi số trên địa bàn huyện năm 2025",
    "-----",
    "Thực hiện Kế hoạch số 31-KH/TU ngày 02/01/2025 của Ban Thường vụ Tỉnh ủy về chuyển đổi số, "
    "Ban Thường vụ Huyện ủy ban hành Kế hoạch tuyên truyền như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về chuyển đổi số.",
    "II. NHIỆM VỤ",
    "1. Ban Tuyên giáo Huyện ủy chủ trì tổ chức hội nghị quán triệt chuyển đổi số {deadline}.",
    "{item2}",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Văn phòng Huyện ủy theo dõi, tổng hợp, báo cáo kết quả thực hiện hằng quý.",
    "Nơi nhận:",
    "- Lưu Văn phòng Huyện ủy.",
    "T/M BAN THƯỜNG VỤ",
    "Nguyễn Văn An",
]
DRAFT_ITEM2 = "2. Trung tâm Văn hóa huyện chủ trì treo băng rôn, khẩu hiệu tuyên truyền tại các tuyến đường chính."
SIGNED_ITEM2 = ("2. Đoàn Thanh niên huyện chủ trì tổ chức cuộc thi tìm hiểu chuyển đổi số cho đoàn viên "
                "trong quý III năm 2025.")


def make_plan(path: Path, draft: bool) -> None:
    number = "Số      -KH/HU\n(Dự thảo)" if draft else "Số 27-KH/HU"
    date = "Hòa Bình Tây, ngày      tháng     năm 2025" if draft else "Hòa Bình Tây, ngày 10 tháng 4 năm 2025"
    body = [line.format(deadline="trước ngày 31/3/2025" if draft else "trước ngày 30/4/2025",
                        item2=DRAFT_ITEM2 if draft else SIGNED_ITEM2) for line in BODY]
    docs.make_docx(path, body, table_rows=[[HEAD.format(number=number), f"ĐẢNG CỘNG SẢN VIỆT NAM\n{date}"]],
                   table_after=-1)


@pytest.fixture(scope="module")
def versions_index(tmp_path_factory, settings) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("versions")
    corpus = base / "corpus"
    corpus.mkdir()
    make_plan(corpus / "ke-hoach-chuyen-doi-so-du-thao.docx", draft=True)
    make_plan(corpus / "ke-hoach-chuyen-doi-so.docx", draft=False)
    root = base / "idx"
    run_ingest(settings, corpus_dir=corpus, index_dir=root, progress=False, log=lambda m: None)
    return corpus, root


def test_signed_plan_replaces_its_draft(versions_index, settings):
    _, root = versions_index
    index = Index.open(root)
    signed = index.document("kh27-hu")
    draft = index.document("ke-hoach-chuyen-doi-so-du-thao")
    assert signed is not None and draft is not None
    assert signed.supersedes == draft.id and draft.superseded_by == signed.id
    assert (signed.version, draft.version) == (2, 1)
    assert draft.draft and not signed.draft
    assert signed.cite_as == "Kế hoạch số 27-KH/HU ngày 10/4/2025 của Ban Thường vụ Huyện ủy Hòa Bình Tây"
    assert index.current_ids() == {signed.id} and index.loaded_ids() == {signed.id, draft.id}
    # the preamble's plan is not loaded: it is known by what the preamble says
    parent = index.document(signed.implements[0])
    assert parent is not None and parent.number == "31-KH/TU" and not parent.file
    assert parent.date == "2025-01-02" and parent.level == "tỉnh"

    engine = Engine.open(root, settings)
    ans = engine.answer("Ban Tuyên giáo Huyện ủy tổ chức hội nghị quán triệt chuyển đổi số trước ngày nào?")
    assert not ans.abstained
    assert {c.doc_id for c in ans.citations} == {signed.id}
    assert "30/4/2025" in ans.citations[0].text
    # the draft is history, still reachable by its id
    old = engine.clause("II.1", draft.id)
    assert old and "31/3/2025" in old[0].text
    assert [c.doc_id for c in engine.clause("II.1")] == [signed.id]


def test_changes_lists_the_real_differences(versions_index):
    _, root = versions_index
    index = Index.open(root)
    old, new = versions(index, "kh27-hu")
    assert (old.id, new.id) == ("ke-hoach-chuyen-doi-so-du-thao", "kh27-hu")
    assert versions(index, old.id) == (old, new)  # asked from the draft's side, the same pair
    ch = compare(index, old.id, new.id)
    by = {s.section: s for s in ch.sections}
    assert set(by) == {"II.1", "II.2"}  # I.1 and III.1 did not change
    assert by["II.1"].deadlines_altered == [("trước ngày 31/3/2025", "trước ngày 30/4/2025")]
    assert len(by["II.1"].altered) == 1 and not by["II.1"].added
    actors_added = {d["actor"] for d in by["II.2"].duties_added}
    actors_removed = {d["actor"] for d in by["II.2"].duties_removed}
    assert any("Đoàn" in a for a in actors_added) and any("Văn hóa" in a for a in actors_removed)
    assert by["II.2"].deadlines_added and "quý III" in by["II.2"].deadlines_added[0]


def test_changes_cli_text_and_json(versions_index):
    _, root = versions_index
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "changes", *a, "--index", str(root)],
                                    cwd=REPO, capture_output=True, text=True, timeout=300)
    out = run("kh27-hu")
    assert out.returncode == 0, out.stderr
    assert "Mục II.1:" in out.stdout and "trước ngày 31/3/2025 → trước ngày 30/4/2025" in out.stdout
    assert "Tổng cộng 2 mục thay đổi" in out.stdout
    js = run("kh27-hu", "--json")
    data = json.loads(js.stdout)
    assert data["found"] and data["new"]["id"] == "kh27-hu" and data["totals"]["sections"] == 2
    none = run("khong-co")
    assert none.returncode == 1 and "Không có tài liệu" in none.stderr
