"""`python -m eval --llm`: how the optional generated answers (issue 8) behave on the gold set.

Retrieval is measured by the main eval on the extractive engine; this part measures only what
the model adds on top of it. Each answerable gold question is asked once, as written (the
accented wording), the engine's extractive answer supplies the numbered passages, and
`bot.generate.generate` rephrases them exactly as the bot would. Reported:

- faithfulness: share of the sentences the model wrote that their cited passages support
  (`bot.generate.faithfulness`, counted before the unsupported ones are dropped);
- answer rate: share of questions with passages where the generated answer was shown
  (`used`), the rest falling back to the verbatim answer;
- fallbacks: how many answers ended in each status (timeout, ungrounded, refused, …);
- median / p95 generation latency, over the questions the model was actually asked.

Without a configured model server nothing is asked, and the run says so in one line.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import metrics as M

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.generate import Generated
    from hoi.settings import Settings

    from .runner import GoldItem

SPLITS = ("dev", "heldout", "all")
NOT_ASKED = "no_passages"  # the engine abstained on an answerable question: nothing to rephrase


def unavailable(settings: "Settings") -> str | None:
    """None when a model server is configured and usable; else the one-line reason to skip.

    Checked before the run so that `--llm` without HOI_LLM costs nothing and says why, instead
    of reporting 100 % fallbacks that would read as a model failure.
    """
    from bot import generate as gen

    if not gen.enabled(settings):
        return ("--llm: no model server configured (set HOI_LLM=openai-compatible, HOI_LLM_BASE_URL and "
                "HOI_LLM_MODEL); generated answers not evaluated")
    problem = gen.check_config(settings)
    if problem:
        return f"--llm: generation is not usable ({problem}); generated answers not evaluated"
    return None


@dataclass
class LlmRecord:
    """One gold question through generation: what the model said and what became of it."""

    item: "GoldItem"
    question: str
    generated: "Generated"

    @property
    def asked(self) -> bool:
        """True when the model was called (the engine had passages to give it)."""
        return self.generated.status != NOT_ASKED

    def to_json(self) -> dict[str, Any]:
        g = self.generated
        return {
            "id": self.item.id, "split": self.item.split, "kind": self.item.kind, "question": self.question,
            "status": g.status, "used": g.used, "latency_ms": round(g.latency_ms, 2),
            "sentences": len(g.sentences), "supported": sum(s.supported for s in g.sentences),
            "text": g.text, "note": g.note,
            # what the check rejected, and why: the lines to read when tuning the prompts
            "unsupported": [{"text": s.text, "reason": s.reason, "detail": s.detail}
                            for s in g.sentences if not s.supported],
        }


def summarize(records: Sequence[LlmRecord]) -> dict[str, Any]:
    """The four numbers of the report for one set of records (None where there is no data)."""
    from bot import generate as gen

    asked = [r for r in records if r.asked]
    latencies = [r.generated.latency_ms for r in asked]
    sentences = sum(len(r.generated.sentences) for r in asked)
    return {
        "questions": len(records),
        "asked": len(asked),
        "used": sum(r.generated.used for r in asked),
        "sentences": sentences,
        # 0.0 from faithfulness() with no sentences would read as "all wrong": say "no data"
        "faithfulness": round(gen.faithfulness(r.generated for r in asked), 4) if sentences else None,
        "answer_rate": M.share([r.generated.used for r in asked]),
        "status": dict(Counter(r.generated.status for r in records).most_common()),
        "fallbacks": dict(Counter(r.generated.status for r in asked if not r.generated.used).most_common()),
        "latency_ms": {"median": M.percentile(latencies, 50), "p95": M.percentile(latencies, 95)},
    }


def evaluate(engine: "Engine", items: Sequence["GoldItem"], settings: "Settings",
             tick: Callable[[int], object] | None = None) -> dict[str, Any]:
    """Generate for every answerable item and summarise per split; the result goes into
    `EvalResult.llm` (summary per split, the model, the prompt version, one record per question).

    `tick(1)` is called after each question, for the runner's progress bar.
    """
    from bot import generate as gen

    records: list[LlmRecord] = []
    for it in items:
        if not it.answerable:
            continue
        # the extractive answer's passages are what the bot hands the model
        ans = engine.answer(it.question, generate=False)
        citations = [] if ans.abstained else ans.citations
        records.append(LlmRecord(it, it.question, gen.generate(ans.question, citations, settings)))
        if tick:
            tick(1)
    versions = sorted({r.generated.prompt_version for r in records if r.generated.prompt_version})
    return {
        "model": settings.llm_model,
        "provider": settings.llm,
        "timeout_s": settings.llm_timeout,
        "prompt_version": " / ".join(versions),
        "summary": {
            split: summarize([r for r in records if split == "all" or r.item.split == split]) for split in SPLITS
        },
        "records": [r.to_json() for r in records],
    }
