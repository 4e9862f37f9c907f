"""A UBND decision that issues a plan, loaded beside a law and another plan: the plan is named
by the decision's number ("kh 426"), a one-line article is its own answer, "có hiệu lực kể từ
ngày ký" answers when it takes effect, and a kind word that only opens the question is not a
reason to look in the documents of that kind."""
from __future__ import annotations

import pytest

from bot.engine import Engine
from hoi.settings import Settings
from ingest.build import run_ingest

DECISION = """ỦY BAN NHÂN DÂN
HUYỆN KIM SA
Số: 426/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Kim Sa, ngày 16 tháng 3 năm 2031

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phân loại rác thải tại nguồn năm 2031

ỦY BAN NHÂN DÂN HUYỆN KIM SA
Căn cứ Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phân loại rác thải tại nguồn năm 2031.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng HĐND và UBND huyện, Chủ tịch UBND các xã chịu trách nhiệm thi hành Quyết định này.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nông Văn Sa

ỦY BAN NHÂN DÂN HUYỆN KIM SA
KẾ HOẠCH
Phân loại rác thải tại nguồn năm 2031
(Ban hành kèm theo Quyết định số 426/QĐ-UBND ngày 16/3/2031 của Ủy ban nhân dân huyện Kim Sa)

I. MỤC TIÊU
1. Đến hết năm 2031, 60% hộ gia đình ở thị trấn phân loại rác tại nguồn.
II. TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân các xã tuyên truyền, hướng dẫn hộ gia đình phân loại rác, báo cáo trước ngày 20 hằng tháng.
"""

LAW = """QUỐC HỘI
Luật số: 12/2031/QH17

LUẬT
THƯ VIỆN LÀNG

Điều 1. Phạm vi
Luật này quy định về thư viện làng.
Điều 3. Giải thích từ ngữ
1. Thư viện làng là thư viện do cộng đồng dân cư thành lập.
2. Tủ sách là nơi để sách của thư viện làng.
Điều 9. Hiệu lực
Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2032.
"""

PROGRAM = """TỈNH ỦY SÔNG MÂY
Số 07-CTr/TU
Sông Mây, ngày 02 tháng 3 năm 2031

CHƯƠNG TRÌNH
về phát triển giáo dục

Căn cứ Hướng dẫn số 03-HD/BTGTW ngày 10 tháng 01 năm 2031 của Ban Tuyên giáo Trung ương hướng dẫn chi tiết việc học tập nghị quyết;

I. NHIỆM VỤ
1. Sở Giáo dục và Đào tạo xây dựng Kế hoạch phát triển giáo dục STEM, ban hành trong quý II/2031.
"""

PLAN = """HUYỆN ỦY ĐỒI CÁT
Số 31-KH/HU
Đồi Cát, ngày 02 tháng 3 năm 2031

KẾ HOẠCH
về trồng cây xanh nơi công cộng

Căn cứ Chỉ thị số 05-CT/TU ngày 10 tháng 01 năm 2031 của Ban Thường vụ Tỉnh ủy về phong trào trồng cây;
Ban Thường vụ Huyện ủy xây dựng Kế hoạch như sau:

I. NHIỆM VỤ
1. Phòng Nông nghiệp huyện chủ trì khảo sát vị trí trồng cây xanh, hoàn thành trong quý III/2031.
2. Phòng Giáo dục và Đào tạo huyện phát triển giáo dục về cây xanh trong trường học, ban hành tài liệu trong quý IV/2031.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in (("qd-kimsa.txt", DECISION), ("luat-tvl.txt", LAW), ("ctr-songmay.txt", PROGRAM),
                       ("kh-doicat.txt", PLAN)):
        (corpus / name).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


def _doc_of(engine: Engine, number: str) -> str:
    return next(d.id for d in engine.loaded() if d.number.startswith(number))


def test_the_attached_plan_is_named_by_the_decision_s_number(engine):
    qd = _doc_of(engine, "426")
    for q in ("xa co trach nhiem gi trong kh 426", "muc II.1 kế hoạch 426 nói gì"):
        ans = engine.answer(q)
        assert not ans.abstained and ans.citations[0].doc_id == qd, (q, ans.citations[:1])


def test_a_one_line_article_of_the_named_document_is_its_answer(engine):
    ans = engine.answer("Điều 3 của quyết định 426 quy định gì?")
    assert ans.kind == "clause" and ans.citations[0].doc_id == _doc_of(engine, "426")
    assert "chịu trách nhiệm thi hành" in ans.citations[0].text
    assert ans.answer.count("Chánh Văn phòng") == 0  # the lead does not repeat the one-line article
    ans = engine.answer("Điều 3 luật thư viện làng")
    assert ans.citations[0].doc_id == _doc_of(engine, "12/2031")


def test_effective_from_the_day_of_signing(engine):
    ans = engine.answer("qd 426 ap dung tu khi nao")
    assert not ans.abstained and "kể từ ngày ký" in ans.citations[0].text


def test_a_signer_asked_by_role(engine):
    ans = engine.answer("chủ tịch nào ký quyết định phân loại rác")
    assert ans.kind == "docfact" and "Nông Văn Sa" in ans.citations[0].text


def test_a_kind_word_opening_the_question_is_a_common_noun_unless_a_title_follows(engine):
    """"Kế hoạch phát triển giáo dục STEM …" is a plan the program asks for, not the loaded plans."""
    ans = engine.answer("Kế hoạch phát triển giáo dục STEM phải ban hành trong thời gian nào?")
    assert not ans.abstained and ans.citations[0].doc_id == _doc_of(engine, "07")
    ans = engine.answer("Kế hoạch trồng cây xanh giao ai khảo sát vị trí?")
    assert ans.citations[0].doc_id == _doc_of(engine, "31")


def test_a_part_named_as_context_of_a_duty_question_is_not_quoted_whole(engine):
    """"Theo phần tổ chức thực hiện, UBND các xã phải làm gì" asks the body's duties there."""
    ans = engine.answer("Theo phần tổ chức thực hiện, Ủy ban nhân dân các xã phải làm gì?")
    assert ans.kind == "duties" and "hướng dẫn hộ gia đình" in ans.citations[0].text
    assert engine.answer("phần tổ chức thực hiện nói gì").kind == "clause"


def test_grounds_asked_by_their_kind_typed_without_accents(engine):
    """"căn cứ chỉ thị số mấy" typed so loses "thì" as a word but not "chỉ thị" as a pair: the
    preamble citing a Chỉ thị comes before the program's, which shares "căn cứ … chi tiết"."""
    for q in ("can cu chi thi so may", "căn cứ chỉ thị số mấy"):
        ans = engine.answer(q)
        assert ans.kind == "docfact" and "Chỉ thị số 05-CT/TU" in ans.citations[0].text, (q, ans.citations[:1])
