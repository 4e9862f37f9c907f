"""Generic answering on documents the engine was not written for: one time and quantity grammar,
state addresses, table rows, acronyms read back from the documents, the document a question names,
and a corpus's own vocabulary file. Real ingest, real index on disk, real engine."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.duties import asks_deadlines
from bot.questions import find_structured_address, states_what_is_asked
from hoi.quantities import has_quantity
from hoi.settings import Settings
from hoi.timex import has_day, time_expressions
from ingest.build import run_ingest

LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Luật số: 77/2031/QH17

LUẬT
BẢO TỒN VƯỜN CÂY CỔ THỤ

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Bảo tồn vườn cây cổ thụ.

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định việc bảo tồn vườn cây cổ thụ trong khu dân cư.

Điều 2. Trách nhiệm của Ủy ban nhân dân cấp xã
1. Ủy ban nhân dân cấp xã có các trách nhiệm sau đây:
a) lập danh mục vườn cây cổ thụ trên địa bàn;
b) báo cáo Ủy ban nhân dân cấp huyện trước ngày 20/12 hằng năm.
2. Kiểm tra vườn cây cổ thụ định kỳ 6 tháng một lần.

Chương II
ĐĂNG KÝ VƯỜN CÂY

Điều 3. Hồ sơ đăng ký
1. Chủ vườn nộp hồ sơ gồm ít nhất 02 ảnh chụp và bản đồ vị trí.
2. Trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ, cơ quan tiếp nhận trả lời bằng văn bản.

Điều 4. Tuyên truyền
Ủy ban nhân dân cấp xã phải làm những việc cần thiết để tuyên truyền; Chủ tịch Ủy ban nhân dân cấp xã phải làm gương trong bảo tồn vườn cây cổ thụ.
"""

PLAN = """ĐẢNG BỘ TỈNH SÔNG MÂY
HUYỆN ỦY ĐỒI CÁT
*
Số 31-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Đồi Cát, ngày 02 tháng 3 năm 2031

KẾ HOẠCH
về trồng cây xanh nơi công cộng

I. MỤC TIÊU
1. Đến năm 2033, trồng mới 4.500 cây xanh tại các thị trấn.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nông nghiệp huyện chủ trì khảo sát vị trí trồng cây xanh, hoàn thành trong quý III/2031.
"""


def test_time_grammar_reads_dates_without_a_year_quarters_and_durations():
    kinds = {e.text: e.kind for e in time_expressions(
        "báo cáo trước ngày 20/12 hằng năm; trong quý III/2031; định kỳ 6 tháng một lần; "
        "trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ; giai đoạn 2031 - 2035")}
    assert kinds["trước ngày 20/12 hằng năm"] == "date"
    assert kinds["trong quý III/2031"] == "date"
    assert kinds["định kỳ 6 tháng một lần"] == "recurring"
    assert any(k == "duration" for k in kinds.values())
    assert has_day("trước ngày 20/12 hằng năm") and not has_day("trong quý III/2031")


def test_a_month_without_a_year_and_a_day_without_ngay_are_times():
    """"hoàn thành trong tháng 10", "báo cáo trước 30/6": plans write them so; "12 tháng" is a
    span, "3/4 số xã" a share and "45/NQ-TW" a number, none of them a day."""
    texts = {e.text: e.kind for e in time_expressions("hoàn thành trong tháng 10; báo cáo trước 30/6; "
                                                       "tổng kết vào cuối tháng 6 hằng năm")}
    assert texts["hoàn thành trong tháng 10"] == texts["trước 30/6"] == texts["cuối tháng 6 hằng năm"] == "date"
    assert all(e.kind == "duration" for e in time_expressions("trong thời hạn 12 tháng"))
    assert time_expressions("đạt 3/4 số xã") == [] and time_expressions("Nghị quyết số 45/NQ-TW") == []
    assert states_what_is_asked("han hoan thanh ke hoach khi nao", "Hoàn thành kế hoạch trong tháng 10.")


def test_quantity_grammar_counts_any_noun_but_not_names_years_or_addresses():
    for text in ("ít nhất 02 ảnh chụp", "2,5 tỷ đồng", "85% hộ dân", "từ 16 tuổi", "2,5 người trên 1.000 dân"):
        assert has_quantity(text), text
    for text in ("Luật số 77/2031/QH17", "đến năm 2033", "khoản 2 Điều 5", "ngày 02 tháng 3 năm 2031", "quý III/2031"):
        assert not has_quantity(text), text
    assert states_what_is_asked("cần bao nhiêu ảnh", "Chủ vườn nộp hồ sơ gồm ít nhất 02 ảnh chụp")
    assert not states_what_is_asked("cần bao nhiêu ảnh", "Chủ vườn nộp hồ sơ gồm ảnh chụp")


def test_a_span_of_time_answers_how_long():
    """"Lưu bao lâu": "tối thiểu 12 tháng" states it, as do "trong vòng 02 giờ", "chậm nhất 30 ngày"."""
    for text in ("lưu trữ tối thiểu 12 tháng", "có mặt trong vòng 02 giờ", "chậm nhất 30 ngày trước ngày đóng cửa"):
        assert states_what_is_asked("file ghi am luu bao lau", text), text
    assert not states_what_is_asked("file ghi am luu bao lau", "ghi âm được lưu trữ trên hệ thống")


def test_an_allowance_asked_before_how_much_needs_an_amount_of_money():
    """"phụ cấp mỗi tháng bao nhiêu" is answered by "500.000 đồng", not by "01 công chức";
    "kinh phí hỗ trợ cho bao nhiêu hộ" counts households."""
    q = "Công chức đầu mối được phụ cấp mỗi tháng bao nhiêu?"
    assert not states_what_is_asked(q, "Phân công ít nhất 01 công chức đầu mối theo dõi Hệ thống")
    assert states_what_is_asked(q, "Công chức đầu mối được phụ cấp 500.000 đồng mỗi tháng")
    assert states_what_is_asked("kinh phi ho tro cho bao nhieu ho", "hỗ trợ cho 120 hộ")


def test_accents_typed_tell_a_question_word_from_another_word():
    """"báo giờ dự kiến" (report the expected hour) is not "bao giờ" (when): an accented "how
    many" question is answered by a count without any date; typed without accents it stays open."""
    q = "Mất điện từ bao nhiêu hộ thì điện lực phải báo giờ dự kiến có điện lại?"
    assert states_what_is_asked(q, "mất điện diện rộng trên 500 hộ")
    assert not states_what_is_asked("mat dien bao gio co lai", "mất điện diện rộng trên 500 hộ")
    assert not states_what_is_asked("mất điện bao giờ có lại", "mất điện diện rộng trên 500 hộ")


def test_a_bare_han_asks_a_time_limit_but_not_inside_other_words():
    """Phones type "hạn nộp bc" for "when is the report due": it needs a passage stating a time.
    "quá hạn", "hạn chế" and an accented "hẳn" ask no time."""
    undated = "Chủ trì mua sắm, cấp phát thùng rác cho các hộ tham gia mô hình điểm."
    for q in ("han cap thung rac mo hinh diem", "hạn cấp thùng rác mô hình điểm", "thung rac han khi nao"):
        assert not states_what_is_asked(q, undated), q
        assert asks_deadlines(q), q
    assert states_what_is_asked("han cap thung rac", "Cấp phát thùng rác, hoàn thành trước ngày 15/5/2026")
    for q in ("vp ubnd lam gi voi phan anh qua han", "khắc phục hạn chế gì", "muốn đóng cửa hẳn thư viện thì làm gì"):
        assert states_what_is_asked(q, undated), q
        assert not asks_deadlines(q), q


@pytest.mark.parametrize("question,address", [
    ("Điều 3 quy định gì?", "Điều 3"),
    ("khoản 2 Điều 3 nói gì", "Điều 3.2"),
    ("điểm b khoản 1 Điều 2", "Điều 2.1.b"),
    ("dieu 2 khoan 1", "Điều 2.1"),
    ("k2 d3", "Điều 3.2"),
    ("đ3 luật cây cổ thụ", "Điều 3"),
    ("chuong 2 gom nhung dieu nao", "Chương II"),
    ("phụ lục STT 4", "Phụ lục, STT 4"),
    ("nhiệm vụ số 5 trong phụ lục II", "Phụ lục II, STT 5"),
    ("ai chủ trì tuyên truyền", None),
    ("dòng 9 lịch học tập là gì", "Phụ lục, STT 9"),
    ("dong 12 bang nhiem vu la viec j", "Phụ lục, STT 12"),
    ("dong gop 9 ty dong", None),
])
def test_structured_addresses_in_questions(question, address):
    assert find_structured_address(question) == address


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "luat-cay.txt").write_text(LAW, encoding="utf-8")
    (corpus / "kh-doicat.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "vocabulary.toml").write_text('[abbreviations]\nvcct = "vuon cay co thu"\n', encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


def test_article_is_quoted_whole_in_order_and_a_clause_exactly(engine):
    ans = engine.answer("Điều 2 quy định gì?")
    sections = [c.section for c in ans.citations]
    assert ans.kind == "clause" and sections == ["Điều 2.1", "Điều 2.1.a", "Điều 2.1.b", "Điều 2.2"]
    assert ans.citations[0].label.startswith("khoản 1 Điều 2")
    ans = engine.answer("diem b khoan 1 dieu 2")
    assert [c.section for c in ans.citations] == ["Điều 2.1.b"]
    assert "20/12 hằng năm" in ans.citations[0].text


def test_points_under_a_lead_are_that_body_s_duties(engine):
    rows = engine.registers.duties_for("ủy ban nhân dân cấp xã")
    assert {r.section for r in rows} >= {"Điều 2.1.a", "Điều 2.1.b"}


def test_a_body_s_own_article_answers_what_it_must_do_first(engine):
    """"UBND cấp xã phải làm những gì" with no topic: the article given to that body comes
    first, before a sentence elsewhere that names it among more of the question's words."""
    for q in ("Ủy ban nhân dân cấp xã phải làm những gì?", "ubnd cap xa phai lam gi"):
        ans = engine.answer(q)
        assert ans.kind == "duties" and ans.citations[0].section.startswith("Điều 2"), q


def test_date_without_a_year_and_a_duration_are_answered_not_refused(engine):
    ans = engine.answer("UBND cấp xã phải báo cáo trước ngày nào?")
    assert not ans.abstained and "20/12" in ans.citations[0].text
    ans = engine.answer("nop ho so dang ky vuon cay thi bao nhieu ngay co tra loi")
    assert not ans.abstained and "15 ngày làm việc" in ans.citations[0].text


def test_a_corpus_abbreviation_and_an_acronym_read_back_from_the_documents(engine):
    ans = engine.answer("vcct can dang ky ho so gom may anh")  # vocabulary.toml beside the corpus
    assert not ans.abstained and "02 ảnh chụp" in ans.citations[0].text
    assert engine.retriever.acronyms.expand("pnn") == "phong nong nghiep"


def test_the_document_a_question_names_by_its_place_is_cited(engine):
    ans = engine.answer("huyện Đồi Cát trồng bao nhiêu cây xanh")
    assert not ans.abstained and ans.citations[0].doc_id != "" and "4.500" in ans.citations[0].text


def test_phone_shorthand_for_common_words_is_read_as_those_words():
    from bot.retrieve import content_keys

    keys = content_keys("kh phat trien dl nt the nao, cq nao chu tri, can cu vb nao")
    for word in ("du", "lich", "nong", "thon", "quan", "van", "ban"):
        assert word in keys, (word, keys)


def test_may_typed_without_accents_is_the_question_word_unless_it_is_a_machine():
    """"may ngay" is "mấy ngày": not a word a passage must hold. "bộ máy", "máy tính" are."""
    from bot.retrieve import content_keys
    assert "may" not in content_keys("pa kien nghi thong thuong may ngay phai xong")
    assert "may" not in content_keys("mo hinh diem cap khoang may bo thung")
    assert "may" in content_keys("kien toan bo may to chuc")
    assert "may" in content_keys("trang bi may tinh cho xa")
    assert "~máy" in content_keys("trang bị máy tính")


def test_a_function_word_typed_without_accents_is_content_inside_a_compound():
    """"dang vien" is "đảng viên", "phan anh" "phản ánh", "hdnd" "hội đồng nhân dân": the
    syllable that also spells "đang / anh / hỏi" is content there, and only there."""
    from bot.retrieve import content_keys
    assert {"dang", "vien"} <= set(content_keys("ty le dang vien tham gia hoc"))
    assert "anh" in content_keys("phan anh xu ly trong bao lau")
    assert {"co", "quan"} <= set(content_keys("co quan nao xu ly"))
    assert "hoi" in content_keys("hdnd tinh quyet dinh gi")
    assert "dang" not in content_keys("dang lam gi")  # "đang làm gì"
    assert "co" not in content_keys("co phai hoc khong")  # "có phải học không"


def test_a_measured_quantity_needs_its_unit():
    """"bao nhiêu tấn", "bao nhiêu mét vuông", "tối đa bao nhiêu MB": a passage counting
    something else ("15% khối lượng") is no answer; one stating the unit is."""
    q = "Khu xử lý rác tập trung có công suất bao nhiêu tấn một ngày?"
    assert not states_what_is_asked(q, "Giảm ít nhất 15% khối lượng chất thải đưa về chôn lấp tại Khu xử lý")
    assert states_what_is_asked(q, "Khu xử lý có công suất 120 tấn/ngày")
    assert not states_what_is_asked("dien tich toi thieu bao nhieu met vuong", "có ít nhất 15 chỗ ngồi đọc")
    assert states_what_is_asked("dien tich toi thieu bao nhieu met vuong", "diện tích tối thiểu 50 m2")
    assert states_what_is_asked("dien tich toi thieu bao nhieu met vuong", "diện tích tối thiểu 50 m²")
    assert states_what_is_asked("video tối đa bao nhiêu MB", "tệp video không quá 50 MB")
    assert states_what_is_asked("bao nhieu can bo duoc cu di hoc", "cử 20 cán bộ đi học")  # "cán", not "cân"
