"""Who is who: recognising, naming and finding the bodies that Party documents assign work to.

A plan names the same body in several ways ("Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội
trong huyện", "… từ huyện đến cơ sở", "MTTQ và các đoàn thể"), and cadres ask in yet other ways,
often without diacritics ("mat tran to quoc phai lam gi", "nhiem vu cua UBND huyen"). So:

* in a document, names are matched syllable by syllable on the folded form *and* the diacritics
  (documents are typed with them, and "tư", "tình" must not pass for "TU", "tỉnh"), with
  abbreviations ("UBND", "MTTQ") expanded from `hoi.text.ABBREVIATIONS`;
* in a question, names are matched on accent-folded, abbreviation-expanded syllables only;
* every body gets one stable key, the slug of its folded canonical name, so a key can be turned
  back into match syllables without any table (that is what lets `match_actors` work for bodies
  of documents loaded later, which the lexicon below has never heard of).

The lexicon lists the bodies a district/provincial Party plan assigns work to. Two kinds of entries
need care:

* coordinated names that denote two bodies ("Hội đồng nhân dân, Ủy ban nhân dân huyện") map to two
  keys, so that a cadre asking about "UBND huyện" and one asking about "HĐND huyện" both find the
  assignment;
* collective names ("cấp ủy đảng, chính quyền", "Mặt trận Tổ quốc và các đoàn thể chính trị - xã
  hội") are kept as one actor, as the documents use them, but are found by each of their parts.

"huyện" / "tỉnh" alone are *weak* actors: only a clause subject or a "phối hợp với" partner, never
a mention inside an ordinary noun phrase ("trong huyện", "của tỉnh").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .text import ABBREVIATIONS, clean_spaces, fold, nfc

# ---------------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------------

# Text patterns are written with their diacritics: a document is matched syllable by syllable on
# the folded form *and* the tone/vowel marks, so "tư" or "tình" never pass for "TU"/"tỉnh"
# (queries, which are often typed without marks, are matched on folded aliases instead).

def _bodies_data() -> dict:
    """hoi/data/bodies.toml: the generic bodies, their levels and the words around their names."""
    from .vocab import data_file

    return data_file("bodies.toml")


_DATA = _bodies_data()
# Party committees a body can belong to, and the bodies of a committee (display, query aliases).
_PARTY_LEVELS: list[str] = list(_DATA["party"]["levels"])
_PARTY_BODIES: list[tuple[str, list[str]]] = [(b["name"], list(b["aliases"])) for b in _DATA["party"]["bodies"]]
_PARTY_ORG_LEVELS: list[str] = list(_DATA["party_organisation"]["levels"])
_PARTY_ORG_BODIES: list[tuple[str, list[str]]] = [(b["name"], list(b["aliases"]))
                                                  for b in _DATA["party_organisation"]["bodies"]]
# Levels of state bodies, and the bodies.
_STATE_LEVELS: list[str] = list(_DATA["state"]["levels"])
_STATE_CROSS_LEVELS: list[str] = list(_DATA["state"]["cross_levels"])
_STATE_BODIES: list[tuple[str, list[str]]] = [(b["name"], list(b["aliases"])) for b in _DATA["state"]["bodies"]]
_STATE_PAIRS: list[tuple[list[str], list[str]]] = [(list(p["patterns"]), list(p["bodies"]))
                                                   for p in _DATA["state"]["pairs"]]
# Collective or unlevelled actors: display, text patterns, extra query aliases (folded), weak.
_COLLECTIVE: list[tuple[str, list[str], list[str], bool]] = [
    (c["name"], list(c["patterns"]), list(c["aliases"]), bool(c.get("weak", False))) for c in _DATA["collective"]]

# Words that may precede a name ("các", "những") or follow it ("trong huyện", "từ huyện đến cơ
# sở") without changing who is meant: the span of a mention includes them, the key does not.
_DETERMINERS: list[str] = list(_DATA["mentions"]["determiners"])
_QUALIFIERS: list[str] = list(_DATA["mentions"]["qualifiers"])
# A bare level word after a lexicon name ("Mặt trận Tổ quốc … huyện") only says where the body
# sits; after an unknown name ("Phòng Nội vụ huyện") it is kept as part of the name.
_LEVEL_QUALIFIERS: list[str] = list(_DATA["mentions"]["level_qualifiers"])

# Syllables that say where a body sits, not what it is: removed to compare a district body with
# its provincial counterpart (`actor_family`) and ignored when deciding whether a few query
# syllables are distinctive enough to name a body.
LEVEL_SYLLABLES = frozenset(_DATA["syllables"]["level"].split())
_GENERIC_SYLLABLES = LEVEL_SYLLABLES | frozenset(_DATA["syllables"]["generic"].split())

# Heads of proper organisation names not in the lexicon ("Sở Khoa học và Công nghệ",
# "Phòng Nội vụ huyện"): only capitalised, to keep "ban hành" or "hội nghị" out.
_ORG_HEADS: tuple[str, ...] = tuple(_DATA["organisations"]["heads"])
_ORG_LEVEL_WORDS: tuple[str, ...] = tuple(_DATA["organisations"]["level_words"])
_ORG_STOP = frozenset(_DATA["organisations"]["stop"].split())


@dataclass(frozen=True)
class ActorEntry:
    key: str
    display: str
    patterns: tuple[str, ...]  # lower-case names with diacritics that denote it in a text
    aliases: tuple[str, ...]  # folded syllable strings that find it in a question
    weak: bool = False


@dataclass
class Mention:
    """A place in a text where one or more bodies are named."""

    start: int
    end: int
    keys: tuple[str, ...]
    displays: tuple[str, ...]
    weak: bool = False
    generic: bool = False  # found by the proper-name rule, not the lexicon

    def text(self, source: str) -> str:
        return source[self.start:self.end]


def slug(text: str) -> str:
    """The stable key of a name: folded syllables joined by '-' (no abbreviation expansion)."""
    return "-".join(re.findall(r"[0-9a-z]+", fold(nfc(text))))


def _f(text: str) -> str:
    """Folded syllable string of a query alias (punctuation dropped, abbreviations expanded)."""
    return " ".join(_fold_syllables(text))


def _fold_syllables(text: str) -> list[str]:
    out: list[str] = []
    for tok in re.findall(r"[0-9a-z&]+", fold(text)):
        exp = ABBREVIATIONS.get(tok)
        out.extend(exp.split() if exp else re.findall(r"[0-9a-z]+", tok))
    return out


# A syllable as matched in a document: (folded form, marks). The marks are the sorted combining
# characters of its NFD form (plus "đ"), so "ủy" and the old-style "uỷ" are equal while "tư" and
# "tu" are not. Marks None means "any": the syllables an abbreviation ("UBND") expands to.
Syl = tuple[str, str | None]


def _marks(syllable: str) -> str:
    low = syllable.lower()
    marks = sorted(ch for ch in unicodedata.normalize("NFD", low) if unicodedata.category(ch) == "Mn")
    return "".join(marks) + ("đ" if "đ" in low else "")


def _pattern(text: str) -> tuple[Syl, ...]:
    """Syllables of a lexicon pattern written with its diacritics (punctuation ignored)."""
    return tuple((fold(w), _marks(w)) for w in re.findall(r"\w+", nfc(text).lower()))


def _same(text_syl: Syl, pat_syl: Syl) -> bool:
    return text_syl[0] == pat_syl[0] and (text_syl[1] is None or pat_syl[1] is None or text_syl[1] == pat_syl[1])


def _build_lexicon() -> tuple[dict[str, ActorEntry], dict[str, list[tuple[tuple[Syl, ...], tuple[str, ...]]]]]:
    """Entries by key, and folded pattern -> [(pattern syllables, keys)] (a pattern may name two bodies)."""
    entries: dict[str, ActorEntry] = {}
    patterns: dict[str, list[tuple[tuple[Syl, ...], tuple[str, ...]]]] = {}

    def add_pattern(pat: str, keys: tuple[str, ...]) -> None:
        syl = _pattern(pat)
        bucket = patterns.setdefault(" ".join(x[0] for x in syl), [])
        if not any(p == syl for p, _ in bucket):
            bucket.append((syl, keys))

    def add(display: str, pats: list[str], aliases: list[str], weak: bool = False) -> str:
        key = slug(display)
        pats_all = tuple(dict.fromkeys([display.lower()] + [p.lower() for p in pats]))
        al = tuple(dict.fromkeys([_f(display)] + [_f(a) for a in aliases]))
        if key in entries:  # merge (two tables may name the same body)
            old = entries[key]
            pats_all = tuple(dict.fromkeys(old.patterns + pats_all))
            al = tuple(dict.fromkeys(old.aliases + al))
        entries[key] = ActorEntry(key, display, pats_all, al, weak)
        for p in pats_all:
            add_pattern(p, (key,))
        return key

    for body, body_aliases in _PARTY_BODIES:
        for lvl in _PARTY_LEVELS:
            lf = _f(lvl)
            add(f"{body} {lvl}", [f"{body} của {lvl}"], [f"{a} {lf}" for a in body_aliases] + body_aliases)
    for lvl in _PARTY_LEVELS:
        add(lvl, [], [])
    for lvl in _PARTY_ORG_LEVELS:
        for body, body_aliases in _PARTY_ORG_BODIES:
            add(f"{body} {lvl}", [], body_aliases)
    for body, body_aliases in _STATE_BODIES:
        for lvl in _STATE_LEVELS:
            lf = _f(lvl)
            add(f"{body} {lvl}", [], [f"{a} {lf}" for a in body_aliases] + body_aliases)
        # a law's "Ủy ban nhân dân cấp huyện" is what a district plan calls "Ủy ban nhân dân huyện":
        # a question naming either finds both
        for lvl in _STATE_CROSS_LEVELS:
            add(f"{body} {lvl}", [], [_f(f"{a} cap {_f(lvl)}") for a in body_aliases])
            add(f"{body} cấp {lvl}", [], [_f(f"{a} {_f(lvl)}") for a in body_aliases])
    # "Hội đồng nhân dân, Ủy ban nhân dân huyện": one phrase, two bodies.
    for lvl in _STATE_LEVELS:
        for pats, bodies in _STATE_PAIRS:
            keys = tuple(slug(b.format(level=lvl)) for b in bodies)
            for p in pats:
                add_pattern(p.format(level=lvl), keys)
    for display, pats, aliases, weak in _COLLECTIVE:
        add(display, pats, aliases, weak)
    return entries, patterns


_ENTRIES, _PATTERNS = _build_lexicon()
# pattern lengths by first syllable, longest first: most syllables of a text start no name
_LENGTHS_BY_FIRST: dict[str, list[int]] = {}
for _p in _PATTERNS:
    _LENGTHS_BY_FIRST.setdefault(_p.split()[0], []).append(len(_p.split()))
for _v in _LENGTHS_BY_FIRST.values():
    _v[:] = sorted(set(_v), reverse=True)
_DET = [_pattern(d) for d in _DETERMINERS]
_QUAL = sorted((_pattern(q) for q in _QUALIFIERS), key=len, reverse=True)
_QUAL_LEXICON = _QUAL + [_pattern(q) for q in _LEVEL_QUALIFIERS]


def lexicon() -> dict[str, ActorEntry]:
    """The known bodies, by key (read-only use)."""
    return _ENTRIES


# ---------------------------------------------------------------------------------------------
# Syllables with their place in the source
# ---------------------------------------------------------------------------------------------

@dataclass
class _Syl:
    syl: Syl
    start: int
    end: int


_DOC_NUMBER_NEIGHBOURS = "/-"


def _syllable_spans(text: str, any_marks: bool = False) -> list[_Syl]:
    """Syllables of `text` with character offsets.

    An all-capital abbreviation ("UBND", "MTTQ") expands in place to the syllables it stands for,
    except inside a document number ("227-CTr/TU", "45-NQ/TW"), where "TU" is not Tỉnh ủy.
    `any_marks` makes every syllable match whatever its marks (for names typed without them).
    """
    out: list[_Syl] = []
    for m in re.finditer(r"\w+", text):
        tok = m.group(0)
        exp = None
        if len(tok) >= 2 and tok.isupper():
            before = text[m.start() - 1] if m.start() > 0 else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if before not in _DOC_NUMBER_NEIGHBOURS and after not in _DOC_NUMBER_NEIGHBOURS:
                exp = ABBREVIATIONS.get(fold(tok))
        if exp:
            for s in exp.split():
                out.append(_Syl((s, None), m.start(), m.end()))
        else:
            out.append(_Syl((fold(tok), None if any_marks else _marks(tok)), m.start(), m.end()))
    return out


def _match_at(syls: list[_Syl], i: int, pat: tuple[Syl, ...]) -> bool:
    return i + len(pat) <= len(syls) and all(_same(syls[i + k].syl, pat[k]) for k in range(len(pat)))


def _longest_pattern(syls: list[_Syl], i: int) -> tuple[int, tuple[str, ...]] | None:
    n = len(syls)
    for length in _LENGTHS_BY_FIRST.get(syls[i].syl[0], ()):
        if i + length > n:
            continue
        cand = " ".join(x.syl[0] for x in syls[i:i + length])
        for pat, keys in _PATTERNS.get(cand, ()):
            if _match_at(syls, i, pat):
                return length, keys
    return None


# ---------------------------------------------------------------------------------------------
# Finding mentions in a text
# ---------------------------------------------------------------------------------------------

def find_mentions(text: str, word_spans: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Every place where `text` names a body, longest name first, left to right.

    The lexicon is matched syllable by syllable with the diacritics ("UBND huyện" and "Ủy ban nhân
    dân huyện" are the same; "tình" is not "tỉnh"). When `word_spans` (word boundaries from a
    segmenter) are given, capitalised organisation names the lexicon does not know ("Sở Khoa học
    và Công nghệ") are found too.
    """
    syls = _syllable_spans(text)
    n = len(syls)
    out: list[Mention] = []
    i = 0
    while i < n:
        best = _longest_pattern(syls, i)
        if best is None:
            i += 1
            continue
        length, keys = best
        j = i + length
        # trailing qualifiers ("trong huyện") belong to the mention, not to the predicate
        for _ in range(3):  # "… các cấp trong huyện": qualifiers can stack
            q = next((q for q in _QUAL_LEXICON if _match_at(syls, j, q)
                      and not text[syls[j - 1].end:syls[j].start].strip()), None)
            if q is None:
                break
            j += len(q)
        start_idx = i
        for d in _DET:
            k = i - len(d)
            if k >= 0 and _match_at(syls, k, d) and (not out or out[-1].end <= syls[k].start):
                start_idx = k
                break
        weak = all(_ENTRIES[k].weak for k in keys)
        out.append(Mention(syls[start_idx].start, syls[j - 1].end, keys,
                           tuple(_ENTRIES[k].display for k in keys), weak))
        i = j
    if word_spans:
        out = _merge(out, _proper_org_names(text, word_spans, out))
    return out


def _merge(a: list[Mention], b: list[Mention]) -> list[Mention]:
    res = sorted(a + b, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in res:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


_WORD_RE = re.compile(r"\w+", re.UNICODE)
_ORG_HEAD_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, _ORG_HEADS), key=len, reverse=True))
                          + r")\s+(\w)")


def may_name_organisation(text: str) -> bool:
    """Cheap test: could `text` hold a capitalised organisation name ("Sở Nội vụ") the lexicon
    does not know? Lets callers skip the segmenter on passages that name no body at all."""
    return any(m.group(1).isupper() for m in _ORG_HEAD_RE.finditer(text))
_LEVEL_AFTER_NAME = re.compile(r"\s+(" + "|".join(sorted(_ORG_LEVEL_WORDS, key=len, reverse=True)) + r")\b")


def _and_ends_name(text: str, sylls: list[tuple[int, int, str]], j: int) -> bool:
    """Whether the words from `j` run, without punctuation, into "và" and a capitalised word
    ("…, Thể thao và Du lịch"): a comma inside one name, not a list of bodies."""
    for k in range(j + 1, min(j + 3, len(sylls) - 1)):  # one two-syllable word: "Thể thao"
        if text[sylls[k - 1][1]:sylls[k][0]].strip() not in ("", "-"):
            return False
        if sylls[k][2] == "và":
            return sylls[k + 1][2][:1].isupper()
    return False


def _proper_org_names(text: str, word_spans: list[tuple[int, int]], known: list[Mention]) -> list[Mention]:
    """Capitalised organisation names: a head ("Sở", "Phòng") and its capitalised words.

    Vietnamese capitalises only the first syllable of each word of a name ("Sở Giáo dục và Đào
    tạo"), so a lower-case syllable belongs to the name only when the segmenter put it in the
    same word as a capitalised one; "và"/"các" belong to it only between capitalised words.
    """
    covered = [(m.start, m.end) for m in known]
    sylls = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(text)]
    word_of: dict[int, int] = {}
    wi = 0
    for si, (s, e, _) in enumerate(sylls):
        while wi < len(word_spans) and word_spans[wi][1] <= s:
            wi += 1
        if wi < len(word_spans) and word_spans[wi][0] <= s and e <= word_spans[wi][1]:
            word_of[si] = wi
    out: list[Mention] = []
    heads = sorted((h.split() for h in _ORG_HEADS), key=len, reverse=True)
    i = 0
    while i < len(sylls):
        s, e, w = sylls[i]
        if any(cs <= s < ce for cs, ce in covered) or not w[:1].isupper():
            i += 1
            continue
        head_len = next((len(hw) for hw in heads if [x[2] for x in sylls[i:i + len(hw)]] == hw), 0)
        if not head_len:
            i += 1
            continue
        j = i + head_len
        while j < len(sylls):
            sj, ej, wj = sylls[j]
            if any(cs <= sj < ce for cs, ce in covered):
                break
            gap = text[sylls[j - 1][1]:sj].strip()
            if gap == "," and wj[:1].isupper() and _and_ends_name(text, sylls, j) and not any(
                    [x[2] for x in sylls[j:j + len(hw)]] == hw for hw in heads):
                j += 1  # "Sở Văn hóa, Thể thao và Du lịch": a comma between words of one name
                continue
            if gap not in ("", "-"):
                break  # punctuation ends a name
            if wj[:1].isupper():
                j += 1
                continue
            low = wj.lower()
            if low in ("và", "các") and j + 1 < len(sylls) and sylls[j + 1][2][:1].isupper():
                j += 1
                continue
            if low == "ủy" and sylls[j - 1][2] in ("Huyện", "Tỉnh", "Thị", "Thành", "Đảng", "Quận"):
                j += 1
                continue
            if (low not in _ORG_STOP and word_of.get(j) is not None and word_of.get(j) == word_of.get(j - 1)
                    and sylls[j - 1][2][:1].isupper()):
                j += 1
                continue
            break
        if not any(x[2][:1].isupper() for x in sylls[i + head_len:j]):
            i += 1
            continue  # a bare "Ban", "Sở" is not a name, nor "Hội văn" (no capitalised word after the head)
        end = sylls[j - 1][1]
        m = _LEVEL_AFTER_NAME.match(text, end)
        if m:
            end = m.end()
            j += len(m.group(1).split())
        key, display = canonical_actor(text[s:end])
        out.append(Mention(s, end, (key,), (display,), False, generic=True))
        i = j
    return out


# ---------------------------------------------------------------------------------------------
# Canonical names
# ---------------------------------------------------------------------------------------------

def canonical_actor(text: str) -> tuple[str, str]:
    """(key, display) of one body however it is written.

    Known bodies get their lexicon name ("MTTQ và các đoàn thể trong huyện" ->
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội"; text typed without diacritics is
    accepted too); unknown ones keep the document's words with determiners ("các") and place
    qualifiers ("trong huyện") removed and a capital first letter. A phrase naming two bodies
    gives the first; use `actors_in` for lists.
    """
    text = clean_spaces(nfc(text)).strip(" ,;:.")
    syls = _syllable_spans(text, any_marks=not any(_marks(w) for w in text.split()))
    def strip(quals: list[tuple[Syl, ...]]) -> tuple[int, int]:
        lo, hi = 0, len(syls)
        changed = True
        while changed:
            changed = False
            for d in _DET:
                if hi - lo > len(d) and _match_at(syls[lo:hi], 0, d):
                    lo += len(d)
                    changed = True
            for q in quals:
                if hi - lo > len(q) and _match_at(syls[lo:hi], hi - lo - len(q), q):
                    hi -= len(q)
                    changed = True
        return lo, hi

    # "Ủy ban nhân dân huyện" is a name with its level; "Mặt trận Tổ quốc … huyện" is a name and a
    # place: try the name as written first, then without a trailing level word.
    for quals in (_QUAL, _QUAL_LEXICON):
        lo, hi = strip(quals)
        core = syls[lo:hi]
        best = _longest_pattern(core, 0) if core else None
        if best and best[0] == len(core):
            key = best[1][0]
            return key, _ENTRIES[key].display
    lo, hi = strip(_QUAL)  # unknown name: keep its level word ("Phòng Nội vụ huyện")
    core = syls[lo:hi]
    display = text[core[0].start:core[-1].end] if core else text
    display = display[:1].upper() + display[1:]
    # the key expands abbreviations as the syllables do: "Văn phòng UBND tỉnh" and "Văn phòng Ủy
    # ban nhân dân tỉnh" are one body
    return ("-".join(x.syl[0] for x in core) if core else slug(display)), display


def actors_in(text: str) -> list[tuple[str, str]]:
    """Every (key, display) a phrase names, in order ("HĐND, UBND huyện" gives two)."""
    out: list[tuple[str, str]] = []
    for m in find_mentions(text):
        for k, d in zip(m.keys, m.displays):
            if (k, d) not in out:
                out.append((k, d))
    return out


def display_of(key: str) -> str | None:
    e = _ENTRIES.get(key)
    return e.display if e else None


def actor_family(key: str) -> str:
    """The key without its level ("ban-tuyen-giao-huyen-uy" -> "ban-tuyen-giao").

    A district plan's "Ban Tuyên giáo Huyện ủy" does what the province's programme gives to
    "Ban Tuyên giáo Tỉnh ủy": the implementation chain compares families.
    """
    parts = [p for p in key.split("-") if p not in LEVEL_SYLLABLES]
    return "-".join(parts) or key


# ---------------------------------------------------------------------------------------------
# Finding bodies from a question
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _aliases(key: str) -> tuple[tuple[str, ...], ...]:
    """Syllable sequences that, found in a question, mean this body.

    The full name, the name without its level, the lexicon's aliases, and any run of two or more
    syllables of the name that contains a distinctive syllable (so "tuyen giao" or "mat tran"
    work, but "huyen uy" or "nhan dan" alone do not pick a body).
    """
    e = _ENTRIES.get(key)
    # a key made from a document's own spelling keeps its abbreviations ("van-phong-ubnd-tinh"):
    # expanded, as the question is, "Văn phòng Ủy ban nhân dân tỉnh" finds it
    name = _fold_syllables(" ".join(key.split("-")))
    seqs: set[tuple[str, ...]] = {tuple(name)}
    if e:
        seqs.update(tuple(a.split()) for a in e.aliases)
        seqs.update(tuple(_f(p).split()) for p in e.patterns if not e.weak)
    stripped = [p for p in name if p not in LEVEL_SYLLABLES or p in ("uy",)]
    if stripped and stripped != name:
        seqs.add(tuple(stripped))
    if not (e and e.weak):
        # a part of the name: with its head word ("bo xay dung", "ban to chuc"), or of three or more
        # syllables ("thong tin va truyen thong"); two syllables inside a name are usually an
        # ordinary phrase of the question ("xây dựng", "tổ chức", "tài chính")
        for i in range(len(name)):
            for j in range(i + 2, len(name) + 1):
                part = name[i:j]
                if (i == 0 or j - i >= 3) and any(p not in _GENERIC_SYLLABLES for p in part) \
                        and "-".join(part) not in _generic_body_keys():
                    seqs.add(tuple(part))
    return tuple(sorted(seqs, key=len, reverse=True))


def _find_seq(hay: list[str], needle: tuple[str, ...]) -> int:
    n = len(needle)
    if not n:
        return 0
    first = needle[0]
    for i in range(len(hay) - n + 1):
        if hay[i] == first and tuple(hay[i:i + n]) == needle:
            return i
    return -1


@lru_cache(maxsize=1)
def _generic_body_keys() -> frozenset[str]:
    """Names that denote no body in particular (hoi/data/vocabulary.toml, [words] generic_bodies)."""
    from .vocab import data_file

    return frozenset(slug(n) for n in data_file("vocabulary.toml")["words"]["generic_bodies"])


def match_actors(query: str, known_keys) -> list[str]:
    """Keys (from `known_keys`) of the bodies a question is about, best first.

    Works on folded, abbreviation-expanded syllables, so "MTTQ", "mat tran to quoc" and "Mặt trận
    Tổ quốc" are the same question. Each body's longest alias found in the question gives a span;
    a body whose span lies strictly inside another body's span is dropped ("ủy ban nhân dân
    huyện" names UBND huyện, not the HĐND huyện whose "nhân dân huyện" it happens to contain).
    Weak actors ("huyện") only match a question that is nothing but their name.
    """
    q = _fold_syllables(nfc(query))
    found: list[tuple[str, int, int]] = []
    generic = _generic_body_keys()
    for key in dict.fromkeys(known_keys):
        if key in generic:  # "cơ quan", "đơn vị": what every "cơ quan nào …?" says
            continue
        e = _ENTRIES.get(key)
        if e and e.weak:
            content = [s for s in q if s not in ("phai", "lam", "gi", "nhiem", "vu", "cua", "trach", "nhiem")]
            if content == list(key.split("-")):
                found.append((key, 0, len(q)))
            continue
        for seq in _aliases(key):
            pos = _find_seq(q, seq)
            if pos >= 0:
                found.append((key, pos, pos + len(seq)))
                break
    kept = [f for f in found
            if not any(o[1] <= f[1] and f[2] <= o[2] and (o[2] - o[1]) > (f[2] - f[1]) for o in found)]
    kept.sort(key=lambda f: -(f[2] - f[1]))
    return [k for k, _, _ in kept]


__all__ = [
    "ActorEntry", "Mention", "canonical_actor", "actors_in", "find_mentions", "match_actors",
    "actor_family", "display_of", "lexicon", "slug", "may_name_organisation", "LEVEL_SYLLABLES",
]
