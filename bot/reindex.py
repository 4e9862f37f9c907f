"""/reindex in a separate, lower-priority, memory-capped, time-limited process.

Why not a thread of the bot: ingest parses, embeds and writes for seconds to minutes; in the
bot's own process it took answers from p50 0.22 s to 2.3 s, a hostile document could take the
bot's RSS to gigabytes, and a document that never finishes held the bot hostage. As a child
process under `nice`, with RLIMIT_AS and a wall-clock budget, the worst a document can do is
be refused by name; the old build keeps answering, and the bot picks the new one up through
its IndexFollower the moment `current` moves.

`python -m bot.reindex --corpus C --index I` is the child. It speaks a line protocol on
stdout: `doc <file name>` before each document is read, then `ok <summary line>` or
`error <Vietnamese message>` (or `toolarge <file name>` on MemoryError).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoi.settings import Settings

NICE = 10
LINE_LIMIT = 1 << 16


@dataclass
class ReindexResult:
    ok: bool
    message: str  # Vietnamese, for the admin: the summary line, or why it failed


def apply_limits(memory_mb: int, nice: int) -> None:
    """In the child, first thing: lower CPU priority and an address-space ceiling.

    Done by the child itself rather than a preexec_fn, which is unsafe in the bot's
    multi-threaded process (a fork while another thread holds a lock can deadlock)."""
    if nice:
        os.nice(nice)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_reindex(settings: Settings, index_dir: Path, *, timeout: float | None = None,
                memory_mb: int | None = None, corpus_dir: Path | None = None) -> ReindexResult:
    """Run the child (blocking: call it in a worker thread) and turn what happened into one
    Vietnamese message. Never raises for what the child did; the caller keeps its old engine
    unless `ok`."""
    timeout = settings.reindex_timeout if timeout is None else timeout
    memory_mb = settings.reindex_memory_mb if memory_mb is None else memory_mb
    cmd = [sys.executable, "-m", "bot.reindex", "--index", str(index_dir),
           "--corpus", str(corpus_dir or settings.corpus_dir), "--memory-mb", str(memory_mb), "--nice", str(NICE)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)  # its own group: a timeout kills all it started
    state: dict[str, Any] = {"reading": None, "final": None}

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            kind, _, rest = line.partition(" ")
            if kind == "doc":
                state["reading"] = rest
            elif kind in ("ok", "error", "toolarge"):
                state["final"] = (kind, rest.replace("\\n", "\n"))

    reader = threading.Thread(target=read, name="reindex-reader", daemon=True)
    reader.start()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        proc.wait()
        reader.join(5)
        reading = state["reading"]
        what = f"Tài liệu {reading} quá chậm để đọc" if reading else "Việc lập chỉ mục quá chậm"
        return ReindexResult(False, f"{what} (quá {timeout:.0f} giây); đã dừng. Bot vẫn dùng chỉ mục cũ.")
    finally:
        if proc.returncode is None:
            _kill(proc)
            proc.wait()
    reader.join(5)
    final, reading = state["final"], state["reading"]
    if final and final[0] == "ok":
        return ReindexResult(True, final[1])
    if final and final[0] == "error":
        return ReindexResult(False, final[1])
    if (final and final[0] == "toolarge") or proc.returncode in (-signal.SIGKILL, -signal.SIGSEGV, 3):
        name = reading
        what = f"Tài liệu {name} quá lớn để đọc" if name else "Việc lập chỉ mục cần quá nhiều bộ nhớ"
        return ReindexResult(False, f"{what} (vượt giới hạn {memory_mb} MB). Bot vẫn dùng chỉ mục cũ.")
    what = f" khi đọc {reading}" if reading else ""
    return ReindexResult(False, f"Tiến trình lập chỉ mục dừng bất thường{what} (mã {proc.returncode}). "
                                "Bot vẫn dùng chỉ mục cũ.")


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def public_error(text: str) -> str:
    """What may be shown in Telegram: no absolute server path (its last part stays), no raw
    English OS error ("[Errno 28] No space left on device")."""
    text = re.sub(r"\[Errno \d+\] [^:'\"\n]*:?\s*", "", text)
    return re.sub(r"(?<![\w.])/(?:[^\s/'\"“”]+/)+([^\s/'\"“”]*)", r"\1", text)


def _worker(argv: list[str] | None = None) -> int:
    """The child: run ingest, reporting each document before it is read."""
    ap = argparse.ArgumentParser(prog="python -m bot.reindex")
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--memory-mb", type=int, default=0)
    ap.add_argument("--nice", type=int, default=0)
    args = ap.parse_args(argv)
    apply_limits(args.memory_mb, args.nice)
    out = sys.stdout

    def say(kind: str, text: str) -> None:
        out.write(f"{kind} {text.replace(chr(10), chr(92) + 'n')}\n")
        out.flush()

    from hoi.embeddings import EmbeddingError
    from hoi.settings import get_settings

    import importlib

    import ingest.build as build

    # The worker's own hook: name each document before it is read, wherever ingest reads it
    # (the module-level name is looked up at call time).
    for module_name in ("ingest.catalog", "ingest.build"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        original = getattr(module, "load_document", None)
        if original is None:
            continue

        def reporting_load(path: Path, *a: Any, _original: Any = original, **kw: Any) -> Any:
            say("doc", Path(path).name)
            return _original(path, *a, **kw)

        module.load_document = reporting_load  # type: ignore[attr-defined]
    try:
        summary = build.run_ingest(get_settings(), corpus_dir=args.corpus, index_dir=args.index,
                                   progress=False, log=lambda m: None)
    except MemoryError:
        say("toolarge", "")
        return 3
    except (build.IngestError, EmbeddingError) as exc:
        say("error", public_error(str(exc)))
        return 1
    except OSError as exc:
        say("error", public_error(str(build.write_failure(exc, "chỉ mục"))))
        return 1
    except Exception as exc:  # noqa: BLE001 - the bot shows a Vietnamese line, never a traceback
        say("error", f"Lỗi không mong đợi khi lập chỉ mục ({exc.__class__.__name__}).")
        return 1
    say("ok", summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(_worker())
