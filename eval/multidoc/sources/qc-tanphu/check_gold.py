"""Check gold/qc-tanphu.jsonl against the BUILT qc-tanphu.docx (and manifest.toml).

    python check_gold.py              # builds the .docx into a temp dir, then checks
    python check_gold.py FILE.docx    # checks against an already built file
    python check_gold.py --dump       # prints every text unit with the address this script gives it

Stand-alone on purpose: it reads the file with python-docx only (never the project's parser,
engine or eval code). Text units are body paragraphs, every table cell and every paragraph of a
table cell (white space folded: tabs, NBSP, newlines → one space). The addresses are worked out
here from the visible structure of this one document, following eval/multidoc/SPEC.md:

- the decision: header table → `đầu văn bản`; "QUYẾT ĐỊNH" + title lines → `tiêu đề`; issuer
  line, Căn cứ …, "Theo đề nghị …", "QUYẾT ĐỊNH:" → `mở đầu`; its own articles `Điều 1`,
  `Điều 2.1`; the borderless table after the articles: left cell → `nơi nhận`, right cell →
  `chữ ký`;
- the attached text: its header table and "QUY CHẾ / … / (Ban hành kèm theo …)" →
  `Quy chế, tiêu đề`; "Chương II" + its title line → `Quy chế, Chương II`; articles, clauses,
  points → `Quy chế, Điều 5`, `Quy chế, Điều 5.2`, `Quy chế, Điều 11.1.a`.

Checks: ids unique and numbered in order, fields and kinds valid, split "dev"; every evidence
string is 10–80 characters, lies inside ONE unit, occurs in a listed section and in no section
that is not listed; every listed section holds one of the evidence strings (or, with empty
evidence, exists); no table rows in this document; abstain rows have no evidence and a
missing_doc that the manifest lists as not loaded; questions are accented; neither questions
nor paraphrases copy 12+ consecutive syllables of the document; the kind mix of the brief;
at least one row on the decision's own articles and clause rows on the Quy chế; ≥ 25 rows.
Exit status 0 when everything passes.
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
GOLD = HERE.parent.parent / "gold" / "qc-tanphu.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "qc-tanphu"
SPLIT = "dev"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 6, "deadline": 5, "number": 4, "clause": 6, "content": 3, "docfact": 3, "abstain": 5}
MIN_ROWS = 30

_WS = re.compile(r"\s+")
ARTICLE = re.compile(r"^Điều (\d+)\.\s")
CLAUSE = re.compile(r"^(\d+)\.\s")
POINT = re.compile(r"^([a-zđ])\)\s")
CHAPTER = re.compile(r"^Chương ([IVXLC]+)$")
ATTACHED = re.compile(r"^(QUY CHẾ|QUY ĐỊNH|ĐIỀU LỆ)$")
RULE = re.compile(r"^[-_*]{3,}$")


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

def _cell_units(cell, section: str) -> list[tuple[str, str]]:
    out = [(section, norm(cell.text))]
    out.extend((section, norm(p.text)) for p in cell.paragraphs if norm(p.text))
    return out


def units(path: Path) -> list[tuple[str, str]]:
    """(section, text) for every paragraph, table cell and cell paragraph, in document order."""
    doc = Document(str(path))
    children = list(doc.element.body.iterchildren())
    out: list[tuple[str, str]] = []
    prefix = ""            # "" for the decision, "Quy chế" for the attached text
    zone = "đầu văn bản"   # đầu văn bản | tiêu đề | mở đầu | body | chương | nơi nhận | chữ ký
    chapter = art = clause = point = None

    def addr() -> str:
        if zone == "body":
            core = "Điều " + ".".join(x for x in (art, clause, point) if x)
        elif zone == "chương":
            core = f"Chương {chapter}"
        else:
            core = zone
        return f"{prefix}, {core}" if prefix else core

    def next_text(i: int) -> str:
        for el in children[i + 1:]:
            if el.tag == qn("w:p"):
                t = norm(Paragraph(el, doc).text)
                if t:
                    return t
        return ""

    for i, child in enumerate(children):
        if child.tag == qn("w:tbl"):
            table = Table(child, doc)
            cells = table.rows[0].cells
            if norm(cells[0].text).startswith("Nơi nhận"):
                out.extend(_cell_units(cells[0], "nơi nhận"))
                for cell in cells[1:]:
                    out.extend(_cell_units(cell, "chữ ký"))
                zone = "chữ ký"
                continue
            if zone != "đầu văn bản":
                # header block of the attached text: part of its title block
                m = ATTACHED.match(next_text(i))
                if m:
                    prefix, zone = m.group(1).capitalize(), "tiêu đề"
                    chapter = art = clause = point = None
            for row in table.rows:
                for cell in row.cells:
                    out.extend(_cell_units(cell, addr()))
            continue
        if child.tag != qn("w:p"):
            continue
        text = norm(Paragraph(child, doc).text)
        if not text:
            continue
        if zone == "đầu văn bản" and text == "QUYẾT ĐỊNH":
            zone = "tiêu đề"
        elif zone in ("chữ ký", "nơi nhận") and ATTACHED.match(text):
            prefix, zone = ATTACHED.match(text).group(1).capitalize(), "tiêu đề"
            chapter = art = clause = point = None
        elif zone == "tiêu đề" and RULE.match(text):
            zone = "mở đầu"
            continue
        elif CHAPTER.match(text):
            zone, chapter = "chương", CHAPTER.match(text).group(1)
        elif ARTICLE.match(text) and zone in ("mở đầu", "body", "chương"):
            zone, art, clause, point = "body", ARTICLE.match(text).group(1), None, None
        elif zone == "body" and CLAUSE.match(text):
            clause, point = CLAUSE.match(text).group(1), None
        elif zone == "body" and POINT.match(text):
            point = POINT.match(text).group(1)
        out.append((addr(), text))
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

    for must in ("đầu văn bản", "tiêu đề", "mở đầu", "Điều 1", "Điều 2.1", "nơi nhận", "chữ ký",
                 "Quy chế, tiêu đề", "Quy chế, Chương I", "Quy chế, Điều 1", "Quy chế, Điều 3.1"):
        if must not in addresses:
            errors.append(f"document: address {must!r} not found (structure changed?)")

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
    for nid in not_loaded:
        if entries[nid]["number"] not in " ".join(t for _, t in units_):
            errors.append(f"manifest: not-loaded {nid} ({entries[nid]['number']}) is not cited in the document")

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
        if r["table_row"] is not False:
            errors.append(f"{rid}: this document has no task table: table_row must be false")

        if kind == "abstain":
            if ev or secs:
                errors.append(f"{rid}: abstain rows have empty evidence and sections")
            if r["missing_doc"] is not None and r["missing_doc"] not in not_loaded:
                errors.append(f"{rid}: missing_doc {r['missing_doc']!r} is not a not-loaded manifest entry")
            continue
        if r["missing_doc"] is not None:
            errors.append(f"{rid}: missing_doc only on abstain rows")
        if not secs:
            errors.append(f"{rid}: no sections")
        if len(set(secs)) != len(secs):
            errors.append(f"{rid}: repeated sections {secs}")
        for s in secs:
            if s not in addresses:
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
            listed = where & set(secs)
            if not listed:
                errors.append(f"{rid}: evidence {e!r} is in {sorted(where)}, none listed {secs}")
            extra = where - set(secs)
            if extra:
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
    with_missing = sum(1 for r in rows if r.get("kind") == "abstain" and r.get("missing_doc"))
    if with_missing < 2:
        errors.append(f"only {with_missing} abstain rows with missing_doc (want >= 2)")
    own = [r["id"] for r in rows if any(re.match(r"^Điều \d", s) for s in r.get("sections", []))]
    if not own:
        errors.append("no row on the decision's own articles (Điều 1 … of the Quyết định)")
    qc_clause = [r["id"] for r in rows if r.get("kind") == "clause"
                 and any(s.startswith("Quy chế, ") for s in r.get("sections", []))]
    if len(qc_clause) < 4:
        errors.append(f"only {len(qc_clause)} clause rows on the Quy chế (want >= 4)")

    body_words = sum(len(Paragraph(p, None).text.split())
                     for p in Document(str(path)).element.body.iter(qn("w:p")))
    print(f"file: {path}")
    print(f"units: {len(units_)}, addresses: {len(addresses)}, words (paragraphs, once): {body_words}")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}")
    print(f"abstain with missing_doc: {with_missing}; rows on the decision's own articles: {own}")
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
