"""Generated answers streamed into Telegram (issue 8), end to end: the REAL python-telegram-bot
Application against the fake Bot API, and langchain-openai against the fake model server
streaming its reply piece by piece (`chunk_delay`).

Private chats: the verbatim answer is sent once, then edited into the generated one (at most
about once a second), the passages, citations and keyboard staying as they were. Groups: one
message, never edited. A failing model: the verbatim answer comes back with the fallback note.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot import handlers
from bot.engine import Engine
from bot.grounding import check_answer
from bot.telegram_format import render_answer
from hoi.settings import Settings
from hoi.text import sentences
from tests.support import FakeBotApi
from tests.support.fake_llm import FakeLLM, Reply
from tests.test_telegram_bot import (  # noqa: F401 - fixtures shared with the bot tests
    ALLOWED, GROUP, PASSAGE_IV4, Q45, api, ask, bot_settings, running_bot, settle,
)
from tests.test_telegram_format import assert_telegram_html

CHUNK_DELAY = 0.04  # seconds between streamed words: a reply takes a few seconds, like a small model


@pytest.fixture()
def llm() -> Iterator[FakeLLM]:
    pytest.importorskip("langchain_openai", reason="generation needs: pip install langchain-openai")
    with FakeLLM() as server:
        yield server


@pytest.fixture()
def llm_engine(engine: Any, llm: FakeLLM) -> Engine:
    """The session's index and embedder, with generation switched on against the fake server."""
    settings = engine.settings.model_copy(update=dict(
        llm="openai-compatible", llm_base_url=llm.url, llm_model="fake-model", llm_timeout=20.0))
    return Engine(engine.index, engine.embedder, settings)


@pytest.fixture()
async def llm_bot(api: FakeBotApi, bot_settings: Settings, llm_engine: Engine,
                  index_dir: Path) -> AsyncIterator[Application]:
    async with running_bot(bot_settings, llm_engine, index_dir) as app:
        yield app


def grounded_reply(engine: Engine, question: str, k: int = 2) -> tuple[str, list[str]]:
    """A faithful model's reply: k sentences copied from the passages the engine cites for the
    question, each citing its passage; also the sentences, to look for in the final message."""
    ans = engine.answer(question, generate=False)
    picked = []
    for c in ans.citations:
        picked += [(f"{s.rstrip('.;:')} [{c.n}].", s.rstrip(".;:")) for s in sentences(c.text) if len(s.split()) >= 8]
    text = " ".join(t for t, _ in picked[:k])
    assert len(check_answer(text, ans.citations).kept) == k  # the script itself is grounded
    return text, [plain for _, plain in picked[:k]]


def edits(api: FakeBotApi, since: int, chat_id: int) -> list:
    return [c for c in api.calls("editMessageText", since=since) if int(c.params.get("chat_id", 0)) == chat_id]


def is_partial(call: Any) -> bool:
    """An edit showing a partial answer: the answer text ends with the "more is coming" mark."""
    return handlers.STREAMING_MARK + "\n\n" in call.params["text"]


async def wait_final(api: FakeBotApi, since: int, chat_id: int, timeout: float = 30) -> list:
    """Wait for the edit that ends the stream (no partial mark), make sure none follows it, and
    return every edit of that chat."""
    await api.wait_for("editMessageText", lambda c: int(c.params.get("chat_id", 0)) == chat_id and not is_partial(c),
                       since=since, timeout=timeout, include_failed=True)
    await asyncio.sleep(1.2)
    return edits(api, since, chat_id)


def keyboard_of(params: dict) -> Any:
    markup = params.get("reply_markup")
    return markup["inline_keyboard"] if isinstance(markup, dict) else markup


async def test_private_question_streams_into_one_message(api: FakeBotApi, llm_bot: Application,
                                                         llm_engine: Engine, llm: FakeLLM) -> None:
    text, plain = grounded_reply(llm_engine, Q45)
    llm.script(Reply(text, chunk_delay=CHUNK_DELAY))
    extractive = llm_engine.answer(Q45, generate=False)
    since = api.mark()
    _, [sent] = await ask(api, ALLOWED, Q45)
    # the verbatim answer comes first, without waiting for the model
    assert sent.params["text"] == render_answer(extractive)
    done = await wait_final(api, since, ALLOWED)
    assert len(api.calls("sendMessage", since=since)) == 1
    assert llm.requests and llm.requests[-1].get("stream") is True
    assert len(done) >= 1 and all(c.ok for c in done)
    msg_id = sent.result["message_id"]
    assert all(int(c.params["message_id"]) == msg_id for c in done)
    # throttled: never two edits (or the send and an edit) within about a second
    times = [sent.monotonic] + [c.monotonic for c in done]
    assert all(b - a >= 0.9 for a, b in pairwise(times)), [round(b - a, 2) for a, b in pairwise(times)]
    for c in done:
        assert c.params["parse_mode"] == "HTML"
        assert_telegram_html(c.params["text"])
        assert keyboard_of(c.params) == keyboard_of(sent.params)  # the buttons stay
    final = api.message(ALLOWED, msg_id)
    assert final is not None
    for s in plain:
        assert s[:60] in final["text"]  # the generated sentences…
    for c in extractive.citations:  # …above every quoted passage and its citation, unchanged
        assert f"[{c.n}] {c.doc_title}, {c.label}" in final["text"]
        assert " ".join(c.text.split())[:200] in " ".join(final["text"].split())
    assert not is_partial(done[-1])  # the last edit is the whole answer, without the "more" mark
    assert keyboard_of(final) == keyboard_of(sent.params)


async def test_partial_answers_are_throttled(api: FakeBotApi, llm_bot: Application, llm_engine: Engine,
                                             llm: FakeLLM, monkeypatch) -> None:
    """With the sentence being written shown too (a new partial per word), edits stay ~1/s."""
    monkeypatch.setattr(handlers, "STREAM_TAIL", True)
    text, plain = grounded_reply(llm_engine, Q45)
    llm.script(Reply(text, chunk_delay=CHUNK_DELAY))
    since = api.mark()
    t0 = asyncio.get_running_loop().time()
    _, [sent] = await ask(api, ALLOWED, Q45)
    done = await wait_final(api, since, ALLOWED)
    seconds = done[-1].monotonic - sent.monotonic
    words = len(text.split())
    assert len(done) >= 2 and len(done) <= seconds / 0.9 + 1 < words, (len(done), seconds, words)
    assert any(map(is_partial, done[:-1])) and not is_partial(done[-1])  # the reader saw the answer grow
    assert plain[0][:60] in api.message(ALLOWED, sent.result["message_id"])["text"]
    assert asyncio.get_running_loop().time() - t0 < 30


async def test_group_question_is_answered_once_and_never_edited(api: FakeBotApi, llm_bot: Application,
                                                                llm_engine: Engine, llm: FakeLLM) -> None:
    text, plain = grounded_reply(llm_engine, Q45)
    llm.script(Reply(text, chunk_delay=CHUNK_DELAY))
    since = api.mark()
    _, [reply] = await ask(api, ALLOWED, f"/hoi {Q45}", chat_id=GROUP, chat_type="supergroup")
    await settle(api, pause=1.5)
    assert len([c for c in api.calls("sendMessage", since=since) if int(c.params["chat_id"]) == GROUP]) == 1
    assert api.calls("editMessageText", since=since) == []
    assert llm.requests and not llm.requests[-1].get("stream")  # one-shot generation, before sending
    assert plain[0][:60] in reply.result["text"] and PASSAGE_IV4 in reply.result["text"]


async def test_failing_model_restores_the_verbatim_answer_with_a_note(api: FakeBotApi, llm_bot: Application,
                                                                       llm_engine: Engine, llm: FakeLLM) -> None:
    llm.script(Reply(status=500))
    extractive = llm_engine.answer(Q45, generate=False)
    since = api.mark()
    _, [sent] = await ask(api, ALLOWED, Q45)
    done = await wait_final(api, since, ALLOWED)
    assert len(api.calls("sendMessage", since=since)) == 1 and len(done) == 1
    final = api.message(ALLOWED, sent.result["message_id"])
    head = final["text"].split("Trích dẫn:")[0]
    assert " ".join(extractive.answer.split())[:80] in " ".join(head.split())
    assert "báo lỗi (mã 500)" in head and "trích nguyên văn" in head
    for c in extractive.citations:
        assert f"[{c.n}] {c.doc_title}, {c.label}" in final["text"]
    assert keyboard_of(final) == keyboard_of(sent.params)


async def test_ungrounded_stream_shows_nothing_invented(api: FakeBotApi, llm_bot: Application,
                                                        llm_engine: Engine, llm: FakeLLM) -> None:
    invented = ("Sở Nội vụ tỉnh Cà Mau chủ trì việc tuyên truyền và báo cáo Bộ Chính trị trước ngày 31/12/2019 [1]. "
                "Kinh phí do Quỹ Tiền tệ Quốc tế tài trợ 500 tỷ đồng mỗi năm [1].")
    llm.script(Reply(invented, chunk_delay=CHUNK_DELAY))
    since = api.mark()
    _, [sent] = await ask(api, ALLOWED, Q45)
    done = await wait_final(api, since, ALLOWED)
    assert len(done) == 1  # no partial got past the check: only the final note
    text = api.message(ALLOWED, sent.result["message_id"])["text"]
    assert "Cà Mau" not in text and "Quỹ Tiền tệ" not in text
    assert PASSAGE_IV4 in text and "không bám sát" in text


async def test_answer_too_long_for_one_message_is_not_streamed(api: FakeBotApi, llm_bot: Application,
                                                               llm_engine: Engine, llm: FakeLLM, monkeypatch) -> None:
    """A message that cannot hold the whole answer is not edited: the one-shot answer is sent."""
    monkeypatch.setattr(handlers, "MAX_MESSAGE", 300)  # every rendered answer is "too long" now
    text, plain = grounded_reply(llm_engine, Q45)
    llm.script(Reply(text, chunk_delay=CHUNK_DELAY))
    since = api.mark()
    _, [sent] = await ask(api, ALLOWED, Q45)
    await settle(api, pause=1.5)
    assert api.calls("editMessageText", since=since) == []
    assert plain[0][:60] in sent.result["text"]  # generated before sending, as in a group
    assert not llm.requests[-1].get("stream")


async def test_unchanged_edit_is_silent(api: FakeBotApi, llm_bot: Application) -> None:
    """Telegram answers an edit that changes nothing with 400 "message is not modified"."""
    await ask(api, ALLOWED, "/tailieu")
    message = await llm_bot.bot.send_message(ALLOWED, "<b>Câu trả lời</b>", parse_mode="HTML")
    since = api.mark()
    assert await handlers.edit_html(llm_bot.bot, message, "<b>Câu trả lời</b>", None) is True
    [call] = api.calls("editMessageText", since=since)
    assert call.status == 400 and "not modified" in call.response["description"]
