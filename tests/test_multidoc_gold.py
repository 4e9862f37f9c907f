"""The multi-document gold (eval/multidoc/gold/*.jsonl) keeps the contract of eval/multidoc/SPEC.md.

Each gold file is checked against its document as built by sources/<doc_id>/build.py, read the
way a person reads the office file (python-docx paragraphs and table cells, pypdf text, TXT
lines) rather than the way the engine parses it: a gold row must be right about the document,
whatever the parser does with it — the eval runner reports rows the index cannot satisfy.

A document whose sources are not written yet is skipped with the reason; anything else that is
wrong fails, naming the row.
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from hoi.text import fold

ROOT = Path(__file__).resolve().parents[1]
MULTIDOC = ROOT / "eval" / "multidoc"
GOLD_DIR = MULTIDOC / "gold"
SOURCES = MULTIDOC / "sources"
SPEC = MULTIDOC / "SPEC.md"

KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
SPLITS = {"dev", "heldout"}
FIELDS = {"id", "doc", "kind", "question", "evidence", "sections", "paraphrases", "split", "missing_doc"}
OPTIONAL = {"table_row", "note"}
MIN_ROWS = 25
EVIDENCE_MIN, EVIDENCE_MAX = 10, 80
COPY_RUN = 12  # as tests/test_gold_set.py: no 12 consecutive syllables of the document in a question
_WS = re.compile(r"\s+")

GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))


def _fold_ws(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def spec_splits() -> dict[str, str]:
    """doc_id → split, from the table "Documents and splits" of SPEC.md (the one source of it)."""
    out = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*`([^`]+)`\s*\|.*\|\s*(dev|heldout)\b[^|]*\|\s*$", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _rows(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{n}: invalid JSON: {exc}")
        assert isinstance(row, dict), f"{path.name}:{n}: not an object"
        rows.append(row)
    return rows


def _manifest(doc_dir: Path) -> list[dict]:
    return tomllib.loads((doc_dir / "manifest.toml").read_text(encoding="utf-8")).get("documents", [])


def _all_entries() -> list[dict]:
    """Every manifest entry the built corpus merges (corpus/ and every source)."""
    entries = tomllib.loads((ROOT / "corpus" / "manifest.toml").read_text(encoding="utf-8")).get("documents", [])
    for m in sorted(SOURCES.glob("*/manifest.toml")):
        entries += _manifest(m.parent)
    return entries


def _docx_units(path: Path) -> list[str]:
    """Paragraphs (body, headers, footers) and table cells, nested tables included, each as one unit."""
    import docx

    d = docx.Document(str(path))
    units: list[str] = []

    def walk(container) -> None:
        for p in container.paragraphs:
            units.append(p.text)
        for t in container.tables:
            for row in t.rows:
                for cell in row.cells:
                    units.append(cell.text)
                    walk(cell)

    walk(d)
    for s in d.sections:
        for part in (s.header, s.footer, s.first_page_header, s.first_page_footer):
            if not part.is_linked_to_previous:
                walk(part)
    return units


def _pdf_units(path: Path) -> list[str]:
    """The text layer, pages joined; and the same with lines repeated on most pages (running
    header, footer) and lone page numbers removed, so an evidence string across a page break
    is still found."""
    import pypdf

    pages = [p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages]
    lines = [[ln.strip() for ln in p.splitlines() if ln.strip()] for p in pages]
    counts = Counter(ln for page in lines for ln in set(page))
    repeated = {ln for ln, n in counts.items() if len(pages) > 2 and n > len(pages) / 2}
    pagenum = re.compile(r"^(trang\s*)?\d{1,3}(\s*/\s*\d{1,3})?$", re.I)
    body = [" ".join(ln for ln in page if ln not in repeated and not pagenum.match(ln)) for page in lines]
    return ["\n".join(pages), " ".join(body)]


@lru_cache(maxsize=None)
def built_units(doc_id: str, out: str) -> tuple[str, ...]:
    """Build the document once (into `out`) and return its text units, white space folded."""
    from eval.multidoc.build_corpus import run_build

    src = SOURCES / doc_id
    entry = next((e for e in _manifest(src) if e.get("id") == doc_id), None)
    assert entry, f"sources/{doc_id}/manifest.toml has no entry with id = {doc_id!r}"
    assert entry.get("status") == "available" and entry.get("file"), f"{doc_id}: its own entry must be available"
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    run_build(src, out_dir)
    path = out_dir / entry["file"]
    assert path.is_file(), f"{doc_id}: build.py wrote no {entry['file']}"
    suffix = path.suffix.lower()
    if suffix == ".docx":
        units = _docx_units(path)
    elif suffix == ".pdf":
        units = _pdf_units(path)
    elif suffix == ".txt":
        units = path.read_text(encoding="utf-8").splitlines()
    else:
        pytest.fail(f"{doc_id}: unexpected file type {path.name}")
    return tuple(u for u in (_fold_ws(x) for x in units) if u)


def _sources_ready(doc_id: str) -> str | None:
    src = SOURCES / doc_id
    for f in ("build.py", "manifest.toml"):
        if not (src / f).exists():
            return f"eval/multidoc/sources/{doc_id}/{f} is not written yet"
    return None


@pytest.fixture(params=GOLD_FILES, ids=[p.stem for p in GOLD_FILES] or None)
def gold(request, tmp_path_factory) -> tuple[str, list[dict], tuple[str, ...]]:
    path: Path = request.param
    doc_id = path.stem
    why = _sources_ready(doc_id)
    if why:
        pytest.skip(why)
    out = tmp_path_factory.getbasetemp() / "multidoc-built" / doc_id
    return doc_id, _rows(path), built_units(doc_id, str(out))


def test_there_is_gold():
    if not GOLD_FILES:
        pytest.skip("no gold file in eval/multidoc/gold/ yet")
    unknown = {p.stem for p in GOLD_FILES} - set(spec_splits()) - {"kh-phunghiep"}
    assert not unknown, f"gold files for documents SPEC.md does not list: {sorted(unknown)}"


def test_ids_unique_across_files():
    seen: dict[str, str] = {}
    for path in GOLD_FILES:
        for row in _rows(path):
            rid = row.get("id")
            assert rid not in seen, f"{path.name}: id {rid!r} is also in {seen.get(rid)}"
            seen[rid] = path.name


def test_fields_kinds_and_splits(gold):
    doc_id, rows, _ = gold
    want_split = spec_splits().get(doc_id)
    assert want_split, f"SPEC.md's table has no split for {doc_id}"
    assert len(rows) >= MIN_ROWS, f"{doc_id}: {len(rows)} rows, at least {MIN_ROWS} wanted"
    ids = [r.get("id") for r in rows]
    assert len(ids) == len(set(ids)), f"{doc_id}: repeated ids {[i for i, n in Counter(ids).items() if n > 1]}"
    for r in rows:
        rid = r.get("id", "?")
        keys = set(r)
        assert FIELDS <= keys, f"{rid}: missing {sorted(FIELDS - keys)}"
        assert keys <= FIELDS | OPTIONAL, f"{rid}: unknown fields {sorted(keys - FIELDS - OPTIONAL)}"
        assert r["doc"] == doc_id, f"{rid}: doc {r['doc']!r} in {doc_id}.jsonl"
        assert r["kind"] in KINDS, f"{rid}: kind {r['kind']!r} not one of {sorted(KINDS)}"
        assert r["split"] == want_split, f"{rid}: split {r['split']!r}, SPEC.md says {doc_id} is {want_split}"
        assert isinstance(r["question"], str) and r["question"].strip(), f"{rid}: empty question"
        assert isinstance(r["paraphrases"], list) and 1 <= len(r["paraphrases"]) <= 2, \
            f"{rid}: 1-2 paraphrases wanted, found {len(r['paraphrases'])}"
        if r["kind"] == "abstain":
            assert not r["evidence"] and not r["sections"], f"{rid}: abstain rows have no evidence or sections"
            assert not r.get("table_row"), f"{rid}: an abstain row is not a table row"
        else:
            assert r["missing_doc"] is None, f"{rid}: missing_doc only on abstain rows"
            assert r["sections"], f"{rid}: an answerable row needs its sections"
            assert r["evidence"] or r["kind"] == "clause", f"{rid}: only clause rows may go without evidence"
        for e in r["evidence"]:
            assert EVIDENCE_MIN <= len(e) <= EVIDENCE_MAX, f"{rid}: evidence of {len(e)} characters: {e!r}"
        if r.get("table_row"):
            assert any(", STT " in s for s in r["sections"]), f"{rid}: table_row without a '…, STT …' section"


def test_evidence_is_in_the_built_document(gold):
    doc_id, rows, units = gold
    bad = []
    for r in rows:
        for e in r["evidence"]:
            if not any(_fold_ws(e) in u for u in units):
                bad.append(f"{r['id']}: {e!r}")
    assert not bad, f"{doc_id}: evidence not found in one paragraph / cell / line of the built file:\n" + "\n".join(bad)


def test_questions_do_not_copy_the_document(gold):
    doc_id, rows, units = gold
    grams = set()
    for u in units:
        syl = re.findall(r"[0-9a-z]+", fold(u))
        grams.update(tuple(syl[i:i + COPY_RUN]) for i in range(len(syl) - COPY_RUN + 1))
    bad = []
    for r in rows:
        for text in [r["question"], *r["paraphrases"]]:
            syl = re.findall(r"[0-9a-z]+", fold(text))
            if any(tuple(syl[i:i + COPY_RUN]) in grams for i in range(len(syl) - COPY_RUN + 1)):
                bad.append(f"{r['id']}: {text!r}")
    assert not bad, f"{doc_id}: wordings repeat {COPY_RUN}+ consecutive syllables of the document:\n" + "\n".join(bad)


def test_missing_doc_names_a_listed_not_loaded_document(gold):
    doc_id, rows, _ = gold
    entries = _all_entries()
    available = {e["id"] for e in entries if e.get("status") == "available"}
    not_available = {e["id"] for e in entries if e.get("status") != "available"} - available
    for r in rows:
        if r["missing_doc"] is not None:
            assert r["kind"] == "abstain", f"{r['id']}: missing_doc on a {r['kind']} row"
            assert r["missing_doc"] in not_available, (
                f"{r['id']}: missing_doc {r['missing_doc']!r} is not a not_available entry of the manifests "
                f"(listed, not loaded: {sorted(not_available)})")
