"""Which passage answers, and whether any does: one small model over generic retrieval signals.

The first engine decided with nine thresholds calibrated on one 37-passage plan; loaded beside
other documents it fell below plain BM25. Here the decision rests on signals every document has
— how much of the question a passage holds (rarity-weighted and as adjacent pairs), the BM25 and
e5 scores relative to the best candidate, each side's rank, whether the passage states the kind
of fact asked (a time, a day, a quantity), whether it lies in the documents the question names,
and its structural kind — combined by a logistic model fitted on a multi-document development
set (`python -m eval.fit`, weights in hoi/data/answer_model.toml) and checked on documents held
out from it. A passage is cited when the model's probability clears the fitted threshold.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .questions import states_what_is_asked

MODEL_FILE = Path(__file__).resolve().parent.parent / "hoi" / "data" / "answer_model.toml"
FEATURES = (
    "weighted", "coverage", "pairs", "dense", "dense_gap", "lexical_rel", "lexical_rank", "dense_rank",
    "states_asked", "in_scope", "lead", "row", "special", "length",
)
SPECIAL_KINDS = frozenset({"header", "title", "preamble", "recipients", "signature"})


@dataclass
class Candidate:
    """One passage retrieval proposed, with the signals the model reads."""

    row: int
    lexical: float
    dense: float
    lexical_rank: int | None  # 0-based rank on the lexical side; None when that side did not list it
    dense_rank: int | None
    weighted: float
    coverage: float
    pairs: float
    prob: float = 0.0


def feature_matrix(question: str, cands: list[Candidate], chunks: list, scope: set[str] | None) -> np.ndarray:
    if not cands:
        return np.zeros((0, len(FEATURES)))
    lex_max = max(c.lexical for c in cands) or 1.0
    dense_max = max(c.dense for c in cands)
    rows = []
    for c in cands:
        ch = chunks[c.row]
        text = ch.text
        rows.append((
            c.weighted, c.coverage, c.pairs, c.dense, c.dense - dense_max, c.lexical / lex_max,
            1.0 / (1 + c.lexical_rank) if c.lexical_rank is not None else 0.0,
            1.0 / (1 + c.dense_rank) if c.dense_rank is not None else 0.0,
            1.0 if states_what_is_asked(question, ch.index_text()) else 0.0,
            0.5 if not scope else (1.0 if ch.doc_id in scope else 0.0),
            1.0 if text.rstrip().endswith(":") else 0.0,
            1.0 if ch.kind == "row" else 0.0,
            1.0 if ch.kind in SPECIAL_KINDS else 0.0,
            math.log1p(len(text)) / 8.0,
        ))
    return np.asarray(rows, dtype=np.float64)


@dataclass(frozen=True)
class AnswerModel:
    weights: np.ndarray
    bias: float
    threshold: float  # below this no passage answers: abstain
    follower_ratio: float  # a 2nd/3rd passage is cited when its probability is this close to the first's

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        z = x @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnswerModel:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    w = raw["weights"]
    missing = [f for f in FEATURES if f not in w]
    if missing:
        raise ValueError(f"{path}: no weight for {', '.join(missing)}; refit with python -m eval.fit")
    return AnswerModel(np.array([float(w[f]) for f in FEATURES]), float(raw["bias"]),
                       float(raw["threshold"]), float(raw.get("follower_ratio", 0.6)))


def rank(question: str, cands: list[Candidate], chunks: list, scope: set[str] | None,
         model: AnswerModel | None = None) -> list[Candidate]:
    """The candidates with their probabilities, most probable first."""
    model = model or load_model()
    probs = model.probabilities(feature_matrix(question, cands, chunks, scope))
    for c, p in zip(cands, probs):
        c.prob = float(p)
    return sorted(cands, key=lambda c: -c.prob)
