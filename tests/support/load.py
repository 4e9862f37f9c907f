"""A reusable load harness: N simulated users × M questions through the REAL bot stack.

Why here and not in a benchmark script: the benchmarks (bench/, issue 6) and the reliability
load test (200 users) must measure the same thing the same way, and both must drive the real
python-telegram-bot Application (its Updater long polling, concurrent updates, AIORateLimiter,
HTML replies) against the local fake Bot API server, never a mocked ``Bot``.

What one run does:

* every user is a coroutine that sends a private-chat question, waits for the bot's reply to
  that chat, then sends its next question (a closed loop, like a person who reads the answer
  before asking again; ``think_s`` adds a pause between questions);
* a single collector reads the fake's call log once per change and routes every successful
  ``sendMessage`` to the chat it was sent to, so a run with hundreds of users costs O(calls)
  and not O(users × calls);
* per question it records the latency from the moment the update was queued on the fake
  server to the first reply part (what the user waits for) and to the final part;
* afterwards it waits for the bot to go quiet and counts what should not exist: questions
  never answered (``lost``), answers delivered more than once (``duplicates``) and any other
  bot message (``stray``).

Everything is bounded: users and questions by ``MAX_USERS`` / ``MAX_QUESTIONS``, each wait by
``reply_timeout_s``, a whole run by ``deadline_s`` (users stop asking once it has passed, and
the report says ``timed_out``).

Typical use (sync code, e.g. a benchmark)::

    report = run_bot_load(engine, index_dir, questions, users=10, per_user=5)
    assert report.lost == 0 and report.duplicates == 0
    print(report.replies_per_s, report.percentile(95))

Several load levels against one running bot (async)::

    async with BotUnderLoad(engine, index_dir) as bot:
        for users in (1, 10, 100):
            report = await bot.run(questions, users=users, per_user=3)
"""
from __future__ import annotations

import asyncio
import math
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fake_bot_api import Call, FakeBotApi

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from telegram.ext import Application

    from hoi.settings import Settings

#: Hard caps, so a typo in a load test cannot run for hours or exhaust memory.
MAX_USERS = 1000
MAX_QUESTIONS = 20_000
MAX_DEADLINE_S = 1800.0
#: Private-chat user ids handed out by a session; far from the ids other tests use.
FIRST_USER_ID = 50_000_000


def default_is_final(call: Call) -> bool:
    """Whether a bot message ends its reply.

    This bot puts the inline keyboard (clause, source, 👍/👎) under the *last* part of an
    answer that had to be split, and sends notices (refusal, "slow down", errors) as single
    plain-text messages. So an HTML message without a keyboard may be followed by more parts;
    the harness then waits ``final_grace_s`` for them before it considers the reply complete.
    """
    params = call.params
    if params.get("reply_markup"):
        return True
    return str(params.get("parse_mode") or "").upper() != "HTML"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values. Nearest-rank, not
    interpolated, so a p99 over 100 samples is a latency a user really saw."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return float(ordered[min(rank, len(ordered)) - 1])


def check_bounds(users: int, per_user: int) -> None:
    """Refuse a run bigger than the caps before anything is started."""
    if not 1 <= users <= MAX_USERS:
        raise ValueError(f"users must be in 1..{MAX_USERS}, not {users}")
    if per_user < 1 or users * per_user > MAX_QUESTIONS:
        raise ValueError(f"users × per_user must be in 1..{MAX_QUESTIONS}, not {users} × {per_user}")


@dataclass
class QuestionResult:
    """One question of one user, as the harness saw it."""

    user_id: int
    index: int
    question: str
    sent_at: float  # time.monotonic() when the update was queued on the fake server
    first_ms: float | None = None  # → first reply part
    final_ms: float | None = None  # → last reply part (None when it never ended)
    parts: int = 0
    final_marked: bool = False  # ended with a part `is_final` recognised (not by grace)


@dataclass
class LoadReport:
    """The outcome of one run; `summary()` is the JSON-friendly form for reports."""

    users: int
    questions_per_user: int
    sent: int
    answered: int
    lost: int  # sent but never answered within reply_timeout_s
    duplicates: int  # extra complete replies (a question answered twice)
    stray: int  # any other bot message: late parts, replies to chats not in the run
    wall_s: float  # first question queued → last reply part
    timed_out: bool
    not_sent: int = 0  # planned questions never asked (deadline passed or a chat got stuck)
    reprocessed: int = 0  # updates the bot handled more than once (needs a DoneTracker)
    results: list[QuestionResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def latencies_ms(self) -> list[float]:
        """Per answered question: queued → first reply part."""
        return [r.first_ms for r in self.results if r.first_ms is not None]

    @property
    def complete_ms(self) -> list[float]:
        """Per answered question: queued → last reply part."""
        return [r.final_ms for r in self.results if r.final_ms is not None]

    @property
    def replies_per_s(self) -> float:
        return self.answered / self.wall_s if self.wall_s > 0 else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies_ms, p)

    def summary(self) -> dict[str, Any]:
        lat = self.latencies_ms
        return {
            "users": self.users, "questions_per_user": self.questions_per_user, "sent": self.sent,
            "answered": self.answered, "lost": self.lost, "duplicates": self.duplicates,
            "stray": self.stray, "not_sent": self.not_sent, "reprocessed": self.reprocessed, "wall_s": round(self.wall_s, 3),
            "replies_per_s": round(self.replies_per_s, 2),
            "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
            "p99_ms": round(percentile(lat, 99), 1), "max_ms": round(max(lat), 1) if lat else math.nan,
            "p95_complete_ms": round(percentile(self.complete_ms, 95), 1),
            "timed_out": self.timed_out, "errors": self.errors[:20],
        }

    def as_dict(self) -> dict[str, Any]:
        """Everything, per-question results included (large for big runs)."""
        d = self.summary()
        d["results"] = [asdict(r) for r in self.results]
        return d


class DoneTracker:
    """Knows when the bot has finished handling an update.

    A `TypeHandler` in the last handler group runs after every other handler of the update
    has returned, i.e. after all parts of the reply were sent. That is a precise "reply
    complete" signal that needs no guessing from message shapes, and it also reveals an update
    handled twice. Updates the gate stops (refusals) never reach it; their single plain-text
    reply is recognised by `is_final` instead. Must be used on the loop the bot runs on.
    """

    GROUP = 2**31 - 1

    def __init__(self) -> None:
        self.handled: dict[int, int] = {}
        self._listeners: list[Callable[[int, float], None]] = []

    def install(self, app: "Application") -> None:
        from telegram import Update
        from telegram.ext import TypeHandler

        app.add_handler(TypeHandler(Update, self._on_update), group=self.GROUP)

    async def _on_update(self, update: Any, context: Any) -> None:
        uid = int(update.update_id)
        self.handled[uid] = self.handled.get(uid, 0) + 1
        now = time.monotonic()
        for fn in list(self._listeners):
            fn(uid, now)

    def subscribe(self, fn: Callable[[int, float], None]) -> Callable[[], None]:
        self._listeners.append(fn)
        return lambda: self._listeners.remove(fn)

    def reprocessed(self, update_ids: Sequence[int]) -> int:
        """How many extra times these updates were handled (0 when each was handled once)."""
        return sum(max(0, self.handled.get(u, 0) - 1) for u in update_ids)


class _Done:
    """Queue item: the bot finished handling update `update_id` at `at`."""

    __slots__ = ("update_id", "at")

    def __init__(self, update_id: int, at: float) -> None:
        self.update_id, self.at = update_id, at


class _Collector:
    """Routes every successful sendMessage to a per-chat queue, reading the call log once."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        self.cursor = api.mark()
        self.queues: dict[int, asyncio.Queue[Call | _Done]] = {}
        self.unrouted: list[Call] = []
        self._stop = False
        self._task: asyncio.Task[None] | None = None
        self.last_message_at = time.monotonic()

    def watch(self, chat_id: int) -> asyncio.Queue[Call | _Done]:
        return self.queues.setdefault(chat_id, asyncio.Queue())

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="load-collector")

    async def stop(self) -> None:
        self._stop = True
        if self._task is not None:
            await self._task
        self.drain()

    def drain(self) -> None:
        """Route the calls recorded since the last drain (cheap; safe to call any time)."""
        new = self.api.calls(since=self.cursor)
        self.cursor += len(new)
        for call in new:
            if call.method != "sendMessage" or not call.ok:
                continue
            self.last_message_at = time.monotonic()
            queue = self.queues.get(_chat(call))  # type: ignore[arg-type]
            if queue is None:
                self.unrouted.append(call)
            else:
                queue.put_nowait(call)

    async def _run(self) -> None:
        while not self._stop:
            try:
                await self.api.wait_until(lambda: self._stop or self.api.mark() > self.cursor, timeout=0.25)
            except TimeoutError:
                pass
            self.drain()


async def run_load(
    api: FakeBotApi,
    questions: Sequence[str],
    users: int,
    per_user: int,
    *,
    first_user_id: int = FIRST_USER_ID,
    reply_timeout_s: float = 30.0,
    deadline_s: float = 300.0,
    think_s: float = 0.0,
    ramp_s: float = 0.0,
    final_grace_s: float = 2.0,
    settle_s: float = 0.5,
    is_final: Callable[[Call], bool] = default_is_final,
    question_for: Callable[[int, int], str] | None = None,
    tracker: DoneTracker | None = None,
) -> LoadReport:
    """Drive `users` private chats, `per_user` questions each, against a bot already polling
    `api`; return what every user saw.

    A reply is complete when the bot has finished handling the question (`tracker`, installed
    by `BotUnderLoad`), or at a part `is_final` recognises, or, without a tracker, when no
    further part arrives within `final_grace_s` of a part that may be followed by more.
    Without a tracker run_load may run on any loop but the fake server's own; with one, on
    the bot's loop.

    `question_for(user_index, i)` picks a question; by default the questions are dealt out
    round-robin so concurrent users ask different things. `ramp_s` spreads the users' first
    questions over that many seconds. User ids are `first_user_id + user_index`; the bot must
    allow them (see `bot_settings`).
    """
    check_bounds(users, per_user)
    if not questions and question_for is None:
        raise ValueError("no questions")
    deadline_s = min(float(deadline_s), MAX_DEADLINE_S)
    pick = question_for or (lambda u, i: questions[(u * per_user + i) % len(questions)])

    collector = _Collector(api)
    user_ids = [first_user_id + u for u in range(users)]
    for uid in user_ids:
        collector.watch(uid)
    update_chat: dict[int, int] = {}  # update_id -> chat, for the tracker's "done" events
    unsubscribe = None
    if tracker is not None:
        def on_done(update_id: int, at: float) -> None:
            chat = update_chat.get(update_id)
            if chat is not None:
                collector.queues[chat].put_nowait(_Done(update_id, at))
        unsubscribe = tracker.subscribe(on_done)
    collector.start()
    results: list[QuestionResult] = []
    errors: list[str] = []
    t_start = time.monotonic()
    hard_stop = t_start + deadline_s
    timed_out = False

    async def next_item(queue: asyncio.Queue[Call | _Done], timeout: float) -> Call | _Done | None:
        try:
            return await asyncio.wait_for(queue.get(), max(0.0, timeout))
        except (TimeoutError, asyncio.TimeoutError):
            return None

    def take(res: QuestionResult, call: Call) -> None:
        res.parts += 1
        ms = (call.monotonic - res.sent_at) * 1000.0
        if res.first_ms is None:
            res.first_ms = ms
        res.final_ms = ms

    async def user(u: int) -> None:
        nonlocal timed_out
        uid = user_ids[u]
        queue = collector.queues[uid]
        if ramp_s > 0 and users > 1:
            await asyncio.sleep(ramp_s * u / (users - 1))
        for i in range(per_user):
            if time.monotonic() >= hard_stop:
                timed_out = True
                return
            question = pick(u, i)
            sent_at = time.monotonic()
            try:
                update = api.send_text(uid, question)
            except Exception as exc:  # noqa: BLE001 - a harness failure is reported, not raised
                errors.append(f"user {uid}: send failed: {exc!r}")
                return
            update_id = int(update["update_id"]) if update else -1
            update_chat[update_id] = uid
            res = QuestionResult(uid, i, question, sent_at)
            results.append(res)
            while True:
                remaining = hard_stop - time.monotonic()
                wait = reply_timeout_s if (res.parts == 0 or tracker is not None) else final_grace_s
                item = await next_item(queue, min(wait, remaining))
                if item is None:
                    if res.parts == 0 and remaining <= wait:
                        timed_out = True
                    break  # lost (no part) or, without a tracker, complete by grace
                if isinstance(item, _Done):
                    if item.update_id != update_id:
                        continue  # an earlier question of this chat, handled again
                    collector.drain()  # parts sent before "done" may not be routed yet
                    while not queue.empty():
                        late = queue.get_nowait()
                        if isinstance(late, Call) and late.monotonic >= sent_at:
                            take(res, late)
                            res.final_marked = res.final_marked or is_final(late)
                        elif isinstance(late, Call):
                            collector.unrouted.append(late)
                    break
                if item.monotonic < sent_at:
                    # sent before this question was asked: a late part or a repeat of an
                    # earlier reply; counted in the final tally, not as this reply
                    collector.unrouted.append(item)
                    continue
                take(res, item)
                if is_final(item):
                    res.final_marked = True
                    break
            if res.parts == 0:
                return  # this user's chat is stuck; asking again would blur the count
            if think_s > 0:
                await asyncio.sleep(think_s)

    try:
        await asyncio.gather(*(user(u) for u in range(users)))
        t_end = max((r.sent_at + (r.final_ms or 0.0) / 1000.0 for r in results), default=time.monotonic())

        # Quiet period: late or repeated replies arrive now if at all (bounded by settle_s × 10).
        quiet_until = time.monotonic() + settle_s * 10
        while time.monotonic() < quiet_until:
            if api.pending_count() == 0 and time.monotonic() - collector.last_message_at >= settle_s:
                break
            await asyncio.sleep(min(0.05, settle_s))
    finally:
        await collector.stop()
        if unsubscribe is not None:
            unsubscribe()

    late_calls: list[Call] = list(collector.unrouted)
    for uid in user_ids:
        q = collector.queues[uid]
        while not q.empty():
            item = q.get_nowait()
            if isinstance(item, Call):
                late_calls.append(item)
    ours = set(user_ids)
    duplicates = sum(1 for c in late_calls if _chat(c) in ours and is_final(c))
    stray = len(late_calls) - duplicates
    reprocessed = tracker.reprocessed(list(update_chat)) if tracker is not None else 0

    answered = sum(1 for r in results if r.parts > 0)
    return LoadReport(
        users=users, questions_per_user=per_user, sent=len(results), answered=answered,
        lost=len(results) - answered, duplicates=duplicates, stray=stray,
        wall_s=max(t_end - t_start, 1e-9), timed_out=timed_out, not_sent=users * per_user - len(results),
        reprocessed=reprocessed, results=sorted(results, key=lambda r: (r.user_id, r.index)), errors=errors,
    )


def _chat(call: Call) -> int | None:
    try:
        return int(call.params.get("chat_id"))
    except (TypeError, ValueError):
        return None


# -- the real bot, pointed at the fake ----------------------------------------------------------

def bot_settings(api: FakeBotApi, work_dir: Path, **overrides: Any) -> "Settings":
    """Settings for a bot under load: the fake's token and URL, a private feedback store,
    everyone allowed (`public`) and a per-user rate limit high enough not to be what is
    measured. Pass overrides (e.g. `rate_limit_per_minute=12, public=False,
    allowed_users=...`) to load the production configuration instead."""
    from hoi.settings import Settings

    values: dict[str, Any] = dict(
        telegram_bot_token=api.token,
        telegram_api_base_url=f"http://{api.host}:{api.port}",
        public=True, rate_limit_per_minute=100_000,
        feedback_db=Path(work_dir) / "feedback.sqlite3", hash_key="load-test-key",
    )
    values.update(overrides)
    return Settings().model_copy(update=values)


class BotUnderLoad:
    """The fake Bot API in its own thread plus the real Application polling it on the current
    loop, built by `bot.telegram_app.build_application` exactly as `serve` builds it.

    The fake serves from another thread so that its HTTP handling does not share an event
    loop with the bot (as with the real Telegram, which is another machine). The engine is
    warmed up first, as `serve` does. A `DoneTracker` is added in the last handler group so
    the harness knows exactly when each reply is complete.
    """

    def __init__(self, engine: Any, index_dir: Path, *, work_dir: Path | None = None,
                 settings_overrides: dict[str, Any] | None = None,
                 api_kwargs: dict[str, Any] | None = None, warm_up: bool = True) -> None:
        self.engine = engine
        self.index_dir = Path(index_dir)
        self._work_dir = work_dir
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.settings_overrides = settings_overrides or {}
        self.api_kwargs = {"max_poll_wait": 1.0, **(api_kwargs or {})}
        self.warm_up = warm_up
        self.api: FakeBotApi | None = None
        self.app: Application | None = None
        self.tracker = DoneTracker()
        self._next_user = FIRST_USER_ID

    async def __aenter__(self) -> "BotUnderLoad":
        from telegram import Update

        from bot.telegram_app import build_application, warm_up

        if self._work_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="bot-load-")
            self._work_dir = Path(self._tmp.name)
        self.api = FakeBotApi(**self.api_kwargs).start_in_thread()
        try:
            settings = bot_settings(self.api, self._work_dir, **self.settings_overrides)
            if self.warm_up:
                await asyncio.to_thread(warm_up, self.engine)
            app = build_application(settings, self.engine, self.index_dir)
            self.tracker.install(app)  # an observer in the last group; changes no behaviour
            await app.initialize()
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES)
            self.app = app
        except BaseException:
            self.api.stop()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        app, self.app = self.app, None
        try:
            if app is not None:
                if app.updater is not None and app.updater.running:
                    await app.updater.stop()
                if app.running:
                    await app.stop()
                await app.shutdown()
                services = app.bot_data.get("services")
                if services is not None:
                    services.store.close()
        finally:
            if self.api is not None:
                self.api.stop()
            if self._tmp is not None:
                self._tmp.cleanup()

    async def run(self, questions: Sequence[str], users: int, per_user: int, **kwargs: Any) -> LoadReport:
        """One load run with fresh user ids (so chats of earlier runs never mix in)."""
        assert self.api is not None, "use `async with BotUnderLoad(...)`"
        first = self._next_user
        self._next_user += users + 1000
        kwargs.setdefault("tracker", self.tracker)
        return await run_load(self.api, questions, users, per_user, first_user_id=first, **kwargs)


def run_bot_load(engine: Any, index_dir: Path, questions: Sequence[str], users: int, per_user: int,
                 **kwargs: Any) -> LoadReport:
    """Sync convenience: start the fake and the real bot, run one load, stop everything.
    Keyword arguments go to `run_load`, except `settings_overrides`, `api_kwargs` and
    `work_dir`, which go to `BotUnderLoad`."""
    check_bounds(users, per_user)
    setup = {k: kwargs.pop(k) for k in ("settings_overrides", "api_kwargs", "work_dir") if k in kwargs}

    async def main() -> LoadReport:
        async with BotUnderLoad(engine, index_dir, **setup) as bot:
            return await bot.run(questions, users, per_user, **kwargs)

    return asyncio.run(main())


def run_bot_load_series(engine: Any, index_dir: Path, questions: Sequence[str],
                        levels: Sequence[tuple[int, int]], **kwargs: Any) -> list[LoadReport]:
    """Several (users, per_user) levels against one bot started once; see `run_bot_load`."""
    for users, per_user in levels:
        check_bounds(users, per_user)
    setup = {k: kwargs.pop(k) for k in ("settings_overrides", "api_kwargs", "work_dir") if k in kwargs}

    async def main() -> list[LoadReport]:
        out = []
        async with BotUnderLoad(engine, index_dir, **setup) as bot:
            for users, per_user in levels:
                out.append(await bot.run(questions, users, per_user, **kwargs))
        return out

    return asyncio.run(main())
