"""Load (issue 7): many simulated users at once through the REAL python-telegram-bot client
against the local fake Bot API (loopback only), with the production access settings: an
allowlist, 12 questions per user per minute, AIORateLimiter, and the fake enforcing Telegram's
global flood limit (30 messages/s, 429 with retry_after beyond it).

Full size is 200 users × 5 questions (HOI_LOAD_FULL=1, or `python -m reliability --full`); CI
runs 30 × 3. The harness is the shared one, tests/support/load.py.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from bot.access import REFUSAL, SLOW_DOWN
from bot.handlers import APOLOGY
from reliability import report
from tests.support.load import FIRST_USER_ID, BotUnderLoad

REPO = Path(__file__).resolve().parent.parent
FULL = os.environ.get("HOI_LOAD_FULL", "") not in ("", "0")
USERS, PER_USER = (200, 5) if FULL else (30, 3)
TELEGRAM_GLOBAL_PER_S = 30  # Telegram: about 30 messages per second across all chats


def gold_questions() -> list[str]:
    """Real questions, as typed: the gold set's wordings and their paraphrases (accented and not)."""
    out = []
    with open(REPO / "eval" / "gold" / "questions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                item = json.loads(line)
                out += [item["question"], *item.get("paraphrases", [])]
    return out


@pytest.mark.slow
async def test_many_users_at_once_are_all_answered_once(engine, index_dir: Path, tmp_path: Path) -> None:
    questions = gold_questions()
    assert len(questions) >= 100
    overrides = dict(public=False, allowed_users=frozenset(range(FIRST_USER_ID, FIRST_USER_ID + USERS)),
                     rate_limit_per_minute=12)  # the production per-user limit
    async with BotUnderLoad(engine, index_dir, work_dir=tmp_path, settings_overrides=overrides) as bot:
        assert bot.api is not None
        bot.api.flood_limit(global_per_second=TELEGRAM_GLOBAL_PER_S, group_per_minute=20)
        start = bot.api.mark()
        result = await bot.run(questions, users=USERS, per_user=PER_USER, reply_timeout_s=120,
                               deadline_s=1500 if FULL else 300, settle_s=0.5)
        sends = [c for c in bot.api.calls("sendMessage", since=start)]
    ok = [c for c in sends if c.ok]
    flood_429 = sum(c.status == 429 for c in sends)
    failed = [c for c in sends if not c.ok and c.status != 429]
    texts = Counter(c.params.get("text") for c in ok)
    per_second = Counter(int(c.monotonic) for c in ok)
    summary = result.summary()
    figures = {
        "size": "full" if FULL else "ci", **{k: summary[k] for k in (
            "users", "questions_per_user", "sent", "answered", "lost", "duplicates", "stray", "not_sent",
            "reprocessed", "wall_s", "replies_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms", "p95_complete_ms",
            "timed_out")},
        "messages_sent": len(ok), "failed_sends": len(failed), "flood_429": flood_429,
        "max_messages_in_one_second": max(per_second.values(), default=0),
        "slow_down_replies": texts[SLOW_DOWN], "refusals": texts[REFUSAL], "apologies": texts[APOLOGY],
        "errors": summary["errors"],
    }
    report.record("load", figures)
    print(json.dumps(figures, ensure_ascii=False))
    assert result.sent == USERS * PER_USER and not result.timed_out, summary
    assert result.lost == 0 and result.duplicates == 0 and result.stray == 0, summary
    assert result.reprocessed == 0, summary
    assert not failed, [(c.status, c.response) for c in failed[:5]]
    assert texts[SLOW_DOWN] == texts[REFUSAL] == texts[APOLOGY] == 0, texts.most_common(3)
    # Telegram's global limit held (AIORateLimiter paces the sends; the fake would answer 429)
    assert figures["max_messages_in_one_second"] <= TELEGRAM_GLOBAL_PER_S + 1, figures
    assert summary["p95_ms"] == summary["p95_ms"]  # reported (not NaN)
