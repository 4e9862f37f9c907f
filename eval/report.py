"""Turning an EvalResult into what people read: a terminal table, a Markdown report, a JSON file,
and the verdict of the gates.

The Markdown report lists every miss with the question, what the gold expected and what was
cited, because a score alone says *that* the engine is wrong, and the person fixing it needs
to see *why*.
"""
from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .runner import EvalResult, Outcome

GATES_FILE = Path(__file__).resolve().parent / "gates.toml"
RESULTS_DIR = Path(__file__).resolve().parent / "results"


# -- gates ------------------------------------------------------------------------------------

@dataclass
class GateCheck:
    name: str
    metric: str
    op: str  # ">=" | "<="
    threshold: float
    value: float | None
    per_split: dict[str, float | None]

    @property
    def passed(self) -> bool | None:
        """None when the metric has no data in this run (e.g. `--kind duty` has no abstain rows)."""
        if self.value is None:
            return None
        return self.value >= self.threshold if self.op == ">=" else self.value <= self.threshold

    def line(self) -> str:
        verdict = {True: "PASS", False: "FAIL", None: "n/a "}[self.passed]
        splits = ", ".join(f"{k} {fmt(v)}" for k, v in self.per_split.items())
        return f"[{verdict}] {self.name}: {fmt(self.value)} {self.op} {self.threshold:g}  ({splits})"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "metric": self.metric, "op": self.op, "threshold": self.threshold,
                "value": self.value, "per_split": self.per_split, "passed": self.passed}


def metric_at(block: dict[str, Any], path: str) -> float | None:
    """`"accented.hit@3"` → block["accented"]["hit@3"] (None when any step is missing)."""
    cur: Any = block
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return float(cur) if isinstance(cur, (int, float)) and not isinstance(cur, bool) else None


def check_gates(result: EvalResult, gates_file: Path = GATES_FILE) -> list[GateCheck]:
    cfg = tomllib.loads(gates_file.read_text(encoding="utf-8"))
    system = result.systems.get(cfg.get("system", "ours"), {})
    split = cfg.get("split", "all")
    checks = []
    for g in cfg.get("gate", []):
        op, thr = (">=", g["min"]) if "min" in g else ("<=", g["max"])
        checks.append(GateCheck(
            name=g.get("name", g["metric"]), metric=g["metric"], op=op, threshold=float(thr),
            value=metric_at(system.get(split, {}), g["metric"]),
            per_split={s: metric_at(system.get(s, {}), g["metric"]) for s in ("dev", "heldout")},
        ))
    return checks


def gates_passed(checks: Sequence[GateCheck]) -> bool:
    return all(c.passed is not False for c in checks)


# -- formatting -------------------------------------------------------------------------------

def fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def fmt_gap(x: float | None) -> str:
    return "—" if x is None else f"{x:+.3f}"


def fmt_ms(x: float | None) -> str:
    return "—" if x is None else (f"{x:.1f}" if x < 100 else f"{x:.0f}")


MAIN_COLUMNS = ["system", "split", "items", "n acc", "hit@1", "hit@3", "MRR@5", "cite@1", "af hit@1",
                "af hit@3", "gap@1", "gap@3", "para hit@1", "abst P", "abst R", "miss-doc", "p50 ms", "p95 ms"]


def main_rows(result: EvalResult) -> list[list[str]]:
    rows = []
    for name, splits in result.systems.items():
        for split in ("dev", "heldout", "all"):
            b = splits[split]
            acc, af, gap = b["accented"], b["accent_free"], b["accent_gap"]
            ab = b["abstention"]
            md = b["missing_doc_named"]
            rows.append([
                name, split, str(b["n_items"]), str(acc["n"]), fmt(acc["hit@1"]), fmt(acc["hit@3"]),
                fmt(acc["mrr@5"]), fmt(acc["cite@1"]), fmt(af["hit@1"]), fmt(af["hit@3"]),
                fmt_gap(gap["hit@1"]), fmt_gap(gap["hit@3"]), fmt(b["paraphrase"]["hit@1"]),
                fmt(ab["precision"]) if ab else "n/a", fmt(ab["recall"]) if ab else "n/a",
                (fmt(md["share"]) if md["n"] else "—") if md else "n/a",
                fmt_ms(b["latency_ms"]["median"]), fmt_ms(b["latency_ms"]["p95"]),
            ])
    return rows


def kind_rows(result: EvalResult, split: str) -> tuple[list[str], list[list[str]]]:
    names = list(result.systems)
    kinds: list[str] = []
    for s in names:
        for k in result.systems[s][split]["by_kind"]:
            if k not in kinds:
                kinds.append(k)
    header = ["kind", "items"] + [f"{s} h@1/h@3 (af h@1)" for s in names]
    rows = []
    for k in kinds:
        first = result.systems[names[0]][split]["by_kind"].get(k, {})
        row = [k, str(first.get("items", ""))]
        for s in names:
            b = result.systems[s][split]["by_kind"].get(k)
            if not b:
                row.append("—")
            elif k == "abstain":
                row.append(f"abstained {fmt(b['abstained'])}")
            else:
                row.append(f"{fmt(b['hit@1'])}/{fmt(b['hit@3'])} ({fmt(b['accent_free']['hit@1'])})")
        rows.append(row)
    return header, rows


LLM_COLUMNS = ["split", "questions", "asked", "faithfulness", "answer rate", "p50 ms", "p95 ms", "fallbacks"]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "—"


def llm_rows(result: EvalResult) -> list[list[str]]:
    """`--llm` summary per split (empty when generation was not evaluated)."""
    llm = result.llm or {}
    rows = []
    for split, b in (llm.get("summary") or {}).items():
        rows.append([split, str(b["questions"]), str(b["asked"]), fmt(b["faithfulness"]), fmt(b["answer_rate"]),
                     fmt_ms(b["latency_ms"]["median"]), fmt_ms(b["latency_ms"]["p95"]), _counts(b["fallbacks"])])
    return rows


def llm_heading(result: EvalResult) -> str:
    llm = result.llm or {}
    return (f"Generated answers (--llm): model {llm.get('model') or '?'}, prompts {llm.get('prompt_version') or '?'}; "
            "answerable gold questions as written, passages of the extractive answer")


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    esc = lambda c: c.replace("|", "\\|")  # noqa: E731
    out = ["| " + " | ".join(esc(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def render_text(result: EvalResult, checks: Sequence[GateCheck]) -> str:
    """The stdout report: main table, per-kind table (both splits together), gates, notes."""
    m = result.meta
    parts = [
        f"Eval: {m['items']} gold questions ({m['items_by_split'].get('dev', 0)} dev, "
        f"{m['items_by_split'].get('heldout', 0)} heldout), {m['variants']} wordings asked per system; "
        f"index {m['index']} ({m['embedder']}); {m['runtime_s']} s",
        "",
        "hit@k / MRR@5 / cite@1 on accented wordings (questions + paraphrases); af = accent-free; "
        "gap = accented − accent-free",
        text_table(MAIN_COLUMNS, main_rows(result)),
        "",
        "Per kind (dev + heldout):",
        text_table(*kind_rows(result, "all")),
        "",
        "Gates (dev + heldout; per split in brackets):",
        *[c.line() for c in checks],
    ]
    if llm_rows(result):
        parts += ["", llm_heading(result), text_table(LLM_COLUMNS, llm_rows(result))]
    reg = result.registers
    if "skipped" not in reg:
        parts += ["", "Registers: " + "; ".join(
            f"{k} P {fmt(v['precision'])} R {fmt(v['recall'])} ({v['extracted']} extracted, {v['gold']} gold)"
            for k, v in reg.items())]
    if result.gold_warnings:
        parts += ["", "Gold warnings:", *("  " + w for w in result.gold_warnings)]
    if result.notes:
        parts += ["", "Notes:", *("  - " + n for n in result.notes)]
    parts += ["", f"Misses of ours: {len(misses(result.outcomes, 'ours'))} (listed in the Markdown report)"]
    return "\n".join(parts)


# -- misses -----------------------------------------------------------------------------------

def misses(outcomes: Sequence[Outcome], system: str) -> list[tuple[str, Outcome]]:
    """(reason, outcome) for every wording a system got wrong.

    A miss is: an answerable question whose first citation is not a hit (hit@1 is the
    headline), an abstain question that was answered, or a missing-document question whose
    answer does not name the document.
    """
    out = []
    for o in outcomes:
        if o.system != system:
            continue
        r = o.response
        if o.item.answerable and o.rank != 1:
            if r.abstained:
                out.append(("abstained on an answerable question", o))
            elif o.rank is None:
                out.append(("no cited passage is a hit", o))
            else:
                out.append((f"first hit only at rank {o.rank}", o))
        elif not o.item.answerable and not r.abstained:
            out.append(("answered instead of abstaining", o))
        if o.names_missing is False:
            out.append((f"answer does not name the missing document ({o.item.missing_doc})", o))
    return out


def _short(text: str, n: int = 120) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[:n] + "…"


def render_misses(result: EvalResult, system: str = "ours", split: str | None = None) -> str:
    rank1: dict[str, list[str]] = {}
    for o in result.outcomes:
        if o.system != system and o.rank == 1:
            rank1.setdefault(o.variant.key, []).append(o.system)
    found = [(r, o) for r, o in misses(result.outcomes, system) if split is None or o.item.split == split]
    if not found:
        return "No misses."
    lines: list[str] = []
    by_item: dict[str, list[tuple[str, Outcome]]] = {}
    for reason, o in found:
        by_item.setdefault(o.item.id, []).append((reason, o))
    for item_id, group in by_item.items():
        it = group[0][1].item
        lines.append(f"#### {item_id} — {it.kind}, {it.split}")
        exp = []
        if it.evidence:
            exp.append("evidence " + " / ".join(f"“{_short(e)}”" for e in it.evidence))
        if it.sections:
            exp.append("sections " + ", ".join(it.sections))
        if it.missing_doc:
            exp.append(f"names missing document {it.missing_doc}")
        if not it.answerable:
            exp.append("abstain")
        lines.append("Expected: " + "; ".join(exp))
        lines.append("")
        for reason, o in group:
            v = o.variant
            lines.append(f"- **{v.form}{'' if v.form == 'question' else ' ' + str(v.n)}, {v.accents}**: "
                         f"“{v.text}” — {reason} [answer kind: {o.response.answer_kind or '—'}]"
                         + (f" (rank 1 for {', '.join(rank1[v.key])})" if v.key in rank1 else ""))
            r = o.response
            if r.abstained and r.answer_text:
                lines.append(f"  - answer: {_short(r.answer_text, 200)}")
            for i, p in enumerate(r.passages[:5], start=1):
                lines.append(f"  - cited [{i}] {p.section or p.label}: {_short(p.text)}")
        lines.append("")
    return "\n".join(lines)


def render_markdown(result: EvalResult, checks: Sequence[GateCheck]) -> str:
    m = result.meta
    git = m.get("git") or {}
    ok = gates_passed(checks)
    parts = [
        "# Eval report",
        "",
        f"- created {m['created']}, commit {git.get('commit', '?')}{' (dirty tree)' if git.get('dirty') else ''}",
        f"- index `{m['index']}`, embedder `{m['embedder']}`",
        f"- gold `{m['gold']}`: {m['items']} questions ({m['items_by_split'].get('dev', 0)} dev, "
        f"{m['items_by_split'].get('heldout', 0)} heldout), by kind {m['items_by_kind']}; "
        f"{m['variants']} wordings asked per system",
        f"- systems: {', '.join(m['systems'])}; runtime {m['runtime_s']} s; cold start {m['cold_start_ms']} ms"
        + (f"; tutorial build {m['tutorial_timings_s']}" if m.get("tutorial_timings_s") else ""),
        *([f"- **partial run** (options {m['options']}): gates are indicative only"] if m.get("partial") else []),
        "",
        f"## Gates: {'PASS' if ok else 'FAIL'}",
        "",
        *[f"- {c.line()}" for c in checks],
        "",
        "## Results",
        "",
        "hit@k, MRR@5 and cite@1 (first citation: right document, section and evidence) are on accented "
        "wordings (gold questions and paraphrases as written); `af` = the same wordings accent-free; "
        "`gap` = accented − accent-free over wordings asked both ways; `para hit@1` = paraphrases, both "
        "spellings; `miss-doc` = share of missing-document questions whose answer names the document.",
        "",
        md_table(MAIN_COLUMNS, main_rows(result)),
        "",
    ]
    for split in ("dev", "heldout", "all"):
        parts += [f"### Per kind — {split}", "", md_table(*kind_rows(result, split)), ""]
    parts += render_llm_markdown(result)
    parts += ["## Registers", ""]
    reg = result.registers
    if "skipped" in reg:
        parts += [f"Skipped: {reg['skipped']}.", ""]
    else:
        for k, v in reg.items():
            parts.append(f"- {k}: precision {fmt(v['precision'])}, recall {fmt(v['recall'])} "
                         f"({v['extracted']} extracted, {v['gold']} gold)")
            if v.get("attributes_agree"):
                parts.append("  - matched rows with the gold kind / is_reference: "
                             + ", ".join(f"{a} {fmt(x)}" for a, x in v["attributes_agree"].items()))
            for g in v["missed"]:
                parts.append(f"  - missed (gold row not extracted): `{json.dumps(g, ensure_ascii=False)}`")
            for r in v["unmatched_extracted"]:
                parts.append(f"  - extra (extracted, matches no gold row): `{json.dumps(r, ensure_ascii=False)[:300]}`")
        parts.append("")
    if result.gold_warnings:
        parts += ["## Gold warnings", "", *(f"- {w}" for w in result.gold_warnings), ""]
    if result.notes:
        parts += ["## Notes", "", *(f"- {n}" for n in result.notes), ""]
    n_miss = {s: len(misses(result.outcomes, s)) for s in result.systems}
    parts += ["## Misses of ours", "",
              "Every wording ours got wrong, with what the gold expected and what was cited (first 120 "
              "characters); “rank 1 for …” names baselines that got that wording right. Miss counts of all "
              "systems (both splits): " + ", ".join(f"{s} {n}" for s, n in n_miss.items()) + ".",
              "", "### Dev split", "", render_misses(result, "ours", "dev"), "",
              "### Held-out split", "",
              "Scored for the record. Do not tune the engine on these (eval/gold/README.md); fix a row here "
              "only when the gold itself is wrong.", "",
              render_misses(result, "ours", "heldout")]
    return "\n".join(parts).rstrip() + "\n"


def render_llm_markdown(result: EvalResult) -> list[str]:
    """The `--llm` section: summary per split, then every answer that fell back or lost a
    sentence, with what the grounding check rejected (nothing when `--llm` was not given)."""
    if result.llm is None:
        return []
    if "skipped" in result.llm:
        return ["## Generated answers (--llm)", "", f"Skipped: {result.llm['skipped']}.", ""]
    parts = [
        "## Generated answers (--llm)", "",
        llm_heading(result) + ". `faithfulness` = share of the sentences the model wrote that their cited "
        "passages support (before unsupported ones are dropped); `answer rate` = share of the questions the "
        "model was asked whose generated answer was shown; `asked` excludes questions the engine abstained "
        "on; latency is per generation; `fallbacks` counts the other answers by status.", "",
        md_table(LLM_COLUMNS, llm_rows(result)), "",
    ]
    shown = [r for r in result.llm.get("records", []) if not r["used"] or r["unsupported"]]
    if shown:
        parts += ["### Fallbacks and removed sentences", ""]
        for r in shown:
            parts.append(f"- **{r['id']}** ({r['split']}, {r['status']}, {fmt_ms(r['latency_ms'])} ms): "
                         f"“{_short(r['question'])}”" + (f" — {r['note']}" if r["note"] else ""))
            for u in r["unsupported"]:
                detail = f", {u['detail']}" if u.get("detail") else ""
                parts.append(f"  - rejected ({u['reason']}{detail}): {_short(u['text'], 200)}")
        parts.append("")
    return parts


def write_outputs(result: EvalResult, checks: Sequence[GateCheck], out_dir: Path = RESULTS_DIR) -> tuple[Path, Path]:
    """latest.json (summary + every record) and latest.md under out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = result.to_json(with_records=True)
    data["gates"] = {"passed": gates_passed(checks), "checks": [c.to_json() for c in checks]}
    data["misses"] = [{"reason": reason, **o.to_json()} for reason, o in misses(result.outcomes, "ours")]
    jpath, mpath = out_dir / "latest.json", out_dir / "latest.md"
    # Summary indented for reading and diffing; one line per record to keep the file small.
    records = data.pop("records", [])
    blocks = [("records", records)]
    if isinstance(data.get("llm"), dict) and "records" in data["llm"]:
        data["llm"] = dict(data["llm"])  # a copy: result.llm keeps its records
        blocks.insert(0, ("llm_records", data["llm"].pop("records")))
    jpath.write_text(compact_json(data, blocks) + "\n", encoding="utf-8")
    mpath.write_text(render_markdown(result, checks), encoding="utf-8")
    return jpath, mpath


def compact_json(data: dict[str, Any], blocks: Sequence[tuple[str, list[Any]]]) -> str:
    """The summary indented for reading and diffing, then each block one line per record, so a
    results file of thousands of wordings stays small and its diffs say which records changed."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for name, rows in blocks:
        lines = ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in rows)
        text = text[: text.rfind("}")].rstrip() + f',\n "{name}": [\n  ' + lines + "\n ]\n}"
    return text


def summary_json(result: EvalResult, checks: Sequence[GateCheck]) -> dict[str, Any]:
    """What `--json` prints: everything but the per-wording records."""
    data = result.to_json(with_records=False)
    data["gates"] = {"passed": gates_passed(checks), "checks": [c.to_json() for c in checks]}
    data["misses"] = len(misses(result.outcomes, "ours"))
    return data
