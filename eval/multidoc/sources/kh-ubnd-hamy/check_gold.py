"""Check gold/kh-ubnd-hamy.jsonl against the BUILT kh-ubnd-hamy.docx (and manifest.toml).

    python check_gold.py              # builds the .docx into a temp dir, then checks
    python check_gold.py FILE.docx    # checks against an already built file
    python check_gold.py --dump       # prints every text unit with the address this script gives it

Stand-alone on purpose: it reads the file with python-docx only (never the project's parser,
engine or eval code). Text units are body paragraphs and every paragraph of a table cell
(white space folded: tabs, NBSP, newlines → one space), so an evidence string can never span
two cells or a line break of the source. The addresses are worked out here from the visible
structure of this one document, following eval/multidoc/SPEC.md:

- the header layout table → `đầu văn bản`; "KẾ HOẠCH" and the subject lines → `tiêu đề`;
  the "Căn cứ …" lines up to "… như sau:" → `mở đầu`;
- "I." … "V." parts, "1." items, "a)" points; dash bullets and plain paragraphs belong to the
  enclosing item / point (a paragraph between a part heading and its first item is the part's
  own text, address `V`);
- the closing layout table: left cell → `nơi nhận`, right cell → `chữ ký`;
- "Phụ lục" / "DANH MỤC …" / "(Kèm theo …)" → `Phụ lục`; the task table's header row is not a
  passage; group rows ("I", "II", "III" + a title merged by gridSpan) are headings addressed
  `Phụ lục`; data rows are `Phụ lục, STT <group>.<stt>` since STT restarts under each group.
  A vertically merged cell belongs to the row that holds its text (the continuation rows hold
  none).

Checks: ids unique and numbered in order, fields and kinds valid, split "dev"; every evidence
string is 10–80 characters, lies inside ONE unit, occurs in a listed section and in no section
that is not listed; every listed section holds one of the evidence strings (or, with empty
evidence, exists); table_row ⇔ the sections are "…, STT …" rows; abstain rows have no evidence
and no sections, and a missing_doc that the manifest lists as not loaded; questions are
accented and do not copy 12+ consecutive syllables of the document; paraphrases are accent-free
or abbreviated phone style; the kind mix of the brief; at least 32 rows. It also checks the
manifest (fields, lowercase aliases, no id or alias clash with the other manifests) and the
shape of the file (layout tables, landscape appendix section, group rows with gridSpan, STT
restarting under each group, a vertical merge, 12–16 data rows in 3 groups, 2,000–3,000 words).
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
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
MULTIDOC = HERE.parent.parent
REPO = MULTIDOC.parent.parent
GOLD = MULTIDOC / "gold" / "kh-ubnd-hamy.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "kh-ubnd-hamy"
SPLIT = "dev"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 7, "deadline": 6, "number": 4, "clause": 5, "content": 4, "docfact": 3, "abstain": 5}
MIN_ROWS = 32
HEADER_ROW = "Phụ lục (hàng tiêu đề)"

_WS = re.compile(r"\s+")
ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s")
ITEM = re.compile(r"^(\d+)\.\s")
POINT = re.compile(r"^([a-zđ])\)\s")
APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+([IVX]+|\d+))?$")
GROUP = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)$")


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

def _cell_pars(tc, doc) -> list[str]:
    return [norm(Paragraph(p, doc).text) for p in tc.iterchildren(qn("w:p"))]


def units(path: Path) -> list[tuple[str, str]]:
    """(section, text) for every paragraph of the body and of every table cell, in order."""
    doc = Document(str(path))
    body = doc.element.body
    out: list[tuple[str, str]] = []
    zone = "đầu văn bản"
    part = item = point = None
    appendix: str | None = None
    layout_tables = 0

    def here() -> str:
        if zone != "body":
            return zone
        return ".".join(x for x in (part, item, point) if x)

    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            table = Table(child, doc)
            if appendix is None:  # layout tables: the header block, then Nơi nhận | chữ ký
                layout_tables += 1
                for row in table.rows:
                    for c, tc in enumerate(row._tr.tc_lst):
                        if layout_tables == 1:
                            section = "đầu văn bản"
                        else:
                            section = "nơi nhận" if c == 0 else "chữ ký"
                        out.extend((section, t) for t in _cell_pars(tc, doc) if t)
                if layout_tables > 1:
                    zone = "chữ ký"
                continue
            group = None
            for r, row in enumerate(table.rows):
                tcs = row._tr.tc_lst
                first = norm("".join(_cell_pars(tcs[0], doc))) if tcs else ""
                if r == 0:
                    section = HEADER_ROW
                elif len(tcs) == 2 and GROUP.match(first):
                    group = first
                    section = appendix  # group row: a heading, not a passage
                else:
                    section = f"{appendix}, STT {group}.{first}" if group else f"{appendix}, STT {first}"
                for tc in tcs:
                    if tc.vMerge == "continue":
                        continue  # the text is held by the first cell of the merge
                    out.extend((section, t) for t in _cell_pars(tc, doc) if t)
            continue
        if child.tag != qn("w:p"):
            continue
        text = norm(Paragraph(child, doc).text)
        if not text:
            continue
        if appendix is None:
            m = APPENDIX.match(text)
            if m or text.startswith("DANH MỤC"):
                appendix = f"Phụ lục {m.group(1)}" if m and m.group(1) else "Phụ lục"
        if appendix is not None:
            out.append((appendix, text))
            continue
        if zone == "đầu văn bản" and text == "KẾ HOẠCH":
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


def shape_problems(path: Path) -> list[str]:
    """The layout the brief asks for: layout tables, landscape appendix, group rows, merges."""
    problems: list[str] = []
    doc = Document(str(path))
    body = doc.element.body
    tables = body.findall(qn("w:tbl"))
    if len(tables) != 3:
        problems.append(f"expected 3 tables (header, signature, task table), found {len(tables)}")
        return problems
    for n, tbl in enumerate(tables[:2], start=1):
        borders = tbl.find(qn("w:tblPr")).find(qn("w:tblBorders"))
        if borders is None or any(el.get(qn("w:val")) != "nil" for el in borders):
            problems.append(f"layout table {n} is not borderless")
        if len(tbl.findall(qn("w:tr"))) != 1 or len(tbl.find(qn("w:tr")).findall(qn("w:tc"))) != 2:
            problems.append(f"layout table {n} is not 1 row x 2 columns")
    secs = doc.sections
    if len(secs) != 2 or secs[0].orientation != WD_ORIENT.PORTRAIT or secs[1].orientation != WD_ORIENT.LANDSCAPE:
        problems.append("expected a portrait section then a landscape section")
    if secs and secs[-1].page_width <= secs[-1].page_height:
        problems.append("last section is not landscape-sized")
    # the task table must come after the last in-paragraph section break (i.e. in the last section)
    children = list(body.iterchildren())
    breaks = [i for i, el in enumerate(children) if el.tag == qn("w:p") and el.find(qn("w:pPr")) is not None
              and el.find(qn("w:pPr")).find(qn("w:sectPr")) is not None]
    if not breaks or children.index(tables[2]) < breaks[-1] or children.index(tables[1]) > breaks[-1]:
        problems.append("the task table is not in the landscape section (or the signature is)")
    task = Table(tables[2], doc)
    groups: list[tuple[str, list[str]]] = []
    vmerge_restart = vmerge_continue = 0
    for r, row in enumerate(task.rows):
        tcs = row._tr.tc_lst
        if r == 0:
            if [norm(Paragraph(p, doc).text) for tc in tcs for p in tc.iterchildren(qn("w:p"))] != [
                    "STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                    "Thời gian hoàn thành", "Sản phẩm"]:
                problems.append("task table header row is not the six expected columns")
            continue
        first = norm("".join(_cell_pars(tcs[0], doc)))
        if GROUP.match(first):
            if len(tcs) != 2 or tcs[1].grid_span != 5:
                problems.append(f"group row {first}: title cell must span the 5 other columns (gridSpan)")
            groups.append((first, []))
            continue
        if len(tcs) != 6:
            problems.append(f"data row {r} has {len(tcs)} cells")
        if not groups:
            problems.append(f"data row {r} before any group row")
            continue
        groups[-1][1].append(first)
        for tc in tcs:
            if tc.vMerge == "restart":
                vmerge_restart += 1
            elif tc.vMerge == "continue":
                vmerge_continue += 1
    if [g for g, _ in groups] != ["I", "II", "III"]:
        problems.append(f"groups {[g for g, _ in groups]} (want I, II, III)")
    for g, stts in groups:
        if stts != [str(i) for i in range(1, len(stts) + 1)]:
            problems.append(f"group {g}: STT {stts} does not restart at 1")
    n_rows = sum(len(s) for _, s in groups)
    if not 12 <= n_rows <= 16:
        problems.append(f"{n_rows} data rows (want 12-16)")
    if vmerge_restart < 1 or vmerge_continue < 1:
        problems.append("no vertically merged cell in the task table")
    return problems


# -- manifest -----------------------------------------------------------------------------------

def manifest_problems() -> tuple[list[str], set[str]]:
    errors: list[str] = []
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
        if d.get("status") not in ("available", "not_available"):
            errors.append(f"manifest {did}: bad status {d.get('status')!r}")
    me = entries.get(DOC_ID, {})
    if (me.get("file") != f"{DOC_ID}.docx" or me.get("status") != "available" or me.get("kind") != "Kế hoạch"
            or me.get("level") != "tỉnh" or me.get("issuer") != "Ủy ban nhân dân tỉnh Hà My"):
        errors.append(f"manifest: {DOC_ID} entry must be a provincial Kế hoạch of UBND tỉnh Hà My, "
                      f"file {DOC_ID}.docx, status available")
    for dep in me.get("implements", []):
        if dep not in entries:
            errors.append(f"manifest: implements {dep} but it has no entry")
    not_loaded = {i for i, d in entries.items() if d.get("status") == "not_available" and not d.get("file")}
    if len(not_loaded) < 1:
        errors.append("manifest: no not_available entry for a cited document")
    # no clash with the other manifests (ids and aliases)
    others = sorted(p for p in (MULTIDOC / "sources").glob("*/manifest.toml") if p.resolve() != MANIFEST.resolve())
    home = REPO / "corpus" / "manifest.toml"
    if home.exists():
        others.append(home)
    mine_alias = {a: did for did, d in entries.items() for a in d.get("aliases", [])}
    for p in others:
        for d in tomllib.loads(p.read_text(encoding="utf-8")).get("documents", []):
            if d.get("id") in entries:
                errors.append(f"manifest: id {d['id']!r} also in {p.relative_to(REPO)}")
            for a in d.get("aliases", []):
                if a in mine_alias:
                    errors.append(f"manifest: alias {a!r} of {mine_alias[a]} also in {p.relative_to(REPO)}")
    return errors, not_loaded


# -- checks -------------------------------------------------------------------------------------

def check(path: Path) -> int:
    errors: list[str] = shape_problems(path)
    units_ = [(s, t) for s, t in units(path) if t]
    addresses = {s for s, _ in units_}
    source_syl = " " + " ".join(" ".join(syllables(t)) for _, t in units_) + " "

    m_errors, not_loaded = manifest_problems()
    errors += m_errors

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
        for text, what in [(q, "question")] + [(p, "paraphrase") for p in r["paraphrases"]]:
            qs = syllables(text)
            for i in range(len(qs) - 11):
                if " " + " ".join(qs[i:i + 12]) + " " in source_syl:
                    errors.append(f"{rid}: {what} copies 12+ syllables of the source: {' '.join(qs[i:i + 12])}")
                    break
        para = r["paraphrases"]
        if not (1 <= len(para) <= 2) or any(not p.strip() or p == q for p in para):
            errors.append(f"{rid}: needs 1-2 paraphrases different from the question")
        if para and all(has_accents(p) for p in para):
            errors.append(f"{rid}: at least one paraphrase should be typed without diacritics")
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
    table_deadlines = sum(1 for r in rows if r.get("kind") == "deadline" and r.get("table_row"))
    table_duties = sum(1 for r in rows if r.get("kind") == "duty" and r.get("table_row"))
    part_v_duties = sum(1 for r in rows if r.get("kind") == "duty" and not r.get("table_row")
                        and any(re.fullmatch(r"V\.\d+", s) for s in r.get("sections", [])))
    report_rows = sum(1 for r in rows if r.get("kind") == "deadline"
                      and any("15/6 và 15/12" in e for e in r.get("evidence", [])))
    table_clauses = sum(1 for r in rows if r.get("kind") == "clause" and r.get("table_row"))
    with_missing = sum(1 for r in rows if r.get("kind") == "abstain" and r.get("missing_doc"))
    if table_duties < 3:
        errors.append(f"only {table_duties} duty rows from the table (want >= 3)")
    if part_v_duties < 2:
        errors.append(f"only {part_v_duties} duty rows asking a body of part V (want >= 2)")
    if table_deadlines < 3:
        errors.append(f"only {table_deadlines} deadline rows from the table (want >= 3)")
    if report_rows < 1:
        errors.append("no deadline row on the reporting dates (15/6 và 15/12)")
    if table_clauses < 2:
        errors.append(f"only {table_clauses} clause rows on table rows (want >= 2)")
    if with_missing < 2:
        errors.append(f"only {with_missing} abstain rows with missing_doc (want >= 2)")
    if kinds["abstain"] - with_missing < 3:
        errors.append("want >= 3 abstain rows without missing_doc (near-miss questions)")

    words = sum(len(t.split()) for s, t in units_ if s != HEADER_ROW)
    if not 2000 <= words <= 3000:
        errors.append(f"document has about {words} words (want 2,000-3,000)")
    n_table = sum(1 for r in rows if r.get("table_row"))
    print(f"file: {path}")
    print(f"units: {len(units_)}, addresses: {len(addresses)}, words (approx.): {words}")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}")
    print(f"table rows: duty {table_duties}, deadline {table_deadlines}, clause {table_clauses}, all {n_table}; "
          f"part-V duty {part_v_duties}; abstain with missing_doc: {with_missing}")
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
