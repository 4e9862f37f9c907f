"""The gold evaluation set (eval/gold/) is well-formed and anchored in the loaded plan.

Every evidence string and register substring must be an exact substring of the source text
AND lie inside a chunk of the section(s) it claims, as the structure parser addresses them.
If the parser changes its addresses, these tests say which gold rows to revisit.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from hoi.text import fold, has_diacritics
from ingest.parser import parse_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"
SOURCE_FILE = ROOT / "corpus" / "kh-huyen-uy-phung-hiep-thuc-hien-nq45-du-thao-2024.txt"
DOC_ID = "kh-phunghiep"

KINDS = {"duty", "deadline", "clause", "content", "docfact", "abstain"}
ANSWERABLE = KINDS - {"abstain"}
SPLITS = {"dev", "heldout"}
MISSING_DOCS = {None, "nq45", "ctr227"}
Q_FIELDS = {"id", "kind", "question", "evidence", "sections", "paraphrases", "split", "missing_doc"}
Q_OPTIONAL = {"note"}
ROLES = {"chủ trì", "phối hợp", "chỉ đạo", "tham mưu", "thực hiện", "giám sát"}
DEADLINE_KINDS = {"year", "horizon", "date", "recurring", "stage"}
DUTY_FIELDS = {"type", "actor", "actor_query", "role", "section", "task_contains"}
DEADLINE_FIELDS = {"type", "year", "kind", "section", "expression_contains", "is_reference"}

MIN_ANSWERABLE = 80
MIN_ABSTAIN = 24
MIN_PARAPHRASED = 25
MIN_PER_ANSWERABLE_KIND = 10
EVIDENCE_MIN, EVIDENCE_MAX = 8, 80  # aim for 10-80; "(Dự thảo)" is the one shorter marker
COPY_RUN = 12  # a question may not repeat this many consecutive syllables of the source (actor names are long)


def _jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - message only
            pytest.fail(f"{path.name}:{n}: invalid JSON: {exc}")
        assert isinstance(row, dict), f"{path.name}:{n}: not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def source() -> str:
    return SOURCE_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chunks(source):
    return parse_document(DOC_ID, source).chunks


@pytest.fixture(scope="module")
def by_section(chunks):
    out = defaultdict(list)
    for c in chunks:
        out[c.section].append(c)
    return out


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    return _jsonl(GOLD / "questions.jsonl")


@pytest.fixture(scope="module")
def registers() -> list[dict]:
    return _jsonl(GOLD / "registers.jsonl")


def _in_chunk(s: str, chunk, source: str) -> bool:
    """s is in the chunk's (space-folded) text and verbatim in its span of the source."""
    return s in chunk.text and s in source[chunk.start:chunk.end]


# ----------------------------------------------------------------------------- questions


def test_question_fields(questions):
    assert questions, "questions.jsonl is empty"
    for q in questions:
        qid = q.get("id", "?")
        keys = set(q)
        assert Q_FIELDS <= keys, f"{qid}: missing {Q_FIELDS - keys}"
        assert keys <= Q_FIELDS | Q_OPTIONAL, f"{qid}: unknown fields {keys - Q_FIELDS - Q_OPTIONAL}"
        assert re.fullmatch(r"q\d{3,}", q["id"]), f"{qid}: id must look like q001"
        assert q["kind"] in KINDS, f"{qid}: bad kind {q['kind']!r}"
        assert q["split"] in SPLITS, f"{qid}: bad split {q['split']!r}"
        assert q["missing_doc"] in MISSING_DOCS, f"{qid}: bad missing_doc {q['missing_doc']!r}"
        assert isinstance(q["question"], str) and q["question"].strip(), f"{qid}: empty question"
        assert q["question"] == unicodedata.normalize("NFC", q["question"]), f"{qid}: question not NFC"
        assert has_diacritics(q["question"]), f"{qid}: question must be written with diacritics"
        for name in ("evidence", "sections", "paraphrases"):
            assert isinstance(q[name], list) and all(isinstance(x, str) and x.strip() for x in q[name]), \
                f"{qid}: {name} must be a list of non-empty strings"
        assert len(set(q["sections"])) == len(q["sections"]), f"{qid}: duplicate sections"
        if "note" in q:
            assert isinstance(q["note"], str) and q["note"].strip(), f"{qid}: empty note"


def test_ids_unique_and_in_order(questions):
    ids = [q["id"] for q in questions]
    dup = [i for i, n in Counter(ids).items() if n > 1]
    assert not dup, f"duplicate ids: {dup}"
    nums = [int(i[1:]) for i in ids]
    assert nums == sorted(nums), "ids must be in increasing order (append new questions at the end)"


def test_questions_unique(questions):
    seen: dict[str, str] = {}
    for q in questions:
        for text in [q["question"], *q["paraphrases"]]:
            key = " ".join(fold(text).split())
            assert key not in seen, f"{q['id']}: {text!r} repeats {seen[key]}"
            seen[key] = q["id"]


def test_abstain_rows(questions):
    for q in questions:
        if q["kind"] == "abstain":
            assert q["evidence"] == [] and q["sections"] == [], f"{q['id']}: abstain has no evidence/sections"
        else:
            assert q["missing_doc"] is None, f"{q['id']}: missing_doc only for abstain questions"
            assert q["evidence"] and q["sections"], f"{q['id']}: answerable question needs evidence and sections"


def test_sections_exist(questions, by_section):
    for q in questions:
        for s in q["sections"]:
            assert s in by_section, f"{q['id']}: section {s!r} is not an address of the plan ({sorted(by_section)})"


def test_evidence_is_exact_and_inside_listed_sections(questions, source, chunks, by_section):
    for q in questions:
        for ev in q["evidence"]:
            assert EVIDENCE_MIN <= len(ev) <= EVIDENCE_MAX, f"{q['id']}: evidence length {len(ev)}: {ev!r}"
            assert ev in source, f"{q['id']}: evidence not an exact substring of the source: {ev!r}"
            hosts = [c for s in q["sections"] for c in by_section[s] if _in_chunk(ev, c, source)]
            assert hosts, f"{q['id']}: evidence {ev!r} is not inside a chunk of {q['sections']}"
            # distinctive: a passage from a section NOT listed must not contain it
            strays = sorted({c.section for c in chunks if c.section not in q["sections"] and ev in c.text})
            assert not strays, f"{q['id']}: evidence {ev!r} also found in unlisted sections {strays}"


def test_every_listed_section_is_evidenced(questions, source, by_section):
    for q in questions:
        for s in q["sections"]:
            assert any(_in_chunk(ev, c, source) for ev in q["evidence"] for c in by_section[s]), \
                f"{q['id']}: section {s} listed but no evidence string lies in it"


def test_questions_do_not_copy_passages(questions, chunks):
    """Natural questions, not the passage pasted back: no long verbatim run of the source."""
    grams = set()
    for c in chunks:
        syl = re.findall(r"[0-9a-z]+", fold(c.text))
        grams.update(tuple(syl[i:i + COPY_RUN]) for i in range(len(syl) - COPY_RUN + 1))
    for q in questions:
        for text in [q["question"], *q["paraphrases"]]:
            syl = re.findall(r"[0-9a-z]+", fold(text))
            run = [tuple(syl[i:i + COPY_RUN]) for i in range(len(syl) - COPY_RUN + 1)]
            assert not any(g in grams for g in run), f"{q['id']}: copies the source wholesale: {text!r}"


def test_counts(questions):
    kinds = Counter(q["kind"] for q in questions)
    answerable = sum(n for k, n in kinds.items() if k != "abstain")
    assert answerable >= MIN_ANSWERABLE, f"only {answerable} answerable questions"
    assert kinds["abstain"] >= MIN_ABSTAIN, f"only {kinds['abstain']} abstain questions"
    for k in ANSWERABLE:
        assert kinds[k] >= MIN_PER_ANSWERABLE_KIND, f"only {kinds[k]} questions of kind {k}"
    paraphrased = sum(1 for q in questions if q["paraphrases"])
    assert paraphrased >= MIN_PARAPHRASED, f"only {paraphrased} questions have paraphrases"
    assert all(len(q["paraphrases"]) <= 2 for q in questions), "at most 2 paraphrases per question"
    accentless = sum(1 for q in questions for p in q["paraphrases"] if not has_diacritics(p))
    assert accentless >= 10, "some paraphrases should already be typed without diacritics"
    missing = Counter(q["missing_doc"] for q in questions if q["missing_doc"])
    assert missing["nq45"] >= 3 and missing["ctr227"] >= 3, f"missing-document abstains: {dict(missing)}"


def test_every_section_is_covered(questions, by_section):
    covered = {s for q in questions for s in q["sections"]}
    assert not set(by_section) - covered, f"sections without a question: {sorted(set(by_section) - covered)}"


def test_heldout_rule(questions):
    """Within each kind, in id order, every 4th question is held out (4th, 8th, 12th, ...)."""
    seen: Counter = Counter()
    for q in questions:
        seen[q["kind"]] += 1
        want = "heldout" if seen[q["kind"]] % 4 == 0 else "dev"
        assert q["split"] == want, f"{q['id']}: split should be {want} (#{seen[q['kind']]} of kind {q['kind']})"
    for kind, n in seen.items():
        held = sum(1 for q in questions if q["kind"] == kind and q["split"] == "heldout")
        assert 0.18 <= held / n <= 0.30, f"kind {kind}: {held}/{n} held out"


# ----------------------------------------------------------------------------- registers


def test_register_fields(registers, by_section):
    assert registers, "registers.jsonl is empty"
    for n, r in enumerate(registers, 1):
        assert r.get("type") in {"duty", "deadline"}, f"row {n}: bad type"
        want = DUTY_FIELDS if r["type"] == "duty" else DEADLINE_FIELDS
        assert want <= set(r) <= want | {"note"}, f"row {n}: fields {sorted(set(r) ^ want)}"
        assert r["section"] in by_section, f"row {n}: unknown section {r['section']!r}"
        if r["type"] == "duty":
            assert r["role"] in ROLES, f"row {n}: bad role {r['role']!r}"
            assert r["actor"].strip() and r["task_contains"].strip()
            assert r["actor_query"] == fold(r["actor_query"]), f"row {n}: actor_query must be folded (no accents)"
            assert r["actor_query"] in fold(r["actor"]), f"row {n}: actor_query {r['actor_query']!r} not in actor"
        else:
            assert r["kind"] in DEADLINE_KINDS, f"row {n}: bad deadline kind {r['kind']!r}"
            assert isinstance(r["is_reference"], bool), f"row {n}: is_reference must be a boolean"
            assert r["year"] is None or (isinstance(r["year"], int) and 1945 <= r["year"] <= 2100), f"row {n}: year"
            if r["year"] is not None:
                assert str(r["year"]) in r["expression_contains"], f"row {n}: year not in expression"
            if r["kind"] == "recurring":
                assert r["year"] is None, f"row {n}: a recurring duty has no year"


def test_register_substrings_in_section(registers, source, by_section):
    for n, r in enumerate(registers, 1):
        s = r["task_contains"] if r["type"] == "duty" else r["expression_contains"]
        assert s in source, f"row {n}: {s!r} is not an exact substring of the source"
        in_text = any(_in_chunk(s, c, source) for c in by_section[r["section"]])
        # a horizon may be stated only in the section heading ("3. Tầm nhìn đến năm 2045")
        in_heading = r["type"] == "deadline" and any(s in h for c in by_section[r["section"]] for h in c.heading_path)
        assert in_text or in_heading, f"row {n}: {s!r} not inside a chunk of {r['section']}"


def test_register_coverage(registers):
    duties = [r for r in registers if r["type"] == "duty"]
    deadlines = [r for r in registers if r["type"] == "deadline"]
    for sec in ("IV.1", "IV.2", "IV.3", "IV.4"):
        assert any(r["section"] == sec for r in duties), f"no duty row for {sec}"
    roles_iv4 = {r["role"] for r in duties if r["section"] == "IV.4" and r["actor_query"] == "ban tuyen giao"}
    assert {"chủ trì", "phối hợp", "tham mưu"} <= roles_iv4
    assert any(r["section"].startswith(("I.", "II.", "III.")) for r in duties), "no duty rows from parts I-III"
    assert any(r["section"] == "III.5" and "nguoi dung dau" in r["actor_query"] for r in duties)
    years = {r["year"] for r in deadlines if not r["is_reference"]}
    assert {2030, 2045} <= years, f"plan horizons missing: {years}"
    kinds = Counter(r["kind"] for r in deadlines)
    assert kinds["recurring"] >= 2 and kinds["stage"] >= 2, dict(kinds)
    assert sum(r["is_reference"] for r in deadlines) >= 2, "need at least two reference dates"
