"""Check gold/kh-lacson.jsonl against the BUILT kh-lacson.docx (and manifest.toml).

    python check_gold.py              # builds the .docx into a temp dir, then checks
    python check_gold.py FILE.docx    # checks against an already built file
    python check_gold.py --dump       # prints every text unit with the address this script gives it

Stand-alone on purpose: it reads the file with python-docx only (never the project's parser,
engine or eval code). Text units are body paragraphs, every paragraph of the two layout tables
(header block; Nơi nhận + signature) and every cell of the task table (white space folded:
tabs, NBSP, newlines → one space). The addresses are worked out here from the visible structure
of this one document, following eval/multidoc/SPEC.md:

- the header layout table → `đầu văn bản`; "KẾ HOẠCH" up to the short rule → `tiêu đề`; the
  Căn cứ / Theo đề nghị lines → `mở đầu`;
- "I." parts, "1." items, "a)" points → `I`, `I.2`, `III.3.b`; dash bullets and unnumbered
  paragraphs belong to the enclosing item / point;
- the closing layout table: left cell → `nơi nhận`, right cell → `chữ ký`;
- the line "Phụ lục" opens the appendix (`Phụ lục`); the task table's group rows (one cell
  merged across the row, "I. …") are headings, addressed `Phụ lục`; data rows are
  `Phụ lục, STT <group>.<stt>` because the STT restarts under each group.

Checks: ids unique and numbered in order, fields and kinds valid, split "heldout"; every
evidence string is 10–80 characters, lies inside ONE unit, occurs in a listed section and in no
section that is not listed; every listed section holds one of the evidence strings (or, with
empty evidence, exists); table_row ⇔ a listed section is a "…, STT …" row; abstain rows have no
evidence and a missing_doc that the manifest lists as not loaded (or null); questions and
paraphrases do not copy 12+ consecutive syllables of the document; the kind mix of the brief;
at least 30 rows. Exit status 0 when everything passes.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent.parent / "gold" / "kh-lacson.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "kh-lacson"
SPLIT = "heldout"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 6, "deadline": 5, "number": 4, "clause": 4, "content": 3, "docfact": 3, "abstain": 5}
MIN_ROWS = 30
HEADER_ROW = "Phụ lục (hàng tiêu đề)"

_WS = re.compile(r"\s+")
ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s")
ITEM = re.compile(r"^(\d+)\.\s")
POINT = re.compile(r"^([a-zđ])\)\s")


def norm(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    t = unicodedata.normalize("NFD", text.lower())
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Mn").replace("đ", "d")
    return unicodedata.normalize("NFC", t)


def syllables(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", fold(text))


def has_accents(text: str) -> bool:
    return fold(text) != text.lower()


# -- reading the built file ---------------------------------------------------------------------

def units(path: Path) -> list[tuple[str, str]]:
    """(section, text) for every paragraph and table cell of the document, in order."""
    doc = Document(str(path))
    body = doc.element.body
    out: list[tuple[str, str]] = []
    zone = "đầu văn bản"
    part = item = point = None
    in_appendix = False

    def here() -> str:
        if zone != "body":
            return zone
        return ".".join(x for x in (part, item, point) if x)

    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            table = Table(child, doc)
            if not in_appendix:  # layout tables: header block, or Nơi nhận | signature
                closing = zone != "đầu văn bản"
                for row in table.rows:
                    for n, cell in enumerate(row.cells):
                        section = ("nơi nhận" if n == 0 else "chữ ký") if closing else "đầu văn bản"
                        out.extend((section, norm(p.text)) for p in cell.paragraphs if norm(p.text))
                if closing:
                    zone = "sau chữ ký"
                continue
            group = None
            for r, row in enumerate(table.rows):
                cells = row.cells
                distinct = {id(c._tc) for c in cells}
                if r == 0:
                    section = HEADER_ROW
                elif len(distinct) == 1:
                    section = "Phụ lục"  # group row: a heading, not a passage
                    m = ROMAN.match(norm(cells[0].text))
                    group = m.group(1) if m else None
                else:
                    stt = norm(cells[0].text)
                    section = f"Phụ lục, STT {group}.{stt}" if group else f"Phụ lục, STT {stt}"
                seen = set()
                for cell in cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    out.append((section, norm(cell.text)))
            continue
        if child.tag != qn("w:p"):
            continue
        text = norm(Paragraph(child, doc).text)
        if not text:
            continue
        if in_appendix:
            out.append(("Phụ lục", text))
            continue
        if text in ("Phụ lục", "PHỤ LỤC") or text.startswith("DANH MỤC"):
            in_appendix = True
            out.append(("Phụ lục", text))
            continue
        if zone == "đầu văn bản" and text.startswith("KẾ HOẠCH"):
            zone = "tiêu đề"
        elif zone == "tiêu đề" and set(text) <= set("-_*"):
            zone = "mở đầu"
            continue
        elif zone in ("mở đầu", "body") and ROMAN.match(text):
            zone, part, item, point = "body", ROMAN.match(text).group(1), None, None
        elif zone == "body" and ITEM.match(text):
            item, point = ITEM.match(text).group(1), None
        elif zone == "body" and POINT.match(text):
            point = POINT.match(text).group(1)
        out.append((here(), text))
    return out


# -- checks -------------------------------------------------------------------------------------

def check(path: Path) -> int:
    errors: list[str] = []
    units_ = [(s, t) for s, t in units(path) if t]
    addresses = {s for s, _ in units_}
    grams: set[tuple[str, ...]] = set()
    for _, t in units_:
        syl = syllables(t)
        grams.update(tuple(syl[i:i + 12]) for i in range(len(syl) - 11))

    manifest = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    entries = {d["id"]: d for d in manifest.get("documents", [])}
    fields = ["id", "number", "kind", "date", "issuer", "title", "level", "implements", "file",
              "status", "draft", "cite_as", "aliases"]
    for did, d in entries.items():
        missing = [f for f in fields if f not in d]
        if missing:
            errors.append(f"manifest {did}: missing {missing}")
        if any(a != a.lower() for a in d.get("aliases", [])):
            errors.append(f"manifest {did}: aliases must be lowercase")
    me = entries.get(DOC_ID, {})
    if me.get("file") != f"{DOC_ID}.docx" or me.get("status") != "available":
        errors.append(f"manifest: {DOC_ID} entry must have file {DOC_ID}.docx, status available")
    for dep in me.get("implements", []):
        if dep not in entries:
            errors.append(f"manifest: implements {dep} but it has no entry")
    not_loaded = {i for i, d in entries.items() if d.get("status") == "not_available" and not d.get("file")}
    if not (1 <= len(not_loaded) <= 2):
        errors.append(f"manifest: want 1-2 not-loaded entries, found {sorted(not_loaded)}")

    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [r.get("id") for r in rows]
    if len(set(ids)) != len(ids):
        errors.append(f"duplicate ids: {[i for i, n in Counter(ids).items() if n > 1]}")
    for n, rid in enumerate(ids, start=1):
        if rid != f"{DOC_ID}-{n:03d}":
            errors.append(f"id #{n} is {rid!r}, expected {DOC_ID}-{n:03d}")
    if len(rows) < MIN_ROWS:
        errors.append(f"only {len(rows)} rows (need >= {MIN_ROWS})")

    required = ["id", "doc", "kind", "question", "evidence", "sections", "paraphrases", "split",
                "missing_doc", "table_row"]
    allowed = set(required) | {"note"}
    for r in rows:
        rid = r.get("id")
        miss = [k for k in required if k not in r]
        if miss:
            errors.append(f"{rid}: missing fields {miss}")
            continue
        if set(r) - allowed:
            errors.append(f"{rid}: unknown fields {sorted(set(r) - allowed)}")
        kind, ev, secs = r["kind"], r["evidence"], r["sections"]
        if r["doc"] != DOC_ID:
            errors.append(f"{rid}: doc {r['doc']!r}")
        if r["split"] != SPLIT:
            errors.append(f"{rid}: split {r['split']!r} (document split is {SPLIT})")
        if kind not in KINDS:
            errors.append(f"{rid}: bad kind {kind!r}")
        q = r["question"]
        if not has_accents(q):
            errors.append(f"{rid}: question must be accented Vietnamese")
        para = r["paraphrases"]
        if not (1 <= len(para) <= 2) or any(not p.strip() or p == q for p in para):
            errors.append(f"{rid}: needs 1-2 paraphrases different from the question")
        for text in [q, *para]:
            syl = syllables(text)
            for i in range(len(syl) - 11):
                if tuple(syl[i:i + 12]) in grams:
                    errors.append(f"{rid}: copies 12+ syllables of the source: {' '.join(syl[i:i + 12])}")
                    break
        if not isinstance(r["table_row"], bool):
            errors.append(f"{rid}: table_row must be true/false")

        if kind == "abstain":
            if ev or secs:
                errors.append(f"{rid}: abstain rows have empty evidence and sections")
            if r["missing_doc"] is not None and r["missing_doc"] not in not_loaded:
                errors.append(f"{rid}: missing_doc {r['missing_doc']!r} is not a not-loaded manifest entry")
            if r["table_row"]:
                errors.append(f"{rid}: abstain row cannot be table_row")
            continue
        if r["missing_doc"] is not None:
            errors.append(f"{rid}: missing_doc only on abstain rows")
        if not secs:
            errors.append(f"{rid}: no sections")
        is_table = any(", STT " in s for s in secs)  # the answer is (also) a table row
        if r["table_row"] != is_table:
            errors.append(f"{rid}: table_row={r['table_row']} but sections {secs}")
        for s in secs:
            if s not in addresses and not any(a.startswith(s + ".") for a in addresses):
                errors.append(f"{rid}: section {s!r} does not exist in the document")
        if not ev and kind != "clause":
            errors.append(f"{rid}: empty evidence is only for clause questions")
        covered = set()
        for e in ev:
            e_n = norm(e)
            if e_n != e:
                errors.append(f"{rid}: evidence has odd white space: {e!r}")
            if not (10 <= len(e_n) <= 80):
                errors.append(f"{rid}: evidence length {len(e_n)} not in 10..80: {e!r}")
            where = {s for s, t in units_ if e_n in t}
            if not where:
                errors.append(f"{rid}: evidence not inside any single paragraph/cell: {e!r}")
                continue
            listed = {s for s in where if s in secs}
            if not listed:
                errors.append(f"{rid}: evidence {e!r} is in {sorted(where)}, none listed {secs}")
            extra = where - set(secs) - {HEADER_ROW}
            if extra and listed:
                errors.append(f"{rid}: evidence {e!r} also occurs in unlisted {sorted(extra)}")
            covered |= listed
        if ev:
            for s in secs:
                if s not in covered:
                    errors.append(f"{rid}: listed section {s!r} holds none of the evidence")

    kinds = Counter(r.get("kind") for r in rows)
    for k, n in MIN_KINDS.items():
        if kinds[k] < n:
            errors.append(f"kind {k}: {kinds[k]} rows (want >= {n})")
    table_rows = sum(1 for r in rows if r.get("table_row"))
    table_deadlines = sum(1 for r in rows if r.get("kind") == "deadline" and r.get("table_row"))
    with_missing = sum(1 for r in rows if r.get("kind") == "abstain" and r.get("missing_doc"))
    if table_rows < 4:
        errors.append(f"only {table_rows} table-row questions (want >= 4)")
    if table_deadlines < 2:
        errors.append(f"only {table_deadlines} deadline rows from the table (want >= 2)")
    if not (2 <= with_missing <= 3):
        errors.append(f"{with_missing} abstain rows with missing_doc (want 2-3)")

    words = sum(len(t.split()) for s, t in units_ if s != HEADER_ROW)
    print(f"file: {path}")
    print(f"units: {len(units_)}, addresses: {len(addresses)}, words (approx.): {words}")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}")
    print(f"table rows: all {table_rows}, deadline {table_deadlines}; abstain with missing_doc: {with_missing}")
    if errors:
        print(f"FAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        return 1
    print("OK: all checks passed")
    return 0


def main(argv: list[str]) -> int:
    dump = "--dump" in argv
    args = [a for a in argv if a != "--dump"]
    with tempfile.TemporaryDirectory() as tmp:
        if args:
            path = Path(args[0])
        else:
            sys.path.insert(0, str(HERE))
            from build import build
            path = build(Path(tmp))
        if dump:
            for s, t in units(path):
                print(f"{s:28} | {t}")
            return 0
        return check(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
