"""The eval runner: metric arithmetic on hand-made cases, and the gates on the real engine.

The metric tests use cases small enough to compute by hand, so a wrong formula (off-by-one
rank, a miss counted as a hit, precision and recall swapped) fails here before it can quietly
move a number in the report. The gate tests run the real eval over the committed corpus and
the gold set; when they fail, the engine is below the thresholds in eval/gates.toml — that
is information, and the thresholds are not to be lowered to silence it.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from eval import metrics as M
from eval.baselines import Passage
from eval.report import GATES_FILE, check_gates, gates_passed, metric_at, misses, render_markdown, write_outputs
from eval.runner import (
    EvalOptions,
    GoldItem,
    Response,
    Scorer,
    System,
    load_gold,
    make_variants,
    run_eval,
    summarize,
)

from .conftest import REPO

GOLD = REPO / "eval" / "gold" / "questions.jsonl"


# -- metric functions -------------------------------------------------------------------------

def test_hit_at_k_and_mrr_by_hand():
    ranks = [1, 2, None, 4, 1]  # five questions
    assert M.hit_at_k(ranks, 1) == pytest.approx(2 / 5)
    assert M.hit_at_k(ranks, 3) == pytest.approx(3 / 5)
    assert M.hit_at_k(ranks, 5) == pytest.approx(4 / 5)
    assert M.mrr_at_k(ranks, 5) == pytest.approx((1 + 1 / 2 + 0 + 1 / 4 + 1) / 5)
    assert M.mrr_at_k(ranks, 3) == pytest.approx((1 + 1 / 2 + 1) / 5)  # rank 4 is beyond k=3
    assert M.hit_at_k([], 1) is None and M.mrr_at_k([], 5) is None


def test_first_hit_rank_uses_evidence_with_whitespace_normalised():
    passages = [("Mặt trận Tổ quốc tuyên truyền", "IV.3"), ("Ban Tuyên giáo  Huyện ủy\nchủ trì, phối hợp", "IV.4")]
    assert M.first_hit_rank(passages, ["Ban Tuyên giáo Huyện ủy chủ trì"], ["IV.4"]) == 2
    # evidence decides even when the section is another one
    assert M.first_hit_rank(passages, ["Ban Tuyên giáo Huyện ủy chủ trì"], ["I.1"]) == 2
    # a passage in the right section without the evidence is not a hit
    assert M.first_hit_rank(passages, ["không có ở đâu"], ["IV.4"]) is None
    # beyond k is not seen
    assert M.first_hit_rank(passages, ["Ban Tuyên giáo Huyện ủy chủ trì"], [], k=1) is None


def test_without_evidence_the_section_decides():
    passages = [("…", "III.1"), ("…", "IV.4")]
    assert M.first_hit_rank(passages, [], ["iv.4"]) == 2
    assert M.first_hit_rank(passages, [], ["III"]) == 1  # a whole part accepts its items
    assert not M.section_matches("III", ["III.1"])  # but not the other way round
    assert not M.section_matches("III.10", ["III.1"])
    assert M.section_matches("chữ ký", ["chữ ký"]) and not M.section_matches(None, ["IV.4"])


def test_citation_correct_needs_document_section_and_evidence():
    ev, secs, docs = ["chủ trì"], ["IV.4"], {"plan"}
    assert M.citation_correct("plan", "IV.4", "Ban Tuyên giáo chủ trì", ev, secs, docs)
    assert not M.citation_correct("other", "IV.4", "Ban Tuyên giáo chủ trì", ev, secs, docs)
    assert not M.citation_correct("plan", "IV.3", "Ban Tuyên giáo chủ trì", ev, secs, docs)
    assert not M.citation_correct("plan", "IV.4", "Ban Tuyên giáo phối hợp", ev, secs, docs)
    assert M.citation_correct("plan", "IV.4", "anything", [], secs, docs)  # clause question: no evidence


def test_abstention_precision_and_recall_by_hand():
    should = [True, True, True, False, False, False, False]
    did = [True, True, False, True, False, False, False]
    precision, recall = M.abstention_pr(should, did)
    assert precision == pytest.approx(2 / 3)  # 2 right out of 3 abstentions
    assert recall == pytest.approx(2 / 3)  # 2 of 3 questions that needed one
    c = M.abstention_confusion(should, did)
    assert (c.tp, c.fp, c.fn, c.tn) == (2, 1, 1, 3)
    # never abstaining: recall 0, precision undefined (not 0, not 1)
    assert M.abstention_pr([True, False], [False, False]) == (None, 0.0)
    # asymmetric case catches precision/recall swapped
    assert M.abstention_pr([True, False, False], [True, True, True]) == (pytest.approx(1 / 3), 1.0)


def test_percentile_matches_numpy_linear():
    xs = [10.0, 20.0, 30.0, 40.0]
    assert M.percentile(xs, 50) == pytest.approx(25.0)
    assert M.percentile(xs, 95) == pytest.approx(38.5)
    assert M.percentile([7.0], 95) == 7.0 and M.percentile([], 50) is None


def test_strip_accents_keeps_case_and_punctuation():
    assert M.strip_accents("Đảng bộ Huyện ủy, đội ngũ trí thức?") == "Dang bo Huyen uy, doi ngu tri thuc?"
    assert M.has_accents("Mục IV.4") and not M.has_accents("muc IV.4")


def test_register_row_matching():
    gold = {"type": "duty", "actor": "Ban Tuyên giáo", "role": "chủ trì", "section": "IV.4",
            "task_contains": "tuyên truyền, phổ biến"}
    row = {"actor": "Ban Tuyên giáo Huyện ủy", "role": "chủ trì", "section": "IV.4"}
    assert M.duty_matches(gold, row, "hướng dẫn, tuyên truyền, phổ biến Nghị quyết")
    assert not M.duty_matches(gold, {**row, "role": "phối hợp"}, "tuyên truyền, phổ biến")
    assert not M.duty_matches(gold, row, "vận động")
    assert M.names_overlap("Các ban ngành có liên quan", "Các ban, ngành có liên quan")  # punctuation ignored
    assert M.names_overlap("Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo")  # either way round
    assert not M.names_overlap("Ủy ban", "Ban Tuyên giáo")  # whole words only
    assert not M.names_overlap("", "Ban Tuyên giáo")
    dl = {"type": "deadline", "year": 2030, "section": "II.2", "expression_contains": "đến năm 2030"}
    assert M.deadline_matches(dl, {"year": "2030", "section": "II.2", "expression": "Phấn đấu đến năm 2030"})
    assert not M.deadline_matches(dl, {"year": 2045, "section": "II.2", "expression": "đến năm 2030"})
    recurring = {"year": None, "section": "III.5", "expression_contains": "định kỳ"}
    assert M.deadline_matches(recurring, {"year": None, "section": "III.5", "expression": "định kỳ"})


# -- variants and aggregation -----------------------------------------------------------------

def _item(**kw) -> GoldItem:
    base = dict(id="x", kind="duty", question="Ai chủ trì?", evidence=["chủ trì"], sections=["IV.4"],
                paraphrases=[], split="dev")
    base.update(kw)
    return GoldItem(**base)


def test_variants_accented_accent_free_and_paraphrases():
    vs = make_variants(_item(paraphrases=["BTG có chủ trì không?", "ai chu tri"]))
    assert [(v.form, v.n, v.accents) for v in vs] == [
        ("question", 0, "accented"), ("question", 0, "accent_free"),
        ("paraphrase", 1, "accented"), ("paraphrase", 1, "accent_free"),
        ("paraphrase", 2, "accent_free"),  # typed without accents: asked once
    ]
    assert vs[1].text == "Ai chu tri?"


class _Scripted(System):
    """A system whose answers are given per question text (for aggregation tests)."""

    name = "scripted"
    abstains = True

    def __init__(self, script: dict[str, Response]) -> None:
        self.script = script

    def ask(self, question: str) -> Response:
        return self.script[question]


def test_summary_counts_accent_gap_and_abstention():
    hit = Response(False, [Passage("Ban Tuyên giáo chủ trì", 1.0, "IV.4", "plan")])
    wrong = Response(False, [Passage("Mặt trận vận động", 1.0, "IV.3", "plan")])
    abstain = Response(True, [])
    items = [_item(id="a"), _item(id="b", question="Ai phối hợp?"),
             _item(id="c", kind="abstain", question="Giá vàng?", evidence=[], sections=[])]
    script = {"Ai chủ trì?": hit, "Ai chu tri?": wrong,  # a: accented right, accent-free wrong
              "Ai phối hợp?": hit, "Ai phoi hop?": hit,
              "Giá vàng?": abstain, "Gia vang?": wrong}  # c: abstains only with accents
    system = _Scripted(script)
    chunks = [type("C", (), {"doc_id": "plan", "text": "Ban Tuyên giáo chủ trì", "section": "IV.4"})()]
    scorer = Scorer(chunks, {}, {})
    outs = [scorer.score(system, v, system.ask(v.text)) for it in items for v in make_variants(it)]
    s = summarize(outs, system)
    assert s["accented"]["hit@1"] == 1.0 and s["accent_free"]["hit@1"] == 0.5
    assert s["accent_gap"]["hit@1"] == pytest.approx(0.5) and s["accent_gap"]["pairs"] == 2
    assert s["accented"]["cite@1"] == 1.0
    ab = s["abstention"]
    assert (ab["tp"], ab["fn"], ab["fp"]) == (1, 1, 0) and ab["recall"] == 0.5 and ab["precision"] == 1.0
    assert [reason for reason, _ in misses(outs, "scripted")] == [
        "no cited passage is a hit", "answered instead of abstaining"]


def test_gates_fail_below_threshold_and_pass_above(tmp_path):
    gates = tmp_path / "gates.toml"
    gates.write_text('system = "ours"\nsplit = "all"\n[[gate]]\nname = "h1"\nmetric = "accented.hit@1"\nmin = 0.85\n'
                     '[[gate]]\nname = "gap"\nmetric = "accent_gap.hit@1"\nmax = 0.05\n', encoding="utf-8")

    def result(h1: float, gap: float):
        block = {"accented": {"hit@1": h1}, "accent_gap": {"hit@1": gap}}
        return type("R", (), {"systems": {"ours": {"all": block, "dev": block, "heldout": block}}})()

    assert gates_passed(check_gates(result(0.9, 0.01), gates))
    failed = check_gates(result(0.84, 0.06), gates)
    assert [c.passed for c in failed] == [False, False] and not gates_passed(failed)
    assert metric_at({"a": {"b": None}}, "a.b") is None and metric_at({}, "a.b") is None


def test_gold_file_loads():
    items = load_gold(GOLD)
    assert items and {i.split for i in items} <= {"dev", "heldout"}


# -- the real run -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def eval_result(engine, index_dir):
    """The eval of ours over the whole gold set on the committed corpus (no baselines: speed)."""
    return run_eval(EvalOptions(index_dir=index_dir, baselines=False, progress=False), engine=engine)


def _gate_names() -> list[str]:
    return [g.get("name", g["metric"]) for g in tomllib.loads(GATES_FILE.read_text(encoding="utf-8"))["gate"]]


@pytest.mark.parametrize("gate", _gate_names())
def test_gate(eval_result, gate):
    check = next(c for c in check_gates(eval_result) if c.name == gate)
    assert check.passed, check.line()


def test_every_split_and_kind_is_reported(eval_result, tmp_path):
    ours = eval_result.systems["ours"]
    assert set(ours) == {"dev", "heldout", "all"}
    assert ours["dev"]["n_items"] + ours["heldout"]["n_items"] == ours["all"]["n_items"]
    assert set(ours["all"]["by_kind"]) == {i.kind for i in load_gold(GOLD)}
    jpath, mpath = write_outputs(eval_result, check_gates(eval_result), tmp_path)
    data = json.loads(jpath.read_text(encoding="utf-8"))
    assert data["gates"]["checks"] and len(data["records"]) == eval_result.meta["variants"]
    md = mpath.read_text(encoding="utf-8")
    assert "## Misses of ours" in md and "### Held-out split" in md
    for miss in data["misses"]:  # every miss is in the Markdown with its question
        assert miss["question"] in md
    assert render_markdown(eval_result, check_gates(eval_result)) == md


def test_cli_json_smoke(index_dir, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "eval", "--index", str(index_dir), "--limit", "4", "--no-baselines", "--json",
         "--no-progress", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    assert data["meta"]["items"] == 4 and data["meta"]["partial"]
    assert (tmp_path / "latest.json").exists() and (tmp_path / "latest.md").exists()
    assert proc.returncode == (0 if data["gates"]["passed"] else 1)


_TUTORIAL_SCRIPT = """
import json, sys
from pathlib import Path
from eval.baselines import TutorialPipeline, tutorial_requirements
reason = tutorial_requirements()
if reason:
    print(json.dumps({"skip": reason})); sys.exit(0)
with TutorialPipeline.build(Path(sys.argv[1]), Path(sys.argv[2])) as pipe:
    hits = pipe.search("Ai chủ trì tuyên truyền Nghị quyết 45?", k=3)
    _, ms = pipe.timed_search("ai chu tri tuyen truyen", k=3)
    print(json.dumps({"n_chunks": pipe.n_chunks, "timings": pipe.timings, "ms": ms,
                      "hits": [[t, s, type(s).__name__] for t, s in hits]}))
"""


@pytest.mark.slow
def test_tutorial_pipeline_builds_and_searches(tmp_path):
    """Run in a child process: importing torch here would slow the engine in later tests."""
    proc = subprocess.run([sys.executable, "-c", _TUTORIAL_SCRIPT, str(REPO / "corpus"), str(tmp_path / "tut")],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if "skip" in data:
        pytest.skip(data["skip"])
    assert data["n_chunks"] > 5 and set(data["timings"]) >= {"load_model_s", "split_s", "index_s", "build_s"}
    hits = data["hits"]
    assert len(hits) == 3 and all(isinstance(t, str) and kind == "float" for t, _, kind in hits)
    assert all(len(t) <= 1000 for t, _, _ in hits)  # chunk_size=1000
    assert hits[0][1] >= hits[-1][1] and data["ms"] > 0  # best first
