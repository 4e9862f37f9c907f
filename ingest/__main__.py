"""`python -m ingest [--corpus DIR] [--index DIR] [--skip-bad]`: (re)build the index."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hoi.embeddings import EmbeddingError
from hoi.settings import get_settings

from .build import IngestError, run_ingest


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    ap = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Lập (lại) chỉ mục từ thư mục corpus/ theo manifest.toml. Chỉ mục cũ chỉ được thay "
        "khi chỉ mục mới đã dựng xong.",
    )
    ap.add_argument("--corpus", type=Path, default=settings.corpus_dir, help="thư mục tài liệu (mặc định: %(default)s)")
    ap.add_argument("--index", type=Path, default=settings.index_dir, help="thư mục chỉ mục (mặc định: %(default)s)")
    ap.add_argument("--skip-bad", action="store_true", help="bỏ qua tài liệu lỗi thay vì dừng")
    ap.add_argument("--quiet", action="store_true", help="không hiện thanh tiến trình")
    args = ap.parse_args(argv)
    try:
        summary = run_ingest(
            settings, corpus_dir=args.corpus, index_dir=args.index, skip_bad=args.skip_bad,
            progress=not args.quiet, log=lambda m: print(m, file=sys.stderr),
        )
    except (IngestError, EmbeddingError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
