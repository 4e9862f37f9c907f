"""A decision that issues a Quy chế (or a resolution a Quy định) carries two sets of articles
numbered from 1: its own and the attached text's. The attached text's addresses carry its kind
("Quy chế, Điều 3.1", eval/multidoc/SPEC.md), and a question by address gets the right one: the
Quy chế's unless the decision itself is named. Real parser, real index on disk."""
from __future__ import annotations

import pytest

from bot.engine import Engine
from hoi.settings import Settings
from ingest.build import run_ingest
from ingest.parser import parse_document

DECISION = """ỦY BAN NHÂN DÂN
TỈNH BẮC HÀ
Số: 05/2026/QĐ-UBND
Bắc Hà, ngày 10 tháng 3 năm 2026

QUYẾT ĐỊNH
Ban hành Quy chế quản lý kho lưu trữ tỉnh

Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý kho lưu trữ tỉnh.
Điều 2. Quyết định này có hiệu lực kể từ ngày 01 tháng 4 năm 2026.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Bình

QUY CHẾ
Quản lý kho lưu trữ tỉnh
(Ban hành kèm theo Quyết định số 05/2026/QĐ-UBND ngày 10 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Bắc Hà)

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc quản lý kho lưu trữ chuyên dụng của tỉnh.
Điều 2. Giải thích từ ngữ
1. Kho lưu trữ là công trình được xây dựng để bảo quản tài liệu.
2. Hồ sơ là tập tài liệu có liên quan với nhau.

Chương II
QUẢN LÝ KHO

Điều 3. Nhiệt độ trong kho
1. Nhiệt độ trong kho phải duy trì từ 18 đến 22 độ C.
2. Độ ẩm trong kho duy trì từ 45% đến 55%.
Điều 4. Trách nhiệm của Sở Nội vụ
Sở Nội vụ kiểm tra kho lưu trữ định kỳ 6 tháng một lần.
"""


def test_attached_articles_carry_their_kind_and_the_decisions_do_not():
    doc = parse_document("qd", DECISION)
    by = {(c.section, c.kind): c for c in doc.chunks}
    assert by[("Điều 2", "body")].text.startswith("Quyết định này có hiệu lực")
    assert by[("Quy chế, Điều 2.1", "body")].text.startswith("Kho lưu trữ là")
    assert by[("Quy chế, Điều 3.2", "body")].text.startswith("Độ ẩm")
    title = by[("Quy chế, tiêu đề", "heading")]
    assert title.text.startswith("QUY CHẾ Quản lý kho") and "Chương I" not in title.text
    assert ("Quy chế, Chương I", "heading") in by and ("Quy chế, Chương II", "heading") in by
    assert not any(c.section.startswith("Điều 4") for c in doc.chunks)  # only the Quy chế has one


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "qd-kho.txt").write_text(DECISION, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


@pytest.mark.parametrize("question, sections", [
    ("Điều 3 quy chế quy định gì?", ["Quy chế, Điều 3.1", "Quy chế, Điều 3.2"]),
    ("khoan 2 dieu 3", ["Quy chế, Điều 3.2"]),
    ("Điều 2 của quyết định nói gì", ["Điều 2"]),
    ("Điều 4", ["Quy chế, Điều 4"]),
])
def test_an_address_gets_the_attached_text_unless_the_decision_is_named(engine, question, sections):
    ans = engine.answer(question)
    assert ans.kind == "clause", ans.answer
    assert list(dict.fromkeys(c.section for c in ans.citations)) == sections


def test_the_citation_names_the_attached_text(engine):
    ans = engine.answer("khoản 1 Điều 3 quy chế")
    assert ans.citations[0].label.startswith("khoản 1 Điều 3 Quy chế")
    assert "18 đến 22 độ C" in ans.citations[0].text
    assert "Quy chế" in ans.answer


def test_a_chapter_of_the_attached_text_lists_its_articles(engine):
    ans = engine.answer("chương 2 quy chế gồm những điều nào")
    assert [c.section for c in ans.citations] == ["Quy chế, Chương II", "Quy chế, Điều 3", "Quy chế, Điều 4"]


def test_content_questions_cite_the_attached_article(engine):
    ans = engine.answer("Độ ẩm trong kho duy trì ở mức bao nhiêu?")
    assert not ans.abstained and ans.citations[0].section == "Quy chế, Điều 3.2"


@pytest.mark.parametrize("question", [
    "Quyết định này có hiệu lực từ ngày nào?",
    "quy che kho luu tru ap dung tu khi nao",
    "qd 05 hieu luc tu bh",
])
def test_when_the_document_takes_effect(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained and ans.citations[0].section == "Điều 2"
    assert "01 tháng 4 năm 2026" in ans.citations[0].text
