"""A "when is it due" question typed as phones do ("… hạn khi nào", "hạn nộp …") is answered
first by the passage that says when the thing is due — often the appendix row with its
"Thời gian hoàn thành" — and not by the body item that only says how often it is repeated.
Real DOCX with a task table, real ingest and index on disk, real engine."""
from __future__ import annotations

import pytest

from hoi.quantities import states_count_of
from hoi.timex import states_due

from .fixtures_docs import engine_from_files, make_docx

PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH SÔNG MÂY",
    "Số: 88/KH-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Sông Mây, ngày 05 tháng 02 năm 2031",
    "KẾ HOẠCH",
    "Phát triển làng nghề mây tre đan giai đoạn 2031 - 2035",
    "I. MỤC TIÊU",
    "1. Đến năm 2035, toàn tỉnh có 12 làng nghề mây tre đan được công nhận.",
    "II. NHIỆM VỤ",
    "1. Ban hành Bộ tiêu chí công nhận làng nghề mây tre đan của tỉnh; định kỳ 3 năm đánh giá lại các làng nghề đã được công nhận.",
    "2. Hỗ trợ các hộ làm nghề tham gia hội chợ thương mại trong và ngoài tỉnh.",
    "3. Cấp phát khung dệt cho các hộ tham gia mô hình làng nghề điểm trong năm 2031.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Sở Công Thương chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch này.",
    "PHỤ LỤC",
    "DANH MỤC NHIỆM VỤ",
]

ROWS = [
    ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
    ["1", "Xây dựng, trình ban hành Bộ tiêu chí công nhận làng nghề mây tre đan", "Sở Công Thương", "Quý IV/2031"],
    ["2", "Tổ chức hội chợ làng nghề mây tre đan cấp tỉnh", "Sở Công Thương", "Năm 2032"],
    ["3", "Mua sắm, cấp phát khung dệt cho hộ tham gia mô hình làng nghề điểm", "Sở Công Thương", "Trước ngày 15/5/2031"],
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_from_files(tmp_path_factory, {"kh-maytre.docx": lambda p: make_docx(p, PARAGRAPHS, table_rows=ROWS)})


def test_a_day_quarter_year_or_time_limit_is_due_a_repetition_is_not():
    assert states_due("Thời gian hoàn thành: Quý IV/2031")
    assert states_due("báo cáo trước ngày 20/12 hằng năm")
    assert states_due("trong thời hạn 15 ngày làm việc")
    assert not states_due("định kỳ 3 năm đánh giá lại các làng nghề")
    assert not states_due("thường xuyên kiểm tra")


@pytest.mark.parametrize("question", [
    "bo tieu chi cong nhan lang nghe may tre dan han khi nao",
    "Khi nào ban hành bộ tiêu chí công nhận làng nghề mây tre đan?",
    "han ban hanh bo tieu chi lang nghe may tre",
])
def test_the_row_saying_when_it_is_due_is_cited_first(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained, question
    first = ans.citations[0]
    assert first.section.startswith("Phụ lục") and "Quý IV/2031" in first.text, (question, first.section)


def test_a_question_about_how_often_keeps_the_repetition(engine):
    ans = engine.answer("bo tieu chi lang nghe may tre dinh ky may nam danh gia lai")
    assert not ans.abstained and "định kỳ 3 năm" in ans.citations[0].text


def test_a_count_with_a_magnitude_word_counts_the_noun():
    """"1,1 triệu lượt khách" counts "lượt khách" as "410.000 lượt khách" does: the 2030 target is
    not passed over for the 2025 figure when "bao nhiêu lượt khách" is asked."""
    assert states_count_of("năm 2030 đón khoảng 1,1 triệu lượt khách", "luot khach")
    assert states_count_of("in 2,5 nghìn bản", "ban")
    assert not states_count_of("hàng triệu lượt khách", "luot khach")


def test_a_day_is_more_precisely_due_than_a_year_unless_the_year_is_asked(engine):
    ans = engine.answer("han cap khung det mo hinh lang nghe diem")
    assert not ans.abstained and "15/5/2031" in ans.citations[0].text, [c.section for c in ans.citations]
    ans = engine.answer("cấp phát khung dệt cho mô hình làng nghề điểm xong năm nào")
    assert not ans.abstained and "2031" in ans.citations[0].text


def test_counting_words_of_one_kind_answer_for_one_another():
    """"in bao nhiêu bản" is answered by "in 12.000 cuốn" (hoi/data/questions.toml [counters])."""
    assert states_count_of("in 12.000 cuốn cấp phát đến các chi bộ", "ban")
    assert states_count_of("in 5.000 bản", "cuon")
    assert not states_count_of("bố trí 12 phòng đọc", "ban")


@pytest.mark.parametrize("question, content", [
    ("han hoc tap o co so", ["hoc", "tap", "co", "so"]),  # a bare "hạn" asks for a time, like "khi nào"
    ("hạn nộp báo cáo", ["~nộp", "~báo", "~cáo"]),
    ("qua han xu ly", ["qua", "han", "xu", "ly"]),  # "quá hạn" is a state: content
    ("đóng cửa hẳn", ["~đóng", "~cửa", "~hẳn"]),  # another word, typed with its accents
])
def test_a_bare_deadline_word_is_not_content(question, content):
    from bot.retrieve import content_keys
    assert content_keys(question) == content


def test_hạn_asked_bare_finds_the_row_by_its_other_words(engine):
    ans = engine.answer("han cap phat khung det cho ho tham gia mo hinh", generate=False)
    assert not ans.abstained
    assert "15/5/2031" in ans.citations[0].text
