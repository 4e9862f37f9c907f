"""`python -m reliability [--full] [pytest args…]`: run the reliability and security tests and
write their figures to reliability/results/latest.{json,md}.

--full runs the load test at full size (200 users × 5 questions, HOI_LOAD_FULL=1); without it
the load test runs at CI size. Extra arguments go to pytest (e.g. `-k load`).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .report import ENV, RESULTS_DIR

REPO = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_reliability_inputs.py", "tests/test_reliability_faults.py", "tests/test_security.py",
         "tests/test_load.py"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reliability", description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="load test at full size (200 users × 5 questions)")
    ap.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder (default: %(default)s)")
    args, rest = ap.parse_known_args(argv)
    env = dict(os.environ, **{ENV: str(args.out.resolve())})
    if args.full:
        env["HOI_LOAD_FULL"] = "1"
    code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS, *rest],
                           cwd=REPO, env=env)
    md = args.out / "latest.md"
    if md.exists():
        print(md.read_text(encoding="utf-8"))
    return code


if __name__ == "__main__":
    sys.exit(main())
