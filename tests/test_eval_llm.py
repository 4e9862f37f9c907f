"""`python -m eval --llm`: generated answers measured on the gold set, against a local fake model
server scripted per question, so every reported number can be computed by hand from the script."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.grounding import check_answer
from eval.llm import unavailable
from eval.report import check_gates, render_markdown, render_text, summary_json, write_outputs
from eval.runner import DEFAULT_GOLD, EvalOptions, load_gold, run_eval, select_items
from hoi.settings import Settings
from hoi.text import sentences
from tests.support.fake_llm import FakeLLM, Reply

from .conftest import REPO

LIMIT = 6
INVENTED = "Sở Nội vụ tỉnh Cà Mau chủ trì việc này và báo cáo Bộ Chính trị trước ngày 31/12/2019 [1]."


@pytest.fixture()
def llm():
    pytest.importorskip("langchain_openai", reason="generation needs: pip install langchain-openai")
    with FakeLLM() as server:
        yield server


def llm_settings(server: FakeLLM) -> Settings:
    return Settings(llm="openai-compatible", llm_base_url=server.url, llm_model="fake-model", llm_timeout=10.0)


def grounded(citations, k: int) -> str:
    """k sentences copied from the cited passages, each citing its passage: what a faithful
    model writes. Checked here, so a wrong expectation fails as such and not as an eval bug."""
    picked = []
    for c in citations:
        picked += [f"{s.rstrip('.;:')} [{c.n}]." for s in sentences(c.text) if len(s.split()) >= 6]
    assert len(picked) >= k, "the passages are too short to build the scripted answer"
    text = " ".join(picked[:k])
    verdict = check_answer(text, citations)
    assert len(verdict.kept) == k == len(verdict.sentences), [s.reason for s in verdict.sentences]
    return text


def script_for(engine, server: FakeLLM, limit: int) -> dict:
    """Script one reply per question the model will be asked (in the eval's order) and return
    the numbers the eval must report: 2 grounded sentences, 1 invented one, a server error,
    then 1 grounded sentence, round robin."""
    items = [i for i in select_items(load_gold(DEFAULT_GOLD), None, "all", limit) if i.answerable]
    replies: list[Reply | str] = []
    want = {"asked": 0, "used": 0, "sentences": 0, "supported": 0, "fallbacks": {}}
    for it in items:
        ans = engine.answer(it.question, generate=False)
        if ans.abstained or not ans.citations:
            continue  # the model is never asked: nothing scripted for it
        turn = want["asked"] % 4
        want["asked"] += 1
        if turn in (0, 3):
            k = 2 if turn == 0 else 1
            replies.append(grounded(ans.citations, k))
            want["used"] += 1
            want["sentences"] += k
            want["supported"] += k
        elif turn == 1:
            replies.append(INVENTED)
            want["sentences"] += 1
            want["fallbacks"]["ungrounded"] = want["fallbacks"].get("ungrounded", 0) + 1
        else:
            replies.append(Reply(status=500))
            want["fallbacks"]["http_error"] = want["fallbacks"].get("http_error", 0) + 1
    assert want["asked"] >= 4, "too few answered questions to exercise every scripted case"
    server.script(*replies)
    return want


def test_llm_eval_reports_what_the_model_was_scripted_to_do(engine, index_dir, llm, tmp_path):
    want = script_for(engine, llm, LIMIT)
    result = run_eval(EvalOptions(index_dir=index_dir, limit=LIMIT, baselines=False, progress=False, llm=True),
                      engine=engine, llm_settings=llm_settings(llm))
    assert len(llm.requests) == want["asked"]  # one call per answered question, accented wording only
    got = result.llm["summary"]["all"]
    assert got["asked"] == want["asked"] and got["used"] == want["used"]
    assert got["sentences"] == want["sentences"]
    assert got["faithfulness"] == pytest.approx(want["supported"] / want["sentences"], abs=1e-4)
    assert got["answer_rate"] == pytest.approx(want["used"] / want["asked"])
    assert got["fallbacks"] == want["fallbacks"]
    assert got["status"].get("ok") == want["used"]
    assert got["latency_ms"]["median"] > 0 and got["latency_ms"]["p95"] >= got["latency_ms"]["median"]
    dev, held = result.llm["summary"]["dev"], result.llm["summary"]["heldout"]
    assert dev["questions"] + held["questions"] == got["questions"]
    assert result.llm["model"] == "fake-model" and "answer.vi@" in result.llm["prompt_version"]
    # the model saw the accented gold question and the numbered passages
    first = json.dumps(llm.requests[0], ensure_ascii=False)
    assert result.llm["records"][0]["question"] in first and "[1]" in first

    # the same numbers in every output
    checks = check_gates(result)
    text = render_text(result, checks)
    assert "Generated answers (--llm)" in text and f"{got['faithfulness']:.3f}" in text
    assert all(f"{status} {n}" in text for status, n in want["fallbacks"].items())
    jpath, mpath = write_outputs(result, checks, tmp_path)
    data = json.loads(jpath.read_text(encoding="utf-8"))
    assert data["llm"]["summary"]["all"] == json.loads(json.dumps(got))
    assert len(data["llm_records"]) == got["questions"]
    md = mpath.read_text(encoding="utf-8")
    assert md == render_markdown(result, checks)
    assert "## Generated answers (--llm)" in md and f"{got['answer_rate']:.3f}" in md
    assert "rejected (" in md and "Sở Nội vụ tỉnh Cà Mau" in md  # what the check threw out, to read
    assert "records" not in summary_json(result, checks)["llm"]  # --json stays a summary


def test_llm_eval_skips_without_a_model_server(engine, index_dir):
    assert unavailable(Settings(llm=""))
    assert unavailable(Settings(llm="openai-compatible"))  # no base URL, no model
    result = run_eval(EvalOptions(index_dir=index_dir, limit=2, baselines=False, progress=False, llm=True),
                      engine=engine, llm_settings=Settings(llm=""))
    assert "skipped" in result.llm and any("--llm" in n for n in result.notes)
    assert "Generated answers (--llm)" not in render_text(result, check_gates(result))


def _eval_cli(index_dir, out, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HOI_LLM")}
    return subprocess.run(
        [sys.executable, "-m", "eval", "--index", str(index_dir), "--limit", "2", "--kind", "duty",
         "--no-baselines", "--no-progress", "--json", "--out", str(out), *extra],
        cwd=REPO, env={**clean, **env}, capture_output=True, text=True, timeout=300,
    )


def test_cli_llm_flag_without_server_is_one_line_and_keeps_the_exit_code(index_dir, tmp_path):
    plain = _eval_cli(index_dir, tmp_path / "a", {})
    flagged = _eval_cli(index_dir, tmp_path / "b", {}, "--llm")
    assert flagged.returncode == plain.returncode and plain.returncode in (0, 1), flagged.stderr
    notes = [ln for ln in flagged.stderr.splitlines() if "--llm" in ln]
    assert len(notes) == 1 and "HOI_LLM" in notes[0]
    assert "skipped" in json.loads(flagged.stdout)["llm"]


def test_cli_llm_flag_with_server(index_dir, tmp_path, llm):
    llm.script(INVENTED)  # every answer invented: nothing shown, faithfulness 0
    env = {"HOI_LLM": "openai-compatible", "HOI_LLM_BASE_URL": llm.url, "HOI_LLM_MODEL": "fake-model"}
    proc = _eval_cli(index_dir, tmp_path, env, "--llm")
    assert proc.returncode in (0, 1), proc.stderr
    summary = json.loads(proc.stdout)["llm"]["summary"]["all"]
    assert summary["asked"] == len(llm.requests) >= 1
    assert summary["faithfulness"] == 0.0 and summary["answer_rate"] == 0.0
    assert summary["fallbacks"] == {"ungrounded": summary["asked"]}
    data = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert all(r["status"] == "ungrounded" for r in data["llm_records"])
