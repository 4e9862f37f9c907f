"""The answer engine: one question in, one cited answer (or an honest abstention) out.

Every front end (the CLI, the Telegram bot, the eval runner, the benchmarks) calls
`Engine.answer`, so retrieval, abstention and citation live here and nowhere else.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


from hoi.embeddings import Embedder, get_embedder
from hoi.index import Index
from hoi.manifest import document_keys, mentioned_documents
from hoi.models import Chunk, DocumentInfo, split_attached
from hoi.quantities import asked_noun, states_count_of
from hoi.timex import has_time, states_day_or_term, states_due
from hoi.settings import Settings, get_settings
from hoi.text import content_syllables, fold, syllables

from hoi.actors import LEVEL_SYLLABLES, match_actors
from hoi.registers import SUPPORTING_ROLE, Registers

from . import compose, duties, questions
from .compose import Answer, Citation
from .questions import clean_question, normalise_address
from .retrieve import Hit, QueryView, Retriever, content_keys
from .scope import Scope, named_as_object, scope_of, without_names

# Abstention: calibrated on the development documents loaded together (eval/multidoc; held-out documents never used).
# A passage answers when it covers enough of the question's content words, or when the
# dense model is confident and the passage still shares some words with the question.
MIN_COVERAGE = 0.55  # rarity-weighted share of the question's content words in the passage (multi-document dev set, 2026-12-01: 0.45 → 0.55 kept hit@1 and raised abstention recall 0.69 → 0.81)
MIN_DENSE_STRONG = 0.85  # with at least MIN_COVERAGE_WITH_DENSE of the words
MIN_COVERAGE_WITH_DENSE = 0.35
MIN_DENSE = 0.80  # below this the dense model sees another topic: only near-complete coverage answers
SURE_COVERAGE = 0.8
THIN_COVERAGE = 0.5  # unweighted share at or below which a word-only answer asks the dense model (_needs_dense)
FOLLOWER_RATIO = 0.5  # a 2nd/3rd passage is cited only if its fused score is close to the top
MAX_REGISTER_CITATIONS = 8
MIN_TOPIC_SHARE = 0.3  # a named body's row not cited by retrieval must hold this share of the question's topic
MAX_LIST_ITEMS = 10  # a list lead cited first is quoted with this many of its items at most
MAX_LIST_CHARS = 1200
MIN_LEAD_COVERAGE = 0.3  # a list's lead is cited for one of its items when it holds this much of the question
# the words of an address question that say where, not what ("dòng số 12 … ghi nội dung gì")
ADDRESS_WORDS = frozenset(w for p in questions.DATA["intent"]["address_words"] for w in p.split())
MAX_CLAUSE_DOCUMENTS = 3
STATING_LOOKAHEAD = 3  # how far down a passage stating what is asked is looked for (_stating_first)
STATING_MARGIN = 0.2  # how much less of the question's weight it may hold than the first
NOUN_MARGIN = 0.35  # the same for a passage counting the very noun a how-many question asks  # a clause asked by address alone is quoted from this many documents at most

# The answerers Engine._answer asks, in order; the first that answers wins.
ANSWERERS = ("_address_answerer", "_unloaded_answerer", "_document_answerer", "_heading_answerer",
             "_retrieval_answerer")


@dataclass
class Asked:
    """A question as the answerers see it: read once by Engine._read."""

    question: str
    mentioned: list[DocumentInfo]  # documents it names, loaded or not
    missing: list[DocumentInfo]  # of those, the ones not loaded
    scope: Scope  # the loaded documents it points at (bot/scope.py)
    definition: Hit | None  # for "X là gì": the passage that begins "X là …"


ATTACHED_TITLE = "văn bản kèm theo"  # the section of an attached plan's title (ingest/parser.py)
RE_ROW_KEY = re.compile(r"^phuluc([^.]*)\.stt(.+)$")  # normalise_address("Phụ lục I, STT II.3") = "phuluci.sttii.3"
RE_CHAPTER_HEADING = re.compile(r"^(?:CHƯƠNG|Chương)\s+([IVXL]+|\d+)\b")


def _same_row(have: re.Match[str] | None, want: re.Match[str]) -> bool:
    """Whether a row address matches the one asked: the appendix numeral only when the question
    gives one; the STT as asked, or as the last part of a group-qualified STT ("II.3")."""
    if have is None:
        return False
    if want.group(1) and _numeral(have.group(1)) != _numeral(want.group(1)):
        return False
    return have.group(2) == want.group(2) or have.group(2).endswith("." + want.group(2))


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def _numeral(text: str) -> int | str:
    """An appendix numeral as a number: "02", "2" and "ii" are one appendix."""
    if text.isdigit():
        return int(text)
    if text and all(ch in _ROMAN for ch in text):
        total = 0
        for a, b in zip(text, text[1:] + " "):
            total += -_ROMAN[a] if b in _ROMAN and _ROMAN[b] > _ROMAN[a] else _ROMAN[a]
        return total
    return text


class Engine:
    def __init__(self, index: Index, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.retriever = Retriever(index, embedder, settings.candidates)
        self.registers = Registers.from_json(index.registers_raw) if index.registers_raw else None
        self._units: dict[tuple[str, str], int] = {}
        for c in index.chunks:
            key = (c.doc_id, c.section)
            self._units[key] = self._units.get(key, 0) + 1
        # lookup tables built once at open, so no question pays for them (2 s at 100k passages)
        self._heading_index = self._build_heading_index()
        # own addresses ("dieu5.2") and, apart, those inside attached texts by their inner address
        # ("Quy chế, Điều 5.2" under "dieu5.2"), so "Điều 5" can be read either way
        self._rows_by_address, self._attached_by_address = self._build_rows_by_address()
        # the kinds of attached texts ("Quy chế") and the documents that carry one, read once
        attached_rows = [r for rows in self._attached_by_address.values() for r in rows]
        self._attached_prefixes = {split_attached(self.index.chunks[r].section)[0] for r in attached_rows}
        self._docs_with_attached = {self.index.chunks[r].doc_id for r in attached_rows}
        self._attached_kinds: dict[str, set[str]] = {}
        for r in attached_rows:
            c = self.index.chunks[r]
            self._attached_kinds.setdefault(c.doc_id, set()).add(split_attached(c.section)[0])
        self._name_attached_plans()
        self._rows_by_chapter, self._attached_by_chapter = self._build_rows_by_chapter()
        self._citing: dict[str, list[int]] = {}
        self._openings: dict[str, list[int]] | None = None
        self._known_names: set[str] | None = None
        self._effective_rows: dict[str, list[int]] = {}

    def _name_attached_plans(self) -> None:
        """A decision that issues a plan ("KẾ HOẠCH … (Ban hành kèm theo Quyết định số 426/…)") is
        that plan's kind too, and cadres name it by the decision's number: "kế hoạch 426", "kh 426"."""
        from hoi.doc_vocab import kinds

        names = sorted(((" ".join(fold(k.name).split()), k) for k in kinds()), key=lambda t: -len(t[0]))
        for c in self.index.chunks:
            if c.section != ATTACHED_TITLE:
                continue
            title = " ".join(re.findall(r"[0-9a-z]+", fold(c.text)))
            kind = next((k for name, k in names if title.startswith(name + " ")), None)
            doc = self.doc(c.doc_id)
            if kind is None or doc is None or fold(kind.name) == fold(doc.kind):
                continue
            self._attached_kinds.setdefault(c.doc_id, set()).add(kind.name)
            lead = re.match(r"\s*(\d+)", doc.number or "")
            if lead:
                extra = [f"{kind.name.lower()} {lead.group(1)}", f"{kind.short} {lead.group(1)}"]
                doc.aliases = list(doc.aliases or []) + [a for a in extra if a not in (doc.aliases or [])]

    @classmethod
    def open(cls, index_dir: Path | None = None, settings: Settings | None = None) -> "Engine":
        settings = settings or get_settings()
        index = Index.open(Path(index_dir or settings.index_dir))
        # Queries must be embedded by the model that embedded the passages: the index says which.
        spec = index.meta.get("embedder_spec") or settings.embeddings
        return cls(index, get_embedder(spec), settings)

    def warm(self) -> None:
        """Open what questions open lazily (Chroma, the vectors, the chunk-id map) and run the
        embedder once. A one-shot `bot ask` skips this: most questions never embed, and importing
        Chroma alone costs ~0.5 s. The bot calls it at start-up and after /reindex, so the first
        cadre whose question needs the dense model does not wait for it."""
        self.index.by_id
        self.index.vectors
        self.retriever.search("nhiệm vụ và thời hạn thực hiện", k=1)  # Chroma loads its HNSW graph on a first query
        if self.registers is not None:
            self.registers.actors()
        for d in self.not_loaded():  # what the loaded documents say about them (_facts_about)
            self._rows_citing((d.number,))
        self._definition_hit("văn bản là gì", Scope())  # builds the passages' openings table

    # -- documents ---------------------------------------------------------------------------
    @property
    def documents(self) -> list[DocumentInfo]:
        return self.index.documents

    def doc(self, doc_id: str) -> DocumentInfo | None:
        return self.index.document(doc_id)

    def not_loaded(self) -> list[DocumentInfo]:
        loaded = self.index.loaded_ids()
        return [d for d in self.documents if d.id not in loaded]

    def loaded(self) -> list[DocumentInfo]:
        loaded = self.index.loaded_ids()
        return [d for d in self.documents if d.id in loaded]

    def place_label(self, doc_id: str, section: str, para: int | None) -> str:
        """"Chương trình số 227-CTr/TU …, mục III.2": where a clause stands, for a chain line."""
        doc = self.doc(doc_id)
        return f"{doc.label if doc else doc_id}, " + compose.address_label(
            section, para, self._units.get((doc_id, section), 1))

    def citation(self, n: int, chunk: Chunk, score: float) -> Citation:
        return compose.make_citation(n, chunk, self.doc(chunk.doc_id), score,
                                     self._units.get((chunk.doc_id, chunk.section), 1))

    # -- clauses -----------------------------------------------------------------------------
    def clause(self, address: str, doc_id: str | None = None, own_first: bool = False) -> list[Chunk]:
        """All units at an address ("IV.4", "Điều 8.2") or under it ("III" → III.1 … III.5,
        "Điều 12" → its lead, clauses and points), in document order. A table row asked as
        "phụ lục STT 4" matches the row of any appendix, or of the one numbered; a chapter gives
        its title and the lead of each of its articles.

        A decision that issues a Quy chế has two "Điều 2": its own and the Quy chế's. Per
        document the attached text's is given (that is where the substance is), unless
        `own_first` (the question named the decision itself) and the document has its own."""
        prefix, inner = split_attached(address)
        want = normalise_address(inner)
        own_first = own_first or not want.startswith(("dieu", "chuong"))  # "tiêu đề": the decision's
        own = [] if prefix else self._rows_at(want, self._rows_by_address, self._rows_by_chapter)
        attached = [] if want.startswith("phuluc") else \
            self._rows_at(want, self._attached_by_address, self._attached_by_chapter)
        chunks = self.index.chunks
        if prefix:  # "Quy chế, Điều 5" as the parser wrote it: that text's article only
            attached = [r for r in attached if split_attached(chunks[r].section)[0] == prefix]
            own_first = False
        if attached:
            docs_own = {chunks[r].doc_id for r in own}
            docs_att = {chunks[r].doc_id for r in attached}
            keep_att = docs_att - docs_own if own_first else docs_att
            own = [r for r in own if chunks[r].doc_id not in keep_att]
            rows = sorted(own + [r for r in attached if chunks[r].doc_id in keep_att])
        else:
            rows = own
        if not doc_id:  # by address alone: the current versions (a replaced draft only by --doc)
            current = self.index.current_ids()
            return [chunks[r] for r in rows if chunks[r].doc_id in current]
        return [chunks[r] for r in rows if chunks[r].doc_id == doc_id]

    def _rows_at(self, want: str, by_address: dict[str, list[int]], by_chapter: dict[str, list[int]]) -> list[int]:
        row_want = RE_ROW_KEY.match(want)
        if row_want:
            return sorted(r for sec, rs in by_address.items() if _same_row(RE_ROW_KEY.match(sec), row_want) for r in rs)
        if want.startswith("chuong"):
            return self._chapter_rows(want, by_address, by_chapter)
        return sorted(row for sec, rows in by_address.items() if sec == want or sec.startswith(want + ".")
                      for row in rows)

    def _chapter_rows(self, want: str, by_address: dict[str, list[int]], by_chapter: dict[str, list[int]]) -> list[int]:
        """The chapter's own title unit, then the first unit of each article under it."""
        chunks = self.index.chunks
        rows = list(by_address.get(want, []))
        seen: set[tuple[str, str]] = set()
        for row in by_chapter.get(want, []):
            c = chunks[row]
            inner = split_attached(c.section)[1]
            key = (c.doc_id, inner.split(".")[0])
            if key not in seen and inner.startswith("Điều"):
                seen.add(key)
                rows.append(row)
        return sorted(rows)

    def _build_rows_by_chapter(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        own: dict[str, list[int]] = {}
        attached: dict[str, list[int]] = {}
        for row, c in enumerate(self.index.chunks):
            if c.heading_path:
                m = RE_CHAPTER_HEADING.match(c.heading_path[0])
                if m:
                    out = attached if split_attached(c.section)[0] else own
                    out.setdefault(normalise_address(f"Chương {m.group(1)}"), []).append(row)
        return own, attached

    def _build_rows_by_address(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """Normalised address -> rows of the units there: a document has a few dozen addresses,
        an index of 100k passages would otherwise be scanned for every clause asked."""
        own: dict[str, list[int]] = {}
        attached: dict[str, list[int]] = {}
        for row, c in enumerate(self.index.chunks):
            prefix, inner = split_attached(c.section)
            out = attached if prefix else own
            out.setdefault(normalise_address(inner), []).append(row)
        return own, attached

    def heading_of(self, doc_id: str, address: str) -> str:
        return self.index.headings.get(doc_id, {}).get(address, "")

    # -- answering ---------------------------------------------------------------------------
    def answer(self, question: str, generate: bool = True) -> Answer:
        """The cited answer; with HOI_LLM set (and `generate`), a grounded generated sentence
        replaces the extractive one when it passes the check, and the passages stay the same."""
        t0 = time.perf_counter()
        ans = self._answer(question)
        if generate and self.settings.llm and not ans.abstained and ans.citations:
            self._generate(ans)
        ans.latency_ms = (time.perf_counter() - t0) * 1000
        return ans

    def _generate(self, ans: Answer) -> None:
        from . import generate as gen

        if not gen.enabled(self.settings):
            return
        g = gen.generate(ans.question, ans.citations, self.settings)
        if g.used:
            ans.extractive, ans.answer, ans.generated = ans.answer, g.text, True
        if g.note:
            ans.note = f"{ans.note} {g.note}".strip()

    def _answer(self, raw: str) -> Answer:
        """The first answerer that answers, in order (ANSWERERS): what reads a question's address
        or asks about a document as such goes before retrieval, which always answers or abstains."""
        question = clean_question(raw)
        invalid = self._invalid(raw, question)
        if invalid:
            return invalid
        asked = self._read(question)
        for name in ANSWERERS:
            ans = getattr(self, name)(asked)
            if ans is not None:
                return ans
        raise AssertionError("the retrieval answerer always answers")  # pragma: no cover

    def _invalid(self, raw: str, question: str) -> Answer | None:
        if not question:
            return Answer(raw or "", True, compose.MSG_EMPTY, kind="invalid")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            return Answer(question[:200], True, compose.MSG_TOO_LONG.format(n=len(question), limit=limit), kind="invalid")
        if not any(ch.isalnum() for ch in question):
            return Answer(question, True, compose.MSG_NO_CONTENT, kind="invalid")
        return None

    def _read(self, question: str) -> "Asked":
        """What every answerer needs to know about the question, read once."""
        loaded_ids = self.index.loaded_ids()
        # a loaded document named as what is carried out ("thực hiện Nghị quyết 45") is not the
        # one asked about; an unloaded one stays, to say which document would answer
        loaded = self.loaded()
        mentioned = [d for d in mentioned_documents(question, self.documents)
                     if d.id not in loaded_ids or not named_as_object(question, d, loaded)]
        scope = scope_of(question, self.loaded(), self._attached_kinds)
        missing = [d for d in mentioned if d.id not in loaded_ids]
        if not scope.docs and missing:
            scope = self._citing_scope(missing) or scope
        return Asked(question, mentioned, missing, scope, self._definition_hit(question, scope))

    def _citing_scope(self, missing: list[DocumentInfo]) -> Scope | None:
        """"Mặt trận Tổ quốc huyện làm gì để thực hiện Nghị quyết 45" with NQ45 not loaded: the
        loaded documents that cite it (the plan implementing it) are the ones asked about, not a
        provincial resolution whose own "thực hiện Nghị quyết này" shares the words."""
        numbers = tuple(d.number for d in missing if d.number)
        if not numbers:
            return None
        citing = {self.index.chunks[r].doc_id for r in self._rows_citing(numbers)}
        loaded = self.loaded()
        docs = [d for d in loaded if d.id in citing]
        return Scope(docs, "cites") if docs and len(docs) < len(loaded) else None

    # -- answerers, in order -----------------------------------------------------------------
    def _address_answerer(self, a: "Asked") -> Answer | None:
        """"mục IV.4", "khoản 2 Điều 8", "phụ lục STT 4": the clause itself."""
        return self._clause_answer(a.question)

    def _unloaded_answerer(self, a: "Asked") -> Answer | None:
        """"Nghị quyết 45 quy định gì": only that document would say; it is named, not quoted."""
        question = a.question
        keys = [k for d in a.missing for k in document_keys(d)]
        if a.missing and questions.asks_about_document_itself(question, keys) and not self._loaded_subject(a, keys):
            return self._abstain(question, a.missing, signals={})
        foreign = self._unknown_references(question, a.mentioned)
        if foreign and questions.asks_about_document_itself(question, foreign):
            return self._abstain(question, [], signals={}, foreign=foreign)
        return None

    def _loaded_subject(self, a: "Asked", missing_keys: list[str]) -> bool:
        """"Kế hoạch thực hiện Nghị quyết 45 do ai ký": the loaded plan, named first, is what is
        asked about; the unloaded resolution only says which plan."""
        loaded = [d for d in a.scope.docs if d.id in self.index.loaded_ids()]
        if not loaded or not a.scope.names:
            return False
        if {fold(d.kind) for d in loaded} & {fold(d.kind) for d in a.missing}:
            return False
        f = questions.expanded_words(a.question)
        raw = questions.folded_words(a.question)
        def first(names: list[str] | tuple[str, ...]) -> int:
            at = [i for n in names for i in (f.find(f" {n} "), raw.find(f" {n} ")) if i >= 0]
            return min(at) if at else 10 ** 6
        return first(a.scope.names) < first(missing_keys)

    def _document_answerer(self, a: "Asked") -> Answer | None:
        """"ai ký", "gửi cho ai", "căn cứ văn bản nào"; what the loaded documents say of an unloaded one."""
        if a.definition is not None:
            return None  # "thế nào là chữ ký số": a passage defines it; it is not the signature
        part_ans = self._document_part_answer(a.question, a.mentioned, a.scope)
        if part_ans:
            return part_ans
        effective = self._effective_answer(a)
        if effective:
            return effective
        return self._facts_about(a.question, a.missing) if a.missing else None

    def _effective_answer(self, a: "Asked") -> Answer | None:
        """"Luật này có hiệu lực từ khi nào", "qđ 23 áp dụng từ ngày nào": the clause that says
        "… có hiệu lực thi hành kể từ ngày …" of the documents the question points at (all loaded
        ones when it points at none; the answer then says which it looked in)."""
        f = questions.expanded_words(a.question)
        doc = questions.DATA["document"]
        if not (questions.has_phrase(f, tuple(doc["effective"]))
                and (duties.asks_deadlines(a.question) or " hieu luc tu " in f)):  # "hiệu lực từ bh"
            return None
        if a.missing:
            return None  # when another document takes effect: only that document says
        loaded = self.index.loaded_ids()
        docs = [d.id for d in a.mentioned if d.id in loaded] or sorted(a.scope.ids) or \
            [d.id for d in self.loaded()]
        stated = tuple(doc["effective_stated"])
        found: list[Chunk] = []
        for d in docs:
            for c in self._effective_clauses(d, stated):
                found.append(c)
                break  # one clause per document: the first that says it
        events = tuple(f"{p} {e}" for p in stated for e in doc.get("effective_events", ()))
        found = [c for c in found if has_time(c.text) or questions.has_phrase(questions.folded_words(c.text), events)]
        if not found:
            return None
        citations = [self.citation(i + 1, c, 1.0) for i, c in enumerate(found[:MAX_CLAUSE_DOCUMENTS])]
        ans = Answer(a.question, False, compose.render_extract([(1, citations[0].text)]), citations,
                     kind="passage")
        if len(found) > 1:
            ans.note = compose.MSG_NOTE_SEARCHED.format(
                docs="; ".join(self.doc(c.doc_id).label for c in found[:MAX_CLAUSE_DOCUMENTS] if self.doc(c.doc_id)))
        return ans

    def _effective_clauses(self, doc_id: str, stated: tuple[str, ...]) -> list[Chunk]:
        rows = self._effective_rows.get(doc_id)
        if rows is None:  # per document, once: the body passages saying "có hiệu lực …"
            rows = self._effective_rows[doc_id] = [
                r for r, c in enumerate(self.index.chunks) if c.doc_id == doc_id and c.kind in ("body", "heading")
                and questions.has_phrase(questions.folded_words(c.text), tuple(f"{p} ngay" for p in stated))]
        return [self.index.chunks[r] for r in rows]

    def _heading_answerer(self, a: "Asked") -> Answer | None:
        """"Mục đích của kế hoạch là gì": a heading's own words get its section, in order."""
        if a.definition is not None:
            return None  # "X là gì" with a passage "X là …": retrieval puts that passage first
        heading_ans = self._heading_answer(a.question, a.scope)
        if heading_ans and self.registers is not None:
            chunks = [self.index.chunks[self.index.by_id[c.chunk_id]] for c in heading_ans.citations]
            return self._with_registers(heading_ans, chunks, content_keys(a.question)) or heading_ans
        return heading_ans

    def _retrieval_answerer(self, a: "Asked") -> Answer:
        """Both retrieval sides, abstention, extraction; registers rebuild who/when answers."""
        question, scope, definition, missing = a.question, a.scope, a.definition, a.missing
        asked = without_names(question, scope)  # the words that named the documents are not content
        q, hits = self._search(asked, frozenset(scope.ids) or None)
        def none_answers(found: list[Hit]) -> bool:
            return not any(self._answers(h, q.content) and questions.states_what_is_asked(question, h.chunk.index_text())
                           for h in found)

        if scope.docs and none_answers(hits):
            if scope.how in ("named", "cites"):  # "cites": the documents carrying out the one named
                # a document named by number or alias is kept (another one's passage is no answer):
                # asked again with the words that named it, which its own passages may repeat
                q, hits = self._search(question, frozenset(scope.ids))
            else:  # the documents the question only points at do not answer: look everywhere
                q, hits = self._search(question)
                scope = Scope()
        signals = {
            "coverage": hits[0].coverage if hits else 0.0,
            "dense": (hits[0].dense or 0.0) if hits else 0.0,
            "lexical": hits[0].lexical if hits else 0.0,
            "weighted": hits[0].weighted if hits else 0.0,
        }
        if definition is not None:
            hits = [definition] + [h for h in hits if h.row != definition.row]
        hits = [h for h in hits if questions.states_what_is_asked(question, h.chunk.index_text())]
        if not hits or not (definition is not None or any(self._answers(h, q.content) for h in hits)):
            return self._abstain(question, missing, signals)
        # a passage that does not itself answer is not cited first
        if definition is None:
            hits = [h for h in hits if self._answers(h, q.content)] + [h for h in hits if not self._answers(h, q.content)]
            hits = self._stating_first(question, hits, q.content)

        top = hits[0].score
        kept = [h for i, h in enumerate(hits) if i == 0 or self._follows(h, top, q.content)]
        kept, listed = self._list_first(question, kept, q.content)
        citations = [self.citation(i + 1, h.chunk, h.score) for i, h in enumerate(kept)]
        if listed:
            citations[0].text = "\n".join(listed)
            text = listed[0] + "".join(f"\n• {item}" for item in listed[1:]) + " [1]"
        else:
            text = compose.render_extract(compose.best_sentences(question, [(c.n, c.text) for c in citations]))
        ans = Answer(question, False, text, citations, kind="passage", signals=signals)
        if self.registers is not None:
            ans = self._with_registers(ans, [h.chunk for h in kept], q.content, scope.ids) or ans
        self._quote_list(ans)
        if scope.how == "kind" and len(scope.docs) > 1:  # "kế hoạch này" with several plans loaded
            ans.note = compose.MSG_NOTE_SEARCHED.format(docs="; ".join(d.label for d in scope.docs))
        if missing:
            ans.note = compose.MSG_NOTE_MISSING.format(
                docs=", ".join(d.label for d in missing), loaded=", ".join(d.label for d in self.loaded())
            )
            ans.missing_documents = [d.number for d in missing]
        return ans

    def _stating_first(self, question: str, hits: list[Hit], content: list[str]) -> list[Hit]:
        """"Tài liệu được in bao nhiêu bản?": the passage that puts a number before "bản" comes
        before one that only names the document; "hạn … khi nào" a passage stating when it is due
        ("Quý IV/2026") before one stating only how often ("định kỳ 2 năm"), and one stating a time
        before one that does not — when it holds nearly as much of the question."""
        tiers: list[tuple[Callable[[Hit], bool], float, bool]] = []
        noun = asked_noun(questions.other_words_masked(question))  # "mây tre" typed so is no "mấy"
        if noun:  # typed without accents it may still be: when no passage counts it, the tiers below decide
            tiers.append((lambda h: states_count_of(h.chunk.text, noun), NOUN_MARGIN, True))
        if questions.asks_due(question):
            if not questions.asks_year(question):  # "trước ngày 15/5/2026" before "năm 2026"
                tiers.append((lambda h: states_day_or_term(h.chunk.text), STATING_MARGIN, False))
            tiers.append((lambda h: states_due(h.chunk.text), STATING_MARGIN, False))
        if duties.asks_deadlines(question):
            tiers.append((lambda h: has_time(h.chunk.text), STATING_MARGIN, False))
        for states, margin, counts in tiers:
            first = self._first_stating(hits, content, states, margin, counts)
            if first is not hits or (hits and states(hits[0])):
                return first
        return hits

    def _first_stating(self, hits: list[Hit], content: list[str], states: Callable[[Hit], bool],
                       margin: float, counts_noun: bool) -> list[Hit]:
        """`hits` with the first passage that states what is asked moved up to lead (the same
        list when the first already does or none near enough does)."""
        if not hits or states(hits[0]):
            return hits
        top = hits[0]
        for i, h in enumerate(hits[1:STATING_LOOKAHEAD + 1], start=1):
            if not states(h):
                continue
            # a count of the very noun asked ("60 doanh nghiệp") is evidence enough with fewer of
            # the other words; a time stated must come with as many of them as an answer needs
            near = h.weighted >= top.weighted - margin
            enough = (h.weighted >= MIN_COVERAGE_WITH_DENSE and h.pairs > 0) if counts_noun else self._answers(h, content)
            if near and enough:
                return [h] + hits[:i] + hits[i + 1:]
        return hits

    def _list_first(self, question: str, kept: list[Hit], content: list[str]) -> tuple[list[Hit], list[str]]:
        """"Những hành vi nào bị cấm?": when the first passage is one item of a list, the list is
        the answer. Its lead (an article's title, or a clause ending "… sau đây:") is cited first
        and quoted with its items; the items it quotes are not cited again. A first passage that
        is itself a lead is quoted so whatever the question's wording. ([] when no list.)"""
        first = kept[0].chunk
        lead: Chunk | None = first if first.kind == "body" and first.text.rstrip().endswith(":") else None
        if lead is None and questions.asks_list(question):
            lead = self._lead_of(first)
            if lead is not None:
                siblings = sum(1 for h in kept[:3] if h.chunk.heading_path[-1:] == first.heading_path[-1:])
                row = self.index.by_id[lead.chunk_id]
                if siblings < 2 and self.retriever.weighted_coverage(content, row) < MIN_LEAD_COVERAGE:
                    lead = None
        if lead is None:
            return kept, []
        items = self._items_of(lead)
        if not items:
            return kept, []
        listed, quoted = self._listed(lead, items)
        row = self.index.by_id[lead.chunk_id]
        head = Hit(row=row, chunk=lead, score=kept[0].score, lexical=kept[0].lexical, dense=kept[0].dense,
                   coverage=kept[0].coverage, weighted=kept[0].weighted, pairs=kept[0].pairs)
        return [head] + [h for h in kept if h.chunk.chunk_id not in quoted], listed

    def _lead_of(self, c: Chunk) -> Chunk | None:
        """The lead of the list an item stands in: the passage its heading path ends with — an
        article's title ("Điều 12. Các hành vi bị nghiêm cấm") or a clause "1. Người đọc có các
        quyền sau đây:" — looked for before it in its top-level part."""
        if c.kind != "body" or not c.heading_path:
            return None
        want = fold(c.heading_path[-1]).strip()
        top = c.section.split(".")[0]
        best = None
        for other in self.clause(top, c.doc_id):
            if other.start >= c.start or other.chunk_id == c.chunk_id:
                continue
            text = fold(other.text).strip()
            if text and (text == want or (want.endswith(text) and text.endswith(":"))):
                best = other
        return best

    def _items_of(self, lead: Chunk) -> list[Chunk]:
        """The passages a lead opens, in order: those under it in the heading tree."""
        key = fold(lead.text).strip()
        scope = lead.section if lead.kind == "heading" or lead.text.rstrip().endswith(":") else lead.section.split(".")[0]
        out = []
        for c in self.clause(scope, lead.doc_id):
            if c.kind != "body" or c.start <= lead.start or c.chunk_id == lead.chunk_id:
                continue
            path = [fold(h).strip() for h in c.heading_path]
            if any(h == key or h.endswith(key) for h in path):
                out.append(c)
            if len(out) >= MAX_LIST_ITEMS:
                break
        return out

    @staticmethod
    def _other_words(question: str) -> set[str]:
        """The question's words that say what, not where or how it asks ("dòng số 12 trong lịch
        học tập ghi gì" → lịch, học, tập): they choose between units holding the same address."""
        return {w for w in content_syllables(question) if not w.isdigit() and w not in ADDRESS_WORDS and len(w) > 1}

    @staticmethod
    def _ranked_by_overlap(items: list, held: list[set[str]], want: set[str]) -> list:
        """Items by how many of `want` they hold, most first, ties in their order; unchanged when
        fewer than two words are asked or none holds two (one shared word decides nothing)."""
        count = [len(want & h) for h in held]
        if len(want) < 2 or len(items) < 2 or max(count) < 2:
            return items
        return [it for _, _, it in sorted(zip([-n for n in count], range(len(items)), items))]

    def _by_other_words(self, question: str, chunks: list[Chunk]) -> list[Chunk]:
        """Units ordered by how many of the question's other words they hold, and of its pairs of
        adjacent words: "căn cứ chỉ thị số mấy" typed without accents loses "thì" as a word, not
        "chi_thi" as a pair."""
        syl = syllables(question)
        want = self._other_words(question) | {f"{a}_{b}" for a, b in zip(syl, syl[1:])}

        def held(c: Chunk) -> set[str]:
            s = syllables(c.text)
            return set(s) | {f"{a}_{b}" for a, b in zip(s, s[1:])}
        return self._ranked_by_overlap(chunks, [held(c) for c in chunks], want)

    def _docs_by_other_words(self, question: str, chunks: list[Chunk], docs: list[str]) -> list[str]:
        """Documents holding the same address, ordered by how many of the question's other words
        their units there (with their headings: the table's title) hold."""
        held: dict[str, set[str]] = {d: set() for d in docs}
        for c in chunks:
            held[c.doc_id].update(syllables(" ".join(c.heading_path) + " " + c.text))
        return self._ranked_by_overlap(docs, [held[d] for d in docs], self._other_words(question))

    def _quote_list(self, ans: Answer) -> None:
        """A first passage that only opens a list ("… qua một trong các kênh sau:") is quoted with
        the list: the items are the answer, the lead alone says nothing."""
        if not ans.citations or not ans.citations[0].text.rstrip().endswith(":"):
            return
        first = ans.citations[0]
        row = self.index.by_id.get(first.chunk_id)
        if row is None:
            return
        lead = self.index.chunks[row]
        items = [c for c in self.clause(lead.section, lead.doc_id)
                 if c.kind == "body" and c.start > lead.start][:MAX_LIST_ITEMS]
        if items:
            first.text = "\n".join(self._listed(lead, items)[0])

    @staticmethod
    def _listed(lead: Chunk, items: list[Chunk]) -> tuple[list[str], set[str]]:
        """The lead and as many items as MAX_LIST_CHARS allows ("…" when cut), and the chunk ids quoted."""
        listed, quoted, size = [lead.text], {lead.chunk_id}, len(lead.text)
        for c in items:
            if size + len(c.text) > MAX_LIST_CHARS:
                listed.append("…")
                break
            listed.append(c.text)
            quoted.add(c.chunk_id)
            size += len(c.text)
        return listed, quoted

    def _search(self, question: str, docs: frozenset[str] | None = None) -> tuple[QueryView, list[Hit]]:
        """The lexical side first; the question is embedded only when the dense model could
        still change the outcome (HOI_DENSE=always embeds every question, as before).

        Embedding a question with e5 was three quarters of an answer's time, and on the gold set
        the words alone decide as well as both sides together everywhere but the cases in
        `_needs_dense` (python -m eval measures both; bench/results has the figures).
        """
        k = self.settings.top_k
        if self.settings.dense == "always":
            return self.retriever.search(question, k=k, docs=docs)
        q, hits = self.retriever.search(question, k=self.settings.candidates, mode="fast", docs=docs)
        if self._needs_dense(question, hits):
            return self.retriever.search(question, k=k, docs=docs)
        return q, hits[:k]

    def _definition_hit(self, question: str, scope: Scope) -> Hit | None:
        """"X là gì?": the passage that begins "X là …" among the term's lexical candidates."""
        term = questions.defined_term(question)
        if not term:
            return None
        if " " not in term:
            term = self.retriever.acronyms.expand(term) or term  # "tvcđ được hiểu ntn"
        if self._openings is None:  # first two folded words of every passage -> rows (built once)
            self._openings = {}
            for row, c in enumerate(self.index.chunks):
                self._openings.setdefault(" ".join(re.findall(r"[0-9a-z]+", fold(c.text[:40]))[:2]), []).append(row)
        key = " ".join(term.split()[:2])
        for row in self._openings.get(key, ()):
            c = self.index.chunks[row]
            if scope.docs and c.doc_id not in scope.ids:
                continue
            text = " ".join(re.findall(r"[0-9a-z]+", fold(c.text)))
            if text.startswith(term + " la ") or text.startswith(term + " duoc hieu la "):
                return Hit(row=row, chunk=c, score=1.0, lexical=0.0, dense=None, coverage=1.0, weighted=1.0)
        return None

    def _needs_dense(self, question: str, hits: list[Hit]) -> bool:
        """Two cases where words alone leave the answer open (all lexical candidates are
        looked at, since the dense side may lift any of them to the top):

        - no passage covers enough of the question to answer on words, but one covers enough
          for a confident dense model to let it answer (the rescue band of `_answers`);
        - the passage that would answer holds its rarer words but at most half of them, and
          not all of its weight ("doi tuyen Viet Nam da voi ai" matches "VIỆT NAM" in the
          header): the dense model's ranking decides whether it stays on top.
        """
        def relevant(h: Hit) -> bool:
            return h.pairs > 0.0 and questions.states_what_is_asked(question, h.chunk.index_text())

        top = next((h for h in hits if h.weighted >= MIN_COVERAGE and relevant(h)), None)
        if top is not None:
            return top.weighted < SURE_COVERAGE and top.coverage <= THIN_COVERAGE
        return any(h.weighted >= MIN_COVERAGE_WITH_DENSE and relevant(h) for h in hits)

    # -- registers -----------------------------------------------------------------------------
    def _with_registers(self, ans: Answer, cited: list[Chunk], content: list[str],
                        scope: set[str] | None = None) -> Answer | None:
        """Rebuild a passage answer around register rows when the question asks who or when."""
        question = ans.question
        regs = self.registers
        assert regs is not None
        duty_rows: list = []
        rank = {c.chunk_id: i for i, c in enumerate(cited)}
        by_id = self.index.by_id

        cited_docs = {c.doc_id for c in cited}

        def relevance(rows: list) -> list[tuple[int, float]]:
            """Cited passages first, in citation order; then rows of the documents retrieval cited
            (the question's words chose them); then by how much of the question they hold."""
            held = self.retriever.weighted_coverage_many(content, [by_id[r.chunk_id] for r in rows])
            return [(0, rank[r.chunk_id]) if r.chunk_id in rank else (1 if r.doc_id in cited_docs else 2, -float(w))
                    for r, w in zip(rows, held)]

        asks = duties.asks_duties(question)
        named = regs.duties_for(question) if asks else []
        if scope:  # "nhiệm vụ của UBND huyện theo kế hoạch 27": that plan's rows only
            named = [r for r in named if r.doc_id in scope]
        if named:
            named = self._on_topic(named, question, content, rank)
        if named:
            duty_rows = duties.narrow_to_asked_role(named, question)
            duty_rows = [r for _, r in sorted(zip(relevance(duty_rows), duty_rows), key=lambda t: t[0])]
            if not duties.asked_role(question):  # what the body must do itself before what it supports
                duty_rows = ([r for r in duty_rows if r.role != SUPPORTING_ROLE]
                             + [r for r in duty_rows if r.role == SUPPORTING_ROLE])
            if not self._topic(duty_rows, question, content):
                # "UBND cấp xã phải làm những gì": the article or item given to that body
                # ("Trách nhiệm của …", "… có các trách nhiệm sau đây:") is the answer first
                duty_rows = self._own_unit_first(duty_rows, cited_docs)
            duty_rows = duties.prefer_level(duty_rows, question, self._doc_level)
        elif asks and duties.asks_who(question):
            # "ai …?" with no body named: the assignments in the passages retrieval found, in their
            # order. Rows elsewhere that merely share words with the question are not answers.
            duty_rows = duties.duties_in_chunks(regs, [c.chunk_id for c in cited], question)
        deadline_rows = duties.deadlines_for_question(regs, question, [c.chunk_id for c in cited]) \
            if duties.asks_deadlines(question) else []
        if not duty_rows and not deadline_rows:
            return None
        order = [cid for cid in dict.fromkeys([r.chunk_id for r in duty_rows] + [c.chunk_id for c in cited]
                                              + [r.chunk_id for r in deadline_rows]) if cid in by_id]
        order = order[:MAX_REGISTER_CITATIONS]
        scores = {c.chunk_id: c.score for c in ans.citations}
        citations = [self.citation(i + 1, self.index.chunks[by_id[cid]], scores.get(cid, 1.0))
                     for i, cid in enumerate(order)]
        num = {c.chunk_id: c.n for c in citations}
        lines: list[str] = []
        rows_json: list[dict] = []
        if duty_rows:
            lines.append("Phân công trong văn bản:")
            lines.extend(duties.duty_lines(duty_rows, num, self.place_label))
            for r in sorted(duty_rows, key=lambda r: num.get(r.chunk_id, 99)):
                if r.chunk_id in num:
                    rows_json.append(duties.row_json(r, citations[num[r.chunk_id] - 1].to_json()))
        if deadline_rows:
            lines.append("Mốc thời gian trong văn bản:")
            for r in deadline_rows:
                if r.chunk_id in num:
                    lines.append(duties.deadline_line(r, num[r.chunk_id]))
                    rows_json.append(duties.row_json(r, citations[num[r.chunk_id] - 1].to_json()))
        if not rows_json:
            return None
        head = self._renumbered(ans.answer, ans.citations, num) if not duty_rows or not named else ""
        text = (head + "\n" if head else "") + "\n".join(lines)
        return Answer(question, False, text, citations, kind="duties" if duty_rows else "deadlines",
                      signals=ans.signals, rows=rows_json)

    @staticmethod
    def _renumbered(text: str, old: list[Citation], num: dict[str, int]) -> str:
        """The passage answer's [n] markers in the rebuilt answer's numbering: the register
        answer cites in another order, and a marker must point at the passage it quotes."""
        by_n = {c.n: c.chunk_id for c in old}

        def sub(m: re.Match[str]) -> str:
            new = num.get(by_n.get(int(m.group(1)), ""))
            return f"[{new}]" if new else ""
        return re.sub(r"\[(\d+)\]", sub, text)

    def _own_unit_first(self, rows: list, docs: set[str]) -> list:
        """The rows of the units given to the body (an article "Trách nhiệm của …", a lead "…
        có các trách nhiệm sau đây:", an item headed by its name) first, in document order,
        the lead before its points."""
        units = set()
        for r in rows:
            if r.rule == "lead" and r.doc_id in docs:  # in the documents retrieval chose
                units.add(r.section)
                units.add(r.section.rsplit(".", 1)[0] if "." in r.section.split(" ")[-1] else r.section)
        def own(r) -> bool:
            return r.doc_id in docs and any(r.section == u or r.section.startswith(u + ".") for u in units)
        by_id = self.index.by_id
        first = sorted((r for r in rows if own(r)), key=lambda r: by_id.get(r.chunk_id, 0))
        return first + [r for r in rows if not own(r)]

    @staticmethod
    def _topic(rows: list, question: str, content: list[str]) -> list[str]:
        """The question's words beyond the bodies it names, duty words and level words."""
        named = {s for k in match_actors(question, {r.actor_key for r in rows}) for s in k.split("-")}
        not_topic = named | duties.DUTY_SYLLABLES | LEVEL_SYLLABLES  # the level is prefer_level's
        return [t for t in content if fold(t.lstrip("~")) not in not_topic]

    def _on_topic(self, rows: list, question: str, content: list[str], cited: dict[str, int]) -> list:
        """A body's rows that hold what the question asks beyond the body's name: "Đoàn Thanh niên
        phải làm gì về đọc sách" is not answered by the Đoàn's contest in another document. With
        no such words ("ubnd huyện làm gì") every row is the answer. Rows in the passages
        retrieval cited stay in any case."""
        topic = self._topic(rows, question, content)
        if not topic:
            return rows
        by_id = self.index.by_id
        held = self.retriever.weighted_coverage_many(topic, [by_id[r.chunk_id] for r in rows])
        return [r for r, w in zip(rows, held) if r.chunk_id in cited or w >= MIN_TOPIC_SHARE]

    def _follows(self, hit: Hit, top: float, content: list[str]) -> bool:
        """Whether a 2nd/3rd passage is cited too: close to the first and answering itself. On
        words alone it must also hold more than half of the question's words ("dám chịu trách
        nhiệm" shares three words with "ai chịu trách nhiệm tuyên truyền NQ45" and is no answer
        to it; the dense model used to drop it)."""
        if hit.score < FOLLOWER_RATIO * top or not self._answers(hit, content):
            return False
        return hit.dense is not None or hit.coverage > THIN_COVERAGE

    def _answers(self, hit: Hit, content: list[str]) -> bool:
        if hit.pairs == 0.0:
            return False  # the words are there, but never two of them side by side: another topic
        if hit.dense is None:  # decided on words alone (see _search)
            return hit.weighted >= MIN_COVERAGE
        if hit.dense < MIN_DENSE and hit.weighted < SURE_COVERAGE:
            return False
        if hit.weighted >= MIN_COVERAGE:
            return True
        return hit.dense >= MIN_DENSE_STRONG and hit.weighted >= MIN_COVERAGE_WITH_DENSE

    def _abstain(self, question: str, missing: list[DocumentInfo], signals: dict[str, float],
                 foreign: list[str] | None = None) -> Answer:
        text = compose.MSG_ABSTAIN
        if foreign:
            text += " " + compose.MSG_FOREIGN_DOC
        elif missing:
            text += " " + compose.MSG_MISSING_DOC.format(docs=", ".join(d.label for d in missing))
        else:
            unloaded = self.not_loaded()
            if unloaded:
                text += " Hiện chỉ có văn bản: " + ", ".join(d.label for d in self.loaded()) + "."
        return Answer(question, True, text, kind="abstain", signals=signals,
                      missing_documents=[d.number for d in missing])

    def _heading_answer(self, question: str, scope: Scope | None = None) -> Answer | None:
        """"Mục đích của kế hoạch là gì?": a question that is a heading's own words gets that
        section's units, in the document's order."""
        keys = set(content_keys(question))
        if not keys or len(keys) > 6:
            return None
        entries, postings = self._heading_index
        lists = sorted((postings.get(k, ()) for k in keys), key=len)
        common = set(lists[0]).intersection(*lists[1:])  # headings holding every key of the question
        if scope is not None and scope.docs:  # "tầm nhìn của kế hoạch": the plan's heading, not the program's
            common = {i for i in common if entries[i][1] in scope.ids}
        if not common:
            return None
        _, doc_id, address = min(entries[i] for i in common)
        chunks = self.clause(address, doc_id)
        chunks = ([c for c in chunks if c.kind != "heading"] or chunks)[:MAX_REGISTER_CITATIONS]
        if not chunks:
            return None
        citations = [self.citation(i + 1, c, 1.0) for i, c in enumerate(chunks)]
        chosen = compose.best_sentences(question, [(c.n, c.text) for c in citations], limit=1)
        label = compose.address_label(address, None)
        text = f"{label[0].upper()}{label[1:]} ({self.heading_of(doc_id, address)}) gồm " \
               f"{len(citations)} ý." + (" " + compose.render_extract(chosen) if chosen else "")
        return Answer(question, False, text, citations, kind="passage")

    def _build_heading_index(self) -> tuple[list[tuple[int, str, str]], dict[str, list[int]]]:
        """(heading words, doc, address) per heading, and key -> headings holding it."""
        entries: list[tuple[int, str, str]] = []
        postings: dict[str, list[int]] = {}
        keys_of: dict[str, frozenset[str]] = {}  # documents of one kind repeat their headings
        current = self.index.current_ids()
        for doc_id, headings in self.index.headings.items():
            if doc_id not in current:
                continue
            for address, heading in headings.items():
                if not heading:
                    continue
                keys = keys_of.get(heading)
                if keys is None:
                    keys = keys_of[heading] = frozenset(self._heading_keys(heading))
                for k in keys:
                    postings.setdefault(k, []).append(len(entries))
                entries.append((len(heading.split()), doc_id, address))
        return entries, postings

    @staticmethod
    def _heading_keys(heading: str) -> set[str]:
        return set(content_keys(heading)) | set(syllables(heading)) | {f"~{w}" for w in re.findall(r"\w+", heading.lower())}

    def _facts_about(self, question: str, missing: list[DocumentInfo]) -> Answer | None:
        """What the loaded documents themselves state about an unloaded one (its full title, date,
        issuer), when that is what is asked: the passages that cite it by number."""
        if not questions.asks_doc_fact(question):
            return None
        f = questions.expanded_words(question)
        keys = [k for d in missing for k in document_keys(d)]
        if not any(questions.is_subject(f, k, {"theo", "trong", "tai", "cua", "ve"}) for k in keys):
            return None  # "huyện quán triệt Nghị quyết 45 vào ngày nào" asks about the district, not the resolution
        numbers = [d.number for d in missing]
        chunks = [self.index.chunks[row] for row in self._rows_citing(tuple(numbers))]
        if not chunks:
            return None
        citations = [self.citation(i + 1, c, 1.0) for i, c in enumerate(chunks[:2])]
        sentence = next((s for s in compose.sentences_with(citations[0].text, numbers)), citations[0].text)
        ans = Answer(question, False, compose.render_extract([(1, sentence)]), citations, kind="docfact")
        ans.note = compose.MSG_NOTE_MISSING.format(
            docs=", ".join(d.label for d in missing), loaded=", ".join(d.label for d in self.loaded()))
        ans.missing_documents = numbers
        return ans

    def _rows_citing(self, numbers: tuple[str, ...]) -> list[int]:
        """Rows of the passages that cite one of these document numbers, preamble and title
        first. Kept per number (the index does not change while it is open): a scan of 100k
        passages cost 26 ms a question."""
        rows: set[int] = set()
        for number in numbers:
            got = self._citing.get(number)
            if got is None:
                got = self._citing[number] = [row for row, c in enumerate(self.index.chunks) if number in c.text]
            rows.update(got)
        chunks = self.index.chunks
        return sorted(rows, key=lambda row: (chunks[row].kind not in ("preamble", "title"), row))

    def _unknown_references(self, question: str, mentioned: list[DocumentInfo]) -> list[str]:
        if self._known_names is None:  # every document's keys and "kind + title", folded: built once
            self._known_names = {k for d in self.documents for k in document_keys(d)} | {
                " ".join(syllables(f"{d.kind} {d.title}")) for d in self.documents if d.title}
        named = mentioned + mentioned_documents(question, self.documents)  # also those named as an object
        return questions.unknown_references(question, {k for d in named for k in document_keys(d)},
                                            self._known_names)

    def _document_part_answer(self, question: str, mentioned: list[DocumentInfo],
                              scope: Scope | None = None) -> Answer | None:
        loaded_ids = self.index.loaded_ids()
        missing = [d for d in mentioned if d.id not in loaded_ids]
        if missing or self._unknown_references(question, mentioned):
            # facts about another document: the loaded passages may state them — unless the
            # question names a loaded document of another kind as its subject ("hướng dẫn của
            # ban tuyên giáo về học tập nghị quyết 86 số mấy" asks the guidance's number)
            other_kinds = {fold(d.kind) for d in missing}
            pointed = scope.docs if scope and scope.how in ("named", "kind", "place") else []
            loaded = self.loaded()
            if not pointed and len(loaded) == 1 and loaded[0].kind and \
                    f" {fold(loaded[0].kind)} " in questions.expanded_words(question):
                pointed = loaded  # one document loaded, and the question names its kind
            if not (pointed and all(fold(d.kind) not in other_kinds for d in pointed)):
                return None
            mentioned = [d for d in mentioned if d.id in loaded_ids]
        section = questions.doc_part_intent(question)
        if section:
            # the documents named, else those the question points at ("chương trình này" with one
            # Chương trình loaded), else every current one
            docs = [d.id for d in mentioned] or sorted(scope.ids if scope else ()) or sorted(self.index.current_ids())
            chunks = [c for c in self.index.chunks if c.section == section and c.doc_id in docs]
            if section == "đầu văn bản":
                chunks += [c for c in self.index.chunks if c.section == "tiêu đề" and c.doc_id in docs]
            if mentioned:  # the order they were named in; otherwise the index's order
                order = {d: i for i, d in enumerate(docs)}
                chunks.sort(key=lambda c: order[c.doc_id])
            if section == "mở đầu" or (not mentioned and section in ("chữ ký", "nơi nhận")):  # "căn cứ nghị quyết nào của HĐND tỉnh", "phó
                # trưởng ban nào ký": the parts holding the question's other words first (not those
                # that named the document)
                chunks = self._by_other_words(without_names(question, scope) if scope else question, chunks)
            if not chunks:
                return None
            citations = [self.citation(i + 1, c, 1.0) for i, c in enumerate(chunks[:3])]
            ans = Answer(question, False, compose.render_extract([(1, citations[0].text)]), citations,
                         kind="docfact")
            if not mentioned and scope is not None and len(scope.docs) > 1:  # "ai ký kế hoạch" with two plans
                ans.note = compose.MSG_NOTE_SEARCHED.format(docs="; ".join(d.label for d in scope.docs))
            return ans
        return None

    def _part_named_as_context(self, question: str, address: str) -> bool:
        """"Theo phần tổ chức thực hiện, Sở Tài chính phải làm những việc gì?": a part named by its
        heading, in a question asking a named body's duties, says where to look, not what to quote."""
        if not re.fullmatch(r"[IVX]+", address) or re.search(r"\bphan\s+[ivx]+\b", questions.folded_words(question)):
            return False
        return bool(self.registers is not None and duties.asks_duties(question) and self.registers.duties_for(question))

    def find_address(self, question: str) -> str | None:
        return questions.find_address(question, self._part_by_name)

    def _part_by_name(self, rest: str) -> str | None:
        """"to chuc thuc hien ..." → "IV" (by the parts' own headings), or a Roman numeral."""
        words = rest.split()
        if not words:
            return None
        if re.fullmatch(r"[ivx]+", words[0]):
            return words[0].upper()
        best, best_len = None, 0
        for doc_headings in self.index.headings.values():
            for addr, heading in doc_headings.items():
                if "." in addr or not heading:
                    continue
                name = re.findall(r"[0-9a-z]+", fold(heading.split(".", 1)[-1]))
                n = 0
                while n < min(len(name), len(words)) and name[n] == words[n]:
                    n += 1
                if n >= min(2, len(name)) and n > best_len:
                    best, best_len = addr, n
        return best

    def _doc_level(self, doc_id: str) -> str:
        doc = self.doc(doc_id)
        return doc.level if doc and doc.level else ""

    def _attached_kinds_named(self, question: str) -> set[str]:
        """The kinds of attached texts ("Quy chế") a question names, typed in full or short ("qc")."""
        forms = (questions.folded_words(question), questions.expanded_words(question))
        return {p for p in self._attached_prefixes if any(f" {fold(p)} " in f for f in forms)}

    def _names_own_kind(self, question: str) -> bool:
        """"Điều 2 của quyết định": the issuing text's own article, not its Quy chế's."""
        if not self._docs_with_attached:
            return False
        prefixes = {fold(p) for p in self._attached_prefixes}
        kinds = {fold(d.kind) for d in self.loaded() if d.id in self._docs_with_attached and d.kind} - prefixes
        forms = (f" {fold(question)} ", questions.expanded_words(question))  # "điều 2 qđ 23" too
        return any(f" {k} " in f for f in forms for k in kinds if k)

    def _clause_answer(self, question: str) -> Answer | None:
        address = self.find_address(question)
        if not address:
            return None
        if self._part_named_as_context(question, address):
            return None
        chunks = self.clause(address, own_first=self._names_own_kind(question))
        if not normalise_address(address).startswith("chuong"):  # the heading is the answer's lead line,
            # unless it is all a document has there ("Điều 3. Chánh Văn phòng … chịu trách nhiệm thi hành")
            has_body = {c.doc_id for c in chunks if c.kind != "heading"}
            chunks = [c for c in chunks if c.kind != "heading" or c.doc_id not in has_body]
        mentioned = mentioned_documents(question, self.documents)
        named = {d.id for d in mentioned} & self.index.loaded_ids()
        if mentioned and not named:  # "mục IV.4 Nghị quyết 45": that document's clause, not the plan's
            return self._abstain(question, mentioned, signals={})
        if not named:  # "mục II.3 của chương trình", "điều 5 quyết định của huyện"
            named = scope_of(question, self.loaded(), self._attached_kinds).ids
        if named and any(c.doc_id in named for c in chunks):
            chunks = [c for c in chunks if c.doc_id in named]
        attached = self._attached_kinds_named(question)
        if attached and any(split_attached(c.section)[0] in attached for c in chunks):
            # "Điều 12 quy chế" with a law loaded beside the decision that issues the Quy chế
            chunks = [c for c in chunks if split_attached(c.section)[0] in attached]
        if not chunks:
            return None
        docs = list(dict.fromkeys(c.doc_id for c in chunks))
        if len(docs) > 1:  # "lịch học tập dòng 12": the document whose table the other words name
            docs = self._docs_by_other_words(question, chunks, docs)
            order = {d: i for i, d in enumerate(docs)}
            chunks = sorted(chunks, key=lambda c: order[c.doc_id])  # stable: document order within each
        note = ""
        if len(docs) > MAX_CLAUSE_DOCUMENTS:  # one address stands in every document of a kind
            chunks = [c for c in chunks if c.doc_id in docs[:MAX_CLAUSE_DOCUMENTS]]
            note = compose.MSG_NOTE_MANY_DOCS.format(n=len(docs), shown=MAX_CLAUSE_DOCUMENTS)
        citations = [self.citation(i + 1, c, 1.0) for i, c in enumerate(chunks)]
        shown = chunks[0].section if address in questions.SPECIAL_ADDRESSES else \
            (address.upper() if address == address.lower() else address)  # "iv.4" typed, "Điều 8.2" read
        prefix = split_attached(chunks[0].section)[0]
        if prefix and address not in questions.SPECIAL_ADDRESSES:
            shown = f"{prefix}, {shown}"  # "Điều 5" asked of a decision issuing a Quy chế
        heading = self.heading_of(chunks[0].doc_id, shown)
        if chunks[0].kind == "heading" and not normalise_address(address).startswith("chuong"):
            heading = ""  # a one-line article: the passage quoted is its heading, not repeated in the lead
        lead = f"Toàn văn {compose.address_label(shown, None)}" + (f" ({heading})" if heading else "") + ":"
        return Answer(question, False, lead, citations, kind="clause", note=note)
