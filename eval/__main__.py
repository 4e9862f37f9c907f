"""`python -m eval`: the gold set through the real engine and the baselines; gates decide the exit code.

    python -m eval [--kind K] [--limit N] [--json] [--index DIR] [--split dev|heldout|all]
                   [--no-baselines] [--out DIR] [--gold FILE] [--registers-gold FILE] [--gates FILE]
                   [--llm]
    python -m eval --corpus DIR --gold FILE_OR_DIR [--gold …] [--tutorial] [--show-heldout-misses]
                   [--cache-dir DIR] [--kind K] [--limit N] [--split …] [--no-baselines] [--out DIR]

--corpus ingests DIR (cached under .eval-cache/, keyed by its files, the embedder and the ingest
code) and reports every gold file per document and per split against the `[multidoc]` gates
(eval/corpus_eval.py, eval/multidoc/README.md); results go to eval/results/multidoc/.

--llm also evaluates the optional generated answers against the model server configured by
HOI_LLM, HOI_LLM_BASE_URL and HOI_LLM_MODEL (faithfulness, answer rate, fallbacks, latency; see
eval/llm.py); without one it says so in one line and the rest of the eval runs as usual.

Exit codes: 0 all gates pass, 1 a gate fails (the failing gates are printed on stderr),
2 the eval could not run (no index, bad gold file, bad embedder).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .runner import DEFAULT_GOLD, DEFAULT_REGISTERS_GOLD, KINDS, EvalOptions, GoldError, run_eval


def build_parser() -> argparse.ArgumentParser:
    from .report import GATES_FILE, RESULTS_DIR

    ap = argparse.ArgumentParser(prog="python -m eval", description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", choices=KINDS, help="only gold questions of this kind")
    ap.add_argument("--limit", type=int, help="only the first N selected gold questions")
    ap.add_argument("--json", action="store_true", help="print the JSON summary instead of the table")
    ap.add_argument("--index", type=Path, default=None, help="index directory (default: HOI_INDEX_DIR or .index)")
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all",
                    help="which gold questions to ask (each split is always reported separately)")
    ap.add_argument("--no-baselines", action="store_true", help="only ours (fast)")
    ap.add_argument("--out", type=Path, default=None,
                    help=f"where latest.json / latest.md go (default: {RESULTS_DIR}, with --corpus its multidoc/)")
    ap.add_argument("--gold", type=Path, action="append", default=None,
                    help=f"questions file (default: {DEFAULT_GOLD}); with --corpus a .jsonl or a folder of them, "
                         "and may be given several times")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="evaluate this corpus folder (ingested into a cache) per document and split")
    ap.add_argument("--tutorial", action="store_true", help="with --corpus: also run the tutorial baseline")
    ap.add_argument("--show-heldout-misses", action="store_true",
                    help="with --corpus: list the misses on held-out documents (default: counts only)")
    ap.add_argument("--cache-dir", type=Path, default=None, help="with --corpus: index cache (default: .eval-cache)")
    ap.add_argument("--registers-gold", type=Path, default=DEFAULT_REGISTERS_GOLD, help="register rows file")
    ap.add_argument("--gates", type=Path, default=GATES_FILE, help="gate thresholds (default: %(default)s)")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    ap.add_argument("--llm", action="store_true",
                    help="also evaluate generated answers on the configured model server (HOI_LLM_*)")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    from hoi.embeddings import EmbeddingError
    from hoi.index import IndexError_

    from .report import RESULTS_DIR, check_gates, render_text, summary_json, write_outputs

    if args.corpus is not None:
        return corpus_main(args)
    corpus_only = [f for f, on in (("--tutorial", args.tutorial), ("--show-heldout-misses", args.show_heldout_misses),
                                   ("--cache-dir", args.cache_dir)) if on]
    if corpus_only:
        ap.error(f"{', '.join(corpus_only)} only with --corpus")
    if args.gold and len(args.gold) > 1:
        ap.error("several --gold files only with --corpus")
    args.gold = args.gold[0] if args.gold else DEFAULT_GOLD
    args.out = args.out or RESULTS_DIR

    if args.llm:
        from hoi.settings import get_settings

        from .llm import unavailable

        skip = unavailable(get_settings())
        if skip:  # said up front (the report notes it too); never a reason for a non-zero exit
            print(f"eval: {skip}", file=sys.stderr)
    options = EvalOptions(
        index_dir=args.index, gold=args.gold, registers_gold=args.registers_gold, kind=args.kind,
        limit=args.limit, split=args.split, baselines=not args.no_baselines, progress=not args.no_progress,
        llm=args.llm,
    )
    try:
        result = run_eval(options)
    except (IndexError_, EmbeddingError, GoldError, FileNotFoundError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    checks = check_gates(result, args.gates)
    paths = write_outputs(result, checks, args.out)
    return _report(args, paths, checks, lambda: summary_json(result, checks), lambda: render_text(result, checks))


def _report(args: argparse.Namespace, paths: tuple[Path, Path], checks, as_json, as_text) -> int:
    """Print the summary (JSON or text), say where the reports went, and turn the gates into the
    exit code: 1 when one failed, 0 otherwise."""
    if args.json:
        print(json.dumps(as_json(), ensure_ascii=False, indent=1))
    else:
        print(as_text())
        print(f"\nWritten: {paths[0]} and {paths[1]}")
    failed = [c for c in checks if c.passed is False]
    if failed:
        print("eval: gates failed:\n" + "\n".join("  " + c.line() for c in failed), file=sys.stderr)
        return 1
    return 0


def corpus_main(args: argparse.Namespace) -> int:
    """`--corpus`: the per-document eval (eval/corpus_eval.py) and its `[multidoc]` gates."""
    from hoi.embeddings import EmbeddingError
    from hoi.index import IndexError_
    from ingest.build import IngestError

    from .corpus_eval import (
        CACHE_DIR,
        RESULTS_DIR,
        CorpusEvalOptions,
        check_corpus_gates,
        corpus_summary_json,
        render_corpus_text,
        run_corpus_eval,
        write_corpus_outputs,
    )

    ignored = [f for f, on in (("--index", args.index), ("--llm", args.llm)) if on]
    if ignored:
        print(f"eval: {', '.join(ignored)} ignored with --corpus (the corpus is ingested into its own index)",
              file=sys.stderr)
    options = CorpusEvalOptions(
        corpus_dir=args.corpus, gold=list(args.gold or [DEFAULT_GOLD]), cache_dir=args.cache_dir or CACHE_DIR,
        kind=args.kind, limit=args.limit, split=args.split, baselines=not args.no_baselines,
        tutorial=args.tutorial, progress=not args.no_progress, show_heldout_misses=args.show_heldout_misses,
    )
    try:
        result = run_corpus_eval(options)
        checks = check_corpus_gates(result, args.gates)
    except (IndexError_, EmbeddingError, GoldError, FileNotFoundError, IngestError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # e.g. a Rust panic in a tokenizer (pyo3 PanicException is a BaseException)
        import traceback

        traceback.print_exc()
        print(f"eval: the eval could not run: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2  # not 1: exit 1 means "a gate failed", and no gate was measured
    paths = write_corpus_outputs(result, checks, args.out or RESULTS_DIR)
    return _report(args, paths, checks, lambda: corpus_summary_json(result, checks),
                   lambda: render_corpus_text(result, checks))


if __name__ == "__main__":
    sys.exit(main())
