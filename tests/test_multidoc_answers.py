"""Two documents of different levels loaded at once (a provincial program, a district plan),
asked the way cadres ask: the level a question names, the document it points at, a list quoted
with its items, definitions asked either way round. Real ingest, real index on disk."""
from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.questions import defined_term, find_address
from hoi.actors import lexicon, match_actors
from hoi.settings import Settings
from ingest.build import run_ingest

PROGRAM = """TỈNH ỦY BẮC HÀ
Số 09-CTr/TU
Bắc Hà, ngày 02 tháng 3 năm 2026

CHƯƠNG TRÌNH
Thực hiện chuyển đổi số trong hệ thống chính trị

I. MỤC TIÊU
1. Đến năm 2028, 100% văn bản của cơ quan đảng cấp tỉnh được ký số.
II. TỔ CHỨC THỰC HIỆN
1. Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội tỉnh xây dựng nền tảng số tiếp nhận ý kiến đoàn viên, hội viên.
2. Văn phòng Tỉnh ủy chủ trì triển khai nền tảng số của các cơ quan đảng tỉnh.
- Văn phòng Tỉnh ủy tiếp nhận hồ sơ điện tử qua các kênh sau:
- Hệ thống quản lý văn bản của Tỉnh ủy;
- Thư điện tử công vụ của các cơ quan đảng.
3. Ban Tuyên giáo Tỉnh ủy báo cáo kết quả trước ngày 15/12 hằng năm.

Nơi nhận:
- Các huyện ủy;
- Lưu VP.
T/M TỈNH ỦY
BÍ THƯ
Trần Quốc Hùng
"""

PLAN = """HUYỆN ỦY SƠN TRÀ
Số 21-KH/HU
Sơn Trà, ngày 20 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện Chương trình số 09-CTr/TU của Tỉnh ủy và Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

I. MỤC ĐÍCH
1. Nâng cao nhận thức về chuyển đổi số trong cán bộ, đảng viên.
II. TỔ CHỨC THỰC HIỆN
1. Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội huyện tuyên truyền, vận động đoàn viên, hội viên cài đặt ứng dụng công dân số.
2. Chữ ký số là dữ liệu điện tử gắn với văn bản để xác nhận người ký.
3. Văn phòng Huyện ủy tổng hợp, báo cáo Ban Thường vụ Huyện ủy trước ngày 30/11 hằng năm.
4. Các chi bộ gửi kế hoạch tuyên truyền lên Ban Tuyên giáo Huyện ủy để theo dõi.

Nơi nhận:
- Ban Thường vụ Tỉnh ủy;
- Lưu VP.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Lê Minh Châu
"""


GUIDANCE = """TỈNH ỦY BẮC HÀ
BAN TUYÊN GIÁO
Số 07-HD/BTGTU
Bắc Hà, ngày 05 tháng 3 năm 2026

HƯỚNG DẪN
Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về chuyển đổi số năm 2026

I. NỘI DUNG TUYÊN TRUYỀN
1. Lợi ích của dịch vụ công trực tuyến đối với người dân.
II. TỔ CHỨC THỰC HIỆN
1. Các huyện ủy xây dựng kế hoạch tuyên truyền của cấp mình, gửi về Ban Tuyên giáo Tỉnh ủy trước ngày 25/3/2026.
2. Trước ngày 15 hằng tháng, ban tuyên giáo các huyện ủy gửi báo cáo nhanh về Ban Tuyên giáo Tỉnh ủy.
3. Văn phòng Tỉnh ủy in tờ gấp tuyên truyền gửi các huyện ủy.

Nơi nhận:
- Ban Tuyên giáo các huyện ủy;
- Lưu BTG.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Đỗ Thị Lan
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "ctr-bacha.txt").write_text(PROGRAM, encoding="utf-8")
    (corpus / "kh-sontra.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "hd-bacha.txt").write_text(GUIDANCE, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


def _first_doc(engine: Engine, question: str) -> str:
    ans = engine.answer(question)
    assert not ans.abstained and ans.citations, ans.answer
    label = ans.citations[0].doc_title
    return ("program" if "09-CTr/TU" in label else "plan" if "21-KH/HU" in label
            else "guidance" if "07-HD/BTGTU" in label else label)


@pytest.mark.parametrize("question, doc", [
    ("Mặt trận Tổ quốc tỉnh và các đoàn thể phải làm gì?", "program"),
    ("mat tran to quoc huyen va cac doan the phai lam gi", "plan"),
])
def test_the_level_a_question_names_decides_whose_duty_comes_first(engine, question, doc):
    assert _first_doc(engine, question) == doc


@pytest.mark.parametrize("question, signer", [
    ("Ai ký chương trình này?", "Trần Quốc Hùng"),
    ("ai ky ke hoach nay", "Lê Minh Châu"),
])
def test_who_signed_answers_from_the_document_the_question_points_at(engine, question, signer):
    ans = engine.answer(question)
    assert ans.kind == "docfact" and signer in ans.citations[0].text


def test_a_list_lead_is_quoted_with_its_items(engine):
    ans = engine.answer("Văn phòng Tỉnh ủy tiếp nhận hồ sơ điện tử qua những kênh nào?")
    first = ans.citations[0]
    assert first.text.startswith("Văn phòng Tỉnh ủy tiếp nhận hồ sơ điện tử qua các kênh sau:")
    assert "Thư điện tử công vụ" in first.text and "Hệ thống quản lý văn bản" in first.text


def test_a_definition_asked_the_other_way_round(engine):
    assert defined_term("Thế nào thì được coi là chữ ký số?") == "chu ky so"
    ans = engine.answer("Thế nào là chữ ký số?")
    assert not ans.abstained and ans.citations[0].text.startswith("Chữ ký số là dữ liệu điện tử")


@pytest.mark.parametrize("question, address", [
    ("Điểm c khoản 1 mục II quy định gì?", "II.1.c"),
    ("khoan 2 muc III", "III.2"),
    ("khoản 2 phần III", "III.2"),
    ("điểm b III.1 ghi j", "III.1.b"),  # the point typed before a bare item number
    ("diem b III.1 ghi j", "III.1.b"),
    ("III.1, điểm b nói gì", "III.1.b"),  # … or after it
    ("mô hình điểm ở III.1", "III.1"),  # "điểm ở" is a spot, not point "o"
])
def test_party_addresses_written_with_state_words(question, address):
    assert find_address(question, lambda rest: None) == address


def test_a_law_body_of_a_level_and_a_plan_body_of_that_level_are_one_name():
    names = list(lexicon())
    got = set(match_actors("Ủy ban nhân dân cấp huyện có nhiệm vụ gì", names))
    assert {"uy-ban-nhan-dan-huyen", "uy-ban-nhan-dan-cap-huyen"} <= got
    assert "uy-ban-nhan-dan-cap-xa" not in got
    assert set(match_actors("ubnd huyen lam gi", names)) >= {"uy-ban-nhan-dan-huyen", "uy-ban-nhan-dan-cap-huyen"}


def test_a_kind_typed_short_points_at_that_document(engine):
    # "hd" is also "hoạt động" to the syllable layer; as a document reference it is the guidance
    ans = engine.answer("hd gui cho ai")
    assert ans.kind == "docfact" and "Lưu BTG" in ans.citations[0].text


def test_a_day_of_every_month_answers_which_day(engine):
    ans = engine.answer("Báo cáo nhanh hằng tháng phải gửi trước ngày mấy?")
    assert not ans.abstained and "ngày 15 hằng tháng" in ans.citations[0].text


def test_a_kind_word_used_as_a_common_noun_does_not_lock_the_answer_to_that_kind(engine):
    # "kế hoạch tuyên truyền" is the thing sent, not the plan: the plan has no such day,
    # the guidance does
    ans = engine.answer("Huyện ủy phải gửi kế hoạch tuyên truyền lên Ban Tuyên giáo tỉnh trước ngày nào?")
    assert not ans.abstained and "25/3/2026" in ans.citations[0].text


def test_a_bodys_rows_elsewhere_that_miss_the_questions_topic_are_left_out(engine):
    # the office's printing in the guidance is no answer to what it does with electronic files
    ans = engine.answer("Văn phòng Tỉnh ủy phải làm gì với hồ sơ điện tử?")
    assert not ans.abstained and "hồ sơ điện tử" in ans.citations[0].text
    assert not any("tờ gấp" in c.text for c in ans.citations)
    # asked with no topic, every row of the body is the answer, from both documents
    every = engine.answer("van phong tinh uy lam gi")
    assert any("tờ gấp" in c.text for c in every.citations)
    assert any("nền tảng số" in c.text for c in every.citations)


@pytest.mark.parametrize("question", ["ubnd xa lam j", "UBND cấp xã phải làm những gì theo luật này?"])
def test_phone_shorthand_and_plural_still_ask_for_duties(question):
    from bot.duties import asks_duties
    assert asks_duties(question)


def test_a_how_many_typed_short_needs_a_number_in_the_passage():
    from bot.questions import states_what_is_asked
    assert not states_what_is_asked("giai the tv phai bao truoc bn ngay", "Thư viện thông báo việc giải thể.")
    assert states_what_is_asked("giai the tv phai bao truoc bn ngay", "Thông báo trước 30 ngày.")


def test_a_loaded_document_named_first_is_the_subject_not_the_unloaded_one_it_implements(engine):
    # Nghị quyết 57 is known only by name (the plan and the guidance cite it); it is not loaded
    ans = engine.answer("ke hoach thuc hien nghi quyet 57 do ai ky")
    assert ans.kind == "docfact" and "Lê Minh Châu" in ans.citations[0].text
    ans = engine.answer("Hướng dẫn của ban tuyên giáo tỉnh về tuyên truyền nghị quyết 57 số mấy?")
    assert ans.kind == "docfact" and "07-HD/BTGTU" in ans.citations[0].text
    # the unloaded document named first is still what is asked: named, not quoted
    assert engine.answer("nghi quyet 57 do ai ky").abstained
    assert engine.answer("Nghị quyết 57 quy định gì về kế hoạch?").abstained


def test_a_document_named_by_number_that_does_not_answer_is_not_replaced_by_another(engine):
    # only the district plan speaks of "ứng dụng công dân số"; asked of programme 09 by its
    # number, another document's passage would be a wrong citation
    ans = engine.answer("Theo chương trình 09, ai vận động đoàn viên cài đặt ứng dụng công dân số?")
    assert ans.abstained or all("09-CTr/TU" in c.doc_title for c in ans.citations)
    # asked without naming a document, the plan answers
    ans = engine.answer("Ai vận động đoàn viên cài đặt ứng dụng công dân số?")
    assert not ans.abstained and "21-KH/HU" in ans.citations[0].doc_title
