"""Check gold/hd-namson.jsonl against the BUILT hd-namson.pdf (and manifest.toml).

    python check_gold.py              # builds the .pdf into a temp dir, then checks
    python check_gold.py FILE.pdf     # checks against an already built file
    python check_gold.py --dump       # prints every text unit with the address this script gives it

Stand-alone on purpose: it reads the file with pdfplumber only (never the project's parser,
engine or eval code). Text units are rebuilt from the page layout the way a reader sees it:
the running header (top of pages 2+) and the "Trang n" footer are dropped; the two-column
header block and the "Nơi nhận" / signature block are read column by column, one unit a line
(a recipient line that wraps continues its unit); body paragraphs are the lines from one
first-line indent to the next (a paragraph may run over a page break); in the appendix each
line outside the table is a unit and each table cell is a unit (repeated header rows skipped).
Addresses follow eval/multidoc/SPEC.md: I., 1., a), dash bullets in their item, "Nơi nhận",
"K/T", "PHỤ LỤC", table rows "Phụ lục, STT n".

Checks: ids unique and numbered in order, fields and kinds valid, split "dev"; every evidence
string is 10–80 characters, lies inside ONE unit, occurs in a listed section and in no section
that is not listed; every listed section holds one of the evidence strings (or, with empty
evidence, exists); table_row ⇔ the sections are "…, STT …" rows; abstain rows have no evidence
and a missing_doc that the manifest lists as not loaded; questions and paraphrases do not copy
12+ consecutive syllables of the document; the kind mix of the brief; at least 25 rows.
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

import pdfplumber

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent.parent / "gold" / "hd-namson.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "hd-namson"
FILE_NAME = "hd-namson.pdf"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 6, "deadline": 5, "number": 4, "clause": 5, "content": 3, "docfact": 3, "abstain": 5}
MIN_ROWS = 30

MM = 72 / 25.4
LEFT_MARGIN = 25 * MM          # body text starts here; a first-line indent is 10 mm more
INDENT_MIN = LEFT_MARGIN + 5 * MM
HEADER_BOTTOM = 17 * MM        # running header (pages 2+) lies above this
FOOTER_TOP = 280 * MM          # "Trang n" lies below this
COLUMN_SPLIT = 100 * MM        # header block: issuer | quốc hiệu
SIGN_SPLIT = 110 * MM          # Nơi nhận | signature
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

def _lines(page, bbox=None) -> list[dict]:
    area = page.within_bbox(bbox) if bbox else page
    return [ln for ln in area.extract_text_lines() if norm(ln["text"])]


def units(path: Path) -> list[tuple[str, str]]:
    """(section, text) for every unit of the document, in reading order."""
    out: list[tuple[str, str]] = []
    zone = "đầu văn bản"
    part = item = point = None
    paragraph: list[str] = []
    title_lines: list[str] = []

    def here() -> str:
        if zone != "body":
            return zone
        return ".".join(x for x in (part, item, point) if x)

    def flush() -> None:
        nonlocal zone, part, item, point
        if not paragraph:
            return
        text = norm(" ".join(paragraph))
        paragraph.clear()
        if zone in ("mở đầu", "body") and ROMAN.match(text):
            zone, part, item, point = "body", ROMAN.match(text).group(1), None, None
        elif zone == "body" and ITEM.match(text):
            item, point = ITEM.match(text).group(1), None
        elif zone == "body" and POINT.match(text):
            point = POINT.match(text).group(1)
        out.append((here(), text))

    with pdfplumber.open(str(path)) as pdf:
        for pno, page in enumerate(pdf.pages):
            width, height = page.width, page.height
            top_limit = HEADER_BOTTOM if pno > 0 else 0
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            boxes = [t.bbox for t in tables]

            def in_table(ln: dict) -> bool:
                mid = (ln["top"] + ln["bottom"]) / 2
                return any(b[1] <= mid <= b[3] for b in boxes)

            lines = [ln for ln in _lines(page)
                     if top_limit <= ln["top"] < FOOTER_TOP and not in_table(ln)]
            if pno == 0:  # header block in two columns, above the title
                title_top = next(ln["top"] for ln in lines if norm(ln["text"]) == "HƯỚNG DẪN")
                for x0, x1 in ((0, COLUMN_SPLIT), (COLUMN_SPLIT, width)):
                    for ln in _lines(page, (x0, 0, x1, title_top - 1)):
                        out.append(("đầu văn bản", norm(ln["text"])))
                lines = [ln for ln in lines if ln["top"] >= title_top - 1]
            items = [("line", ln["top"], ln) for ln in lines] + [("table", t.bbox[1], t) for t in tables]
            items.sort(key=lambda x: x[1])
            skip_below = None
            for kind, top, obj in items:
                if kind == "table":
                    flush()
                    for row in obj.extract():
                        cells = [norm(c or "") for c in row]
                        section = HEADER_ROW if cells[0] == "STT" else f"Phụ lục, STT {cells[0]}"
                        out.extend((section, c) for c in cells if c)
                    continue
                if skip_below is not None and top >= skip_below:
                    continue
                text = norm(obj["text"])
                if zone == "đầu văn bản" and text == "HƯỚNG DẪN":
                    zone = "tiêu đề"
                    out.append((zone, text))
                    continue
                if zone == "tiêu đề":
                    if not text.startswith(("Căn cứ", "Thực hiện")):
                        title_lines.append(text)
                        continue
                    out.append(("tiêu đề", norm(" ".join(title_lines))))
                    zone = "mở đầu"
                if zone in ("nơi nhận", "chữ ký", "body", "mở đầu") and text == "PHỤ LỤC":
                    flush()
                    zone = "Phụ lục"
                if zone == "Phụ lục":
                    out.append(("Phụ lục", text))
                    continue
                if zone in ("mở đầu", "body") and text.startswith("Nơi nhận"):
                    flush()
                    start = top - 1
                    recipients: list[str] = []
                    for ln in _lines(page, (0, start, SIGN_SPLIT, FOOTER_TOP)):
                        t = norm(ln["text"])
                        if recipients and not t.startswith("-"):
                            recipients[-1] += " " + t
                        else:
                            recipients.append(t)
                    out.extend(("nơi nhận", t) for t in recipients)
                    out.extend(("chữ ký", norm(ln["text"]))
                               for ln in _lines(page, (SIGN_SPLIT, start, width, FOOTER_TOP)))
                    zone = "chữ ký"
                    skip_below = start
                    continue
                if zone in ("mở đầu", "body"):
                    if obj["x0"] >= INDENT_MIN:
                        flush()
                    paragraph.append(text)
        flush()
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
    if me.get("file") != FILE_NAME or me.get("status") != "available":
        errors.append(f"manifest: {DOC_ID} entry must have file {FILE_NAME}, status available")
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
        extra_fields = set(r) - set(required) - {"note"}
        if extra_fields:
            errors.append(f"{rid}: unknown fields {sorted(extra_fields)}")
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
        for text in [q, *r["paraphrases"]]:
            qs = syllables(text)
            for i in range(len(qs) - 11):
                if " " + " ".join(qs[i:i + 12]) + " " in source_syl:
                    errors.append(f"{rid}: copies 12+ syllables of the source: {' '.join(qs[i:i + 12])}")
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
                errors.append(f"{rid}: evidence not inside any single paragraph/line/cell: {e!r}")
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
    with_missing = sum(1 for r in rows if r.get("kind") == "abstain" and r.get("missing_doc"))
    if table_deadlines < 2:
        errors.append(f"only {table_deadlines} deadline rows from the table (want >= 2)")
    if not 2 <= with_missing <= 3:
        errors.append(f"{with_missing} abstain rows with missing_doc (want 2-3)")

    stt = sorted({s for s, _ in units_ if ", STT " in s}, key=lambda s: int(s.rsplit(" ", 1)[1]))
    if not 14 <= len(stt) <= 18:
        errors.append(f"appendix table has {len(stt)} rows (want 14-18)")
    words = sum(len(t.split()) for s, t in units_ if s != HEADER_ROW)
    if not 2000 <= words <= 3000:
        errors.append(f"document has about {words} words (want 2,000-3,000)")
    print(f"file: {path}")
    print(f"units: {len(units_)}, addresses: {len(addresses)}, table rows: {len(stt)}, words (approx.): {words}")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}")
    print(f"table rows in gold: deadline {table_deadlines}, "
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
