"""`python -m bot serve`: wire the handlers into a python-telegram-bot Application and poll.

The engine is opened once at startup; questions run in worker threads (asyncio.to_thread)
with concurrent updates, so one slow answer never holds up another. PTB's AIORateLimiter
keeps the bot inside Telegram's flood limits and retries a 429 after the time Telegram asks;
RetryingRateLimiter also retries a 5xx or a lost connection with back-off.
The bot token is a password: it never reaches a log line (see `install_token_redaction`).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import re
import signal
import sys
import traceback
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from hoi.settings import Settings, get_settings

from . import handlers as h
from . import uploads_telegram as up
from .access import Access, Grants, RateLimiter
from .follow import IndexFollower
from .feedback import FeedbackStore

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("bot.telegram")

MSG_NO_TOKEN = ("Lỗi: chưa đặt biến môi trường TELEGRAM_BOT_TOKEN "
                "(Error: TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather).")
MSG_BAD_TOKEN = "Lỗi: Telegram từ chối TELEGRAM_BOT_TOKEN (Error: the bot token was rejected)."
RETRIES_ON_429 = 3
NETWORK_RETRIES = 5  # back-off 1, 2, 4, 8, 16 s: an outage of about half a minute delays answers, loses none
RETRIED_ENDPOINTS = frozenset({"sendMessage", "editMessageText", "answerCallbackQuery", "answerInlineQuery"})
INLINE_BURST_FACTOR = 4  # inline mode sends a query per pause in typing: allow more of them

COMMANDS = [
    BotCommand("hoi", "Hỏi một câu (trong nhóm)"),
    BotCommand("muc", "Nguyên văn một mục, ví dụ /muc IV.4"),
    BotCommand("nhiemvu", "Nhiệm vụ của một đơn vị, ví dụ /nhiemvu UBND huyện"),
    BotCommand("thoihan", "Các mốc thời gian, ví dụ /thoihan 2030"),
    BotCommand("tailieu", "Danh sách tài liệu đã nạp"),
    BotCommand("help", "Hướng dẫn sử dụng"),
]


# -- token redaction --------------------------------------------------------------------------

class TokenRedactingFilter(logging.Filter):
    """Replaces the bot token (and its secret half) in a record's message, arguments,
    traceback and stack text. A logging.Filter so it can sit on handlers; installed as well
    through the record factory so it also covers handlers added later (pytest's caplog)."""

    MASK = "[BOT_TOKEN]"

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def add(self, token: str) -> None:
        token = token.strip()
        if token:
            self.secrets.add(token)
            secret = token.partition(":")[2]
            if len(secret) >= 8:
                self.secrets.add(secret)

    def redact(self, text: str) -> str:
        for s in sorted(self.secrets, key=len, reverse=True):  # the whole token before its half
            text = text.replace(s, self.MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets or getattr(record, "_token_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not lose the record
            message = str(record.msg)
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        record._token_redacted = True
        return True


class LibraryRecordFilter(logging.Filter):
    """python-telegram-bot and httpx put raw updates and request bodies into some of their
    records ("Error while parsing updates! Received data was %r", "Processing update %s",
    "Calling Bot API endpoint `%s` with parameters `%s`", "Error while building CallbackContext
    for update %s"): question text, names and user ids, which SECURITY.md says are never
    logged. For records of those loggers every argument that is not a number or a short bare
    word (an endpoint name) is replaced by "[redacted]" before anything formats it; the
    message template and the traceback's code locations stay, so the line still says what
    went wrong and where."""

    PREFIXES = ("telegram", "httpx", "httpcore", "hpack", "apscheduler")
    MASK = "[redacted]"

    @classmethod
    def applies(cls, name: str) -> bool:
        return any(name == p or name.startswith(p + ".") for p in cls.PREFIXES)

    @classmethod
    def clean_arg(cls, value: Any) -> Any:
        if isinstance(value, bool) or isinstance(value, (int, float)):
            return value
        if isinstance(value, str):
            value = redact(value)  # the token first, so a request URL can stay readable
            # a bare word, endpoint or URL: kept; anything with spaces, quotes, braces (a dict,
            # a message) or a run of 6+ digits (a user or chat id) is masked
            if len(value) <= 200 and re.fullmatch(r"[\w.:/`\[\]-]*", value) and not re.search(r"\d{6,}", value):
                return value
        return cls.MASK

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.applies(record.name) or getattr(record, "_library_redacted", False):
            return True
        args = record.args
        if isinstance(args, dict):
            record.args = {k: self.clean_arg(v) for k, v in args.items()}
        elif isinstance(args, tuple):
            record.args = tuple(self.clean_arg(v) for v in args)
        elif args is not None:
            record.args = (self.clean_arg(args),)
        if not isinstance(record.msg, str):
            record.msg = self.MASK  # an object logged as the message itself
        if record.exc_info and record.exc_info[1] is not None and not isinstance(record.exc_info[1], TelegramError):
            # keep where it broke, drop what the exception says (a parsing error may quote the
            # update); a TelegramError's text is the server's description and stays (token-masked)
            exc = record.exc_info[1]
            frames = "".join(traceback.format_tb(exc.__traceback__))
            record.exc_text = f"Traceback (most recent call last):\n{frames}{exc.__class__.__name__}: {self.MASK}"
            record.exc_info = None
        record._library_redacted = True
        return True


LIBRARY_FILTER = LibraryRecordFilter()
_REDACTOR: TokenRedactingFilter | None = None


def install_token_redaction(token: str) -> TokenRedactingFilter:
    """Make every log record created from now on token-free, whichever handler prints it."""
    global _REDACTOR
    if _REDACTOR is None:
        _REDACTOR = TokenRedactingFilter()
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            LIBRARY_FILTER.filter(record)  # before the token filter formats the message
            _REDACTOR.filter(record)  # type: ignore[union-attr]
            return record

        logging.setLogRecordFactory(factory)
    _REDACTOR.add(token)
    for handler in logging.getLogger().handlers:
        if _REDACTOR not in handler.filters:
            handler.addFilter(_REDACTOR)
    quiet_library_loggers()
    return _REDACTOR


def quiet_library_loggers() -> None:
    """httpx logs every request URL (which contains the token) at INFO; PTB's DEBUG lines dump
    whole updates and requests (question text, user ids). Neither belongs in our logs, even
    when the root logger is turned up to DEBUG."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.INFO)


def redact(text: str) -> str:
    return _REDACTOR.redact(text) if _REDACTOR else text


# -- application ------------------------------------------------------------------------------

class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter waits out 429s; this also retries a request Telegram answered with a 5xx or
    that the network lost before an answer, with back-off, so a short outage delays an answer
    instead of losing it. Only what users read is retried (not getMe at start-up: that fails in
    one clear line; not "typing…"). Never retried: Bad Request (it would fail again) and a read
    timeout (Telegram may have posted the message; a retry could post it twice)."""

    async def process_request(self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any,
                              rate_limit_args: Any) -> Any:
        delay = 1.0
        for attempt in range(NETWORK_RETRIES + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as exc:
                if (attempt == NETWORK_RETRIES or endpoint not in RETRIED_ENDPOINTS or isinstance(exc, BadRequest)
                        or (isinstance(exc, TimedOut) and not _never_sent(exc))):
                    raise
                log.warning("%s failed (%s); retry %d in %.0f s", endpoint, exc.__class__.__name__, attempt + 1,
                            delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover


def _never_sent(exc: TimedOut) -> bool:
    """A timeout while connecting or waiting for a pooled connection: the request never left."""
    import httpx

    return isinstance(exc.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout))


def api_urls(base: str) -> tuple[str, str]:
    """A self-hosted Bot API server "http://host:8081" → its API and file base URLs.

    PTB appends the token to a base URL unless it contains "{token}"; both spellings work.
    """
    base = base.strip().rstrip("/")
    if "{" in base:
        return base, base.replace("/bot{", "/file/bot{")
    root = base[: -len("/bot")] if base.endswith("/bot") else base
    return f"{root}/bot", f"{root}/file/bot"


def build_application(settings: Settings, engine: "Engine", index_dir: Path, *,
                      store: FeedbackStore | None = None, token: str | None = None) -> Application:
    """An Application with every handler registered; starting it is the caller's business
    (run_polling in `serve`, start/updater.start_polling in tests)."""
    token = (token or settings.telegram_bot_token).strip()
    install_token_redaction(token)
    builder = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(True)
        .rate_limiter(RetryingRateLimiter(max_retries=RETRIES_ON_429))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.telegram_api_base_url:
        api, files = api_urls(settings.telegram_api_base_url)
        builder = builder.base_url(api).base_file_url(files)
    app = builder.build()
    grants = Grants.load(settings.allowlist_path)
    svc = h.Services(
        settings=settings,
        engine=engine,
        index_dir=Path(index_dir),
        store=store or FeedbackStore(settings.feedback_db, settings.hash_key),
        access=Access.from_settings(settings).with_grants(grants),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        inline_limiter=RateLimiter(settings.rate_limit_per_minute * INLINE_BURST_FACTOR),
        grants=grants,
    )
    svc.follower = IndexFollower(Path(index_dir), settings, lambda: svc.engine, lambda e: setattr(svc, "engine", e))
    app.bot_data["services"] = svc
    register_handlers(app)
    return app


def reload_settings(app: Application) -> None:
    """SIGHUP: re-read the environment's settings and the allowlist file; keep running.

    What changes at once: allowlists, admins, public mode, rate limits. The token, the index
    folder and the feedback database stay as they were at start (they need a restart).
    """
    svc: h.Services = app.bot_data["services"]
    try:
        get_settings.cache_clear()
        fresh = Settings()
        grants = Grants.load(fresh.allowlist_path)
    except Exception as exc:  # noqa: BLE001 - a typo in the environment must not stop the bot
        log.warning("SIGHUP: settings not reloaded, old ones kept error=%s", exc.__class__.__name__)
        return
    svc.settings = svc.settings.model_copy(update=dict(
        allowed_users=fresh.allowed_users, allowed_chats=fresh.allowed_chats, admins=fresh.admins,
        public=fresh.public, rate_limit_per_minute=fresh.rate_limit_per_minute,
        reindex_timeout=fresh.reindex_timeout, reindex_memory_mb=fresh.reindex_memory_mb))
    svc.apply_grants(grants)
    svc.limiter.per_minute = fresh.rate_limit_per_minute
    svc.inline_limiter.per_minute = fresh.rate_limit_per_minute * INLINE_BURST_FACTOR
    log.info("SIGHUP: settings and allowlist reloaded")


def install_sighup(app: Application) -> bool:
    """SIGHUP reloads instead of killing (its default). False where signals cannot be set."""
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, reload_settings, app)
        return True
    except (NotImplementedError, RuntimeError, ValueError):
        return False


def register_handlers(app: Application) -> None:
    app.add_handler(TypeHandler(Update, h.gate), group=-1)
    app.add_handler(CommandHandler(["start", "help"], h.cmd_help))
    app.add_handler(CommandHandler("hoi", h.cmd_hoi))
    app.add_handler(CommandHandler("muc", h.cmd_muc))
    app.add_handler(CommandHandler("tailieu", up.cmd_tailieu))
    app.add_handler(CommandHandler("nhiemvu", h.cmd_nhiemvu))
    app.add_handler(CommandHandler("thoihan", h.cmd_thoihan))
    app.add_handler(CommandHandler("reindex", h.cmd_reindex))
    app.add_handler(CommandHandler("stats", h.cmd_stats))
    app.add_handler(CommandHandler("cap_quyen", h.cmd_cap_quyen))
    app.add_handler(CommandHandler("thu_hoi", h.cmd_thu_hoi))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, h.on_text))
    app.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, h.on_unknown_command))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.UpdateType.MESSAGE, up.on_document))
    app.add_handler(MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL, h.on_non_text))
    app.add_handler(CallbackQueryHandler(h.on_clause_button, pattern=r"^c\|"))
    app.add_handler(CallbackQueryHandler(h.on_source_button, pattern=r"^s\|"))
    app.add_handler(CallbackQueryHandler(h.on_feedback_button, pattern=r"^f\|"))
    app.add_handler(CallbackQueryHandler(up.on_upload_button, pattern=r"^u\|"))
    app.add_handler(CallbackQueryHandler(up.on_withdraw_button, pattern=r"^t\|"))
    app.add_handler(CallbackQueryHandler(up.on_changes_button, pattern=r"^v\|"))
    app.add_handler(CallbackQueryHandler(h.on_stale_button))
    app.add_handler(InlineQueryHandler(h.on_inline_query))
    app.add_error_handler(h.on_error)


async def _post_init(app: Application) -> None:
    """Publish the command menu (a server that does not support it must not stop the bot),
    start following the index while idle, and make SIGHUP reload settings."""
    svc = app.bot_data.get("services")
    if svc is not None and svc.follower is not None:
        app.bot_data["follow_task"] = asyncio.get_running_loop().create_task(svc.follower.watch())
    install_sighup(app)
    try:
        await app.bot.set_my_commands(COMMANDS)
    except TelegramError as exc:
        log.warning("setMyCommands failed: %s", exc.__class__.__name__)


async def _post_shutdown(app: Application) -> None:
    task = app.bot_data.pop("follow_task", None)
    if task is not None:
        task.cancel()
    svc = app.bot_data.get("services")
    if svc is not None:
        svc.store.close()


def configure_logging(token: str, level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_token_redaction(token)


def warm_up(engine: "Engine") -> None:
    """Open the lazily opened search structures before polling, once, in one thread, so the
    first real users neither wait for them nor race to initialise them."""
    try:
        engine.warm()
    except Exception as exc:  # noqa: BLE001 - a warm-up failure shows again on the first question
        log.warning("warm-up failed: %s", exc.__class__.__name__)


def serve(args: argparse.Namespace) -> int:
    """Entry point of `python -m bot serve [--index DIR]`; returns the process exit code."""
    settings = get_settings()
    token = settings.telegram_bot_token.strip()
    if not token:
        print(MSG_NO_TOKEN, file=sys.stderr)
        return 2
    configure_logging(token)
    from .engine import Engine

    index_dir = Path(getattr(args, "index", None) or settings.index_dir)
    engine = Engine.open(index_dir, settings)
    warm_up(engine)
    app = build_application(settings, engine, index_dir)
    code = _connect(app)
    if code:
        return code
    log.info("serving: %d documents loaded, %d not loaded", len(engine.loaded()), len(engine.not_loaded()))
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _connect(app: Application) -> int:
    """Initialise the bot (getMe) on the loop run_polling will reuse, so a rejected token or an
    unreachable server is one clear line, not PTB's retry-loop traceback. 0 means connected."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(app.initialize())
        return 0
    except InvalidToken:
        message, code = MSG_BAD_TOKEN, 2
    except TelegramError as exc:
        message, code = redact(f"Lỗi: không kết nối được tới Telegram ({exc.__class__.__name__}: {exc})"), 1
    with suppress(Exception):
        loop.run_until_complete(app.bot.shutdown())
    loop.close()
    print(message.splitlines()[0], file=sys.stderr)
    return code
