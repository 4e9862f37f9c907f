"""Faults (issue 7): bad documents, killed ingests, broken indexes, an unreliable Bot API and a
feedback store killed mid-write. Real processes, real files, real signals; the Bot API is the
local fake (loopback only) driving the real python-telegram-bot Application.

What must always hold: the operator gets one clear Vietnamese line naming the file and what to
do (never a traceback), the last good index keeps answering, users never see a traceback, and
no question is lost or answered twice.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import pytest
from telegram.ext import Application

from bot.engine import Engine
from bot.handlers import APOLOGY
from hoi.settings import Settings
from reliability import report
from tests import fixtures_docs as docs
from tests.support import FakeBotApi
from tests.test_telegram_bot import running_bot

from .conftest import PLAN_FILE, REPO

Q45 = "ai chiu trach nhiem tuyen truyen nghi quyet 45"
PASSAGE_IV4 = "Ban Tuyên giáo Huyện ủy chủ trì"
Q_DENSE = "Khen thưởng trí thức dựa vào tiêu chí gì?"  # its words leave it open: the dense model is asked
PASSAGE_III2 = "đánh giá năng lực theo kết quả đầu ra"
ENV = dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
ENV = {k: v for k, v in ENV.items() if not k.startswith("TELEGRAM_")}

SMALL_DOC = """ĐOÀN THANH NIÊN HUYỆN PHỤNG HIỆP
KẾ HOẠCH
tổ chức hội thi tìm hiểu pháp luật năm 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiểu biết pháp luật cho đoàn viên, thanh niên trên địa bàn huyện.
II. NHIỆM VỤ
1. Đoàn Thanh niên huyện chủ trì tổ chức hội thi tìm hiểu pháp luật trong quý III năm 2024.
2. Các cơ sở đoàn vận động đoàn viên tham gia đầy đủ, nghiêm túc và đúng thời gian quy định.
3. Hội đồng thi chấm điểm công khai, công bằng, báo cáo kết quả về Ban Thường vụ Huyện đoàn.
"""


def ingest_cmd(corpus: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "ingest", "--corpus", str(corpus), "--index", str(index), "--quiet"]


def add_document(corpus: Path, doc_id: str, filename: str) -> None:
    with open(corpus / "manifest.toml", "a", encoding="utf-8") as fh:
        fh.write(
            f'\n[[documents]]\nid = "{doc_id}"\nnumber = "01-KH/THU"\nkind = "Kế hoạch"\ndate = "2024"\n'
            f'issuer = "Huyện đoàn Phụng Hiệp"\ntitle = "Tổ chức hội thi tìm hiểu pháp luật"\nlevel = "huyện"\n'
            f'file = "{filename}"\nstatus = "available"\ncite_as = "Kế hoạch thử {doc_id}"\n'
        )


def answers_iv4(index: Path, settings: Settings) -> bool:
    ans = Engine.open(index, settings).answer(Q45)
    return not ans.abstained and ans.citations[0].section == "IV.4"


def no_traceback(*streams: str) -> None:
    for s in streams:
        assert "Traceback" not in s and 'File "' not in s, s[-1500:]


# == documents ===================================================================================

@dataclass
class DocCase:
    name: str
    file: str  # the file the message must name
    make: Callable[[Path, str], None]  # (corpus, file) -> writes it (and the manifest entry)
    words: tuple[str, ...]  # what the message must say (case-insensitive)
    ok: bool = False  # converted with a warning instead of refused


def _doc(maker: Callable[[Path], None]) -> Callable[[Path, str], None]:
    def make(corpus: Path, file: str) -> None:
        maker(corpus / file)
        add_document(corpus, "moi", file)
    return make


def _sparse(path: Path) -> None:
    with open(path, "wb") as fh:  # a sparse file: 60 MB on paper, a few blocks on disk
        fh.truncate(60 * 2**20)


def _muddle(path: Path) -> None:
    lines = [line for line in SMALL_DOC.split("\n") if line.strip()]
    path.write_bytes("\n".join(docs.encode_tcvn3(line) if i % 2 else docs.encode_vni(line)
                               for i, line in enumerate(lines)).encode("cp1252"))


def _broken_manifest(corpus: Path, file: str) -> None:
    with open(corpus / file, "a", encoding="utf-8") as fh:
        fh.write('\n[[documents]\nid = "thieu-ngoac"\n')


def _manifest_missing_field(corpus: Path, file: str) -> None:
    with open(corpus / file, "a", encoding="utf-8") as fh:
        fh.write('\n[[documents]]\nid = "thieu"\nnumber = "02-KH/THU"\nkind = "Kế hoạch"\n')


DOC_CASES = [
    DocCase("encrypted pdf", "co-mat-khau.pdf", _doc(docs.make_encrypted_pdf), ("mật khẩu",)),
    DocCase("truncated pdf", "tai-chua-xong.pdf", _doc(docs.make_truncated_pdf), ("hỏng",)),
    DocCase("zero-byte pdf", "rong.pdf", _doc(lambda p: p.write_bytes(b"")), ("rỗng", "0 byte")),
    DocCase("huge sparse pdf", "qua-lon.pdf", _doc(_sparse), ("quá lớn", "50 mb")),
    DocCase("scanned pdf", "ban-chup.pdf", _doc(docs.make_scanned_pdf), ("scan",)),
    DocCase("zip-bomb docx", "bom-nen.docx", _doc(docs.make_zip_bomb_docx), ("bom nén", "an toàn")),
    DocCase("text renamed .docx", "doi-duoi.docx", _doc(lambda p: docs.make_not_docx(p, "text")),
            ("không phải docx",)),
    DocCase("old .doc renamed .docx", "word-cu.docx", _doc(lambda p: docs.make_not_docx(p, "doc")),
            ("word 97-2003",)),
    DocCase("TCVN3 txt", "vantime.txt",
            _doc(lambda p: p.write_bytes(docs.encode_tcvn3(SMALL_DOC).encode("cp1252"))), ("tcvn3",), ok=True),
    DocCase("Windows-1258 txt", "ansi.txt", _doc(lambda p: p.write_bytes(docs.encode_cp1258(SMALL_DOC))),
            ("1258",), ok=True),
    DocCase("undecidable legacy txt", "lan-bang-ma.txt", _doc(_muddle), ("bảng mã cũ", "unikey")),
    DocCase("binary named .txt", "anh.txt",
            _doc(lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)),
            ("không phải tệp văn bản",)),
    DocCase("manifest entry, missing file", "khong-co-tep.pdf", lambda c, f: add_document(c, "ma", f),
            ("không tồn tại", "manifest.toml")),
    DocCase("broken manifest", "manifest.toml", _broken_manifest, ("cú pháp",)),
    DocCase("manifest missing a field", "manifest.toml", _manifest_missing_field, ("thiếu trường",)),
    # the manifest is optional (issue 14): without it every file is read, a new one included
    DocCase("no manifest", "manifest.toml",
            lambda c, f: ((c / f).unlink(), (c / "moi.txt").write_text(SMALL_DOC, encoding="utf-8")),
            ("không có",), ok=True),
]


@dataclass
class DocRun:
    case: DocCase
    index: Path
    before: Path
    proc: subprocess.CompletedProcess
    seconds: float


@pytest.fixture(scope="module")
def doc_runs(tmp_path_factory, index_dir: Path) -> dict[str, DocRun]:
    """Every case through `python -m ingest` as a subprocess, each on its own copy of a good
    index and corpus, three at a time (they are independent)."""
    base = tmp_path_factory.mktemp("docs")

    def run(i: int, case: DocCase) -> DocRun:
        corpus, index = base / f"c{i}", base / f"i{i}"
        shutil.copytree(REPO / "corpus", corpus)
        shutil.copytree(index_dir, index, symlinks=True)
        case.make(corpus, case.file)
        before = (index / "current").resolve()
        t0 = time.perf_counter()
        proc = subprocess.run(ingest_cmd(corpus, index), cwd=REPO, env=ENV, capture_output=True, text=True,
                              timeout=300)
        return DocRun(case, index, before, proc, time.perf_counter() - t0)

    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = list(pool.map(lambda ic: run(*ic), enumerate(DOC_CASES)))
    return {r.case.name: r for r in runs}


@pytest.mark.parametrize("case", DOC_CASES, ids=[c.name for c in DOC_CASES])
def test_bad_document_gets_a_clear_message_and_the_old_index_keeps_answering(case: DocCase, doc_runs,
                                                                            settings) -> None:
    run = doc_runs[case.name]
    out, err = run.proc.stdout, run.proc.stderr
    no_traceback(out, err)
    assert case.file in err, err
    for w in case.words:
        assert w in err.lower(), f"{w!r} not in {err!r}"
    if case.ok:  # converted, said so on stderr, indexed alongside the plan
        assert run.proc.returncode == 0, err
        assert "Đã lập chỉ mục: 2 tài liệu" in out
    else:
        assert run.proc.returncode == 1, (run.proc.returncode, err)
        # (pypdf may print its own warning first, e.g. "EOF marker not found")
        assert any(line.startswith("Lỗi: ") for line in err.splitlines()), err
        assert "hãy" in err.lower() or "--skip-bad" in err, f"no advice on what to do: {err!r}"
        assert (run.index / "current").resolve() == run.before
    assert answers_iv4(run.index, settings)


def test_document_figures(doc_runs) -> None:
    refused = [r for r in doc_runs.values() if not r.case.ok and r.proc.returncode == 1]
    converted = [r for r in doc_runs.values() if r.case.ok and r.proc.returncode == 0]
    report.record("documents", {
        "cases": len(doc_runs), "refused_with_message": len(refused), "converted_with_warning": len(converted),
        "tracebacks": sum("Traceback" in r.proc.stderr for r in doc_runs.values()),
        "old_index_kept": True, "slowest_s": round(max(r.seconds for r in doc_runs.values()), 2),
        "messages": {r.case.name: next((ln for ln in r.proc.stderr.splitlines() if r.case.file in ln), "")[:100]
                     for r in doc_runs.values()},
    })


# == SIGKILL during ingest =======================================================================

KILLS = 20


def _change_passages(original: str, i: int, n: int = 6) -> str:
    """Make n bullet passages new (not IV.4's), so the next ingest has to embed them again."""
    lines = original.split("\n")
    bullets = [k for k, line in enumerate(lines) if line.lstrip().startswith("-") and PASSAGE_IV4 not in line]
    for k in bullets[:: max(1, len(bullets) // n)][:n]:
        lines[k] = lines[k].rstrip() + f" (Bản sửa lần {i}.)"
    return "\n".join(lines)


def _complete(root: Path) -> bool:
    cur = root / "current"
    return cur.exists() and (cur.resolve() / "meta.json").exists()


@pytest.mark.slow
def test_ingest_killed_at_random_points_20_times(settings, index_dir: Path, corpus_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "idx"
    shutil.copytree(index_dir, root, symlinks=True)
    plan = corpus_copy / PLAN_FILE.name
    original = plan.read_text(encoding="utf-8")
    rng = random.Random(20241112)

    # a watcher resolves `current` all the time: it must never point at an incomplete build
    bad_sightings: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            cur = root / "current"
            if cur.is_symlink() and not (cur.resolve() / "meta.json").exists():
                bad_sightings.append(os.readlink(cur))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t_start = time.perf_counter()
    try:
        plan.write_text(_change_passages(original, 0), encoding="utf-8")
        t0 = time.perf_counter()
        first = subprocess.run(ingest_cmd(corpus_copy, root), cwd=REPO, env=ENV, capture_output=True, text=True,
                               timeout=300)
        duration = time.perf_counter() - t0
        assert first.returncode == 0, first.stderr
        assert "0 đoạn mới nhúng" not in first.stdout  # the change really forces embedding

        survived, kill_points = 0, []
        phases = {"before_writing": 0, "mid_write": 0, "written_not_swapped": 0, "after_swap": 0}
        for i in range(1, KILLS + 1):
            plan.write_text(_change_passages(original, i), encoding="utf-8")
            before = (root / "current").resolve()
            builds_before = set((root / "builds").iterdir())
            at = rng.uniform(0.0, duration)
            proc = subprocess.Popen(ingest_cmd(corpus_copy, root), cwd=REPO, env=ENV,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(at)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            kill_points.append(round(at, 2))
            assert _complete(root), f"kill {i} at {at:.2f} s left `current` incomplete"
            new = set((root / "builds").iterdir()) - builds_before
            if (root / "current").resolve() != before:
                phases["after_swap"] += 1
            elif not new:
                phases["before_writing"] += 1
            elif any(not (b / "meta.json").exists() for b in new):
                phases["mid_write"] += 1
            else:
                phases["written_not_swapped"] += 1
            assert answers_iv4(root, settings), f"kill {i} at {at:.2f} s: the index no longer answers"
            survived += 1

        done = subprocess.run(ingest_cmd(corpus_copy, root), cwd=REPO, env=ENV, capture_output=True, text=True,
                              timeout=300)
    finally:
        stop.set()
        watcher.join(5)
    assert done.returncode == 0, done.stderr
    assert "Đã lập chỉ mục" in done.stdout
    builds = list((root / "builds").iterdir())
    assert all((b / "meta.json").exists() for b in builds), "leftovers of killed builds were not cleaned"
    assert not list(root.glob(".current.*")), "a temporary symlink was left behind"
    assert answers_iv4(root, settings)
    assert not bad_sightings, bad_sightings[:5]
    report.record("kills", {
        "kills": KILLS, "survived": survived, "next_ingest_ok": True, "ingest_duration_s": round(duration, 2),
        "kill_points_s": kill_points, "killed_while": phases, "incomplete_current_seen": len(bad_sightings),
        "builds_left": len(builds), "total_s": round(time.perf_counter() - t_start, 1),
    })


# == corrupted or missing index =================================================================

def _truncate_mid_line(build: Path) -> None:
    p = build / "chunks.jsonl"
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2 + 7])


def _truncate_at_line(build: Path) -> None:
    p = build / "chunks.jsonl"
    lines = p.read_bytes().splitlines(keepends=True)
    p.write_bytes(b"".join(lines[: len(lines) // 2]))


INDEX_CASES: dict[str, Callable[[Path], None]] = {
    "chunks.jsonl truncated mid-line": lambda root: _truncate_mid_line((root / "current").resolve()),
    "chunks.jsonl truncated at a line end": lambda root: _truncate_at_line((root / "current").resolve()),
    "vectors.npy deleted": lambda root: ((root / "current").resolve() / "vectors.npy").unlink(),
    "meta.json garbage": lambda root: ((root / "current").resolve() / "meta.json").write_bytes(os.urandom(300)),
    "meta.json valid JSON, wrong shape": lambda root: ((root / "current").resolve() / "meta.json").write_text("[1, 2]"),
    "bm25 deleted": lambda root: shutil.rmtree((root / "current").resolve() / "bm25"),
    "chroma deleted": lambda root: shutil.rmtree((root / "current").resolve() / "chroma"),
    "build folder deleted": lambda root: shutil.rmtree((root / "current").resolve()),
    "missing index": lambda root: shutil.rmtree(root),
}


@pytest.fixture(scope="module")
def broken_indexes(tmp_path_factory, index_dir: Path) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("broken")
    out = {}
    for i, (name, breaker) in enumerate(INDEX_CASES.items()):
        root = base / f"b{i}"
        shutil.copytree(index_dir, root, symlinks=True)
        breaker(root)
        out[name] = root
    return out


@pytest.fixture(scope="module")
def cli_runs(broken_indexes: dict[str, Path]) -> dict[str, subprocess.CompletedProcess]:
    def run(root: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", "ask", "--index", str(root), Q45], cwd=REPO, env=ENV,
                              capture_output=True, text=True, timeout=120)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(broken_indexes, pool.map(run, broken_indexes.values())))


@pytest.mark.parametrize("name", list(INDEX_CASES))
def test_broken_index_gives_a_clear_cli_message(name: str, cli_runs) -> None:
    proc = cli_runs[name]
    no_traceback(proc.stdout, proc.stderr)
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-1500:])
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith("Lỗi:") and "chỉ mục" in line.lower() and "python -m ingest" in line, proc.stderr


def test_serve_with_a_broken_or_missing_index_stops_with_one_clear_line(broken_indexes: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    api = FakeBotApi().start_in_thread()
    try:
        env = {k: v for k, v in ENV.items() if not k.startswith("HOI_")}
        env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=f"http://{api.host}:{api.port}",
                   HOI_ALLOWED_USERS="1001", HOI_FEEDBACK_DB=str(tmp_path / "fb.sqlite3"))

        def serve(root: Path) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-m", "bot", "serve", "--index", str(root)], cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=120)

        names = ["missing index", "meta.json garbage", "vectors.npy deleted", "chunks.jsonl truncated at a line end"]
        with ThreadPoolExecutor(max_workers=2) as pool:
            procs = dict(zip(names, pool.map(serve, [broken_indexes[n] for n in names])))
    finally:
        api.stop()
    secret = api.token.partition(":")[2]
    for name, proc in procs.items():
        no_traceback(proc.stdout, proc.stderr)
        assert proc.returncode == 2, (name, proc.stderr[-1500:])
        assert "python -m ingest" in proc.stderr and secret not in proc.stdout + proc.stderr, name
    assert not api.calls("getUpdates"), "the bot must not start polling on a broken index"
    report.record("index", {
        "cases": list(INDEX_CASES), "cli_exit_2_with_message": True, "serve_refuses_to_start": names,
    })


async def test_running_bot_losing_its_index_apologises_and_reindex_repairs(
        tmp_path: Path, index_dir: Path, settings: Settings, caplog) -> None:
    """Files vanish under a running bot: users get the apology (never a traceback), the admin's
    /reindex rebuilds and the bot answers again. The BM25 index is read at open; Chroma is
    opened by the first question the dense model is asked about, so that is what vanishes."""
    root = tmp_path / "idx"
    shutil.copytree(index_dir, root, symlinks=True)
    engine = Engine.open(root, settings)  # fresh and not warmed: Chroma not opened yet
    async with FakeBotApi(max_poll_wait=1.0) as api:
        bot_settings = settings.model_copy(update=dict(
            telegram_bot_token=api.token, telegram_api_base_url=f"http://{api.host}:{api.port}",
            allowed_users=frozenset({1001}), admins=frozenset({3003}), public=False, rate_limit_per_minute=0,
            feedback_db=tmp_path / "fb.sqlite3", hash_key="k"))
        async with running_bot(bot_settings, engine, root):
            shutil.rmtree(engine.index.path / "chroma")
            since = api.mark()
            api.send_text(1001, Q_DENSE)
            [reply] = await api.wait_for("sendMessage", since=since, timeout=30)
            assert reply.params["text"] == APOLOGY
            since = api.mark()
            api.send_text(3003, "/reindex")
            msgs = await api.wait_for("sendMessage", since=since, count=2, timeout=120)
            assert "Đã lập chỉ mục" in msgs[1].result["text"], msgs[1].result["text"]
            since = api.mark()
            api.send_text(1001, Q_DENSE)
            [reply] = await api.wait_for("sendMessage", since=since, timeout=30)
            assert PASSAGE_III2 in reply.result["text"]
            sent = [c.params.get("text", "") for c in api.calls("sendMessage")]
            assert not any("Traceback" in t or 'File "' in t for t in sent)
    assert "error handling update=message" in caplog.text


# == the Bot API misbehaves =====================================================================

USERS = [6_100_001 + i for i in range(6)]
NET: dict[str, Any] = {"scenarios": [], "questions": 0, "lost": 0, "duplicates": 0, "apologies": 0}


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_poll_wait=1.0) as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path, engine, index_dir: Path) -> AsyncIterator[Application]:
    s = Settings().model_copy(update=dict(
        telegram_bot_token=api.token, telegram_api_base_url=f"http://{api.host}:{api.port}",
        allowed_users=frozenset(USERS), public=False, rate_limit_per_minute=60,
        feedback_db=tmp_path / "fb.sqlite3", hash_key="k"))
    async with running_bot(s, engine, index_dir) as app:
        await api.wait_until(lambda: api.active_polls() > 0, timeout=10)
        yield app


def answers_to(api: FakeBotApi, chat: int, since: int) -> list[Any]:
    return [c for c in api.calls("sendMessage", since=since) if c.ok and int(c.params["chat_id"]) == chat]


async def exactly_once(api: FakeBotApi, since: int, scenario: str, users: list[int] = USERS,
                       timeout: float = 90) -> None:
    """Every user's question answered once, with the cited answer (not an apology)."""
    try:
        await api.wait_until(lambda: all(answers_to(api, u, since) for u in users), timeout=timeout)
    except TimeoutError:
        pass
    await api.wait_until(lambda: api.pending_count() == 0, timeout=30)
    await asyncio.sleep(2.5)  # late duplicates would arrive now
    got = {u: answers_to(api, u, since) for u in users}
    lost = [u for u, calls in got.items() if not any(PASSAGE_IV4 in c.result["text"] for c in calls)]
    dups = sum(max(0, len(calls) - 1) for calls in got.values())
    apologies = sum(c.params["text"] == APOLOGY for calls in got.values() for c in calls)
    NET["scenarios"].append(scenario)
    NET["questions"] += len(users)
    NET["lost"] += len(lost)
    NET["duplicates"] += dups
    NET["apologies"] += apologies
    report.record("network", dict(NET))
    assert not lost and not dups, f"{scenario}: lost {lost}, {dups} duplicates, {apologies} apologies"


async def test_outage_while_idle(api: FakeBotApi, bot: Application) -> None:
    api.unreachable()
    t0 = time.monotonic()
    since = api.mark()
    for u in USERS:
        api.send_text(u, Q45)
    await asyncio.sleep(4)
    polls = len(api.calls("getUpdates", since=since))  # every attempt, dropped ones included
    api.reachable()
    await exactly_once(api, since, "unreachable 4 s while idle")
    assert polls <= 8, f"{polls} polls in a 4 s outage: no back-off"
    assert time.monotonic() - t0 < 60


async def test_outage_while_answers_are_being_sent(api: FakeBotApi, bot: Application) -> None:
    since = api.mark()
    api.delay("sendMessage", 1.5, n=len(USERS))  # the answers are in flight when the network goes
    for u in USERS:
        api.send_text(u, Q45)
    await api.wait_for("sendChatAction", count=len(USERS), since=since, timeout=30)
    await asyncio.sleep(0.8)
    api.unreachable()
    await asyncio.sleep(3)
    api.reachable()
    await exactly_once(api, since, "unreachable 3 s while sending")


async def test_429_for_a_while(api: FakeBotApi, bot: Application) -> None:
    since = api.mark()
    api.fail_next("sendMessage", n=len(USERS) * 2, status=429, retry_after=1)
    for u in USERS:
        api.send_text(u, Q45)
    await exactly_once(api, since, "429 × 12 on sendMessage")
    assert sum(c.status == 429 for c in api.calls("sendMessage", since=since)) == len(USERS) * 2


@pytest.mark.parametrize("status", [500, 502])
async def test_5xx_for_a_while(api: FakeBotApi, bot: Application, status: int) -> None:
    since = api.mark()
    api.fail_next("sendMessage", n=4, status=status)
    for u in USERS:
        api.send_text(u, Q45)
    await exactly_once(api, since, f"{status} × 4 on sendMessage")


async def test_slow_api_and_failing_polls(api: FakeBotApi, bot: Application) -> None:
    since = api.mark()
    api.delay("sendMessage", 2.0, n=len(USERS))
    api.delay("getUpdates", 2.0, n=2)
    api.fail_next("getUpdates", n=2, status=502)
    api.fail_next("getUpdates", n=1, status=429, retry_after=1)
    for u in USERS:
        api.send_text(u, Q45)
    await exactly_once(api, since, "slow sendMessage/getUpdates + getUpdates 502/429")


# == feedback store killed mid-write ============================================================

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from bot.feedback import FeedbackStore

    store = FeedbackStore(Path(sys.argv[1]), "crash-test-key")
    start = int(sys.argv[2])
    for i in range(start, start + 1_000_000):
        aid = store.record_answer(user_id=900_000 + i % 50, chat_type="private", question=f"câu hỏi {i} " * 20,
                                  kind="passage", abstained=False, citations=["kh|IV.4|1"] * 3, latency_ms=12.5)
        store.record_feedback(aid, 900_000 + i % 50, i % 2 == 0)
        print(i, flush=True)  # acknowledged: both rows are committed
""")


def test_feedback_store_survives_sigkill_mid_write(tmp_path: Path) -> None:
    db = tmp_path / "var" / "feedback.sqlite3"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(7)
    acknowledged = 0
    kills = 6
    for k in range(kills):
        proc = subprocess.Popen([sys.executable, str(script), str(db), str(acknowledged + 1)], cwd=REPO, env=ENV,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stdout.readline()  # the store is open and writing
        assert first.strip().isdigit(), proc.stderr.read()
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        acked = [int(x) for x in (first + out).split() if x.isdigit()]
        acknowledged = max(acked)

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        answers = con.execute("SELECT id, question, citations, user_hash FROM answers").fetchall()
        votes = con.execute("SELECT answer_id, verdict FROM feedback").fetchall()
    finally:
        con.close()
    asked = {int(q.split()[2]) for _, q, _, _ in answers}
    assert asked >= set(range(1, acknowledged + 1)), "an acknowledged write was lost"
    assert len(votes) >= acknowledged
    assert all(json.loads(c) == ["kh|IV.4|1"] * 3 and len(h) == 64 for _, _, c, h in answers)
    from bot.feedback import FeedbackStore, export_jsonl

    store = FeedbackStore(db, "crash-test-key")
    try:
        stats = store.stats()
        assert stats.questions == len(answers) and stats.helpful + stats.unhelpful == len(votes)
        store.record_answer(user_id=1, chat_type="private", question="sau sự cố", kind="passage", abstained=False,
                            citations=[], latency_ms=1.0)
    finally:
        store.close()
    out = tmp_path / "export.jsonl"
    assert export_jsonl(db, out) == len(votes)
    report.record("feedback_crash", {"kills": kills, "rows_acknowledged": acknowledged, "answers_rows": len(answers),
                                     "feedback_rows": len(votes), "integrity_check": "ok"})
