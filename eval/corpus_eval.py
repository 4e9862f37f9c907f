"""`python -m eval --corpus DIR --gold FILE_OR_DIR …`: any corpus with its gold, per document.

The home eval (`python -m eval`) measures one plan the engine was tuned on. This runner takes
a whole corpus folder (e.g. the multi-document corpus built by eval/multidoc/build_corpus.py),
ingests it with the real ingest into a cache keyed by what went into the index, and asks every
gold question of every document through ours and the lexical-only and dense-only baselines.
Scores are reported per document and per split, where a split is a property of the document
(eval/multidoc/SPEC.md): a held-out document is one nothing was tuned on, so its figures say
how the engine does on documents it has never seen.

Differences from the home runner, each on purpose:
- A citation is a hit only when it comes from the row's own document (`doc`, default
  `kh-phunghiep` for the home gold): with several documents loaded the same phrase ("Sở Tài
  chính chủ trì") can stand in more than one, and quoting the wrong document is a wrong answer.
- Table-row questions are also scored on the address of the first citation
  (`metrics.table_address_hit`): the row, not a paragraph that happens to name the same body.
- Held-out answers are not printed by default (counts only; `--show-heldout-misses`), so the
  person tuning the engine can read the report without reading held-out results.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import metrics as M
from .baselines import BaselineUnavailable, RetrieverBaseline, TutorialPipeline, tutorial_requirements
from .report import (GATES_FILE, GateCheck, _short, compact_json, fmt, gates_passed, md_table, metric_at, misses,
                     summary_json, text_table)
from .runner import (
    BASELINE_K,
    CITED_K,
    KINDS,
    REPO,
    SPLITS,
    EngineSystem,
    GoldError,
    GoldItem,
    Outcome,
    Response,
    RetrieverSystem,
    Scorer,
    System,
    TutorialSystem,
    Variant,
    _git_state,
    _load,
    load_gold,
    make_variants,
    select_items,
    summarize,
)

if TYPE_CHECKING:
    from bot.engine import Engine
    from hoi.settings import Settings

HOME_DOC = "kh-phunghiep"  # rows of eval/gold/questions.jsonl carry no `doc`: they are about the home plan
CACHE_DIR = REPO / ".eval-cache"
RESULTS_DIR = Path(__file__).resolve().parent / "results" / "multidoc"
CACHE_KEEP = 6  # cached indexes kept (most recently used first); older ones are removed
# What an index depends on besides the corpus: the ingest code and the shared text layer and
# vocabulary under hoi/. Hashed too, so a parser change is never measured on a stale index.
CODE_DIRS = ("ingest", "hoi")


# -- gold -------------------------------------------------------------------------------------

def gold_files(paths: Sequence[Path]) -> list[Path]:
    """Each path as given, a directory standing for every .jsonl in it (sorted by name)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(q for q in p.glob("*.jsonl") if q.is_file())
            if not found:
                raise GoldError(f"{p}: no .jsonl gold files in this directory")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise GoldError(f"{p}: no such gold file or directory")
    return out


def load_corpus_gold(paths: Sequence[Path], default_doc: str | None = HOME_DOC) -> list[GoldItem]:
    """Every row of every gold file; ids must be unique across files (a report row is an id).
    Rows without `doc` get `default_doc` (the home gold's rows are about the home plan)."""
    items: list[GoldItem] = []
    where: dict[str, Path] = {}
    for path in gold_files(paths):
        for it in load_gold(path):
            if it.id in where:
                raise GoldError(f"{path}: id '{it.id}' is also in {where[it.id]}")
            where[it.id] = path
            if not it.doc:
                it.doc = default_doc
            items.append(it)
    return items


def document_splits(items: Sequence[GoldItem]) -> dict[str, str]:
    """A document is held out when every one of its rows is: the multi-document gold gives each
    row its document's split, and the home plan (a development document) mixes both."""
    by_doc: dict[str, set[str]] = {}
    for it in items:
        by_doc.setdefault(it.doc or "?", set()).add(it.split)
    return {d: ("heldout" if s == {"heldout"} else "dev") for d, s in by_doc.items()}


# -- the cached index -------------------------------------------------------------------------

def _hash_tree(h: "hashlib._Hash", root: Path, label: str) -> None:
    for f in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(f"{label}/{f.relative_to(root).as_posix()}\0".encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())


def corpus_key(corpus_dir: Path, embedder: str) -> str:
    """Hash of every corpus file (names and bytes), the embedder, and the ingest code: equal
    keys mean an ingest would build the same index, so the cached one can be reused."""
    h = hashlib.sha256()
    h.update(f"embedder={embedder}\0".encode())
    _hash_tree(h, corpus_dir, "corpus")
    for d in CODE_DIRS:
        if (REPO / d).is_dir():
            _hash_tree(h, REPO / d, d)
    return h.hexdigest()[:16]


def cached_index(corpus_dir: Path, settings: "Settings", cache_root: Path = CACHE_DIR,
                 log: Any = None) -> tuple[Path, bool]:
    """(index dir, reused) for the corpus: ingested with the real ingest on first use.

    A `complete` marker is written only after the ingest returned, so an interrupted ingest is
    redone rather than measured."""
    from ingest.build import run_ingest

    key = corpus_key(corpus_dir, settings.embeddings)
    entry = cache_root / key
    index_dir = entry / "index"
    marker = entry / "complete"
    if marker.exists() and (index_dir / "current").exists():
        os.utime(marker)  # most recently used: kept by the pruning below
        return index_dir, True
    if entry.exists():
        shutil.rmtree(entry)
    index_dir.mkdir(parents=True)
    run_ingest(settings, corpus_dir=corpus_dir, index_dir=index_dir, progress=False,
               log=log or (lambda m: None))
    marker.write_text(json.dumps({"corpus": str(corpus_dir), "embedder": settings.embeddings,
                                  "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}) + "\n", encoding="utf-8")
    _prune(cache_root, keep=CACHE_KEEP)
    return index_dir, False


def _prune(cache_root: Path, keep: int) -> None:
    """Keep the `keep` most recently used indexes; drop ingests that died over an hour ago."""
    for p in cache_root.iterdir():
        if p.is_dir() and not (p / "complete").exists() and time.time() - p.stat().st_mtime > 3600:
            shutil.rmtree(p, ignore_errors=True)
    entries = [p for p in cache_root.iterdir() if (p / "complete").exists()]
    entries.sort(key=lambda p: (p / "complete").stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)


# -- scoring ----------------------------------------------------------------------------------

class DocScorer(Scorer):
    """The home scorer, with a hit counted only in the row's own document."""

    def score(self, system: System, variant: Variant, response: Response) -> Outcome:
        out = super().score(system, variant, response)
        item = variant.item
        if item.answerable:
            want = self.expected_docs(item)
            pairs = [(p.text, p.section) if p.doc_id in want else ("", None) for p in response.passages]
            out.rank = M.first_hit_rank(pairs, item.evidence, item.sections, CITED_K)
        return out


def table_hit(o: Outcome) -> bool:
    """The first citation of an answer (not an abstention) is the gold table row."""
    r = o.response
    if r.abstained or not r.passages:
        return False
    p0 = r.passages[0]
    return M.table_address_hit(p0.section, o.item.sections, p0.doc_id, {o.item.doc} if o.item.doc else None)


def summarize_corpus(outs: Sequence[Outcome], system: System) -> dict[str, Any]:
    """The home summary plus table-row address figures (when there are table-row questions)."""
    block = summarize(outs, system)
    rows = [o for o in outs if o.item.table_row and o.item.answerable]
    if rows and system.has_sections:
        block["table_row"] = {
            "items": len({o.item.id for o in rows}), "n": len(rows),
            "address@1": M.share([table_hit(o) for o in rows]),
            "accented": M.share([table_hit(o) for o in rows if o.variant.accents == "accented"]),
            "accent_free": M.share([table_hit(o) for o in rows if o.variant.accents == "accent_free"]),
        }
    elif rows:
        block["table_row"] = None
    return block


# -- the run ----------------------------------------------------------------------------------

@dataclass
class CorpusEvalOptions:
    corpus_dir: Path
    gold: list[Path]
    cache_dir: Path = CACHE_DIR
    kind: str | None = None
    limit: int | None = None
    split: str = "all"  # which rows are asked (by the row's split)
    baselines: bool = True
    tutorial: bool = False
    progress: bool = True
    show_heldout_misses: bool = False


@dataclass
class CorpusEvalResult:
    meta: dict[str, Any]
    documents: dict[str, dict[str, Any]]  # doc → {split, items, items_by_kind, systems: {name: block}}
    splits: dict[str, dict[str, Any]]  # dev / heldout → {documents, items, systems: {name: block}}
    notes: list[str]
    outcomes: list[Outcome]
    gold_warnings: list[str]
    show_heldout: bool = False

    def __repr__(self) -> str:
        return f"CorpusEvalResult(documents={list(self.documents)}, outcomes={len(self.outcomes)})"

    def hidden(self, o: Outcome) -> bool:
        """Held-out rows (a held-out document, or a held-out row of a development document)
        whose answers stay out of the reports unless asked for."""
        if self.show_heldout:
            return False
        return o.item.split == "heldout" or self.documents.get(o.item.doc or "", {}).get("split") == "heldout"

    def to_json(self, with_records: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"meta": self.meta, "documents": self.documents, "splits": self.splits,
                             "notes": self.notes, "gold_warnings": self.gold_warnings}
        if with_records:
            recs = []
            for o in self.outcomes:
                if self.hidden(o):  # scores only: no wording, no cited text
                    recs.append({"system": o.system, "id": o.item.id, "doc": o.item.doc, "split": o.item.split,
                                 "kind": o.item.kind, "form": o.variant.form, "n": o.variant.n,
                                 "accents": o.variant.accents, "rank": o.rank, "abstained": o.response.abstained})
                else:
                    recs.append({"doc": o.item.doc, "kind": o.item.kind, "split": o.item.split,
                                 **o.to_json(with_text=o.system == "ours")})
            d["records"] = recs
        return d


def run_corpus_eval(options: CorpusEvalOptions, engine: "Engine | None" = None,
                    settings: "Settings | None" = None) -> CorpusEvalResult:
    """Ingest (or reuse) the corpus, ask every selected gold wording of every system, summarise
    per document and per split. `engine` may be passed in by tests that share one."""
    from hoi.settings import get_settings

    t_start = time.perf_counter()
    load_start = _load()
    settings = settings or get_settings()
    notes: list[str] = []
    corpus = Path(options.corpus_dir)
    if not (corpus / "manifest.toml").exists():
        raise FileNotFoundError(f"{corpus}: no manifest.toml (build it: python eval/multidoc/build_corpus.py)")
    meta_cache: dict[str, Any] = {}
    if engine is None:
        from bot.engine import Engine

        t0 = time.perf_counter()
        index_dir, reused = cached_index(corpus, settings, Path(options.cache_dir))
        meta_cache = {"index": str(index_dir), "reused": reused, "ingest_s": round(time.perf_counter() - t0, 2)}
        engine = Engine.open(index_dir, settings)

    loaded = set(engine.index.loaded_ids())
    default_doc = HOME_DOC if HOME_DOC in loaded else None
    all_items = load_corpus_gold(options.gold, default_doc)
    doc_split = document_splits(all_items)
    items = select_items(all_items, options.kind, options.split, options.limit)
    if not items:
        raise GoldError(f"no gold questions selected from {', '.join(map(str, options.gold))}")
    docs = engine.documents
    scorer = DocScorer(engine.index.chunks, {d.id: d.number for d in docs}, {d.id: list(d.aliases) for d in docs})
    gold_warnings = []
    for it in items:
        if not it.doc:
            # no `doc` and no home plan loaded: infer it, as the home runner does, when unambiguous
            found = scorer.expected_docs(it) if it.answerable else set()
            it.doc = next(iter(found)) if len(found) == 1 else "?"
        if it.doc not in loaded:
            gold_warnings.append(f"{it.id}: document '{it.doc}' is not loaded in {corpus}")
        elif it.answerable and not any(M.normalize_ws(e) for e in it.evidence) and not it.sections:
            gold_warnings.append(f"{it.id}: neither evidence nor sections; it can never be a hit")
        elif it.answerable and not any(c.doc_id == it.doc and M.is_hit(c.text, c.section, it.evidence, it.sections)
                                       for c in engine.index.chunks):
            gold_warnings.append(f"{it.id}: no passage of '{it.doc}' holds its evidence/section — check the gold "
                                 "row, or the parser's addresses")
    doc_split = {d: doc_split.get(d, "dev") for d in {it.doc or "?" for it in items}}
    variants = [v for it in items for v in make_variants(it)]

    t0 = time.perf_counter()
    engine.retriever.search(items[0].question, k=1)
    cold_ms = (time.perf_counter() - t0) * 1000

    systems: list[System] = [EngineSystem(engine)]
    if options.baselines:
        systems += [RetrieverSystem(RetrieverBaseline(engine, "lexical", BASELINE_K)),
                    RetrieverSystem(RetrieverBaseline(engine, "dense", BASELINE_K))]
    else:
        notes.append("baselines not run (--no-baselines): the 'ours ≥ baselines' gates are n/a")
    outcomes: list[Outcome] = []
    bar = None
    if options.progress:
        from tqdm import tqdm

        bar = tqdm(total=len(variants) * (len(systems) + options.tutorial), desc="eval", unit="q",
                   file=sys.stderr, leave=False)

    def ask_all(system: System) -> None:
        if bar:
            bar.set_description(f"eval {system.name}")
        for v in variants:
            outcomes.append(scorer.score(system, v, system.ask(v.text)))
            if bar:
                bar.update(1)

    tutorial: TutorialPipeline | None = None
    try:
        for system in list(systems):
            ask_all(system)
        if options.tutorial:  # last: torch in the process slows ours' embedder (see runner.run_eval)
            why = tutorial_requirements()
            if why:
                notes.append(str(why))
            else:
                try:
                    tutorial = TutorialPipeline.build(corpus)
                    system = TutorialSystem(tutorial)
                    systems.append(system)
                    ask_all(system)
                except BaselineUnavailable as exc:
                    notes.append(str(exc))
    finally:
        if bar:
            bar.close()
        if tutorial is not None:
            tutorial.close()

    documents: dict[str, dict[str, Any]] = {}
    for doc in sorted(doc_split, key=lambda d: (doc_split[d] != "dev", d)):
        its = [it for it in items if it.doc == doc]
        outs = [o for o in outcomes if o.item.doc == doc]
        documents[doc] = {
            "split": doc_split[doc], "items": len(its),
            "items_by_kind": {k: sum(1 for i in its if i.kind == k) for k in KINDS if any(i.kind == k for i in its)},
            "table_rows": sum(1 for i in its if i.table_row),
            "systems": {s.name: summarize_corpus([o for o in outs if o.system == s.name], s) for s in systems},
        }
    splits: dict[str, dict[str, Any]] = {}
    for split in SPLITS:
        in_split = [d for d, s in doc_split.items() if s == split]
        if not in_split:
            continue
        outs = [o for o in outcomes if o.item.doc in in_split]
        splits[split] = {
            "documents": in_split, "items": sum(documents[d]["items"] for d in in_split),
            "systems": {s.name: summarize_corpus([o for o in outs if o.system == s.name], s) for s in systems},
        }
    notes.append("a citation is a hit only when it is from the row's own document; lexical-only / dense-only "
                 f"cite their top {BASELINE_K} passages; ours what Engine.answer cites")
    notes.append("splits are per document (a document is held out when all its rows are); the home plan is a "
                 "development document, its own held-out rows are counted in its figures but not listed")
    notes.append("registers are not measured here (python -m eval does, on eval/gold/registers.jsonl)")
    load_end = _load()
    cores = os.cpu_count() or 1
    if max(load_start, load_end) > cores:
        notes.append(f"the machine was busy (load average {load_start:.1f} → {load_end:.1f} on {cores} cores): "
                     "latencies may be inflated by other processes")
    meta = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average": [round(load_start, 2), round(load_end, 2)],
        "cpu_count": cores,
        "git": _git_state(),
        "corpus": str(corpus),
        **meta_cache,
        "index": meta_cache.get("index") or str(engine.index.path),
        "embedder": engine.index.embedder_name,
        "documents_loaded": sorted(loaded),
        "documents_listed_not_loaded": sorted(d.id for d in docs if d.id not in loaded),
        "gold": [str(p) for p in gold_files(options.gold)],
        "items": len(items),
        "items_by_split": {s: sum(1 for i in items if doc_split.get(i.doc or "?") == s) for s in SPLITS},
        "variants": len(variants),
        "systems": [s.name for s in systems],
        "options": {k: (str(v) if isinstance(v, Path) else [str(x) for x in v] if isinstance(v, list) else v)
                    for k, v in asdict(options).items()},
        "partial": bool(options.kind or options.limit or options.split != "all"),
        "cold_start_ms": round(cold_ms, 1),
        "runtime_s": round(time.perf_counter() - t_start, 2),
    }
    return CorpusEvalResult(meta, documents, splits, notes, outcomes, gold_warnings, options.show_heldout_misses)


# -- gates ------------------------------------------------------------------------------------

def check_corpus_gates(result: CorpusEvalResult, gates_file: Path = GATES_FILE) -> list[GateCheck]:
    """The `[multidoc]` gates of gates.toml. Each gate has a `scope`:

    - `"heldout"` / `"dev"`: the documents of that split pooled (per document in brackets);
    - `"document:<id>"`: one document;
    - `"each_document"`: one check per document.

    A gate with `beat = [systems]` passes when ours' metric is ≥ each named system's (its value
    is ours minus the best of them, against `min = 0`). A gate with no data is n/a, not a failure
    (a run without held-out documents cannot fail a held-out gate).
    """
    cfg = tomllib.loads(gates_file.read_text(encoding="utf-8")).get("multidoc", {})
    ours = cfg.get("system", "ours")
    checks: list[GateCheck] = []

    def value(block: dict[str, Any], metric: str, beat: list[str]) -> float | None:
        mine = metric_at(block.get(ours, {}), metric)
        if not beat:
            return mine
        others = [metric_at(block.get(b, {}), metric) for b in beat]
        if mine is None or any(o is None for o in others):
            return None
        return mine - max(o for o in others if o is not None)

    def systems(block: dict[str, Any], metric: str, beat: list[str]) -> dict[str, float | None]:
        """What the bracket of a gate line shows: each compared system's own value."""
        return {s: metric_at(block.get(s, {}), metric) for s in [ours, *beat]}

    for g in cfg.get("gate", []):
        op, thr = (">=", g["min"]) if "min" in g else ("<=", g["max"])
        beat = list(g.get("beat", []))
        scope = g.get("scope", "heldout")
        name = g.get("name", g["metric"])
        if scope in SPLITS:
            sp = result.splits.get(scope, {})
            checks.append(GateCheck(
                name, g["metric"], op, float(thr), value(sp.get("systems", {}), g["metric"], beat),
                {d: value(result.documents[d]["systems"], g["metric"], beat) for d in sp.get("documents", [])}))
        elif scope.startswith("document:"):
            doc = scope.split(":", 1)[1]
            d = result.documents.get(doc, {})
            block = d.get("systems", {})
            checks.append(GateCheck(name, g["metric"], op, float(thr), value(block, g["metric"], beat),
                                    systems(block, g["metric"], beat) if d else {"not in this run": None}))
        elif scope == "each_document":
            for doc, d in result.documents.items():
                checks.append(GateCheck(f"{name} — {doc} ({d['split']})", g["metric"], op, float(thr),
                                        value(d["systems"], g["metric"], beat), systems(d["systems"], g["metric"], beat)))
        else:
            raise ValueError(f"{gates_file}: gate '{name}': unknown scope '{scope}'")
    return checks


# -- report -----------------------------------------------------------------------------------

DOC_COLUMNS = ["document", "split", "items", "n acc", "hit@1", "hit@3", "af hit@1", "af hit@3", "para hit@1",
               "abst P", "abst R", "miss-doc", "table@addr (n)"]


def _baseline_names(result: CorpusEvalResult) -> list[str]:
    return [s for s in result.meta["systems"] if s != "ours"]


def _row(label: list[str], b: dict[str, Any], base: dict[str, Any], names: list[str]) -> list[str]:
    acc, af, ab = b["accented"], b["accent_free"], b["abstention"]
    md = b.get("missing_doc_named")
    tr = b.get("table_row")
    return label + [
        str(acc["n"]), fmt(acc["hit@1"]), fmt(acc["hit@3"]), fmt(af["hit@1"]), fmt(af["hit@3"]),
        fmt(b["paraphrase"]["hit@1"]),
        fmt(ab["precision"]) if ab else "n/a", fmt(ab["recall"]) if ab else "n/a",
        (fmt(md["share"]) if md["n"] else "—") if md else "n/a",
        f"{fmt(tr['address@1'])} ({tr['items']})" if tr else "—",
    ] + [fmt(base[n]["answerable"]["hit@1"]) if n in base else "—" for n in names]


def doc_rows(result: CorpusEvalResult) -> tuple[list[str], list[list[str]]]:
    """One row per document, then one per split (documents pooled): ours' figures, then each
    baseline's hit@1 over every wording (both spellings)."""
    names = _baseline_names(result)
    header = DOC_COLUMNS + [f"{n} hit@1 (all)" for n in names]
    rows = []
    for doc, d in result.documents.items():
        rows.append(_row([doc, d["split"], str(d["items"])], d["systems"]["ours"], d["systems"], names))
    for split, sp in result.splits.items():
        rows.append(_row([f"(all {split} documents)", split, str(sp["items"])], sp["systems"]["ours"],
                         sp["systems"], names))
    return header, rows


def versus_lines(result: CorpusEvalResult) -> list[str]:
    """A line per document: ours vs each baseline on hit@1 (every wording, both spellings)."""
    out = []
    for doc, d in result.documents.items():
        s = d["systems"]
        ours = s["ours"]["answerable"]["hit@1"]
        parts = [f"ours {fmt(ours)}"]
        for n in _baseline_names(result):
            v = s[n]["answerable"]["hit@1"]
            mark = "" if ours is None or v is None else (" ✓" if ours >= v else " ✗")
            parts.append(f"{n} {fmt(v)}{mark}")
        out.append(f"{doc} ({d['split']}): " + " · ".join(parts))
    return out


def kind_table(result: CorpusEvalResult, system: str = "ours") -> tuple[list[str], list[list[str]]]:
    kinds = [k for k in KINDS if any(k in d["items_by_kind"] for d in result.documents.values())]
    rows = []
    for doc, d in result.documents.items():
        bk = d["systems"][system]["by_kind"]
        cells = []
        for k in kinds:
            b = bk.get(k)
            if not b:
                cells.append("—")
            elif k == "abstain":
                cells.append(f"abstained {fmt(b['abstained'])} ({b['items']})")
            else:
                cells.append(f"{fmt(b['hit@1'])}/{fmt(b['hit@3'])} af {fmt(b['accent_free']['hit@1'])} ({b['items']})")
        rows.append([doc, d["split"]] + cells)
    return ["document", "split"] + kinds, rows


def render_corpus_text(result: CorpusEvalResult, checks: Sequence[GateCheck]) -> str:
    m = result.meta
    n_miss = len(misses(result.outcomes, "ours"))
    parts = [
        f"Eval over {m['corpus']}: {m['items']} gold questions ({m['items_by_split'].get('dev', 0)} on development "
        f"documents, {m['items_by_split'].get('heldout', 0)} on held-out documents), {m['variants']} wordings per "
        f"system; index {m['index']}{' (reused)' if m.get('reused') else ''} ({m['embedder']}); {m['runtime_s']} s",
        "",
        "Ours per document (hit@k on accented wordings, af = accent-free; table@addr = table-row questions whose "
        "first citation is the row) and each baseline's hit@1 over all wordings:",
        text_table(*doc_rows(result)),
        "",
        "Ours vs baselines, hit@1 (all wordings):",
        *("  " + line for line in versus_lines(result)),
        "",
        "Gates (multidoc):",
        *[c.line() for c in checks],
    ]
    if result.gold_warnings:
        parts += ["", "Gold warnings:", *("  " + w for w in result.gold_warnings)]
    if result.notes:
        parts += ["", "Notes:", *("  - " + n for n in result.notes)]
    parts += ["", f"Misses of ours: {n_miss} wordings (development documents listed in the Markdown report)"]
    return "\n".join(parts)


def _miss_counts(found: Sequence[tuple[str, Outcome]]) -> str:
    if not found:
        return "No misses."
    reasons = Counter(r.split(" (")[0] if r.startswith("answer does not") else
                      ("first hit only at rank >1" if r.startswith("first hit only") else r) for r, _ in found)
    kinds = Counter(o.item.kind for _, o in found)
    return (f"{len(found)} missed wordings on {len({o.item.id for _, o in found})} questions; by reason: "
            + ", ".join(f"{k} {v}" for k, v in reasons.most_common()) + "; by kind: "
            + ", ".join(f"{k} {v}" for k, v in kinds.most_common()) + ".")


def _render_miss_list(found: Sequence[tuple[str, Outcome]]) -> list[str]:
    lines: list[str] = []
    by_item: dict[str, list[tuple[str, Outcome]]] = {}
    for reason, o in found:
        by_item.setdefault(o.item.id, []).append((reason, o))
    for item_id, group in by_item.items():
        it = group[0][1].item
        exp = []
        if it.evidence:
            exp.append("evidence " + " / ".join(f"“{_short(e)}”" for e in it.evidence))
        if it.sections:
            exp.append("sections " + ", ".join(it.sections))
        if it.missing_doc:
            exp.append(f"names missing document {it.missing_doc}")
        if not it.answerable:
            exp.append("abstain")
        lines += [f"#### {item_id} — {it.kind}{', table row' if it.table_row else ''}, {it.split}",
                  "Expected: " + "; ".join(exp), ""]
        for reason, o in group:
            v, r = o.variant, o.response
            lines.append(f"- **{v.form}{'' if v.form == 'question' else ' ' + str(v.n)}, {v.accents}**: "
                         f"“{v.text}” — {reason} [answer kind: {r.answer_kind or '—'}]")
            if r.abstained and r.answer_text:
                lines.append(f"  - answer: {_short(r.answer_text, 200)}")
            for i, p in enumerate(r.passages[:3], start=1):
                lines.append(f"  - cited [{i}] {p.doc_id} {p.section or p.label}: {_short(p.text)}")
        lines.append("")
    return lines


def render_corpus_markdown(result: CorpusEvalResult, checks: Sequence[GateCheck]) -> str:
    m = result.meta
    git = m.get("git") or {}
    parts = [
        "# Multi-document eval report",
        "",
        f"- created {m['created']}, commit {git.get('commit', '?')}{' (dirty tree)' if git.get('dirty') else ''}",
        f"- corpus `{m['corpus']}`: loaded {', '.join(m['documents_loaded'])}; listed, not loaded: "
        f"{', '.join(m['documents_listed_not_loaded']) or '—'}",
        f"- index `{m['index']}`{' (reused from the cache)' if m.get('reused') else ''}, embedder `{m['embedder']}`",
        f"- gold {', '.join(f'`{g}`' for g in m['gold'])}: {m['items']} questions, {m['variants']} wordings per system",
        f"- systems: {', '.join(m['systems'])}; runtime {m['runtime_s']} s; cold start {m['cold_start_ms']} ms",
        *([f"- **partial run** (options {m['options']}): gates are indicative only"] if m.get("partial") else []),
        "",
        f"## Gates: {'PASS' if gates_passed(checks) else 'FAIL'}",
        "",
        *[f"- {c.line()}" for c in checks],
        "",
        "## Per document and per split",
        "",
        "Ours: hit@k on accented wordings (gold questions and paraphrases as written); `af` the same wordings "
        "accent-free; `para hit@1` paraphrases, both spellings; `abst P/R` abstention precision/recall over every "
        "wording; `miss-doc` share of missing-document questions whose answer names the document; "
        "`table@addr (n)` share of table-row wordings whose first citation is the gold row (n questions). "
        "Baseline columns: hit@1 over every wording, both spellings. A hit must cite the row's own document.",
        "",
        md_table(*doc_rows(result)),
        "",
        "### Ours vs the baselines (hit@1, every wording)",
        "",
        *(f"- {line}" for line in versus_lines(result)),
        "",
        "### Ours per kind (hit@1/hit@3, af = accent-free hit@1, (questions))",
        "",
        md_table(*kind_table(result)),
        "",
    ]
    if result.gold_warnings:
        parts += ["## Gold warnings", "", *(f"- {w}" for w in result.gold_warnings), ""]
    if result.notes:
        parts += ["## Notes", "", *(f"- {n}" for n in result.notes), ""]
    parts += ["## Misses of ours", ""]
    all_misses = misses(result.outcomes, "ours")
    for doc, d in result.documents.items():
        mine = [(r, o) for r, o in all_misses if o.item.doc == doc]
        shown = [(r, o) for r, o in mine if not result.hidden(o)]
        hidden = [(r, o) for r, o in mine if result.hidden(o)]
        parts += [f"### {doc} ({d['split']})", ""]
        if hidden:
            parts += [f"Held-out, counts only (`--show-heldout-misses` lists them): {_miss_counts(hidden)}", ""]
        if shown or not hidden:
            parts += _render_miss_list(shown) if shown else ["No misses.", ""]
    return "\n".join(parts).rstrip() + "\n"


def write_corpus_outputs(result: CorpusEvalResult, checks: Sequence[GateCheck],
                         out_dir: Path = RESULTS_DIR) -> tuple[Path, Path]:
    """latest.json (summary, gates, one line per record) and latest.md under out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = result.to_json(with_records=True)
    data["gates"] = {"passed": gates_passed(checks), "checks": [c.to_json() for c in checks]}
    records = data.pop("records")
    jpath, mpath = out_dir / "latest.json", out_dir / "latest.md"
    jpath.write_text(compact_json(data, [("records", records)]) + "\n", encoding="utf-8")
    mpath.write_text(render_corpus_markdown(result, checks), encoding="utf-8")
    return jpath, mpath


def corpus_summary_json(result: CorpusEvalResult, checks: Sequence[GateCheck]) -> dict[str, Any]:
    return summary_json(result, checks)  # the same summary: results, gates, count of misses
