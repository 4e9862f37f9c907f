"""Issue 12, part 6: the allowlist changes from Telegram, at once, for every update type, and
survives restarts; /start tells a stranger their id; SIGHUP reloads instead of killing.
Also the smaller items of part 7 and 2 that live in the same handlers (long inline titles,
long passages, long /reindex errors, export permissions, library log records)."""
from __future__ import annotations

import json
import logging
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, AsyncIterator

import pytest

from bot.access import REFUSAL, REFUSAL_SHORT
from bot.compose import Answer, Citation
from bot.feedback import FeedbackStore, export_jsonl
from bot.handlers import split_plain
from bot.reindex import public_error
from bot.telegram_app import LIBRARY_FILTER, install_token_redaction
from bot.telegram_format import MAX_MESSAGE, html_visible_len, render_answer, render_inline_passage, split_html, tg_len
from hoi.settings import Settings
from tests.support import FakeBotApi
from tests.test_telegram_bot import running_bot

from .conftest import REPO

Q45 = "ai chiu trach nhiem tuyen truyen nghi quyet 45"
PASSAGE = "Ban Tuyên giáo Huyện ủy chủ trì"
ADMIN, NEWCOMER, ALLOWED = 8_100_001, 8_100_002, 8_100_003
NEW_GROUP = -1005550001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_poll_wait=1.0) as fake:
        yield fake


def _settings(api: FakeBotApi, tmp_path: Path) -> Settings:
    return Settings().model_copy(update=dict(
        telegram_bot_token=api.token, telegram_api_base_url=f"http://{api.host}:{api.port}",
        allowed_users=frozenset({ALLOWED}), admins=frozenset({ADMIN}), public=False, rate_limit_per_minute=0,
        feedback_db=tmp_path / "var" / "feedback.sqlite3", hash_key="k"))


async def _say(api: FakeBotApi, user: int, text: str, **kw: Any) -> dict:
    m = api.mark()
    api.send_text(user, text, **kw)
    chat = kw.get("chat_id") or user
    [r] = await api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == chat, since=m, timeout=30)
    return r.result


async def test_grant_and_revoke_take_effect_at_once_and_persist(api: FakeBotApi, tmp_path: Path, engine: Any,
                                                                index_dir: Path) -> None:
    settings = _settings(api, tmp_path)
    async with running_bot(settings, engine, index_dir):
        start = await _say(api, NEWCOMER, "/start")
        assert start["text"].startswith(REFUSAL) and str(NEWCOMER) in start["text"] and PASSAGE not in start["text"]
        assert (await _say(api, NEWCOMER, "/cap_quyen 5"))["text"] == REFUSAL  # a stranger cannot grant
        assert "Đã cấp quyền" in (await _say(api, ADMIN, f"/cap_quyen {NEWCOMER}"))["text"]
        answer = await _say(api, NEWCOMER, Q45)
        assert PASSAGE in answer["text"]
        assert "Đã cấp quyền cho nhóm" in (await _say(api, ADMIN, f"/cap_quyen {NEW_GROUP}"))["text"]
        assert PASSAGE in (await _say(api, ALLOWED, f"/hoi {Q45}", chat_id=NEW_GROUP, chat_type="group"))["text"]
        stats = (await _say(api, ADMIN, "/stats"))["text"]
        assert str(NEWCOMER) in stats and str(NEW_GROUP) in stats and str(ALLOWED) in stats
        # revoke: questions, old buttons and inline mode are refused at once
        assert "Đã thu hồi" in (await _say(api, ADMIN, f"/thu_hoi {NEWCOMER}"))["text"]
        assert (await _say(api, NEWCOMER, Q45))["text"] == REFUSAL
        m = api.mark()
        api.press_button(NEWCOMER, NEWCOMER, answer["message_id"], "c|kh-phunghiep|IV.4", check=False)
        [cb] = await api.wait_for("answerCallbackQuery", since=m, timeout=30)
        assert cb.params["text"] == REFUSAL_SHORT
        m = api.mark()
        api.inline_query(NEWCOMER, Q45)
        [iq] = await api.wait_for("answerInlineQuery", since=m, timeout=30)
        assert iq.params["results"] in ([], "[]")
        # an id from HOI_ALLOWED_USERS can be withdrawn from Telegram too
        await _say(api, ADMIN, f"/thu_hoi {ALLOWED}")
        assert (await _say(api, ALLOWED, Q45))["text"] == REFUSAL
    path = settings.allowlist_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved == {"users": [], "chats": [NEW_GROUP], "revoked": sorted([ALLOWED, NEWCOMER])}
    # a restart keeps it
    async with running_bot(settings, engine, index_dir):
        assert (await _say(api, ALLOWED, Q45))["text"] == REFUSAL
        assert PASSAGE in (await _say(api, ALLOWED, f"/hoi {Q45}", chat_id=NEW_GROUP, chat_type="group"))["text"]


def test_sighup_reloads_the_allowlist_instead_of_killing(tmp_path: Path, index_dir: Path) -> None:
    api = FakeBotApi(max_poll_wait=1.0).start_in_thread()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOI_", "TELEGRAM_"))}
    env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=f"http://{api.host}:{api.port}",
               HOI_ALLOWED_USERS=str(ALLOWED), HOI_FEEDBACK_DB=str(tmp_path / "fb.sqlite3"), HF_HUB_OFFLINE="1",
               PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--index", str(index_dir)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        api.wait_for_sync("getUpdates", timeout=60, include_failed=True)
        m = api.mark()
        api.send_text(NEWCOMER, Q45)
        [r] = api.wait_for_sync("sendMessage", since=m, timeout=30)
        assert r.params["text"] == REFUSAL
        (tmp_path / "allowlist.json").write_text(json.dumps({"users": [NEWCOMER]}))
        proc.send_signal(signal.SIGHUP)
        api.wait_until_sync(lambda: False if proc.poll() is not None else True, timeout=5)
        import time

        time.sleep(1.0)
        assert proc.poll() is None, "SIGHUP killed the bot"
        m = api.mark()
        api.send_text(NEWCOMER, Q45)
        [r] = api.wait_for_sync("sendMessage", since=m, timeout=30)
        assert PASSAGE in r.params["text"]
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
        assert "SIGHUP: settings and allowlist reloaded" in out and str(NEWCOMER) not in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        api.stop()


# -- smaller items ------------------------------------------------------------------------------

def _cite(text: str, title: str = "Kế hoạch", label: str = "mục IV.4") -> Citation:
    return Citation(n=1, chunk_id="c1", doc_id="kh", doc_title=title, section="IV.4", para=None, label=label,
                    heading="", text=text, score=1.0)


def test_inline_passage_with_a_huge_title_ends_and_fits() -> None:
    done: list[str] = []
    t = threading.Thread(target=lambda: done.append(render_inline_passage(_cite("chữ " * 2000, "T" * 3900))),
                         daemon=True)
    t.start()
    t.join(5)
    assert done, "render_inline_passage did not finish"
    assert tg_len(done[0]) <= MAX_MESSAGE and "chữ" in done[0]


def test_a_long_passage_is_split_by_visible_length() -> None:
    passage = ("Ban Tuyên giáo & <các> cơ quan phối hợp " * 200)[:7500]
    ans = Answer("q", False, "Trả lời [1]", [_cite(passage)])
    parts = split_html(render_answer(ans))
    assert all(html_visible_len(p) <= MAX_MESSAGE for p in parts)
    assert len(parts) <= 2, len(parts)  # 7.5k visible characters: two messages, not one per 4k of source


def test_long_plain_text_is_split_not_lost() -> None:
    text = "Lỗi: " + "tài liệu hỏng 😀 " * 700
    parts = split_plain(text)
    assert len(parts) >= 2 and all(tg_len(p) <= MAX_MESSAGE for p in parts)
    assert sum(len(p) for p in parts) >= len(text) - len(parts) * 2


def test_no_server_path_or_english_os_error_in_replies() -> None:
    text = public_error("Lỗi: [Errno 28] No space left on device: '/srv/hoi/.index/builds/x/chroma' tại /srv/hoi/corpus")
    assert "/srv" not in text and "No space" not in text and "Errno" not in text


def test_feedback_export_is_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "fb.sqlite3"
    store = FeedbackStore(db, "k")
    aid = store.record_answer(user_id=1, chat_type="private", question="q", kind="answer", abstained=False,
                              citations=[], latency_ms=1)
    store.record_feedback(aid, 1, True)
    store.close()
    out = tmp_path / "export.jsonl"
    out.write_text("")
    out.chmod(0o644)  # an old file: tightened too
    old = os.umask(0o022)
    try:
        assert export_jsonl(db, out) == 1
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_library_records_carrying_updates_are_redacted(caplog) -> None:
    install_token_redaction("123456:ABCDEFGHIJKL")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="telegram")
    raw = [{"update_id": 1, "message": {"from": {"id": 987654321}, "text": "câu hỏi bí mật"}}]
    logging.getLogger("telegram.Bot").critical("Error while parsing updates! Received data was %r", raw)
    logging.getLogger("telegram.ext.Application").debug("Processing update %s", raw[0])
    logging.getLogger("telegram.Bot").debug("Calling Bot API endpoint `%s` with parameters `%s`", "sendMessage",
                                            {"chat_id": 987654321, "text": "câu hỏi bí mật"})
    text = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert "bí mật" not in text and "987654321" not in text
    assert "Error while parsing updates" in text and "sendMessage" in text
    assert LIBRARY_FILTER.applies("telegram.ext.Updater") and not LIBRARY_FILTER.applies("bot.telegram")
