"""A running bot follows the index: when `current` moves to a new build, answer from it.

Who moves `current` does not matter: a CLI `python -m ingest`, a cron job, a second bot's
/reindex, this bot's own /reindex subprocess. The check is one readlink at most once a
second; when the target changed, the new build is opened and warmed in a worker thread and
only then swapped in, so no question waits for it and a question in flight finishes on the
engine it started with (handlers read `Services.engine` once). Opening the build also moves
this process's lease (hoi/index.py) to it, so prune keeps whatever this bot answers from.
"""
from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from hoi.index import current_target
from hoi.settings import Settings

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("bot.telegram")

CHECK_EVERY = 1.0  # seconds between readlinks of `current`
RETRY_FAILED_AFTER = 30.0  # a build that failed to open is tried again after this long


def open_engine(root: Path, settings: Settings) -> "Engine":
    """Open and warm an engine on `current` (in a worker thread: it reads files)."""
    from .engine import Engine

    engine = Engine.open(root, settings)
    engine.warm()
    return engine


class IndexFollower:
    """Swaps `set_engine(new)` in when the index root's `current` points at a new build."""

    def __init__(self, root: Path, settings: Settings, get_engine: Callable[[], "Engine"],
                 set_engine: Callable[["Engine"], None], *, interval: float = CHECK_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.root = Path(root)
        self.settings = settings
        self._get_engine = get_engine
        self._set_engine = set_engine
        self.interval = interval
        self._clock = clock
        self._next_check = 0.0
        self._failed: dict[str, float] = {}  # build name -> when it failed to open
        self._task: asyncio.Task[None] | None = None
        self.switches = 0

    def serving(self) -> str:
        """The build the current engine answers from."""
        return Path(self._get_engine().index.path).name

    def poll(self) -> None:
        """Called on the event loop (per update, and by the idle watcher): cheap, never blocks."""
        now = self._clock()
        if now < self._next_check or (self._task is not None and not self._task.done()):
            return
        self._next_check = now + self.interval
        target = current_target(self.root)
        if target is None or target == self.serving():
            return
        failed_at = self._failed.get(target)
        if failed_at is not None and now - failed_at < RETRY_FAILED_AFTER:
            return
        self._task = asyncio.get_running_loop().create_task(self.switch(target))

    async def switch(self, target: str | None = None) -> bool:
        """Open the build `current` points at now and swap it in; False (old engine kept) on failure."""
        target = target or current_target(self.root)
        if target is None or target == self.serving():
            return False
        try:
            engine = await asyncio.to_thread(open_engine, self.root, self.settings)
        except Exception as exc:  # noqa: BLE001 - a damaged build: keep answering from the old one
            self._failed[target] = self._clock()
            log.warning("index follow: new build not opened, old one kept error=%s", exc.__class__.__name__)
            return False
        self._set_engine(engine)
        self.switches += 1
        log.info("index follow: switched to build %s", Path(engine.index.path).name)
        return True

    async def watch(self) -> None:
        """Idle watcher: switch even when no update arrives (started by `serve`)."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.poll()
            except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one failure
                log.warning("index follow check failed error=%s", exc.__class__.__name__)
