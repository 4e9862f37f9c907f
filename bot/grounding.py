"""Grounding check for generated answers: a sentence is kept only if its cited passages say it.

A language model paraphrases, and a paraphrase can quietly change who does what, add a "không"
or move a year. Cadres quote these answers, so the check is done in code, not left to the
prompt: every sentence must cite a passage it was given, and the cited passage(s) must contain
what the sentence says, measured on accent-folded syllables (the same folding the lexical index
uses, so "trach nhiem" and "trách nhiệm" count as one word).

A sentence is supported when
  1. it cites at least one passage, and only passages it was given (no "[9]" of 3);
  2. it has no number (year, date, count, document number) the cited passages do not have,
     no "không"/"chưa"/"chẳng" the passages do not have before the same word, no frequency or
     deadline ("hằng quý", "trước ngày") they do not have, and no capitalised name that
     stands next to neither of its neighbours in the passages ("Ban Dân vận", "Tỉnh ủy");
  3. it brings at most MAX_NEW_WORDS content syllables the passages lack (one two-syllable
     word such as "đối tượng"), at least MIN_UNIGRAM of its content syllables occur in the
     passages, and at least MIN_BIGRAM of its adjacent content-syllable pairs do.

Measured (tests/test_generate.py::SUPPORTED / UNSUPPORTED, 56 + 56 sentences written for 8
passages of the district plan: verbatim, lightly paraphrased, and unsupported ones: swapped
agencies, added negations, wrong years, invented deadlines, added details, wrong passage
cited). "Precision" is the share of accepted sentences that are supported; "recall" the share
of supported sentences accepted:

    thresholds (unigram, bigram, new words)   precision  recall
    guards only (0, 0, any)                     0.72      1.00
    0.75, 0.6, 2                                0.92      1.00
    0.75, 0.7, 2   <- chosen                    0.93      1.00   (4 of 56 unsupported accepted)
    0.75, 0.75, 2                               0.95      0.98
    0.75, 0.8, 2                                0.96      0.93
    0.75, 0.7, 3                                0.90      1.00

The 52 caught at the chosen point: 17 new words, 13 numbers, 11 names, 6 negations, 4
deadlines or frequencies, 1 low overlap. On every sentence of the plan's 36 body passages:
48/48 accepted when citing their own passage, 0/48 when citing a passage of another section.

What still passes is a role swap between two agencies that both occur in the passage ("Ban
Thường vụ Huyện ủy chịu trách nhiệm chủ trì" where Ban Tuyên giáo chủ trì and Ban Thường vụ is
helped), and one added word that changes the scope ("trong học sinh", "trực tiếp", "cả
nước"). Higher bigram thresholds trade these for honest paraphrases; a rejected good sentence
costs little (the caller shows the verbatim answer), so the chosen point keeps every paraphrase
of the set and leaves the residual to the passages that are always shown under the answer.
The sentences were written by the author of the check: the eval runner's faithfulness() on
real model output is the number to trust once a model is configured.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Protocol, Sequence

from hoi.text import fold, nfc, syllables

MIN_UNIGRAM = 0.75  # share of the sentence's content syllables found in the cited passages
MIN_BIGRAM = 0.7  # share of its adjacent content-syllable pairs found in the cited passages
MAX_NEW_WORDS = 2  # content syllables the passages do not have at all ("đối tượng" is two)
MIN_KEPT_SHARE = 0.5  # fall back when fewer than half of the sentences survive

# Function words of declarative Vietnamese, folded. Not hoi.text.STOPWORDS: that list is made
# for questions and drops "hội", "ban", "chi", "không", which in an answer are content
# ("Hội đồng", "Ban Tuyên giáo", "chi bộ") or a claim (a negation).
FUNCTION_WORDS = frozenset(
    """va voi cac nhung cua cho trong tren duoc co la thi ma se da dang de ve theo hoac mot
    tung den tu vao nay do nhu khi o boi qua cung con rang viec ca""".split()
)
# Words a faithful paraphrase adds to say who is responsible ("chịu trách nhiệm", "có nhiệm
# vụ", "được giao", "bao gồm"): not counted as content. The actor and the action must still
# come from the passage.
FRAMING = frozenset({"chiu", "trach", "nhiem", "vu", "giao", "gom", "bao"})
# Folded negators. "đừng"/"cấm" are left out: folded they collide with "dùng"/"cam".
NEGATORS = frozenset({"khong", "chua", "chang"})
# Frequency and deadline phrases ("hằng quý", "mỗi năm", "trước ngày", "cuối năm"): "đến khi
# nào" is what cadres ask, so an invented deadline must not pass.
TIME_HEADS = frozenset({"moi", "hang", "truoc", "cuoi", "dau", "tung", "sau"})
TIME_UNITS = frozenset({"ngay", "tuan", "thang", "quy", "nam"})
NOT_QUARTER = frozenset({"dinh", "trinh", "hoach", "mo", "che", "pham", "chuan", "luat", "tac", "doi", "tu"})
# A capitalised word opening a sentence is a name only after these heads ("Ủy ban …", "Ban …",
# "Hội đồng …", "Mặt trận …", "Phòng …", "Văn phòng …", "Đoàn …"); any other opening word is
# capitalised by grammar ("Theo", "Huyện", "Việc", and "Số", which folds like "Sở").
NAME_HEADS = frozenset({"uy", "ban", "hoi", "mat", "phong", "van", "doan"})

# "[1]", "[1, 2]", "[1;2]", "[1-3]", "[đoạn 2]", "[Đoạn trích 2]", "【1】": one citation group.
_CITE = re.compile(
    r"[\[【]\s*(?:(?:đoạn|doan|Đoạn|Doan)(?:\s+(?:trích|trich))?\s*)?"
    r"(\d{1,3}(?:\s*(?:[,;]|[-–—]|và)\s*\d{1,3})*)\s*[\]】]"
)
_CITE_WITH_SPACE = re.compile(rf"\s*{_CITE.pattern}")
# A citation group written after the full stop ("… nhân dân. [1]") belongs to that sentence.
_CITE_AFTER_STOP = re.compile(rf"([.!?…]+)((?:\s*{_CITE.pattern})+)")
_SENT_END = re.compile(r"(?<=[.!?…])\s+")
_BULLET = re.compile(r"^\s*(?:[-–—•*+]|\d{1,2}[.)])\s+")
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
_MARKDOWN = re.compile(r"(\*\*|__|`+|^#+\s*)", re.MULTILINE)
_LEAD_IN = re.compile(r"^(?:câu\s+)?trả\s+lời\s*:\s*", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"\w+")


class PassageLike(Protocol):
    """What the check needs of a passage: compose.Citation satisfies it."""

    n: int
    text: str
    doc_title: str
    label: str
    heading: str


@dataclass
class SentenceCheck:
    """The verdict on one sentence of a generated answer (kept for logs, tests and eval)."""

    text: str  # the sentence as written, citations included
    cites: list[int]
    supported: bool
    reason: str  # ok | uncited | out_of_range | number | negation | time | name | new_words | low_overlap | empty
    unigram: float = 0.0
    bigram: float = 0.0
    detail: str = ""  # e.g. the number or negation that is not in the passage

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["unigram"] = round(self.unigram, 3)
        d["bigram"] = round(self.bigram, 3)
        return d


@dataclass
class Verdict:
    """All sentences checked, and the answer rebuilt from the supported ones."""

    sentences: list[SentenceCheck] = field(default_factory=list)

    @property
    def kept(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if s.supported]

    @property
    def removed(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if not s.supported]

    @property
    def enough(self) -> bool:
        """At least one supported sentence, and at least half of all sentences supported."""
        total = len(self.sentences)
        return bool(self.kept) and len(self.kept) >= MIN_KEPT_SHARE * total

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.kept)


@dataclass
class _Evidence:
    unigrams: frozenset[str]
    bigrams: frozenset[str]
    numbers: frozenset[str]


def clean_output(raw: str) -> str:
    """Undo what chat models wrap around an answer: reasoning blocks, markdown, bullets."""
    text = nfc(raw or "")
    text = _THINK.sub(" ", text)
    text = _MARKDOWN.sub("", text)
    text = _LEAD_IN.sub("", text.lstrip())
    lines = [_BULLET.sub("", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def split_sentences(text: str) -> list[str]:
    """Sentences of a generated answer, each with the citation group that closes it.

    "… nhân dân. [1] Mặt trận … [2]." is read as two sentences citing [1] and [2]: models put
    the bracket on either side of the full stop, and a line break always ends a sentence.
    """
    out: list[str] = []
    fresh = True  # at the start of a line
    for line in clean_output(text).splitlines():
        line = _CITE_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), line)
        for part in (p.strip() for p in _SENT_END.split(line)):
            if not part:
                continue
            if out and not fresh and part[0].islower():
                out[-1] += " " + part  # "uy tín… để chuyển giao": not a new sentence
            else:
                out.append(part)
            fresh = False
        fresh = True
    return out


def cited_numbers(sentence: str) -> list[int]:
    """Passage numbers a sentence cites, in order, ranges expanded ("[1-3]" → 1, 2, 3)."""
    nums: list[int] = []
    for m in _CITE.finditer(sentence):
        group = m.group(1)
        for part in re.split(r"\s*(?:[,;]|và)\s*", group):
            rng = re.split(r"\s*[-–—]\s*", part)
            if len(rng) == 2 and rng[0].isdigit() and rng[1].isdigit() and int(rng[0]) <= int(rng[1]) <= int(rng[0]) + 10:
                nums.extend(range(int(rng[0]), int(rng[1]) + 1))
            else:
                nums.extend(int(x) for x in rng if x.isdigit())
    return list(dict.fromkeys(nums))  # first mention order, no repeats


def strip_citations(sentence: str) -> str:
    """The sentence without its citation marks ("… nhân dân [1]." → "… nhân dân.")."""
    return " ".join(_CITE_WITH_SPACE.sub("", sentence).split())


def canonical(sentence: str, cites: Sequence[int]) -> str:
    """The sentence in the house style of extractive answers: "… nhân dân. [1][2]"."""
    body = strip_citations(sentence).rstrip(" ,;:")
    if not body.endswith((".", "!", "?", "…")):
        body += "."
    return body + " " + "".join(f"[{n}]" for n in cites)


def _evidence(passages: Iterable[PassageLike]) -> _Evidence:
    uni: set[str] = set()
    bi: set[str] = set()
    nums: set[str] = set()
    for p in passages:
        # The model sees the document name, address and heading with each passage
        # ("Mục tiêu cụ thể đến năm 2030"), so a sentence may take words from them too.
        for part in (p.doc_title, p.label, p.heading, p.text):
            syl = syllables(part or "")
            uni.update(syl)
            bi.update(f"{a}_{b}" for a, b in zip(syl, syl[1:]))
            nums.update(_norm_num(x) for x in _NUMBER.findall(fold(part or "")))
    return _Evidence(frozenset(uni), frozenset(bi), frozenset(nums))


def _is_content(s: str) -> bool:
    return s not in FUNCTION_WORDS and s not in FRAMING


def _norm_num(x: str) -> str:
    return x.lstrip("0") or "0"


def check_sentence(
    sentence: str,
    passages: Sequence[PassageLike],
    min_unigram: float = MIN_UNIGRAM,
    min_bigram: float = MIN_BIGRAM,
    max_new_words: int = MAX_NEW_WORDS,
) -> SentenceCheck:
    """Is this one sentence said by the passages it cites? (See the module docstring.)

    The guards run before the overlap thresholds because each of them names a specific way a
    fluent sentence can be wrong while sharing nearly all its words with the passage.
    """
    by_n = {p.n: p for p in passages}
    cites = cited_numbers(sentence)
    body = strip_citations(sentence)
    syl = syllables(body)
    if not syl:
        return SentenceCheck(sentence, cites, False, "empty")
    if not cites:
        return SentenceCheck(sentence, cites, False, "uncited")
    bad = [n for n in cites if n not in by_n]
    if bad:
        return SentenceCheck(sentence, cites, False, "out_of_range", detail=",".join(map(str, bad)))

    ev = _evidence(by_n[n] for n in cites)
    content = [s for s in syl if s not in FUNCTION_WORDS and s not in FRAMING] or syl
    uni = sum(s in ev.unigrams for s in content) / len(content)
    # pairs of adjacent content syllables: the two-syllable words ("tuyên giáo", "chủ trì");
    # pairs across function words ("là Ban") only measure word order, which paraphrase changes
    pairs = [f"{a}_{b}" for a, b in zip(syl, syl[1:]) if _is_content(a) and _is_content(b)]
    bi = (sum(b in ev.bigrams for b in pairs) / len(pairs)) if pairs else uni
    check = SentenceCheck(sentence, cites, True, "ok", uni, bi)

    def reject(reason: str, detail: str = "") -> SentenceCheck:
        check.supported, check.reason, check.detail = False, reason, detail
        return check

    foreign = [x for x in (_norm_num(n) for n in _NUMBER.findall(fold(body))) if x not in ev.numbers]
    if foreign:
        return reject("number", ",".join(foreign))
    for i, s in enumerate(syl):
        if s in NEGATORS:
            # the negation must stand before the same word in the passage: "không ngừng" in
            # the passage does not license "không chủ trì" in the answer
            pair = f"{s}_{syl[i + 1]}" if i + 1 < len(syl) else None
            if (pair and pair not in ev.bigrams) or (not pair and s not in ev.unigrams):
                return reject("negation", " ".join(syl[i:i + 2]))
    for i in range(len(syl) - 1):
        head, unit = syl[i], syl[i + 1]
        if head in TIME_HEADS and unit in TIME_UNITS and f"{head}_{unit}" not in ev.bigrams:
            if unit == "quy" and i + 2 < len(syl) and syl[i + 2] in NOT_QUARTER:
                continue  # "đổi mới quy trình", not "mỗi quý"
            return reject("time", f"{head} {unit}")
    name = _foreign_name(body, ev)
    if name:
        return reject("name", name)
    new = [s for s in content if s not in ev.unigrams]
    if len(new) > max_new_words:
        return reject("new_words", " ".join(new))
    if uni < min_unigram or bi < min_bigram:
        return reject("low_overlap")
    return check


def _foreign_name(body: str, ev: _Evidence) -> str:
    """A capitalised word that stands next to neither of its neighbours in the passages.

    Organisation names are what a paraphrase swaps most dangerously ("Ban Dân vận" for
    "Ban Tuyên giáo", "Tỉnh ủy" for "Huyện ủy"), and each syllable of the wrong name often
    occurs somewhere in the passage; the pair around a capital letter rarely does.
    """
    words = _WORD.findall(body)

    def found(a: str, b: str) -> bool:
        syl = syllables(f"{a} {b}")
        return all(f"{x}_{y}" in ev.bigrams for x, y in zip(syl, syl[1:]))

    for i, w in enumerate(words):
        if not w[:1].isupper() or w.isdigit():
            continue
        if i == 0:
            if fold(w) not in NAME_HEADS or len(words) < 2:
                continue
            pairs = [(w, words[1])]
        else:
            pairs = [(words[i - 1], w)] + ([(w, words[i + 1])] if i + 1 < len(words) else [])
        if not any(found(a, b) for a, b in pairs):
            return " ".join(words[max(0, i - 1):i + 2])
    return ""


def check_answer(
    text: str,
    passages: Sequence[PassageLike],
    min_unigram: float = MIN_UNIGRAM,
    min_bigram: float = MIN_BIGRAM,
    max_new_words: int = MAX_NEW_WORDS,
) -> Verdict:
    """Check every sentence of a generated answer; supported ones come back in house style."""
    verdict = Verdict()
    for sent in split_sentences(text):
        check = check_sentence(sent, passages, min_unigram, min_bigram, max_new_words)
        if not check.cites and (check.reason == "empty" or strip_citations(sent).endswith(":")):
            continue  # stray punctuation or a lead-in ("Theo Kế hoạch:"), not a claim
        if check.supported:
            check.text = canonical(sent, check.cites)
        verdict.sentences.append(check)
    return verdict


def precision_recall(
    cases: Sequence[tuple[str, bool]],
    passages: Sequence[PassageLike],
    min_unigram: float = MIN_UNIGRAM,
    min_bigram: float = MIN_BIGRAM,
    max_new_words: int = MAX_NEW_WORDS,
) -> dict[str, float]:
    """Precision and recall of "supported" on labelled sentences (label True = supported).

    Precision is the share of accepted sentences that really are supported (what a reader
    relies on); recall is the share of supported sentences accepted (how often a good
    generated answer survives instead of falling back to the verbatim one).
    """
    tp = fp = fn = tn = 0
    for sentence, label in cases:
        ok = check_sentence(sentence, passages, min_unigram, min_bigram, max_new_words).supported
        tp += ok and label
        fp += ok and not label
        fn += (not ok) and label
        tn += (not ok) and not label
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "tn": tn}
