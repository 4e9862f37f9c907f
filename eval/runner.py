"""The eval runner: the real engine (and the baselines) over every form of every gold question.

Each gold question is asked as written, without accents (as a phone user types it), and in
each paraphrase (again with and without accents). Every answer is scored by the rules in
`eval.metrics`, and scores are summarised per split (dev / heldout / both), per kind, and per
form, so a number in the report can always be traced back to the questions behind it.

The engine is opened exactly as `python -m bot ask` opens it (`Engine.open(index_dir)`) and
asked through `Engine.answer`: the eval measures what users get, not a test double.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import metrics as M
from .baselines import BaselineUnavailable, Passage, RetrieverBaseline, TutorialPipeline, tutorial_requirements

if TYPE_CHECKING:
    from bot.engine import Engine
    from hoi.settings import Settings

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(__file__).resolve().parent / "gold"
DEFAULT_GOLD = GOLD_DIR / "questions.jsonl"
DEFAULT_REGISTERS_GOLD = GOLD_DIR / "registers.jsonl"
KINDS = ("duty", "deadline", "number", "clause", "content", "docfact", "abstain")  # number: eval/multidoc/SPEC.md
SPLITS = ("dev", "heldout")
CITED_K = 5  # MRR@5: at most five citations of a system are looked at
BASELINE_K = 5  # retriever baselines return five passages (MRR@5 is then meaningful for them)
TUTORIAL_K = 3  # the tutorial's own setting: top-3 similarity search


class GoldError(ValueError):
    """The gold file is malformed; the message gives the line and the field."""


# -- gold -------------------------------------------------------------------------------------

@dataclass
class GoldItem:
    id: str
    kind: str
    question: str
    evidence: list[str]
    sections: list[str]
    paraphrases: list[str]
    split: str
    missing_doc: str | None = None
    doc: str | None = None  # optional: the document the answer must cite (default: inferred)
    table_row: bool = False  # the answer is a table row ("Phụ lục, STT 3"): eval/multidoc/SPEC.md

    @property
    def answerable(self) -> bool:
        return self.kind != "abstain"


def load_gold(path: Path) -> list[GoldItem]:
    """Read questions.jsonl, refusing malformed rows loudly: a silently dropped row would make
    every score in the report about a different set than the one people think."""
    items: list[GoldItem] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
            for key in ("id", "kind", "question"):
                if not d.get(key):
                    raise GoldError(f"{path}:{lineno}: missing '{key}'")
            if d["kind"] not in KINDS:
                raise GoldError(f"{path}:{lineno}: kind '{d['kind']}' is not one of {', '.join(KINDS)}")
            split = d.get("split") or "dev"
            if split not in SPLITS:
                raise GoldError(f"{path}:{lineno}: split '{split}' is not dev or heldout")
            if d["id"] in seen:
                raise GoldError(f"{path}:{lineno}: duplicate id '{d['id']}'")
            seen.add(d["id"])
            items.append(GoldItem(
                id=str(d["id"]), kind=d["kind"], question=str(d["question"]),
                evidence=[str(e) for e in d.get("evidence") or []],
                sections=[str(s) for s in d.get("sections") or []],
                paraphrases=[str(p) for p in d.get("paraphrases") or [] if str(p).strip()],
                split=split, missing_doc=d.get("missing_doc") or None, doc=d.get("doc") or None,
                table_row=bool(d.get("table_row")),
            ))
    return items


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Variant:
    """One form of a gold question that gets asked."""

    item: GoldItem
    form: str  # "question" | "paraphrase"
    n: int  # 0 for the question, 1.. for paraphrases
    accents: str  # "accented" | "accent_free"
    text: str

    @property
    def pair(self) -> str:
        """Key shared by the accented and accent-free forms of the same wording."""
        return f"{self.item.id}/{self.form}{self.n}"

    @property
    def key(self) -> str:
        return f"{self.pair}/{self.accents}"


def make_variants(item: GoldItem) -> list[Variant]:
    """The question and each paraphrase, as written and without accents.

    A wording typed without accents in the gold file is asked once, as accent-free: asking it
    twice would count it in the accented figures, which it is not.
    """
    out: list[Variant] = []
    wordings = [("question", 0, item.question)] + [("paraphrase", i, p) for i, p in enumerate(item.paraphrases, 1)]
    for form, n, text in wordings:
        if M.has_accents(text):
            out.append(Variant(item, form, n, "accented", text))
        out.append(Variant(item, form, n, "accent_free", M.strip_accents(text)))
    return out


# -- systems ----------------------------------------------------------------------------------

@dataclass
class Response:
    """What a system did with one question, in the terms the metrics need."""

    abstained: bool
    passages: list[Passage]
    answer_text: str = ""
    missing_documents: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    answer_kind: str = ""


class System:
    """A named thing that answers questions; `abstains` says whether abstention is in its design."""

    name: str = "system"
    abstains: bool = False
    has_sections: bool = True
    has_answer_text: bool = False

    def ask(self, question: str) -> Response:  # pragma: no cover - interface
        raise NotImplementedError


class EngineSystem(System):
    """Ours: `Engine.answer`, exactly what the CLI and the bot call."""

    name = "ours"
    abstains = True
    has_answer_text = True

    def __init__(self, engine: "Engine") -> None:
        self.engine = engine

    def ask(self, question: str) -> Response:
        # extractive only: with HOI_LLM set, generation would add a model call to every wording
        # and its latency to ours'; generated answers are measured apart (`--llm`, eval/llm.py)
        ans = self.engine.answer(question, generate=False)
        passages = [Passage(text=c.text, score=c.score, section=c.section, doc_id=c.doc_id, label=c.label)
                    for c in ans.citations]
        text = " ".join(x for x in (ans.answer, ans.note) if x)
        return Response(ans.abstained, passages, text, list(ans.missing_documents), ans.latency_ms, ans.kind)


class RetrieverSystem(System):
    """Lexical-only / dense-only baseline: top passages as citations, never abstains."""

    def __init__(self, baseline: RetrieverBaseline) -> None:
        self.baseline = baseline
        self.name = baseline.name

    def ask(self, question: str) -> Response:
        t0 = time.perf_counter()
        passages = self.baseline.search(question)
        return Response(False, passages, latency_ms=(time.perf_counter() - t0) * 1000, answer_kind="passage")


class TutorialSystem(System):
    """The LangChain tutorial pipeline: no sections (character windows), never abstains."""

    name = "tutorial"
    has_sections = False

    def __init__(self, pipeline: TutorialPipeline, k: int = TUTORIAL_K) -> None:
        self.pipeline = pipeline
        self.k = k

    def ask(self, question: str) -> Response:
        t0 = time.perf_counter()
        hits = self.pipeline.search_hits(question, self.k)
        ms = (time.perf_counter() - t0) * 1000
        passages = [Passage(text=h.text, score=h.score, section=None, doc_id=h.doc_id,
                            label=f"{h.doc_id or h.source}@{h.start}")
                    for h in hits]
        return Response(False, passages, latency_ms=ms, answer_kind="passage")


# -- scoring ----------------------------------------------------------------------------------

@dataclass
class Outcome:
    """One system × one variant, scored."""

    system: str
    variant: Variant
    response: Response
    rank: int | None  # first hit among the cited passages (answerable questions only)
    first_correct: bool | None  # first citation correct (None: not applicable)
    names_missing: bool | None  # missing_doc questions: the answer names the document

    @property
    def item(self) -> GoldItem:
        return self.variant.item

    def to_json(self, with_text: bool = True) -> dict[str, Any]:
        """One record. `with_text=False` gives the compact form used for baselines in latest.json
        (the wording is found in ours' record with the same id/form/n/accents); full records of
        every system would triple the file for little use."""
        v = self.variant
        if not with_text:
            return {"system": self.system, "id": v.item.id, "form": v.form, "n": v.n, "accents": v.accents,
                    "rank": self.rank, "latency_ms": round(self.response.latency_ms, 2),
                    "cited": [p.section or p.label for p in self.response.passages[:CITED_K]]}
        return {
            "system": self.system, "id": v.item.id, "split": v.item.split, "kind": v.item.kind,
            "form": v.form, "n": v.n, "accents": v.accents, "question": v.text,
            "abstained": self.response.abstained, "answer_kind": self.response.answer_kind,
            "rank": self.rank, "first_correct": self.first_correct, "names_missing": self.names_missing,
            "latency_ms": round(self.response.latency_ms, 2),
            "cited": [{"section": p.section, "doc_id": p.doc_id, "label": p.label, "text": p.text[:120]}
                      for p in self.response.passages[:CITED_K]],
        }


class Scorer:
    """Knows the index (to infer each question's expected document) and the manifest (to
    spell a missing document's number), and scores responses against gold."""

    def __init__(self, chunks: Sequence[Any], doc_numbers: dict[str, str], doc_aliases: dict[str, list[str]]) -> None:
        self.chunks = chunks
        self.doc_numbers = doc_numbers
        self.doc_aliases = doc_aliases
        self._expected: dict[str, set[str]] = {}

    def expected_docs(self, item: GoldItem) -> set[str]:
        """The gold row's `doc`, else every loaded document that holds the evidence (or, for a
        section-only row, that has the section). Inferred because the gold format carries no
        document field and the corpus may grow to several documents."""
        if item.id in self._expected:
            return self._expected[item.id]
        if item.doc:
            docs = {item.doc}
        elif any(M.normalize_ws(e) for e in item.evidence):
            docs = {c.doc_id for c in self.chunks if M.contains_evidence(c.text, item.evidence)}
        else:
            docs = {c.doc_id for c in self.chunks if M.section_matches(c.section, item.sections)}
        self._expected[item.id] = docs
        return docs

    def names_document(self, response: Response, doc_id: str) -> bool:
        """The answer names the missing document: by number in missing_documents, or in its text
        (number or any alias, compared accent-free)."""
        number = self.doc_numbers.get(doc_id, doc_id)
        if number in response.missing_documents:
            return True
        text = M.fold_key(response.answer_text)
        keys = [number] + self.doc_aliases.get(doc_id, [])
        return any(M.fold_key(k) and M.fold_key(k) in text for k in keys)

    def score(self, system: System, variant: Variant, response: Response) -> Outcome:
        item = variant.item
        rank = first = named = None
        if item.answerable:
            pairs = [(p.text, p.section) for p in response.passages]
            rank = M.first_hit_rank(pairs, item.evidence, item.sections, CITED_K)
            if system.has_sections:
                p0 = response.passages[0] if response.passages else None
                first = bool(p0) and M.citation_correct(
                    p0.doc_id, p0.section, p0.text, item.evidence, item.sections, self.expected_docs(item))
        if item.missing_doc and system.has_answer_text:
            named = self.names_document(response, item.missing_doc)
        return Outcome(system.name, variant, response, rank, first, named)


# -- aggregation ------------------------------------------------------------------------------

def _rank_block(outs: Sequence[Outcome]) -> dict[str, Any]:
    ranks = [o.rank for o in outs]
    firsts = [o.first_correct for o in outs if o.first_correct is not None]
    return {
        "n": len(outs),
        "hit@1": M.hit_at_k(ranks, 1),
        "hit@3": M.hit_at_k(ranks, 3),
        "mrr@5": M.mrr_at_k(ranks, 5),
        "cite@1": M.share(firsts) if firsts else None,
    }


def _gap(outs: Sequence[Outcome]) -> dict[str, Any]:
    """Accented minus accent-free, over wordings asked both ways (so the sets are paired)."""
    by_pair: dict[str, dict[str, Outcome]] = {}
    for o in outs:
        by_pair.setdefault(o.variant.pair, {})[o.variant.accents] = o
    acc = [p["accented"] for p in by_pair.values() if "accented" in p and "accent_free" in p]
    free = [p["accent_free"] for p in by_pair.values() if "accented" in p and "accent_free" in p]
    out: dict[str, Any] = {"pairs": len(acc)}
    for k in (1, 3):
        a, f = M.hit_at_k([o.rank for o in acc], k), M.hit_at_k([o.rank for o in free], k)
        out[f"hit@{k}"] = None if a is None or f is None else a - f
    return out


def summarize(outs: Sequence[Outcome], system: System) -> dict[str, Any]:
    """All metrics of one system on one set of outcomes."""
    answerable = [o for o in outs if o.item.answerable]
    block: dict[str, Any] = {
        "n_variants": len(outs),
        "n_items": len({o.item.id for o in outs}),
        "answerable": _rank_block(answerable),
        "accented": _rank_block([o for o in answerable if o.variant.accents == "accented"]),
        "accent_free": _rank_block([o for o in answerable if o.variant.accents == "accent_free"]),
        "question": _rank_block([o for o in answerable if o.variant.form == "question"]),
        "paraphrase": _rank_block([o for o in answerable if o.variant.form == "paraphrase"]),
        "accent_gap": _gap(answerable),
    }
    if system.abstains:
        conf = M.abstention_confusion([not o.item.answerable for o in outs], [o.response.abstained for o in outs])
        block["abstention"] = conf.as_dict()
    else:
        block["abstention"] = None
    named = [o.names_missing for o in outs if o.names_missing is not None]
    n_missing = sum(1 for o in outs if o.item.missing_doc)
    block["missing_doc_named"] = {"n": n_missing, "share": M.share(named)} if system.has_answer_text else None
    lat = [o.response.latency_ms for o in outs]
    block["latency_ms"] = {"median": M.percentile(lat, 50), "p95": M.percentile(lat, 95), "n": len(lat)}
    by_kind: dict[str, Any] = {}
    for kind in KINDS:
        ko = [o for o in outs if o.item.kind == kind]
        if not ko:
            continue
        items = len({o.item.id for o in ko})
        if kind == "abstain":
            by_kind[kind] = {"items": items, "n": len(ko), "abstained": M.share([o.response.abstained for o in ko])}
        else:
            by_kind[kind] = {
                "items": items,
                **_rank_block([o for o in ko if o.variant.accents == "accented"]),
                "accent_free": _rank_block([o for o in ko if o.variant.accents == "accent_free"]),
                "abstained": M.share([o.response.abstained for o in ko]),
            }
    block["by_kind"] = by_kind
    return block


def summarize_splits(outs: Sequence[Outcome], system: System) -> dict[str, Any]:
    return {
        "dev": summarize([o for o in outs if o.item.split == "dev"], system),
        "heldout": summarize([o for o in outs if o.item.split == "heldout"], system),
        "all": summarize(outs, system),
    }


# -- registers --------------------------------------------------------------------------------

_DUTY_KEYS = ("duties", "duty", "duty_rows")
_DEADLINE_KEYS = ("deadlines", "deadline", "deadline_rows")
_ALIASES = {
    "actor": ("actor", "actor_name", "who", "agency"),
    "role": ("role", "actor_role"),
    "section": ("section", "address"),
    "task": ("task", "duty", "text", "content", "what"),
    "year": ("year",),
    "expression": ("expression", "phrase", "text", "when"),
    "kind": ("kind", "type_of", "deadline_kind"),
    "is_reference": ("is_reference", "reference"),
    "chunk_id": ("chunk_id", "chunk"),
    "passage": ("passage",),
}


def _field(row: dict[str, Any], name: str) -> Any:
    for key in _ALIASES.get(name, (name,)):
        if key in row and row[key] not in (None, ""):
            return row[key]
    return None


def register_rows(raw: Any, kind: str) -> list[dict[str, Any]]:
    """Extracted rows of one kind from registers.json, whatever its top-level shape (a dict of
    lists, or one list of typed rows), normalised to the gold field names."""
    keys = _DUTY_KEYS if kind == "duty" else _DEADLINE_KEYS
    rows: list[Any] = []
    if isinstance(raw, dict):
        for k in keys:
            if isinstance(raw.get(k), list):
                rows = raw[k]
                break
        else:
            for v in raw.values():  # {"<doc_id>": {"duties": [...]}}
                if isinstance(v, dict):
                    rows.extend(register_rows(v, kind))
            return rows
    elif isinstance(raw, list):
        rows = [r for r in raw if isinstance(r, dict) and str(r.get("type", "")).startswith(kind)]
    out = []
    for r in rows:
        if not isinstance(r, dict):
            continue
        norm = {name: _field(r, name) for name in _ALIASES}
        norm["raw"] = r
        out.append(norm)
    return out


def evaluate_registers(engine: "Engine", gold_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of the extracted duty and deadline registers against gold rows."""
    raw = engine.index.registers_raw
    if raw is None:
        return {"skipped": "the index has no registers.json (ingest/registers.py absent or not run); "
                           "register precision/recall not measured"}
    if not gold_rows:
        return {"skipped": "no gold register rows (eval/gold/registers.jsonl missing or empty)"}
    chunk_text = {c.chunk_id: c.text for c in engine.index.chunks}
    section_text: dict[str, str] = {}
    for c in engine.index.chunks:
        section_text[M.section_key(c.section)] = section_text.get(M.section_key(c.section), "") + " " + c.text

    def passage(row: dict[str, Any]) -> str:
        parts = [str(row.get("task") or ""), str(row.get("passage") or "")]
        if row.get("chunk_id") and str(row["chunk_id"]) in chunk_text:
            parts.append(chunk_text[str(row["chunk_id"])])
        else:
            parts.append(section_text.get(M.section_key(str(row.get("section") or "")), ""))
        return " ".join(parts)

    result: dict[str, Any] = {}
    for kind in ("duty", "deadline"):
        gold = [g for g in gold_rows if g.get("type") == kind]
        rows = register_rows(raw, kind)
        if kind == "duty":
            match: Callable[[dict[str, Any], dict[str, Any]], bool] = lambda g, r: M.duty_matches(g, r, passage(r))
        else:
            match = M.deadline_matches
        found = [g for g in gold if any(match(g, r) for r in rows)]
        correct = [r for r in rows if any(match(g, r) for g in gold)]
        missed = [g for g in gold if g not in found]
        result[kind] = {
            "gold": len(gold), "extracted": len(rows),
            "precision": len(correct) / len(rows) if rows else None,
            "recall": len(found) / len(gold) if gold else None,
            "missed": missed,
            "unmatched_extracted": [
                {k: v for k, v in r["raw"].items() if k in ("actor", "role", "section", "task", "year", "kind",
                                                              "expression", "is_reference", "chunk_id")}
                for r in rows if r not in correct
            ],
        }
        if kind == "deadline" and found:
            # Beyond finding the row: does the extractor classify it as the gold does?
            agree = {"kind": 0, "is_reference": 0}
            for g in found:
                r = next(r for r in rows if match(g, r))
                agree["kind"] += M.fold_key(str(g.get("kind"))) == M.fold_key(str(r.get("kind")))
                agree["is_reference"] += bool(g.get("is_reference")) == bool(r.get("is_reference"))
            result[kind]["attributes_agree"] = {k: v / len(found) for k, v in agree.items()}
    return result


# -- the run ----------------------------------------------------------------------------------

@dataclass
class EvalOptions:
    index_dir: Path | None = None
    gold: Path = DEFAULT_GOLD
    registers_gold: Path = DEFAULT_REGISTERS_GOLD
    kind: str | None = None
    limit: int | None = None
    split: str = "all"  # which items are asked: dev | heldout | all
    baselines: bool = True
    corpus_dir: Path | None = None  # for the tutorial baseline (default: settings.corpus_dir)
    progress: bool = True
    llm: bool = False  # also evaluate generated answers (eval/llm.py) when a model server is configured


@dataclass
class EvalResult:
    meta: dict[str, Any]
    systems: dict[str, dict[str, Any]]
    registers: dict[str, Any]
    notes: list[str]
    outcomes: list[Outcome]
    gold_warnings: list[str]
    llm: dict[str, Any] | None = None  # `--llm`: eval/llm.py's summary and records, or {"skipped": why}

    def __repr__(self) -> str:  # short: pytest prints it beside every failed gate
        return f"EvalResult(items={self.meta.get('items')}, systems={list(self.systems)}, outcomes={len(self.outcomes)})"

    def to_json(self, with_records: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"meta": self.meta, "systems": self.systems, "registers": self.registers,
                             "notes": self.notes, "gold_warnings": self.gold_warnings}
        if self.llm is not None:
            d["llm"] = self.llm if with_records else {k: v for k, v in self.llm.items() if k != "records"}
        if with_records:
            d["records"] = [o.to_json(with_text=o.system == "ours") for o in self.outcomes]
        return d


def select_items(items: list[GoldItem], kind: str | None, split: str, limit: int | None) -> list[GoldItem]:
    out = [i for i in items if (kind is None or i.kind == kind) and (split == "all" or i.split == split)]
    return out[:limit] if limit else out


def check_gold(items: Iterable[GoldItem], scorer: Scorer) -> list[str]:
    """Gold rows no passage of the index can satisfy: a miss on them is a gold error, not the
    engine's, and the report should say so rather than blame retrieval."""
    warnings = []
    for it in items:
        if not it.answerable:
            continue
        if not it.evidence and not it.sections:
            warnings.append(f"{it.id}: neither evidence nor sections; it can never be a hit")
        elif not scorer.expected_docs(it):
            what = "evidence" if any(M.normalize_ws(e) for e in it.evidence) else "sections"
            warnings.append(f"{it.id}: no indexed passage contains its {what} — check the gold row")
    return warnings


def _load() -> float:
    """One-minute load average (0 where the platform has none): latency means little on a busy box."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def _git_state() -> dict[str, Any]:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=5).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                                    capture_output=True, text=True, timeout=5).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"commit": head, "dirty": dirty}


def run_eval(options: EvalOptions, engine: "Engine | None" = None,
             tutorial: TutorialPipeline | None = None, llm_settings: "Settings | None" = None) -> EvalResult:
    """Run every selected gold question through ours and (optionally) the baselines.

    `engine` / `tutorial` may be passed in (tests share one engine per session; the benchmark
    may share a tutorial pipeline); otherwise they are opened/built here. `llm_settings` says
    which model server `options.llm` talks to (default: the environment's HOI_LLM_*).
    """
    from hoi.settings import get_settings

    t_start = time.perf_counter()
    load_start = _load()
    settings = get_settings()
    notes: list[str] = []
    if engine is None:
        from bot.engine import Engine

        engine = Engine.open(options.index_dir or settings.index_dir)

    items = select_items(load_gold(options.gold), options.kind, options.split, options.limit)
    if not items:
        raise GoldError(f"no gold questions selected from {options.gold}")
    variants = [v for it in items for v in make_variants(it)]

    docs = engine.documents
    scorer = Scorer(engine.index.chunks, {d.id: d.number for d in docs}, {d.id: list(d.aliases) for d in docs})
    gold_warnings = check_gold(items, scorer)

    # Cold start is measured once and reported apart; per-question latency is warm, which is
    # what a user of the long-running bot sees.
    t0 = time.perf_counter()
    engine.retriever.search(items[0].question, k=1)
    cold_ms = (time.perf_counter() - t0) * 1000

    # Ours and the retriever baselines run first; the tutorial (which imports torch) is built
    # only after them, because torch's thread pool slows the engine's C embedder when both are
    # loaded (p95 18 ms → 1.4 s measured on 2 cores) and ours' latency must be its own.
    systems: list[System] = [EngineSystem(engine)]
    if options.baselines:
        systems += [RetrieverSystem(RetrieverBaseline(engine, "lexical", BASELINE_K)),
                    RetrieverSystem(RetrieverBaseline(engine, "dense", BASELINE_K))]
    else:
        notes.append("baselines not run (--no-baselines)")
    want_tutorial = options.baselines and (tutorial is not None or tutorial_requirements() is None)
    if options.baselines and not want_tutorial:
        notes.append(str(tutorial_requirements()))

    outcomes: list[Outcome] = []
    owned_tutorial = False
    tutorial_timings: dict[str, float] = {}
    bar = None
    if options.progress:
        from tqdm import tqdm

        total = len(variants) * (len(systems) + (1 if want_tutorial else 0))
        bar = tqdm(total=total, desc="eval", unit="q", file=sys.stderr, leave=False)

    def ask_all(system: System) -> None:
        if bar:
            bar.set_description(f"eval {system.name}")
        for v in variants:
            outcomes.append(scorer.score(system, v, system.ask(v.text)))
            if bar:
                bar.update(1)

    llm_result: dict[str, Any] | None = None
    try:
        for system in list(systems):
            ask_all(system)
        if options.llm:  # before the tutorial: torch in the process would slow ours' answers
            from . import llm as L

            llm_settings = llm_settings or settings
            skip = L.unavailable(llm_settings)
            if skip:
                notes.append(skip)
                llm_result = {"skipped": skip}
            else:
                if bar:
                    bar.set_description("eval --llm")
                    bar.total += sum(1 for it in items if it.answerable)
                llm_result = L.evaluate(engine, items, llm_settings, tick=bar.update if bar else None)
        if want_tutorial:
            if tutorial is None:
                if bar:
                    bar.set_description("eval: building tutorial baseline")
                try:
                    tutorial = TutorialPipeline.build(Path(options.corpus_dir or settings.corpus_dir))
                    owned_tutorial = True
                except BaselineUnavailable as exc:
                    notes.append(str(exc))
                    if bar:
                        bar.total -= len(variants)
            if tutorial is not None:
                tutorial_timings = dict(tutorial.timings)
                tutorial.search(items[0].question, 1)  # warm-up, as for ours
                system = TutorialSystem(tutorial)
                systems.append(system)
                ask_all(system)
    finally:
        if bar:
            bar.close()
        if owned_tutorial and tutorial is not None:
            tutorial.close()

    by_system = {s.name: summarize_splits([o for o in outcomes if o.system == s.name], s) for s in systems}
    if any(s.name == "tutorial" for s in systems):
        notes.append("tutorial: character windows carry no section, so whole-clause questions without evidence "
                     "cannot be hits for it and citation correctness is not applicable")
    if options.baselines:
        notes.append(f"lexical-only / dense-only cite their top {BASELINE_K} passages; the tutorial its top "
                     f"{TUTORIAL_K}; ours cites what Engine.answer cites (at most top_k={settings.top_k} "
                     "passages, or every unit of a clause)")

    registers_gold = load_jsonl(options.registers_gold) if options.registers_gold.exists() else []
    registers = evaluate_registers(engine, registers_gold)
    if "skipped" in registers:
        notes.append("registers: " + registers["skipped"])

    load_end = _load()
    cores = os.cpu_count() or 1
    if max(load_start, load_end) > cores:
        notes.append(f"the machine was busy (load average {load_start:.1f} → {load_end:.1f} on {cores} cores): "
                     "latencies may be inflated by other processes; rerun on a quiet machine before quoting them")
    meta = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average": [round(load_start, 2), round(load_end, 2)],
        "cpu_count": cores,
        "git": _git_state(),
        "index": str(engine.index.path),
        "embedder": engine.index.embedder_name,
        "gold": str(options.gold),
        "items": len(items),
        "items_by_split": {s: sum(1 for i in items if i.split == s) for s in SPLITS},
        "items_by_kind": {k: sum(1 for i in items if i.kind == k) for k in KINDS if any(i.kind == k for i in items)},
        "variants": len(variants),
        "systems": [s.name for s in systems],
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(options).items()},
        "partial": bool(options.kind or options.limit or options.split != "all"),
        "cold_start_ms": round(cold_ms, 1),
        "tutorial_timings_s": {k: round(v, 3) for k, v in tutorial_timings.items()},
        "runtime_s": round(time.perf_counter() - t_start, 2),
    }
    return EvalResult(meta, by_system, registers, notes, outcomes, gold_warnings, llm_result)
