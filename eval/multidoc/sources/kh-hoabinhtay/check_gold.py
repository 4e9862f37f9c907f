"""Check gold/kh-hoabinhtay.jsonl against the built PDF and the text held in build.py.

    python check_gold.py            (builds the PDF into a temporary folder)

1. Every evidence string is in the text pypdf extracts from the PDF (white space folded) and
   inside one extracted line, so it never depends on how a line wrap or page break is joined.
2. Every evidence string lies in ONE paragraph / bullet / table cell of one of the row's
   sections, with sections computed here from build.py's own block list (I, I.2, II.2.a,
   mở đầu, Phụ lục, STT 4 …). This mirrors the SPEC's addresses; it is not the engine's parser.
3. Row shape: ids unique and numbered, kinds valid, split heldout, abstain rows empty with a
   known missing_doc, table rows addressed "…, STT …", evidence 10–60 characters, questions
   not copying 12+ consecutive syllables of the document, at least 25 rows.
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

DOC = "kh-hoabinhtay"
GOLD = HERE.parent.parent / "gold" / f"{DOC}.jsonl"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
# Documents listed elsewhere in the eval corpus (ctr-dongxuyen's manifest lists nq57).
OTHER_LISTED = {"nq57", "ctr-dongxuyen"}


def fold_ws(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def fold_key(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


def sections_from_build() -> dict[str, list[str]]:
    """Address → list of blocks (paragraphs, bullets, cells) from build.py's text."""
    out: dict[str, list[str]] = {}
    out["đầu văn bản"] = [x for x in B.HEADER_LEFT + B.HEADER_RIGHT if x]
    out["tiêu đề"] = [" ".join(B.TITLE)]
    part = item = point = None
    for style, text in B.BODY:
        if style == "h1":
            part = text.split(".")[0]
            item = point = None
            key = part
        elif style == "h2":
            item = text.split(".")[0]
            point = None
            key = f"{part}.{item}"
        elif style == "h3":
            point = text.split(")")[0]
            key = f"{part}.{item}.{point}"
        elif part is None:
            key = "mở đầu"
        else:
            key = f"{part}.{item}.{point}" if point else (f"{part}.{item}" if item else part)
        out.setdefault(key, []).append(text)
    out["nơi nhận"] = list(B.NOI_NHAN)
    out["chữ ký"] = [x for x in B.SIGNATURE if x]
    out["Phụ lục"] = list(B.APPENDIX_TITLE)
    for row in B.TABLE_ROWS:
        out[f"Phụ lục, STT {row[0]}"] = list(row)
    return out


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = B.build(Path(tmp))
        from pypdf import PdfReader

        reader = PdfReader(str(pdf_path))
        pages = [p.extract_text() or "" for p in reader.pages]
    n_pages = len(pages)
    full = fold_ws(" ".join(pages))
    lines = [fold_ws(line) for page in pages for line in page.splitlines()]
    sections = sections_from_build()
    source_key = fold_key(" ".join(" ".join(v) for v in sections.values()))
    source_grams = set()
    toks = source_key.split()
    for i in range(len(toks) - 11):
        source_grams.add(" ".join(toks[i : i + 12]))

    manifest = tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))
    listed = {d["id"] for d in manifest["documents"]} | OTHER_LISTED
    not_loaded = {d["id"] for d in manifest["documents"] if d["status"] == "not_available"} | {"nq57"}

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
        qkey = fold_key(row["question"]).split()
        for i in range(len(qkey) - 11):
            if " ".join(qkey[i : i + 12]) in source_grams:
                problems.append(f"{where}: question copies 12+ syllables of the document")
                break
        ev, secs = row.get("evidence", []), row.get("sections", [])
        if kind == "abstain":
            if ev or secs:
                problems.append(f"{where}: abstain rows have no evidence or sections")
            md = row.get("missing_doc")
            if md is not None and md not in not_loaded:
                problems.append(f"{where}: missing_doc {md!r} is not a listed, not-loaded document")
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
            if fe not in full:
                problems.append(f"{where}: evidence not in the PDF text: {e!r}")
            elif not any(fe in line for line in lines):
                problems.append(f"{where}: evidence spans a line wrap in the PDF: {e!r}")
            # A listed section covers its sub-sections (gold "II.2" accepts "II.2.a"), as in
            # eval/metrics.section_matches.
            under = [k for k in sections for s in secs if k == s or k.startswith(s + ".")]
            if not any(e in block for k in under for block in sections[k]):
                problems.append(f"{where}: evidence not in one block of {secs}: {e!r}")
    if len(rows) < 25:
        problems.append(f"only {len(rows)} rows (need ≥ 25)")
    for p in problems:
        print("FAIL", p)
    print(f"{GOLD.name}: {len(rows)} rows, {n_pages} pages, kinds {dict(sorted(counts.items()))}, "
          f"{'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
