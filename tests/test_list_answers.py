"""A question that asks for a list ("những hành vi nào", "gồm những gì") is answered with the
whole list, its lead cited first and quoted with its items; a question about one item gets that
item. Real parser, real index on disk, a law-shaped text written for this test."""
from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.questions import asks_list
from hoi.settings import Settings
from ingest.build import run_ingest

LAW = """QUỐC HỘI
Luật số: 07/2026/QH16

LUẬT
BẢO TỒN DI SẢN LÀNG NGHỀ

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về bảo tồn di sản làng nghề truyền thống.
Điều 2. Các hành vi bị nghiêm cấm
1. Chiếm đoạt, làm hư hỏng hiện vật của làng nghề.
2. Sao chép mẫu mã của nghệ nhân để kinh doanh khi chưa được phép.
3. Lợi dụng danh nghĩa làng nghề để quảng cáo sai sự thật.
4. Xả chất thải chưa xử lý ra nguồn nước của làng nghề.

Chương II
CÔNG NHẬN LÀNG NGHỀ

Điều 3. Hồ sơ đề nghị công nhận
1. Hồ sơ đề nghị công nhận làng nghề gồm:
a) Đơn đề nghị của Ủy ban nhân dân cấp xã;
b) Bản thuyết minh lịch sử làng nghề;
c) Danh sách nghệ nhân đang hành nghề.
2. Hồ sơ được gửi đến Sở Văn hóa trong thời hạn 30 ngày kể từ ngày họp dân.
Điều 4. Thời hạn xem xét
Sở Văn hóa xem xét hồ sơ trong thời hạn 20 ngày làm việc.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "luat-langnghe.txt").write_text(LAW, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


@pytest.mark.parametrize("question", [
    "Những hành vi nào bị nghiêm cấm đối với làng nghề?",
    "luat lang nghe cam nhung hanh vi j",
])
def test_an_article_listing_acts_is_quoted_whole(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained
    first = ans.citations[0]
    assert first.section == "Điều 2"
    for item in ("Chiếm đoạt", "Sao chép mẫu mã", "quảng cáo sai sự thật", "Xả chất thải"):
        assert item in first.text and item in ans.answer
    assert not any(c.section.startswith("Điều 2.") for c in ans.citations[1:])  # quoted, not cited again


def test_a_clause_ending_with_a_colon_is_quoted_with_its_points(engine):
    ans = engine.answer("Hồ sơ đề nghị công nhận làng nghề gồm những gì?")
    first = ans.citations[0]
    assert first.section == "Điều 3.1"
    assert "Bản thuyết minh lịch sử" in first.text and "Danh sách nghệ nhân" in first.text
    assert "Thời hạn" not in first.text and "thời hạn 30 ngày" not in first.text  # the next clause is not an item


def test_a_question_about_one_item_gets_that_item(engine):
    ans = engine.answer("Sao chép mẫu mã của nghệ nhân để kinh doanh có bị cấm không?")
    assert not ans.abstained and ans.citations[0].section == "Điều 2.2"


@pytest.mark.parametrize("question, expected", [
    ("hồ sơ gồm những gì", True),
    ("các xã nào được hỗ trợ", True),
    ("ai chủ trì", False),
    ("các cơ quan liên quan làm gì", False),
])
def test_what_asks_for_a_list(question, expected):
    assert asks_list(question) is expected
