"""A local fake of the Telegram Bot API, served over real HTTP on 127.0.0.1.

Why a server and not a mocked ``Bot``: end-to-end tests, load tests and benchmarks must drive
the *real* python-telegram-bot client (its HTTPX transport, request encoding, error mapping,
``Updater`` long polling, ``AIORateLimiter`` retries).  Mocking PTB objects would skip exactly
the code paths that fail in production (429 handling, offsets, HTML parse errors, message
length, "message is not modified").  So this module speaks Telegram's wire protocol instead:

* ``POST /bot<token>/<method>`` with form-encoded, multipart or JSON bodies (PTB's HTTPX
  transport sends form/multipart where every non-string value is JSON-encoded);
* answers with Telegram's envelope ``{"ok": true, "result": ...}`` or
  ``{"ok": false, "error_code": ..., "description": ...[, "parameters": ...]}``;
* ``getUpdates`` really long-polls and honours ``offset``/``limit``/``timeout``/``allowed_updates``.

The test side enqueues correctly shaped updates (``send_text``, ``press_button``...), inspects
every recorded call, and injects faults (429, 5xx, slow replies, dropped connections).

All state lives behind one ``threading.RLock`` so the same object can be used from the event
loop that serves HTTP, from another loop, or from plain threads (load tests).  Every wait is
bounded: long polls are capped by ``max_poll_wait`` and injected delays by ``MAX_DELAY``.

Usage::

    async with FakeBotApi() as api:
        app = api.application_builder().build()
        ...
        api.send_text(1001, "/start")
        [call] = await api.wait_for("sendMessage")

    api = FakeBotApi().start_in_thread()   # sync / threaded code
    try: ...
    finally: api.stop()
"""
from __future__ import annotations

import asyncio
import copy
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:  # pragma: no cover - imports for annotations only
    from telegram import Bot
    from telegram.ext import ApplicationBuilder

JSON = dict[str, Any]

DEFAULT_BOT_ID = 7_000_000_001
DEFAULT_BOT_USERNAME = "hoi_test_bot"
DEFAULT_BOT_NAME = "Hỏi Nghị quyết (test)"
#: Cap on any injected delay, so a typo can never hang a test run.
MAX_DELAY = 60.0
#: Telegram's limit on message text length, counted after entity parsing.
MAX_MESSAGE_LENGTH = 4096
#: Telegram's limit on ``callback_data`` (bytes, UTF-8).
MAX_CALLBACK_DATA_BYTES = 64

# Update kinds Telegram delivers when ``allowed_updates`` is unset or empty.
_DEFAULT_UPDATE_KINDS = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post", "inline_query",
        "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
        "poll", "poll_answer", "my_chat_member", "chat_join_request", "business_connection",
        "business_message", "edited_business_message", "deleted_business_messages",
        "purchased_paid_media", "removed_chat_boost", "chat_boost",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)
# Form fields that are free text: never JSON-decode them, or a user answer "42" would become 42.
_STRING_FIELDS = frozenset(
    {
        "text", "caption", "query", "data", "callback_query_id", "inline_query_id",
        "inline_message_id", "url", "secret_token", "parse_mode", "action", "language_code",
        "next_offset", "description", "short_description", "name", "ip_address", "emoji",
        "title", "switch_pm_text", "switch_pm_parameter", "message_effect_id",
        "business_connection_id", "file_id", "sticker", "photo", "document", "audio", "video",
        "voice", "animation", "certificate",
    }
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_HTTP_PHRASES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}
#: Pseudo status codes for recorded calls that got no HTTP response at all.
STATUS_DROPPED = 0
STATUS_CLIENT_GONE = 499

_API_PATH = re.compile(r"/bot(?P<token>[^/]*)/(?P<method>[A-Za-z0-9_]+)/?")
_CMD_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
_MENTION_RE = re.compile(r"(?<![A-Za-z0-9_/@])@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_])")
_URL_RE = re.compile(r"(?<!\S)https?://[^\s<>\"]+")
_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")


# --------------------------------------------------------------------------------------------
# Small building blocks
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """Raised inside a method handler to answer with Telegram's error envelope.

    Custom handlers registered with :meth:`FakeBotApi.on` raise it too, so that they can
    reproduce any Telegram error the real server would send.
    """

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        """Telegram's error envelope for this error."""
        out: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


class _Drop(Exception):
    """Internal: close the client's connection without any HTTP response."""


@dataclass
class Call:
    """One request the bot made, as the fake saw and answered it.

    ``status`` is the HTTP status sent back; ``STATUS_DROPPED`` (0) means the connection was
    dropped on purpose, ``STATUS_CLIENT_GONE`` (499) means the client hung up first.
    ``response`` is the JSON envelope sent (``None`` for dropped calls and plain-text bodies).
    """

    method: str
    params: JSON
    time: float  # wall clock (time.time()) when the request arrived
    monotonic: float  # time.monotonic() when the request arrived
    status: int = 200
    response: JSON | None = None
    duration: float = 0.0
    dropped: bool = False  # the connection was closed instead of sending ``response``

    @property
    def ok(self) -> bool:
        """True when the call succeeded server-side (even if ``dropped`` lost the reply)."""
        return self.status == 200 and bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The ``result`` field of a successful reply (``None`` otherwise)."""
        return self.response.get("result") if self.response else None


@dataclass
class _Fault:
    status: int
    body: JSON | str  # str -> sent as text/html (a proxy error page), JSON -> Telegram envelope
    remaining: int


@dataclass
class _Drops:
    remaining: int
    after_handling: bool


@dataclass
class _Delay:
    seconds: float
    remaining: int | None  # None: every call until cleared


@dataclass
class _Flood:
    global_per_second: int | None = None
    per_chat_per_second: int | None = None
    group_per_minute: int | None = None
    retry_after: int = 1
    global_hits: deque[float] = field(default_factory=deque)
    chat_hits: dict[Any, deque[float]] = field(default_factory=dict)
    group_hits: dict[Any, deque[float]] = field(default_factory=dict)


class _Signal:
    """A change counter that sync threads and coroutines on *any* event loop can wait on.

    Why not ``asyncio.Condition``: the fake may serve HTTP on one loop (or its own thread)
    while a test awaits on another loop or blocks in a plain thread.  Waiters first read
    ``version``, then check their condition, then wait for the version to move, so no
    notification can slip between the check and the wait.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._version = 0
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    @property
    def version(self) -> int:
        with self._cond:
            return self._version

    def notify(self) -> None:
        with self._cond:
            self._version += 1
            self._cond.notify_all()
            waiters, self._waiters = self._waiters, []
        for loop, fut in waiters:
            try:
                loop.call_soon_threadsafe(_resolve, fut)
            except RuntimeError:  # that loop is closed; nobody is waiting any more
                pass

    def wait_sync(self, version: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._version != version, max(0.0, timeout))

    async def wait_async(self, version: int, timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        entry = (loop, fut)
        with self._cond:
            if self._version != version:
                return True
            self._waiters.append(entry)
        try:
            await asyncio.wait_for(fut, max(0.0, timeout))
            return True
        except TimeoutError:
            return False
        finally:
            with self._cond:
                if entry in self._waiters:
                    self._waiters.remove(entry)


def _resolve(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


def _utf16_len(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _now() -> int:
    return int(time.time())


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {name} specified") from None


def _decode_form_value(name: str, value: str) -> Any:
    """Undo PTB's form encoding: strings go as-is, everything else as JSON text."""
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


# --------------------------------------------------------------------------------------------
# HTML parse mode
# --------------------------------------------------------------------------------------------

_HTML_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "code": "code", "pre": "pre", "a": "text_link",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji", "span": "spoiler",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTR_RE = re.compile(r"""([A-Za-z_][A-Za-z0-9_-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_CHARREF_RE = re.compile(r"&(#[xX][0-9A-Fa-f]{1,8}|#[0-9]{1,10}|[A-Za-z]{2,8});")


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Parse Telegram's HTML parse mode into ``(plain_text, entities)``.

    Why reimplement it: the bot answers in HTML and Telegram rejects malformed markup with
    ``400 Bad Request: can't parse entities``; a lenient fake would hide those bugs.  The
    supported subset and error texts follow https://core.telegram.org/bots/api#html-style.
    Offsets are UTF-16 code units, as in Telegram.  Raises :class:`ApiError` on bad markup.
    """
    out: list[str] = []
    pos = 0  # UTF-16 position in the plain text
    stack: list[tuple[str, int, JSON]] = []  # (tag, start offset, attrs)
    entities: list[JSON] = []
    i, n = 0, len(source)

    def fail(msg: str) -> ApiError:
        return ApiError(400, f"Bad Request: can't parse entities: {msg}")

    def byte_offset(k: int) -> int:
        return len(source[:k].encode("utf-8"))

    while i < n:
        ch = source[i]
        if ch == "<":
            end = source.find(">", i)
            if end < 0:
                raise fail(f"Can't find end of the tag starting at byte offset {byte_offset(i)}")
            inner = source[i + 1:end]
            if inner.startswith("/"):
                name = inner[1:].strip().lower()
                if not stack:
                    raise fail(
                        f'Unexpected end tag at byte offset {byte_offset(i)}'
                    )
                tag, start, attrs = stack.pop()
                if name and name != tag:
                    raise fail(
                        f'Unmatched end tag at byte offset {byte_offset(i)}, expected "</{tag}>", '
                        f'found "</{name}>"'
                    )
                _close_html_entity(tag, start, pos, attrs, stack, entities)
            else:
                m = _TAG_NAME_RE.match(inner)
                if not m:
                    raise fail(f'Unsupported start tag "{inner[:20]}" at byte offset '
                               f"{byte_offset(i)}")
                tag = m.group(0).lower()
                attrs = {
                    a.lower(): (v[1:-1] if v and v[0] in "\"'" else (v or ""))
                    for a, v in _ATTR_RE.findall(inner[m.end():])
                }
                bad_span = tag == "span" and attrs.get("class") != "tg-spoiler"
                if tag not in _HTML_SIMPLE or bad_span:
                    raise fail(f'Unsupported start tag "{tag}" at byte offset {byte_offset(i)}')
                if tag == "a" and not attrs.get("href"):
                    attrs["href"] = ""
                stack.append((tag, pos, attrs))
            i = end + 1
            continue
        if ch == "&":
            m = _CHARREF_RE.match(source, i)
            if m:
                ref = m.group(1)
                decoded: str | None
                if ref.startswith(("#x", "#X")):
                    decoded = chr(int(ref[2:], 16)) if int(ref[2:], 16) <= 0x10FFFF else None
                elif ref.startswith("#"):
                    decoded = chr(int(ref[1:])) if int(ref[1:]) <= 0x10FFFF else None
                else:
                    decoded = _HTML_NAMED.get(ref.lower())
                if decoded is not None:
                    out.append(decoded)
                    pos += _utf16_len(decoded)
                    i = m.end()
                    continue
            # Telegram keeps an unrecognised '&' as a literal character.
        out.append(ch)
        pos += _utf16_len(ch)
        i += 1
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close_html_entity(
    tag: str, start: int, end: int, attrs: JSON, stack: list[tuple[str, int, JSON]],
    entities: list[JSON],
) -> None:
    if tag == "code" and stack and stack[-1][0] == "pre":
        # <pre><code class="language-x"> is one pre entity with a language, like Telegram does.
        cls = attrs.get("class", "")
        if cls.startswith("language-"):
            stack[-1][2]["language"] = cls[len("language-"):]
        return
    if end <= start:  # Telegram drops empty entities
        return
    kind = _HTML_SIMPLE[tag]
    entity: JSON = {"type": kind, "offset": start, "length": end - start}
    if tag == "a":
        href = attrs.get("href", "")
        m = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if m:
            entity = {**entity, "type": "text_mention",
                      "user": {"id": int(m.group(1)), "is_bot": False, "first_name": "User"}}
        else:
            entity["url"] = href
    elif tag == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    entities.append(entity)


def detect_entities(text: str) -> list[JSON]:
    """Entities Telegram adds by itself to a user's text: bot commands, @mentions, URLs."""
    found: list[tuple[int, int, str]] = []
    taken: list[range] = []
    for rx, kind in ((_CMD_RE, "bot_command"), (_URL_RE, "url"), (_MENTION_RE, "mention")):
        for m in rx.finditer(text):
            if any(m.start() in r for r in taken):
                continue
            taken.append(range(m.start(), m.end()))
            found.append((m.start(), m.end(), kind))
    found.sort()
    return [
        {"type": kind, "offset": _utf16_len(text[:s]), "length": _utf16_len(text[s:e])}
        for s, e, kind in found
    ]


# --------------------------------------------------------------------------------------------
# The fake server
# --------------------------------------------------------------------------------------------

Handler = Callable[[JSON], Any]


class FakeBotApi:
    """A fake Telegram Bot API server plus the test-side controls to drive it.

    Counters (update_id, message_id) never go back, not even on :meth:`reset`, because a
    running PTB ``Updater`` keeps its offset and would silently drop "older" ids.
    """

    def __init__(
        self,
        *,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = DEFAULT_BOT_NAME,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        max_poll_wait: float = 30.0,
        privacy_mode: bool = False,
        first_update_id: int = 10_000,
    ) -> None:
        """
        Args:
            bot_id, bot_username, bot_first_name: the identity ``getMe`` reports.
            token: accepted token; defaults to ``"<bot_id>:FAKE-hoi-test-token"``.
            max_poll_wait: cap on one ``getUpdates`` wait, whatever ``timeout`` the bot asks.
            privacy_mode: like Telegram's group privacy, group messages that are neither
                commands, mentions of the bot nor replies to it are not delivered.
        """
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.token = token or f"{bot_id}:FAKE-hoi-test-token"
        self.host = host
        self.max_poll_wait = max_poll_wait
        self.privacy_mode = privacy_mode
        self._want_port = port
        self.port: int | None = None

        self._lock = threading.RLock()
        self._updates_sig = _Signal()  # wakes long polls and delays
        self._state_sig = _Signal()  # wakes test-side observers (wait_for / wait_until)

        self._next_update_id = first_update_id
        self._next_query_id = 4_000_000_000
        self._next_mid: dict[int, int] = {}
        self._pending: list[JSON] = []
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._active_polls = 0
        self._calls: list[Call] = []
        self._sent: list[JSON] = []
        self._messages: dict[tuple[int, int], JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._queries: dict[str, str] = {}  # query id -> "callback" | "inline"
        self._blocked: set[int] = set()
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook: JSON = {}
        self._faults: dict[str, deque[_Fault]] = {}
        self._drops: dict[str, deque[_Drops]] = {}
        self._delays: dict[str, _Delay] = {}
        self._flood: _Flood | None = None
        self._reachable = True
        self._closing = False
        self._custom: dict[str, Handler] = {}
        # Files users sent (send_document): file_id -> (file_path, content); downloads served
        # under /file/bot<token>/<file_path>, each one recorded in `downloads` (file_path).
        self._files: dict[str, tuple[str, bytes]] = {}
        self._next_file_no = 1
        self.downloads: list[str] = []
        self._file_sizes: dict[str, int] = {}  # file_id -> size claimed (tests of the 20 MB limit)

        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, tuple[str, Callable[[JSON], Any]]] = {
            name.lower(): (name, fn)
            for name, fn in {
                "getMe": self._m_get_me,
                "logOut": lambda p: True,
                "close": lambda p: True,
                "setWebhook": self._m_set_webhook,
                "deleteWebhook": self._m_delete_webhook,
                "getWebhookInfo": self._m_get_webhook_info,
                "setMyCommands": self._m_set_my_commands,
                "getMyCommands": self._m_get_my_commands,
                "deleteMyCommands": self._m_delete_my_commands,
                "setMyDescription": lambda p: True,
                "setMyShortDescription": lambda p: True,
                "setChatMenuButton": lambda p: True,
                "sendMessage": self._m_send_message,
                "sendChatAction": self._m_send_chat_action,
                "editMessageText": self._m_edit_message_text,
                "editMessageReplyMarkup": self._m_edit_message_reply_markup,
                "deleteMessage": self._m_delete_message,
                "answerCallbackQuery": self._m_answer_callback_query,
                "answerInlineQuery": self._m_answer_inline_query,
                "getFile": self._m_get_file,
            }.items()
        }

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``; PTB appends the token to it."""
        self._require_started()
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``: files sent with ``send_document``
        are downloadable there after ``getFile``; anything else answers 404."""
        self._require_started()
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def url(self) -> str:
        """Full API prefix including the token, for raw HTTP clients: ``url + "/getMe"``."""
        return self.base_url + self.token

    @property
    def bot_user(self) -> JSON:
        """The bot as a Telegram ``User`` object (the ``from`` of every bot message)."""
        return {
            "id": self.bot_id, "is_bot": True, "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _require_started(self) -> None:
        if self.port is None:
            raise RuntimeError("FakeBotApi is not started: use `async with` or start_in_thread()")

    async def start(self) -> FakeBotApi:
        """Serve on the running event loop (async tests)."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi already started")
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # handler_cancellation: a long poll whose client hung up must not keep running.
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None,
                               shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._want_port, reuse_address=True)
        await site.start()
        self._runner = runner
        self._loop = asyncio.get_running_loop()
        self.port = runner.addresses[0][1]
        return self

    async def aclose(self) -> None:
        """Stop serving; pending long polls return ``[]`` at once.  State is kept."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._closing = True
        self._updates_sig.notify()
        await runner.cleanup()
        self.port = None
        self._loop = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def start_in_thread(self, timeout: float = 10.0) -> FakeBotApi:
        """Serve from a dedicated daemon thread with its own loop (sync code, load tests)."""
        if self._thread is not None or self._runner is not None:
            raise RuntimeError("FakeBotApi already started")
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # report start failures to the caller
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self.aclose())
                loop.close()

        thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
        thread.start()
        if not ready.wait(timeout):
            raise RuntimeError("FakeBotApi thread did not start in time")
        if errors:
            thread.join(timeout)
            raise errors[0]
        self._thread = thread
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop a server started with :meth:`start_in_thread`."""
        thread, loop = self._thread, self._loop
        if thread is None:
            if self._runner is not None:
                raise RuntimeError("started with `async with`/start(); use `await api.aclose()`")
            return
        self._closing = True
        self._updates_sig.notify()
        if loop is not None:
            try:
                loop.call_soon_threadsafe(loop.stop)
            except RuntimeError:
                pass
        thread.join(timeout)
        self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start_in_thread()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------------- PTB conveniences

    def bot(self, **kwargs: Any) -> Bot:
        """A real ``telegram.Bot`` pointed at this server."""
        from telegram import Bot

        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, **kwargs)

    def application_builder(self) -> ApplicationBuilder:
        """A real ``ApplicationBuilder`` with token and URLs already set."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder().token(self.token).base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # ---------------------------------------------------------------- HTTP entry point

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        arrived, arrived_mono = time.time(), time.monotonic()
        call: Call | None = None
        try:
            if not self._reachable and not _API_PATH.fullmatch(request.path):
                raise _Drop()
            if request.path.startswith("/file/"):
                return self._download(request.path)
            m = _API_PATH.fullmatch(request.path)
            if not m:
                return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            try:
                params = await self._read_params(request)
            except ApiError as err:
                return self._json(err.status, err.body())
            raw_method = m.group("method")
            method = self._methods.get(raw_method.lower(), (raw_method, None))[0]
            for name, fn in self._custom.items():
                if name.lower() == raw_method.lower():
                    method = name
            call = Call(method=method, params=params, time=arrived, monotonic=arrived_mono)
            if not self._reachable:
                raise _Drop()
            if m.group("token") != self.token:
                return self._finish(call, 401, {"ok": False, "error_code": 401,
                                                "description": "Unauthorized"})
            await self._apply_delay(method)
            if self._take_drop(method, after_handling=False):
                raise _Drop()
            fault = self._take_fault(method)
            if fault is not None:
                return self._finish(call, fault.status, fault.body)
            try:
                result = await self._dispatch(method, params)
                status, body = 200, {"ok": True, "result": result}
            except ApiError as err:
                status, body = err.status, err.body()
            if self._take_drop(method, after_handling=True):
                call.status, call.response = status, body
                raise _Drop()
            return self._finish(call, status, body)
        except _Drop:
            if call is not None:
                call.dropped = True
                if call.response is None:
                    call.status = STATUS_DROPPED
                self._record(call, call.status, call.response)
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError() from None
        except asyncio.CancelledError:
            if call is not None and call.duration == 0.0:  # not recorded yet
                self._record(call, STATUS_CLIENT_GONE, None)
            raise

    def _download(self, path: str) -> web.Response:
        """GET /file/bot<token>/<file_path>: the bytes of a file a user sent, like Telegram's
        file server (a wrong token or an unknown path is a 404, as there)."""
        m = re.fullmatch(r"/file/bot(?P<token>[^/]*)/(?P<path>.+)", path)
        with self._lock:
            found = next((data for fp, data in self._files.values() if m and fp == m.group("path")), None)
            if m is None or m.group("token") != self.token or found is None:
                return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            self.downloads.append(m.group("path"))
        self._state_sig.notify()
        return web.Response(status=200, body=found, content_type="application/octet-stream")

    async def _read_params(self, request: web.Request) -> JSON:
        params: JSON = {k: _decode_form_value(k, v) for k, v in request.query.items()}
        if not request.body_exists:
            return params
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON body") from None
            if isinstance(body, dict):
                params.update(body)
            return params
        if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    content = value.file.read()
                    params[key] = {"filename": value.filename, "content_type": value.content_type,
                                   "size": len(content)}
                else:
                    params[key] = _decode_form_value(key, value)
        return params

    async def _dispatch(self, method: str, params: JSON) -> Any:
        custom = self._custom.get(method)
        if custom is not None:
            with self._lock:
                result = custom(params)
            if asyncio.iscoroutine(result):
                result = await result
            return result
        if method == "getUpdates":
            return await self._get_updates(params)
        entry = self._methods.get(method.lower())
        if entry is None:
            raise ApiError(404, "Not Found: method not found")
        with self._lock:
            return entry[1](params)

    def _finish(self, call: Call, status: int, body: JSON | str) -> web.Response:
        self._record(call, status, body if isinstance(body, dict) else None)
        if isinstance(body, str):
            return web.Response(status=status, text=body, content_type="text/html")
        return self._json(status, body)

    @staticmethod
    def _json(status: int, body: JSON) -> web.Response:
        return web.Response(status=status, content_type="application/json",
                            text=json.dumps(body, ensure_ascii=False))

    def _record(self, call: Call, status: int, response: JSON | None) -> None:
        call.status, call.response = status, response
        call.duration = max(time.monotonic() - call.monotonic, 1e-9)
        with self._lock:
            self._calls.append(call)
        self._state_sig.notify()

    # ---------------------------------------------------------------- fault machinery

    @staticmethod
    def _matches(rule: str, method: str) -> bool:
        # "*" means every method except the poll loop, which tests rarely want to break.
        return rule.lower() == method.lower() or (rule == "*" and method != "getUpdates")

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for rule, queue in self._faults.items():
                if self._matches(rule, method) and queue:
                    fault = queue[0]
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        queue.popleft()
                    return fault
        return None

    def _take_drop(self, method: str, *, after_handling: bool) -> bool:
        with self._lock:
            for rule, queue in self._drops.items():
                if (self._matches(rule, method) and queue
                        and queue[0].after_handling == after_handling):
                    queue[0].remaining -= 1
                    if queue[0].remaining <= 0:
                        queue.popleft()
                    return True
        return False

    async def _apply_delay(self, method: str) -> None:
        seconds = 0.0
        with self._lock:
            for rule, d in list(self._delays.items()):
                if self._matches(rule, method):
                    seconds = max(seconds, d.seconds)
                    if d.remaining is not None:
                        d.remaining -= 1
                        if d.remaining <= 0:
                            del self._delays[rule]
        await self._sleep(min(seconds, MAX_DELAY))

    async def _sleep(self, seconds: float) -> None:
        """Sleep that ends early when the server closes or goes unreachable."""
        deadline = time.monotonic() + seconds
        while True:
            version = self._updates_sig.version
            if self._closing:
                return
            if not self._reachable:
                raise _Drop()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            await self._updates_sig.wait_async(version, remaining)

    def _check_flood(self, chat_id: Any) -> None:
        flood = self._flood
        if flood is None:
            return
        now = time.monotonic()

        def hit(window: deque[float], limit: int | None, span: float) -> bool:
            while window and now - window[0] >= span:
                window.popleft()
            return limit is not None and len(window) >= limit

        too_many = ApiError(429, f"Too Many Requests: retry after {flood.retry_after}",
                            {"retry_after": flood.retry_after})
        chat_w = flood.chat_hits.setdefault(chat_id, deque())
        group_w = flood.group_hits.setdefault(chat_id, deque())
        is_group = isinstance(chat_id, int) and chat_id < 0
        if (hit(flood.global_hits, flood.global_per_second, 1.0)
                or hit(chat_w, flood.per_chat_per_second, 1.0)
                or (is_group and hit(group_w, flood.group_per_minute, 60.0))):
            raise too_many
        flood.global_hits.append(now)
        chat_w.append(now)
        if is_group:
            group_w.append(now)

    # ---------------------------------------------------------------- getUpdates

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = params.get("offset")
        limit = min(max(_as_int(params.get("limit", 100), "limit"), 1), 100)
        try:
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: invalid timeout specified") from None
        allowed = params.get("allowed_updates")
        with self._lock:
            if self._webhook.get("url"):
                raise ApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                    "active; use deleteWebhook to delete the webhook first")
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(allowed) or None
            if offset is not None:
                self._confirm(_as_int(offset, "offset"))
            self._poll_generation += 1
            generation = self._poll_generation
        self._updates_sig.notify()  # an older poll still waiting must now end with 409
        self._state_sig.notify()  # confirmations change pending_count()
        deadline = time.monotonic() + min(timeout, self.max_poll_wait)
        with self._lock:
            self._active_polls += 1
        self._state_sig.notify()
        try:
            while True:
                version = self._updates_sig.version
                with self._lock:
                    if generation != self._poll_generation:
                        raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                            "make sure that only one bot instance is running")
                    if not self._reachable:
                        raise _Drop()
                    batch = self._deliverable(limit)
                if batch or self._closing:
                    return batch
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                await self._updates_sig.wait_async(version, remaining)
        finally:
            with self._lock:
                self._active_polls -= 1
            self._state_sig.notify()

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]

    def _deliverable(self, limit: int) -> list[JSON]:
        allowed = self._allowed_updates or _DEFAULT_UPDATE_KINDS
        # Telegram never keeps updates of kinds the bot did not ask for.
        self._pending = [u for u in self._pending if _update_kind(u) in allowed]
        return copy.deepcopy(self._pending[:limit])

    # ---------------------------------------------------------------- Bot API methods

    def _m_get_me(self, p: JSON) -> JSON:
        return {
            **self.bot_user, "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": True, "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_set_webhook(self, p: JSON) -> bool:
        url = p.get("url") or ""
        if url and not url.startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for "
                                "webhook")
        if p.get("drop_pending_updates"):
            self._pending.clear()
        self._webhook = {k: v for k, v in p.items() if k != "certificate"} if url else {}
        return True

    def _m_delete_webhook(self, p: JSON) -> bool:
        self._webhook = {}
        if p.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _m_get_webhook_info(self, p: JSON) -> JSON:
        info: JSON = {
            "url": self._webhook.get("url", ""), "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook.get("max_connections"):
            info["max_connections"] = self._webhook["max_connections"]
        if self._webhook.get("allowed_updates"):
            info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    @staticmethod
    def _commands_key(p: JSON) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), p.get("language_code") or ""

    def _m_set_my_commands(self, p: JSON) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100 commands")
        for c in commands:
            if not isinstance(c, dict) or not _COMMAND_NAME_RE.fullmatch(str(c.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(p)
        self._commands[key] = [{"command": c["command"], "description": c["description"]}
                               for c in commands]
        return True

    def _m_get_my_commands(self, p: JSON) -> list[JSON]:
        return copy.deepcopy(self._commands.get(self._commands_key(p), []))

    def _m_delete_my_commands(self, p: JSON) -> bool:
        self._commands.pop(self._commands_key(p), None)
        return True

    def _chat_for(self, chat_id: Any) -> JSON:
        """The Chat object for a chat_id the bot writes to (lenient for unseen chats)."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username", "").lower() == chat_id[1:].lower():
                    return chat
            raise ApiError(400, "Bad Request: chat not found")
        cid = _as_int(chat_id, "chat_id") if chat_id is not None else None
        if cid is None or cid == 0:
            raise ApiError(400, "Bad Request: chat_id is empty")
        if cid in self._chats:
            return self._chats[cid]
        if cid > 0:
            return {"id": cid, "type": "private", "first_name": f"User{cid}"}
        kind = "supergroup" if str(cid).startswith("-100") else "group"
        return {"id": cid, "type": kind, "title": f"Group {cid}"}

    def _check_can_write(self, chat: JSON) -> None:
        if chat["type"] == "private" and chat["id"] in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    def _alloc_mid(self, chat_id: int) -> int:
        mid = self._next_mid.get(chat_id, 0) + 1
        self._next_mid[chat_id] = mid
        return mid

    @staticmethod
    def _render(p: JSON) -> tuple[str, list[JSON]]:
        text = p.get("text")
        if text is None or text == "":
            raise ApiError(400, "Bad Request: message text is empty")
        text = str(text)
        mode = str(p.get("parse_mode") or "").lower()
        if mode == "html":
            plain, entities = parse_html(text)
        else:
            # Markdown modes are passed through unparsed (the project renders HTML).
            plain, entities = text, list(p.get("entities") or [])
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(plain) > MAX_MESSAGE_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        return plain, entities

    @staticmethod
    def _check_markup(markup: Any) -> JSON | None:
        """Validate reply_markup; return what Telegram echoes back in the Message (inline only)."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # reply keyboards / ForceReply / removal are not echoed in Message
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, 'Bad Request: field "inline_keyboard" of the '
                                "InlineKeyboardMarkup should be an Array of Arrays")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
                data = button.get("callback_data")
                if data is not None and not (
                    0 < len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"(https?|tg)://", str(url)):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        return copy.deepcopy(markup) if any(rows) else None

    def _m_send_message(self, p: JSON) -> JSON:
        chat = self._chat_for(p.get("chat_id"))
        self._check_can_write(chat)
        plain, entities = self._render(p)
        markup = self._check_markup(p.get("reply_markup"))
        self._check_flood(chat["id"])
        msg: JSON = {"message_id": self._alloc_mid(chat["id"]), "from": self.bot_user,
                     "chat": copy.deepcopy(chat), "date": _now(), "text": plain}
        if entities:
            msg["entities"] = entities
        reply = p.get("reply_parameters")
        if reply is None and p.get("reply_to_message_id") is not None:
            reply = {"message_id": p["reply_to_message_id"]}
        if isinstance(reply, dict) and reply.get("message_id") is not None:
            target = self._messages.get((chat["id"], _as_int(reply["message_id"], "message_id")))
            if target is not None:
                msg["reply_to_message"] = _without_reply(target)
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        if p.get("message_thread_id") is not None:
            msg["message_thread_id"] = p["message_thread_id"]
        if markup is not None:
            msg["reply_markup"] = markup
        self._messages[(chat["id"], msg["message_id"])] = msg
        self._sent.append(copy.deepcopy(msg))
        return copy.deepcopy(msg)

    def _m_send_chat_action(self, p: JSON) -> bool:
        chat = self._chat_for(p.get("chat_id"))
        self._check_can_write(chat)
        if p.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _editable(self, p: JSON) -> JSON | None:
        """The stored bot message an edit targets, or None for inline messages."""
        if p.get("inline_message_id"):
            return None
        chat = self._chat_for(p.get("chat_id"))
        key = (chat["id"], _as_int(p.get("message_id"), "message_id"))
        msg = self._messages.get(key)
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if msg["from"]["id"] != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        return msg

    def _m_edit_message_text(self, p: JSON) -> JSON | bool:
        msg = self._editable(p)
        plain, entities = self._render(p)
        markup = self._check_markup(p.get("reply_markup"))
        if msg is None:
            return True
        self._check_flood(msg["chat"]["id"])
        if (plain == msg.get("text") and entities == msg.get("entities", [])
                and markup == msg.get("reply_markup")):
            raise ApiError(400, _NOT_MODIFIED)
        msg["text"] = plain
        msg.pop("entities", None)
        if entities:
            msg["entities"] = entities
        # Like Telegram: an edit without reply_markup removes the inline keyboard.
        msg.pop("reply_markup", None)
        if markup is not None:
            msg["reply_markup"] = markup
        msg["edit_date"] = _now()
        return copy.deepcopy(msg)

    def _m_edit_message_reply_markup(self, p: JSON) -> JSON | bool:
        msg = self._editable(p)
        markup = self._check_markup(p.get("reply_markup"))
        if msg is None:
            return True
        if markup == msg.get("reply_markup"):
            raise ApiError(400, _NOT_MODIFIED)
        msg.pop("reply_markup", None)
        if markup is not None:
            msg["reply_markup"] = markup
        msg["edit_date"] = _now()
        return copy.deepcopy(msg)

    def _m_delete_message(self, p: JSON) -> bool:
        chat = self._chat_for(p.get("chat_id"))
        key = (chat["id"], _as_int(p.get("message_id"), "message_id"))
        if self._messages.pop(key, None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _m_get_file(self, p: JSON) -> JSON:
        """Like Telegram: a file over the 20 MB download limit is refused ("file is too big")."""
        entry = self._files.get(str(p.get("file_id") or ""))
        if entry is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        file_path, data = entry
        size = self._file_sizes.get(str(p["file_id"]), len(data))
        if size > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": p["file_id"], "file_unique_id": f"u{p['file_id']}", "file_size": size,
                "file_path": file_path}

    def _m_answer_callback_query(self, p: JSON) -> bool:
        if self._queries.get(str(p.get("callback_query_id"))) != "callback":
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or "
                                "query ID is invalid")
        if len(str(p.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _m_answer_inline_query(self, p: JSON) -> bool:
        if self._queries.get(str(p.get("inline_query_id"))) != "inline":
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or "
                                "query ID is invalid")
        results = p.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results if isinstance(r, dict)]
        if len(set(ids)) != len(ids):
            raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        if any(not i or len(i.encode("utf-8")) > 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        return True

    # ---------------------------------------------------------------- test side: updates

    def _enqueue(self, update: JSON) -> JSON:
        with self._lock:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            self._pending.append(update)
            out = copy.deepcopy(update)
        self._updates_sig.notify()
        self._state_sig.notify()
        return out

    def add_update(self, raw: JSON) -> JSON:
        """Enqueue any raw update dict; ``update_id`` is assigned when missing."""
        return self._enqueue(copy.deepcopy(raw))

    def _user(self, user_id: int, first_name: str | None, username: str | None,
              language_code: str | None) -> JSON:
        known = self._users.get(user_id, {})
        user: JSON = {"id": user_id, "is_bot": False,
                      "first_name": first_name or known.get("first_name") or f"User{user_id}"}
        uname = username if username is not None else known.get("username")
        if uname:
            user["username"] = uname
        lang = language_code if language_code is not None else known.get("language_code")
        if lang:
            user["language_code"] = lang
        self._users[user_id] = user
        return user

    def _user_chat(self, user: JSON, chat_id: int | None, chat_type: str,
                   chat_title: str | None) -> JSON:
        if chat_type == "private":
            if chat_id is not None and chat_id != user["id"]:
                raise ValueError("a private chat's id is the user's id")
            chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            if user.get("username"):
                chat["username"] = user["username"]
        elif chat_type in ("group", "supergroup"):
            if chat_id is None or chat_id >= 0:
                raise ValueError("group chats need an explicit negative chat_id")
            known = self._chats.get(chat_id, {})
            chat = {"id": chat_id, "type": chat_type,
                    "title": chat_title or known.get("title") or f"Nhóm {chat_id}"}
        else:
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        self._chats[chat["id"]] = chat
        return chat

    def _user_message(
        self, user_id: int, text: str, chat_id: int | None, chat_type: str,
        first_name: str | None, username: str | None, reply_to_bot_message_id: int | None,
        entities: list[JSON] | None, chat_title: str | None, language_code: str | None,
    ) -> JSON:
        user = self._user(user_id, first_name, username, language_code)
        chat = self._user_chat(user, chat_id, chat_type, chat_title)
        msg: JSON = {"message_id": self._alloc_mid(chat["id"]), "from": user,
                     "chat": copy.deepcopy(chat), "date": _now(), "text": text}
        ents = detect_entities(text) if entities is None else list(entities)
        if ents:
            msg["entities"] = ents
        if reply_to_bot_message_id is not None:
            target = self._messages.get((chat["id"], reply_to_bot_message_id))
            if target is None or target["from"]["id"] != self.bot_id:
                raise KeyError(f"no bot message {reply_to_bot_message_id} in chat {chat['id']}")
            msg["reply_to_message"] = _without_reply(target)
        return msg

    def _privacy_hides(self, msg: JSON) -> bool:
        """Group privacy mode: Telegram only forwards commands, mentions and replies."""
        if not self.privacy_mode or msg["chat"]["type"] == "private":
            return False
        if msg.get("reply_to_message", {}).get("from", {}).get("id") == self.bot_id:
            return False
        text = msg.get("text", "")
        return not (text.startswith("/") or f"@{self.bot_username}".lower() in text.lower())

    def send_text(
        self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private",
        first_name: str | None = None, username: str | None = None,
        reply_to_bot_message_id: int | None = None, entities: list[JSON] | None = None, *,
        chat_title: str | None = None, language_code: str | None = "vi",
    ) -> JSON | None:
        """Enqueue a ``message`` update as if ``user_id`` typed ``text``.

        Entities: ``None`` auto-detects bot_command / mention / url like Telegram does; pass
        a list (even ``[]``) to set them exactly.  Returns the update (``upd["message"]
        ["message_id"]`` is the new id), or ``None`` if group privacy mode swallowed it.
        """
        with self._lock:
            msg = self._user_message(user_id, text, chat_id, chat_type, first_name, username,
                                     reply_to_bot_message_id, entities, chat_title, language_code)
            self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
            if self._privacy_hides(msg):
                return None
            return self._enqueue({"message": copy.deepcopy(msg)})

    def send_edited_text(
        self, user_id: int, text: str, message_id: int | None = None,
        chat_id: int | None = None, chat_type: str = "private",
        entities: list[JSON] | None = None,
    ) -> JSON:
        """Enqueue an ``edited_message`` update: the user edits one of their messages
        (``message_id``; default: their latest message in that chat)."""
        with self._lock:
            cid = user_id if chat_type == "private" else chat_id
            if cid is None:
                raise ValueError("group chats need an explicit chat_id")
            if message_id is None:
                mine = [mid for (c, mid), m in self._messages.items()
                        if c == cid and m["from"]["id"] == user_id]
                if not mine:
                    raise KeyError(f"user {user_id} has no message in chat {cid}")
                message_id = max(mine)
            msg = self._messages.get((cid, message_id))
            if msg is None or msg["from"]["id"] != user_id:
                raise KeyError(f"no message {message_id} of user {user_id} in chat {cid}")
            msg["text"] = text
            msg.pop("entities", None)
            ents = detect_entities(text) if entities is None else list(entities)
            if ents:
                msg["entities"] = ents
            msg["edit_date"] = _now()
            return self._enqueue({"edited_message": copy.deepcopy(msg)})

    def send_forwarded_text(
        self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private",
        *, origin: str = "user", origin_user_id: int = 555_000_001,
        origin_name: str = "Người gửi gốc", origin_chat_id: int = -1_001_555_000_001,
        origin_date: int | None = None, entities: list[JSON] | None = None,
        first_name: str | None = None, username: str | None = None,
    ) -> JSON:
        """Enqueue a ``message`` that ``user_id`` forwarded from someone else.

        ``origin``: "user" (visible sender), "hidden_user" (sender hides their account),
        "channel" or "chat" — the Bot API 7 ``forward_origin`` shapes.
        """
        date = origin_date or _now() - 3600
        if origin == "user":
            fo: JSON = {"type": "user", "date": date, "sender_user": {
                "id": origin_user_id, "is_bot": False, "first_name": origin_name}}
        elif origin == "hidden_user":
            fo = {"type": "hidden_user", "date": date, "sender_user_name": origin_name}
        elif origin == "channel":
            fo = {"type": "channel", "date": date, "message_id": 1,
                  "chat": {"id": origin_chat_id, "type": "channel", "title": origin_name}}
        elif origin == "chat":
            fo = {"type": "chat", "date": date,
                  "sender_chat": {"id": origin_chat_id, "type": "supergroup", "title": origin_name}}
        else:
            raise ValueError(f"unsupported origin {origin!r}")
        with self._lock:
            msg = self._user_message(user_id, text, chat_id, chat_type, first_name, username,
                                     None, entities, None, "vi")
            msg["forward_origin"] = fo
            self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
            return self._enqueue({"message": copy.deepcopy(msg)})

    def send_document(
        self, user_id: int, data: bytes, file_name: str, *, mime_type: str | None = None,
        chat_id: int | None = None, chat_type: str = "private", caption: str | None = None,
        file_size: int | None = None, chat_title: str | None = None,
    ) -> JSON | None:
        """Enqueue a ``message`` update carrying a ``document``, as if ``user_id`` sent the file
        ``file_name`` with content ``data``; the bot can then getFile and download it.
        ``file_size`` claims another size (e.g. over the 20 MB download limit) without
        building such a file. Returns the update, or ``None`` if privacy mode hid it."""
        with self._lock:
            msg = self._user_message(user_id, caption or "", chat_id, chat_type, None, None, None,
                                     None if caption else [], chat_title, "vi")
            del msg["text"]
            msg.pop("entities", None)
            if caption:
                msg["caption"] = caption
                ents = detect_entities(caption)
                if ents:
                    msg["caption_entities"] = ents
            file_id = f"DOC{self._next_file_no:06d}"
            self._next_file_no += 1
            self._files[file_id] = (f"documents/file_{file_id}{_suffix(file_name)}", bytes(data))
            size = len(data) if file_size is None else file_size
            if file_size is not None:
                self._file_sizes[file_id] = file_size
            msg["document"] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                               "mime_type": mime_type or _MIME.get(_suffix(file_name), "application/octet-stream"),
                               "file_size": size}
            self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
            if self._privacy_hides(msg):
                return None
            return self._enqueue({"message": copy.deepcopy(msg)})

    def press_button(
        self, user_id: int, chat_id: int, message_id: int, data: str, *, check: bool = True,
        first_name: str | None = None, username: str | None = None,
    ) -> JSON:
        """Enqueue a ``callback_query``: ``user_id`` taps an inline button with ``data`` on
        bot message ``message_id``.  ``check`` insists that such a button exists, because a
        real client can only send data the bot put on the keyboard."""
        with self._lock:
            msg = self._messages.get((chat_id, message_id))
            if msg is None or msg["from"]["id"] != self.bot_id:
                raise KeyError(f"no bot message {message_id} in chat {chat_id}")
            if check:
                buttons = [b.get("callback_data") for row in
                           msg.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
                if data not in buttons:
                    raise ValueError(f"message {message_id} has no button with data {data!r}: "
                                     f"{buttons}")
            user = self._user(user_id, first_name, username, None)
            qid = str(self._next_query_id)
            self._next_query_id += 1
            self._queries[qid] = "callback"
            cq = {"id": qid, "from": user, "message": copy.deepcopy(msg),
                  "chat_instance": str(abs(chat_id) * 7919 % 10**12), "data": data}
            return self._enqueue({"callback_query": cq})

    def inline_query(self, user_id: int, query: str, offset: str = "",
                     chat_type: str = "private", *, first_name: str | None = None,
                     username: str | None = None) -> JSON:
        """Enqueue an ``inline_query`` update (``@bot query`` typed in any chat)."""
        with self._lock:
            user = self._user(user_id, first_name, username, None)
            qid = str(self._next_query_id)
            self._next_query_id += 1
            self._queries[qid] = "inline"
            iq = {"id": qid, "from": user, "query": query, "offset": offset,
                  "chat_type": chat_type}
            return self._enqueue({"inline_query": iq})

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return copy.deepcopy(self._pending)

    def pending_count(self) -> int:
        """How many updates wait for confirmation (0 once the bot has caught up)."""
        with self._lock:
            return len(self._pending)

    def active_polls(self) -> int:
        """getUpdates requests currently waiting; ``wait_until(lambda: api.active_polls())``
        tells a test the bot is polling."""
        with self._lock:
            return self._active_polls

    # ---------------------------------------------------------------- test side: inspection

    def calls(self, method: str | None = None, *, since: int = 0) -> list[Call]:
        """Recorded calls (all attempts, failed ones too), oldest first."""
        with self._lock:
            return [c for c in self._calls[since:]
                    if method is None or c.method.lower() == method.lower()]

    def mark(self) -> int:
        """A position in the call log, for ``calls(since=...)`` / ``wait_for(since=...)``."""
        with self._lock:
            return len(self._calls)

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages successfully sent by the bot (as first sent; see :meth:`message`)."""
        with self._lock:
            return [copy.deepcopy(m) for m in self._sent
                    if chat_id is None or m["chat"]["id"] == chat_id]

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """Current state of a message (after edits), or ``None`` if deleted/unknown."""
        with self._lock:
            msg = self._messages.get((chat_id, message_id))
            return copy.deepcopy(msg) if msg is not None else None

    def webhook(self) -> JSON:
        """Parameters of the last setWebhook (empty when none is set)."""
        with self._lock:
            return copy.deepcopy(self._webhook)

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """Commands the bot registered for a scope (default scope) and language."""
        with self._lock:
            return self._m_get_my_commands({"scope": scope, "language_code": language_code})

    def _select(self, method: str, predicate: Callable[[Call], bool] | None, since: int,
                include_failed: bool) -> list[Call]:
        return [c for c in self.calls(method, since=since)
                if (include_failed or c.ok) and (predicate is None or predicate(c))]

    def _timeout_message(self, method: str, count: int, got: int, timeout: float) -> str:
        seen = [f"{c.method}:{c.status}" for c in self.calls()[-15:]]
        return (f"waited {timeout}s for {count} {method} call(s), got {got}; "
                f"last calls: {seen}")

    async def wait_for(
        self, method: str, predicate: Callable[[Call], bool] | None = None, count: int = 1,
        timeout: float = 10.0, *, since: int = 0, include_failed: bool = False,
    ) -> list[Call]:
        """Wait until ``count`` successful ``method`` calls (matching ``predicate``) were
        recorded since ``since``; return the first ``count``.  Raises ``TimeoutError``."""
        deadline = time.monotonic() + timeout
        while True:
            version = self._state_sig.version
            found = self._select(method, predicate, since, include_failed)
            if len(found) >= count:
                return found[:count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(self._timeout_message(method, count, len(found), timeout))
            await self._state_sig.wait_async(version, remaining)

    def wait_for_sync(
        self, method: str, predicate: Callable[[Call], bool] | None = None, count: int = 1,
        timeout: float = 10.0, *, since: int = 0, include_failed: bool = False,
    ) -> list[Call]:
        """Blocking twin of :meth:`wait_for` for threads (never call it on the server's loop)."""
        self._refuse_blocking_on_server_loop()
        deadline = time.monotonic() + timeout
        while True:
            version = self._state_sig.version
            found = self._select(method, predicate, since, include_failed)
            if len(found) >= count:
                return found[:count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(self._timeout_message(method, count, len(found), timeout))
            self._state_sig.wait_sync(version, remaining)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``condition()`` holds; re-checked on every recorded call or update."""
        deadline = time.monotonic() + timeout
        while True:
            version = self._state_sig.version
            if condition():
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition still false after {timeout}s")
            await self._state_sig.wait_async(version, remaining)

    def wait_until_sync(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Blocking twin of :meth:`wait_until`."""
        self._refuse_blocking_on_server_loop()
        deadline = time.monotonic() + timeout
        while True:
            version = self._state_sig.version
            if condition():
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition still false after {timeout}s")
            self._state_sig.wait_sync(version, remaining)

    def _refuse_blocking_on_server_loop(self) -> None:
        loop = self._loop
        if loop is not None:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                return
            if running is loop:
                raise RuntimeError("blocking wait on the server's own loop would deadlock; "
                                   "use `await api.wait_for(...)`")

    # ---------------------------------------------------------------- test side: faults & control

    def fail_next(self, method: str, n: int = 1, status: int = 429, retry_after: int = 1,
                  description: str | None = None, *, plain: bool | None = None) -> None:
        """Answer the next ``n`` calls of ``method`` ("*" = any but getUpdates) with an error.

        429 uses Telegram's flood shape with ``parameters.retry_after``.  Other codes get
        the JSON envelope, except ``plain=True`` (default for 502/504) which sends an HTML
        proxy error page like the nginx in front of Telegram does.
        """
        if n <= 0:
            return
        if plain is None:
            plain = status in (502, 504)
        phrase = _HTTP_PHRASES.get(status, "Error")
        body: JSON | str
        if plain:
            body = (_BAD_GATEWAY_HTML if status == 502
                    else f"<html><body>{status} {phrase}</body></html>")
        elif status == 429:
            body = {"ok": False, "error_code": 429,
                    "description": description or f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after}}
        else:
            body = {"ok": False, "error_code": status, "description": description or phrase}
        with self._lock:
            self._faults.setdefault(method, deque()).append(_Fault(status, body, n))

    def drop_next(self, method: str, n: int = 1, *, after_handling: bool = False) -> None:
        """Close the connection without a reply on the next ``n`` calls of ``method``.

        ``after_handling=True`` first performs the call (the message *is* sent) and then
        loses the reply — the case that makes naive client retries send duplicates.
        """
        if n > 0:
            with self._lock:
                self._drops.setdefault(method, deque()).append(_Drops(n, after_handling))

    def delay(self, method: str, seconds: float, n: int | None = None) -> None:
        """Slow down replies to ``method`` ("*" = any but getUpdates) by ``seconds`` (capped
        at ``MAX_DELAY``), for the next ``n`` calls or until ``delay(method, 0)``."""
        with self._lock:
            if seconds <= 0:
                self._delays.pop(method, None)
            else:
                self._delays[method] = _Delay(min(seconds, MAX_DELAY), n)

    def flood_limit(self, *, global_per_second: int | None = None,
                    per_chat_per_second: int | None = None, group_per_minute: int | None = None,
                    retry_after: int = 1) -> None:
        """Enforce Telegram-like flood limits on sendMessage/edits with 429 + retry_after.
        Call with no limits to switch off."""
        with self._lock:
            if global_per_second is per_chat_per_second is group_per_minute is None:
                self._flood = None
            else:
                self._flood = _Flood(global_per_second, per_chat_per_second, group_per_minute,
                                     retry_after)

    def unreachable(self) -> None:
        """Simulate a network outage: every request (and every waiting long poll) gets its
        connection closed with no response, so PTB raises ``NetworkError``."""
        self._reachable = False
        self._updates_sig.notify()

    def reachable(self) -> None:
        """End an outage started with :meth:`unreachable`."""
        self._reachable = True
        self._updates_sig.notify()

    def block(self, user_id: int) -> None:
        """The user blocked the bot: sends to their private chat get 403 Forbidden."""
        with self._lock:
            self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        with self._lock:
            self._blocked.discard(user_id)

    def on(self, method: str, handler: Handler | None) -> None:
        """Serve ``method`` with ``handler(params) -> result`` (may be async, may raise
        :class:`ApiError`); overrides built-ins.  ``None`` removes the override."""
        with self._lock:
            if handler is None:
                self._custom.pop(method, None)
            else:
                self._custom[method] = handler

    def reset(self, *, keep_updates: bool = False) -> None:
        """Forget calls, sent messages, faults, delays, limits, blocks and (unless
        ``keep_updates``) pending updates.  Id counters continue (see class docstring)."""
        with self._lock:
            self._calls.clear()
            self._sent.clear()
            self._faults.clear()
            self._drops.clear()
            self._delays.clear()
            self._flood = None
            self._blocked.clear()
            self._custom.clear()
            if not keep_updates:
                self._pending.clear()
        self.reachable()
        self._state_sig.notify()

    def __repr__(self) -> str:
        where = f"{self.host}:{self.port}" if self.port else "stopped"
        return f"<FakeBotApi @{self.bot_username} {where} calls={len(self._calls)}>"


DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the Bot API's getFile limit
_MIME = {".pdf": "application/pdf", ".txt": "text/plain",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _update_kind(update: JSON) -> str:
    return next((k for k in update if k != "update_id"), "")


def _without_reply(msg: JSON) -> JSON:
    """Telegram nests reply_to_message only one level deep."""
    out = copy.deepcopy(msg)
    out.pop("reply_to_message", None)
    return out


__all__ = [
    "ApiError", "Call", "DEFAULT_BOT_ID", "DEFAULT_BOT_USERNAME", "FakeBotApi", "MAX_DELAY",
    "STATUS_CLIENT_GONE", "STATUS_DROPPED", "detect_entities", "parse_html",
]
