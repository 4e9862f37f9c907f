"""`python -m eval`: the gold set through the real engine and the baselines; gates decide the exit code.

    python -m eval [--kind K] [--limit N] [--json] [--index DIR] [--split dev|heldout|all]
                   [--no-baselines] [--out DIR] [--gold FILE] [--registers-gold FILE] [--gates FILE]
                   [--llm]

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
    ap.add_argument("--out", type=Path, default=RESULTS_DIR, help="where latest.json / latest.md go (default: %(default)s)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="questions file (default: %(default)s)")
    ap.add_argument("--registers-gold", type=Path, default=DEFAULT_REGISTERS_GOLD, help="register rows file")
    ap.add_argument("--gates", type=Path, default=GATES_FILE, help="gate thresholds (default: %(default)s)")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    ap.add_argument("--llm", action="store_true",
                    help="also evaluate generated answers on the configured model server (HOI_LLM_*)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from hoi.embeddings import EmbeddingError
    from hoi.index import IndexError_

    from .report import check_gates, render_text, summary_json, write_outputs

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
    jpath, mpath = write_outputs(result, checks, args.out)
    if args.json:
        print(json.dumps(summary_json(result, checks), ensure_ascii=False, indent=1))
    else:
        print(render_text(result, checks))
        print(f"\nWritten: {jpath} and {mpath}")
    failed = [c for c in checks if c.passed is False]
    if failed:
        print("eval: gates failed:\n" + "\n".join("  " + c.line() for c in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
