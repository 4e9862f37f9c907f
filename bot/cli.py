"""`python -m bot …`: ask questions, look up clauses and registers, or start the Telegram bot."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from hoi.embeddings import EmbeddingError
from hoi.index import IndexError_
from hoi.settings import get_settings

from .registers_cli import add_register_commands
from .render import answer_text


def _engine(index: Path | None):
    from .engine import Engine

    return Engine.open(index)


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine(args.index)
    if args.file:
        with open(args.file, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    print(json.dumps(engine.answer(line.rstrip("\n")).to_json(), ensure_ascii=False), flush=True)
        return 0
    question = " ".join(args.question)
    if not question.strip() and not sys.stdin.isatty():
        question = sys.stdin.read()
    ans = engine.answer(question)
    if args.json:
        print(json.dumps(ans.to_json(), ensure_ascii=False, indent=None if args.compact else 2))
    else:
        print(answer_text(ans))
    return 0


def cmd_clause(args: argparse.Namespace) -> int:
    engine = _engine(args.index)
    chunks = engine.clause(args.address, args.doc)
    if not chunks:
        msg = f"Không tìm thấy mục {args.address}" + (f" trong tài liệu {args.doc}" if args.doc else "") + "."
        if args.json:
            print(json.dumps({"address": args.address, "found": False, "message": msg, "citations": []}, ensure_ascii=False))
        else:
            print(msg, file=sys.stderr)
        return 1
    cites = [engine.citation(i + 1, c, 1.0) for i, c in enumerate(chunks)]
    if args.json:
        print(json.dumps({"address": args.address, "found": True, "citations": [c.to_json() for c in cites]},
                         ensure_ascii=False, indent=2))
        return 0
    shown: set[str] = set()
    for c in cites:
        if c.heading and c.heading not in shown:
            print(c.heading)
            shown.add(c.heading)
        print(f"  [{c.n}] {c.label}: {c.text}")
    print(f"\nNguồn: {cites[0].doc_title}")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """What changed between a document and its previous version (a draft and the signed plan)."""
    from hoi.index import Index

    from .changes import ChangesError, compare, versions

    index = Index.open(args.index)
    try:
        old, new = versions(index, args.doc_id)
    except ChangesError as exc:
        if args.json:
            print(json.dumps({"doc_id": args.doc_id, "found": False, "message": str(exc)}, ensure_ascii=False))
        else:
            print(str(exc), file=sys.stderr)
        return 1
    changes = compare(index, old.id, new.id)
    if args.json:
        print(json.dumps({"doc_id": args.doc_id, "found": True} | changes.to_json(), ensure_ascii=False, indent=2))
    else:
        print(changes.text())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .telegram_app import serve

    return serve(args)


def cmd_feedback_export(args: argparse.Namespace) -> int:
    from .feedback import export_jsonl

    try:
        n = export_jsonl(args.db, None if args.out == "-" else args.out)
    except FileNotFoundError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(f"Đã xuất {n} phản hồi.", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    settings = get_settings()
    ap = argparse.ArgumentParser(prog="python -m bot", description="Hỏi Nghị quyết: hỏi đáp có trích dẫn.")
    sub = ap.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="hỏi một câu (hoặc --file: mỗi dòng một câu, in JSONL)")
    ask.add_argument("question", nargs="*", help="câu hỏi, có hoặc không dấu")
    ask.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    ask.add_argument("--compact", action="store_true", help="JSON trên một dòng")
    ask.add_argument("--file", type=Path, help="tệp câu hỏi, mỗi dòng một câu; in JSONL")
    ask.add_argument("--index", type=Path, default=settings.index_dir)
    ask.set_defaults(func=cmd_ask)

    clause = sub.add_parser("clause", help="nguyên văn một mục, ví dụ: IV.4")
    clause.add_argument("address")
    clause.add_argument("--doc", help="mã tài liệu (xem corpus/manifest.toml)")
    clause.add_argument("--json", action="store_true")
    clause.add_argument("--index", type=Path, default=settings.index_dir)
    clause.set_defaults(func=cmd_clause)

    add_register_commands(sub, settings)

    changes = sub.add_parser("changes", help="những gì đã đổi giữa một văn bản và phiên bản trước của nó")
    changes.add_argument("doc_id", help="mã tài liệu (bản mới hoặc bản dự thảo đã được thay)")
    changes.add_argument("--json", action="store_true")
    changes.add_argument("--index", type=Path, default=settings.index_dir)
    changes.set_defaults(func=cmd_changes)

    fb = sub.add_parser("feedback-export", help="xuất phản hồi 👍/👎 (JSONL) để bổ sung bộ câu hỏi đánh giá")
    fb.add_argument("--out", default="-", help="tệp đích (mặc định: in ra màn hình)")
    fb.add_argument("--db", type=Path, default=settings.feedback_db)
    fb.set_defaults(func=cmd_feedback_export)

    serve = sub.add_parser("serve", help="chạy bot Telegram (long polling)")
    serve.add_argument("--index", type=Path, default=settings.index_dir)
    serve.set_defaults(func=cmd_serve)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (IndexError_, EmbeddingError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `python -m bot ask … | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
