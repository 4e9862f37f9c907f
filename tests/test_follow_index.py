"""Issue 12, part 4: a running bot follows `current`, and a build in use is never pruned.

Before: after a CLI `python -m ingest` withdrew a passage, the bot kept quoting it; three
ingests later its build was pruned while in use and dense queries failed with Chroma's
InternalError. Here the real bot runs on its own index while `python -m ingest` runs as a
separate process, as an operator or cron would run it.
"""
from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, AsyncIterator

import pytest

from bot.engine import Engine
from bot.handlers import APOLOGY
from hoi.index import Index, current_target, lease_path, leased_builds
from hoi.settings import Settings
from ingest.build import KEEP_BUILDS, run_ingest
from reliability import report
from tests.support import FakeBotApi
from tests.test_telegram_bot import running_bot

from .conftest import PLAN_FILE, REPO

Q45 = "ai chiu trach nhiem tuyen truyen nghi quyet 45"
OLD, NEW = "Ban Tuyên giáo Huyện ủy chủ trì", "Văn phòng Huyện ủy chủ trì"
ALLOWED = 7_300_001
FIGURES: dict[str, Any] = {}


def _set_plan(corpus: Path, who: str) -> None:
    text = PLAN_FILE.read_text(encoding="utf-8").replace(OLD, who)
    (corpus / PLAN_FILE.name).write_text(text, encoding="utf-8")


def _cli_ingest(corpus: Path, index: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "ingest", "--corpus", str(corpus), "--index", str(index), "--quiet"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_poll_wait=1.0) as fake:
        yield fake


@pytest.fixture
def own_index(tmp_path: Path, corpus_copy: Path, settings: Settings) -> Path:
    root = tmp_path / "index"
    run_ingest(settings, corpus_dir=corpus_copy, index_dir=root, progress=False, log=lambda m: None)
    return root


async def _ask(api: FakeBotApi, text: str, timeout: float = 30) -> str:
    m = api.mark()
    api.send_text(ALLOWED, text)
    [r] = await api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == ALLOWED, since=m, timeout=timeout)
    return r.result["text"]


async def test_cli_ingest_changes_answers_and_questions_in_flight_survive(
        api: FakeBotApi, tmp_path: Path, corpus_copy: Path, own_index: Path, caplog) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram")
    settings = Settings().model_copy(update=dict(
        telegram_bot_token=api.token, telegram_api_base_url=f"http://{api.host}:{api.port}",
        allowed_users=frozenset({ALLOWED}), public=False, rate_limit_per_minute=0,
        feedback_db=tmp_path / "var" / "feedback.sqlite3", dense="always",  # every question uses Chroma
    ))
    engine = Engine.open(own_index, settings)
    async with running_bot(settings, engine, own_index) as app:
        svc = app.bot_data["services"]
        assert OLD in await _ask(api, Q45)

        # 1. a CLI ingest of a changed corpus, in another process: answers change within seconds
        _set_plan(corpus_copy, NEW)
        proc = _cli_ingest(corpus_copy, own_index)
        assert await asyncio.to_thread(proc.wait, 120) == 0, proc.stderr.read() if proc.stderr else ""
        t0 = time.monotonic()
        text = await _ask(api, Q45)
        while NEW not in text and time.monotonic() - t0 < 10:
            await asyncio.sleep(0.3)
            text = await _ask(api, Q45)
        switch_s = time.monotonic() - t0
        assert NEW in text and OLD not in text, text
        assert switch_s < 5

        # 2. 20 questions in flight while 3 more ingests run one after another
        async def ingests() -> None:
            for who in (OLD, NEW, OLD):
                _set_plan(corpus_copy, who)
                p = _cli_ingest(corpus_copy, own_index)
                assert await asyncio.to_thread(p.wait, 120) == 0

        async def questions() -> list[str]:
            out = []
            for i in range(20):
                m = api.mark()
                api.send_text(ALLOWED, f"{Q45} {'?' * (i % 3)}")
                [r] = await api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == ALLOWED, since=m,
                                         timeout=60)
                out.append(r.result["text"])
                await asyncio.sleep(0.4)
            return out

        t1 = time.monotonic()
        _, answers = await asyncio.gather(ingests(), questions())
        answered = [a for a in answers if (OLD in a or NEW in a) and APOLOGY not in a]
        assert len(answered) == 20, [a[:80] for a in answers if a not in answered]
        assert "error handling update" not in caplog.text
        # after the last ingest, the bot answers from the newest build
        t2 = time.monotonic()
        while svc.follower.serving() != current_target(own_index) and time.monotonic() - t2 < 10:
            await _ask(api, Q45)
            await asyncio.sleep(0.3)
        assert svc.follower.serving() == current_target(own_index)
        assert OLD in await _ask(api, Q45)
        FIGURES.update(switch_after_cli_ingest_s=round(switch_s, 2), questions_during_3_ingests=20,
                       answered=len(answered), errors=caplog.text.count("error handling update"),
                       switches=svc.follower.switches, seconds_for_3_ingests=round(time.monotonic() - t1, 1))


def test_leased_build_is_never_pruned_and_dead_leases_go(tmp_path: Path, corpus_copy: Path,
                                                         settings: Settings) -> None:
    root = tmp_path / "index"
    run_ingest(settings, corpus_dir=corpus_copy, index_dir=root, progress=False, log=lambda m: None)
    in_use = Index.open(root)  # this process now leases the build
    assert lease_path(root).resolve() == in_use.path
    # a dead process's lease, pointing at the same build
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = lease_path(root, dead.pid)
    stale.symlink_to(Path("builds") / in_use.path.name)
    killed_swap = root / f".current.{dead.pid}"  # what an ingest killed mid-swap leaves
    killed_swap.symlink_to(Path("builds") / in_use.path.name)
    for _ in range(KEEP_BUILDS + 1):
        run_ingest(settings, corpus_dir=corpus_copy, index_dir=root, progress=False, log=lambda m: None)
    assert in_use.path.exists() and (in_use.path / "chroma").exists()
    assert in_use.path.name in leased_builds(root)
    assert not stale.is_symlink() and not killed_swap.is_symlink()  # dead pids' links cleaned by prune
    builds = sorted(p.name for p in (root / "builds").iterdir())
    assert len(builds) == KEEP_BUILDS + 1  # newest 3 plus the leased one
    # the lease moves when this process opens the new build; the old one can then go
    Index.open(root)
    run_ingest(settings, corpus_dir=corpus_copy, index_dir=root, progress=False, log=lambda m: None)
    assert not in_use.path.exists()
    FIGURES.update(builds_kept_with_lease=len(builds), stale_lease_removed=True)


def test_record_follow_figures() -> None:
    if "switch_after_cli_ingest_s" not in FIGURES or "stale_lease_removed" not in FIGURES:
        pytest.skip("run with the tests above")
    report.record("follow_index", dict(FIGURES))
