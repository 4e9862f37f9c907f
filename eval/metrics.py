"""Metric functions of the eval, pure and small so that unit tests can pin each one down.

Nothing here knows about the engine: a "passage" is just its text and (when the system has
one) its section address. Keeping the arithmetic apart from the runner means a wrong number
in a report can be traced to either the data or the formula, never to both at once.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WS = re.compile(r"\s+")


# -- text helpers -----------------------------------------------------------------------------

def normalize_ws(text: str) -> str:
    """NFC with every run of white space (tabs, newlines, NBSP) folded to one space.

    Gold evidence is copied from the source file, which breaks lines and doubles spaces where
    Word did; the chunk text has those runs folded. Comparing both in this form makes
    "contains the evidence" a statement about words, not about layout.
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def strip_accents(text: str) -> str:
    """The accent-free spelling a phone user types: marks dropped, đ→d, Đ→D, case kept.

    Unlike `hoi.text.fold` this keeps case and punctuation, so the accent-free variant of a
    question differs from the accented one only by its diacritics, and any score gap between
    the two is the engine's accent handling and nothing else.
    """
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept.replace("đ", "d").replace("Đ", "D"))


def has_accents(text: str) -> bool:
    return strip_accents(text) != unicodedata.normalize("NFC", text)


def fold_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced: for comparing names and section addresses."""
    return normalize_ws(strip_accents(text).lower())


def section_key(section: str) -> str:
    """"IV.4" / "iv . 4" / "IV.4." → "iv.4"; special parts ("chữ ký") → "chu ky"."""
    key = fold_key(section).replace(",", ".")
    key = re.sub(r"\s*\.\s*", ".", key).strip(".")
    return key


# -- hits -------------------------------------------------------------------------------------

def contains_evidence(text: str, evidence: Iterable[str]) -> bool:
    """True when the passage contains at least one evidence string (white space normalised)."""
    body = normalize_ws(text)
    return any(normalize_ws(e) and normalize_ws(e) in body for e in evidence)


def section_matches(section: str | None, sections: Iterable[str]) -> bool:
    """True when `section` is one of the gold sections or lies under one.

    A gold section "III" accepts a citation of "III.2": asking for a whole part is answered
    by any of its items. The reverse is not true: gold "III.2" is not matched by "III".
    """
    if not section:
        return False
    got = section_key(section)
    for want in sections:
        w = section_key(want)
        if w and (got == w or got.startswith(w + ".")):
            return True
    return False


def is_hit(text: str, section: str | None, evidence: Sequence[str], sections: Sequence[str]) -> bool:
    """The hit rule of the whole eval.

    With evidence, the passage must contain it (its section is not needed: a passage that
    quotes the answer is a correct citation even if the gold writer listed another address).
    Without evidence (whole-clause questions), the section decides.
    """
    if any(normalize_ws(e) for e in evidence):
        return contains_evidence(text, evidence)
    return section_matches(section, sections)


def first_hit_rank(
    passages: Sequence[tuple[str, str | None]],
    evidence: Sequence[str],
    sections: Sequence[str],
    k: int = 5,
) -> int | None:
    """1-based rank of the first hit among the first k cited passages, or None."""
    for rank, (text, section) in enumerate(passages[:k], start=1):
        if is_hit(text, section, evidence, sections):
            return rank
    return None


def hit_at_k(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose first hit is at rank ≤ k (None when there are no questions)."""
    if not ranks:
        return None
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr_at_k(ranks: Sequence[int | None], k: int = 5) -> float | None:
    """Mean reciprocal rank, a question without a hit in the first k counting 0."""
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks)


def citation_correct(
    doc_id: str | None,
    section: str | None,
    text: str,
    evidence: Sequence[str],
    sections: Sequence[str],
    expected_docs: Iterable[str],
) -> bool:
    """The first citation names the right document, the right section, and quotes the evidence.

    Stricter than a hit: a cadre reads the citation's address and checks it, so an address
    that is off is wrong even when the quoted text happens to contain the answer. When the
    gold row lists no sections only document and evidence are checked; when it has no
    evidence only document and section.
    """
    if doc_id is None or doc_id not in set(expected_docs):
        return False
    has_sections = any(section_key(s) for s in sections)
    if has_sections and not section_matches(section, sections):
        return False
    if any(normalize_ws(e) for e in evidence) and not contains_evidence(text, evidence):
        return False
    return has_sections or any(normalize_ws(e) for e in evidence)


# -- abstention -------------------------------------------------------------------------------

@dataclass
class Confusion:
    """Abstention as a binary classifier; positive = the question should be abstained on."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {"precision": self.precision, "recall": self.recall,
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn}


def abstention_confusion(should: Sequence[bool], did: Sequence[bool]) -> Confusion:
    """Count abstention outcomes; `should[i]` is the gold label, `did[i]` the system's choice."""
    if len(should) != len(did):
        raise ValueError("should and did must have the same length")
    c = Confusion()
    for s, d in zip(should, did):
        if s and d:
            c.tp += 1
        elif d:
            c.fp += 1
        elif s:
            c.fn += 1
        else:
            c.tn += 1
    return c


def abstention_pr(should: Sequence[bool], did: Sequence[bool]) -> tuple[float | None, float | None]:
    """(precision, recall) of abstention; None where the denominator is empty."""
    c = abstention_confusion(should, did)
    return c.precision, c.recall


# -- latency ----------------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), q in [0, 100]; None for no values."""
    if not values:
        return None
    xs = sorted(values)
    if len(xs) == 1:
        return float(xs[0])
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return float(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo))


def share(flags: Sequence[bool]) -> float | None:
    return sum(1 for f in flags if f) / len(flags) if flags else None


# -- registers --------------------------------------------------------------------------------

def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[0-9a-z]+", fold_key(text))) + " "


def names_overlap(a: str, b: str) -> bool:
    """Actor names match when either folded form contains the other ("Ban Tuyên giáo" ⊂ "Ban
    Tuyên giáo Huyện ủy"): the extractor may keep or drop the level suffix. Compared as whole
    words without punctuation, so "các ban, ngành" is "các ban ngành" and "ban" is not "ban hành"."""
    fa, fb = _words(a), _words(b)
    return bool(fa.strip() and fb.strip()) and (fa in fb or fb in fa)


def duty_matches(gold: dict, row: dict, passage: str) -> bool:
    """A gold duty row is found by an extracted row: actor, role, section, and its task."""
    return (
        names_overlap(str(gold.get("actor", "")), str(row.get("actor", "")))
        and fold_key(str(gold.get("role", ""))) == fold_key(str(row.get("role", "")))
        and section_key(str(gold.get("section", ""))) == section_key(str(row.get("section", "")))
        and fold_key(str(gold.get("task_contains", ""))) in fold_key(passage)
    )


def deadline_matches(gold: dict, row: dict) -> bool:
    """A gold deadline row is found by an extracted row: year, section and expression."""
    gy, ry = gold.get("year"), row.get("year")
    if gy in (None, "") or ry in (None, ""):
        same_year = gy in (None, "") and ry in (None, "")  # recurring deadlines have no year
    else:
        try:
            same_year = int(gy) == int(ry)
        except (TypeError, ValueError):
            same_year = False
    want_expr = fold_key(str(gold.get("expression_contains", "")))
    return (
        same_year
        and section_key(str(gold.get("section", ""))) == section_key(str(row.get("section", "")))
        and want_expr in fold_key(str(row.get("expression", "")))
    )


# -- table rows -------------------------------------------------------------------------------

_STT = re.compile(r"^(?P<part>.*?)[\s.,;:]*\bstt\b[\s.:]*(?P<stt>.+)$")


def table_row_address(section: str) -> str | None:
    """The appendix part + STT of a table-row address, folded: "Phụ lục I, STT 3" → "phu luc i, stt 3".

    None when the address names no table row (no "STT"). Punctuation between the part and the
    STT is normalised to ", " so "Phụ lục I STT 3" and "Phụ lục I, STT 3." compare equal.
    """
    m = _STT.match(fold_key(section))
    if not m:
        return None
    part = m.group("part").strip(" ,.;:")
    stt = m.group("stt").strip(" ,.;:")
    return f"{part}, stt {stt}" if part else f"stt {stt}"


def table_address_hit(
    section: str | None,
    sections: Iterable[str],
    doc_id: str | None = None,
    expected_docs: Iterable[str] | None = None,
) -> bool:
    """The first citation points at the gold table row: its section equals a gold section's
    appendix part + STT, or starts with it (a row cited with a sub-address, "Phụ lục, STT 3, ý 2").

    A table row is answered by the row, not by a paragraph that mentions the same body: a cadre
    who reads "Phụ lục, STT 3" can find the row in the printed appendix, one who reads "IV.8"
    cannot. "STT 3" does not accept "STT 31" (the prefix must end at a non-alphanumeric
    character). With `expected_docs`, the citation must also be in one of those documents, since
    several documents of a corpus each have a "Phụ lục, STT 3".
    """
    if not section:
        return False
    if expected_docs is not None and doc_id not in set(expected_docs):
        return False
    got = table_row_address(section)
    if got is None:
        return False
    for want in sections:
        w = table_row_address(want)
        if w and (got == w or (got.startswith(w) and not got[len(w)].isalnum())):
            return True
    return False
