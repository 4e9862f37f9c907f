"""Check gold/luat-vhd.jsonl against luat-vhd.txt, without the project's parser or engine.

    python eval/multidoc/sources/luat-vhd/check_gold.py

It reads the law line by line with its own small reader of the state structure (Chương /
Điều / khoản 1. / điểm a)) to know the address of every line, then checks:
- ids unique and numbered luat-vhd-NNN, doc/split right, kind valid, at least 25 rows;
- every evidence string is 10-80 characters and occurs in ONE line of the text, compared with
  white space folded (tabs, NBSP, doubled spaces), never across a line break;
- every line holding an evidence string has an address listed in `sections` (so an evidence
  string never also occurs in a place the row does not list), and, for answerable rows with
  evidence, every listed section holds at least one of the row's evidence strings;
- every listed section exists: "Điều N" present, and khoản / điểm / Chương found by the reader;
- abstain rows have no evidence or sections, and missing_doc is a not-loaded id of
  manifest.toml (or null); other rows have missing_doc null;
- the question does not copy 12+ consecutive syllables of the text; 1-2 paraphrases.
Exit status 0 when all pass; otherwise it prints each problem.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TXT = HERE / "luat-vhd.txt"
GOLD = HERE.parent.parent / "gold" / "luat-vhd.jsonl"
MANIFEST = HERE / "manifest.toml"
KINDS = {"duty", "deadline", "number", "clause", "content", "docfact", "abstain"}
DOC = "luat-vhd"
SPLIT = "dev"

_WS = re.compile(r"\s+")  # str patterns: \s covers tabs and NBSP


def fold_ws(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold_accents(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def address_lines(text: str) -> list[tuple[str, str]]:
    """(address, folded line) for every non-blank line of the law."""
    out: list[tuple[str, str]] = []
    part = "đầu văn bản"
    chapter = article = clause = point = None
    in_chapter_title = False
    for raw in text.splitlines():
        line = fold_ws(raw)
        if not line:
            continue
        if line == "LUẬT" and article is None:
            part = "tiêu đề"
        elif line.startswith("Căn cứ") and article is None:
            part = "mở đầu"
        elif line.startswith("Luật này được Quốc hội") or line == "CHỦ TỊCH QUỐC HỘI":
            part, article = "chữ ký", None
        m_ch = re.fullmatch(r"Chương ([IVXLC]+)", line)
        m_art = re.match(r"Điều (\d+)\.", line)
        m_cl = re.match(r"(\d+)\.\s", line)
        m_pt = re.match(r"([a-zđ])\)\s", line)
        if m_ch:
            chapter, article, clause, point = m_ch.group(1), None, None, None
            part, in_chapter_title = f"Chương {chapter}", True
            out.append((part, line))
            continue
        if in_chapter_title and line.isupper() and not line.startswith("MỤC"):
            out.append((f"Chương {chapter}", line))
            continue
        in_chapter_title = False
        if line.startswith("Mục ") and re.match(r"Mục \d+\.", line):
            out.append((f"Chương {chapter}, {line.split('.')[0]}", line))
            continue
        if m_art:
            article, clause, point = int(m_art.group(1)), None, None
            part = f"Điều {article}"
        elif part == "chữ ký" or article is None:
            pass
        elif m_cl:
            clause, point = int(m_cl.group(1)), None
            part = f"Điều {article}.{clause}"
        elif m_pt:
            point = m_pt.group(1)
            part = f"Điều {article}.{clause}.{point}" if clause else f"Điều {article}.{point}"
        out.append((part, line))
    return out


def main() -> int:
    text = TXT.read_text(encoding="utf-8")
    lines = address_lines(text)
    addresses = {a for a, _ in lines}
    articles = {int(n) for n in re.findall(r"^Điều\s+(\d+)\.", text, flags=re.M)}
    folded_text_syll = fold_accents(fold_ws(text)).split()
    grams = {" ".join(folded_text_syll[i:i + 12]) for i in range(len(folded_text_syll) - 11)}
    manifest = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["documents"]
    missing_ok = {d["id"] for d in manifest if d["status"] == "not_available"}

    problems: list[str] = []
    rows = [json.loads(l) for l in GOLD.read_text(encoding="utf-8").splitlines() if l.strip()]
    if len(rows) < 25:
        problems.append(f"only {len(rows)} rows (need >= 25)")
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        rid = row.get("id", f"row {i}")
        p = lambda msg: problems.append(f"{rid}: {msg}")  # noqa: E731
        if rid in seen:
            p("duplicate id")
        seen.add(rid)
        if rid != f"{DOC}-{i:03d}":
            p(f"id out of sequence (expected {DOC}-{i:03d})")
        if row.get("doc") != DOC or row.get("split") != SPLIT:
            p("doc/split wrong")
        kind = row.get("kind")
        if kind not in KINDS:
            p(f"bad kind {kind!r}")
        paras = row.get("paraphrases", [])
        if not 1 <= len(paras) <= 2:
            p("needs 1-2 paraphrases")
        q = fold_accents(fold_ws(row["question"])).split()
        q = [re.sub(r"[^\w/]", "", s) for s in q]
        for j in range(len(q) - 11):
            if " ".join(q[j:j + 12]) in grams:
                p("question copies 12+ syllables of the text")
                break
        ev, secs = row.get("evidence", []), row.get("sections", [])
        if kind == "abstain":
            if ev or secs:
                p("abstain row with evidence/sections")
            md = row.get("missing_doc")
            if md is not None and md not in missing_ok:
                p(f"missing_doc {md!r} is not a not-loaded id of manifest.toml")
            continue
        if row.get("missing_doc") is not None:
            p("missing_doc set on an answerable row")
        if not secs:
            p("no sections")
        for s in secs:
            m = re.match(r"Điều (\d+)", s)
            if m and int(m.group(1)) not in articles:
                p(f"section {s}: no such article")
            elif s not in addresses:
                p(f"section {s}: not found by the reader")
        if not ev and kind != "clause":
            p("empty evidence only allowed for clause rows")
        covered: set[str] = set()
        for e in ev:
            if "\n" in e or "\r" in e:
                p(f"evidence spans a line break: {e!r}")
            fe = fold_ws(e)
            if not 10 <= len(fe) <= 80:
                p(f"evidence length {len(fe)}: {e!r}")
            where = [a for a, l in lines if fe in l]
            if not where:
                p(f"evidence not in one line of the text: {e!r}")
            for a in where:
                if a not in secs:
                    p(f"evidence {e!r} also occurs in unlisted {a}")
            covered.update(where)
        if ev:
            for s in secs:
                if s not in covered:
                    p(f"section {s} holds none of the evidence")
    for msg in problems:
        print(msg)
    by_kind: dict[str, int] = {}
    for r in rows:
        by_kind[r.get("kind")] = by_kind.get(r.get("kind"), 0) + 1
    print(f"{len(rows)} rows {by_kind}; {len(articles)} articles; "
          f"{len({a for a in addresses if a.startswith('Chương') and ',' not in a})} chapters; "
          f"{'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
