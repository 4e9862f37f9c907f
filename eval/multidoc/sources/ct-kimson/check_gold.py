"""Check gold/ct-kimson.jsonl against the BUILT ct-kimson.docx (and manifest.toml).

    python check_gold.py              # builds the .docx into a temp dir, then checks
    python check_gold.py FILE.docx    # checks against an already built file
    python check_gold.py --dump       # prints every text unit with the address this script gives it

Stand-alone on purpose: it reads the file with python-docx only (never the project's parser,
engine or eval code). Text units are body paragraphs, every paragraph of a table cell and
every table cell (white space folded: tabs, NBSP, newlines → one space).

The part numerals, item numbers and point letters of this document are Word AUTOMATIC
numbering: they are not in the text. The addresses are therefore worked out here from the
w:numPr of each paragraph (its w:ilvl), counting the numbered paragraphs per level the way
Word does: a level restarts when a higher level advances (no w:lvlRestart in the list), and the
label is rendered with the level's w:numFmt (upperRoman / decimal / lowerLetter) read from the
numbering part. Level 0 = part (I, II …), level 1 = item (II.3), level 2 = point (II.3.b); dash
bullets and plain paragraphs belong to the numbered unit above them. Other zones follow
eval/multidoc/SPEC.md: `đầu văn bản` (header layout table), `tiêu đề` (from "CHỈ THỊ" to the
rule), `mở đầu` (up to the first part), `nơi nhận` / `chữ ký` (the two cells of the closing
layout table), `Phụ lục` and `Phụ lục, STT n` (the appendix and its task table rows).

Checks: every numbered paragraph is in the one list and its text does NOT start with a typed
numeral; ids unique and numbered in order, fields and kinds valid, split "heldout"; every
evidence string is 10–80 characters, lies inside ONE unit, occurs in a listed section and in no
section that is not listed; every listed section holds one of the evidence strings (or, with
empty evidence, exists); table_row ⇔ the sections are "…, STT …" rows; abstain rows have no
evidence and a missing_doc that the manifest lists as not loaded (or null); questions are
accented and do not copy 12+ consecutive syllables of the document; the kind mix of the brief;
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
GOLD = HERE.parent.parent / "gold" / "ct-kimson.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "ct-kimson"
SPLIT = "heldout"
MIN_ROWS = 30
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 6, "deadline": 5, "number": 4, "clause": 4, "content": 4, "docfact": 3, "abstain": 5}
TABLE_HEADER = "Phụ lục (hàng tiêu đề)"

_WS = re.compile(r"\s+")
TYPED_NUMERAL = re.compile(r"^((I|II|III|IV|V|VI|VII|VIII|IX|X)\.|\d+\.|[a-zđ]\))\s")
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


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


# -- automatic numbering ------------------------------------------------------------------------

def list_formats(doc) -> dict[str, dict[int, str]]:
    """numId -> {ilvl: numFmt}, read from the numbering part."""
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {}
    for an in numbering.findall(qn("w:abstractNum")):
        fmts = {}
        for lvl in an.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            fmts[int(lvl.get(qn("w:ilvl")))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        abstract[an.get(qn("w:abstractNumId"))] = fmts
    out = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        out[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")) if ref is not None else "", {})
    return out


def num_pr(p_el) -> tuple[str, int] | None:
    ppr = p_el.find(qn("w:pPr"))
    if ppr is None:
        return None
    npr = ppr.find(qn("w:numPr"))
    if npr is None:
        return None
    num_id = npr.find(qn("w:numId"))
    ilvl = npr.find(qn("w:ilvl"))
    if num_id is None or num_id.get(qn("w:val")) == "0":
        return None
    return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0


def label(fmt: str, n: int) -> str:
    if fmt == "upperRoman":
        return ROMANS[n - 1]
    if fmt == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[n - 1]
    if fmt == "decimal":
        return str(n)
    raise ValueError(f"numFmt {fmt!r} not expected in this document")


# -- reading the built file ---------------------------------------------------------------------

def units(path: Path, problems: list[str] | None = None) -> list[tuple[str, str]]:
    """(section, text) for every paragraph and table cell of the document, in order."""
    problems = problems if problems is not None else []
    doc = Document(str(path))
    formats = list_formats(doc)
    body = doc.element.body
    out: list[tuple[str, str]] = []
    zone = "đầu văn bản"
    counters: dict[str, list[int]] = {}
    labels: list[str] = []          # current address parts: [part, item, point]
    in_appendix = False
    list_ids: set[str] = set()

    def here() -> str:
        return ".".join(labels) if zone == "body" else zone

    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            table = Table(child, doc)
            if not in_appendix:   # layout tables: the header block, the closing block
                for row in table.rows:
                    for cell in row.cells:
                        paras = [norm(p.text) for p in cell.paragraphs if norm(p.text)]
                        if zone == "đầu văn bản":
                            section = zone
                        elif paras and paras[0].startswith("Nơi nhận"):
                            section = "nơi nhận"
                        elif paras and re.match(r"^(T/M|K/T|TM\.|KT\.)", paras[0]):
                            section = "chữ ký"
                        else:
                            section = here()
                        out.append((section, norm(cell.text)))
                        out.extend((section, t) for t in paras)
                if zone == "body":
                    zone = "chữ ký"
                continue
            for r, row in enumerate(table.rows):
                cells = row.cells
                section = TABLE_HEADER if r == 0 else f"Phụ lục, STT {norm(cells[0].text)}"
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
        numbered = num_pr(child)
        if numbered and not in_appendix:
            num_id, ilvl = numbered
            list_ids.add(num_id)
            if not text:
                problems.append("an empty paragraph carries numbering")
                continue
            if TYPED_NUMERAL.match(text):
                problems.append(f"numbered paragraph also has a typed numeral: {text[:40]!r}")
            count = counters.setdefault(num_id, [0] * 9)
            count[ilvl] += 1
            for deeper in range(ilvl + 1, 9):
                count[deeper] = 0
            fmts = formats.get(num_id, {})
            labels = [label(fmts.get(k, "decimal"), count[k]) for k in range(ilvl + 1)]
            if any(count[k] == 0 for k in range(ilvl + 1)):
                problems.append(f"level {ilvl} numbered before its parent level: {text[:40]!r}")
            zone = "body"
            out.append((here(), text))
            continue
        if not text:
            continue
        if in_appendix:
            out.append(("Phụ lục", text))
            continue
        if text == "PHỤ LỤC" or text.startswith("DANH MỤC"):
            in_appendix = True
            out.append(("Phụ lục", text))
            continue
        if zone == "đầu văn bản" and text == "CHỈ THỊ":
            zone = "tiêu đề"
        elif zone == "tiêu đề" and set(text) <= set("-_*"):
            zone = "mở đầu"
            continue
        out.append((here(), text))
    if len(list_ids) != 1:
        problems.append(f"expected the numbered paragraphs in one list, found numIds {sorted(list_ids)}")
    return out


# -- checks -------------------------------------------------------------------------------------

def check(path: Path) -> int:
    errors: list[str] = []
    units_ = [(s, t) for s, t in units(path, errors) if t]
    addresses = {s for s, _ in units_}
    for need in ("đầu văn bản", "tiêu đề", "mở đầu", "I", "II.1.a", "III.9", "nơi nhận", "chữ ký",
                 "Phụ lục", "Phụ lục, STT 14"):
        if need not in addresses:
            errors.append(f"document: address {need!r} not produced")
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
        errors.append(f"manifest: {DOC_ID} entry must have file {DOC_ID}.docx, status available")
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
    if len(rows) < MIN_ROWS:
        errors.append(f"only {len(rows)} rows (need >= {MIN_ROWS})")

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
        if r["split"] != SPLIT:
            errors.append(f"{rid}: split {r['split']!r} (document split is {SPLIT})")
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
            extra = where - set(secs) - {TABLE_HEADER}
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
    with_missing = sum(1 for r in rows if r.get("kind") == "abstain" and r.get("missing_doc"))
    if table_deadlines < 2:
        errors.append(f"only {table_deadlines} deadline rows from the table (want >= 2)")
    if with_missing < 2:
        errors.append(f"only {with_missing} abstain rows with missing_doc (want >= 2)")

    words = sum(len(t.split()) for s, t in units_ if s != TABLE_HEADER)
    print(f"file: {path}")
    print(f"units: {len(units_)}, addresses: {len(addresses)}, words (approx.): {words}")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}")
    print(f"table rows: deadline {table_deadlines}, all {sum(1 for r in rows if r.get('table_row'))}; "
          f"abstain with missing_doc: {with_missing}")
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
            problems: list[str] = []
            for s, t in units(path, problems):
                print(f"{s:28} | {t}")
            for p in problems:
                print("PROBLEM:", p)
            return 0
        return check(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
