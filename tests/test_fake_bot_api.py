"""The fake Telegram Bot API must be faithful enough to drive the REAL python-telegram-bot.

Each test talks to :class:`tests.support.FakeBotApi` over HTTP with PTB's own ``Bot`` /
``Application`` (no mocks), so a passing suite means end-to-end and load tests built on the
fake exercise the same client code paths as production: request encoding, error mapping,
long polling with offsets, and AIORateLimiter retries.
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from tests.support import FakeBotApi, parse_html
from tests.support.fake_bot_api import STATUS_DROPPED, detect_entities

USER = 1001


@contextlib.asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    """Run an Application the way `run_polling` does, but inside the test's loop."""
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


# ---------------------------------------------------------------------------- plain Bot


async def test_bot_get_me_and_send_message_round_trip() -> None:
    async with FakeBotApi() as api:
        assert api.base_url.endswith("/bot") and api.base_url.startswith("http://127.0.0.1:")
        async with api.bot() as bot:
            me = await bot.get_me()
            assert (me.id, me.username, me.is_bot) == (api.bot_id, "hoi_test_bot", True)

            keyboard = InlineKeyboardMarkup(
                [[InlineKeyboardButton("Nguồn", callback_data="src:1")]])
            msg = await bot.send_message(
                chat_id=USER, text="<b>Nghị quyết</b> số 45 &amp; <i>kế hoạch</i> 😀",
                parse_mode="HTML", reply_markup=keyboard,
            )
        assert msg.text == "Nghị quyết số 45 & kế hoạch 😀"
        assert msg.from_user is not None and msg.from_user.id == api.bot_id
        assert msg.chat.id == USER and msg.chat.type == "private"
        assert [(e.type, e.offset, e.length) for e in msg.entities] == [
            ("bold", 0, 10), ("italic", 19, 8)]
        assert msg.reply_markup == keyboard

        [call] = api.calls("sendMessage")
        assert call.ok and call.params["chat_id"] == USER and call.params["parse_mode"] == "HTML"
        assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "src:1"
        assert [m["message_id"] for m in api.sent_messages(USER)] == [msg.message_id]
        assert api.sent_messages(chat_id=999) == []


async def test_errors_have_telegram_shapes() -> None:
    async with FakeBotApi() as api:
        async with httpx.AsyncClient() as http:
            r = await http.post(api.url + "/noSuchMethod", json={})
            assert (r.status_code, r.json()) == (404, {
                "ok": False, "error_code": 404, "description": "Not Found: method not found"})
            r = await http.post(api.base_url + "123:wrong/getMe")
            assert r.status_code == 401 and r.json()["description"] == "Unauthorized"
            # JSON bodies work as well as PTB's form encoding; method names are case-insensitive.
            r = await http.post(api.url + "/sendmessage", json={"chat_id": 7, "text": "42"})
            assert r.json()["result"]["text"] == "42"

        with pytest.raises(InvalidToken):
            async with _wrong_token_bot(api) as bot:
                await bot.get_me()

        async with api.bot() as bot:
            with pytest.raises(BadRequest, match="(?i)can't parse entities"):
                await bot.send_message(USER, "<b>không đóng thẻ", parse_mode="HTML")
            with pytest.raises(BadRequest, match="(?i)unsupported start tag"):
                await bot.send_message(USER, "a <div>b</div>", parse_mode="HTML")
            with pytest.raises(BadRequest, match="(?i)message is too long"):
                await bot.send_message(USER, "ạ" * 4097)
            with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
                await bot.send_message(USER, "x", reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("b", callback_data="đ" * 40)]]))
            sent = await bot.send_message(USER, "không đổi")
            mid = sent.message_id
            with pytest.raises(BadRequest, match="(?i)message is not modified"):
                await bot.edit_message_text("không đổi", chat_id=USER, message_id=mid)
            edited = await bot.edit_message_text("đã đổi", chat_id=USER, message_id=mid)
            assert edited.text == "đã đổi" and edited.edit_date is not None
            assert await bot.delete_message(USER, sent.message_id)
            assert api.message(USER, sent.message_id) is None
            api.block(USER)
            with pytest.raises(Forbidden):
                await bot.send_message(USER, "xin chào")
            await bot.set_webhook("https://example.invalid/hook")
            with pytest.raises(Conflict):
                await bot.get_updates()
            await bot.delete_webhook()
            await bot.set_my_commands([("hoi", "Đặt câu hỏi"), ("start", "Bắt đầu")])
            assert [c.command for c in await bot.get_my_commands()] == ["hoi", "start"]
            with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
                await bot.set_my_commands([("hỏi", "có dấu")])


def _wrong_token_bot(api: FakeBotApi) -> Bot:
    return Bot("123:wrong", base_url=api.base_url)


async def test_get_updates_long_poll_offset_and_limit() -> None:
    async with FakeBotApi() as api:
        async with api.bot() as bot:
            # Long poll: a waiting getUpdates returns as soon as an update arrives...
            poll = asyncio.create_task(bot.get_updates(timeout=5))
            await api.wait_until(lambda: api.active_polls() == 1, timeout=2)
            t0 = time.monotonic()
            api.send_text(USER, "câu hỏi 1")
            [u1] = await poll
            assert time.monotonic() - t0 < 3 and u1.message.text == "câu hỏi 1"
            # ...and comes back empty when the timeout passes with nothing to deliver.
            t0 = time.monotonic()
            assert await bot.get_updates(offset=u1.update_id + 1, timeout=1) == ()
            assert 0.9 <= time.monotonic() - t0 < 3

            ids = [api.send_text(USER, f"q{i}")["update_id"] for i in range(5)]
            got = await bot.get_updates(limit=2)
            assert [u.update_id for u in got] == ids[:2]
            # Without a higher offset nothing is confirmed: the same updates come again.
            assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
            got = await bot.get_updates(offset=ids[2])
            assert [u.update_id for u in got] == ids[2:]
            assert await bot.get_updates(offset=ids[-1] + 1) == ()
            assert api.pending_count() == 0

            # allowed_updates filters kinds; negative offset keeps only the tail.
            api.inline_query(USER, "nghị quyết")
            api.send_text(USER, "giữ lại")
            got = await bot.get_updates(allowed_updates=["message"])
            assert [u.message.text for u in got] == ["giữ lại"]
            await bot.get_updates(allowed_updates=[])  # back to defaults
            for i in range(3):
                api.send_text(USER, f"t{i}")
            got = await bot.get_updates(offset=-1)
            assert [u.message.text for u in got] == ["t2"]


def test_auto_entities_and_html_parser() -> None:
    text = "/hoi@hoi_test_bot điều 5 là gì? hỏi @hoi_test_bot https://x.vn 😀 /start"
    kinds = [(e["type"], text.encode("utf-16-le")[2 * e["offset"]:2 * (e["offset"] + e["length"])]
              .decode("utf-16-le")) for e in detect_entities(text)]
    assert kinds == [("bot_command", "/hoi@hoi_test_bot"), ("mention", "@hoi_test_bot"),
                     ("url", "https://x.vn"), ("bot_command", "/start")]
    plain, ents = parse_html('<pre><code class="language-python">x = 1</code></pre>'
                             '<a href="https://vbpl.vn">Luật</a> &#39;&quot;')
    assert plain == "x = 1Luật '\""
    assert ents == [{"type": "pre", "offset": 0, "length": 5, "language": "python"},
                    {"type": "text_link", "offset": 5, "length": 4, "url": "https://vbpl.vn"}]


# ---------------------------------------------------------------------------- Application


async def test_application_echo_over_long_polling() -> None:
    async with FakeBotApi() as api:
        app = api.application_builder().build()
        started: list[int] = []

        async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            started.append(update.effective_user.id)  # type: ignore[union-attr]
            await update.effective_message.reply_text("Xin chào!")  # type: ignore[union-attr]

        app.add_handler(CommandHandler("start", start))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
        async with running(app):
            api.send_text(USER, "/start")
            api.send_text(USER, "Nghị quyết 45 nói gì?", first_name="Lan", username="lan_vn")
            calls = await api.wait_for("sendMessage", count=2, timeout=5)
        assert started == [USER]
        expected = ["Xin chào!", "echo: Nghị quyết 45 nói gì?"]
        assert [c.params["text"] for c in calls] == expected
        assert all(c.params["chat_id"] == USER for c in calls)
        assert [m["text"] for m in api.sent_messages(USER)] == expected
        assert api.pending_count() == 0  # the updater confirmed everything on shutdown


async def test_aioratelimiter_retries_429_and_message_arrives_once() -> None:
    async with FakeBotApi() as api:
        app = api.application_builder().rate_limiter(AIORateLimiter(max_retries=2)).build()
        app.add_handler(MessageHandler(filters.TEXT, echo))
        api.fail_next("sendMessage", 1, status=429, retry_after=1)
        async with running(app):
            api.send_text(USER, "xin chào")
            await api.wait_for("sendMessage", timeout=6)
        # Shutdown has drained the handler and confirmed the offset, so counts are final.
        attempts = api.calls("sendMessage")
        assert [c.status for c in attempts] == [429, 200]
        assert attempts[0].response == {
            "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1}}
        assert attempts[1].monotonic - attempts[0].monotonic >= 1.0  # honoured retry_after
        assert [m["text"] for m in api.sent_messages(USER)] == ["echo: xin chào"]


async def test_offsets_never_deliver_an_update_twice() -> None:
    async with FakeBotApi() as api:
        app = api.application_builder().build()
        seen: list[int] = []

        async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            seen.append(update.update_id)
            await echo(update, context)

        app.add_handler(MessageHandler(filters.TEXT, record))
        async with running(app):
            sent = [api.send_text(USER + i % 3, f"tin {i}")["update_id"] for i in range(4)]
            await api.wait_for("sendMessage", count=4, timeout=5)
            sent += [api.send_text(USER, f"muộn {i}")["update_id"] for i in range(3)]
            await api.wait_for("sendMessage", count=7, timeout=5)
        assert sorted(seen) == sent and len(set(seen)) == len(seen)
        assert len(api.calls("sendMessage")) == 7
        # The server side agrees: across every answered poll each update went out once.
        delivered = [u["update_id"] for c in api.calls("getUpdates") if c.ok for u in c.result]
        assert sorted(delivered) == sent
        assert api.pending_count() == 0


async def test_buttons_and_inline_queries_through_application() -> None:
    async with FakeBotApi() as api:
        app = api.application_builder().build()

        async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await update.effective_message.reply_text(  # type: ignore[union-attr]
                "Chọn văn bản:", reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("NQ 45", callback_data="doc:nq45")]]))

        async def pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            q = update.callback_query
            assert q is not None
            await q.answer("Đã chọn")
            await q.edit_message_text(f"Bạn chọn {q.data}")

        async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            from telegram import InlineQueryResultArticle, InputTextMessageContent

            await update.inline_query.answer([InlineQueryResultArticle(  # type: ignore[union-attr]
                "r1", "Kết quả", InputTextMessageContent("nội dung"))])

        app.add_handler(CommandHandler("hoi", ask))
        app.add_handler(CallbackQueryHandler(pick))
        app.add_handler(InlineQueryHandler(inline))
        async with running(app):
            api.send_text(USER, "/hoi")
            [call] = await api.wait_for("sendMessage", timeout=5)
            bot_mid = call.result["message_id"]
            with pytest.raises(ValueError):
                api.press_button(USER, USER, bot_mid, "doc:khong-co")
            api.press_button(USER, USER, bot_mid, "doc:nq45")
            [edit] = await api.wait_for("editMessageText", timeout=5)
            api.inline_query(USER, "nghị quyết 45")
            [answer] = await api.wait_for("answerInlineQuery", timeout=5)
        assert api.calls("answerCallbackQuery")[0].params["text"] == "Đã chọn"
        assert edit.result["text"] == "Bạn chọn doc:nq45" and "reply_markup" not in edit.result
        assert api.message(USER, bot_mid)["text"] == "Bạn chọn doc:nq45"  # type: ignore[index]
        assert answer.ok and answer.params["results"][0]["id"] == "r1"


# ---------------------------------------------------------------------------- fault injection


async def test_5xx_delays_and_outages() -> None:
    async with FakeBotApi() as api:
        async with api.bot() as bot:
            api.fail_next("sendMessage", 1, status=502)
            with pytest.raises(NetworkError, match="Bad Gateway"):
                await bot.send_message(USER, "a")
            api.fail_next("sendMessage", 1, status=500)
            with pytest.raises(NetworkError, match="Internal Server Error"):
                await bot.send_message(USER, "b")
            api.fail_next("*", 1, status=429, retry_after=3)
            with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
                await bot.send_chat_action(USER, "typing")

            api.delay("sendMessage", 0.3, n=1)
            t0 = time.monotonic()
            await bot.send_message(USER, "chậm")
            assert time.monotonic() - t0 >= 0.3
            await bot.send_message(USER, "nhanh")  # n=1: only one call was slowed down
            slow, fast = api.calls("sendMessage")[-2:]
            assert slow.duration >= 0.3 > fast.duration

            api.unreachable()
            with pytest.raises(NetworkError):
                await bot.send_message(USER, "mất mạng")
            api.reachable()
            await bot.send_message(USER, "có mạng")

            # Reply lost after the send happened: the message exists but the client errs.
            api.drop_next("sendMessage", after_handling=True)
            with pytest.raises(NetworkError):
                await bot.send_message(USER, "gửi rồi")
        statuses = [(c.status, c.dropped) for c in api.calls("sendMessage")]
        assert statuses == [(502, False), (500, False), (200, False), (200, False),
                            (STATUS_DROPPED, True), (200, False), (200, True)]
        texts = [m["text"] for m in api.sent_messages()]
        assert texts == ["chậm", "nhanh", "có mạng", "gửi rồi"]


def test_threaded_mode_with_sync_waits() -> None:
    """Load tests run the fake in its own thread and the bot in another loop."""
    with FakeBotApi(bot_username="nq_load_bot") as api:
        async def client() -> str:
            async with api.bot() as bot:
                await bot.send_message(USER, "từ luồng khác")
                return (await bot.get_me()).username

        assert asyncio.run(client()) == "nq_load_bot"
        [call] = api.wait_for_sync("sendMessage", timeout=2)
        assert call.params["text"] == "từ luồng khác"
        with pytest.raises(TimeoutError):
            api.wait_for_sync("deleteMessage", timeout=0.05)
    with pytest.raises(RuntimeError):
        _ = api.base_url  # stopped
