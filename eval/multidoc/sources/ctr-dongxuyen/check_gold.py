"""Check gold/ctr-dongxuyen.jsonl against the BUILT ctr-dongxuyen.docx (and manifest.toml).

    python check_gold.py              # builds the .docx into a temp dir, then checks
    python check_gold.py FILE.docx    # checks against an already built file
    python check_gold.py --dump       # prints every text unit with the address this script gives it

Stand-alone on purpose: it reads the file with python-docx only (never the project's parser,
engine or eval code). Text units are body paragraphs, every paragraph of a table cell and
every table cell (white space folded: tabs, NBSP, newlines → one space). The addresses are
worked out here from the visible structure of this one document (I., 1., a), dash bullets,
"Nơi nhận", "T/M", "PHỤ LỤC", table rows by STT), following eval/multidoc/SPEC.md.

Checks: ids unique and numbered in order, fields and kinds valid, split "dev"; every evidence
string is 10–80 characters, lies inside ONE unit, occurs in a listed section and in no section
that is not listed; every listed section holds one of the evidence strings (or, with empty
evidence, exists); table_row ⇔ the sections are "…, STT …" rows; abstain rows have no evidence
and a missing_doc that the manifest lists as not loaded; questions are accented and do not
copy 12+ consecutive syllables of the document; the kind mix of the brief; at least 25 rows.
Exit status 0 when everything passes.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
import tomllib
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent.parent / "gold" / "ctr-dongxuyen.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "ctr-dongxuyen"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 5, "deadline": 4, "number": 3, "clause": 4, "content": 3, "docfact": 3, "abstain": 4}
SPECIAL = {"đầu văn bản", "tiêu đề", "mở đầu", "nơi nhận", "chữ ký"}

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
            if not in_appendix:  # the layout table of the header block
                for row in table.rows:
                    for cell in row.cells:
                        out.append((here(), norm(cell.text)))
                        out.extend((here(), norm(p.text)) for p in cell.paragraphs if norm(p.text))
                continue
            for r, row in enumerate(table.rows):
                cells = row.cells
                distinct = {id(c._tc) for c in cells}
                if r == 0:
                    section = "Phụ lục (hàng tiêu đề)"
                elif len(distinct) == 1:
                    section = "Phụ lục"  # group row: a heading, not a passage
                else:
                    section = f"Phụ lục, STT {norm(cells[0].text)}"
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
        if text == "PHỤ LỤC" or text.startswith("DANH MỤC"):
            in_appendix = True
            out.append(("Phụ lục", text))
            continue
        if zone == "đầu văn bản" and text.startswith("CHƯƠNG TRÌNH"):
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
        elif text.startswith("Nơi nhận"):
            zone = "nơi nhận"
        elif zone == "nơi nhận" and re.match(r"^(T/M|K/T|TM\.|KT\.)", text):
            zone = "chữ ký"
        out.append((here(), text))
    return out


# -- checks -------------------------------------------------------------------------------------

def check(path: Path) -> int:
    errors: list[str] = []
    units_ = [(s, t) for s, t in units(path) if t]
    addresses = {s for s, _ in units_}
    source_syl = " " + " ".join(" ".join(syllables(t)) for _, t in units_) + " "

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
        errors.append("manifest: ctr-dongxuyen entry must have file ctr-dongxuyen.docx, status available")
    for dep in me.get("implements", []):
        if dep not in entries:
            errors.append(f"manifest: implements {dep} but it has no entry")
    not_loaded = {i for i, d in entries.items() if d.get("status") == "not_available" and not d.get("file")}

    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [r.get("id") for r in rows]
    if len(set(ids)) != len(ids):
        errors.append(f"duplicate ids: {[i for i, n in Counter(ids).items() if n > 1]}")
    for n, rid in enumerate(ids, start=1):
        if rid != f"{DOC_ID}-{n:03d}":
            errors.append(f"id #{n} is {rid!r}, expected {DOC_ID}-{n:03d}")
    if len(rows) < 25:
        errors.append(f"only {len(rows)} rows (need >= 25)")

    required = ["id", "doc", "kind", "question", "evidence", "sections", "paraphrases", "split",
                "missing_doc", "table_row"]
    for r in rows:
        rid = r.get("id")
        miss = [k for k in required if k not in r]
        if miss:
            errors.append(f"{rid}: missing fields {miss}")
            continue
        kind, ev, secs = r["kind"], r["evidence"], r["sections"]
        if r["doc"] != DOC_ID:
            errors.append(f"{rid}: doc {r['doc']!r}")
        if r["split"] != "dev":
            errors.append(f"{rid}: split {r['split']!r} (document split is dev)")
        if kind not in KINDS:
            errors.append(f"{rid}: bad kind {kind!r}")
        q = r["question"]
        if not has_accents(q):
            errors.append(f"{rid}: question must be accented Vietnamese")
        qs = syllables(q)
        for i in range(len(qs) - 11):
            if " " + " ".join(qs[i:i + 12]) + " " in source_syl:
                errors.append(f"{rid}: question copies 12+ syllables of the source: {' '.join(qs[i:i + 12])}")
                break
        para = r["paraphrases"]
        if not (1 <= len(para) <= 2) or any(not p.strip() or p == q for p in para):
            errors.append(f"{rid}: needs 1-2 paraphrases different from the question")
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
        is_table = bool(secs) and all(", STT " in s for s in secs)
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
            extra = where - set(secs) - {"Phụ lục (hàng tiêu đề)"}
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
    table_deadlines = sum(1 for r in rows if r.get("kind") == "deadline" and r.get("table_row"))
    table_duties = sum(1 for r in rows if r.get("kind") == "duty" and r.get("table_row"))
    with_missing = sum(1 for r in rows if r.get("kind") == "abstain" and r.get("missing_doc"))
    if table_deadlines < 3:
        errors.append(f"only {table_deadlines} deadline rows from the table (want >= 3)")
    if table_duties < 2:
        errors.append(f"only {table_duties} duty rows from the table (want >= 2)")
    if with_missing < 2:
        errors.append(f"only {with_missing} abstain rows with missing_doc (want >= 2)")

    words = sum(len(t.split()) for s, t in units_ if s != "Phụ lục (hàng tiêu đề)")
    print(f"file: {path}")
    print(f"units: {len(units_)}, addresses: {len(addresses)}, words (approx.): {words}")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}")
    print(f"table rows: duty {table_duties}, deadline {table_deadlines}, "
          f"all {sum(1 for r in rows if r.get('table_row'))}; abstain with missing_doc: {with_missing}")
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
