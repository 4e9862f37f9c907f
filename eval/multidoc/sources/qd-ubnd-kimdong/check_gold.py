"""Check gold/qd-ubnd-kimdong.jsonl against the BUILT qd-ubnd-kimdong.pdf (and manifest.toml).

    python check_gold.py              # builds the .pdf into a temp dir, then checks
    python check_gold.py FILE.pdf     # checks against an already built file
    python check_gold.py --dump       # prints every text unit with the address this script gives it

Stand-alone on purpose: it reads the file with pypdf only (never the project's parser, engine or
eval code). pypdf's text visitor gives every text fragment with its position; fragments on one
baseline make a line. Text units are rebuilt from the page layout the way a reader sees it:

- the running header (top of pages 2+) and the "Trang n" footer are dropped;
- the two-column header blocks (page 1: `đầu văn bản`; the plan's first page: part of the
  plan's title block) are read column by column, one unit a line;
- "QUYẾT ĐỊNH" + the subject lines → `tiêu đề`; the issuer line, Căn cứ …, Theo đề nghị …,
  "QUYẾT ĐỊNH:" → `mở đầu`; "Điều N." → `Điều N` (clauses "1." → `Điều N.1`);
- "Nơi nhận:" and the lines under it left of the signature column → `nơi nhận` (one unit a
  recipient line), the signature column → `chữ ký`;
- the attached plan continues the same document (SPEC): its header block, "KẾ HOẠCH", subject
  and "(Ban hành kèm theo …)" → `tiêu đề`; body paragraphs are the lines from one first-line
  indent to the next (a paragraph may run over a page break), addressed I., 1., a) as
  `I`, `I.1`, `II.2.a`; dash bullets and unnumbered paragraphs belong to the enclosing item;
- "PHỤ LỤC" and the title lines under it → `Phụ lục`; in the task table every cell is a unit
  (its lines joined), data rows → `Phụ lục, STT n`, header rows (repeated on each page) →
  `Phụ lục (hàng tiêu đề)`, which is no address.

Checks: the structure (addresses that must exist, 12-15 table rows, the table spanning two
pages with its header row repeated, no running header or page number left in a unit, 2,000-2,800
words); manifest fields, lowercase aliases that clash with no other manifest, not-loaded entries
cited in the text; gold: ids unique and numbered in order, fields and kinds valid, split "dev";
every evidence string is 10-80 characters, lies inside ONE unit, occurs in a listed section and
in no section that is not listed; every listed section holds one of the evidence strings (or,
with empty evidence, exists); table_row ⇔ the sections are "…, STT …" rows; abstain rows have no
evidence and a missing_doc that the manifest lists as not loaded (or null); questions are
accented; neither questions nor paraphrases copy 12+ consecutive syllables of the document; the
kind mix of the brief. Exit status 0 when everything passes.
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

from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
GOLD = HERE.parent.parent / "gold" / "qd-ubnd-kimdong.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "qd-ubnd-kimdong"
FILE_NAME = "qd-ubnd-kimdong.pdf"
SPLIT = "dev"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 7, "deadline": 6, "number": 4, "clause": 5, "content": 4, "docfact": 3, "abstain": 5}
MIN_ROWS = 32
WORDS = (2000, 2800)
TABLE_ROWS = (12, 15)

MM = 72 / 25.4
LEFT_MARGIN = 25 * MM          # body text starts here; a first-line indent is 10 mm more
INDENT_MIN = LEFT_MARGIN + 5 * MM
HEADER_BOTTOM = 17 * MM        # running header (pages 2+) lies above this (from the top)
FOOTER_TOP = 280 * MM          # "Trang n" lies below this
COLUMN_SPLIT = 100 * MM        # header block: issuer | quốc hiệu
SIGN_SPLIT = 110 * MM          # Nơi nhận | signature
TABLE_COLS = [x * MM for x in (25, 36, 95, 130, 167)]   # left edges of the five table columns
HEADER_ROW = "Phụ lục (hàng tiêu đề)"
RUNNING = "UBND huyện Kim Đông - Kế hoạch"

_WS = re.compile(r"\s+")
ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s")
ITEM = re.compile(r"^(\d+)\.\s")
POINT = re.compile(r"^([a-zđ])\)\s")
ARTICLE = re.compile(r"^Điều (\d+)\.\s")


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

def _fragments(page) -> list[dict]:
    """Text fragments of a page: x (pt from the left), top (pt from the top of the page), text."""
    height = float(page.mediabox.height)
    frags: list[dict] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        frags.append({"x": x, "top": height - y, "text": text})

    page.extract_text(visitor_text=visit)
    return frags


def _lines(frags: list[dict]) -> list[dict]:
    """Fragments on one baseline (±1 pt) joined left to right; x is the leftmost fragment's."""
    rows: list[list[dict]] = []
    for f in sorted(frags, key=lambda f: (round(f["top"], 0), f["x"])):
        if rows and abs(rows[-1][0]["top"] - f["top"]) <= 1.0:
            rows[-1].append(f)
        else:
            rows.append([f])
    out = []
    for row in rows:
        row.sort(key=lambda f: f["x"])
        out.append({"x": row[0]["x"], "top": row[0]["top"], "text": norm(" ".join(f["text"] for f in row))})
    return out


def _column(x: float) -> int:
    return max(i for i, left in enumerate(TABLE_COLS) if x >= left - 2)


def read(path: Path) -> tuple[list[tuple[str, str]], dict]:
    """(section, text) for every unit in reading order, and facts about the layout."""
    out: list[tuple[str, str]] = []
    facts = {"header_rows_on_pages": [], "stt_page": {}, "dropped": 0}
    zone = "đầu văn bản"   # đầu văn bản | tiêu đề | mở đầu | điều | nơi nhận | chữ ký | plan-head | body | Phụ lục
    part = item = point = art = clause = None
    paragraph: list[str] = []
    title_lines: list[str] = []

    def here() -> str:
        if zone == "điều":
            return "Điều " + ".".join(x for x in (art, clause) if x)
        if zone == "body":
            return ".".join(x for x in (part, item, point) if x)
        return zone

    def flush() -> None:
        nonlocal zone, part, item, point, art, clause
        if not paragraph:
            return
        text = norm(" ".join(paragraph))
        paragraph.clear()
        if zone in ("mở đầu", "điều") and ARTICLE.match(text):
            zone, art, clause = "điều", ARTICLE.match(text).group(1), None
        elif zone == "điều" and ITEM.match(text):
            clause = ITEM.match(text).group(1)
        elif zone == "body" and ROMAN.match(text):
            part, item, point = ROMAN.match(text).group(1), None, None
        elif zone == "body" and ITEM.match(text):
            item, point = ITEM.match(text).group(1), None
        elif zone == "body" and POINT.match(text):
            point = POINT.match(text).group(1)
        out.append((here(), text))

    def flush_title() -> None:
        if title_lines:
            out.append(("tiêu đề", norm(" ".join(title_lines))))
            title_lines.clear()

    reader = PdfReader(str(path))
    for pno, page in enumerate(reader.pages):
        frags = _fragments(page)
        keep = []
        for f in frags:
            if (pno > 0 and f["top"] < HEADER_BOTTOM) or f["top"] > FOOTER_TOP:
                facts["dropped"] += 1
                continue
            keep.append(f)
        frags = keep
        if zone == "chữ ký":          # the page after the signature opens the attached plan
            zone = "plan-head"
        if zone in ("đầu văn bản", "plan-head"):
            marker = "QUYẾT ĐỊNH" if zone == "đầu văn bản" else "KẾ HOẠCH"
            mark_top = next(f["top"] for f in frags if norm(f["text"]) == marker)
            head_zone = "đầu văn bản" if zone == "đầu văn bản" else "tiêu đề"
            for lo, hi in ((0, COLUMN_SPLIT), (COLUMN_SPLIT, 10_000)):
                col = [f for f in frags if f["top"] < mark_top - 1 and lo <= f["x"] < hi]
                out.extend((head_zone, ln["text"]) for ln in _lines(col))
            frags = [f for f in frags if f["top"] >= mark_top - 1]
            zone = "tiêu đề" if zone == "đầu văn bản" else "plan-title"

        table_top = None
        if zone == "Phụ lục" or any(norm(f["text"]) == "PHỤ LỤC" for f in frags):
            heads = [f for f in frags if norm(f["text"]) == "STT" and f["x"] < TABLE_COLS[1]]
            if heads:
                table_top = heads[0]["top"] - 1
        body_frags = [f for f in frags if table_top is None or f["top"] < table_top]
        lines = _lines(body_frags)
        skip_below = None
        for ln in lines:
            text, top = ln["text"], ln["top"]
            if skip_below is not None and top >= skip_below:
                continue
            if zone == "tiêu đề":
                if text == "QUYẾT ĐỊNH":
                    out.append(("tiêu đề", text))
                    continue
                if text.startswith("ỦY BAN NHÂN DÂN HUYỆN"):
                    flush_title()
                    zone = "mở đầu"
                    paragraph.append(text)
                    continue
                title_lines.append(text)
                continue
            if zone == "plan-title":
                if text == "KẾ HOẠCH":
                    out.append(("tiêu đề", text))
                    continue
                if text.startswith("(") or (title_lines and title_lines[0].startswith("(")):
                    if not (title_lines and title_lines[0].startswith("(")):
                        flush_title()
                    title_lines.append(text)
                    if text.endswith(")"):
                        flush_title()
                        zone = "body"
                    continue
                title_lines.append(text)
                continue
            if zone in ("mở đầu", "điều") and text.startswith("Nơi nhận"):
                flush()
                start = top - 12
                left = [f for f in frags if f["top"] >= start and f["x"] < SIGN_SPLIT]
                right = [f for f in frags if f["top"] >= start and f["x"] >= SIGN_SPLIT]
                recipients: list[str] = []
                for r in _lines(left):
                    if recipients and not r["text"].startswith("-") and not recipients[-1].startswith("Nơi nhận"):
                        recipients[-1] += " " + r["text"]
                    else:
                        recipients.append(r["text"])
                out.extend(("nơi nhận", t) for t in recipients)
                out.extend(("chữ ký", r["text"]) for r in _lines(right))
                zone = "chữ ký"
                skip_below = start
                continue
            if zone == "body" and text == "PHỤ LỤC":
                flush()
                zone = "Phụ lục"
            if zone == "Phụ lục":
                out.append(("Phụ lục", text))
                continue
            if zone in ("mở đầu", "điều", "body"):
                if ln["x"] >= INDENT_MIN:
                    flush()
                paragraph.append(text)

        if table_top is not None:
            flush()
            tfrags = [f for f in frags if f["top"] >= table_top]
            starts = sorted((f for f in tfrags if _column(f["x"]) == 0), key=lambda f: f["top"])
            for n, s in enumerate(starts):
                lo = s["top"] - 1
                hi = starts[n + 1]["top"] - 1 if n + 1 < len(starts) else 10_000
                stt = norm(s["text"])
                section = HEADER_ROW if stt == "STT" else f"Phụ lục, STT {stt}"
                if stt == "STT":
                    facts["header_rows_on_pages"].append(pno + 1)
                else:
                    facts["stt_page"][section] = pno + 1
                cells = defaultdict(list)
                for f in sorted(tfrags, key=lambda f: (f["top"], f["x"])):
                    if lo <= f["top"] < hi:
                        cells[_column(f["x"])].append(f["text"])
                for c in sorted(cells):
                    out.append((section, norm(" ".join(cells[c]))))
    flush()
    flush_title()
    return out, facts


def units(path: Path) -> list[tuple[str, str]]:
    return read(path)[0]


# -- checks -------------------------------------------------------------------------------------

def _other_aliases() -> dict[str, str]:
    """alias/id → owner for every other manifest (the eval corpus and the home corpus)."""
    owners: dict[str, str] = {}
    files = sorted((ROOT / "eval" / "multidoc" / "sources").glob("*/manifest.toml"))
    files.append(ROOT / "corpus" / "manifest.toml")
    for f in files:
        if f.resolve() == MANIFEST.resolve() or not f.exists():
            continue
        for d in tomllib.loads(f.read_text(encoding="utf-8")).get("documents", []):
            owners[d["id"]] = f"{f.parent.name}:{d['id']}"
            for a in d.get("aliases", []):
                owners[a.lower()] = f"{f.parent.name}:{d['id']}"
    return owners


def check(path: Path) -> int:
    errors: list[str] = []
    all_units, facts = read(path)
    units_ = [(s, t) for s, t in all_units if t]
    addresses = {s for s, _ in units_} - {HEADER_ROW}
    source_syl = " " + " ".join(" ".join(syllables(t)) for _, t in units_) + " "
    full_text = " ".join(t for _, t in units_)

    # -- structure --
    must = ["đầu văn bản", "tiêu đề", "mở đầu", "Điều 1", "Điều 2", "Điều 3", "nơi nhận", "chữ ký",
            "I", "I.1", "II.2.a", "III.1.a", "III.2", "IV.1", "V", "V.1", "V.3", "Phụ lục"]
    for m in must:
        if m not in addresses:
            errors.append(f"document: address {m!r} not found (structure changed?)")
    stt = sorted(facts["stt_page"], key=lambda s: int(s.rsplit(" ", 1)[1]))
    if not TABLE_ROWS[0] <= len(stt) <= TABLE_ROWS[1]:
        errors.append(f"appendix table has {len(stt)} rows (want {TABLE_ROWS[0]}-{TABLE_ROWS[1]})")
    if [int(s.rsplit(" ", 1)[1]) for s in stt] != list(range(1, len(stt) + 1)):
        errors.append(f"table STT not 1..n: {stt}")
    table_pages = sorted(set(facts["stt_page"].values()))
    if len(table_pages) != 2 or sorted(facts["header_rows_on_pages"]) != table_pages:
        errors.append(f"table should span two pages with its header row on each: rows on pages "
                      f"{table_pages}, header rows on {facts['header_rows_on_pages']}")
    second_page = {s for s, p in facts["stt_page"].items() if table_pages and p == table_pages[-1]}
    for s, t in units_:
        if RUNNING in t or re.fullmatch(r"Trang \d+", t):
            errors.append(f"running header / page number left in unit {s!r}: {t[:60]!r}")
    words = sum(len(t.split()) for s, t in all_units if s != HEADER_ROW)
    if not WORDS[0] <= words <= WORDS[1]:
        errors.append(f"document has about {words} words (want {WORDS[0]}-{WORDS[1]})")

    # -- manifest --
    manifest = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    entries = {d["id"]: d for d in manifest.get("documents", [])}
    fields = ["id", "number", "kind", "date", "issuer", "title", "level", "implements", "file",
              "status", "draft", "cite_as", "aliases"]
    owners = _other_aliases()
    for did, d in entries.items():
        missing = [f for f in fields if f not in d]
        if missing:
            errors.append(f"manifest {did}: missing {missing}")
        if any(a != a.lower() for a in d.get("aliases", [])):
            errors.append(f"manifest {did}: aliases must be lowercase")
        for key in [did, *d.get("aliases", [])]:
            if key.lower() in owners:
                errors.append(f"manifest {did}: {key!r} clashes with {owners[key.lower()]}")
    me = entries.get(DOC_ID, {})
    if me.get("file") != FILE_NAME or me.get("status") != "available" or me.get("level") != "huyện":
        errors.append(f"manifest: {DOC_ID} entry must have file {FILE_NAME}, status available, level huyện")
    for dep in me.get("implements", []):
        if dep not in entries:
            errors.append(f"manifest: implements {dep} but it has no entry")
    not_loaded = {i for i, d in entries.items() if d.get("status") == "not_available" and not d.get("file")}
    if not 1 <= len(not_loaded) <= 2:
        errors.append(f"manifest: {len(not_loaded)} not-loaded entries (want 1-2)")
    for nid in not_loaded:
        if entries[nid]["number"] not in full_text:
            errors.append(f"manifest: not-loaded {nid} ({entries[nid]['number']}) is not cited in the document")

    # -- gold rows --
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
            qs = syllables(text)
            for i in range(len(qs) - 11):
                if " " + " ".join(qs[i:i + 12]) + " " in source_syl:
                    errors.append(f"{rid}: copies 12+ syllables of the source: {' '.join(qs[i:i + 12])}")
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
        if len(set(secs)) != len(secs):
            errors.append(f"{rid}: repeated sections {secs}")
        is_table = bool(secs) and all(", STT " in s for s in secs)
        if r["table_row"] != is_table:
            errors.append(f"{rid}: table_row={r['table_row']} but sections {secs}")
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
                errors.append(f"{rid}: evidence not inside any single paragraph/line/cell: {e!r}")
                continue
            listed = {s for s in where if s in secs}
            if not listed:
                errors.append(f"{rid}: evidence {e!r} is in {sorted(where)}, none listed {secs}")
            extra = where - set(secs) - {HEADER_ROW}
            if extra:
                errors.append(f"{rid}: evidence {e!r} also occurs in unlisted {sorted(extra)}")
            covered |= listed
        if ev:
            for s in secs:
                if s not in covered:
                    errors.append(f"{rid}: listed section {s!r} holds none of the evidence")

    # -- kind mix --
    kinds = Counter(r.get("kind") for r in rows)
    for k, n in MIN_KINDS.items():
        if kinds[k] < n:
            errors.append(f"kind {k}: {kinds[k]} rows (want >= {n})")

    def count(pred) -> int:
        return sum(1 for r in rows if pred(r))

    duty_table = count(lambda r: r.get("kind") == "duty" and r.get("table_row"))
    duty_part_v = count(lambda r: r.get("kind") == "duty" and r.get("sections")
                        and all(s.startswith("V.") for s in r["sections"]))
    dl_table = count(lambda r: r.get("kind") == "deadline" and r.get("table_row"))
    dl_second = count(lambda r: r.get("kind") == "deadline" and r.get("table_row")
                      and any(s in second_page for s in r.get("sections", [])))
    ab_missing = count(lambda r: r.get("kind") == "abstain" and r.get("missing_doc"))
    ab_null = count(lambda r: r.get("kind") == "abstain" and not r.get("missing_doc"))
    own = [r["id"] for r in rows if any(re.match(r"^Điều \d", s) for s in r.get("sections", []))]
    if duty_table < 3:
        errors.append(f"only {duty_table} duty rows answered by table rows (want >= 3)")
    if duty_part_v < 2:
        errors.append(f"only {duty_part_v} duty rows on a body of part V (want >= 2)")
    if dl_table < 3:
        errors.append(f"only {dl_table} deadline rows from the table (want >= 3)")
    if dl_second < 1:
        errors.append("no deadline row on a table row of the table's second page")
    if ab_missing != 2:
        errors.append(f"{ab_missing} abstain rows with missing_doc (want 2)")
    if ab_null < 3:
        errors.append(f"only {ab_null} near-miss abstain rows without missing_doc (want >= 3)")
    if not own:
        errors.append("no row on the decision's own articles (Điều 1-3)")

    print(f"file: {path}")
    print(f"units: {len(units_)}, addresses: {len(addresses)}, table rows: {len(stt)} on pages "
          f"{table_pages} (header rows on {facts['header_rows_on_pages']}), words (approx.): {words}, "
          f"running header/page-number fragments dropped: {facts['dropped']}")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}")
    print(f"duty: table {duty_table}, part V bodies {duty_part_v}; deadline: table {dl_table} "
          f"(second table page {dl_second}); abstain: missing_doc {ab_missing}, near-miss {ab_null}; "
          f"rows on the decision's own articles: {own}")
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
