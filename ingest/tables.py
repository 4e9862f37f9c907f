"""Tables as data: the task tables of Vietnamese plans, read the same way from DOCX and PDF.

A plan's appendix ("Phụ lục", "Danh mục nhiệm vụ") is a table STT | Nội dung | Cơ quan chủ trì |
Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm. Flattened to text its cells lose their
columns, and a question "Sở X chủ trì việc gì" can no longer be answered from it. So the
loaders hand the parser each data table as structured rows, and the parser makes one passage
per row with every cell labelled by its own header.

Which column means what is read from the header cells through the synonyms in
hoi/data/table_headers.toml (folded, longest phrase wins); that file is the only place the
vocabulary lives. A table whose header row has no such meanings (the borderless layout table
of a document header: issuer | ĐẢNG CỘNG SẢN VIỆT NAM, number | place-date; a signature block)
is not data: the loader keeps it as lines of text, left cell first.

Loader side: `build_table` takes a grid of cell texts (merged cells already resolved by the
format's reader) and returns a `TableSpec` (header, group rows, data rows) or None. Rows are
then rendered as one text line each ("3 | Xây dựng … | Sở … | Quý II/2025") so that every row
has a place in the document text: its offsets and its PDF page.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from hoi.text import clean_spaces, fold

HEADERS_FILE = Path(__file__).resolve().parent.parent / "hoi" / "data" / "table_headers.toml"
# Meanings that make a table a task table (a header row needs one of these and one more meaning).
_CORE_MEANINGS = frozenset({"content", "lead", "partner", "doer", "time"})
_RE_GROUP_LABEL = re.compile(r"^((?:[IVXLC]+|[A-ZĐ]))\s*[.:)/-]\s*\S")
_RE_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\s*[.:)]?$")
_RE_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_TERMINAL = (".", ",", ";", ":", "!", "?", "…")


@lru_cache(maxsize=1)
def _synonyms() -> list[tuple[str, str]]:
    """(folded phrase, meaning), longest phrase first."""
    with open(HEADERS_FILE, "rb") as fh:
        data = tomllib.load(fh)
    pairs = [(_fold_cell(p), meaning) for meaning, phrases in data["meanings"].items() for p in phrases]
    return sorted(pairs, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def body_heads() -> tuple[str, ...]:
    """Words that begin a body's name, as written (hoi/data/table_headers.toml [bodies])."""
    with open(HEADERS_FILE, "rb") as fh:
        data = tomllib.load(fh)
    return tuple(sorted(data.get("bodies", {}).get("heads", []), key=len, reverse=True))


def starts_with_body_head(piece: str) -> bool:
    return any(piece.startswith(h) and (len(piece) == len(h) or not piece[len(h)].isalnum())
               for h in body_heads())


def _fold_cell(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def header_meaning(label: str) -> str | None:
    """What a header cell means ("Cơ quan/Đơn vị chủ trì" -> "lead"), None when unknown.

    Only short cells can be headers: a sentence that happens to contain "thực hiện" is not one.
    """
    f = _fold_cell(label)
    if not f or len(f.split()) > 8:
        return None
    padded = f" {f} "
    for phrase, meaning in _synonyms():
        if f" {phrase} " in padded:
            return meaning
    return None


def join_cell_paragraphs(paragraphs: list[str]) -> str:
    """One cell's paragraphs as one value: a paragraph with no closing punctuation is a list
    entry (bodies one per line), so it is joined with "; "; otherwise with a space."""
    out = ""
    for p in (clean_spaces(x) for para in paragraphs for x in re.split(r"[\r\n]+", para)):
        if not p:
            continue
        if not out:
            out = p
        else:
            out += (" " if out.endswith(_TERMINAL) else "; ") + p
    return out


@dataclass
class TableRow:
    """One row of a data table as the parser sees it.

    kind: "row" (a data row: `cells` has one value per column, "" when empty) or "group" (a
        row naming a field for the rows below it: `cells` == [its text]).
    line: index of the row's line in the loaded text (text.split("\\n")), where the row stands.
    group: for a data row, the text of the group row above it (None before any group).
    """

    kind: str
    cells: list[str]
    line: int = -1
    group: str | None = None


@dataclass
class Table:
    """A data table placed in a loaded document.

    header: the header cells as written ("Cơ quan chủ trì"); meanings: their meanings from
    hoi/data/table_headers.toml (None for unknown columns); header_line: the line where the
    header row stands (its repetitions, e.g. on every PDF page, are dropped); rows: group and
    data rows in order.
    """

    header: list[str]
    meanings: list[str | None]
    header_line: int
    rows: list[TableRow] = field(default_factory=list)

    def lines(self) -> set[int]:
        return {self.header_line, *(r.line for r in self.rows)}


@dataclass
class TableSpec:
    """A data table before it is placed in the text: what the format readers produce."""

    header: list[str]
    meanings: list[str | None]
    rows: list[TableRow]
    before: list[str] = field(default_factory=list)  # title rows above the header, kept as text


def render_row(cells: list[str]) -> str:
    """A row's line in the document text: its non-empty cells, " | " between them."""
    return " | ".join(c for c in cells if c)


def find_header(grid: list[list[str]]) -> int | None:
    """Index of the header row among the first three rows, None when the table has none."""
    for i, row in enumerate(grid[:3]):
        meanings = [header_meaning(c) for c in row if c]
        known = [m for m in meanings if m]
        if len(set(known)) >= 2 and _CORE_MEANINGS & set(known):
            return i
    return None


def group_label(text: str, ordinal: int) -> str:
    """Address part of a group row: its numeral as written ("II. Lĩnh vực …" -> "II"), else its
    position as a Roman numeral."""
    m = _RE_GROUP_LABEL.match(text)
    if m:
        return m.group(1)
    return _roman(ordinal)


def _roman(n: int) -> str:
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out or "I"


def _norm(cells: list[str]) -> list[str]:
    return [_fold_cell(c) for c in cells]


def build_table(grid: list[list[str]], spans_all: list[bool] | None = None) -> TableSpec | None:
    """A data table from a grid of cell texts, or None when the grid is not a task table.

    grid: rows of cell values, one per column (merged cells resolved by the caller: a
        horizontally merged cell's text in its first column only, a vertically merged cell's
        value in every row it spans). spans_all[i]: row i is one cell spanning every column
        (a group row in Word). Rows equal to the header (repeated on a new page) are dropped,
        and so is a row that only numbers the columns ("(1) | (2) | (3)").
    """
    h = find_header(grid)
    if h is None:
        return None
    header = [clean_spaces(c) for c in grid[h]]
    meanings = [header_meaning(c) if c else None for c in header]
    ncols = len(header)
    stt_col = meanings.index("stt") if "stt" in meanings else None
    content_col = meanings.index("content") if "content" in meanings else None
    head_norm = _norm(header)
    rows: list[TableRow] = []
    group: str | None = None
    for i in range(h + 1, len(grid)):
        cells = [clean_spaces(c) for c in grid[i]] + [""] * (ncols - len(grid[i]))
        cells = cells[:ncols]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if _norm(cells) == head_norm:
            continue  # the header row repeated
        if all(_RE_COLUMN_NUMBER.match(c) for c in filled) and len(filled) >= max(2, ncols - 1):
            continue  # column numbering under the header
        is_group = bool(spans_all and spans_all[i]) or (len(set(filled)) == 1 and ncols > 2 and len(filled) == ncols)
        if not is_group and stt_col is not None and _RE_ROMAN_OR_LETTER.match(cells[stt_col]):
            others = [c for j, c in enumerate(cells) if c and j not in (stt_col, content_col)]
            is_group = not others
        if is_group:
            if len(set(filled)) == 1:
                text = filled[0]
            else:
                stt = cells[stt_col] if stt_col is not None else ""
                rest = " ".join(c for j, c in enumerate(cells) if c and j != stt_col)
                text = f"{stt.rstrip('.')}. {rest}" if stt and not rest.startswith(stt) else rest
            group = text
            rows.append(TableRow("group", [text]))
            continue
        rows.append(TableRow("row", cells, group=group))
    return TableSpec(header=header, meanings=meanings, rows=rows,
                     before=[line for line in (render_row([clean_spaces(c) for c in grid[i]]) for i in range(h)) if line])
