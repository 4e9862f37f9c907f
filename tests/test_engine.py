"""The answer engine on a real index of the committed corpus."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from hoi.text import clean_spaces

from .conftest import PLAN_ID, REPO


def test_accent_free_question_finds_the_same_passage(engine):
    accented = engine.answer("Ai chịu trách nhiệm tuyên truyền Nghị quyết 45?")
    plain = engine.answer("ai chiu trach nhiem tuyen truyen nghi quyet 45")
    assert not accented.abstained and not plain.abstained
    assert accented.citations[0].chunk_id == plain.citations[0].chunk_id
    top = plain.citations[0]
    assert top.section == "IV.4" and top.text.startswith("Ban Tuyên giáo Huyện ủy chủ trì")
    assert "mục IV.4" in top.line()


@pytest.mark.parametrize(
    "question, section, must_contain",
    [
        ("mat tran to quoc phai lam gi", "IV.3", "thường xuyên tuyên truyền, vận động"),
        ("Hội đồng nhân dân, Ủy ban nhân dân huyện chỉ đạo việc gì?", "IV.2", "rà soát, đề xuất sửa đổi"),
        ("tam nhin den nam 2045", "II.3", "thuộc tốp đầu khu vực đồng bằng sông Cửu Long"),
        ("nguoi dung dau cap uy gap go doi thoai voi tri thuc", "III.5", "gặp gỡ, đối thoại"),
        ("Bố trí ngân sách hỗ trợ trí thức thế nào?", "III.4", "nguồn ngân sách Nhà nước"),
    ],
)
def test_cited_passage_contains_the_answer(engine, plan_text, question, section, must_contain):
    ans = engine.answer(question)
    assert not ans.abstained
    first = ans.citations[0]
    assert first.section == section
    assert must_contain in first.text
    # the citation is the source's own text at the offsets it claims
    assert clean_spaces(plan_text[first.start:first.end].replace("\n", " ")) == first.text
    # the short answer is made of the document's own words
    if ans.kind == "duties":
        texts = {c.chunk_id: c.text for c in ans.citations}
        assert ans.rows and all(r["task"] in texts[r["chunk_id"]] for r in ans.rows)
    else:
        # every "… [n]" quotes passage n: the words just before each marker stand in that passage
        by_n = {c.n: c.text for c in ans.citations}
        marked = re.findall(r"([^\[\]]+?)\s*\[(\d+)\]", ans.answer)
        assert marked
        for words, n in marked:
            tail = words.strip().rstrip(" …")[-60:]
            assert tail in by_n[int(n)], (tail, n)


@pytest.mark.parametrize(
    "question",
    ["giá vàng hôm nay bao nhiêu", "thoi tiet ngay mai o can tho", "Luật đất đai 2024 quy định thuế thế nào?",
     "đội tuyển bóng đá Việt Nam đá với ai"],
)
def test_abstains_when_documents_do_not_answer(engine, question):
    ans = engine.answer(question)
    assert ans.abstained and not ans.citations
    assert "không có nội dung" in ans.answer


def test_names_the_unloaded_document(engine):
    ans = engine.answer("Chương trình 227 giao Sở Nội vụ làm gì?")
    assert ans.abstained
    assert "227-CTr/TU" in ans.answer and "chưa được nạp" in ans.answer
    assert ans.missing_documents == ["227-CTr/TU"]


def test_clause_lookup_by_address(engine):
    ans = engine.answer("mục III.2")
    assert ans.kind == "clause"
    assert [c.section for c in ans.citations] == ["III.2"] * 4
    assert [c.label for c in ans.citations][2] == "mục III.2, ý 3"
    part = engine.clause("III")
    assert {c.section for c in part} == {"III.1", "III.2", "III.3", "III.4", "III.5"}


def test_clause_of_a_document_not_loaded_is_not_quoted_from_another(engine):
    ans = engine.answer("Nghị quyết 45 mục IV.4 nói gì")
    assert ans.abstained and not ans.citations
    assert "45-NQ/TW" in ans.answer and "chưa được nạp" in ans.answer
    named = engine.answer("mục IV.4 kế hoạch này")
    assert named.kind == "clause" and [c.section for c in named.citations] == ["IV.4"]


def test_clause_asked_by_address_alone_is_quoted_from_three_documents_at_most(engine, settings):
    """With many plans of one kind loaded, "mục IV.4" stands in each: the answer quotes three and
    says how to name the one wanted; naming it gives just that one."""
    from dataclasses import replace

    from bot.engine import Engine

    docs, chunks = list(engine.index.documents), list(engine.index.chunks)
    plan = next(d for d in docs if d.id == PLAN_ID)
    for i in range(1, 5):  # four more plans with the same structure, under their own numbers
        copy_id = f"kh-copy-{i}"
        docs.append(replace(plan, id=copy_id, number=f"10{i}-KH/HU", aliases=[], title=f"Kế hoạch {i}"))
        chunks += [replace(c, doc_id=copy_id) for c in engine.index.chunks if c.doc_id == PLAN_ID]
    many = Engine(replace(engine.index, chunks=chunks, documents=docs), engine.embedder, settings)
    ans = many.answer("mục IV.4")
    assert ans.kind == "clause"
    assert len({c.doc_id for c in ans.citations}) == 3
    assert "5 văn bản" in ans.note
    one = many.answer("mục IV.4 kế hoạch 103-KH/HU")
    assert {c.doc_id for c in one.citations} == {"kh-copy-3"} and not one.note
    assert one.citations[0].text.startswith("Ban Tuyên giáo Huyện ủy chủ trì")


def test_document_facts(engine):
    signer = engine.answer("ai ky ke hoach nay")
    assert signer.citations[0].text == "Nguyễn Hồng Đức"
    recipients = engine.answer("Kế hoạch gửi đến những nơi nào?")
    assert "Thường trực Tỉnh ủy" in recipients.citations[0].text


@pytest.mark.parametrize("question", ["", "   ", "?", "\u200b\u200b", "!!!"])
def test_empty_questions_get_a_clear_message(engine, question):
    ans = engine.answer(question)
    assert ans.abstained and ans.kind == "invalid" and not ans.citations
    assert "câu hỏi" in ans.answer.lower()


def test_huge_question_is_refused_politely(engine):
    ans = engine.answer("tuyên truyền " * 5000)
    assert ans.kind == "invalid" and "quá dài" in ans.answer


def run_cli(*args: str, index_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args, "--index", str(index_dir)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def test_cli_ask_json_contract(index_dir):
    out = run_cli("ask", "--json", "ai chiu trach nhiem tuyen truyen nghi quyet 45", index_dir=index_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "abstained", "answer", "citations"}
    assert data["abstained"] is False
    c = data["citations"][0]
    assert set(c) >= {"doc_id", "doc_title", "section", "text", "score"}
    assert c["doc_id"] == PLAN_ID and c["section"] == "IV.4"


def test_cli_file_prints_jsonl(index_dir, tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_text("muc tieu den nam 2030\ngia vang hom nay\n\nai ky ke hoach\n", encoding="utf-8")
    out = run_cli("ask", "--file", str(qfile), index_dir=index_dir)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["abstained"] for r in rows] == [False, True, False]


def test_cli_human_output_and_missing_index(index_dir, tmp_path):
    out = run_cli("ask", "mục IV.4", index_dir=index_dir)
    assert "Ban Tuyên giáo Huyện ủy chủ trì" in out.stdout and "mục IV.4" in out.stdout
    missing = run_cli("ask", "xin chao", index_dir=tmp_path / "none")
    assert missing.returncode == 2
    assert "python -m ingest" in missing.stderr and "Traceback" not in missing.stderr
