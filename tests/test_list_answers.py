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


@pytest.mark.parametrize("question, address", [
    ("Dòng số 12 trong lịch tổ chức học tập ghi nội dung gì?", "Phụ lục, STT 12"),
    ("lich hoc tap dong 12", "Phụ lục, STT 12"),
    ("hàng 3 có gì", "Phụ lục, STT 3"),
    ("xep hang 1 cua tinh", None),      # a rank, not a row
    ("100 triệu đồng 12 xã", None),      # money
])
def test_a_table_row_asked_by_its_line_number(question, address):
    from bot.questions import find_structured_address
    assert find_structured_address(question) == address


def _docx_with_table(path, header_lines, title, rows):
    from tests.fixtures_docs import make_docx
    paragraphs = header_lines + ["PHỤ LỤC", title]
    make_docx(path, paragraphs, table_rows=[["STT", "Nội dung", "Đơn vị thực hiện", "Thời gian"]] + rows)


@pytest.fixture(scope="module")
def two_tables(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus2")
    _docx_with_table(corpus / "kh-a.docx",
                     ["HUYỆN ỦY SƠN TRÀ", "Số 21-KH/HU", "Sơn Trà, ngày 20 tháng 3 năm 2026", "KẾ HOẠCH",
                      "Tổ chức học tập nghị quyết", "I. MỤC ĐÍCH", "1. Nâng cao nhận thức của đảng viên."],
                     "LỊCH TỔ CHỨC HỌC TẬP NGHỊ QUYẾT",
                     [["1", "Hội nghị cấp huyện", "Ban Tuyên giáo Huyện ủy", "Tháng 4/2026"],
                      ["2", "Học tập ở chi bộ", "Các chi bộ", "Tháng 5/2026"]])
    _docx_with_table(corpus / "ctr-b.docx",
                     ["TỈNH ỦY BẮC HÀ", "Số 09-CTr/TU", "Bắc Hà, ngày 02 tháng 3 năm 2026", "CHƯƠNG TRÌNH",
                      "Chuyển đổi số", "I. MỤC TIÊU", "1. Số hóa hồ sơ đảng viên."],
                     "DANH MỤC DỰ ÁN CHUYỂN ĐỔI SỐ",
                     [["1", "Nền tảng dữ liệu dùng chung", "Văn phòng Tỉnh ủy", "Năm 2026"],
                      ["2", "Phần mềm quản lý văn bản", "Sở Khoa học và Công nghệ", "Năm 2027"]])
    index = tmp_path_factory.mktemp("index2")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


@pytest.mark.parametrize("question, first", [
    ("Dòng số 2 trong lịch tổ chức học tập ghi gì?", "Học tập ở chi bộ"),
    ("danh muc du an chuyen doi so stt 2", "Phần mềm quản lý văn bản"),
])
def test_the_table_the_question_names_comes_first_when_two_hold_the_row(two_tables, question, first):
    ans = two_tables.answer(question)
    assert ans.kind == "clause" and first in ans.citations[0].text
    assert len({c.doc_id for c in ans.citations}) == 2  # the other table's row is still shown after


@pytest.fixture(scope="module")
def grouped(tmp_path_factory) -> Engine:
    from tests.test_tables import _program_docx  # group rows I, II with STT restarting under each

    corpus = tmp_path_factory.mktemp("corpus3")
    _program_docx(corpus / "ctr.docx")
    index = tmp_path_factory.mktemp("index3")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


@pytest.mark.parametrize("question", [
    "Phụ lục STT II.1 là nhiệm vụ gì?",
    "nhiem vu 1 nhom II phu luc",
    "phụ lục mục II số 1",
    "STT 1 lĩnh vực II trong phụ lục",
])
def test_a_row_under_a_group_by_its_group_and_number(grouped, question):
    ans = grouped.answer(question)
    assert ans.kind == "clause" and ans.citations[0].section == "Phụ lục, STT II.1", ans.answer
    assert "Đào tạo cán bộ trẻ" in ans.citations[0].text
    assert not any("quán triệt" in c.text for c in ans.citations)  # STT 1 of group I is not this row


@pytest.mark.parametrize("question, address", [
    ("phụ lục I, STT II.3 là gì", "Phụ lục I, STT II.3"),
    ("STT 3 mục II phụ lục", "Phụ lục, STT II.3"),
    ("mục II.3", None),  # a Party document's clause, not a table row
])
def test_grouped_row_addresses(question, address):
    from bot.questions import find_structured_address
    assert find_structured_address(question) == address


@pytest.mark.parametrize("question, unit", [
    ("Mỗi đảng viên được hỗ trợ bao nhiêu tiền?", "money"),
    ("hoi nghi bat dau luc may gio", "clock"),
    ("tỷ lệ phải đạt bao nhiêu phần trăm", "percent"),
    ("tu bao nhieu tuoi", "age"),
    ("bao nhiêu người", None),  # any noun the table does not list: any quantity answers
])
def test_the_unit_a_how_many_question_asks_for(question, unit):
    from hoi.quantities import asked_unit
    assert asked_unit(question) == unit


def test_a_how_much_money_question_needs_an_amount_of_money():
    from bot.questions import states_what_is_asked
    q = "Mỗi thư viện được hỗ trợ bao nhiêu tiền?"
    assert not states_what_is_asked(q, "Thư viện có ít nhất 500 bản sách và 02 người phụ trách.")
    assert states_what_is_asked(q, "Mức hỗ trợ là 2.000.000 đồng mỗi năm.")
    assert not states_what_is_asked("hội nghị bắt đầu lúc mấy giờ", "Hội nghị diễn ra ngày 24/3/2026.")
    assert states_what_is_asked("hội nghị bắt đầu lúc mấy giờ", "Khai mạc lúc 8h00 ngày 24/3/2026.")


PROGRAM_WITH_COUNTS = """TỈNH ỦY BẮC HÀ
Số 11-HD/BTGTU
Bắc Hà, ngày 02 tháng 3 năm 2026

HƯỚNG DẪN
Tuyên truyền chuyển đổi số

I. TÀI LIỆU
1. Tài liệu hỏi - đáp về chuyển đổi số được in và phát hành đến 120 chi bộ; bản điện tử của tài liệu được đăng trên cổng thông tin điện tử của Tỉnh ủy.
2. Tài liệu hỏi - đáp về chuyển đổi số in 5.000 bản, cấp trước ngày 30/3/2026.
"""


def test_a_how_many_question_prefers_the_passage_counting_its_noun(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "i"
    corpus.mkdir()
    (corpus / "hd-bacha.txt").write_text(PROGRAM_WITH_COUNTS, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    engine = Engine.open(index, settings)
    for q in ("Tài liệu hỏi - đáp về chuyển đổi số được in bao nhiêu bản?", "tai lieu hoi dap in bao nhieu ban"):
        ans = engine.answer(q)
        assert not ans.abstained and "5.000 bản" in ans.citations[0].text, q
