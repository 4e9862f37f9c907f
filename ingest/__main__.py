"""`python -m ingest [--corpus DIR] [--index DIR] [--skip-bad] [--dry-run]`: (re)build the index.

Every supported file of the corpus folder is a document; manifest.toml is optional (overrides).
`--dry-run` prints what each file gives and which files are skipped, and writes nothing."""
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
        description="Lập (lại) chỉ mục từ mọi tệp .txt, .pdf, .docx trong thư mục corpus/ (manifest.toml "
        "không bắt buộc: chỉ để sửa thông tin đọc được). Chỉ mục cũ chỉ được thay khi chỉ mục mới đã dựng xong.",
    )
    ap.add_argument("--corpus", type=Path, default=settings.corpus_dir, help="thư mục tài liệu (mặc định: %(default)s)")
    ap.add_argument("--index", type=Path, default=settings.index_dir, help="thư mục chỉ mục (mặc định: %(default)s)")
    ap.add_argument("--skip-bad", action="store_true", help="bỏ qua tài liệu lỗi thay vì dừng")
    ap.add_argument("--quiet", action="store_true", help="không hiện thanh tiến trình")
    ap.add_argument("--dry-run", action="store_true",
                    help="chạy thử: in thông tin đọc được từ từng tệp và các tệp bị bỏ qua, không ghi gì")
    args = ap.parse_args(argv)
    try:
        summary = run_ingest(
            settings, corpus_dir=args.corpus, index_dir=args.index, skip_bad=args.skip_bad,
            progress=not args.quiet, log=lambda m: print(m, file=sys.stderr), dry_run=args.dry_run,
        )
    except (IngestError, EmbeddingError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(summary.line())
    return 1 if summary.dry_run and summary.errors else 0


if __name__ == "__main__":
    sys.exit(main())
