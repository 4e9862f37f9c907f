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
])
def test_a_question_points_at_the_documents_it_names(question, ids):
    assert scope_of(question, LOADED, ATTACHED).ids == ids


@pytest.mark.parametrize("question", [
    "Huyện ủy phải gửi kế hoạch học tập lên Ban Tuyên giáo tỉnh trước ngày nào?",  # the plan to send
    "báo cáo kết quả gửi về đâu",
    "đã có bao nhiêu xã hoàn thành",  # "da" is "đã", never the short word of "Đề án"
])
def test_a_kind_word_that_is_only_a_common_noun_points_nowhere(question):
    assert scope_of(question, LOADED, ATTACHED).ids == set()


def test_the_words_that_named_the_document_are_not_content():
    scope = scope_of("hd gui cho ai", LOADED, ATTACHED)
    assert without_names("hd gui cho ai", scope) == "gui cho ai"
