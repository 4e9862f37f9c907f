"""Answers asked through Telegram and the 👍/👎 they received, in one SQLite file (WAL).

Why SQLite and not memory: a feedback button must still work after the bot restarts, so
every answer id the bot hands out is written down together with its question before the
button is shown. Why a keyed hash: stats need "how many different people", never "who";
the raw Telegram user id is never stored, and without the key the hash cannot be reversed
by trying every id.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id          TEXT PRIMARY KEY,
    created_at  REAL NOT NULL,
    user_hash   TEXT NOT NULL,
    chat_type   TEXT NOT NULL,
    question    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    abstained   INTEGER NOT NULL,
    citations   TEXT NOT NULL,   -- JSON list of chunk ids, to see later what was shown
    latency_ms  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id   TEXT NOT NULL REFERENCES answers(id),
    user_hash   TEXT NOT NULL,
    verdict     INTEGER NOT NULL,  -- 1 helpful, 0 not helpful
    created_at  REAL NOT NULL,
    PRIMARY KEY (answer_id, user_hash)  -- one vote per person per answer; a second press changes it
);
CREATE INDEX IF NOT EXISTS answers_created ON answers(created_at);
"""


def new_answer_id() -> str:
    """An answer id for feedback buttons: 11 url-safe characters, unguessable."""
    return secrets.token_urlsafe(8)


def key_file_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".key")


def resolve_hash_key(configured: str, db_path: Path) -> bytes:
    """The HMAC key: HOI_HASH_KEY if set, else a random key generated once and kept (0600)
    next to the DB, so hashes stay comparable across restarts without anyone configuring it."""
    if configured:
        return configured.encode("utf-8")
    path = key_file_for(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made earlier (or by a concurrent process): use it
    else:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32))
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise RuntimeError(f"Tệp khóa {path} rỗng; hãy xóa tệp này hoặc đặt HOI_HASH_KEY.")
    return key.encode("ascii")


@dataclass
class Stats:
    questions: int
    answered: int
    abstained: int
    invalid: int
    people: int
    helpful: int
    unhelpful: int
    last_7_days: int

    @property
    def abstention_rate(self) -> float:
        asked = self.answered + self.abstained
        return self.abstained / asked if asked else 0.0


class FeedbackStore:
    """Thread-safe (one connection behind a lock): handlers call it through asyncio.to_thread."""

    def __init__(self, db_path: Path, hash_key: str = "", *, readonly: bool = False) -> None:
        """`readonly` is for exports: it never creates an empty store or a key file by mistake."""
        self.path = Path(db_path)
        self._lock = threading.Lock()
        if readonly:
            self._key = b""
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._key = resolve_hash_key(hash_key, self.path)
        # owner-only (who asked what); SQLite gives the -wal and -shm files the database's mode
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def hash_user(self, user_id: int | None) -> str:
        if not self._key:
            raise RuntimeError("read-only store: no hash key")
        return hmac.new(self._key, str(user_id or 0).encode(), hashlib.sha256).hexdigest()

    # -- writes -----------------------------------------------------------------------------
    def record_answer(self, *, user_id: int | None, chat_type: str, question: str, kind: str,
                      abstained: bool, citations: list[str], latency_ms: float,
                      answer_id: str | None = None) -> str:
        """Store one answer; return the id its feedback buttons will carry (11 url-safe chars).

        The bot passes an `answer_id` drawn before the reply was sent (`new_answer_id`), so the
        reply never waits for, or depends on, this write.
        """
        answer_id = answer_id or new_answer_id()
        with self._lock:
            self._db.execute(
                "INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?)",
                (answer_id, time.time(), self.hash_user(user_id), chat_type, question, kind,
                 int(abstained), json.dumps(citations, ensure_ascii=False), float(latency_ms)),
            )
        return answer_id

    def record_feedback(self, answer_id: str, user_id: int | None, helpful: bool) -> bool:
        """False when the answer id is unknown (a forged or very old button)."""
        with self._lock:
            if not self._db.execute("SELECT 1 FROM answers WHERE id=?", (answer_id,)).fetchone():
                return False
            self._db.execute(
                "INSERT INTO feedback VALUES (?,?,?,?) ON CONFLICT(answer_id, user_hash) "
                "DO UPDATE SET verdict=excluded.verdict, created_at=excluded.created_at",
                (answer_id, self.hash_user(user_id), int(helpful), time.time()),
            )
        return True

    # -- reads ------------------------------------------------------------------------------
    def question_of(self, answer_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT question FROM answers WHERE id=?", (answer_id,)).fetchone()
        return row[0] if row else None

    def stats(self) -> Stats:
        week_ago = time.time() - 7 * 86400
        with self._lock:
            q, ab, inv, people, week = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(abstained AND kind!='invalid'),0), "
                "COALESCE(SUM(kind='invalid'),0), COUNT(DISTINCT user_hash), "
                "COALESCE(SUM(created_at>=?),0) FROM answers", (week_ago,),
            ).fetchone()
            up, down = self._db.execute(
                "SELECT COALESCE(SUM(verdict=1),0), COALESCE(SUM(verdict=0),0) FROM feedback"
            ).fetchone()
        return Stats(questions=q, answered=q - ab - inv, abstained=ab, invalid=inv, people=people,
                     helpful=up, unhelpful=down, last_7_days=week)

    def iter_feedback(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT f.answer_id, a.question, a.kind, a.abstained, a.citations, f.verdict, "
                "f.created_at, f.user_hash FROM feedback f JOIN answers a ON a.id = f.answer_id "
                "ORDER BY f.created_at"
            ).fetchall()
        for answer_id, question, kind, abstained, cites, verdict, created, user_hash in rows:
            yield {
                "answer_id": answer_id,
                "question": question,
                "verdict": "up" if verdict else "down",
                "time": datetime.fromtimestamp(created, timezone.utc).isoformat(timespec="seconds"),
                "user_hash": user_hash,
                "kind": kind,
                "abstained": bool(abstained),
                "citations": json.loads(cites),
            }


def export_jsonl(db_path: Path | str, out: Path | str | IO[str] | None = None) -> int:
    """Write every 👍/👎 as one JSON line (answer id, question, verdict, time, hashed user);
    `out` is a path, an open text stream, or None/"-" for stdout. Returns the number of lines.

    Opens the DB read-only so an export never creates an empty store or a key by mistake.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"Không tìm thấy cơ sở dữ liệu góp ý: {db_path}")
    store = FeedbackStore(db_path, readonly=True)
    try:
        if out is None or out == "-":
            return _write_lines(store, sys.stdout)
        if isinstance(out, (str, Path)):
            # question text is in there: owner-only, whatever the umask, even over an old file
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                return _write_lines(store, fh)
        return _write_lines(store, out)
    finally:
        store.close()


def _write_lines(store: FeedbackStore, fh: IO[str]) -> int:
    n = 0
    for row in store.iter_feedback():
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n
