"""Duties and deadlines registers: "who must do what, by when", extracted once at ingest time.

A cadre's most frequent question about a plan is not "what does it say about X" but "what does
*my* body have to do, and by when". Retrieval finds passages; these registers answer that question
directly, one row per assignment and one row per time expression, each row carrying the address
(section, para) and the full passage so an answer can quote and cite it.

How duties are found
--------------------
Part IV ("Tổ chức thực hiện") of a Party plan, and many bullets of parts I-III, follow a small
grammar of administrative Vietnamese:

    [đồng thời,] SUBJECT  [chủ trì,] [phối hợp (cùng) với PARTNER] [giúp / tham mưu BODY]  TASK
                 SUBJECT  chỉ đạo BODY TASK
    Phát huy vai trò của BODY trong (việc) TASK         Nâng cao trách nhiệm của BODY, TASK
    Lãnh đạo, chỉ đạo BODY ... trong việc TASK          TASK là trách nhiệm của BODY

Bodies are recognised by `hoi.actors` (a lexicon matched with diacritics, plus a proper-name rule
for capitalised organisations it does not know). underthesea supplies the rest: word segmentation
(with the recognised names passed as fixed words so a name stays one token) and POS tags, which
tell where a subject ends and the predicate's verb begins ("… từ huyện đến cơ sở | tiếp tục nâng
cao …"). A clause with no subject of its own after ";" or "đồng thời" continues the previous
subject ("…; đồng thời, phối hợp báo cáo …").

The role is read from the predicate's leading verbs, the most specific one winning: "chủ trì",
"chỉ đạo", "tham mưu"/"giúp", "giám sát" (also "phối hợp giám sát", "tăng cường giám sát"),
"phối hợp", else "thực hiện". The task is the document's own words (an exact substring of the
passage); for a "chủ trì, phối hợp với Y giúp Z" frame it starts after the frame, so it reads as
the action itself.

How deadlines are found
-----------------------
Time expressions are a closed, regular vocabulary ("đến năm 2030", "tầm nhìn đến năm 2045",
"trước ngày 31/12/2025", "giai đoạn 2021 - 2025", "định kỳ", "thường xuyên", "hằng năm",
"sơ kết, tổng kết"), so they are matched with a few patterns. Kinds: "year" (a target year),
"horizon" ("tầm nhìn đến năm …"), "date" (day or month), "recurring", "stage" (a period,
"giai đoạn 2021 - 2025", or a review point, "sơ kết, tổng kết"). A date that only identifies a cited
document ("Nghị quyết số 45-NQ/TW ngày 24/11/2023") and anything inside the quoted title of a cited
document ("… về “Phát triển nguồn nhân lực … giai đoạn 2021 - 2025, tầm nhìn đến năm 2030”") is
marked `is_reference`: it is not a deadline. A heading's time expression ("2. Mục tiêu cụ thể đến
năm 2030") governs every unit under it and gives one row per unit.

The implementation chain
------------------------
`link_chain` links each duty of a lower-level document to the clauses of the document(s) it
implements (manifest `implements`), by IDF-weighted overlap of folded syllables and syllable
bigrams, plus a bonus when the parent clause names the same kind of body at its own level
("Ban Tuyên giáo Tỉnh ủy" for "Ban Tuyên giáo Huyện ủy") or sits under the same kind of heading.
"""
from __future__ import annotations

import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as _date
from functools import lru_cache
from typing import Iterable

from hoi.actors import Mention, actor_family, canonical_actor, find_mentions, may_name_organisation
from hoi.models import Chunk
from hoi.timex import find_time_expressions
from hoi.text import STOPWORDS, UPPER_CLASS, fold, lexical_tokens

# The register model (rows, Registers) lives in hoi/registers.py so that bot/ reads registers
# without importing ingest; re-exported here for the code and tests that import it from ingest.
from hoi.registers import DEADLINE_KINDS, FORMAT_VERSION, ROLES, DeadlineRow, DutyRow, Registers  # noqa: F401


# underthesea's package __init__ eagerly imports its translation/classification/dependency
# pipelines, which pull in torch and transformers (~1.8 s) although segmentation and POS tagging
# are small CRF models. Importing it for the first time with those optional modules marked
# unavailable (None in sys.modules, which its __init__ tolerates) keeps the import at ~0.2 s; the
# marks are removed right after so an explicit later import of those modules still works.
_HEAVY_OPTIONAL = ("underthesea.pipeline.classification", "underthesea.pipeline.sentiment",
                   "underthesea.pipeline.lang_detect", "underthesea.pipeline.dependency_parse",
                   "underthesea.pipeline.translate", "underthesea.agent", "underthesea.address")


@lru_cache(maxsize=1)
def _nlp():
    blocked = []
    if "underthesea" not in sys.modules:
        for name in _HEAVY_OPTIONAL:
            if name not in sys.modules:
                sys.modules[name] = None  # type: ignore[assignment]
                blocked.append(name)
    try:
        from underthesea import word_tokenize
    finally:
        for name in blocked:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return word_tokenize, _pos_tagger()


def _pos_tagger():
    """A function tokens -> tags.

    underthesea's "v2.0" POS model (what `pos_tag(..., model="v2.0")` loads) computes features in
    Rust: ~7x faster than the default Python-featurised CRF, and on this plan it tags the
    administrative verbs the default model calls nouns ("chủ trì", "quán triệt", "sơ kết") as
    verbs. We call it on our own tokens because `pos_tag` would re-segment the text without the
    body names as fixed words. If that model is missing, fall back to the default one.
    """
    try:
        from os.path import dirname, join

        import underthesea.pipeline.pos_tag as pos_pkg
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

        model = FastCRFSequenceTagger()
        model.load(join(dirname(pos_pkg.__file__), "models", "pos_crf_vlsp2013_20230303"))
        return lambda tokens: [t[2:] if t.startswith(("B-", "I-")) else t for t in model.predict([[t] for t in tokens])]
    except Exception:  # pragma: no cover - depends on the installed underthesea
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        crf = CRFPOSTagPredictor.Instance()
        return lambda tokens: [t for _, t in crf.predict(tokens)]


def fold_aligned(text: str) -> str:
    """fold() character by character, so offsets into the result are offsets into `text`."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else " ")
    return "".join(out)


# =============================================================================================
# Items: words (with POS) and recognised bodies
# =============================================================================================

@dataclass
class Item:
    text: str
    start: int
    end: int
    pos: str
    f: str  # folded, single-spaced
    mention: Mention | None = None

    @property
    def is_actor(self) -> bool:
        return self.mention is not None

    @property
    def is_verb(self) -> bool:
        return self.mention is None and self.pos.startswith("V")


def _align(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Character spans of segmenter tokens (which may be re-normalised, e.g. "hoá" -> "hóa")."""
    ft = fold_aligned(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens:
        f = fold_aligned(tok)
        idx = ft.find(f, pos)
        if idx < 0 or idx - pos > 40:
            first = f.split(" ")[0]
            idx = ft.find(first, pos)
            if idx < 0:
                spans.append((pos, pos))
                continue
            spans.append((idx, idx + len(first)))
            pos = idx + len(first)
            continue
        spans.append((idx, idx + len(f)))
        pos = idx + len(f)
    return spans


def analyse(text: str) -> list[Item]:
    """Segment, tag and recognise bodies in one passage."""
    word_tokenize, tagger = _nlp()
    lex = find_mentions(text)
    fixed = sorted({text[m.start:m.end] for m in lex if not m.weak and " " in text[m.start:m.end]},
                   key=len, reverse=True)
    try:
        tokens = word_tokenize(text, fixed_words=fixed)
    except BaseException as exc:  # underthesea's Rust core can panic (pyo3 PanicException is a BaseException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        try:  # without the fixed names first; if that panics too, plain syllables: a row is never lost
            tokens = word_tokenize(text)
        except BaseException as exc2:
            if isinstance(exc2, (KeyboardInterrupt, SystemExit)):
                raise
            tokens = text.split()
    spans = _align(text, tokens)
    tags = tagger(tokens) if tokens else []
    mentions = find_mentions(text, [s for s in spans if s[1] > s[0]])
    items: list[Item] = []
    mi = 0
    for tok, (s, e), tag in zip(tokens, spans, tags):
        if e <= s:
            continue
        while mi < len(mentions) and mentions[mi].end <= s:
            mi += 1
        m = mentions[mi] if mi < len(mentions) else None
        if m and s < m.end and e > m.start:
            if not items or items[-1].mention is not m:
                items.append(Item(text[m.start:m.end], m.start, m.end, "N", fold(text[m.start:m.end]), m))
            if e > m.end:  # a token that runs past the name: keep the rest as a word
                rest = text[m.end:e].strip()
                if rest:
                    rs = text.index(rest, m.end)
                    items.append(Item(rest, rs, rs + len(rest), tag, fold(rest)))
            continue
        items.append(Item(text[s:e], s, e, tag, fold(text[s:e])))
    return items


# =============================================================================================
# Phrase helpers
# =============================================================================================

def _syl(items: list[Item], i: int, j: int) -> list[tuple[str, int]]:
    """Folded syllables of items[i:j], each with the index of its item (punctuation kept)."""
    out: list[tuple[str, int]] = []
    for k in range(i, j):
        it = items[k]
        if it.is_actor:
            out.append(("<actor>", k))
            continue
        for s in (it.f.split() or [it.f]):
            out.append((s, k))
    return out


def _starts(items: list[Item], i: int, j: int, phrase: str) -> int | None:
    """Index after `phrase` (folded, "," allowed) if items[i:j] begin with it on an item boundary."""
    want = phrase.replace(",", " , ").split()
    syl = _syl(items, i, min(j, i + len(want) + 2))
    if len(syl) < len(want) or [s for s, _ in syl[:len(want)]] != want:
        return None
    last_item = syl[len(want) - 1][1]
    if len(syl) > len(want) and syl[len(want)][1] == last_item:
        return None  # phrase ends inside a word
    return last_item + 1


def _first_of(items: list[Item], i: int, j: int, phrases: Iterable[str]) -> tuple[str, int] | None:
    for p in phrases:
        k = _starts(items, i, j, p)
        if k is not None:
            return p, k
    return None


def _span_text(text: str, items: list[Item], i: int, j: int) -> tuple[str, int] | None:
    """Text of items[i:j] without leading/trailing punctuation, and its offset."""
    while i < j and _is_punct(items[i]):
        i += 1
    while j > i and _is_punct(items[j - 1]):
        j -= 1
    if i >= j:
        return None
    return text[items[i].start:items[j - 1].end], items[i].start


def _is_punct(it: Item) -> bool:
    return not it.is_actor and not re.search(r"\w", it.text)


def _comma(it: Item) -> bool:
    return not it.is_actor and it.text == ","


# =============================================================================================
# Clauses
# =============================================================================================

@dataclass
class Clause:
    i: int  # first item
    j: int  # one past the last item
    sentence: int
    after: str | None  # the separator before it: ";" or "." (None for the first)


def _clauses(items: list[Item]) -> list[Clause]:
    out: list[Clause] = []
    start, sent, after = 0, 0, None
    for k, it in enumerate(items):
        if it.is_actor:
            continue
        sep = None
        if it.text == ";":
            sep = ";"
        elif it.text in (".", "!", "?") and (k + 1 == len(items) or items[k + 1].text[:1].isupper()
                                            or items[k + 1].text[:1] in "-–•"):
            sep = "."
        if sep:
            if k > start:
                out.append(Clause(start, k, sent, after))
            start, after = k + 1, sep
            if sep == ".":
                sent += 1
    if start < len(items):
        out.append(Clause(start, len(items), sent, after))
    return out


# Words at the head of a clause that link it to the previous one.
CONNECTORS = ("đồng thời", "bên cạnh đó", "ngoài ra", "mặt khác", "trên cơ sở đó", "đặc biệt")
# Verbs that hand a task to the body after them: "Giao Văn phòng Huyện ủy theo dõi …".
DIRECTIVES = ("giao cho", "giao", "đề nghị", "yêu cầu")
# Modifiers skipped when reading the role from the predicate's leading verbs.
LEAD_SKIP = ("có trách nhiệm", "chịu trách nhiệm", "tăng cường", "tiếp tục", "tích cực", "chủ động",
             "thường xuyên", "định kỳ", "kịp thời", "chú trọng công tác", "chú trọng", "tập trung",
             "quan tâm")
# Starts of a predicate that the tagger may not tag as a verb.
PRED_STARTS = ("chủ trì", "phối hợp", "chỉ đạo", "tham mưu", "giúp", "giám sát", "định kỳ",
               "thường xuyên", "hằng năm", "hàng năm", "có trách nhiệm", "chịu trách nhiệm")
LIST_SEPARATORS = (",", "và", "cùng", "nhất là", "đặc biệt là", "trong đó có")


def _fz(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(fold(p) for p in phrases)


_CONNECTORS_F = _fz(CONNECTORS)
_DIRECTIVES_F = _fz(DIRECTIVES)
_LEAD_SKIP_F = _fz(LEAD_SKIP)
_PRED_STARTS_F = _fz(PRED_STARTS)
_LIST_SEP_F = _fz(LIST_SEPARATORS)


@dataclass
class Frame:
    """What a clause says about who does its task: carried over to a clause without subject."""

    subjects: list[Mention]
    role: str
    partners: list[Mention] = field(default_factory=list)
    partner_role: str = "phối hợp"
    beneficiary: Mention | None = None
    # a time set before the subject ("Phấn đấu đến năm 2030, huyện …") governs the clauses that
    # continue the sentence; one inside a predicate ("… thường xuyên tuyên truyền") does not
    timeframe: str | None = None


@dataclass
class _Pred:
    role: str
    explicit: bool
    task_i: int
    partners: list[Mention]
    partner_role: str
    beneficiary: Mention | None
    directed: tuple[Mention, int] | None


def _actor_list(items: list[Item], i: int, j: int, allow_weak: bool) -> tuple[list[Mention], int]:
    """Bodies listed from items[i] ("A, B và C"); returns them and the index after the list."""
    found: list[Mention] = []
    k = i
    while k < j and items[k].is_actor:
        m = items[k].mention
        assert m is not None
        if m.weak and not allow_weak:
            break
        found.append(m)
        k += 1
        sep = _first_of(items, k, j, _LIST_SEP_F)
        if sep and sep[1] < j and items[sep[1]].is_actor:
            k = sep[1]
            continue
        break
    return found, k


def _is_pred_start(items: list[Item], k: int, j: int) -> bool:
    if k >= j:
        return False
    it = items[k]
    if it.is_actor or _is_punct(it):
        return False
    if it.is_verb or _first_of(items, k, j, _PRED_STARTS_F):
        return True
    return it.pos in ("R", "A") and k + 1 < j and items[k + 1].is_verb


def _partner_phrase(text: str, items: list[Item], k: int, j: int) -> tuple[list[Mention], int]:
    """Bodies after "phối hợp với": recognised names, or a noun phrase up to the next verb."""
    found, after = _actor_list(items, k, j, allow_weak=True)
    if found:
        return found, after
    m = k
    while m < j and not (items[m].is_verb and items[m].f not in ("co", "lien quan", "truc thuoc")) and not _is_punct(items[m]):
        m += 1
    if m > k and m < j:
        phrase = text[items[k].start:items[m - 1].end]
        key, display = canonical_actor(phrase)
        return [Mention(items[k].start, items[m - 1].end, (key,), (display,), False, True)], m
    return [], k


def _predicate(text: str, items: list[Item], a: int, b: int) -> _Pred:
    """Read the role and where the task starts from the leading verbs of a predicate."""
    while a < b and _comma(items[a]):
        a += 1
    k = a
    while True:
        hit = _first_of(items, k, b, _LEAD_SKIP_F)
        if not hit:
            break
        k = hit[1]
        while k < b and _comma(items[k]):
            k += 1
    partners: list[Mention] = []
    beneficiary: Mention | None = None

    def take_beneficiary(k: int) -> int:
        nonlocal beneficiary
        hit = _first_of(items, k, b, _fz(("tham mưu giúp", "tham mưu cho", "tham mưu", "giúp")))
        if hit:
            k = hit[1]
            if k < b and items[k].is_actor:
                beneficiary = items[k].mention
                k += 1
        return k

    def take_partners(k: int) -> int | None:
        nonlocal partners
        hit = _first_of(items, k, b, _fz(("phối hợp chặt chẽ với", "phối hợp cùng với", "phối hợp với",
                                           "phối hợp cùng")))
        if not hit:
            return None
        partners, k = _partner_phrase(text, items, hit[1], b)
        return k

    if _starts(items, k, b, fold("chủ trì")) is not None:
        k = _starts(items, k, b, fold("chủ trì")) or k
        while k < b and _comma(items[k]):
            k += 1
        after = take_partners(k)
        if after is not None:
            k = after
        k = take_beneficiary(k)
        return _Pred("chủ trì", True, k, partners, "phối hợp", beneficiary, None)
    after = take_partners(k)
    if after is not None:
        k2 = take_beneficiary(after)
        role = "giám sát" if _first_of(items, k2, b, _fz(("giám sát", "kiểm tra, giám sát"))) else "phối hợp"
        return _Pred(role, True, k2, partners, "thực hiện", beneficiary, None)
    if _starts(items, k, b, fold("phối hợp")) is not None:
        k2 = _starts(items, k, b, fold("phối hợp")) or k
        role = "giám sát" if _first_of(items, k2, b, _fz(("giám sát", "kiểm tra, giám sát"))) else "phối hợp"
        return _Pred(role, True, a, [], "thực hiện", None, None)
    hit = _first_of(items, k, b, _fz(("lãnh đạo, chỉ đạo", "lãnh đạo chỉ đạo", "chỉ đạo", "lãnh đạo")))
    if hit:
        k2 = hit[1]
        directed = None
        if k2 < b and items[k2].is_actor and _is_pred_start(items, k2 + 1, b):
            directed = (items[k2].mention, k2 + 1)
        return _Pred("chỉ đạo", True, a, [], "thực hiện", None, directed)
    if _first_of(items, k, b, _fz(("tham mưu", "giúp"))):
        k2 = take_beneficiary(k)
        # "X tham mưu Ban Thường vụ <task>": like the chủ trì frame, the task is what follows
        return _Pred("tham mưu", True, k2 if beneficiary else a, [], "thực hiện", beneficiary, None)
    if _first_of(items, k, b, _fz(("giám sát", "kiểm tra, giám sát", "kiểm tra giám sát"))):
        return _Pred("giám sát", True, a, [], "thực hiện", None, None)
    return _Pred("thực hiện", False, a, [], "thực hiện", None, None)


# =============================================================================================
# Duties
# =============================================================================================

class _DutyBuilder:
    def __init__(self, chunk: Chunk, items: list[Item], deadlines: list[DeadlineRow]) -> None:
        self.c = chunk
        self.text = chunk.text
        self.items = items
        self.rows: list[DutyRow] = []
        self.time_spans = [(d.start, d.start + len(d.expression), d.expression) for d in deadlines
                           if d.source == "text" and not d.is_reference and d.start is not None]
        self.heading_time = next((d.expression for d in deadlines if d.source == "heading"), None)

    # -- row output -----------------------------------------------------------------------------
    def emit(self, mentions: list[Mention], role: str, task_i: int, b: int, rule: str,
             others: list[Mention], timeframe: str | None) -> None:
        span = _span_text(self.text, self.items, task_i, b)
        if not span or len(span[0].split()) < 2:
            return
        task, start = span
        other_keys = [k for m in others for k in m.keys]
        for m in mentions:
            for key, display in zip(m.keys, m.displays):
                if any(r.actor_key == key and r.role == role and r.start == start for r in self.rows):
                    continue
                partners = [k for k in other_keys + [k2 for m2 in mentions for k2 in m2.keys] if k != key]
                self.rows.append(DutyRow(
                    actor=display, actor_key=key, role=role, task=task, timeframe=timeframe,
                    doc_id=self.c.doc_id, section=self.c.section, para=self.c.para, passage=self.text,
                    chunk_id=self.c.chunk_id, partners=list(dict.fromkeys(partners)), start=start, rule=rule,
                ))

    def timeframe(self, a: int, b: int) -> str | None:
        s, e = self.items[a].start, self.items[b - 1].end
        for ts, te, expr in self.time_spans:
            if s <= ts and te <= e:
                return expr
        return None

    def emit_frame(self, fr: Frame, pred: _Pred, b: int, rule: str, clause_tf: str | None) -> None:
        tf = clause_tf or self.heading_time
        everyone = fr.partners + ([fr.beneficiary] if fr.beneficiary else [])
        self.emit(fr.subjects, fr.role, pred.task_i, b, rule, everyone, tf)
        strong_partners = [m for m in fr.partners if not m.weak]
        if strong_partners:
            self.emit(strong_partners, fr.partner_role, pred.task_i, b, rule + "+partner",
                      fr.subjects + ([fr.beneficiary] if fr.beneficiary else []), tf)
        if fr.beneficiary and not fr.beneficiary.weak:
            # "X chủ trì … giúp Ban Thường vụ Huyện ủy <task>": the task is the Standing
            # Committee's, done with X's help; the committee directs it, and X (besides leading
            # the work) advises it, so "ai tham mưu …" finds X too.
            self.emit([fr.beneficiary], "chỉ đạo", pred.task_i, b, rule + "+beneficiary",
                      fr.subjects + fr.partners, tf)
            if fr.role != "tham mưu":
                self.emit(fr.subjects, "tham mưu", pred.task_i, b, rule + "+advises", everyone, tf)
        if pred.directed:
            m, k = pred.directed
            self.emit([m], "thực hiện", k, b, rule + "+directed", fr.subjects, tf)

    # -- clause rules ---------------------------------------------------------------------------
    def run(self) -> list[DutyRow]:
        items = self.items
        prev: Frame | None = None
        for cl in _clauses(items):
            a, b = cl.i, cl.j
            connector = False
            hit = _first_of(items, a, b, _CONNECTORS_F)
            if hit:
                a, connector = hit[1], True
                while a < b and _comma(items[a]):
                    a += 1
            a2 = self._skip_time_lead(a, b)
            lead_tf = self.timeframe(a, a2) if a2 > a else None
            a = a2
            hit = _first_of(items, a, b, _DIRECTIVES_F)
            directive = False
            if hit and hit[1] < b and items[hit[1]].is_actor:
                a, directive = hit[1], True
            clause_tf = self.timeframe(cl.i, b)
            fr = self._subject_clause(a, b, clause_tf, "directive" if directive else "subject")
            if fr:
                fr.timeframe = lead_tf
                prev = fr
                continue
            fr = self._role_of(a, b, clause_tf)
            if fr:
                fr.timeframe = lead_tf
                prev = fr
                continue
            if prev and (cl.after == ";" or connector) and self._continues(a, b):
                pred = _predicate(self.text, items, a, b)
                inherited_tf = lead_tf or prev.timeframe
                if pred.explicit:
                    fr2 = Frame(prev.subjects, pred.role, pred.partners, pred.partner_role, pred.beneficiary,
                                inherited_tf)
                else:
                    fr2 = Frame(prev.subjects, prev.role, prev.partners, prev.partner_role, prev.beneficiary,
                                inherited_tf)
                self.emit_frame(fr2, pred, b, "elided", clause_tf or inherited_tf)
                prev = fr2
                continue
            if cl.after != ";" and not connector:
                prev = None
        self._responsibility_of()
        return self.rows

    def _continues(self, a: int, b: int) -> bool:
        """Does a clause without subject go on with the previous one's predicate?

        It must open with a word (not a body, not punctuation) and have a verb among its first
        three items: the CRF tagger, trained on news, sometimes tags an administrative verb at
        the head of a clause as a noun ("cập nhật cơ sở dữ liệu" came out N + V).
        """
        items = self.items
        if a >= b or items[a].is_actor or _is_punct(items[a]):
            return False
        return _is_pred_start(items, a, b) or any(items[k].is_verb for k in range(a, min(b, a + 3)))

    def _skip_time_lead(self, a: int, b: int) -> int:
        """Skip "Phấn đấu đến năm 2030," before a subject."""
        items = self.items
        k = a
        hit = _starts(items, k, b, fold("phấn đấu"))
        if hit is not None:
            k = hit
        if k < b and any(ts <= items[k].start < te for ts, te, _ in self.time_spans):
            while k < b and any(ts <= items[k].start < te for ts, te, _ in self.time_spans):
                k += 1
            if k < b and _comma(items[k]):
                return k + 1
        return a

    def _subject_clause(self, a: int, b: int, clause_tf: str | None, rule: str) -> Frame | None:
        """SUBJECT PREDICATE: bodies at the head of the clause, then a verb."""
        items = self.items
        if a >= b or not items[a].is_actor:
            return None
        subjects, k = _actor_list(items, a, b, allow_weak=True)
        if not subjects or (any(m.weak for m in subjects) and len(subjects) > 1):
            return None
        if not _is_pred_start(items, k, b):
            return None
        pred = _predicate(self.text, items, k, b)
        fr = Frame(subjects, pred.role, pred.partners, pred.partner_role, pred.beneficiary, clause_tf)
        self.emit_frame(fr, pred, b, rule, clause_tf)
        return fr

    _ROLE_OF = _fz(("phát huy vai trò, trách nhiệm của", "phát huy vai trò của", "nâng cao vai trò của",
                    "nâng cao trách nhiệm của", "đề cao trách nhiệm của", "đề cao vai trò của",
                    "lãnh đạo, chỉ đạo", "lãnh đạo chỉ đạo"))

    def _role_of(self, a: int, b: int, clause_tf: str | None) -> Frame | None:
        """"Phát huy vai trò của X trong (việc) TASK", "Nâng cao trách nhiệm của X, TASK",
        "Lãnh đạo, chỉ đạo X, nhất là Y trong việc TASK": X is the one who does TASK."""
        items = self.items
        hit = _first_of(items, a, b, self._ROLE_OF)
        if not hit:
            return None
        k = hit[1]
        bodies: list[Mention] = []
        task_i = None
        while k < b:
            it = items[k]
            if it.is_actor:
                if not it.mention.weak:  # type: ignore[union-attr]
                    bodies.append(it.mention)  # type: ignore[arg-type]
                k += 1
                continue
            if it.f == "trong":
                task_i = k + 1
                if task_i < b and items[task_i].f == "viec":
                    task_i += 1
                break
            if _comma(it) and bodies and k + 1 < b and items[k + 1].is_verb:
                task_i = k + 1
                break
            if it.is_verb and it.f not in ("quan ly",):
                break  # the list of bodies ended without saying what they do
            k += 1
        if not bodies or task_i is None or task_i >= b:
            return None
        pred = _predicate(self.text, items, task_i, b)
        fr = Frame(bodies, pred.role, [], "thực hiện", None, clause_tf)
        self.emit(bodies, pred.role, pred.task_i, b, "role-of", [], clause_tf or self.heading_time)
        return fr

    def _responsibility_of(self) -> None:
        """"TASK là trách nhiệm của X" (the task is the sentence's subject, before "là")."""
        items = self.items
        by_sentence: dict[int, list[Clause]] = {}
        for cl in _clauses(items):
            by_sentence.setdefault(cl.sentence, []).append(cl)
        for cls in by_sentence.values():
            s0, s1 = cls[0].i, cls[-1].j
            for k in range(s0, s1):
                hit = _first_of(items, k, s1, _fz(("là trách nhiệm của", "là nhiệm vụ của")))
                if not hit:
                    continue
                bodies, _ = _actor_list(items, hit[1], s1, allow_weak=False)
                if not bodies:
                    continue
                la = next((m for m in range(s0, k + 1) if items[m].f == "la"), None)
                if la is None or la == s0:
                    continue
                self.emit(bodies, "thực hiện", s0, la, "responsibility-of", [],
                          self.timeframe(s0, la) or self.heading_time)
                break


# =============================================================================================
# Deadlines
# =============================================================================================

_CITE = re.compile(
    r"\b(?P<type>Nghị quyết|Chương trình|Kế hoạch|Đề án|Quyết định|Chỉ thị|Kết luận|Thông báo|Hướng dẫn"
    r"|Công văn|Luật|Nghị định|Thông tư|Quy định|Quy chế|Báo cáo|Tờ trình)\s+(?:số\s+)?"
    r"(?P<num>\d+[\w./-]*[/-][\w./-]*\w)", re.I)
_QUOTES = (("“", "”"), ('"', '"'), ("«", "»"))


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause (between ";" or sentence ends) that contains offset `pos`."""
    starts = [0] + [m.end() for m in re.finditer(rf";\s*|[.!?]\s+(?=[{UPPER_CLASS}0-9“\"(-])", text)]
    s = max(x for x in starts if x <= pos)
    m = re.compile(rf";|[.!?](?=\s+[{UPPER_CLASS}0-9“\"(-]|\s*$)").search(text, pos)
    e = m.start() if m else len(text)
    return s, e


def _clean_clause(text: str, s: int, e: int) -> tuple[str, int]:
    seg = text[s:e]
    lead = re.match(r"\s*(?:(?:đồng thời|bên cạnh đó|ngoài ra)\s*,\s*)?", seg, re.I)
    off = lead.end() if lead else 0
    body = seg[off:].rstrip(" ,;:.")
    return body, s + off


def _references(text: str) -> list[tuple[int, int, str, str, int, int]]:
    """(start, end, number, citation text, date start, date end) of each cited document."""
    out = []
    for m in _CITE.finditer(text):
        end = m.end()
        dm = re.match(r"\s*,?\s*(?:ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
                      r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", text[end:], re.I)
        d0 = d1 = -1
        if dm:
            d0, d1 = end + (len(dm.group(0)) - len(dm.group(0).lstrip(" ,"))), end + dm.end()
            end = d1
        cite_end = end
        # the cited document's quoted title ("… về “…”") is part of its identity
        rest = text[end:end + 250]
        for q0, q1 in _QUOTES:
            qi = rest.find(q0)
            if qi >= 0 and ";" not in rest[:qi] and not re.search(r"[.!?]\s", rest[:qi]):
                qe = text.find(q1, end + qi + 1)
                if qe > 0:
                    cite_end = qe + 1
                break
        out.append((m.start(), cite_end, m.group("num"), text[m.start():cite_end], d0, d1))
    return out


def _iso(y: int, mth: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and mth is not None:
            return _date(y, mth, d).isoformat()
        if mth is not None and 1 <= mth <= 12:
            return f"{y:04d}-{mth:02d}"
    except ValueError:
        return None
    return None


def _recurrence(expr: str) -> str:
    e = re.sub(r"\s+", " ", expr.lower()).replace("hàng ", "hằng ")
    return e


def _deadline_rows(chunk: Chunk) -> list[DeadlineRow]:
    text = chunk.text
    refs = _references(text)
    rows: list[DeadlineRow] = []
    for kind, s, e, m in find_time_expressions(text):
        expr = text[s:e]
        gd = m.groupdict()
        year = int(gd["y"]) if gd.get("y") else None
        iso = None
        if kind == "date" and year:
            if gd.get("d"):
                iso = _iso(year, int(gd["m"]), int(gd["d"]))
            elif gd.get("m"):
                iso = _iso(year, int(gd["m"]))
        recurrence = _recurrence(expr) if kind == "recurring" else None
        ref = next((r for r in refs if (r[4] <= s < r[5]) or (r[0] <= s and e <= r[1])), None)
        if chunk.kind == "header" and ref is None:
            # the document's own date ("Phụng Hiệp, ngày … năm 2024") identifies it: a reference
            ref = (0, len(text), chunk.doc_id, text, -1, -1)
        if ref:
            task, tstart = ref[3], ref[0]
        else:
            cs, ce = _clause_bounds(text, s)
            task, tstart = _clean_clause(text, cs, ce)
        rows.append(DeadlineRow(
            expression=expr, kind=kind, year=year, date=iso, recurrence=recurrence,
            is_reference=ref is not None, task=task, doc_id=chunk.doc_id, section=chunk.section,
            para=chunk.para, passage=text, chunk_id=chunk.chunk_id, refers_to=ref[2] if ref else None,
            start=s,
        ))
    if chunk.kind == "body":
        for heading in chunk.heading_path:
            for kind, s, e, m in find_time_expressions(heading):
                if kind == "stage" and not m.groupdict().get("y"):
                    continue  # "sơ kết" in a heading is a topic, not a time for every unit under it
                gd = m.groupdict()
                year = int(gd["y"]) if gd.get("y") else None
                if any(r.year == year and r.kind == kind and not r.is_reference for r in rows if year):
                    continue  # the unit says it itself
                cs, ce = _clause_bounds(text, 0)
                task, _ = _clean_clause(text, cs, ce)
                rows.append(DeadlineRow(
                    expression=heading[s:e], kind=kind, year=year, date=None,
                    recurrence=_recurrence(heading[s:e]) if kind == "recurring" else None,
                    is_reference=False, task=task, doc_id=chunk.doc_id, section=chunk.section,
                    para=chunk.para, passage=text, chunk_id=chunk.chunk_id, source="heading",
                    heading=heading, start=None,
                ))
    return rows


# =============================================================================================
# Building the registers
# =============================================================================================

DEADLINE_CHUNK_KINDS = ("header", "title", "preamble", "body")


def _may_assign(text: str) -> bool:
    """Does the passage name a body that could be a doer?

    Any named body could (known to the lexicon, or a capitalised organisation name) ("phát huy vai trò của X trong …"); "huyện"/"tỉnh" alone only at the head
    of a clause ("Phấn đấu đến năm 2030, huyện phối hợp …"), not in "của huyện".
    """
    if may_name_organisation(text):
        return True
    for m in find_mentions(text):
        if not m.weak:
            return True
        before = text[:m.start].rstrip()
        if not before or before[-1] in ";.,:":
            return True
    return False


# -- table rows ----------------------------------------------------------------------------
# A task table's row says who does what by when in its columns, not in a sentence: its cells
# are read by header meaning (hoi/data/table_headers.toml through ingest.tables).
_ROW_ROLES = {"lead": "chủ trì", "partner": "phối hợp", "doer": "thực hiện"}
_BODY_SPLIT = re.compile(r"\s*[,;\n]\s*|\s+và\s+")


def _bodies(value: str) -> list[tuple[str, str]]:
    """(key, display) of every body a chủ trì / phối hợp cell names, in order.

    The cell is cut at "," ";" and " và ", and a piece that does not start a body of its own
    ("Thể thao" in "Sở Văn hóa, Thể thao và Du lịch", "thị trấn" in "UBND các xã, thị trấn") is
    glued back to the piece before it, so each body keeps its whole name.
    """
    pieces: list[str] = []
    pos = 0
    for m in _BODY_SPLIT.finditer(value):
        pieces.append(value[pos:m.start()])
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(value[pos:])
    names: list[str] = []
    for k in range(0, len(pieces), 2):
        piece = pieces[k].strip(" .")
        if not piece:
            continue
        if names and not _starts_body(piece):
            names[-1] = names[-1] + pieces[k - 1] + piece
        else:
            names.append(piece)
    out: list[tuple[str, str]] = []
    for name in names:
        key, display = canonical_actor(name)
        if key and (key, display) not in out:
            out.append((key, display))
    return out


def _starts_body(piece: str) -> bool:
    """Does a piece of a cell name a body on its own (a known one, or "Sở …", "Phòng …")?"""
    from .tables import starts_with_body_head

    if starts_with_body_head(piece):
        return True
    mentions = find_mentions(piece)
    return bool(mentions) and mentions[0].start == 0


def _row_registers(chunk: Chunk) -> tuple[list[DutyRow], list[DeadlineRow]]:
    """Duties and deadlines of one table row (kind "row", fields = [label, value] pairs)."""
    from .tables import header_meaning

    text = chunk.text
    cells = [(label, value, header_meaning(label) if label else None) for label, value in chunk.fields or []]
    content = next((v for _, v, m in cells if m == "content"), None)
    if content is None:  # no content column: the first cell that is neither a body nor a time
        content = next((v for _, v, m in cells if m not in ("lead", "partner", "doer", "time", "stt")), "")
    time_cells = [v for _, v, m in cells if m == "time"]
    timeframe = "; ".join(time_cells) or None
    deadlines = _deadline_rows(chunk)
    spans = []
    pos = 0
    for label, value, meaning in cells:
        i = text.find(value, pos)
        if i >= 0:
            spans.append((i, i + len(value), meaning))
            pos = i + len(value)
    for d in deadlines:
        if d.start is not None and any(s <= d.start < e and m == "time" for s, e, m in spans):
            d.task = content or d.task  # a time cell governs the row's task
    duties: list[DutyRow] = []
    if not content:
        return duties, deadlines
    start = text.find(content)
    everyone = [b for _, v, m in cells if m in _ROW_ROLES for b in _bodies(v)]
    for _, value, meaning in cells:
        role = _ROW_ROLES.get(meaning or "")
        if role is None:
            continue
        for key, display in _bodies(value):
            if any(r.actor_key == key and r.role == role for r in duties):
                continue
            duties.append(DutyRow(
                actor=display, actor_key=key, role=role, task=content, timeframe=timeframe,
                doc_id=chunk.doc_id, section=chunk.section, para=chunk.para, passage=text,
                chunk_id=chunk.chunk_id, partners=list(dict.fromkeys(k for k, _ in everyone if k != key)),
                start=max(start, 0), rule="table:" + (meaning or ""),
            ))
    return duties, deadlines


def build_registers(chunks: list[Chunk]) -> Registers:
    """Duties (from body units and table rows) and deadlines (from the header, title, preamble,
    body and table rows) of all chunks."""
    reg = Registers()
    for c in chunks:
        if c.kind == "row" and c.fields:
            duties, deadlines = _row_registers(c)
            reg.duties.extend(duties)
            reg.deadlines.extend(deadlines)
            continue
        if c.kind not in DEADLINE_CHUNK_KINDS:
            continue
        drows = _deadline_rows(c)
        reg.deadlines.extend(drows)
        if c.kind != "body":
            continue
        if not _may_assign(c.text):  # no body named here: skip the segmenter and tagger (most of the time)
            reg.duties.extend(_inherited_duties(c, drows))
            continue
        items = analyse(c.text)
        rows = _DutyBuilder(c, items, drows).run()
        inherited = _inherited_duties(c, drows)
        if inherited and _bare_body_lead(c.heading_path[-1]):
            # under "2. Ban Tổ chức Tỉnh ủy" every bullet is that body's, whoever else it names
            # ("- Tham mưu Ban Thường vụ Tỉnh ủy rà soát …")
            have = {r.actor_key for r in rows}
            rows = [r for r in inherited if r.actor_key not in have] + rows
        reg.duties.extend(rows or inherited)
    return reg


_RE_LEAD_NUMBER = re.compile(r"^\s*(?:[IVXLivxl]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)/]\s*")


@lru_cache(maxsize=4096)
def _lead_mentions(lead: str) -> tuple[Mention, ...]:
    """The bodies a lead names, with the segmenter's word spans when it may hold a name the
    lexicon does not know ("2. Phòng Tài chính - Kế hoạch")."""
    spans = [(it.start, it.end) for it in analyse(lead)] if may_name_organisation(lead) else None
    return tuple(find_mentions(lead, spans))


@lru_cache(maxsize=4096)
def _bare_body_lead(lead: str) -> bool:
    """A heading that is only a body's name ("2. Ban Tổ chức Tỉnh ủy", "c) Sở Tài chính:"): the
    body is the doer of everything under it. Names the lexicon does not know ("Phòng Tài chính -
    Kế hoạch") are read with the segmenter's word spans."""
    rest = _RE_LEAD_NUMBER.sub("", lead).strip(" .:;")
    if not rest or len(rest) > 120:
        return False
    ms = [m for m in _lead_mentions(rest) if not m.weak]
    return bool(ms) and ms[0].start <= 1 and ms[-1].end >= len(rest) - 1 and all(
        not rest[a.end:b.start].strip(" ,;") or rest[a.end:b.start].strip(" ,;").lower() in ("và", "với")
        for a, b in zip(ms, ms[1:]))


_RE_DUTY_TITLE = re.compile(r"(?:trách nhiệm|nhiệm vụ|quyền hạn|nghĩa vụ)[^:]{0,25}?\bcủa\s+(.{3,120}?)\s*:?\s*$",
                            re.IGNORECASE)
_LEAD_ROLE = (("chủ trì", "chủ trì"), ("phối hợp", "phối hợp"), ("chỉ đạo", "chỉ đạo"), ("tham mưu", "tham mưu"),
              ("giám sát", "giám sát"))


def _inherited_duties(c: Chunk, drows: list[DeadlineRow]) -> list[DutyRow]:
    """A point under a lead that names its doer ("1. Ủy ban nhân dân cấp xã có các trách nhiệm sau
    đây:" — "a) Lập danh sách …"; "Giao Sở Nội vụ:" — "- Chủ trì …"): the point is that body's
    task though it names no one itself. State documents list most duties this way."""
    if c.kind != "body" or not c.heading_path:
        return []
    lead = c.heading_path[-1]
    if lead.strip() == c.text.strip():
        return []
    titled = _RE_DUTY_TITLE.search(lead)  # "Điều 91. Trách nhiệm của Bộ Văn hóa, Thể thao và Du lịch"
    if not (lead.rstrip().endswith(":") or titled or _bare_body_lead(lead)):
        return []
    found = _lead_mentions(lead)
    strong = [m for m in found if not m.weak and not m.generic] or [m for m in found if not m.weak]
    if strong and titled and strong[0].start > titled.start(1) and titled.group(1)[:1].isupper() \
            and "," not in lead[titled.start(1):strong[0].start]:
        # "Trách nhiệm của Văn phòng Ủy ban nhân dân tỉnh": the known "Ủy ban nhân dân tỉnh" is
        # only the end of the body's name, which the title holds whole
        strong = []
    if strong:
        pairs = list(zip(strong[0].keys, strong[0].displays))
    elif titled and titled.group(1)[:1].isupper():  # a body's name is capitalised: "của Bộ …", not "của đội ngũ …"
        pairs = [canonical_actor(titled.group(1).strip(" .:"))]
    else:
        return []
    low = lead.lower()
    role = next((r for w, r in _LEAD_ROLE if w in low), "thực hiện")
    timeframe = next((d.expression for d in drows if not d.is_reference), None)
    out = []
    keys = [k for k, _ in pairs]
    for key, display in pairs:
        out.append(DutyRow(actor=display, actor_key=key, role=role, task=c.text, timeframe=timeframe,
                           doc_id=c.doc_id, section=c.section, para=c.para, passage=c.text, chunk_id=c.chunk_id,
                           partners=[k for k in keys if k != key], start=0, rule="lead"))
    return out


# =============================================================================================
# Implementation chain
# =============================================================================================

MIN_LINK_SCORE = 0.3
RELATIVE_LINK_FLOOR = 0.6
MAX_LINKS = 3
_FAMILY_BONUS = 0.15
_HEADING_BONUS = 0.05


def _terms(text: str) -> list[str]:
    return [t for t in lexical_tokens(text) if t not in STOPWORDS]


def _top_heading(c: Chunk) -> str:
    h = c.heading_path[0] if c.heading_path else ""
    return " ".join(re.findall(r"[a-z]+", fold(re.sub(r"^\s*[IVX\d]+\s*[.)]\s*", "", h))))


def link_chain(registers: Registers, chunks_by_doc: dict[str, list[Chunk]],
               manifest_implements: dict[str, list[str]]) -> Registers:
    """Link each duty of a document to the clauses of the documents it implements.

    For a duty of document D and each parent P in manifest_implements[D] whose chunks are loaded,
    every body unit of P is scored by the IDF-weighted share of the duty's task terms (folded
    syllables and syllable bigrams) it contains, +0.15 when it names the same kind of body at its
    own level (actor_family), +0.05 when it sits under the same kind of top heading. The best
    MAX_LINKS units scoring at least MIN_LINK_SCORE (and at least RELATIVE_LINK_FLOOR of the
    best score) are set as `duty.implements` (best first).
    """
    prepared: dict[str, list[tuple[Chunk, set[str], set[str], str]]] = {}
    idf: dict[str, dict[str, float]] = {}
    for parent, chs in chunks_by_doc.items():
        units = [c for c in chs if c.kind == "body"]
        rows = []
        df: Counter[str] = Counter()
        for c in units:
            terms = set(_terms(c.index_text()))
            df.update(terms)
            fams = {actor_family(k) for m in find_mentions(c.text) if not m.weak for k in m.keys}
            rows.append((c, terms, fams, _top_heading(c)))
        prepared[parent] = rows
        n = max(len(units), 1)
        idf[parent] = {t: math.log(1 + (n + 1) / (f + 0.5)) for t, f in df.items()}
    chunk_of = {c.chunk_id: c for chs in chunks_by_doc.values() for c in chs}
    for duty in registers.duties:
        parents = [p for p in manifest_implements.get(duty.doc_id, []) if p in prepared]
        if not parents:
            continue
        q = set(_terms(duty.task))
        if not q:
            continue
        own = chunk_of.get(duty.chunk_id)
        own_heading = _top_heading(own) if own else ""
        fam = actor_family(duty.actor_key)
        cands = []
        for p in parents:
            w = idf[p]
            default = max(w.values(), default=1.0)
            total = sum(w.get(t, default) for t in q)
            for c, terms, fams, top in prepared[p]:
                hit = sum(w.get(t, default) for t in q & terms)
                score = hit / total if total else 0.0
                if fam in fams:
                    score += _FAMILY_BONUS
                if own_heading and top == own_heading:
                    score += _HEADING_BONUS
                score = min(score, 1.0)
                if score >= MIN_LINK_SCORE:
                    cands.append((score, c))
        cands.sort(key=lambda x: -x[0])
        if cands:  # keep only links comparable to the best one
            floor = cands[0][0] * RELATIVE_LINK_FLOOR
            cands = [x for x in cands if x[0] >= floor]
        duty.implements = [{"doc_id": c.doc_id, "section": c.section, "para": c.para, "chunk_id": c.chunk_id,
                            "score": round(s, 3)} for s, c in cands[:MAX_LINKS]]
    return registers


__all__ = ["DutyRow", "DeadlineRow", "Registers", "build_registers", "link_chain", "analyse",
           "find_time_expressions", "ROLES", "DEADLINE_KINDS"]
