"""Vietnamese text helpers.

Display text is always Unicode NFC. Accent folding (NFD, drop combining marks, đ→d) is only
for matching: users type on phones without diacritics, and the lexical index must treat
"trách nhiệm" and "trach nhiem" as the same syllables.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .vocab import data_file, words

_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_TOKEN = re.compile(r"[0-9a-z]+", re.ASCII)

# Abbreviations cadres type, expanded (folded) so both forms match; and those expanded only when
# typed in capitals ("HU", "TU" are ordinary syllables once folded). Data: hoi/data/vocabulary.toml.
ABBREVIATIONS: dict[str, str] = dict(data_file("vocabulary.toml")["abbreviations"])
UPPER_ABBREVIATIONS: dict[str, str] = dict(data_file("vocabulary.toml")["upper_abbreviations"])


def extend_vocabulary(extra: dict[str, dict[str, str]]) -> None:
    """Add a corpus's own abbreviations (hoi.vocab.read_corpus_vocabulary). Ingest and the index
    call this with the same table, so documents and questions are tokenised alike."""
    changed = False
    for table, target in (("abbreviations", ABBREVIATIONS), ("upper_abbreviations", UPPER_ABBREVIATIONS)):
        for k, v in extra.get(table, {}).items():
            key = k if table == "upper_abbreviations" else k.lower()
            if target.get(key) != v:
                target[key] = v
                changed = True
    if changed:
        _syllables.cache_clear()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """Collapse tabs, NBSP and runs of spaces; drop zero-width characters."""
    return _WS.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form used only for matching."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d").replace("Đ", "d")


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def accented_syllables(text: str) -> list[str]:
    """Lower-case syllables with their diacritics, for questions typed with accents.

    Folding merges "đá" (football) with "đã" and "đa"; when the user did type accents, matching
    them exactly is the more precise signal.
    """
    return [w for w in re.findall(r"\w+", nfc(text).lower()) if has_diacritics(w)]


def syllables(text: str) -> list[str]:
    """Folded syllables (and numbers) of a text, abbreviations expanded in place."""
    return list(_syllables(text))


@lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    """Cached: every answer folds the same passage sentences, register tasks and document names
    again (a third of an answer's time before the cache)."""
    out: list[str] = []
    for word in re.findall(r"[\w&]+", nfc(text)):
        if word in UPPER_ABBREVIATIONS:
            out.extend(UPPER_ABBREVIATIONS[word].split())
            continue
        out.extend(folded_syllables(fold(word).replace("&", "")))
    return tuple(out)


def folded_syllables(raw: str) -> list[str]:
    """Syllables of folded text, abbreviations expanded; letters+digits split ("nq57" → nghi quyet 57)."""
    out: list[str] = []
    for tok in re.findall(r"[0-9a-z]+", raw):
        exp = ABBREVIATIONS.get(tok)
        if exp:
            out.extend(exp.split())
            continue
        # "nq57" -> "nq", "57" -> "nghi quyet 57"
        for part in re.findall(r"[a-z]+|[0-9]+", tok):
            out.extend(ABBREVIATIONS.get(part, part).split())
    return out


def lexical_tokens(text: str) -> list[str]:
    """Tokens for the BM25 index: folded syllables plus adjacent-syllable bigrams.

    Vietnamese words are mostly two syllables ("tuyên truyền"), so bigrams stand in for a word
    segmenter while staying identical for accented and accent-free input (a segmenter trained on
    accented text splits "tuyen truyen" differently from "tuyên truyền").
    """
    syl = syllables(text)
    return syl + [f"{a}_{b}" for a, b in zip(syl, syl[1:])] + [f"~{w}" for w in accented_syllables(text)]


# Function words that carry no topic, their accented forms (for a question typed with accents
# "báo" and "bao", "ban" and "bạn" differ), and words about the document rather than its content.
STOPWORDS = words("words", "stopwords")
ACCENTED_STOPWORDS = words("words", "accented_stopwords")
META_WORDS = words("words", "meta_words")
ACCENTED_META_WORDS = words("words", "accented_meta_words")
META_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for key in ("meta_phrases", "stop_phrases") for p in data_file("vocabulary.toml")["words"].get(key, []))


_STOPWORD_COMPOUNDS: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in data_file("vocabulary.toml")["words"].get("stopword_compounds", []))


def in_stopword_compound(folded: list[str]) -> set[int]:
    """Positions of `folded` inside a compound of STOPWORD_COMPOUNDS ("dang vien"): there a
    syllable typed without accents that spells a function word is content."""
    return phrase_positions(folded, _STOPWORD_COMPOUNDS)


FOLDED_QUESTION_WORDS = words("words", "folded_question_words")
_FOLDED_QUESTION_WORDS_NOT: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in data_file("vocabulary.toml")["words"].get("folded_question_words_not", []))


def folded_question_words(folded: list[str], accented: list[bool]) -> set[int]:
    """Positions of words typed without accents that are question words ("may ngay" is "mấy
    ngày"), not inside a compound of the content word they also spell ("bo may", "may tinh")."""
    inside = phrase_positions(folded, _FOLDED_QUESTION_WORDS_NOT)
    return {i for i, w in enumerate(folded) if w in FOLDED_QUESTION_WORDS and not accented[i] and i not in inside}


_WHEN = data_file("questions.toml")["intent"]
_DEADLINE_ALONE = frozenset(_WHEN.get("when_alone", []))
_DEADLINE_ALONE_ACCENTED = frozenset(_WHEN.get("when_alone_accented", []))
_DEADLINE_ALONE_NOT: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in _WHEN.get("when_alone_not", []))


def deadline_words(raws: list[str]) -> set[int]:
    """Positions of a bare "hạn" that asks for a time limit ("hạn nộp bc", "… hạn khi nào"):
    like "khi nào" it says what kind of answer is wanted, not what the passage is about. Not
    inside another word it spells ("quá hạn", "hạn chế", "thời hạn"), nor another word typed
    with accents ("đóng cửa hẳn")."""
    folded = [fold(r.lower()) for r in raws]
    inside = phrase_positions(folded, _DEADLINE_ALONE_NOT)
    return {i for i, w in enumerate(folded) if w in _DEADLINE_ALONE and i not in inside
            and (not has_diacritics(raws[i]) or nfc(raws[i].lower()) in _DEADLINE_ALONE_ACCENTED)}


def in_meta_phrase(folded: list[str]) -> set[int]:
    """Positions of `folded` (a question's folded words) inside a phrase of META_PHRASES."""
    return phrase_positions(folded, META_PHRASES)


def phrase_positions(folded: list[str], phrases: tuple[tuple[str, ...], ...]) -> set[int]:
    """Positions of `folded` inside any of `phrases` (each a tuple of folded words)."""
    out: set[int] = set()
    for p in phrases:
        for i in range(len(folded) - len(p) + 1):
            if tuple(folded[i:i + len(p)]) == p:
                out.update(range(i, i + len(p)))
    return out


def content_syllables(text: str) -> list[str]:
    return [s for s in syllables(text) if s not in STOPWORDS]


def sentences(text: str) -> list[str]:
    """Split a passage into sentences for the extractive answer (keeps ';' clauses whole).

    A sentence ends at ".", "!", "?" or "…" followed by space and a capital letter, a digit, a
    quote or a bracket. Capitals are tested with str.isupper: a character class like [A-ZÀ-Ỹ]
    also spans lower-case accented letters and would split "… tỉnh. đồng thời" mid-sentence.
    """
    out: list[str] = []
    for part in _SENTENCE_GAP.split(text):
        part = part.strip()
        if not part:
            continue
        if out and not (part[0].isupper() or part[0].isdigit() or part[0] in "“\"(«'-–"):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


_SENTENCE_GAP = re.compile(r"(?<=[.!?…])\s+")
# Upper-case Latin letters (Vietnamese included) as a regex class body, for patterns that need a
# capital ahead: [A-ZĐÀ-Ỹ] would also take lower-case accented letters.
UPPER_CLASS = re.escape("".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha()))
