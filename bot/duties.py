"""Answers from the duties and deadlines registers: "who must do what, by when".

A question about a body's duties ("mặt trận tổ quốc phải làm gì") is answered with every row of
that body, wherever in the plan it stands, not just the best passage. A "when" question adds
the time expressions of the passages it cites, or of the year it names. Rows are the document's
own words and carry their passages, so the citations are the same as for any other answer.
"""
from __future__ import annotations

import re
from typing import Any

from hoi import doc_vocab
from hoi.text import has_diacritics
from hoi.text import fold
from hoi.vocab import data_file
from hoi.registers import DeadlineRow, DutyRow, Registers

from .compose import plain_fields
from .questions import asks_when, expanded_words, has_phrase, other_words_masked

_Q = data_file("questions.toml")
DUTY_WORDS = tuple(_Q["intent"]["duty"])
DEADLINE_WORDS = tuple(_Q["intent"]["deadline"])
ROLE_WORDS: dict[str, str] = dict(_Q["roles"])
WHO_WORDS = tuple(_Q["intent"]["who"])
# the syllables of the asking phrases ("nhiệm vụ", "làm gì"): not what a duty is about
DUTY_SYLLABLES = frozenset(w for p in DUTY_WORDS for w in p.split())
RE_YEAR = re.compile(r"\b(20\d\d)\b")


def _f(question: str) -> str:
    return " " + " ".join(re.findall(r"[0-9a-z]+", fold(question))) + " "


def _asks(question: str, phrases: tuple[str, ...]) -> bool:
    """The phrase as typed or with the phone shorthand expanded ("lam j" is "làm gì")."""
    return has_phrase(_f(question), phrases) or has_phrase(expanded_words(question), phrases)


def asks_duties(question: str) -> bool:
    return _asks(question, DUTY_WORDS)


def asks_who(question: str) -> bool:
    return _asks(question, WHO_WORDS)


def asks_deadlines(question: str) -> bool:
    """Words like "năm 2030" in a question also ask for time frames."""
    masked = other_words_masked(question)  # "đóng cửa hẳn" asks no time limit
    return (_asks(question, DEADLINE_WORDS) or bool(re.search(r" nam (?:19|20)\d\d ", _f(question)))
            or asks_when(_f(masked)))


def asked_role(question: str) -> str | None:
    f = _f(question)
    return next((role for w, role in ROLE_WORDS.items() if f" {w} " in f), None)


def asked_level(question: str) -> str:
    """The level of the body a question names ("Mặt trận Tổ quốc tỉnh …" → "tỉnh"), "" if none."""
    if has_diacritics(question):
        return doc_vocab.level_of_issuer(" ".join(re.findall(r"\w+", question)))
    f = _f(question)
    for level, words in doc_vocab.levels().get("question_levels", {}).items():
        if has_phrase(f, words):
            return str(level)
    return ""


def prefer_level(rows: list[DutyRow], question: str, doc_level: Any) -> list[DutyRow]:
    """Rows of the asked level first: the body's own level word ("Ủy ban nhân dân cấp xã"), else
    its document's ("Mặt trận Tổ quốc" in a provincial program is the province's). With several
    documents loaded, "Mặt trận Tổ quốc tỉnh" is not the district's."""
    level = asked_level(question)
    if not level:
        return rows

    def row_level(r: DutyRow) -> str:
        return doc_vocab.level_of_issuer(" ".join(re.findall(r"\w+", r.actor))) or doc_level(r.doc_id)

    return sorted(rows, key=lambda r: row_level(r) != level)


def asked_year(question: str) -> int | None:
    m = RE_YEAR.search(question)
    return int(m.group(1)) if m else None


def narrow_to_asked_role(rows: list[DutyRow], question: str) -> list[DutyRow]:
    """The rows of the bodies a question names, narrowed to the role it asks about, if any."""
    role = asked_role(question)
    if role and any(r.role == role for r in rows):
        rows = [r for r in rows if r.role == role]
    return rows


def duties_in_chunks(registers: Registers, chunk_ids: list[str], question: str) -> list[DutyRow]:
    """Rows standing in the cited passages, in citation order (for "ai chủ trì …?")."""
    order = {cid: i for i, cid in enumerate(chunk_ids)}
    rows = [r for r in registers.duties if r.chunk_id in order]
    role = asked_role(question)
    if role and any(r.role == role for r in rows):
        rows = [r for r in rows if r.role == role]
    return sorted(rows, key=lambda r: order[r.chunk_id])


def deadlines_for_question(registers: Registers, question: str, chunk_ids: list[str]) -> list[DeadlineRow]:
    """The time frames of the cited passages, in citation order; with a year asked ("… vào năm
    2030"), every row of that year, those of the cited passages first."""
    order = {cid: i for i, cid in enumerate(chunk_ids)}
    year = asked_year(question)
    if year is not None:
        rows = registers.deadlines_for(year)
        if rows:
            return sorted(rows, key=lambda r: order.get(r.chunk_id, len(order)))
    rows = [r for r in registers.deadlines_for(None) if r.chunk_id in order]
    return sorted(rows, key=lambda r: order[r.chunk_id])


def chain_text(row: DutyRow, label_of: Any) -> str:
    """"thực hiện theo Chương trình … mục III.2": the clause of the higher-level document this duty
    implements (set at ingest by link_chain when that document is loaded)."""
    if not row.implements:
        return ""
    best = row.implements[0]
    return f" — thực hiện theo {label_of(best['doc_id'], best['section'], best.get('para'))}"


def duty_lines(rows: list[DutyRow], num: dict[str, int], label_of: Any = None) -> list[str]:
    """One line per task: "• Ban Tuyên giáo Huyện ủy (chủ trì, tham mưu); Các cơ quan có liên quan
    (phối hợp): hướng dẫn, … [1]" — a task shared by several bodies is written once."""
    groups: dict[tuple[str, str], dict[str, list[str]]] = {}
    timeframes: dict[tuple[str, str], str | None] = {}
    chains: dict[tuple[str, str], str] = {}
    for r in rows:
        if r.chunk_id not in num:
            continue
        key = (r.chunk_id, r.task)
        roles = groups.setdefault(key, {}).setdefault(r.actor, [])
        if r.role not in roles:
            roles.append(r.role)
        timeframes.setdefault(key, r.timeframe)
        if label_of and not chains.get(key):
            chains[key] = chain_text(r, label_of)
    lines = []
    for (cid, task), actors in sorted(groups.items(), key=lambda kv: num[kv[0][0]]):
        who = "; ".join(f"{a} ({', '.join(roles)})" for a, roles in actors.items())
        tf = timeframes[(cid, task)]
        tf_text = f" — thời hạn: {tf}" if tf and tf not in task else ""
        lines.append(f"• {who}: {task}{tf_text} [{num[cid]}]{chains.get((cid, task), '')}")
    return lines


def deadline_line(row: DeadlineRow, n: int) -> str:
    what = row.task if len(row.task) <= 200 else row.task[:200].rsplit(" ", 1)[0] + " …"
    return f"• {row.expression}: {what} [{n}]"


def row_json(row: DutyRow | DeadlineRow, citation: dict[str, Any]) -> dict[str, Any]:
    """A register row with the same citation fields as `ask --json` (doc_id, doc_title, section, text, score)."""
    d = plain_fields(row)
    d.pop("passage", None)
    d["type"] = "duty" if isinstance(row, DutyRow) else "deadline"
    d.update({k: citation[k] for k in ("doc_id", "doc_title", "section", "para", "text", "score", "label",
                                         "citation", "chunk_id", "page")})
    return d


KIND_VI = {"year": "năm", "horizon": "tầm nhìn", "date": "ngày", "recurring": "định kỳ", "stage": "giai đoạn",
           "duration": "thời hạn"}


def rows_with_citations(engine: Any, rows: list[DutyRow] | list[DeadlineRow]) -> list[dict[str, Any]]:
    """Register rows as plain dicts carrying the same citation fields as `ask --json`."""
    out = []
    for r in rows:
        i = engine.index.by_id.get(r.chunk_id)
        if i is None:
            continue
        row = row_json(r, engine.citation(1, engine.index.chunks[i], 1.0).to_json())
        if "kind" in row:
            row["kind_vi"] = KIND_VI.get(row["kind"], row["kind"])
        out.append(row)
    return out
