"""Each answerer of Engine._answer, in its order, on the real index of the home plan: the one that
should answer does, and the ones before it step aside."""
from __future__ import annotations

import pytest

from bot import engine as engine_module


def first_answerer(engine, question: str) -> str:
    asked = engine._read(question)
    for name in engine_module.ANSWERERS:
        if getattr(engine, name)(asked) is not None:
            return name
    raise AssertionError("no answerer answered")


def test_answerers_are_asked_in_order_and_retrieval_is_last():
    assert engine_module.ANSWERERS[0] == "_address_answerer"
    assert engine_module.ANSWERERS[-1] == "_retrieval_answerer"


@pytest.mark.parametrize("question, answerer, kind", [
    ("muc IV.4 noi gi", "_address_answerer", "clause"),
    ("Nghị quyết 45 quy định những gì về trí thức?", "_unloaded_answerer", "abstain"),
    ("Nghị quyết 57 đặt mục tiêu gì?", "_unloaded_answerer", "abstain"),
    ("Ai ký kế hoạch này?", "_document_answerer", "docfact"),
    ("Mục đích của kế hoạch là gì?", "_heading_answerer", "passage"),
    ("mat tran to quoc phai lam gi", "_retrieval_answerer", "duties"),
    ("Giá vàng hôm nay bao nhiêu?", "_retrieval_answerer", "abstain"),
])
def test_each_question_is_answered_by_its_answerer(engine, question, answerer, kind):
    assert first_answerer(engine, question) == answerer
    ans = engine.answer(question)
    assert ans.kind == kind, (question, ans.kind, ans.answer)


def test_the_unloaded_answerer_names_the_document_that_would_answer(engine):
    ans = engine.answer("Nghị quyết 45 quy định những gì về trí thức?")
    assert ans.abstained and "45-NQ/TW" in ans.answer and ans.missing_documents == ["45-NQ/TW"]


def test_the_address_answerer_quotes_the_clause_and_nothing_else(engine):
    ans = engine.answer("mục IV.4")
    assert ans.citations and all(c.section == "IV.4" for c in ans.citations)
