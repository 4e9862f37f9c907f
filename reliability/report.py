"""A small results writer for the reliability tests.

Each test that measures something calls `record(section, figures)`. Nothing is written unless
HOI_RELIABILITY_RESULTS names a folder (`python -m reliability` sets it to
reliability/results/), so an ordinary `pytest` run never dirties the committed results.
Sections are merged into `latest.json` (one key per section, each stamped with its time and
commit) and `latest.md` is regenerated from it, so a partial run updates only what it ran.
"""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

RESULTS_DIR = Path(__file__).resolve().parent / "results"
MEASURED = ("bot", "hoi", "ingest", "corpus", "tests", "reliability")  # a change here makes the figures "dirty"
ENV = "HOI_RELIABILITY_RESULTS"

# Sections in the order the Markdown report shows them, with their headings.
SECTIONS = {
    "inputs": "Bad input (Engine.answer and the real bot)",
    "documents": "Bad documents (python -m ingest)",
    "kills": "Ingest killed with SIGKILL",
    "index": "Corrupted or missing index",
    "network": "Bot API unreachable, slow, 429/5xx",
    "feedback_crash": "Feedback store killed mid-write",
    "load": "Load through the real bot",
    "security": "Security checks",
    "fail_closed": "Fail closed: refusals that cannot be delivered (issue 12)",
    "follow_index": "The bot follows the index; builds in use are never pruned (issue 12)",
    "disk_full": "Full or read-only disk (issue 12)",
}


def out_dir() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def _commit() -> str:
    try:
        repo = Path(__file__).resolve().parent.parent
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", *MEASURED], cwd=repo,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha + (" (dirty tree)" if dirty else "") if sha else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Tests in parallel processes (pytest-xdist) merge one at a time; the lock is on the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def record(section: str, figures: dict[str, Any], folder: Path | None = None) -> Path | None:
    """Merge one section's figures into latest.json and rewrite latest.md; returns the JSON
    path, or None when results are not being written (HOI_RELIABILITY_RESULTS unset)."""
    folder = folder or out_dir()
    if folder is None:
        return None
    with _locked(folder):
        path = folder / "latest.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data[section] = {
            "recorded": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "commit": _commit(),
            **figures,
        }
        ordered = {k: data[k] for k in [*SECTIONS, *sorted(set(data) - set(SECTIONS))] if k in data}
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        md = folder / "latest.md"
        md_tmp = md.with_suffix(".md.tmp")
        md_tmp.write_text(markdown(ordered), encoding="utf-8")
        os.replace(md_tmp, md)
    return path


def _value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.1f}" if abs(v) >= 10 else f"{v:.3g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(_value(x) for x in v) if v else "—"
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_value(x)}" for k, x in v.items()) if v else "—"
    return str(v)


def headline(data: dict[str, Any]) -> list[str]:
    """The few numbers a reader wants first (also the README lines)."""
    lines = []
    inp = data.get("inputs")
    if inp:
        lines.append(f"{inp.get('engine_inputs', 0)} bad inputs through Engine.answer and "
                     f"{inp.get('bot_inputs', 0)} through the real bot: {inp.get('crashes', 0)} crashes, "
                     f"slowest {inp.get('engine_max_ms', 0):.0f} ms in process, every reply valid Telegram HTML.")
    kills = data.get("kills")
    if kills:
        phases = kills.get("killed_while", {})
        when = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in phases.items() if n)
        lines.append(f"Ingest killed with SIGKILL {kills.get('kills', 0)} times ({when}): the index answered "
                     f"after {kills.get('survived', 0)}/{kills.get('kills', 0)}, `current` never pointed at an "
                     f"incomplete build, the next ingest succeeded and cleaned up: {kills.get('next_ingest_ok')}.")
    load = data.get("load")
    if load:
        lines.append(f"Load {load.get('users')} users × {load.get('questions_per_user')} questions through the "
                     f"real bot: {load.get('lost')} lost, {load.get('duplicates')} duplicates, "
                     f"p95 {load.get('p95_ms', 0):.0f} ms (p50 {load.get('p50_ms', 0):.0f} ms).")
    net = data.get("network")
    if net:
        lines.append(f"Bot API faults ({', '.join(net.get('scenarios', []))}): "
                     f"{net.get('questions', 0)} questions, {net.get('lost', 0)} lost, "
                     f"{net.get('duplicates', 0)} answered twice.")
    return lines


def markdown(data: dict[str, Any]) -> str:
    out = ["# Reliability and security results", ""]
    out.append("Written by the tests (`python -m reliability`; `--full` for the 200 × 5 load). "
               "Each section shows when and on which commit it was measured.")
    out.append("")
    for line in headline(data):
        out.append(f"- {line}")
    for key, body in data.items():
        out += ["", f"## {SECTIONS.get(key, key)}", ""]
        out.append(f"_recorded {body.get('recorded', '?')}, commit {body.get('commit', '?')}_")
        out.append("")
        out.append("| figure | value |")
        out.append("|---|---|")
        for k, v in body.items():
            if k in ("recorded", "commit", "notes"):
                continue
            out.append(f"| {k} | {_value(v).replace('|', '/')} |")
        for note in body.get("notes", []) or []:
            out.append(f"\n- {note}")
    return "\n".join(out) + "\n"
