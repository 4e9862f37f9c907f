"""Check gold/qd-binhnguyen.jsonl against the BUILT qd-binhnguyen.pdf (and manifest.toml).

    python check_gold.py              # builds the PDF into a temp dir, then checks
    python check_gold.py FILE.pdf     # checks against an already built file
    python check_gold.py --dump       # prints every paragraph with the address this script gives it

Stand-alone on purpose: it reads the PDF with pypdf only (never the project's parser, engine or
eval code). Reading: pypdf's text visitor gives every text line of a page with its position;
lines in the top and bottom 16 mm of a page (the running header from page 2 on and the
"Trang N" footer) are dropped. Paragraphs are rebuilt from the visible layout: a line that
starts at the left margin continues the paragraph before it (also across a page break); a
line that starts further right (first-line indent, centred lines, the columns of the header
and signature blocks) opens a new paragraph. A paragraph's lines are joined with one space,
i.e. evidence is checked against the paragraph with its line breaks folded to spaces (a
wrapped line break inside a paragraph is not a break of the source; a paragraph break is).

Addresses follow eval/multidoc/SPEC.md for a resolution issuing an attached text of articles:
`đầu văn bản`, `tiêu đề`, `mở đầu` (the HĐND session line, Căn cứ, Xét, QUYẾT NGHỊ), the
resolution's own `Điều 1`, `Điều 2.1`; `chữ ký` (the "… đã được … thông qua" line and the
CHỦ TỊCH block), `nơi nhận`; then the attached Quy định: `Quy định, tiêu đề`,
`Quy định, Chương II` (chapter number and title lines; a "Mục N." line inside a chapter has no
address of its own and is filed under its chapter), `Quy định, Điều 12`, `Quy định, Điều 12.1`,
`Quy định, Điều 12.1.a`.

Checks: ids unique and numbered in order, fields and kinds valid, split "heldout"; every
evidence string is 10–80 characters, lies inside ONE paragraph, occurs in a listed section and
in no section that is not listed; every listed section exists and (with evidence) holds one of
the evidence strings; abstain rows have no evidence and a missing_doc that the manifest lists as
not loaded (or null); questions are accented and neither they nor the paraphrases copy 12+
consecutive syllables of the document; the kind mix of the brief; at least 25 rows.
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

import pypdf

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent.parent / "gold" / "qd-binhnguyen.jsonl"
MANIFEST = HERE / "manifest.toml"
DOC_ID = "qd-binhnguyen"
SPLIT = "heldout"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
MIN_KINDS = {"duty": 5, "deadline": 4, "number": 3, "clause": 4, "content": 3, "docfact": 3, "abstain": 4}
MM = 72 / 25.4
MARGIN_BAND = 16 * MM  # header / footer zone at the top and bottom of a page
ATTACHED = "Quy định"

_WS = re.compile(r"\s+")
CHAPTER = re.compile(r"^Chương ([IVXLC]+)$")
SECTION = re.compile(r"^Mục \d+\. ")
ARTICLE = re.compile(r"^Điều (\d+)\. ")
CLAUSE = re.compile(r"^(\d+)\. ")
POINT = re.compile(r"^([a-zđ])\) ")


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

def page_lines(path: Path) -> list[tuple[float, str]]:
    """(x, text) of every body line of the PDF in reading order, header/footer zones dropped."""
    out: list[tuple[float, str]] = []
    for page in pypdf.PdfReader(str(path)).pages:
        height = float(page.mediabox.height)
        found: list[tuple[float, str]] = []

        def visit(text, cm, tm, font_dict, font_size, found=found, height=height):
            if not text or not text.strip():
                return
            x, y = float(tm[4]) * float(cm[0]) + float(cm[4]), float(tm[5]) * float(cm[3]) + float(cm[5])
            if y > height - MARGIN_BAND or y < MARGIN_BAND:
                return
            found.append((x, text))

        page.extract_text(visitor_text=visit)
        out.extend(found)
    return out


def paragraphs(path: Path) -> list[str]:
    lines = page_lines(path)
    left = min(x for x, _ in lines)
    paras: list[str] = []
    for x, text in lines:
        text = norm(text)
        if not text:
            continue
        if paras and x <= left + 2:  # flush-left: a wrapped continuation line
            paras[-1] = paras[-1] + " " + text
        else:
            paras.append(text)
    return [norm(p) for p in paras]


def units(path: Path) -> list[tuple[str, str]]:
    """(address, paragraph) for every paragraph of the document, in order."""
    out: list[tuple[str, str]] = []
    zone = "đầu văn bản"
    prefix = ""  # "" for the resolution's own text, "Quy định, " inside the attached text
    chapter = article = clause = point = None
    chapter_title_next = False

    def here() -> str:
        if zone != "body":
            return zone
        if article is None:
            return f"{prefix}Chương {chapter}"
        return prefix + "Điều " + ".".join(x for x in (article, clause, point) if x)

    for text in paragraphs(path):
        if zone == "đầu văn bản" and text == "NGHỊ QUYẾT":
            zone = "tiêu đề"
        elif zone == "tiêu đề" and (text.startswith("HỘI ĐỒNG NHÂN DÂN TỈNH") or text.startswith("Căn cứ")):
            zone = "mở đầu"
        elif zone in ("chữ ký", "nơi nhận") and text == ATTACHED.upper():
            zone, prefix = f"{ATTACHED}, tiêu đề", f"{ATTACHED}, "
            article = clause = point = None
        elif text.startswith("Nghị quyết này đã được Hội đồng nhân dân"):
            zone = "chữ ký"
        elif text.startswith("Nơi nhận"):
            zone = "nơi nhận"
        elif zone == "nơi nhận" and text == "CHỦ TỊCH":
            zone = "chữ ký"
        elif zone == "chữ ký" and not prefix:
            pass
        elif CHAPTER.match(text) and (zone == "body" or zone.endswith("tiêu đề")):
            zone, chapter = "body", CHAPTER.match(text).group(1)
            article = clause = point = None
            chapter_title_next = True
            out.append((here(), text))
            continue
        elif chapter_title_next:
            pass  # the chapter title line
        elif zone == "body" and SECTION.match(text):
            article = clause = point = None  # a Mục line: filed under its chapter
        elif zone in ("mở đầu", "body") and ARTICLE.match(text):
            zone, article, clause, point = "body", ARTICLE.match(text).group(1), None, None
        elif zone == "body" and article and CLAUSE.match(text):
            clause, point = CLAUSE.match(text).group(1), None
        elif zone == "body" and article and POINT.match(text):
            point = POINT.match(text).group(1)
        chapter_title_next = False
        out.append((here(), text))
    return out


# -- checks -------------------------------------------------------------------------------------

def check(path: Path) -> int:
    errors: list[str] = []
    units_ = [(s, t) for s, t in units(path) if t]
    addresses = {s for s, _ in units_}
    source_syl = " " + " ".join(" ".join(syllables(t)) for _, t in units_) + " "
    full_text = norm(" ".join(t for _, t in units_))

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
    if me.get("file") != f"{DOC_ID}.pdf" or me.get("status") != "available":
        errors.append(f"manifest: {DOC_ID} entry must have file {DOC_ID}.pdf, status available")
    for dep in me.get("implements", []):
        if dep not in entries:
            errors.append(f"manifest: implements {dep} but it has no entry")
    not_loaded = {i for i, d in entries.items() if d.get("status") == "not_available" and not d.get("file")}
    for did in not_loaded:
        if entries[did]["number"] not in full_text:
            errors.append(f"manifest: not-loaded {did} ({entries[did]['number']}) is not cited in the document")

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
        extra_keys = set(r) - set(required) - {"note"}
        if extra_keys:
            errors.append(f"{rid}: unknown fields {sorted(extra_keys)}")
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
        for text in [q, *r["paraphrases"]]:
            qs = syllables(text)
            for i in range(len(qs) - 11):
                if " " + " ".join(qs[i:i + 12]) + " " in source_syl:
                    errors.append(f"{rid}: copies 12+ syllables of the source: {' '.join(qs[i:i + 12])}")
                    break
        para = r["paraphrases"]
        if not (1 <= len(para) <= 2) or any(not p.strip() or p == q for p in para):
            errors.append(f"{rid}: needs 1-2 paraphrases different from the question")
        if r["table_row"] is not False:
            errors.append(f"{rid}: this document has no table: table_row must be false")

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
                errors.append(f"{rid}: evidence not inside any single paragraph: {e!r}")
                continue
            listed = {s for s in where if s in secs}
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
    own_clause = sum(1 for r in rows if r.get("kind") == "clause"
                     and any(not s.startswith(ATTACHED) and s.startswith("Điều") for s in r.get("sections", [])))
    att_clause = sum(1 for r in rows if r.get("kind") == "clause"
                     and any(s.startswith(f"{ATTACHED}, Điều") for s in r.get("sections", [])))
    if own_clause < 1 or att_clause < 3:
        errors.append(f"clause rows: {own_clause} on the resolution's own articles (want >= 1), "
                      f"{att_clause} on the Quy định (want >= 3)")

    words = sum(len(t.split()) for _, t in units_)
    n_articles = len({s.split(".")[0] for s in addresses if s.startswith(f"{ATTACHED}, Điều")})
    n_chapters = len({s for s in addresses if s.startswith(f"{ATTACHED}, Chương")})
    print(f"file: {path}  pages: {len(pypdf.PdfReader(str(path)).pages)}")
    print(f"paragraphs: {len(units_)}, addresses: {len(addresses)}, words (approx.): {words}, "
          f"Quy định: {n_chapters} chapters, {n_articles} articles")
    print(f"rows: {len(rows)}  kinds: {dict(sorted(kinds.items()))}; abstain with missing_doc: {with_missing}")
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
                print(f"{s:26} | {t}")
            return 0
        return check(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
