"""`python -m bot duties [ACTOR]` and `python -m bot deadlines [--year]`: the registers as tables.

The office prints these or pastes them into a report, so besides JSON they come as CSV and
Markdown with the same columns; every row carries its citation.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from hoi.settings import Settings

from .duties import rows_with_citations


def _engine(index: Path):
    from .engine import Engine

    return Engine.open(index)


DUTY_COLUMNS = [("actor", "Đơn vị"), ("role", "Vai trò"), ("task", "Nhiệm vụ"), ("timeframe", "Thời hạn"),
                ("label", "Vị trí"), ("doc_title", "Văn bản")]
DEADLINE_COLUMNS = [("expression", "Thời hạn"), ("kind_vi", "Loại"), ("year", "Năm"), ("task", "Nội dung"),
                    ("label", "Vị trí"), ("doc_title", "Văn bản")]


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([title for _, title in columns])
        for r in rows:
            w.writerow(["" if r.get(k) is None else r.get(k) for k, _ in columns])
        return buf.getvalue()
    if fmt == "md":
        def cell(v: Any) -> str:
            return ("" if v is None else str(v)).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(t for _, t in columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(cell(r.get(k)) for k, _ in columns) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    # text for a terminal
    out = []
    for r in rows:
        head = " — ".join(str(r.get(k)) for k, _ in columns[:2] if r.get(k) not in (None, ""))
        out.append(f"• {head}: {r.get('task')}\n    [{r.get('label')}] {r.get('doc_title')}")
    return "\n".join(out) + ("\n" if out else "")


def _emit(rows: list[dict[str, Any]], columns, args: argparse.Namespace, empty: str) -> int:
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(empty, file=sys.stderr)
        return 1
    sys.stdout.write(_table(rows, columns, args.format))
    return 0


def cmd_duties(args: argparse.Namespace) -> int:
    engine = _engine(args.index)
    if engine.registers is None:
        print("Chỉ mục chưa có sổ nhiệm vụ; hãy chạy lại: python -m ingest", file=sys.stderr)
        return 1
    actor = " ".join(args.actor).strip() or None
    rows = engine.registers.duties_for(actor, role=args.role)
    msg = (f"Không tìm thấy nhiệm vụ của “{actor}”. Các đơn vị có trong văn bản: "
           + "; ".join(engine.registers.actors().values())) if actor else "Chưa có nhiệm vụ nào."
    return _emit(rows_with_citations(engine, rows), DUTY_COLUMNS, args, msg)


def cmd_deadlines(args: argparse.Namespace) -> int:
    engine = _engine(args.index)
    if engine.registers is None:
        print("Chỉ mục chưa có sổ thời hạn; hãy chạy lại: python -m ingest", file=sys.stderr)
        return 1
    rows = engine.registers.deadlines_for(args.year, include_references=args.references)
    msg = f"Không có mốc thời gian nào cho năm {args.year}." if args.year else "Chưa có mốc thời gian nào."
    return _emit(rows_with_citations(engine, rows), DEADLINE_COLUMNS, args, msg)


def add_register_commands(sub: Any, settings: Settings) -> None:
    duties = sub.add_parser("duties", help="ai phải làm gì: sổ nhiệm vụ (lọc theo đơn vị)")
    duties.add_argument("actor", nargs="*", help="đơn vị, có hoặc không dấu, ví dụ: mat tran to quoc")
    duties.add_argument("--role", choices=["chủ trì", "phối hợp", "chỉ đạo", "tham mưu", "thực hiện", "giám sát"])
    duties.add_argument("--json", action="store_true")
    duties.add_argument("--format", choices=["text", "csv", "md"], default="text")
    duties.add_argument("--index", type=Path, default=settings.index_dir)
    duties.set_defaults(func=cmd_duties)

    deadlines = sub.add_parser("deadlines", help="đến khi nào: sổ thời hạn (lọc theo năm)")
    deadlines.add_argument("--year", type=int)
    deadlines.add_argument("--references", action="store_true",
                           help="kèm cả ngày tháng chỉ dùng để dẫn chiếu văn bản (không phải thời hạn)")
    deadlines.add_argument("--json", action="store_true")
    deadlines.add_argument("--format", choices=["text", "csv", "md"], default="text")
    deadlines.add_argument("--index", type=Path, default=settings.index_dir)
    deadlines.set_defaults(func=cmd_deadlines)
