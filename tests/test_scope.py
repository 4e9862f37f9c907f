"""Which loaded documents a question points at (bot/scope.py): by kind, by the short word cadres
type for a kind, by the kind of a text a decision issues, and not by a kind word that is only a
common noun of the question."""
from __future__ import annotations

import pytest

from bot.scope import scope_of, without_names
from hoi.models import DocumentInfo


def _doc(id_: str, kind: str, level: str, issuer: str) -> DocumentInfo:
    return DocumentInfo(id=id_, number="", kind=kind, date="", issuer=issuer, title="", level=level,
                        status="loaded")


LOADED = [
    _doc("kh", "Kế hoạch", "huyện", "Huyện ủy Sơn Trà"),
    _doc("hd", "Hướng dẫn", "tỉnh", "Ban Tuyên giáo Tỉnh ủy Bắc Hà"),
    _doc("qd", "Quyết định", "tỉnh", "UBND tỉnh Bắc Hà"),
    _doc("luat", "Luật", "trung ương", "Quốc hội"),
]
ATTACHED = {"qd": {"Quy chế"}}


@pytest.mark.parametrize("question, ids", [
    ("hd gui cho ai", {"hd"}),               # "hd" is "hoạt động" to the syllable layer
    ("hd ban hanh ngay nao", {"hd"}),
    ("mục đích của kế hoạch là gì", {"kh"}),
    ("ai ký kế hoạch", {"kh"}),
    ("Công an tỉnh có trách nhiệm gì theo quy chế phối hợp?", {"qd"}),  # the Quy chế the decision issues
    ("k3 dieu 12 luat", {"luat"}),
    ("III.2 ke hoach la j", {"kh"}),         # an address right before the kind: that document's part
    ("III.1.a kh ghi j", {"kh"}),
    ("điểm a khoản 2 Điều 5 quyết định nói gì", {"qd"}),
])
def test_a_question_points_at_the_documents_it_names(question, ids):
    assert scope_of(question, LOADED, ATTACHED).ids == ids


@pytest.mark.parametrize("question", [
    "Huyện ủy phải gửi kế hoạch học tập lên Ban Tuyên giáo tỉnh trước ngày nào?",  # the plan to send
    "báo cáo kết quả gửi về đâu",
    "đã có bao nhiêu xã hoàn thành",  # "da" is "đã", never the short word of "Đề án"
    "Đảng viên vi phạm thì bị xử lý kỷ luật thế nào?",  # "kỷ luật" is no Luật
    "xu ly ky luat the nao",
    "xử lý theo pháp luật",
])
def test_a_kind_word_that_is_only_a_common_noun_points_nowhere(question):
    assert scope_of(question, LOADED, ATTACHED).ids == set()


def test_an_accented_question_names_the_law_it_signs():
    """The compound is matched with its accents: "ký luật này" (signs this law) is not "kỷ luật"."""
    assert scope_of("ai ký luật này", LOADED, ATTACHED).ids == {"luat"}


def test_meta_phrases_leave_their_syllables_as_content_elsewhere():
    """"kế hoạch" is a word about the document; the same syllables in "thu hoạch", "cấp xã" are
    what the question is about."""
    from bot.retrieve import content_keys

    assert "~hoạch" in content_keys("không nộp bản thu hoạch thì sao")
    assert "~hoạch" not in content_keys("kế hoạch có nói về thu ngân sách không")
    assert "cap" in content_keys("kh co de cap den cap xa ko")
    assert "~nội" in content_keys("cần nắm những nội dung gì")  # "nội" is not "nói"
    assert not {"phan", "tram", "~phần", "~trăm"} & set(content_keys("phải đạt mấy phần trăm hộ"))  # a passage writes "%"
    assert "~nói" not in content_keys("kế hoạch có nói về thu ngân sách không")
    assert content_keys("kh co de cap den cap xa ko").count("cap") == 1


def test_the_words_that_named_the_document_are_not_content():
    scope = scope_of("hd gui cho ai", LOADED, ATTACHED)
    assert without_names("hd gui cho ai", scope) == "gui cho ai"


PLAN_45 = """HUYỆN ỦY SƠN TRÀ
Số 30-KH/HU
Sơn Trà, ngày 10 tháng 4 năm 2024

KẾ HOẠCH
Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương về đội ngũ trí thức

I. TỔ CHỨC THỰC HIỆN
1. Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội huyện tuyên truyền, vận động trí thức tham gia thực hiện Nghị quyết.
2. Văn phòng Huyện ủy tổng hợp kết quả, báo cáo Ban Thường vụ Huyện ủy.

Nơi nhận:
- Lưu VP.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Lê Văn Tâm
"""

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN TỈNH BẮC HÀ
Số: 12/2024/NQ-HĐND
Bắc Hà, ngày 05 tháng 7 năm 2024

NGHỊ QUYẾT
Quy định mức hỗ trợ cán bộ y tế thôn bản

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 98/2023/NĐ-CP ngày 20 tháng 12 năm 2023 của Chính phủ;
Căn cứ Nghị quyết số 05/2023/NQ-HĐND ngày 10 tháng 7 năm 2023 của Hội đồng nhân dân tỉnh;

Điều 1. Mức hỗ trợ cán bộ y tế thôn bản là 500.000 đồng mỗi tháng.
Điều 2. Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.
Điều 3. Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tham gia giám sát, vận động nhân dân thực hiện Nghị quyết này.

Nơi nhận:
- Lưu VT.
CHỦ TỊCH
Phạm Văn Hòa
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from bot.engine import Engine
    from hoi.settings import Settings
    from ingest.build import run_ingest

    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "kh-sontra.txt").write_text(PLAN_45, encoding="utf-8")
    (corpus / "nq-bacha.txt").write_text(RESOLUTION, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


@pytest.mark.parametrize("question", [
    "Mặt trận Tổ quốc có nhiệm vụ gì trong việc thực hiện Nghị quyết 45?",
    "mttq lam gi de thuc hien nq45",
])
def test_an_unloaded_document_named_by_number_points_at_the_loaded_ones_citing_it(engine, question):
    # "Nghị quyết 45" is no reason to prefer the loaded resolution (a Nghị quyết too, 12/2024);
    # the plan that implements NQ 45 is what is asked about
    ans = engine.answer(question)
    assert not ans.abstained and "Sơn Trà" in ans.citations[0].doc_title + ans.citations[0].label


def test_a_law_named_by_its_title_and_not_known_is_foreign_and_refused(engine):
    from bot import compose
    ans = engine.answer("Luật Đất đai quy định thủ tục cấp giấy chứng nhận thế nào?")
    assert ans.abstained and compose.MSG_FOREIGN_DOC in ans.answer
    ans = engine.answer("Luat Dat dai quy dinh thu tuc cap giay chung nhan the nao")
    assert ans.abstained


@pytest.mark.parametrize("question, names", [
    ("Luật Xuất bản quy định gì", ["luat xuat ban"]),
    ("Bộ luật Lao động quy định", ["bo luat lao dong"]),
    ("theo luật, thư viện là gì", []),       # the law in general
    ("Luật này có hiệu lực khi nào", []),
])
def test_named_laws(question, names):
    from bot.questions import named_laws
    assert named_laws(question) == names


def test_a_named_law_that_is_a_known_document_is_not_foreign():
    from bot.questions import unknown_references
    known = {"luat van hoa doc va thu vien cong dong"}
    assert unknown_references("Luật Văn hóa đọc quy định gì", set(), known) == []
    assert unknown_references("Luật Xuất bản quy định gì", set(), known) == ["luat xuat ban"]


def test_a_document_is_named_by_its_kind_and_leading_number_without_a_manifest_alias():
    from hoi.manifest import document_keys, mentioned_documents
    qd = DocumentInfo(id="qd", number="23/2026/QĐ-UBND", kind="Quyết định", date="", issuer="UBND tỉnh Bắc Hà",
                      title="", level="tỉnh", status="loaded")
    ctr = DocumentInfo(id="ctr", number="09-CTr/TU", kind="Chương trình", date="", issuer="Tỉnh ủy", title="",
                       level="tỉnh", status="loaded")
    assert {"quyet dinh 23", "chuong trinh 9"} <= set(document_keys(qd)) | set(document_keys(ctr))
    for q in ("qd 23 căn cứ nghị quyết nào", "Quyết định 23 có hiệu lực khi nào", "ctr 09 giao việc gì"):
        assert mentioned_documents(q, [qd, ctr]), q
    assert mentioned_documents("quyết định 24 nói gì", [qd, ctr]) == []


def test_an_article_asked_of_the_decision_by_its_short_kind_is_the_decisions_own(tmp_path):
    from bot.engine import Engine
    from hoi.settings import Settings
    from ingest.build import run_ingest
    from tests.test_attached_articles import DECISION

    corpus, index = tmp_path / "c", tmp_path / "i"
    corpus.mkdir()
    (corpus / "qd-kho.txt").write_text(DECISION, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    ans = Engine.open(index, settings).answer("dieu 2 qd 05 noi gi")
    assert ans.citations[0].section == "Điều 2" and "hiệu lực" in ans.citations[0].text


@pytest.mark.parametrize("question", ["Nghị quyết 12 căn cứ nghị quyết nào của HĐND tỉnh?",
                                      "nq 12 can cu nq hdnd so may"])
def test_of_the_grounds_a_document_cites_the_one_the_question_names_comes_first(engine, question):
    ans = engine.answer(question)
    assert ans.kind == "docfact" and "05/2023/NQ-HĐND" in ans.citations[0].text
