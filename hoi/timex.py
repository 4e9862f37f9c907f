"""One time grammar for Vietnamese administrative text, shared by the registers and question reading.

Plans state time in a small, regular vocabulary: "trước ngày 31/3/2025", "trước ngày 20/12 hằng
năm", "trong quý II/2025", "quý IV năm 2025", "tháng 9/2025", "tháng 9 năm 2025", "năm 2026",
"giai đoạn 2025 - 2030", "đến năm 2030", "tầm nhìn đến năm 2045", "hằng năm", "định kỳ 3
tháng", "3 năm một lần", "thường xuyên", "trong thời hạn 15 ngày làm việc". Each match has a
kind the deadlines register uses: "year" (a target year), "horizon" (tầm nhìn), "date" (a day,
month or quarter, with or without a year), "recurring", "stage" (a period or a review point),
"duration" (a time limit counted from an event). Patterns are matched on the accented text,
case-insensitively, and on folded text for questions typed without accents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import fold

_ROMAN_Q = r"IV|I{1,3}|[1-4]"
_NUM_WORD = r"\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười hai"
_UNIT = r"ngày(?:\s+làm\s+việc)?|tuần|tháng|quý|năm"
_PREP = (r"(?:(?:hoàn thành|xong|chậm nhất là|chậm nhất|không muộn hơn)\s+)?"
         r"(?:trước|đến hết|đến cuối|đến|tới|trong|từ|sau|vào|cuối|đầu|giữa)\s+")
_RECUR = (r"định kỳ(?:\s+(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần)|\s+(?:" + _NUM_WORD + r")\s+(?:tháng|năm|quý)"
          r"(?:\s+(?:một|1)\s+lần)?)?"
          r"|thường xuyên|liên tục"
          r"|(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)|mỗi\s+(?:năm|quý|tháng|tuần)"
          r"|(?:" + _NUM_WORD + r")\s+(?:tháng|năm|quý)\s+(?:một|1)\s+lần")

# (kind, pattern): where two overlap, the longer wins (see find_time_expressions).
TIME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("horizon", re.compile(r"tầm nhìn\s+(?:đến|tới)\s+năm\s+(?P<y>\d{4})", re.I)),
    ("stage", re.compile(r"(?:giai đoạn|nhiệm kỳ|thời kỳ)\s+(?P<y1>\d{4})\s*[-–—]\s*(?P<y>\d{4})", re.I)),
    ("stage", re.compile(r"(?<![\d/])(?P<y1>(?:19|20)\d{2})\s*[-–—]\s*(?P<y>(?:19|20)\d{2})(?![\d/])")),
    ("date", re.compile(rf"(?:{_PREP})?ngày\s+(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>\d{{4}})", re.I)),
    ("date", re.compile(rf"(?:{_PREP})?ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s+năm\s+(?P<y>\d{{4}})", re.I)),
    # a day that comes back every year: "trước ngày 20/12 hằng năm", "ngày 15 tháng 6"
    ("date", re.compile(rf"(?:{_PREP})?ngày\s+(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?![\d/])"
                        rf"(?:\s+(?:hằng|hàng)\s+năm)?", re.I)),
    ("date", re.compile(rf"(?:{_PREP})?ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})(?!\s*(?:năm\s+)?\d)"
                        rf"(?:\s+(?:hằng|hàng)\s+năm)?", re.I)),
    # a day of every month or of a month named by its place: "trước ngày 15 hằng tháng",
    # "trước ngày 20 của tháng cuối quý", "ngày 5 tháng đầu quý"
    ("date", re.compile(rf"(?:{_PREP})?ngày\s+(?P<d>\d{{1,2}})\s+(?:của\s+)?(?:(?:hằng|hàng|mỗi)\s+(?:tháng|quý)"
                        rf"|tháng\s+(?:đầu|cuối|sau|tiếp\s+theo|trước)(?:\s+(?:quý|năm|kỳ\s+báo\s+cáo|kỳ))?)", re.I)),
    ("date", re.compile(rf"(?:{_PREP})?tháng\s+(?P<m>\d{{1,2}})\s*(?:/|năm)\s*(?P<y>\d{{4}})", re.I)),
    # a month with no year ("trong tháng 10", "tháng 9 hằng năm"): a number after "tháng", not
    # before it ("12 tháng" is a span of time)
    ("date", re.compile(rf"(?:{_PREP})?tháng\s+(?P<m>0?[1-9]|1[0-2])(?![\d/.,])(?!\s*(?:năm\s+)?\d)"
                        rf"(?:\s+(?:hằng|hàng)\s+năm)?", re.I)),
    # a day and month written without "ngày", after a preposition ("trước 30/6", "từ 15/5/2026";
    # "3/4 số xã" is a share)
    ("date", re.compile(rf"(?:{_PREP})(?<![\w/.,])(?P<d>[12]?\d|3[01])/(?P<m>0?[1-9]|1[0-2])"
                        rf"(?:/(?P<y>\d{{4}}))?(?![\w/])(?:\s+(?:hằng|hàng)\s+năm)?", re.I)),
    ("date", re.compile(rf"(?:{_PREP})?quý\s+(?P<q>{_ROMAN_Q})\s*(?:/|năm)\s*(?P<y>\d{{4}})", re.I)),
    ("date", re.compile(rf"(?:{_PREP})?quý\s+(?P<q>{_ROMAN_Q})\b(?:\s+(?:hằng|hàng)\s+năm)?", re.I)),
    ("date", re.compile(r"(?P<half>6|06|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?", re.I)),
    ("year", re.compile(rf"(?:{_PREP})?năm\s+(?P<y>(?:19|20)\d{{2}})\b", re.I)),
    ("duration", re.compile(rf"(?:trong\s+(?:thời\s+hạn|vòng)|thời\s+hạn|chậm\s+nhất|không\s+quá|sau)\s+"
                            rf"(?P<n>\d{{1,3}})\s+(?:{_UNIT})(?:\s+kể\s+từ\s+(?:ngày\s+)?[^,;.]{{0,60}})?", re.I)),
    ("recurring", re.compile(rf"\b(?:{_RECUR})\b", re.I)),
    ("stage", re.compile(r"\bsơ kết(?:\s*,\s*|\s+và\s+)tổng kết\b|\bsơ kết\b|\btổng kết\b", re.I)),
]


@dataclass(frozen=True)
class TimeExpression:
    kind: str
    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None


def find_time_expressions(text: str) -> list[tuple[str, int, int, re.Match[str]]]:
    """(kind, start, end, match) of every time expression, longest first where they overlap."""
    cands = []
    for kind, pat in TIME_PATTERNS:
        for m in pat.finditer(text):
            cands.append((kind, m.start(), m.end(), m))
    cands.sort(key=lambda c: (c[1], -(c[2] - c[1])))
    kept: list[tuple[str, int, int, re.Match[str]]] = []
    for c in cands:
        if kept and c[1] < kept[-1][2]:
            continue
        kept.append(c)
    return kept


def time_expressions(text: str) -> list[TimeExpression]:
    out = []
    for kind, s, e, m in find_time_expressions(text):
        gd = m.groupdict()
        num = lambda k: int(gd[k]) if gd.get(k) and gd[k].isdigit() else None  # noqa: E731
        out.append(TimeExpression(kind, s, e, text[s:e], num("y"), num("m"), num("d")))
    return out


# Folded forms, for questions and passages compared without accents.
_F_RECUR = fold(_RECUR)
_RE_FOLDED_TIME = re.compile(
    r"\b(?:nam (?:19|20)\d{2}|(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    r"|ngay \d{1,2} thang \d{1,2}|thang \d{1,2}(?:/| nam )\d{4}|thang (?:0?[1-9]|1[0-2])(?! ?[/.,]?\d)"
    r"|quy (?:iv|i{1,3}|[1-4])\b"
    r"|6 thang (?:dau|cuoi) nam|giai doan|nhiem ky|lau dai|truoc mat|so ket|tong ket"
    r"|(?:trong )?thoi han \d{1,3} (?:ngay|tuan|thang|nam)|khong qua \d{1,3} (?:ngay|tuan|thang|nam)"
    # any span of time counted in units ("tối thiểu 12 tháng", "trong vòng 02 giờ", "chậm nhất
    # 30 ngày trước"): the answer to "bao lâu"
    r"|(?:\d{1,3}(?:[.,]\d)?|mot|hai|ba|bon|sau|bay|tam|chin|muoi) (?:ngay|tuan|thang|nam|gio|tieng|phut)(?! \d)"
    r"|" + _F_RECUR + r")\b")
_RE_FOLDED_DAY = re.compile(r"\b(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|ngay \d{1,2} thang \d{1,2}"
                            r"|ngay \d{1,2} (?:cua )?(?:(?:hang|moi) (?:thang|quy)|thang (?:dau|cuoi|sau|tiep theo|truoc)))\b")


@lru_cache(maxsize=65536)
def has_time(text: str) -> bool:
    """Whether a passage states any time: a "khi nào" question needs one."""
    folded = _folded(text)
    return bool(_RE_FOLDED_TIME.search(folded) or _RE_FOLDED_DAY.search(folded))


@lru_cache(maxsize=65536)
def has_day(text: str) -> bool:
    """Whether a passage states a day ("31/3/2025", "20/12 hằng năm", "ngày 15 tháng 6"):
    a "ngày nào" question needs one."""
    return bool(_RE_FOLDED_DAY.search(_folded(text)))


DUE_KINDS = ("date", "year", "duration")


@lru_cache(maxsize=65536)
def states_due(text: str) -> bool:
    """Whether a passage states when something is due (a day, month, quarter, year or time
    limit), not only how often or in which stage: "hạn khi nào" is answered by "Quý IV/2026"
    before "định kỳ 2 năm"."""
    return any(kind in DUE_KINDS for kind, *_ in find_time_expressions(text))


@lru_cache(maxsize=65536)
def states_day_or_term(text: str) -> bool:
    """Whether a passage states a day, month or quarter, or a time limit: more precisely due than
    a year ("trước ngày 15/5/2026" before "năm 2026")."""
    return any(kind in ("date", "duration") for kind, *_ in find_time_expressions(text))


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[0-9a-z/]+|-", fold(text)))
