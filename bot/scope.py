"""Which loaded documents a question points at, so that their passages are cited first.

With one plan loaded every question is about it. With a provincial program, two district plans
and a law loaded, "nhiệm vụ của Ban Tuyên giáo theo kế hoạch của huyện ủy Hòa Bình Tây" must be
answered from that plan, even when the program says nearly the same thing. A question points at
documents in three generic ways, tried in this order:

1. by number or alias ("kế hoạch 27", "227-CTr/TU", "quyết định 215") — `mentioned_documents`;
2. by the issuer's place name ("huyện Hòa Bình Tây", "tỉnh Đồng Xuyên"): the issuer's words that
   are not generic administrative words (hoi/data/vocabulary.toml, [words] issuer_generic);
3. by kind and level ("kế hoạch của huyện", "chương trình của Tỉnh ủy", "theo luật"): a kind word
   of hoi/data/doc_kinds.toml (or its short word, "hd") that refers — next to a referring word
   of hoi/data/questions.toml, or opening or ending the question, not a common noun ("gửi kế
   hoạch học tập") — followed within a few words by a level word; a decision that issues a Quy
   chế is of that kind too ("theo quy chế").

When none applies and the question names a document that is not loaded ("thực hiện Nghị quyết
45"), the engine points it at the loaded documents citing that one (Engine._citing_scope).
The scope is a preference, not a wall: the engine keeps it only when one of its passages states
what is asked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from hoi.manifest import document_keys, mentioned_documents
from hoi.models import DocumentInfo
from hoi.text import fold, has_diacritics, nfc, syllables
from hoi.vocab import words

def _levels_data() -> dict:
    from hoi.vocab import data_file

    return data_file("levels.toml")


# hoi/data/levels.toml [scope_levels], [scope_level_words]: the level words of a question
LEVEL_WORDS: dict[str, str] = dict(_levels_data()["scope_levels"])
_LW = _levels_data()["scope_level_words"]
_RE_LEVEL = re.compile(
    r"\b(?:" + "|".join(map(re.escape, _LW["before"])) + r")\s+(?:(?:"
    + "|".join(map(re.escape, _LW["bodies"])) + r")\s+)?("
    + "|".join(sorted(map(re.escape, LEVEL_WORDS), key=len, reverse=True)) + r")\b")




@dataclass
class Scope:
    docs: list[DocumentInfo] = field(default_factory=list)
    how: str = ""  # "named" | "place" | "kind" | "cites" (cites the unloaded document named) — for the note and the tests
    names: tuple[str, ...] = ()  # folded phrases of the question that named the documents

    @property
    def ids(self) -> set[str]:
        return {d.id for d in self.docs}


def scope_of(question: str, loaded: list[DocumentInfo], attached: dict[str, set[str]] | None = None) -> Scope:
    """`attached`: doc id -> the kinds of the texts it issues ("Quy chế"), so "theo quy chế phối
    hợp của tỉnh" points at the decision that carries that Quy chế."""
    if not loaded:
        return Scope()
    f = " " + " ".join(syllables(question)) + " "
    # one document loaded: nothing to choose, but the words that name it ("trong hd 15", "của
    # kế hoạch này") still name no content
    alone = len(loaded) == 1
    named, carried = [], []
    for d in mentioned_documents(question, loaded):
        by = implementers(d, loaded)
        if by and _named_as_object(f, document_keys(d)):
            carried.extend(x for x in [*by, d] if x not in carried)  # "tuyên truyền Nghị quyết 45"
        else:
            named.append(d)
    if named:
        return Scope(named, "named", tuple(k for d in named for k in document_keys(d) if f" {k} " in f))
    by_place = [d for d in loaded if any(f" {p} " in f for p in place_names(d.issuer))]
    if by_place and (len(by_place) < len(loaded) or alone):
        said = tuple(p for d in by_place for p in place_names(d.issuer) if f" {p} " in f)
        return Scope(by_place, "place", said)
    raw = " " + " ".join(re.findall(r"[0-9a-z]+", fold(question))) + " "
    compounds = compounds_in(question)
    by_kind, said = _by_kind_and_level(f, loaded, attached=attached, compounds=compounds)
    if not by_kind:
        by_kind, said = _by_kind_and_level(raw, loaded, shorts=True, attached=attached, compounds=compounds)
    said_in = f if said and f" {said[0]} " in f else raw  # a short word ("hd") is found in the raw text
    if by_kind and _named_first_only(said_in, said[0]):
        # "Kế hoạch phát triển giáo dục STEM phải ban hành khi nào": a kind word that only opens
        # the question names a loaded document when that document's title follows it
        by_kind = _by_title_words(question, by_kind, said, required=True)
    elif len(by_kind) > 1:
        by_kind = _by_title_words(question, by_kind, said)
    if by_kind and (len(by_kind) < len(loaded) or alone):
        return Scope(by_kind, "kind", said)
    if carried and len(carried) < len(loaded):
        return Scope(carried, "cites")
    return Scope()


def _named_first_only(f: str, key: str) -> bool:
    """Whether the kind word `key` names a document in `f` only by opening the question."""
    before, after = _reference_words()
    if not f.startswith(f" {key} "):
        return False
    rest = f[len(key) + 2:]
    if not rest.strip() or any(rest.startswith(w + " ") for w in after):
        return False  # "kế hoạch này …"
    if any(re.match(rf"{re.escape(v)} (?:[a-z]+ ){{1,3}}\d", rest) for v in _implement_verbs()):
        return False  # "kế hoạch thực hiện Nghị quyết 57 …": a document described by the one it carries out
    i = f.find(f" {key} ", 1)
    while i >= 0:  # named again further on, by a referring word or at the end
        prev = f[:i].split()[-1:]
        tail = f[i + len(key) + 2:]
        if (prev and prev[0] in before) or not tail.strip() or any(tail.startswith(w + " ") for w in after):
            return False
        i = f.find(f" {key} ", i + 1)
    return True


def _by_title_words(question: str, docs: list[DocumentInfo], said: tuple[str, ...],
                    required: bool = False) -> list[DocumentInfo]:
    """Of several documents of the kind named, those whose title holds the most of the question's
    other words: "qđ phân loại rác áp dụng từ khi nào" is the decision on sorting waste, not the
    other decision loaded. With no such word, all of them."""
    from hoi.text import content_syllables

    named = {w for k in said for w in k.split()} | words("words", "title_generic")
    asked = {w for w in content_syllables(question) if w not in named and not w.isdigit()}
    if not asked:
        return [] if required else docs
    held = [len(asked & set(content_syllables(d.title))) for d in docs]
    best = max(held)
    if best >= 2:
        return [d for d, h in zip(docs, held) if h == best]
    return [] if required else docs


def implementers(doc: DocumentInfo, loaded: list[DocumentInfo]) -> list[DocumentInfo]:
    """The loaded documents that carry `doc` out (their `implements` holds it)."""
    return [x for x in loaded if x.id != doc.id and doc.id in (x.implements or [])]


@lru_cache(maxsize=4096)
def place_names(issuer: str) -> tuple[str, ...]:
    """Runs of two or more issuer words that are not generic ("Ban Thường vụ Huyện ủy Hòa Bình
    Tây" → "hoa binh tay"): what a cadre types to name the place."""
    generic = words("words", "issuer_generic")
    out, run = [], []
    for w in re.findall(r"\w+", nfc(issuer).lower()) + [""]:
        if w and w not in generic and not w.isdigit():
            run.append(w)
            continue
        if len(run) >= 2:
            out.append(" ".join(syllables(" ".join(run))))
        run = []
    return tuple(out)


@lru_cache(maxsize=1)
def _kind_words() -> dict[str, str]:
    """Folded kind word ("ke hoach", "kh") -> kind name ("Kế hoạch"), from hoi/data/doc_kinds.toml."""
    from hoi.doc_vocab import kinds

    out: dict[str, str] = {}
    for k in kinds():
        for name in (k.name, *k.titles):  # "CHƯƠNG TRÌNH HÀNH ĐỘNG" is how cadres say it too
            out[" ".join(syllables(name))] = k.name
    return out


@lru_cache(maxsize=1)
def _kind_shorts() -> dict[str, str]:
    """The short words cadres type for a kind ("hd gửi cho ai"), as typed: the syllable layer
    reads "hd" as "hoạt động", so they are looked for in the raw folded question. A short word
    that is also a syllable ("da" is "đã") would make every sentence name a kind: left out."""
    from hoi.doc_vocab import kinds

    return {k.short: k.name for k in kinds() if len(k.short) >= 2 and not re.search(r"[aeiouy]", k.short)}


def _by_kind_and_level(f: str, loaded: list[DocumentInfo], shorts: bool = False,
                       attached: dict[str, set[str]] | None = None, compounds: tuple[str, ...] = ()) -> tuple[list[DocumentInfo], tuple[str, ...]]:
    """The loaded documents of the kind (and level) a question names, and the words that named them."""
    try:
        kinds = _kind_shorts() if shorts else _kind_words()
    except Exception:  # the data file is missing or broken: no kind scope, never a failed answer
        return [], ()
    kind = None
    pos = -1
    kind_key = ""
    for key, name in sorted(kinds.items(), key=lambda kv: -len(kv[0])):
        i = _referring(f, key, compounds)
        if i >= 0 and (pos < 0 or i < pos):
            kind, pos, kind_key = name, i, key
    if kind is None:
        return [], ()
    same_kind = [d for d in loaded if fold(d.kind) == fold(kind)
                 or fold(kind) in {fold(k) for k in (attached or {}).get(d.id, ())}]
    if not same_kind:
        return [], ()
    m = _RE_LEVEL.search(f, pos)
    if m and m.start() - pos < 40:
        level = LEVEL_WORDS[m.group(1)]
        return [d for d in same_kind if fold(d.level) == fold(level)], (kind_key, m.group(0).strip())
    return same_kind, (kind_key,)


def _referring(f: str, key: str, compounds: tuple[str, ...] = ()) -> int:
    """Where the kind word `key` first names a document in the folded question `f` (-1 if it
    never does): next to a referring word of hoi/data/questions.toml, first (the question's
    subject) or last. Followed by a number it names one document, which is not a loaded one when
    it gets here."""
    before, after = _reference_words()
    i = f.find(f" {key} ")
    while i >= 0:
        prev = f[:i].split()[-1:]
        rest = f[i + len(key) + 2:]
        if _in_compound(f, i, key, compounds):
            pass  # "kỷ luật", "pháp luật": another word that holds the kind's syllables
        elif rest[:1].isdigit():
            pass  # "Nghị quyết 45": a document by its number, and not a loaded one (scope_of named it otherwise)
        elif (not rest.strip() or not prev or (prev and prev[0] in before) or _after_address(f[:i])
                or any(rest.startswith(w + " ") for w in after)):
            return i
        i = f.find(f" {key} ", i + 1)
    return -1


def _after_address(before: str) -> bool:
    """Whether the words before a kind word end with an address ("III.2 kế hoạch …", "điểm a
    khoản 1 Điều 3 quyết định …"): the part named belongs to the document named next."""
    tail = before.split()[-2:]
    if not tail:
        return False
    last = tail[-1]
    if last.isdigit() or re.fullmatch(r"[ivxl]+", last):
        return True
    return len(tail) == 2 and len(last) == 1 and tail[0].isdigit()  # "III.1.a"


def compounds_in(question: str) -> tuple[str, ...]:
    """The [document] kind_compounds a question holds, folded: accent-aware when it is accented."""
    if has_diacritics(question):
        text = " " + " ".join(re.findall(r"\w+", nfc(question).lower())) + " "
        return tuple(fold(c) for c in _kind_compounds() if f" {nfc(c)} " in text)
    text = " " + " ".join(re.findall(r"[0-9a-z]+", fold(question))) + " "
    return tuple(fold(c) for c in _kind_compounds() if f" {fold(c)} " in text)


def named_as_object(question: str, doc: DocumentInfo, loaded: list[DocumentInfo]) -> bool:
    """Whether a question names `doc` only as what other loaded documents carry out."""
    return bool(implementers(doc, loaded)) and _named_as_object(
        " " + " ".join(syllables(question)) + " ", document_keys(doc))


def _named_as_object(f: str, keys: list[str]) -> bool:
    """Whether every place the question names a document follows an implementing verb of
    [document] implement_verbs: "tuyên truyền Nghị quyết 45" (its topic, not its scope)."""
    verbs = _implement_verbs()
    places = [i for k in keys for i in _find_all(f, f" {k} ")]
    return bool(places) and all(any(f[:i + 1].endswith(f" {v} ") for v in verbs) for i in places)


def _find_all(f: str, sub: str) -> list[int]:
    out, i = [], f.find(sub)
    while i >= 0:
        out.append(i)
        i = f.find(sub, i + 1)
    return out


@lru_cache(maxsize=1)
def _implement_verbs() -> tuple[str, ...]:
    from hoi.vocab import data_file

    return tuple(data_file("questions.toml")["document"].get("implement_verbs", ()))


def _in_compound(f: str, i: int, key: str, compounds: tuple[str, ...]) -> bool:
    """Whether the kind word at `i` of `f` is part of one of the question's `compounds`."""
    if f[i + len(key) + 1:].startswith(" nay "):
        return False  # "ký luật này": the document, whatever compound it would make
    for c in compounds:
        at = f" {c} ".find(f" {key} ")
        if at >= 0 and f.startswith(f" {c} ", i - at):
            return True
    return False


@lru_cache(maxsize=1)
def _kind_compounds() -> tuple[str, ...]:
    from hoi.vocab import data_file

    return tuple(data_file("questions.toml")["document"].get("kind_compounds", ()))


@lru_cache(maxsize=1)
def _reference_words() -> tuple[frozenset[str], tuple[str, ...]]:
    from hoi.vocab import data_file

    doc = data_file("questions.toml")["document"]
    return frozenset(doc["kind_refers_before"]), tuple(doc["kind_refers_after"])


_LEVEL_BEFORE = frozenset(_LW["drop_before"])


def without_names(question: str, scope: Scope) -> str:
    """The question without the words that named its documents ("huyện Đồi Cát trồng bao nhiêu
    cây" → "trồng bao nhiêu cây", "mục tiêu chung của chương trình hành động" → "mục tiêu chung"):
    once the scope holds them they are not content a passage must repeat — counting them made
    every row of an appendix titled "… chương trình hành động …" look like the answer."""
    if not scope.names:
        return question
    tokens = list(re.finditer(r"[\w&]+", question))
    flat: list[tuple[str, int]] = []  # (syllable, token it came from): "ctr18" gives chuong, trinh, 18
    for k, t in enumerate(tokens):
        flat.extend((syl, k) for syl in syllables(t.group(0)))
    words = [w for w, _ in flat]
    drop: set[int] = set()
    for name in scope.names:
        seq = name.split()
        for i in range(len(words) - len(seq) + 1):
            if words[i:i + len(seq)] == seq:
                drop.update(flat[x][1] for x in range(i, i + len(seq)))
                j = i - 1
                while j >= 0 and words[j] in _LEVEL_BEFORE and i - j <= 3:
                    drop.add(flat[j][1])
                    j -= 1
    names = set(scope.names)
    drop.update(k for k, t in enumerate(tokens) if fold(t.group(0)) in names)  # "hd", as typed
    kept = [t.group(0) for k, t in enumerate(tokens) if k not in drop]
    return " ".join(kept) if kept else question
