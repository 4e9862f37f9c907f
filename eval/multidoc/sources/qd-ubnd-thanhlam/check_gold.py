"""Check gold/qd-ubnd-thanhlam.jsonl against the built DOCX and the text held in build.py.

    python check_gold.py            (builds the DOCX into a temporary folder)

1. Every evidence string lies inside ONE paragraph or ONE table cell of the DOCX as
   python-docx reads it (body paragraphs and every cell of every table), white space folded
   (tabs and non-breaking spaces count as spaces, as in eval/metrics.normalize_ws).
2. Every evidence string lies in one block of one of the row's sections, with sections
   computed here from build.py's own text (Điều 1, Điều 1.2, Điều 1.2.a, mở đầu, I.1.a,
   II.2, Phụ lục, STT 4 …; a vertically merged "Đơn vị chủ trì" cell is carried down). This
   mirrors the SPEC's addresses; it is not the engine's parser.
3. Row shape: ids unique and numbered, kinds valid, split heldout, abstain rows empty with a
   missing_doc listed as not loaded in manifest.toml, table rows addressed "…, STT …",
   evidence 10–60 characters, questions not copying 12+ consecutive syllables, ≥ 25 rows.
Exit status 1 on any problem.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build as B  # noqa: E402

DOC = "qd-ubnd-thanhlam"
GOLD = HERE.parent.parent / "gold" / f"{DOC}.jsonl"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}

PART = re.compile(r"^([IVX]+)\.\s")
ITEM = re.compile(r"^(\d+)\.\s")
POINT = re.compile(r"^([a-zđ])\)\s")
ARTICLE = re.compile(r"^Điều\s+(\d+)\.")


def fold_ws(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def fold_key(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


def sections_from_build() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    out["đầu văn bản"] = list(B.HEADER_LEFT + B.HEADER_RIGHT)
    out["tiêu đề"] = list(B.TITLE)
    art = clause = None
    for _style, raw in B.DECISION:
        text = fold_ws(raw)
        m = ARTICLE.match(text)
        if m:
            art, clause = m.group(1), None
            key = f"Điều {art}"
        elif art is None:
            key = "mở đầu" if text != "QUYẾT ĐỊNH:" else "tiêu đề"
        elif ITEM.match(text):
            clause = ITEM.match(text).group(1)
            key = f"Điều {art}.{clause}"
        elif POINT.match(text):
            key = f"Điều {art}.{clause}.{POINT.match(text).group(1)}"
        else:
            key = f"Điều {art}.{clause}" if clause else f"Điều {art}"
        out.setdefault(key, []).append(raw)
    out["nơi nhận"] = list(B.NOI_NHAN)
    out["chữ ký"] = [x for x in B.SIGNATURE if x]
    part = item = point = None
    for _style, raw in B.PLAN:
        text = fold_ws(raw)
        if PART.match(text):
            part, item, point = PART.match(text).group(1), None, None
            key = part
        elif ITEM.match(text):
            item, point = ITEM.match(text).group(1), None
            key = f"{part}.{item}"
        elif POINT.match(text):
            point = POINT.match(text).group(1)
            key = f"{part}.{item}.{point}"
        else:  # dash bullet: belongs to the enclosing point or item
            key = ".".join(x for x in (part, item, point) if x)
        out.setdefault(key, []).append(raw)
    out["Phụ lục"] = list(B.APPENDIX_TITLE)
    lead = None
    for row in B.TABLE_ROWS:
        if len(row) == 1:
            continue
        cells = list(row)
        if cells[2] is None:
            cells[2] = lead
        lead = cells[2]
        out[f"Phụ lục, STT {row[0]}"] = cells
    return out


def docx_blocks(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                blocks.append(cell.text)
                blocks.extend(p.text for p in cell.paragraphs)
    return [fold_ws(b) for b in blocks if b.strip()]


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        blocks = docx_blocks(B.build(Path(tmp)))
    sections = sections_from_build()
    toks = fold_key(" ".join(" ".join(x for x in v if x) for v in sections.values())).split()
    grams = {" ".join(toks[i : i + 12]) for i in range(len(toks) - 11)}

    manifest = tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))
    not_loaded = {d["id"] for d in manifest["documents"] if d["status"] == "not_available"}

    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = set()
    counts: dict[str, int] = {}
    for n, row in enumerate(rows, 1):
        rid = row.get("id")
        where = rid or f"line {n}"
        if rid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(rid)
        if rid != f"{DOC}-{n:03d}":
            problems.append(f"{where}: expected id {DOC}-{n:03d}")
        if row.get("doc") != DOC:
            problems.append(f"{where}: doc is not {DOC}")
        if row.get("split") != "heldout":
            problems.append(f"{where}: split must be heldout")
        kind = row.get("kind")
        counts[kind] = counts.get(kind, 0) + 1
        if kind not in KINDS:
            problems.append(f"{where}: bad kind {kind!r}")
        if not 1 <= len(row.get("paraphrases", [])) <= 2:
            problems.append(f"{where}: needs 1–2 paraphrases")
        q = fold_key(row["question"]).split()
        if any(" ".join(q[i : i + 12]) in grams for i in range(len(q) - 11)):
            problems.append(f"{where}: question copies 12+ syllables of the document")
        ev, secs = row.get("evidence", []), row.get("sections", [])
        if kind == "abstain":
            if ev or secs:
                problems.append(f"{where}: abstain rows have no evidence or sections")
            md = row.get("missing_doc")
            if md is not None and md not in not_loaded:
                problems.append(f"{where}: missing_doc {md!r} is not listed as not loaded")
            continue
        if row.get("missing_doc") is not None:
            problems.append(f"{where}: missing_doc only on abstain rows")
        if not secs:
            problems.append(f"{where}: no sections")
        for s in secs:
            if s not in sections:
                problems.append(f"{where}: unknown section {s!r}")
        # table_row: the answer is a table row (first section "…, STT …"); a body answer may
        # list table rows after its own section.
        first_is_row = bool(secs) and ", STT " in secs[0]
        if bool(row.get("table_row")) != first_is_row:
            problems.append(f"{where}: table_row {row.get('table_row')} but sections {secs}")
        if not ev and kind != "clause":
            problems.append(f"{where}: evidence needed for kind {kind}")
        for e in ev:
            if not 10 <= len(e) <= 60:
                problems.append(f"{where}: evidence length {len(e)} outside 10–60: {e!r}")
            fe = fold_ws(e)
            if not any(fe in b for b in blocks):
                problems.append(f"{where}: evidence not inside one paragraph/cell of the DOCX: {e!r}")
            # A listed section covers its sub-sections (gold "I.1" accepts "I.1.a"), as in
            # eval/metrics.section_matches.
            under = [k for k in sections for s in secs if k == s or k.startswith(s + ".")]
            if not any(fe in fold_ws(block) for k in under for block in sections[k] if block):
                problems.append(f"{where}: evidence not in one block of {secs}: {e!r}")
    if len(rows) < 25:
        problems.append(f"only {len(rows)} rows (need ≥ 25)")
    for p in problems:
        print("FAIL", p)
    print(f"{GOLD.name}: {len(rows)} rows, kinds {dict(sorted(counts.items()))}, "
          f"{'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
