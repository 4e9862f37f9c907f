"""End to end: the REAL python-telegram-bot Application, over HTTP, against the fake Bot API
on 127.0.0.1, answering from a real index built once per session (tests/conftest.py).

Nothing here mocks PTB: requests are encoded by PTB, long polling goes through its Updater,
429s are retried by its AIORateLimiter, and the fake parses every HTML reply like Telegram.
"""
from __future__ import annotations

import asyncio
import html
import json
import re
import logging
import os
import shutil
import subprocess
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
from telegram import Update
from telegram.ext import Application

from bot import handlers
from bot.access import ADMIN_ONLY, REFUSAL, REFUSAL_SHORT, SLOW_DOWN
from bot.feedback import FeedbackStore
from bot.telegram_app import build_application
from hoi.models import Chunk
from hoi.settings import Settings
from tests.support import Call, FakeBotApi
from bot.telegram_format import tg_len
from tests.test_telegram_format import assert_telegram_html

REPO = Path(__file__).resolve().parent.parent
ALLOWED, STRANGER, ADMIN = 1001, 2002, 3003
GROUP, OTHER_GROUP = -1001234567, -1009999999
Q45 = "ai chiu trach nhiem tuyen truyen nghi quyet 45"
PASSAGE_IV4 = "Ban Tuyên giáo Huyện ủy chủ trì"


# -- harness ----------------------------------------------------------------------------------

@asynccontextmanager
async def running_bot(settings: Settings, engine: Any, index_dir: Path) -> AsyncIterator[Application]:
    """Start the app exactly as `serve` builds it, polling inside the test's event loop."""
    app = build_application(settings, engine, index_dir)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        app.bot_data["services"].store.close()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_poll_wait=1.0) as fake:
        yield fake


@pytest.fixture
def bot_settings(tmp_path: Path, api: FakeBotApi) -> Settings:
    return Settings().model_copy(update=dict(
        telegram_bot_token=api.token,
        telegram_api_base_url=f"http://{api.host}:{api.port}",  # the self-hosted-server setting
        allowed_users=frozenset({ALLOWED}), allowed_chats=frozenset({GROUP}), admins=frozenset({ADMIN}),
        public=False, rate_limit_per_minute=60, feedback_db=tmp_path / "var" / "feedback.sqlite3", hash_key="",
    ))


@pytest.fixture
async def bot(api: FakeBotApi, bot_settings: Settings, engine: Any, index_dir: Path) -> AsyncIterator[Application]:
    async with running_bot(bot_settings, engine, index_dir) as app:
        yield app


def to_chat(chat_id: int):
    return lambda c: int(c.params.get("chat_id", 0)) == chat_id


async def replies(api: FakeBotApi, chat_id: int, since: int, count: int = 1, timeout: float = 20) -> list[Call]:
    return await api.wait_for("sendMessage", to_chat(chat_id), count=count, since=since, timeout=timeout)


async def settle(api: FakeBotApi, pause: float = 0.4) -> None:
    """Let the bot fetch and handle everything queued (used before asserting silence)."""
    await api.wait_until(lambda: api.pending_count() == 0, timeout=10)
    await asyncio.sleep(pause)


async def ask(api: FakeBotApi, user: int, text: str, **kw: Any) -> tuple[dict, list[Call]]:
    """Send a message and wait for the first reply to that chat."""
    since = api.mark()
    upd = api.send_text(user, text, **kw)
    chat = kw.get("chat_id") or user
    return upd, await replies(api, chat, since)


def passage_snippets(engine: Any) -> list[str]:
    out = []
    for c in engine.index.chunks:
        t = c.text
        out += [t[:30], t[len(t) // 2: len(t) // 2 + 30]]
    return [s for s in out if len(s) >= 12]


def leaked(calls: list[Call], snippets: list[str]) -> list[str]:
    found = []
    for call in calls:
        payload = json.dumps(call.params, ensure_ascii=False)
        found += [f"{call.method}: {s}" for s in snippets if s in payload]
    return found


# -- questions --------------------------------------------------------------------------------

async def test_private_accent_free_question_gets_cited_answer(api: FakeBotApi, bot: Application) -> None:
    since = api.mark()
    _, [reply] = await ask(api, ALLOWED, Q45)
    p = reply.params
    assert p["parse_mode"] == "HTML"
    assert_telegram_html(p["text"])
    assert PASSAGE_IV4 in reply.result["text"] and "mục IV.4" in reply.result["text"]
    assert "<blockquote>" in p["text"]
    # "typing…" went out before the answer
    actions = api.calls("sendChatAction", since=since)
    assert actions and actions[0].params["action"] == "typing" and actions[0].monotonic <= reply.monotonic
    data = [b["callback_data"] for row in p["reply_markup"]["inline_keyboard"] for b in row]
    assert "c|kh-phunghiep|IV.4" in data and "s|kh-phunghiep" in data
    assert any(d.startswith("f|") and d.endswith("|1") for d in data)
    assert all(len(d.encode()) <= 64 for d in data)


async def test_edited_question_is_answered_again(api: FakeBotApi, bot: Application) -> None:
    await ask(api, ALLOWED, "mat tran to quoc phai lam gi")
    since = api.mark()
    api.send_edited_text(ALLOWED, Q45)
    [reply] = await replies(api, ALLOWED, since)
    assert PASSAGE_IV4 in reply.result["text"]


async def test_group_answers_only_when_addressed(api: FakeBotApi, bot: Application) -> None:
    """Members of an allowed group (not individually allowlisted) ask by /hoi, mention or reply."""
    since = api.mark()
    api.send_text(STRANGER, Q45, chat_id=GROUP, chat_type="supergroup")
    api.send_text(STRANGER, f"/hoi@other_bot {Q45}", chat_id=GROUP, chat_type="supergroup")
    api.send_text(STRANGER, "/foo", chat_id=GROUP, chat_type="supergroup")
    await settle(api)
    assert api.calls("sendMessage", since=since) == []

    for text in (f"@{api.bot_username} {Q45}", f"/hoi {Q45}", f"/hoi@{api.bot_username} {Q45}"):
        upd, [reply] = await ask(api, STRANGER, text, chat_id=GROUP, chat_type="supergroup")
        assert PASSAGE_IV4 in reply.result["text"], text
        assert reply.params["reply_parameters"]["message_id"] == upd["message"]["message_id"]

    bot_msg = reply.result["message_id"]
    _, [reply] = await ask(api, STRANGER, Q45, chat_id=GROUP, chat_type="supergroup",
                           reply_to_bot_message_id=bot_msg)
    assert PASSAGE_IV4 in reply.result["text"]


async def test_stranger_is_refused_everywhere_without_document_text(api: FakeBotApi, bot: Application,
                                                                    engine: Any) -> None:
    since = api.mark()
    _, [refusal] = await ask(api, STRANGER, Q45)
    assert refusal.params["text"] == REFUSAL
    for text in ("/muc IV.4", "/start", "/tailieu", "/hoi " + Q45):
        _, [r] = await ask(api, STRANGER, text)
        # /start also tells the stranger their numeric id, to pass to an admin (issue 12)
        expected = f"{REFUSAL}\nMã số Telegram của bạn (gửi cho quản trị viên để cấp quyền): {STRANGER}"
        assert r.params["text"] == (expected if text == "/start" else REFUSAL), text
    m = api.mark()
    api.send_edited_text(STRANGER, Q45)
    [r] = await replies(api, STRANGER, m)
    assert r.params["text"] == REFUSAL
    # an unknown group: addressed messages are refused (even from an allowlisted user), others ignored
    _, [r] = await ask(api, STRANGER, "/hoi " + Q45, chat_id=OTHER_GROUP, chat_type="group")
    assert r.params["text"] == REFUSAL
    _, [r] = await ask(api, ALLOWED, f"@{api.bot_username} {Q45}", chat_id=OTHER_GROUP, chat_type="group")
    assert r.params["text"] == REFUSAL
    # inline mode: empty results, a refusal button, nothing else
    m = api.mark()
    api.inline_query(STRANGER, Q45)
    [iq] = await api.wait_for("answerInlineQuery", since=m)
    assert iq.params["results"] == [] and iq.params["is_personal"] is True
    # a forged button press
    m = api.mark()
    api.press_button(STRANGER, STRANGER, refusal.result["message_id"], "c|kh-phunghiep|IV.4", check=False)
    [cb] = await api.wait_for("answerCallbackQuery", since=m)
    assert cb.params["text"] == REFUSAL_SHORT
    await settle(api)
    sent = api.calls(since=since)
    assert not leaked(sent, passage_snippets(engine))
    assert all(c.params["text"].startswith(REFUSAL) for c in sent if c.method == "sendMessage")
    assert not api.calls("sendChatAction", since=since)  # no work was even started


# -- clauses ----------------------------------------------------------------------------------

async def test_muc_returns_the_exact_clause(api: FakeBotApi, bot: Application) -> None:
    _, [reply] = await ask(api, ALLOWED, "/muc IV.4")
    assert_telegram_html(reply.params["text"])
    text = reply.result["text"]
    assert "Toàn văn mục IV.4" in text and "IV. TỔ CHỨC THỰC HIỆN" in text and PASSAGE_IV4 in text
    _, [reply] = await ask(api, ALLOWED, "/muc XX.9")
    assert "Không tìm thấy mục" in reply.result["text"] and "IV.4" in reply.result["text"]
    _, [reply] = await ask(api, ALLOWED, "/muc")
    assert "/muc IV.4" in reply.result["text"]


async def test_nhiemvu_and_thoihan_from_the_registers(api: FakeBotApi, bot: Application) -> None:
    _, [reply] = await ask(api, ALLOWED, "/nhiemvu mat tran to quoc")
    assert_telegram_html(reply.params["text"])
    text = reply.result["text"]
    assert "Mặt trận Tổ quốc" in text and "mục IV.3" in text and "giám sát" in text and "mục III.1" in text
    _, [reply] = await ask(api, ALLOWED, "/nhiemvu")
    assert "Ban Tuyên giáo Huyện ủy" in reply.result["text"] and "/nhiemvu" in reply.result["text"]
    _, [reply] = await ask(api, ALLOWED, "/thoihan 2045")
    assert_telegram_html(reply.params["text"])
    assert "Tầm nhìn đến năm 2045" in reply.result["text"] and "mục II.3" in reply.result["text"]
    _, [reply] = await ask(api, ALLOWED, "/thoihan 2023")  # 24/11/2023 only dates a document
    assert "Không có mốc thời gian nào cho năm 2023" in reply.result["text"]


async def test_long_clause_is_split_into_valid_parts(api: FakeBotApi, bot: Application, engine: Any) -> None:
    since = api.mark()
    api.send_text(ALLOWED, "/muc III")
    parts = await replies(api, ALLOWED, since, count=2)
    await settle(api)
    parts = api.calls("sendMessage", since=since)
    assert len(parts) >= 2
    for p in parts:
        assert p.ok
        assert_telegram_html(p.params["text"])
    joined = " ".join(" ".join(p.result["text"].split()) for p in parts)
    for c in engine.clause("III"):
        assert " ".join(c.text.split())[:200] in joined


async def test_huge_unit_with_markup_characters_is_split_and_escaped(api: FakeBotApi, bot: Application,
                                                                    engine: Any, monkeypatch) -> None:
    nasty = "Điều <b>1</b> & 2 * chú_thích [x](y) <script>; " * 250  # ~12 000 chars in ONE unit
    unit = Chunk(doc_id="kh-phunghiep", section="IV.4", para=None, heading_path=["IV. TỔ CHỨC <THỰC> HIỆN"],
                 text=nasty.strip(), start=0, end=len(nasty))
    monkeypatch.setattr(engine, "clause", lambda address, doc_id=None: [unit])
    since = api.mark()
    api.send_text(ALLOWED, "/muc IV.4")
    await replies(api, ALLOWED, since, count=3)
    await settle(api)
    parts = api.calls("sendMessage", since=since)
    assert len(parts) >= 3 and all(p.ok for p in parts)
    for p in parts:
        # Telegram's limit is on the text after entity parsing, not the HTML source (issue 12)
        assert tg_len(html.unescape(re.sub(r"<[^>]*>", "", p.params["text"]))) <= 4096
        assert_telegram_html(p.params["text"])
    plain = "".join(p.result["text"] for p in parts)
    assert plain.replace(" ", "").replace("\n", "").count("<script>;") == 250


# -- reliability ------------------------------------------------------------------------------

async def test_429_is_retried_once_and_not_duplicated(api: FakeBotApi, bot: Application) -> None:
    api.fail_next("sendMessage", 1, status=429, retry_after=1)
    since = api.mark()
    api.send_text(ALLOWED, Q45)
    await replies(api, ALLOWED, since)
    await asyncio.sleep(1.2)
    attempts = api.calls("sendMessage", since=since)
    assert [c.status for c in attempts] == [429, 200]
    assert PASSAGE_IV4 in attempts[1].result["text"]


async def test_buttons_work_after_restart(api: FakeBotApi, bot_settings: Settings, engine: Any,
                                          index_dir: Path) -> None:
    async with running_bot(bot_settings, engine, index_dir):
        _, [reply] = await ask(api, ALLOWED, Q45)
    data = [b["callback_data"] for row in reply.params["reply_markup"]["inline_keyboard"] for b in row]
    up = next(d for d in data if d.startswith("f|") and d.endswith("|1"))
    msg_id = reply.result["message_id"]

    async with running_bot(bot_settings, engine, index_dir):  # a new process, in effect
        m = api.mark()
        api.press_button(ALLOWED, ALLOWED, msg_id, "c|kh-phunghiep|IV.4")
        [clause] = await replies(api, ALLOWED, m)
        assert "Toàn văn mục IV.4" in clause.result["text"] and PASSAGE_IV4 in clause.result["text"]
        await api.wait_for("answerCallbackQuery", since=m)

        m = api.mark()
        api.press_button(ALLOWED, ALLOWED, msg_id, "s|kh-phunghiep")
        [source] = await replies(api, ALLOWED, m)
        assert "Ban Thường vụ Huyện ủy Phụng Hiệp" in source.result["text"]

        m = api.mark()
        api.press_button(ALLOWED, ALLOWED, msg_id, up)
        [thanks] = await api.wait_for("answerCallbackQuery", since=m)
        assert "Cảm ơn" in thanks.params["text"]

    store = FeedbackStore(bot_settings.feedback_db, bot_settings.hash_key)
    stats = store.stats()
    store.close()
    assert stats.questions == 1 and stats.helpful == 1


async def test_inline_query_returns_personal_cited_passages(api: FakeBotApi, bot: Application) -> None:
    m = api.mark()
    api.inline_query(ALLOWED, Q45)
    [call] = await api.wait_for("answerInlineQuery", since=m)
    p = call.params
    assert p["is_personal"] is True and int(p["cache_time"]) <= 30
    results = p["results"]
    assert 1 <= len(results) <= 5
    assert results[0]["type"] == "article" and "mục IV.4" in results[0]["title"]
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and PASSAGE_IV4 in content["message_text"]
    assert_telegram_html(content["message_text"])


async def test_rate_limit_replies_politely_once(api: FakeBotApi, bot_settings: Settings, engine: Any,
                                                index_dir: Path) -> None:
    settings = bot_settings.model_copy(update={"rate_limit_per_minute": 3})
    async with running_bot(settings, engine, index_dir):
        since = api.mark()
        for _ in range(6):
            api.send_text(ALLOWED, "/tailieu")
        await replies(api, ALLOWED, since, count=4)
        await settle(api)
        texts = [c.params["text"] for c in api.calls("sendMessage", since=since)]
    assert texts.count(SLOW_DOWN) == 1
    assert len(texts) == 4


async def test_concurrent_questions_are_all_answered(api: FakeBotApi, bot: Application) -> None:
    since = api.mark()
    users = [ALLOWED, ADMIN]
    for u in users:
        api.send_text(u, Q45)
        api.send_text(u, "muc tieu den nam 2030 la gi")
    # an answer may be split over several messages; its last part carries the buttons
    calls = await api.wait_for("sendMessage", predicate=lambda c: "reply_markup" in c.params, count=4,
                               since=since, timeout=30)
    assert sorted(int(c.params["chat_id"]) for c in calls) == sorted(users * 2)


# -- commands ---------------------------------------------------------------------------------

async def test_start_and_tailieu_describe_the_documents(api: FakeBotApi, bot: Application, engine: Any) -> None:
    _, [start] = await ask(api, ALLOWED, "/start")
    assert_telegram_html(start.params["text"])
    text = start.result["text"]
    assert "Kế hoạch" in text and "Nghị quyết số 45-NQ/TW" in text and "Chưa nạp" in text
    assert "không dấu" in text and "/muc" in text and "/reindex" not in text
    _, [docs] = await ask(api, ALLOWED, "/tailieu")
    n = engine.index.count_by_doc()["kh-phunghiep"]
    assert f"đã nạp, {n} đoạn" in docs.result["text"] and "chưa nạp" in docs.result["text"]


async def test_odd_inputs_get_clear_messages(api: FakeBotApi, bot: Application) -> None:
    _, [r] = await ask(api, ALLOWED, "/foo")
    assert "/help" in r.result["text"]
    _, [r] = await ask(api, ALLOWED, "/hoi")
    assert "/hoi" in r.result["text"]
    _, [r] = await ask(api, ALLOWED, "ai " * 1100)
    assert "quá dài" in r.result["text"]
    _, [r] = await ask(api, ALLOWED, "?!")
    assert "chưa có nội dung" in r.result["text"]
    user = {"id": ALLOWED, "is_bot": False, "first_name": "A"}
    chat = {"id": ALLOWED, "type": "private", "first_name": "A"}
    for extra in ({"photo": [{"file_id": "p", "file_unique_id": "pu", "width": 9, "height": 9}]},
                  {"sticker": {"file_id": "s", "file_unique_id": "su", "type": "regular", "width": 9,
                               "height": 9, "is_animated": False, "is_video": False}}):
        m = api.mark()
        api.add_update({"message": {"message_id": 9000 + len(extra), "from": user, "chat": chat,
                                     "date": int(time.time()), **extra}})
        [r] = await replies(api, ALLOWED, m)
        assert "chỉ nhận câu hỏi dạng chữ" in r.result["text"]


async def test_admin_commands(api: FakeBotApi, bot_settings: Settings, engine: Any, index_dir: Path,
                              tmp_path: Path, monkeypatch) -> None:
    own_index = tmp_path / "index"
    shutil.copytree(index_dir, own_index, symlinks=True)
    async with running_bot(bot_settings, engine, own_index) as app:
        svc = app.bot_data["services"]
        await ask(api, ALLOWED, Q45)
        await ask(api, ALLOWED, "thoi tiet ha noi hom nay the nao")
        _, [r] = await ask(api, ALLOWED, "/stats")
        assert r.params["text"] == ADMIN_ONLY
        _, [r] = await ask(api, ALLOWED, "/reindex")
        assert r.params["text"] == ADMIN_ONLY
        _, [r] = await ask(api, ADMIN, "/stats")
        assert "Câu hỏi: 2" in r.result["text"] and "50%" in r.result["text"]

        from ingest.build import IngestError

        def broken(settings: Settings, index_dir: Path) -> Any:
            raise IngestError("Không lập chỉ mục (chỉ mục cũ vẫn giữ nguyên): tệp hỏng")

        monkeypatch.setattr(handlers, "rebuild_engine", broken)
        m = api.mark()
        api.send_text(ADMIN, "/reindex")
        msgs = await replies(api, ADMIN, m, count=2)
        assert "thất bại" in msgs[1].result["text"] and "tệp hỏng" in msgs[1].result["text"]
        assert svc.engine is engine

        monkeypatch.undo()
        m = api.mark()
        api.send_text(ADMIN, "/reindex")
        msgs = await replies(api, ADMIN, m, count=2, timeout=60)
        assert "Đã lập chỉ mục" in msgs[1].result["text"]
        assert svc.engine is not engine
        _, [r] = await ask(api, ALLOWED, Q45)  # the swapped engine answers
        assert PASSAGE_IV4 in r.result["text"]


async def test_errors_get_an_apology_and_logs_keep_no_text(api: FakeBotApi, bot: Application, engine: Any,
                                                          monkeypatch, caplog) -> None:
    caplog.set_level(logging.INFO)

    def explode(question: str) -> Any:
        raise RuntimeError("engine exploded on " + question)

    monkeypatch.setattr(engine, "answer", explode)
    _, [r] = await ask(api, ALLOWED, "cau hoi rieng tu xyzzy")
    assert "Xin lỗi" in r.result["text"]
    assert "xyzzy" not in caplog.text and str(ALLOWED) not in caplog.text
    assert "RuntimeError" in caplog.text


async def test_logs_never_contain_text_user_id_or_token(api: FakeBotApi, bot: Application, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    secret = api.token.partition(":")[2]
    api.fail_next("sendMessage", 1, status=500)  # a failing request → PTB error + our error log
    api.fail_next("getUpdates", 1, status=502)  # and a failing poll
    m = api.mark()
    api.send_text(ALLOWED, Q45)
    await api.wait_for("sendMessage", count=1, since=m, timeout=20)  # the apology
    await ask(api, ALLOWED, Q45)
    # a log line that does contain the token (an URL in an exception, say) is redacted too
    logging.getLogger("telegram.ext").error("request to %s failed", f"{api.base_url}{api.token}/sendMessage")
    logs = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert api.token not in logs and secret not in logs
    assert "[BOT_TOKEN]" in logs
    assert "tuyen truyen" not in logs and str(ALLOWED) not in logs


# -- process ----------------------------------------------------------------------------------

def test_missing_token_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "HOI_TELEGRAM_BOT_TOKEN")}
    proc = subprocess.run([sys.executable, "-m", "bot", "serve", "--index", str(tmp_path)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0] and "Traceback" not in proc.stderr


def _serve_env(api: FakeBotApi, tmp_path: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOI_", "TELEGRAM_"))}
    env.update(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=f"http://{api.host}:{api.port}",
               HOI_ALLOWED_USERS=str(ALLOWED), HOI_FEEDBACK_DB=str(tmp_path / "fb.sqlite3"),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    return env


def test_serve_process_answers_and_keeps_the_token_out_of_its_output(tmp_path: Path, index_dir: Path) -> None:
    """`python -m bot serve` itself: settings from the environment, self-hosted API URL, polling,
    an answer, a clean stop on Ctrl-C, and no token (or question) anywhere in its output."""
    import signal

    api = FakeBotApi(max_poll_wait=1.0).start_in_thread()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--index", str(index_dir)], cwd=REPO,
                            env=_serve_env(api, tmp_path, api.token), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        api.wait_for_sync("getUpdates", timeout=60, include_failed=True)
        api.send_text(ALLOWED, Q45)
        api.send_text(STRANGER, Q45)
        calls = api.wait_for_sync("sendMessage", count=2, timeout=30)
        by_chat = {int(c.params["chat_id"]): c for c in calls}
        assert PASSAGE_IV4 in by_chat[ALLOWED].result["text"]
        assert by_chat[STRANGER].params["text"] == REFUSAL
        assert api.commands()  # the command menu was published
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        api.stop()
    assert proc.returncode == 0, err[-2000:]
    assert "answer source=text" in err
    secret = api.token.partition(":")[2]
    assert secret not in out + err and "tuyen truyen" not in err and str(ALLOWED) not in err


def test_rejected_token_exits_2_with_one_line(tmp_path: Path, index_dir: Path) -> None:
    api = FakeBotApi().start_in_thread()
    wrong = "7000000001:WRONG-token-that-the-server-rejects"
    try:
        proc = subprocess.run([sys.executable, "-m", "bot", "serve", "--index", str(index_dir)], cwd=REPO,
                              env=_serve_env(api, tmp_path, wrong), capture_output=True, text=True, timeout=60)
    finally:
        api.stop()
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "WRONG-token" not in proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("Lỗi:") and "Traceback" not in proc.stderr
