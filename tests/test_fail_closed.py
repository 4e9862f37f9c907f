"""Issue 12, part 1: a refusal that cannot be delivered still refuses.

The gate used to send the refusal and only then raise ApplicationHandlerStop; when the send
raised (a read timeout, 429 again and again, a 5xx, "message to be replied not found"), PTB ran
the error handler and went on to the handlers that answer: the stranger got the cited answer.
Here the fake Bot API makes every refusal call fail in each of those ways, for every gate path
at once (private message, command, /hoi in an unlisted group, edited message, forged clause
button, forged 👍, inline query, the rate-limit warning), and the check is blunt: no outgoing
payload, delivered or not, holds any 25-character piece of the documents, and no vote is stored.
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
from telegram.ext import Application

from bot.access import SLOW_DOWN
from hoi.settings import Settings
from reliability import report
from tests.support import FakeBotApi
from tests.test_security import document_pieces, leaks  # noqa: F401 - document_pieces is a fixture
from tests.test_telegram_bot import running_bot

Q45 = "ai chiu trach nhiem tuyen truyen nghi quyet 45"
ALLOWED, RATE, ADMIN = 5_100_001, 5_100_002, 5_100_003
S_MSG, S_CMD, S_EDIT, S_BUTTON, S_VOTE, S_INLINE = 6_200_001, 6_200_002, 6_200_003, 6_200_004, 6_200_005, 6_200_006
GROUP, OTHER_GROUP = -1001234567, -1007777777
RATE_LIMIT = 3
PATHS = ("message", "command", "group_command", "edited_message", "callback_clause", "callback_vote", "inline",
         "rate_limit")
FIGURES: dict[str, Any] = {}


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_poll_wait=1.0) as fake:
        yield fake


@pytest.fixture
def bot_settings(tmp_path: Path, api: FakeBotApi) -> Settings:
    return Settings().model_copy(update=dict(
        telegram_bot_token=api.token, telegram_api_base_url=f"http://{api.host}:{api.port}",
        allowed_users=frozenset({ALLOWED, RATE}), allowed_chats=frozenset({GROUP}), admins=frozenset({ADMIN}),
        public=False, rate_limit_per_minute=RATE_LIMIT, feedback_db=tmp_path / "var" / "feedback.sqlite3",
        hash_key="",
    ))


def _fail(api: FakeBotApi, mode: str) -> None:
    """Make every refusal call fail the way `mode` says."""
    if mode == "timeout":  # the first calls slowed past PTB's 5 s read timeout
        api.delay("sendMessage", 8, n=5)
        api.delay("answerCallbackQuery", 8, n=2)
        api.delay("answerInlineQuery", 8, n=1)
        return
    for method in ("sendMessage", "answerCallbackQuery", "answerInlineQuery"):
        if mode == "429":
            api.fail_next(method, 200, status=429, retry_after=1)
        elif mode == "5xx":
            api.fail_next(method, 200, status=500)
        elif mode == "400":
            api.fail_next(method, 200, status=400, description="Bad Request: message to be replied not found")


@pytest.mark.parametrize("mode", ["timeout", "429", "5xx", "400"])
async def test_failed_refusals_never_let_a_stranger_through(mode: str, api: FakeBotApi, bot_settings: Settings,
                                                            engine: Any, index_dir: Path, caplog,
                                                            document_pieces: set[str]) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram")
    async with running_bot(bot_settings, engine, index_dir) as app:
        # setup, with Telegram behaving: an allowed answer carrying real buttons, a stranger's
        # first message (so it can be edited), a user at the edge of the rate limit
        m = api.mark()
        api.send_text(ALLOWED, Q45)
        [answer] = await api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == ALLOWED, since=m,
                                      timeout=30)
        buttons = [b["callback_data"] for row in answer.result["reply_markup"]["inline_keyboard"] for b in row]
        vote = next(b for b in buttons if b.startswith("f|") and b.endswith("|1"))
        api.send_text(S_EDIT, "xin chao")
        for i in range(RATE_LIMIT):
            api.send_text(RATE, f"muc tieu den nam 2030 la gi {i}")
        await api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) in (RATE, S_EDIT), since=m,
                           count=RATE_LIMIT + 1, timeout=30)
        await asyncio.sleep(0.3)

        _fail(api, mode)
        caplog.clear()
        start = api.mark()
        api.send_text(S_MSG, Q45)
        api.send_text(S_CMD, "/muc IV.4")
        api.send_text(ALLOWED, f"/hoi {Q45}", chat_id=OTHER_GROUP, chat_type="group")
        api.send_edited_text(S_EDIT, Q45)
        api.press_button(S_BUTTON, ALLOWED, answer.result["message_id"], "c|kh-phunghiep|IV.4", check=False)
        api.press_button(S_VOTE, ALLOWED, answer.result["message_id"], vote, check=False)
        api.inline_query(S_INLINE, Q45)
        api.send_text(RATE, Q45)  # over the limit: the warning is the refusal that fails

        def failed() -> list[str]:
            return [r.getMessage() for r in caplog.records if "refusal not delivered" in r.getMessage()]

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while len(failed()) < len(PATHS) and loop.time() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.5)  # anything that would slip through after the failure has time to
        outgoing = [c for c in api.calls(since=start) if c.method != "getUpdates"]

        found = leaks(outgoing, document_pieces)
        assert not found, found[:5]
        to_rate = [c.params.get("text") for c in outgoing if c.method == "sendMessage"
                   and int(c.params.get("chat_id", 0)) == RATE]
        assert set(to_rate) <= {SLOW_DOWN}, to_rate  # an over-limit user gets the warning, no answer
        assert not [c for c in outgoing if c.method in ("editMessageText", "sendChatAction")]
        with sqlite3.connect(bot_settings.feedback_db) as con:
            votes = con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
        assert votes == 0
        logged = failed()
        assert len(logged) == len(PATHS), logged  # every path's refusal really failed, and was logged
        assert all(Q45 not in line and "IV.4" not in line for line in logged)  # …without its text
        assert app.bot_data["services"].access.allows(ALLOWED, ALLOWED, "private")
    FIGURES[f"{mode}_refusals_failed"] = len(logged)
    FIGURES[f"{mode}_paths"] = len(PATHS)
    FIGURES[f"{mode}_leaks"] = len(found)
    FIGURES[f"{mode}_votes_stored"] = votes


def test_record_fail_closed_figures() -> None:
    """Append the figures of the runs above to reliability/results (only when all four ran)."""
    if len(FIGURES) < 16:
        pytest.skip("run with the parametrised test above")
    report.record("fail_closed", dict(FIGURES))
