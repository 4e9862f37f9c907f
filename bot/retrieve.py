"""Hybrid retrieval: lexical (BM25 over accent-folded syllables) ∥ dense (e5 via Chroma) → fused.

Neither side alone is enough. Folded BM25 is blind to accents, so phone-typed questions work,
but it misses paraphrases. The dense model understands paraphrases but reads "trach nhiem"
and "trách nhiệm" as different strings, so accent-free questions get their diacritics back
from the corpus vocabulary before they are embedded. The two rankings are fused with
reciprocal-rank fusion, which needs no score calibration between such different scales.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from hoi.accents import restore

from .acronyms import AcronymExpander
from hoi.embeddings import Embedder
from hoi.index import Index
from hoi.models import Chunk
from hoi.text import (ABBREVIATIONS, ACCENTED_META_WORDS, ACCENTED_STOPWORDS, META_WORDS, STOPWORDS, UPPER_ABBREVIATIONS, fold, folded_question_words, in_meta_phrase, deadline_words, in_stopword_compound,
                      folded_syllables, has_diacritics, lexical_tokens, nfc, syllables)

RRF_K = 10
# Units retrieval never proposes: a heading's words are in the heading path of the units under it.
UNSEARCHED_KINDS = frozenset({"heading"})
LEXICAL_WEIGHT = 1.0
DENSE_WEIGHT = 1.0
COVERAGE_WEIGHT = 0.1  # rerank: a passage that holds the question's rare words moves up


@dataclass
class Hit:
    row: int
    chunk: Chunk
    score: float  # fused
    lexical: float  # raw BM25
    dense: float | None  # cosine similarity; None when the dense model was not asked (mode "fast")
    coverage: float  # share of the question's content syllables found in the passage
    weighted: float = 0.0  # the same share weighted by rarity; words the corpus never uses weigh most
    pairs: float = 1.0  # share of the question's adjacent content-word pairs found as pairs in the passage


@dataclass
class QueryView:
    """The forms of one question the two sides see."""

    original: str
    dense_text: str
    tokens: list[str]
    content: list[str]
    # adjacent syllable pairs of the whole question (function words kept: "tai lieu" is a pair
    # though "tai" alone says nothing) with at least one content syllable
    pairs: frozenset[str] = frozenset()


def content_keys(question: str) -> list[str]:
    """The question's content words as match keys: "~word" (exact, with its diacritics) where
    the user typed accents, the folded syllable where they did not."""
    keys: list[str] = []
    skip = STOPWORDS | META_WORDS
    raws = re.findall(r"\w+", nfc(question))
    folded_raws = [fold(r.lower()) for r in raws]
    meta = in_meta_phrase(folded_raws)  # "kế hoạch", not "thu hoạch"
    meta |= folded_question_words(folded_raws, [has_diacritics(r) for r in raws])  # "may ngay": "mấy ngày"
    meta |= deadline_words(raws)  # "hạn nộp báo cáo": a time is asked
    compound = in_stopword_compound(folded_raws)  # "dang vien": "đảng viên", not "đang"
    for at, raw in enumerate(raws):
        word = raw.lower()
        folded = fold(word)
        if at in meta:
            continue
        expansion = UPPER_ABBREVIATIONS.get(raw) or ABBREVIATIONS.get(folded)
        if expansion or (not has_diacritics(word) and re.fullmatch(r"[a-z]+\d+|\d+[a-z]+", folded)):
            # "UBND", "nq57" ("nghi quyet 57"): expanded as the index expands them
            parts = expansion.split() if expansion else folded_syllables(folded)
            inner = in_meta_phrase(parts)  # "kh" is "ke hoach"
            kept = in_stopword_compound(parts)  # "hdnd": "hoi dong nhan dan"
            keys.extend(t for j, t in enumerate(parts) if (t not in skip or j in kept) and j not in inner)
        elif (word in ACCENTED_STOPWORDS or word in ACCENTED_META_WORDS) if has_diacritics(word) else \
                (folded in skip and at not in compound):
            continue
        elif has_diacritics(word):
            keys.append(f"~{word}")
        else:
            keys.extend(re.findall(r"[0-9a-z]+", folded))
    return keys


def prepare(question: str, index: Index, acronyms: "AcronymExpander | None" = None) -> QueryView:
    if acronyms is not None:
        question = expand_acronyms(question, acronyms)
    dense_text = question if has_diacritics(question) else restore(question, index.vocab)
    content = content_keys(question)
    return QueryView(question, dense_text, lexical_tokens(question), content, question_pairs(question, content))


def question_pairs(question: str, content: list[str]) -> frozenset[str]:
    words = {fold(k[1:]) if k.startswith("~") else k for k in content}
    syls = syllables(question)
    return frozenset(f"{a}_{b}" for a, b in zip(syls, syls[1:]) if a in words or b in words)


def expand_acronyms(question: str, acronyms: "AcronymExpander") -> str:
    """"tvcđ cần bao nhiêu sách" → "thu vien cong dong cần bao nhiêu sách" (bot/acronyms.py).
    Known abbreviations (hoi/data/vocabulary.toml) are left to the tokenizer."""
    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        f = fold(word)
        if f in ABBREVIATIONS or word in UPPER_ABBREVIATIONS or not f.isalpha():
            return word
        return acronyms.expand(f) or word
    return re.sub(r"\w+", sub, question)


def top_rows(scores: np.ndarray, n: int) -> np.ndarray:
    """The n best rows, best first, without sorting every passage (100k passages: 8 ms → 1 ms)."""
    if len(scores) > n:
        part = np.argpartition(-scores, n)[:n]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")


def coverage(content: list[str], chunk_syllables: frozenset[str] | set[str]) -> float:
    if not content:
        return 0.0
    uniq = set(content)
    return len(uniq & chunk_syllables) / len(uniq)


class PassageTerms:
    """Which index terms each passage holds, and how rare each syllable is.

    Read from the BM25 index, which already stores one entry per (term, passage): re-tokenising
    every passage when the engine opens took 40 s and 2.2 GB at 100k passages. A passage's term
    sets are built when a question first needs them and kept for the next questions.
    """

    MAX_CACHED = 20_000  # passages whose term sets stay in memory (a few KB each)

    def __init__(self, bm25: Any) -> None:
        raw = bm25.scores
        self.n = int(raw["num_docs"])
        indptr = np.asarray(raw["indptr"])
        self._terms = [""] * (len(indptr) - 1)  # bm25s adds "" (unknown) to its vocabulary past the matrix
        for term, i in bm25.vocab_dict.items():
            if i < len(self._terms):
                self._terms[i] = term
        by_term = sparse.csc_matrix((np.ones(len(raw["indices"]), dtype=np.int8), raw["indices"], indptr),
                                    shape=(self.n, len(self._terms)))
        self._rows = by_term.tocsr()  # passage -> term ids
        self._ids = {t: i for i, t in enumerate(self._terms) if t}
        df = np.diff(indptr)
        self.df = df
        self.term_ids = self._ids
        self._by_term = by_term
        self._idf = {t: float(np.log((self.n + 1) / (df[i] + 0.5))) for i, t in enumerate(self._terms) if "_" not in t}
        self.idf_unseen = float(np.log((self.n + 1) / 0.5))
        self._cache: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def df_of(self, term: str) -> int:
        i = self._ids.get(term)
        return int(self.df[i]) if i is not None else 0

    def passages_with_all(self, terms: list[str]) -> int:
        """How many passages hold every one of these terms."""
        rows: set[int] | None = None
        col = self._by_term
        for t in terms:
            i = self._ids.get(t)
            if i is None:
                return 0
            got = set(col.indices[col.indptr[i]:col.indptr[i + 1]].tolist())
            rows = got if rows is None else rows & got
            if not rows:
                return 0
        return len(rows or ())

    def idf(self, term: str) -> float:
        return self._idf.get(term, self.idf_unseen)

    def _sets(self, row: int) -> tuple[frozenset[str], frozenset[str]]:
        got = self._cache.get(row)
        if got is None:
            if len(self._cache) >= self.MAX_CACHED:
                self._cache.clear()
            ptr = self._rows.indptr
            terms = [self._terms[i] for i in self._rows.indices[ptr[row]:ptr[row + 1]]]
            got = (frozenset(t for t in terms if "_" not in t), frozenset(t for t in terms if "_" in t))
            self._cache[row] = got
        return got

    def holding(self, rows: list[int], weights: tuple[tuple[str, float], ...]) -> np.ndarray:
        """Per passage, the summed weight of the terms it holds (weights of absent terms count 0)."""
        known = [(self._ids[t], w) for t, w in weights if t in self._ids]
        if not known:
            return np.zeros(len(rows), dtype=np.float64)
        ids = np.array([i for i, _ in known])
        w = np.array([x for _, x in known])
        present = self._rows[np.asarray(rows)][:, ids]
        return np.asarray(present.astype(bool) @ w).ravel()

    def syllables(self, row: int) -> frozenset[str]:
        """Folded syllables and "~accented" words of a passage."""
        return self._sets(row)[0]

    def bigrams(self, row: int) -> frozenset[str]:
        """Adjacent folded syllable pairs ("tuyen_truyen") of a passage."""
        return self._sets(row)[1]


class Retriever:
    def __init__(self, index: Index, embedder: Embedder, candidates: int = 20) -> None:
        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.terms = PassageTerms(index.bm25)
        self.acronyms = AcronymExpander(self.terms)
        self._last_weights: tuple[tuple[str, ...] | None, tuple[tuple[str, float], ...]] = (None, ())
        self._mask: tuple[frozenset[str] | None, np.ndarray] = (frozenset({"-"}), np.zeros(0, dtype=np.float32))

    def pair_coverage(self, content: list[str], row: int, pairs: frozenset[str] | None = None) -> float:
        """Folded syllables match across unrelated words ("đá" football, "đã" already); pairs of
        adjacent words rarely do. 1.0 when the question has too few pairs to judge. `pairs` are
        the question's own (QueryView.pairs); without them, pairs of adjacent content words."""
        if pairs is None:
            folded = [fold(k[1:]) if k.startswith("~") else k for k in content]
            pairs = frozenset(f"{a}_{b}" for a, b in zip(folded, folded[1:]))
        if len(pairs) < 2:
            return 1.0
        return len(pairs & self.terms.bigrams(row)) / len(pairs)

    def weighted_coverage(self, content: list[str], row: int) -> float:
        weights = self._weights(tuple(content))
        if not weights:
            return 0.0
        held = self.terms.syllables(row)
        return sum(w for t, w in weights if t in held)

    def weighted_coverage_many(self, content: list[str], rows: list[int]) -> np.ndarray:
        """`weighted_coverage` of many passages at once (a body's duties across a large index)."""
        weights = self._weights(tuple(content))
        if not weights or not rows:
            return np.zeros(len(rows), dtype=np.float64)
        if len(rows) < 256:  # a sparse-matrix slice costs ~0.2 ms whatever its size
            return np.array([self.weighted_coverage(content, r) for r in rows])
        return self.terms.holding(rows, weights)

    def _weights(self, content: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
        """Each distinct content word's share of the question's rarity weight (sums to 1); asked
        for every candidate passage of the same question, so the last question's is kept."""
        last = self._last_weights  # one read: answers may run in several threads
        if last[0] == content:
            return last[1]
        weights = {t: self.terms.idf(t) for t in set(content)}
        total = sum(weights.values())
        shares = tuple((t, w / total) for t, w in weights.items())
        self._last_weights = (content, shares)
        return shares

    def lexical_scores(self, q: QueryView) -> np.ndarray:
        if not q.tokens:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return np.asarray(self.index.bm25.get_scores(q.tokens), dtype=np.float32)

    def dense_scores(self, vec: np.ndarray, n: int, docs: frozenset[str] | None = None) -> dict[int, float]:
        no_heading = {"kind": {"$nin": sorted(UNSEARCHED_KINDS)}}
        where = {"$and": [{"doc_id": {"$in": sorted(docs)}}, no_heading]} if docs else no_heading
        res = self.index.collection.query(
            query_embeddings=[vec], n_results=min(n, len(self.index.chunks)), include=["distances", "metadatas"],
            where=where,
        )
        out: dict[int, float] = {}
        for meta, dist in zip(res["metadatas"][0], res["distances"][0]):
            out[int(meta["row"])] = 1.0 - float(dist)
        return out

    def _doc_mask(self, docs: frozenset[str] | None) -> np.ndarray:
        """1.0 on the searchable rows of these documents (all documents when None), 0.0 elsewhere;
        kept for the last scope asked. A heading unit ("Điều 47. Nghĩa vụ của người đọc") is not
        searchable (UNSEARCHED_KINDS)."""
        if self._mask[0] != docs or len(self._mask[1]) != len(self.index.chunks):
            chunks = self.index.chunks
            mask = np.fromiter((c.kind not in UNSEARCHED_KINDS and (docs is None or c.doc_id in docs) for c in chunks),
                               dtype=np.float32, count=len(chunks))
            self._mask = (docs, mask)
        return self._mask[1]

    def search(self, question: str, k: int = 3, mode: str = "hybrid",
               docs: frozenset[str] | None = None) -> tuple[QueryView, list[Hit]]:
        """Top-k passages.

        `mode`: "hybrid" (both sides, fused, coverage rerank); "fast" (the lexical side with the
        coverage rerank, no query embedding: the engine's first try, see Engine._search);
        "lexical" and "dense" (one side alone, for the eval baselines).
        """
        q = prepare(question, self.index, self.acronyms)
        n = self.candidates
        lex = self.lexical_scores(q) if mode in ("hybrid", "fast", "lexical") else None
        if lex is not None:
            lex = lex * self._doc_mask(docs)
        vec = self.embedder.embed_query(q.dense_text) if mode in ("hybrid", "dense") else None
        dense = self.dense_scores(vec, n, docs) if vec is not None else {}
        history = self.index.history_rows  # replaced versions (a draft once signed) are not cited
        if len(history):
            if lex is not None:
                lex = lex.copy()
                lex[history] = 0.0
            hidden = set(history.tolist())
            dense = {r: v for r, v in dense.items() if r not in hidden}
        fused: dict[int, float] = {}
        if lex is not None:
            for rank, row in enumerate(top_rows(lex, n)):
                if lex[row] <= 0:
                    break
                fused[int(row)] = fused.get(int(row), 0.0) + LEXICAL_WEIGHT / (RRF_K + rank + 1)
        for rank, (row, _) in enumerate(sorted(dense.items(), key=lambda kv: -kv[1])):
            fused[row] = fused.get(row, 0.0) + DENSE_WEIGHT / (RRF_K + rank + 1)
        weighted: dict[int, float] = {}
        if mode in ("hybrid", "fast"):
            for row in fused:
                weighted[row] = self.weighted_coverage(q.content, row)
                fused[row] += COVERAGE_WEIGHT * weighted[row]
        best = sorted(fused.items(), key=lambda kv: -kv[1])[:k]
        hits = []
        for row, score in best:
            if row not in dense and vec is not None:
                dense[row] = float(self.index.vectors[row] @ vec)
            hits.append(Hit(
                row=row, chunk=self.index.chunks[row], score=score,
                lexical=float(lex[row]) if lex is not None else 0.0,
                dense=dense.get(row, 0.0) if vec is not None else None,
                coverage=coverage(q.content, self.terms.syllables(row)),
                weighted=weighted[row] if row in weighted else self.weighted_coverage(q.content, row),
                pairs=self.pair_coverage(q.content, row, q.pairs),
            ))
        return q, hits
