"""One quantity grammar: what a "bao nhiêu" question needs a passage to state.

A quantity in a plan is any number that counts something, whatever the noun after it: "80%",
"ít nhất 500 bản sách", "01 cán bộ", "2,5 tỷ đồng", "2,5 người trên 1.000 dân", "từ 18 tuổi",
"không quá 30 ngày", "100% xã, thị trấn", or a number written as a word ("ba năm"). What is
not a quantity is a number that only names something: a year ("năm 2030"), a date, a document
number ("45-NQ/TW", "215/QĐ-UBND"), an address ("khoản 2 Điều 5", "mục II.3"). Those are
masked first; any number left over counts, so no list of units has to know the document.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .text import fold

# folded text: document numbers, dates, years, addresses that are not quantities
_NAMING = re.compile(
    r"\b\d+[a-z]*(?:/\d+)*[-/][a-z][a-z0-9/\-]*"  # 45-nq/tw, 215/qd-ubnd, 18/2026/qh16
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"  # dates
    r"|\b(?:ngay|thang|nam|quy|giai doan|tam nhin|nhiem ky|den nam|tu nam)\s+\d+(?:\s*[-/]\s*\d+)*\b"
    r"|\b(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}\b"
    r"|\bquy\s+(?:iv|i{1,3}|[1-4])\b(?:\s*/\s*\d{4})?"
    r"|\b(?:dieu|khoan|diem|muc|phan|chuong|phu luc|stt|so|trang|quyet dinh|nghi dinh|luat|ke hoach)\s+[0-9ivx]+(?:\.\d+)*\b"
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\s*%?|\b\d+\s*phan tram\b")
_NUMBER_WORDS = re.compile(
    r"\b(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|tram|nghin|ngan|trieu|ty)\s+"
    r"(?:nguoi|can bo|lan|nam|thang|ngay|tuan|don vi|xa|huyen|tinh|ban|cuon|dong|phan)\b")
_PERCENT = re.compile(r"\b(?:toan bo|tat ca|100 phan tram)\b")


@lru_cache(maxsize=65536)
def has_quantity(text: str) -> bool:
    """Whether the text states a quantity (see the module docstring)."""
    f = fold(text)
    masked = _NAMING.sub(" ", f)
    return bool(_NUMBER.search(masked) or _NUMBER_WORDS.search(masked) or _PERCENT.search(masked))


def quantities(text: str) -> list[str]:
    """The quantities of a text as written in it (folded offsets map 1:1 onto NFC text
    only approximately, so the folded form is returned: for tests and reports)."""
    masked = _NAMING.sub(lambda m: " " * len(m.group(0)), fold(text))
    return [m.group(0).strip() for m in _NUMBER.finditer(masked)]


# "bao nhiêu tiền", "mấy giờ": the unit a question asks for (hoi/data/questions.toml, [[unit]])
_ASKING = r"(?:bao nhieu|may|bn)"


@lru_cache(maxsize=1)
def _units() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    from .vocab import data_file

    out = []
    for u in data_file("questions.toml").get("unit", []):
        asked = "|".join(re.escape(a) for a in sorted(u["asked"], key=len, reverse=True))
        stated = "|".join(re.escape(w) for w in sorted(u["stated"], key=len, reverse=True))
        pattern = rf"(?<![a-z0-9]){_ASKING}\s+(?:{asked})(?![a-z0-9])"
        if u.get("asked_before"):
            before = "|".join(re.escape(a) for a in sorted(u["asked_before"], key=len, reverse=True))
            pattern += (rf"|(?<![a-z0-9])(?:{before})(?:\s+[a-z0-9]+){{0,6}}\s+{_ASKING}"
                        rf"(?:\s*$|\s+(?:mot|moi|1)\b)")
        out.append((u["kind"], re.compile(pattern), re.compile(rf"\d(?:[\d.,]*\d)?\s*(?:{stated})(?![a-z])")))
    return tuple(out)


def asked_unit(question: str) -> str | None:
    """The kind of quantity a question asks for by its unit ("bao nhiêu tiền" → "money"), if listed."""
    f = " ".join(re.findall(r"[0-9a-z%]+", fold(question)))
    return next((kind for kind, asked, _ in _units() if asked.search(f)), None)


@lru_cache(maxsize=65536)
def states_unit(text: str, kind: str) -> bool:
    """Whether the text states a number of that kind of quantity ("500.000 đồng" for money)."""
    f = _NAMING.sub(" ", fold(text))
    return any(stated.search(f) for k, _, stated in _units() if k == kind)


_COUNTED = re.compile(rf"(?<![a-z0-9]){_ASKING}\s+([a-z]+(?:\s+[a-z]+)?)")


def asked_noun(question: str) -> str | None:
    """The noun a how-many question counts ("in bao nhiêu bản" → "ban", "mấy điểm cầu" →
    "diem cau"), folded; None when it names none or names a unit of [[unit]]."""
    if asked_unit(question):
        return None
    f = " ".join(re.findall(r"[0-9a-z%]+", fold(question)))
    m = _COUNTED.search(f)
    return m.group(1) if m else None


@lru_cache(maxsize=65536)
def states_count_of(text: str, noun: str) -> bool:
    """Whether the text puts a number before the noun ("5.000 bản", "15 điểm cầu"); the noun's
    first word is enough ("15 điểm" for "điểm cầu")."""
    first = noun.split()[0]
    f = _NAMING.sub(" ", fold(text))
    names = "|".join(re.escape(w) for w in (noun, first, *_counters().get(first, ())))
    # a magnitude may stand between: "1,1 triệu lượt khách", "2,5 nghìn bản"
    return bool(re.search(rf"\d(?:[\d.,]*\d)?\s+(?:(?:nghin|ngan|trieu|ty|ti|van|tram)\s+)?"
                          rf"(?:{names})(?![a-z])", f))


@lru_cache(maxsize=1)
def _counters() -> dict[str, tuple[str, ...]]:
    """Counting words that count the same things ("bản", "cuốn", "quyển" of printed copies), from
    hoi/data/questions.toml [counters]: each group's words stand for one another."""
    from .vocab import data_file

    out: dict[str, tuple[str, ...]] = {}
    for group in data_file("questions.toml").get("counters", {}).get("groups", []):
        words = group.split()
        for w in words:
            out[w] = tuple(x for x in words if x != w)
    return out
