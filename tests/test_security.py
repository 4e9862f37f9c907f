"""Security (issue 7): who can get document text out of the bot, what ends up in logs, how user
ids are stored, and who else on the server can read the files.

The allowlist is tried the way a stranger would try it: every update type Telegram delivers,
commands in a group an allowed member added the bot to, forged button data, inline mode. The
check on what left is blunt on purpose: every recorded outgoing payload (texts, buttons,
inline results, callback answers) is searched for any 25-character piece of the documents.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
import logging
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, AsyncIterator, Iterable

import pytest
from telegram.ext import Application

from bot.access import REFUSAL, REFUSAL_SHORT
from bot.feedback import FeedbackStore, key_file_for
from hoi.settings import Settings
from reliability import report
from tests.support import Call, FakeBotApi
from tests.test_telegram_bot import running_bot

from .conftest import PLAN_FILE, REPO

Q45 = "ai chiu trach nhiem tuyen truyen nghi quyet 45"
PASSAGE_IV4 = "Ban Tuyên giáo Huyện ủy chủ trì"
ALLOWED, STRANGER, STRANGER2, ADMIN = 8_765_432_109, 2_002_002, 2_002_003, 3_003_003
GROUP, OTHER_GROUP, OTHER_SUPERGROUP = -1001234567, -1009999999, -1008888888
WINDOW = 25
FIGURES: dict[str, Any] = {}


# -- leak detection ---------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def document_pieces(engine) -> set[str]:
    """Every 25-character piece of every passage and of every line of the plan."""
    texts = [c.text for c in engine.index.chunks] + PLAN_FILE.read_text(encoding="utf-8").splitlines()
    pieces: set[str] = set()
    for t in texts:
        t = _norm(t)
        pieces.update(t[i:i + WINDOW] for i in range(len(t) - WINDOW + 1))
    return pieces


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
        if value[:1] in "[{":  # a JSON-encoded field
            try:
                yield from _strings(json.loads(value))
            except ValueError:
                pass
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def leaks(calls: list[Call], pieces: set[str]) -> list[str]:
    """Outgoing payloads holding any 25-character piece of the documents (as sent, and with
    HTML tags and entities undone)."""
    found = []
    for call in calls:
        for s in _strings(call.params):
            for variant in {_norm(s), _norm(html.unescape(re.sub(r"<[^>]*>", "", s)))}:
                hit = next((variant[i:i + WINDOW] for i in range(len(variant) - WINDOW + 1)
                            if variant[i:i + WINDOW] in pieces), None)
                if hit:
                    found.append(f"{call.method}: …{hit}…")
                    break
    return found


# -- the bot ----------------------------------------------------------------------------------

@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_poll_wait=1.0) as fake:
        yield fake


@pytest.fixture
def bot_settings(tmp_path: Path, api: FakeBotApi) -> Settings:
    return Settings().model_copy(update=dict(
        telegram_bot_token=api.token, telegram_api_base_url=f"http://{api.host}:{api.port}",
        allowed_users=frozenset({ALLOWED}), allowed_chats=frozenset({GROUP}), admins=frozenset({ADMIN}),
        public=False, rate_limit_per_minute=1000, feedback_db=tmp_path / "var" / "feedback.sqlite3", hash_key="",
    ))


@pytest.fixture
async def bot(api: FakeBotApi, bot_settings: Settings, engine, index_dir: Path) -> AsyncIterator[Application]:
    async with running_bot(bot_settings, engine, index_dir) as app:
        yield app


async def settle(api: FakeBotApi, pause: float = 0.8) -> None:
    await api.wait_until(lambda: api.pending_count() == 0, timeout=20)
    await asyncio.sleep(pause)


def _member_update(api: FakeBotApi, chat_id: int, by: int, chat_type: str = "group") -> None:
    """The bot added to a group by `by` (Telegram's my_chat_member update)."""
    chat = {"id": chat_id, "type": chat_type, "title": "Nhóm lạ"}
    me = {"id": api.bot_id, "is_bot": True, "first_name": "Bot", "username": api.bot_username}
    api.add_update({"my_chat_member": {
        "chat": chat, "from": {"id": by, "is_bot": False, "first_name": "A"}, "date": int(time.time()),
        "old_chat_member": {"status": "left", "user": me}, "new_chat_member": {"status": "member", "user": me}}})


async def test_strangers_get_nothing_out_by_any_update_type(api: FakeBotApi, bot: Application,
                                                           document_pieces: set[str]) -> None:
    start = api.mark()
    tried = 0
    commands = [Q45, "/start", "/help", f"/hoi {Q45}", "/muc IV.4", "/muc III", "/nhiemvu mat tran to quoc",
                "/nhiemvu", "/thoihan 2030", "/thoihan", "/tailieu", "/stats", "/reindex", "/khongco",
                "muc tieu den nam 2030 la gi", "IV.4"]
    # 1. private messages, edits, forwards (even of an allowed user's message)
    for text in commands:
        api.send_text(STRANGER, text)
        tried += 1
    api.send_edited_text(STRANGER, Q45)
    api.send_forwarded_text(STRANGER, Q45, origin_user_id=ALLOWED)
    api.send_forwarded_text(STRANGER2, "/muc IV.4", origin="chat", origin_chat_id=GROUP)
    tried += 3
    # 2. a group the bot was added to by an allowed user, but which is not an allowed chat
    for chat, kind in ((OTHER_GROUP, "group"), (OTHER_SUPERGROUP, "supergroup")):
        _member_update(api, chat, ALLOWED, kind)
        tried += 1
        for who in (ALLOWED, STRANGER):
            for text in commands:
                text = text if text.startswith("/") else f"@{api.bot_username} {text}"
                api.send_text(who, text, chat_id=chat, chat_type=kind)
                tried += 1
            api.send_text(who, f"/muc@{api.bot_username} IV.4", chat_id=chat, chat_type=kind)
            api.send_edited_text(who, f"/hoi {Q45}", chat_id=chat, chat_type=kind)
            tried += 2
        # an anonymous group admin (no from user, sender_chat = the group)
        api.add_update({"message": {"message_id": 777, "date": int(time.time()), "text": f"/hoi {Q45}",
                                    "chat": {"id": chat, "type": kind, "title": "Nhóm lạ"},
                                    "sender_chat": {"id": chat, "type": kind, "title": "Nhóm lạ"},
                                    "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}})
        tried += 1
    # 3. a channel post naming the bot
    api.add_update({"channel_post": {"message_id": 5, "date": int(time.time()), "text": f"@{api.bot_username} {Q45}",
                                     "chat": {"id": -1007777777, "type": "channel", "title": "Kênh"}}})
    tried += 1
    # 4. inline mode
    for q in (Q45, "IV.4", "muc tieu 2030", ""):
        api.inline_query(STRANGER, q)
        tried += 1
    await settle(api)

    # 5. buttons: forged data on the bot's own messages, in private, in the foreign group, and on
    # an allowed user's private answer (a forged callback naming someone else's chat)
    m = api.mark()
    api.send_text(ALLOWED, Q45)
    [answer] = await api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == ALLOWED, since=m, timeout=30)
    assert PASSAGE_IV4 in answer.result["text"]  # (the allowed user's answer is not part of the check)
    allowed_calls = api.mark()
    refusals = [c for c in api.calls("sendMessage", since=start) if c.ok and c.params["text"] == REFUSAL]
    private_refusal = next(c for c in refusals if int(c.params["chat_id"]) == STRANGER)
    group_refusal = next(c for c in refusals if int(c.params["chat_id"]) == OTHER_GROUP)
    forged = ["c|kh-phunghiep|IV.4", "c|kh-phunghiep|III", "s|kh-phunghiep", "f|AAAAAAAAAAA|1", "f|x", "zzz",
              "c|kh-phunghiep|" + "I" * 40, "c||", "s|", "c|nq45|I"]
    for data in forged:
        api.press_button(STRANGER, STRANGER, private_refusal.result["message_id"], data, check=False)
        api.press_button(ALLOWED, OTHER_GROUP, group_refusal.result["message_id"], data, check=False)
        api.press_button(STRANGER, ALLOWED, answer.result["message_id"], data, check=False)
        api.add_update({"callback_query": {"id": f"99{len(data)}{tried}", "from": {"id": STRANGER, "is_bot": False,
                        "first_name": "S"}, "inline_message_id": "AAIN", "chat_instance": "1", "data": data}})
        tried += 4
    await settle(api)

    outgoing = [c for c in api.calls(since=start) if c.method not in ("getUpdates",)]
    outgoing = [c for c in outgoing if not (int(c.params.get("chat_id", 0) or 0) == ALLOWED
                                            and c.method in ("sendMessage", "sendChatAction"))]
    found = leaks(outgoing, document_pieces)
    assert not found, found[:10]
    texts = [c.params["text"] for c in outgoing if c.method == "sendMessage"]
    # /start adds the asker's numeric id (user or group) for an admin's /cap_quyen, nothing else
    id_line = re.compile(r"\nMã số (?:Telegram của bạn|của nhóm này) \(gửi cho quản trị viên để cấp quyền\): -?\d+$")
    texts = [id_line.sub("", t) for t in texts]
    assert texts and set(texts) == {REFUSAL}, set(texts) - {REFUSAL}
    assert not [c for c in outgoing if c.method == "sendChatAction"], "work was started for a stranger"
    cb = [c for c in api.calls("answerCallbackQuery", since=allowed_calls)]
    assert cb and all(c.params.get("text") == REFUSAL_SHORT for c in cb if c.ok)
    inline = api.calls("answerInlineQuery", since=start)
    assert len(inline) == 4 and all(c.params["results"] == [] for c in inline)
    # the checker is not blind: the allowed user's answer does hold document text
    assert leaks([answer], document_pieces)
    FIGURES["stranger_updates_tried"] = tried
    FIGURES["outgoing_payloads_checked"] = len(outgoing)
    FIGURES["document_pieces_25_chars"] = len(document_pieces)
    FIGURES["leaks"] = len(found)


async def test_allowed_group_members_are_served_and_foreign_groups_are_not(api: FakeBotApi, bot: Application,
                                                                          document_pieces: set[str]) -> None:
    """Control: the allowed group works for anyone in it; the same user in another group is refused."""
    since = api.mark()
    api.send_text(STRANGER, f"/hoi {Q45}", chat_id=GROUP, chat_type="supergroup")
    [r] = await api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == GROUP, since=since, timeout=30)
    assert PASSAGE_IV4 in r.result["text"]
    since = api.mark()
    api.send_text(STRANGER, f"/hoi {Q45}", chat_id=OTHER_GROUP, chat_type="supergroup")
    [r] = await api.wait_for("sendMessage", since=since, timeout=30)
    assert r.params["text"] == REFUSAL and not leaks([r], document_pieces)


# -- the token --------------------------------------------------------------------------------

def _token_forms(token: str) -> list[str]:
    secret = token.partition(":")[2]
    from urllib.parse import quote

    return [token, secret, quote(token, safe=""), quote(token)]


async def test_token_never_in_logs_while_requests_fail(api: FakeBotApi, bot: Application, caplog, capfd) -> None:
    caplog.set_level(logging.DEBUG)
    token = api.token
    echo = f"upstream said: POST /bot{token}/sendMessage failed"  # a server echoing the URL back
    api.fail_next("sendMessage", 1, status=500, description=echo)  # retried…
    api.fail_next("sendMessage", 1, status=400, description=f"Bad Request: {echo}")  # …then given up
    api.fail_next("getUpdates", 1, status=502)
    api.fail_next("getUpdates", 1, status=500, description=echo)
    since = api.mark()
    api.send_text(ALLOWED, Q45)
    await api.wait_for("sendMessage", since=since, timeout=30)  # the apology
    m = api.mark()
    api.unreachable()
    api.send_text(ALLOWED, Q45)
    await asyncio.sleep(2.5)
    api.reachable()
    await api.wait_for("sendMessage", since=m, timeout=60)  # answered after the outage
    await settle(api, 1.0)
    out, err = capfd.readouterr()
    logs = caplog.text + "".join(r.getMessage() for r in caplog.records) + out + err
    for form in _token_forms(token):
        assert form not in logs, f"token form {form[:6]}… in logs"
    assert "error handling update" in logs  # the failure was logged…
    assert "[BOT_TOKEN]" in logs  # …and the echoed URL with the token masked
    FIGURES["token_in_logs_during_failures"] = False


def _serve_env(api: FakeBotApi, tmp_path: Path, token: str, base: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOI_", "TELEGRAM_"))}
    env.update(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=base or f"http://{api.host}:{api.port}",
               HOI_ALLOWED_USERS=str(ALLOWED), HOI_FEEDBACK_DB=str(tmp_path / "fb.sqlite3"),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1", PYTHONPATH=str(REPO))
    return env


def test_token_never_in_serve_output(tmp_path: Path, index_dir: Path) -> None:
    """`python -m bot serve`: a rejected token, an unreachable server, a server that echoes the
    token in its errors while polling — the process output never holds the token."""
    api = FakeBotApi(max_poll_wait=1.0).start_in_thread()
    cmd = [sys.executable, "-m", "bot", "serve", "--index", str(index_dir)]
    outputs: list[str] = []
    try:
        wrong = f"{api.bot_id}:REJECTED-secret-token-value"
        p = subprocess.run(cmd, cwd=REPO, env=_serve_env(api, tmp_path, wrong), capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 2 and "Traceback" not in p.stderr
        outputs.append(p.stdout + p.stderr)
        secret_forms = _token_forms(wrong)

        closed = "http://127.0.0.1:9"  # nothing listens: connection refused
        p = subprocess.run(cmd, cwd=REPO, env=_serve_env(api, tmp_path, api.token, closed), capture_output=True,
                           text=True, timeout=120)
        assert p.returncode != 0 and "Traceback" not in p.stderr
        outputs.append(p.stdout + p.stderr)

        echo = f"proxy error for /bot{api.token}/getUpdates"
        proc = subprocess.Popen(cmd, cwd=REPO, env=_serve_env(api, tmp_path, api.token), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            api.wait_for_sync("getUpdates", timeout=60, include_failed=True)
            api.fail_next("getUpdates", 2, status=500, description=echo)
            api.fail_next("sendMessage", 1, status=500, description=echo)
            api.send_text(ALLOWED, Q45)
            api.wait_for_sync("sendMessage", count=1, timeout=60)  # the apology after the failed answer
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        outputs.append(out + err)
    finally:
        api.stop()
    # the failures were logged (the polling errors, the retried send), without the token
    assert "error handling update" in outputs[-1] and "sendMessage failed (NetworkError); retry" in outputs[-1]
    for text in outputs:
        for form in secret_forms + _token_forms(api.token):
            assert form not in text, f"token form {form[:6]}… in serve output: {text[-800:]}"
    FIGURES["token_in_serve_output"] = False


# -- stored user ids --------------------------------------------------------------------------

def _int_encodings(n: int) -> list[bytes]:
    out = [str(n).encode()]
    for size in range(1, 9):
        if n < 2 ** (8 * size - 1):
            out += [n.to_bytes(size, "big"), n.to_bytes(size, "little")]
    return out


async def test_user_ids_are_stored_only_as_keyed_hashes(api: FakeBotApi, bot: Application, bot_settings: Settings,
                                                        engine) -> None:
    since = api.mark()
    for q in (Q45, "muc tieu den nam 2030 la gi", "thoi tiet hom nay"):
        api.send_text(ALLOWED, q)
    replies = await api.wait_for("sendMessage", lambda c: "reply_markup" in c.params, count=3, since=since,
                                 timeout=60)
    data = [b["callback_data"] for b_row in replies[0].params["reply_markup"]["inline_keyboard"] for b in b_row]
    up = next(d for d in data if d.startswith("f|"))
    m = api.mark()
    api.press_button(ALLOWED, ALLOWED, replies[0].result["message_id"], up)
    await api.wait_for("answerCallbackQuery", since=m, timeout=30)
    store = bot.bot_data["services"].store
    db = bot_settings.feedback_db
    files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
    blob = b"".join(p.read_bytes() for p in files if p != key_file_for(db))
    for enc in _int_encodings(ALLOWED):
        assert enc not in blob, f"raw user id found as {enc!r}"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        hashes = {h for (h,) in con.execute("SELECT user_hash FROM answers UNION SELECT user_hash FROM feedback")}
    finally:
        con.close()
    key = key_file_for(db).read_text().strip().encode()
    assert hashes == {hmac.new(key, str(ALLOWED).encode(), hashlib.sha256).hexdigest()}
    assert hashlib.sha256(str(ALLOWED).encode()).hexdigest() not in hashes  # keyed, not a bare hash
    assert store.hash_user(ALLOWED) in hashes
    FIGURES["raw_user_id_in_db_files"] = False


# -- file permissions -------------------------------------------------------------------------

def _loose(paths: Iterable[Path]) -> list[str]:
    """Paths a group member or another local user could read (or list/enter, for folders)."""
    return [f"{p} {stat.filemode(p.lstat().st_mode)}" for p in paths
            if not p.is_symlink() and p.lstat().st_mode & 0o077]


def test_index_files_are_owner_only(tmp_path: Path, corpus_copy: Path, index_dir: Path) -> None:
    root = tmp_path / "idx"
    proc = subprocess.run([sys.executable, "-m", "ingest", "--corpus", str(corpus_copy), "--index", str(root),
                           "--quiet"], cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True,
                          text=True, timeout=600, umask=0o022)
    assert proc.returncode == 0, proc.stderr
    for r in (root, index_dir):  # the CLI's build and the in-process one (/reindex)
        builds = list((r / "builds").iterdir())
        inside = [p for b in builds for p in [b, *b.rglob("*")]]
        assert inside and not _loose(inside), _loose(inside)[:10]
    FIGURES["index_files_checked"] = len(inside)


def test_feedback_files_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "var" / "feedback.sqlite3"
        store = FeedbackStore(db, "")
        aid = store.record_answer(user_id=1, chat_type="private", question="q", kind="passage", abstained=False,
                                  citations=[], latency_ms=1.0)
        store.record_feedback(aid, 1, True)
        files = [p for p in db.parent.iterdir()]
        loose = _loose(files)
        store.close()
    finally:
        os.umask(old)
    assert {p.name for p in files} >= {db.name, db.name + "-wal", key_file_for(db).name}
    assert not loose, loose
    FIGURES["feedback_files_checked"] = len(files)
    report.record("security", dict(FIGURES))
