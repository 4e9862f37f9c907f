"""Telegram handlers: one small function per thing a user can do.

Order of work for every update: `gate` (group -1) decides whether the update is addressed to
the bot at all, whether its sender may see document content, and whether they are asking too
fast; only then does one of the handlers below run. Handlers never see a stranger's update,
so none of them repeats access checks (except admin-only commands).

Logs carry what was done, how long the question was and how long it took, never the
question itself and never a user id.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import time
import traceback
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from hoi.index import current_target
from hoi.settings import Settings

from . import generate as gen
from .access import ADMIN_ONLY, GROUP_TYPES, REFUSAL, REFUSAL_SHORT, SLOW_DOWN, Access, Grants, RateLimiter, Verdict
from .compose import Answer
from .duties import rows_with_citations
from .feedback import FeedbackStore, new_answer_id
from .telegram_format import (
    MAX_MESSAGE,
    render_actor_list,
    render_deadlines,
    render_duties,
    MAX_CALLBACK_TEXT,
    Button,
    answer_buttons,
    render_answer,
    render_clause,
    render_documents,
    render_help,
    render_inline_passage,
    render_source,
    render_unknown_clause,
    split_html,
    tg_len,
)

if TYPE_CHECKING:
    from .engine import Engine
    from .follow import IndexFollower

log = logging.getLogger("bot.telegram")

APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút."
NON_TEXT = ("Xin lỗi, mình chỉ nhận câu hỏi dạng chữ (không đọc được ảnh, nhãn dán, tệp hay tin nhắn thoại). "
            "Hãy gõ câu hỏi, ví dụ: ai chiu trach nhiem tuyen truyen nghi quyet 45")
UNKNOWN_COMMAND = "Mình không có lệnh này. Gõ /help để xem hướng dẫn, hoặc gõ thẳng câu hỏi của bạn."
MUC_USAGE = ("Gõ /muc kèm địa chỉ mục để xem nguyên văn, ví dụ: <code>/muc IV.4</code>, "
             "<code>/muc III.2</code>, <code>/muc II</code>.")
NO_REGISTERS = "Chỉ mục chưa có sổ nhiệm vụ và thời hạn; quản trị viên cần chạy /reindex."
FEEDBACK_NOT_SAVED = "Cảm ơn bạn! Hiện máy chủ chưa ghi được góp ý (bộ nhớ lưu trữ đầy hoặc chỉ đọc); vui lòng thử lại sau."
HOI_USAGE = "Gõ câu hỏi sau lệnh, ví dụ: <code>/hoi ai chiu trach nhiem tuyen truyen nghi quyet 45</code>"
TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about 5 s
EDIT_EVERY = 1.0  # seconds between edits of a streamed answer: Telegram allows about one a second per chat
# While streaming, show only sentences that already passed the grounding check: a claim the check
# would drop must never be on screen, even for a moment, in answers about Party documents.
STREAM_TAIL = False
STREAMING_MARK = " …"  # after a partial answer: more is coming
INLINE_RESULTS = 5
RE_ROMAN_ADDRESS = re.compile(r"^[IVXLC]+(?:\.\d+)*$")
RE_ADDRESS_WORD = re.compile(r"^(?:mục|muc|phần|phan|khoản|khoan|điểm|diem)\s+", re.IGNORECASE)


@dataclass
class Services:
    """Everything handlers share, kept in application.bot_data["services"].

    `engine` is replaced whole by /reindex; a handler reads it once into a local variable so an
    answer in flight never mixes the old index with the new one.
    """

    settings: Settings
    engine: "Engine"
    index_dir: Path
    store: FeedbackStore
    access: Access
    limiter: RateLimiter
    inline_limiter: RateLimiter
    reindex_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    grants: Grants | None = None  # /cap_quyen, /thu_hoi; `access` is the settings' list with these applied
    follower: "IndexFollower | None" = None  # switches `engine` when `current` moves (bot/follow.py)

    def apply_grants(self, grants: Grants) -> None:
        """Every later check of every update type (old buttons included) sees the change at once."""
        self.grants = grants
        self.access = Access.from_settings(self.settings).with_grants(grants)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


# -- addressing -------------------------------------------------------------------------------

def addressed_to_bot(msg: Message, bot: Bot) -> bool:
    """Private chat: always. Group: a command for us, an @mention of us, or a reply to us."""
    chat_type = msg.chat.type
    if chat_type == "private":
        return True
    if chat_type not in GROUP_TYPES:
        return False
    username = (bot.username or "").lower()
    entities = msg.parse_entities() if msg.text else msg.parse_caption_entities()
    for entity, text in entities.items():
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            _, _, target = text.partition("@")
            return not target or target.lower() == username
        if entity.type == MessageEntity.MENTION and text[1:].lower() == username:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    reply = msg.reply_to_message
    return bool(reply and reply.from_user and reply.from_user.id == bot.id)


def question_text(msg: Message, bot: Bot) -> str:
    """The question without a leading /command and without @mentions of the bot."""
    text = msg.text or ""
    for entity in msg.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            text = text[entity.length:]  # offsets are UTF-16, but a command is ASCII at offset 0
            break
    if bot.username:
        text = re.sub(rf"@{re.escape(bot.username)}\b", " ", text, flags=re.IGNORECASE)
    return text.strip()


def command_argument(msg: Message) -> str:
    return question_text(msg, msg.get_bot())


# -- gate -------------------------------------------------------------------------------------
#
# Fail closed: whatever happens to a refusal on its way out (a read timeout, repeated 429s, a
# 5xx, "message to be replied not found"), the update stops here. Every path below decides
# first, then delivers its reply inside `_then_stop`, whose `finally` raises
# ApplicationHandlerStop; and `on_error` stops too, so even a bug in the gate cannot let a
# refused update reach a handler that would answer it.

REFUSAL_BUDGET = 10.0  # seconds a refusal may take (429 waits, 5xx retries) before we give up on it


async def _then_stop(send: Any, what: str) -> None:
    """Deliver a refusal or warning best effort, bounded in time, then always stop the update.

    A failed delivery is logged by kind and exception class only: never the text, never an id.
    """
    try:
        await asyncio.wait_for(send, REFUSAL_BUDGET)
    except Exception as exc:  # noqa: BLE001 - the stranger is refused whether or not they hear it
        log.warning("refusal not delivered update=%s error=%s", what, exc.__class__.__name__)
    finally:
        raise ApplicationHandlerStop


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -1: silence for what is not ours, one polite refusal for strangers, rate limit."""
    svc = services(context)
    if svc.follower is not None:
        svc.follower.poll()  # cheap (at most one readlink a second): picks up a new index build
    if update.inline_query:
        await _gate_inline(update, svc)
    elif update.callback_query:
        await _gate_callback(update, svc)
    elif update.message or update.edited_message:
        await _gate_message(update, context, svc)
    else:
        raise ApplicationHandlerStop  # channel posts, membership changes, polls…: not ours


def _is_start(msg: Message) -> bool:
    text = (msg.text or "").strip()
    return bool(re.match(r"^/start(?:@\w+)?(?:\s|$)", text))


async def _gate_message(update: Update, context: ContextTypes.DEFAULT_TYPE, svc: Services) -> None:
    msg = update.effective_message
    assert msg is not None
    if not addressed_to_bot(msg, context.bot):
        raise ApplicationHandlerStop
    user_id = msg.from_user.id if msg.from_user else None
    if not svc.access.allows(user_id, msg.chat.id, msg.chat.type):
        # strangers share the limiter too, so a flood of refusals cannot be provoked
        if svc.limiter.check(user_id or msg.chat.id) is not Verdict.OK:
            raise ApplicationHandlerStop
        log.info("refused update=message chat=%s", msg.chat.type)
        text = REFUSAL
        if _is_start(msg) and update.message is not None:
            text = refusal_with_id(user_id, msg.chat.id, msg.chat.type)
        await _then_stop(msg.reply_text(text), "message")
    verdict = svc.limiter.check(user_id or msg.chat.id)
    if verdict is Verdict.WARN:
        log.info("rate limited chat=%s", msg.chat.type)
        await _then_stop(msg.reply_text(SLOW_DOWN), "rate_limit")
    if verdict is not Verdict.OK:
        raise ApplicationHandlerStop


def refusal_with_id(user_id: int | None, chat_id: int, chat_type: str) -> str:
    """/start from a stranger: the refusal plus the number an admin needs for /cap_quyen."""
    if chat_type in GROUP_TYPES:
        return f"{REFUSAL}\nMã số của nhóm này (gửi cho quản trị viên để cấp quyền): {chat_id}"
    return f"{REFUSAL}\nMã số Telegram của bạn (gửi cho quản trị viên để cấp quyền): {user_id}"


async def _gate_callback(update: Update, svc: Services) -> None:
    cq = update.callback_query
    assert cq is not None
    chat = cq.message.chat if cq.message else None
    allowed = (svc.access.allows(cq.from_user.id, chat.id, chat.type) if chat
               else svc.access.user_allowed(cq.from_user.id))
    if not allowed:
        log.info("refused update=callback")
        await _then_stop(cq.answer(REFUSAL_SHORT, show_alert=True), "callback")
    if not (cq.data or "").startswith("f|") and svc.limiter.check(cq.from_user.id) is not Verdict.OK:
        await _then_stop(cq.answer(SLOW_DOWN[:MAX_CALLBACK_TEXT]), "rate_limit")  # a button must be answered


async def _gate_inline(update: Update, svc: Services) -> None:
    q = update.inline_query
    assert q is not None
    if not svc.access.user_allowed(q.from_user.id):
        log.info("refused update=inline")
        await _then_stop(q.answer([], cache_time=0, is_personal=True, button=InlineQueryResultsButton(
            text="Bạn chưa được cấp quyền sử dụng", start_parameter="access")), "inline")
    if svc.inline_limiter.check(q.from_user.id) is not Verdict.OK:
        await _then_stop(q.answer([], cache_time=0, is_personal=True), "rate_limit")


# -- sending ----------------------------------------------------------------------------------

def keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in rows])


async def send_html(bot: Bot, anchor: Message, html_text: str, markup: InlineKeyboardMarkup | None = None,
                    quote: bool | None = None) -> list[Message]:
    """Send possibly long HTML as consecutive messages; the keyboard goes under the last one.

    In a group the first part replies to the question so people see what it answers.
    """
    parts = split_html(html_text)
    quote = anchor.chat.type != "private" if quote is None else quote
    # a button's message may be an InaccessibleMessage (old): it has a chat and an id, no more
    thread = anchor.message_thread_id if getattr(anchor, "is_topic_message", False) else None
    sent = []
    for i, part in enumerate(parts):
        reply = (ReplyParameters(message_id=anchor.message_id, allow_sending_without_reply=True)
                 if quote and i == 0 else None)
        sent.append(await bot.send_message(
            anchor.chat.id, part, parse_mode=ParseMode.HTML, reply_parameters=reply,
            message_thread_id=thread, link_preview_options=LinkPreviewOptions(is_disabled=True),
            reply_markup=markup if i == len(parts) - 1 else None,
        ))
    return sent


@asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" while the answer is prepared (re-sent, since Telegram shows it ~5 s)."""
    async def action() -> None:
        with suppress(TelegramError):
            await bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            await action()

    await action()
    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


# -- questions --------------------------------------------------------------------------------

async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, source: str) -> None:
    """Answer in a worker thread (answers never block each other), store it, reply with buttons.

    With generation on, a private chat gets the verbatim answer at once and then watches the
    generated one being written into the same message (`stream_answer`). Groups get the
    one-shot answer, generated before anything is sent: there a stream of edits would flicker
    in front of everyone and eat into the group's limit of about 20 messages a minute. So do
    answers too long for one message, which cannot be edited as one.
    """
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    engine = svc.engine
    streaming = msg.chat.type == "private" and gen.enabled(engine.settings)
    async with typing(context.bot, msg.chat.id):
        # one-shot: exactly the call groups make (generation, if on, happens inside)
        ans: Answer = await (asyncio.to_thread(engine.answer, question, generate=False) if streaming
                             else asyncio.to_thread(engine.answer, question))
        streaming = streaming and bool(ans.citations) and not ans.abstained
        if streaming and tg_len(render_answer(ans)) > MAX_MESSAGE:
            streaming = False
            ans = await asyncio.to_thread(engine.answer, question)  # the one-shot path, as in groups
    # The reply goes out before anything is written: a full or read-only disk costs the
    # statistics and the 👍/👎 of this answer, never the answer itself. The id is drawn first
    # so the buttons can carry it; a press in the milliseconds before the row exists is
    # answered "not found", which is the same as for a write that failed.
    answer_id = new_answer_id() if ans.kind != "invalid" else None
    markup = keyboard(answer_buttons(ans, answer_id, earlier=[c.doc_id for c in ans.citations
                                                              if getattr(engine.doc(c.doc_id), "supersedes", "")]))
    sent = await send_html(context.bot, msg, render_answer(ans), markup)
    if answer_id is not None:
        try:
            await asyncio.to_thread(
                svc.store.record_answer, user_id=msg.from_user.id if msg.from_user else None,
                chat_type=msg.chat.type, question=ans.question, kind=ans.kind, abstained=ans.abstained,
                citations=[c.chunk_id for c in ans.citations], latency_ms=ans.latency_ms, answer_id=answer_id,
            )
        except Exception as exc:  # noqa: BLE001 - sqlite3.OperationalError "disk is full", OSError…
            log.warning("feedback store write failed (answer sent) error=%s", exc.__class__.__name__)
    if streaming and len(sent) == 1:
        ans = await stream_answer(context.bot, sent[0], ans, markup, engine.settings)
    log.info("answer source=%s chat=%s chars=%d latency_ms=%.0f abstained=%s kind=%s citations=%d generated=%s",
             source, msg.chat.type, len(question), ans.latency_ms, ans.abstained, ans.kind, len(ans.citations),
             ans.generated)


async def stream_answer(bot: Bot, message: Message, ans: Answer, markup: InlineKeyboardMarkup | None,
                        settings: Settings) -> Answer:
    """Edit the sent verbatim answer into the generated one as the model writes it.

    Only the answer text changes: the quoted passages, the citations and the keyboard are sent
    again unchanged with every edit (an edit without the keyboard would remove it). Edits are at
    least EDIT_EVERY apart, the newest partial text winning, so a fast model does not run into
    Telegram's flood limit. At the end the validated answer stays (with its note, if any), or
    the verbatim answer comes back with the note saying why. Returns the answer as last shown.
    """
    loop = asyncio.get_running_loop()
    stream = gen.stream(ans.question, ans.citations, settings, show_tail=STREAM_TAIL)
    shown = render_answer(ans)
    last_edit = loop.time()  # the message itself was just sent
    latest = ""
    changed = asyncio.Event()

    async def consume() -> None:
        # the whole stream lives in this one task; the loop below only reads `latest`
        nonlocal latest
        try:
            async for partial in stream:
                latest = partial
                changed.set()
        except Exception:  # noqa: BLE001 - the verbatim answer is already shown: keep it
            log.exception("stream failed unexpectedly")

    async def show(html_text: str, final: bool = False) -> None:
        nonlocal shown, last_edit
        if html_text == shown or tg_len(html_text) > MAX_MESSAGE:
            return
        await asyncio.sleep(max(0.0, last_edit + EDIT_EVERY - loop.time()))
        if await edit_html(bot, message, html_text, markup, retries=1 if final else 0):
            shown = html_text
        last_edit = loop.time()

    reader = asyncio.create_task(consume())
    try:
        while not reader.done():
            waiter = asyncio.create_task(changed.wait())
            await asyncio.wait({reader, waiter}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            if reader.done():
                break
            # throttle: the end of the stream may come first and make this partial moot
            await asyncio.wait({reader}, timeout=max(0.0, last_edit + EDIT_EVERY - loop.time()))
            if reader.done():
                break
            changed.clear()
            await show(render_answer(replace(ans, answer=latest + STREAMING_MARK)))
    finally:
        if not reader.done():
            reader.cancel()
        with suppress(asyncio.CancelledError):
            await reader
    g = stream.result
    note = lambda extra: " ".join(x for x in (ans.note, extra) if x)  # noqa: E731
    if g is not None and g.used:
        final = replace(ans, answer=g.text, extractive=ans.answer, generated=True, note=note(g.note))
        if tg_len(render_answer(final)) > MAX_MESSAGE:
            log.info("stream: generated answer longer than one message; verbatim answer kept")
            final = ans
    else:
        final = replace(ans, note=note(g.note if g is not None else gen.NOTE_ERROR))
    await show(render_answer(final), final=True)
    log.info("stream status=%s used=%s latency_ms=%.0f", g.status if g else "none", final.generated,
             g.latency_ms if g else 0.0)
    return final


async def edit_html(bot: Bot, message: Message, html_text: str, markup: InlineKeyboardMarkup | None,
                    retries: int = 0) -> bool:
    """Replace a sent message's HTML (keeping its keyboard); True when it shows `html_text`.

    "Message is not modified" means it already does: not an error. Other failures are logged
    and reported as False; the message then keeps what it showed before, which is always a
    complete answer (verbatim, or checked sentences), so a lost edit costs no correctness.
    """
    for attempt in range(retries + 1):
        try:
            await bot.edit_message_text(
                html_text, chat_id=message.chat_id, message_id=message.message_id, parse_mode=ParseMode.HTML,
                reply_markup=markup, link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
            return True
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return True
            log.warning("edit failed: %s", exc.__class__.__name__)
            return False  # a bad request stays bad: no retry
        except TelegramError as exc:
            log.warning("edit failed (attempt %d): %s", attempt + 1, exc.__class__.__name__)
            if attempt < retries:
                await asyncio.sleep(EDIT_EVERY)
    return False


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A plain message the gate let through: in private any text, in groups a mention or reply."""
    msg = update.effective_message
    assert msg is not None
    await answer_question(update, context, question_text(msg, context.bot), "text")


async def cmd_hoi(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    assert msg is not None
    question = command_argument(msg)
    if not question:
        await msg.reply_html(HOI_USAGE)
        return
    await answer_question(update, context, question, "hoi")


# -- commands ---------------------------------------------------------------------------------

async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    engine = svc.engine
    is_admin = svc.access.is_admin(msg.from_user.id if msg.from_user else None)
    await send_html(context.bot, msg, render_help(engine.loaded(), engine.not_loaded(), context.bot.username or "",
                                                  is_admin), quote=False)
    log.info("command=help chat=%s", msg.chat.type)


async def cmd_muc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The exact clause at an address, every unit, with its heading: what a propagandist quotes."""
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    address = RE_ADDRESS_WORD.sub("", command_argument(msg))
    if not address:
        await msg.reply_html(MUC_USAGE)
        return
    t0 = time.perf_counter()
    html_text = clause_html(svc.engine, address, None)
    if html_text is None:
        await msg.reply_html(render_unknown_clause(address[:40], address_examples(svc.engine)))
    else:
        await send_html(context.bot, msg, html_text)
    log.info("command=muc chat=%s chars=%d found=%s latency_ms=%.0f", msg.chat.type, len(address),
             html_text is not None, (time.perf_counter() - t0) * 1000)


def clause_html(engine: "Engine", address: str, doc_id: str | None) -> str | None:
    """Thin engine helper: the clause rendered per document (an address can exist in several)."""
    chunks = engine.clause(address, doc_id)
    if not chunks:
        return None
    by_doc: dict[str, list[Any]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    blocks = []
    for doc_chunks in by_doc.values():
        cites = [engine.citation(i + 1, c, 1.0) for i, c in enumerate(doc_chunks)]
        blocks.append(render_clause(cites, engine.heading_of))
    return "\n\n".join(blocks)


def address_examples(engine: "Engine") -> list[str]:
    """Thin engine helper: valid addresses to suggest, parts first (I, II…), then some clauses."""
    sections = list(dict.fromkeys(c.section for c in engine.index.chunks if RE_ROMAN_ADDRESS.match(c.section)))
    parts = list(dict.fromkeys(s.split(".")[0] for s in sections))
    subs = [s for s in sections if "." in s]
    picks = parts + [s for s in subs if s.endswith(".2")][:3] + subs[-1:]
    return list(dict.fromkeys(picks))[:10]


async def cmd_nhiemvu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/nhiemvu [đơn vị]: every duty of a body, from the duties register."""
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    regs = svc.engine.registers
    actor = command_argument(msg)
    if regs is None:
        await msg.reply_html(NO_REGISTERS)
    elif not actor:
        await send_html(context.bot, msg, render_actor_list(list(regs.actors().values())))
    else:
        rows = rows_with_citations(svc.engine, regs.duties_for(actor))
        await send_html(context.bot, msg, render_duties(rows, actor))
    log.info("command=nhiemvu chat=%s chars=%d", msg.chat.type, len(actor))


async def cmd_thoihan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thoihan [năm]: the deadlines register (document-reference dates left out)."""
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    regs = svc.engine.registers
    arg = command_argument(msg)
    year = int(arg) if arg.isdigit() and len(arg) == 4 else None
    if regs is None:
        await msg.reply_html(NO_REGISTERS)
    elif arg and year is None:
        await msg.reply_html("Gõ /thoihan hoặc /thoihan kèm năm, ví dụ: <code>/thoihan 2030</code>.")
    else:
        rows = rows_with_citations(svc.engine, regs.deadlines_for(year))
        await send_html(context.bot, msg, render_deadlines(rows, year))
    log.info("command=thoihan chat=%s", msg.chat.type)


async def cmd_tailieu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    engine = svc.engine
    await send_html(context.bot, msg, render_documents(engine.documents, engine.index.count_by_doc()))
    log.info("command=tailieu chat=%s", msg.chat.type)


async def _admin(msg: Message, svc: Services) -> bool:
    """Admin-only commands answer everyone else with one polite line."""
    if svc.access.is_admin(msg.from_user.id if msg.from_user else None):
        return True
    await msg.reply_text(ADMIN_ONLY)
    return False


async def cmd_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admin: rebuild the index in a child process (bot/reindex.py), then switch engines.

    Answers keep flowing meanwhile from the old engine; any failure (a document too large or
    too slow, a full disk) keeps it, and the reply says why in Vietnamese.
    """
    from .reindex import public_error

    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    if not await _admin(msg, svc):
        return
    if svc.reindex_lock.locked():
        await msg.reply_text("Đang lập chỉ mục, vui lòng đợi lần này xong.")
        return
    async with svc.reindex_lock:
        await msg.reply_text("Đang lập lại chỉ mục, có thể mất vài phút…")
        t0 = time.perf_counter()
        try:
            result = await asyncio.to_thread(rebuild_engine, svc.settings, svc.index_dir)
        except Exception as exc:  # noqa: BLE001 - could not even start the child: keep the old engine
            log.warning("command=reindex failed error=%s", exc.__class__.__name__)
            await reply_long(msg, f"Lập chỉ mục thất bại; bot vẫn dùng chỉ mục cũ.\nLỗi: {public_error(str(exc))}")
            return
        if not result.ok:
            log.warning("command=reindex failed seconds=%.1f", time.perf_counter() - t0)
            await reply_long(msg, f"Lập chỉ mục thất bại; bot vẫn dùng chỉ mục cũ.\nLỗi: {public_error(result.message)}")
            return
        switched = await switch_engine(svc)
    note = "Đã chuyển sang chỉ mục mới." if switched else "Chưa mở được chỉ mục mới; bot vẫn dùng chỉ mục cũ."
    await reply_long(msg, f"{result.message}\n{note}")
    log.info("command=reindex ok seconds=%.1f switched=%s", time.perf_counter() - t0, switched)


def rebuild_engine(settings: Settings, index_dir: Path) -> Any:
    """Blocking (a worker thread): ingest in the child process; returns its ReindexResult."""
    from .reindex import run_reindex

    return run_reindex(settings, index_dir)


async def switch_engine(svc: Services) -> bool:
    """Open the build `current` now points at (through the follower when there is one)."""
    if svc.follower is not None:
        await svc.follower.switch()
        return svc.follower.serving() == current_target(svc.index_dir)
    from .follow import open_engine

    try:
        svc.engine = await asyncio.to_thread(open_engine, svc.index_dir, svc.settings)
    except Exception as exc:  # noqa: BLE001
        log.warning("engine reopen failed error=%s", exc.__class__.__name__)
        return False
    return True


TRUNCATED_NOTE = "\n… (thông báo quá dài, đã cắt bớt; xem nhật ký máy chủ)"
MAX_PLAIN_PARTS = 3


async def reply_long(msg: Message, text: str) -> None:
    """Plain text of any length: split under Telegram's 4,096 UTF-16 units at line ends, at most
    MAX_PLAIN_PARTS messages, the last one saying it was cut (an admin's error must not vanish)."""
    parts = split_plain(text)
    if len(parts) > MAX_PLAIN_PARTS:
        parts = parts[:MAX_PLAIN_PARTS]
        last = parts[-1]
        while tg_len(last + TRUNCATED_NOTE) > MAX_MESSAGE:
            last = last[: len(last) - (tg_len(last + TRUNCATED_NOTE) - MAX_MESSAGE) - 1]
        parts[-1] = last + TRUNCATED_NOTE
    for part in parts:
        await msg.reply_text(part)


def split_plain(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut plain text into pieces of at most `limit` UTF-16 units, at a line end or space when possible."""
    parts: list[str] = []
    rest = text
    while tg_len(rest) > limit:
        lo, hi = 1, len(rest)  # longest prefix that fits (UTF-16 length grows with length)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if tg_len(rest[:mid]) <= limit:
                lo = mid
            else:
                hi = mid - 1
        cut = max(rest.rfind("\n", 0, lo), rest.rfind(" ", 0, lo))
        cut = cut if cut > lo // 2 else lo
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest.strip():
        parts.append(rest)
    return parts


async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    if not await _admin(msg, svc):
        return
    s = await asyncio.to_thread(svc.store.stats)
    lines = [
        "<b>Thống kê</b>",
        f"Câu hỏi: {s.questions} (7 ngày qua: {s.last_7_days}), từ {s.people} người",
        f"Có trả lời: {s.answered}; không có trong tài liệu: {s.abstained} "
        f"(tỉ lệ từ chối trả lời {s.abstention_rate:.0%}); câu hỏi không hợp lệ: {s.invalid}",
        f"Góp ý: 👍 {s.helpful} · 👎 {s.unhelpful}",
    ]
    acc = svc.access
    users = sorted(acc.allowed_users)
    chats = sorted(acc.allowed_chats)
    lines += [
        "",
        "<b>Được cấp quyền</b>" + (" (HOI_PUBLIC=1: mọi người)" if acc.public else ""),
        f"Người dùng ({len(users)}): " + (", ".join(f"<code>{u}</code>" for u in users) or "chưa có"),
        f"Nhóm ({len(chats)}): " + (", ".join(f"<code>{c}</code>" for c in chats) or "chưa có"),
        f"Quản trị viên: {len(acc.admins)}. Cấp quyền: /cap_quyen &lt;mã số&gt;; thu hồi: /thu_hoi &lt;mã số&gt;",
    ]
    await reply_html_long(context.bot, msg, "\n".join(lines))
    log.info("command=stats")


async def reply_html_long(bot: Bot, msg: Message, html_text: str) -> None:
    await send_html(bot, msg, html_text, quote=False)


GRANT_USAGE = ("Gõ /cap_quyen kèm mã số Telegram của người dùng (số dương) hoặc của nhóm (số âm), "
               "ví dụ: <code>/cap_quyen 123456789</code>. Người cần cấp quyền gõ /start với bot để biết mã số.")
REVOKE_USAGE = "Gõ /thu_hoi kèm mã số người dùng hoặc nhóm, ví dụ: <code>/thu_hoi 123456789</code>."
GRANTS_NOT_SAVED = "Không lưu được danh sách cấp quyền (bộ nhớ lưu trữ đầy hoặc chỉ đọc); chưa có thay đổi nào."


async def cmd_cap_quyen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admin: allow a user (positive id) or a group chat (negative id), at once and persistently."""
    await _change_grant(update, context, grant=True)


async def cmd_thu_hoi(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admin: withdraw a user's or a group's access, at once (their old buttons stop working too)."""
    await _change_grant(update, context, grant=False)


async def _change_grant(update: Update, context: ContextTypes.DEFAULT_TYPE, grant: bool) -> None:
    svc = services(context)
    msg = update.effective_message
    assert msg is not None
    if not await _admin(msg, svc):
        return
    arg = command_argument(msg).strip()
    if not re.fullmatch(r"-?\d{1,16}", arg) or int(arg) == 0:
        await msg.reply_html(GRANT_USAGE if grant else REVOKE_USAGE)
        return
    target = int(arg)
    if not grant and target in svc.access.admins:
        await msg.reply_text("Không thu hồi được quyền của quản trị viên từ Telegram (cấu hình HOI_ADMINS).")
        return
    grants = svc.grants or Grants(svc.settings.allowlist_path)
    try:
        new = await asyncio.to_thread(grants.grant if grant else grants.revoke, target)
    except Exception as exc:  # noqa: BLE001 - OSError (disk), PermissionError…
        log.warning("command=%s failed error=%s", "cap_quyen" if grant else "thu_hoi", exc.__class__.__name__)
        await msg.reply_text(GRANTS_NOT_SAVED)
        return
    svc.apply_grants(new)
    who = "nhóm" if target < 0 else "người dùng"
    await msg.reply_text(f"Đã cấp quyền cho {who} {target}." if grant else f"Đã thu hồi quyền của {who} {target}.")
    log.info("command=%s chat=%s", "cap_quyen" if grant else "thu_hoi", msg.chat.type)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    assert msg is not None
    await msg.reply_text(UNKNOWN_COMMAND)
    log.info("command=unknown chat=%s", msg.chat.type)


async def on_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    assert msg is not None
    await msg.reply_text(NON_TEXT)
    log.info("non_text chat=%s", msg.chat.type)


# -- buttons ----------------------------------------------------------------------------------

async def on_clause_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"c|<doc_id>|<section>": the whole clause of a cited passage, posted under the answer."""
    cq = update.callback_query
    assert cq is not None and cq.data
    _, doc_id, section = cq.data.split("|", 2)
    html_text = clause_html(services(context).engine, section, doc_id)
    if html_text is None or cq.message is None:
        await cq.answer("Không còn tìm thấy mục này trong tài liệu đã nạp.", show_alert=True)
        return
    await cq.answer()
    await send_html(context.bot, cq.message, html_text, quote=True)  # type: ignore[arg-type]
    log.info("button=clause")


async def on_source_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"s|<doc_id>": number, date, issuer and title from the manifest."""
    cq = update.callback_query
    assert cq is not None and cq.data
    engine = services(context).engine
    doc = engine.doc(cq.data.split("|", 1)[1])
    if doc is None or cq.message is None:
        await cq.answer("Không còn tìm thấy tài liệu này.", show_alert=True)
        return
    count = engine.index.count_by_doc().get(doc.id, 0)
    await cq.answer()
    await send_html(context.bot, cq.message, render_source(doc, count, count > 0), quote=True)  # type: ignore[arg-type]
    log.info("button=source")


async def on_feedback_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"f|<answer_id>|1|0": stored against the answer id, which SQLite remembers across restarts."""
    cq = update.callback_query
    assert cq is not None and cq.data
    parts = cq.data.split("|")
    if len(parts) != 3 or parts[2] not in ("0", "1"):
        await cq.answer("Nút này không còn dùng được.")
        return
    try:
        ok = await asyncio.to_thread(services(context).store.record_feedback, parts[1], cq.from_user.id,
                                     parts[2] == "1")
    except Exception as exc:  # noqa: BLE001 - a full or read-only disk: say so, keep serving
        log.warning("feedback store write failed error=%s", exc.__class__.__name__)
        await cq.answer(FEEDBACK_NOT_SAVED)
        return
    await cq.answer("Cảm ơn bạn đã góp ý!" if ok else "Không tìm thấy câu trả lời này để ghi nhận góp ý.")
    log.info("button=feedback recorded=%s helpful=%s", ok, parts[2] == "1")


async def on_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    cq = update.callback_query
    assert cq is not None
    await cq.answer("Nút này không còn dùng được.")


# -- inline mode ------------------------------------------------------------------------------

async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot câu hỏi` anywhere: up to 5 cited passages to insert, personal and briefly cached."""
    q = update.inline_query
    assert q is not None
    text = q.query.strip()
    if not text:
        await q.answer([], cache_time=5, is_personal=True,
                       button=InlineQueryResultsButton(text="Gõ câu hỏi để tìm trích dẫn", start_parameter="help"))
        return
    ans: Answer = await asyncio.to_thread(services(context).engine.answer, text, generate=False)  # inline shows passages only
    results = [
        InlineQueryResultArticle(
            id=hashlib.sha1(c.chunk_id.encode()).hexdigest()[:32],
            title=c.label,
            description=f"{c.doc_title}: {c.text[:150]}",
            input_message_content=InputTextMessageContent(render_inline_passage(c), parse_mode=ParseMode.HTML,
                                                          link_preview_options=LinkPreviewOptions(is_disabled=True)),
        )
        for c in ans.citations[:INLINE_RESULTS]
    ]
    button = None if results else InlineQueryResultsButton(text="Không tìm thấy trong tài liệu đã nạp",
                                                           start_parameter="help")
    await q.answer(results, cache_time=10, is_personal=True, button=button)
    log.info("inline chars=%d latency_ms=%.0f abstained=%s results=%d", len(text), ans.latency_ms,
             ans.abstained, len(results))


# -- errors -----------------------------------------------------------------------------------

async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log where it broke (traceback frames, exception class; never the update or its text),
    tell an allowed user something went wrong instead of leaving them waiting, and stop.

    Stopping matters: PTB goes on to the next handler group after an error handler returns,
    so an exception in the gate (group -1) would otherwise hand a stranger's update to the
    handlers that answer it. Raising ApplicationHandlerStop here makes every error final.
    """
    err = context.error
    kind = _update_kind(update)
    frames = "".join(traceback.format_tb(err.__traceback__)) if err else ""
    log.error("error handling update=%s: %s\n%s", kind, err.__class__.__name__ if err else "?", frames)
    if not isinstance(update, Update):
        return
    try:
        if _may_see_content(update, context):
            if update.callback_query:
                await asyncio.wait_for(update.callback_query.answer(APOLOGY[:MAX_CALLBACK_TEXT]), REFUSAL_BUDGET)
            elif update.effective_message and addressed_to_bot(update.effective_message, context.bot):
                await asyncio.wait_for(update.effective_message.reply_text(APOLOGY), REFUSAL_BUDGET)
    except Exception as exc:  # noqa: BLE001 - the apology is a courtesy
        log.warning("apology not delivered update=%s error=%s", kind, exc.__class__.__name__)
    finally:
        raise ApplicationHandlerStop


def _may_see_content(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The gate's access rule again, for the error handler (which must not trust that the gate ran)."""
    try:
        access = services(context).access
        if update.inline_query:
            return access.user_allowed(update.inline_query.from_user.id)
        if update.callback_query:
            cq = update.callback_query
            chat = cq.message.chat if cq.message else None
            return (access.allows(cq.from_user.id, chat.id, chat.type) if chat
                    else access.user_allowed(cq.from_user.id))
        msg = update.effective_message
        if msg is None:
            return False
        return access.allows(msg.from_user.id if msg.from_user else None, msg.chat.id, msg.chat.type)
    except Exception:  # noqa: BLE001 - when in doubt, refuse
        return False


def _update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in ("message", "edited_message", "callback_query", "inline_query"):
        if getattr(update, kind, None):
            return kind
    return "other"

