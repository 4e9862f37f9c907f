"""Structure parser for Vietnamese Party and state documents.

Party documents (kế hoạch, chương trình, nghị quyết of a Party committee) are laid out as a
header block, a title, a "Căn cứ…" preamble, parts numbered I., II., items 1., 2., points a),
b) and dash bullets, then "Nơi nhận" and the signature. State documents use Chương / Mục /
Điều / khoản / điểm instead. Both come out as the same thing: a list of chunks, each one
meaningful unit (a paragraph, a bullet, a point) with the address a cadre would quote.

The parser works on lines, so it copes with what Word and PDF exports do to the text: stray
tabs, titles split over several lines with blank lines between, lines wrapped mid-sentence.

Beyond the body (eval/multidoc/SPEC.md holds the address contract):
- Appendices: "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC 01", "DANH MỤC …" open a part of their own
  (`Phụ lục`, `Phụ lục I`, `Phụ lục 01`), also after the signature, where real documents put
  them; the title lines under it are its heading.
- Tables (from the loader, see ingest/tables.py): one chunk per data row, kind "row",
  addressed `<part>, STT <stt>` (`Phụ lục I, STT II.3` when STT restarts under group rows),
  its text the cells labelled by the table's own header, its `fields` the (label, value) pairs.
- State documents: an article's title line is a "heading" chunk at `Điều N` (so the address
  always exists), its lead paragraph a body chunk there; a clause or point whose line only
  introduces what follows ("2. Quy chế áp dụng với:") is still a body chunk at its address
  and the heading of its points; "Chương II" and its title line(s) are one heading chunk at
  `Chương II`; "Mục 2" and "Phần thứ …" are heading levels that do not change addresses.
- A decision's attached plan ("KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)") after the
  decision's signature continues the same document with Party-style parts I., II.1.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from hoi import doc_vocab
from hoi.models import Chunk
from hoi.text import clean_spaces, fold

from .tables import Table, TableRow, group_label

ROMAN = "I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV"
RE_PART = re.compile(rf"^(?:PHẦN\s+|Phần\s+)?({ROMAN})\s*[.:/-]\s*(\S.*)$")
RE_PHAN = re.compile(r"^(?:PHẦN|Phần)\s+(THỨ\s+\S+|thứ\s+\S+|\d+|" + ROMAN + r")\b\.?\s*(.*)$")
RE_CHUONG = re.compile(rf"^(?:CHƯƠNG|Chương)\s+({ROMAN}|\d+)\b\.?\s*(.*)$")
RE_MUC_STATE = re.compile(r"^(?:MỤC|Mục)\s+(\d+)\b\.?\s*(.*)$")
RE_DIEU = re.compile(r"^Điều\s+(\d+[a-z]?)\s*[.:]\s*(.*)$")
RE_ITEM = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)\s*[.)]\s+(\S.*)$")
RE_POINT = re.compile(r"^([a-zđ])\s*\)\s*(\S.*)$")
RE_BULLET = re.compile(r"^[-–—•+*]\s*(\S.*)$")
RE_SEPARATOR = re.compile(r"^[-_*=~.\s]{1,}$")
RE_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(.*)$", re.IGNORECASE)
RE_SIGN_ROLE = re.compile(r"^(T/M|TM\.|K/T|KT\.|Q\.|TL\.|T/L|BÍ THƯ|PHÓ BÍ THƯ|CHỦ TỊCH|PHÓ CHỦ TỊCH|TRƯỞNG BAN|GIÁM ĐỐC)\b")
RE_NUMBER = re.compile(r"^Số\s*:?\s*(.*)$")
RE_PLACE_DATE = re.compile(r"^(.{2,40}?),\s*ngày\b(.*)$")
RE_PAGE_FURNITURE = re.compile(r"^(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?$")
RE_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)(?:\s+(?:SỐ\s+|số\s+)?([IVXLC]+|\d{1,3}[a-zA-Z]?)\b)?\s*[.:–-]?\s*(.*)$")
RE_DANH_MUC = re.compile(r"^DANH MỤC\b")
RE_PHAN_THU = re.compile(r"^(?:PHẦN|Phần)\s+(?:THỨ|thứ)\s+\S+")
APPENDIX_LEVEL = 5
TITLE_WORDS = (
    "KẾ HOẠCH", "CHƯƠNG TRÌNH", "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "NGHỊ ĐỊNH", "HƯỚNG DẪN", "CHỈ THỊ",
    "KẾT LUẬN", "ĐỀ ÁN", "THÔNG BÁO", "BÁO CÁO", "LUẬT", "THÔNG TƯ", "TỜ TRÌNH", "QUY ĐỊNH", "QUY CHẾ",
)
PREAMBLE_STARTS = ("căn cứ", "thực hiện", "theo đề nghị", "xét đề nghị")
TERMINAL = (".", ";", "…", "!", "?", ":")
MAX_UNIT_CHARS = 1500
# Labels that stand in for a heading path on the parts of a document that have none, so that
# "ai ký kế hoạch" or "kế hoạch gửi cho ai" can find the signature or the recipients.
SPECIAL_PATHS = {
    "đầu văn bản": ["Phần đầu văn bản (cơ quan ban hành, số hiệu, địa danh, ngày tháng)"],
    "tiêu đề": ["Tiêu đề văn bản (tên loại và trích yếu)"],
    "mở đầu": ["Phần mở đầu (căn cứ ban hành)"],
    "nơi nhận": ["Nơi nhận (văn bản được gửi đến)"],
    "chữ ký": ["Chữ ký (người ký văn bản)"],
}


@dataclass
class Line:
    text: str  # cleaned (single spaces, stripped)
    start: int  # offset of first non-space character in the source
    end: int  # offset just past the last non-space character
    raw_indent: int


@dataclass
class DocumentHeader:
    """What the header block and signature say about the document itself."""

    issuer_lines: list[str] = field(default_factory=list)
    number: str = ""
    draft: bool = False
    place_date: str = ""
    title: str = ""
    signer: str = ""


@dataclass
class ParsedDocument:
    doc_id: str
    header: DocumentHeader
    chunks: list[Chunk]
    headings: dict[str, str]  # address -> heading line, e.g. "III.2" -> "2. Đổi mới …"

    def units(self) -> list[Chunk]:
        return [c for c in self.chunks if c.kind == "body"]


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            end = pos + len(raw.rstrip())
            lines.append(Line(clean_spaces(stripped), start, end, lead))
        else:
            lines.append(Line("", pos, pos, 0))
        pos += len(raw) + 1
    return lines


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _is_title_line(text: str) -> bool:
    return _is_upper(text) and any(text.startswith(w) for w in TITLE_WORDS) and len(text) < 120


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not text.endswith((",", ".", ";", ":"))


class _Builder:
    """Walks the body lines keeping a stack of open headings."""

    def __init__(self, doc_id: str, source: str, page_starts: list[int] | None) -> None:
        self.doc_id = doc_id
        self.source = source
        self.page_starts = page_starts
        self.chunks: list[Chunk] = []
        self.headings: dict[str, str] = {}
        # stack of (level, address component, heading text or None)
        self.stack: list[tuple[int, str, str | None]] = []
        self.para_count: dict[str, int] = {}
        self.open_unit: list[Line] | None = None
        self.open_unit_kind = "body"
        self.open_is_heading = False
        # what the open heading becomes when it closes: None (a heading only), "heading" (a
        # heading chunk at its address: Điều, Chương, Phụ lục) or "body" (a state clause's lead
        # line: a passage at its address and the heading of its points)
        self.heading_emit: str | None = None
        self.title_open = False  # capitals / "(Kèm theo …)" lines still add to the open heading
        self.state_doc = False
        # Lines of a PDF are wrapped at the page width: a line that long ends mid-sentence even
        # when the next one starts with a capital ("… trực thuộc / Huyện ủy tổ chức …").
        self.wrap_width: int | None = None
        # recipients / signature blocks (a document with an attached plan has two)
        self.tail_lines: list[Line] = []
        self.sign_lines: list[Line] = []
        self.tails = 0
        self.attached = 0
        # An attached text of articles ("QUY CHẾ … (Ban hành kèm theo Quyết định …)") numbers its
        # articles from 1 again: its Chương/Điều addresses carry its kind ("Quy chế, Điều 5").
        self.attached_kind = ""
        self.attached_title_at: int | None = None  # index of its title chunk in self.chunks
        self.prefix = ""
        self.signer = ""
        self.sections_used: dict[str, int] = {}
        self.table_info: dict[int, dict[int, tuple[str, str | None]]] = {}

    # -- addresses -------------------------------------------------------------------------
    def address(self) -> str:
        address = self._address()
        if self.prefix and self.state_doc and address.startswith(("Điều", "Chương")):
            return f"{self.prefix}, {address}"
        return address

    def begin_articles(self) -> None:
        """A Điều or Chương line: inside an attached text, its addresses get the text's kind, and
        its title becomes that text's `tiêu đề`."""
        self.state_doc = True
        if self.attached_kind and not self.prefix:
            self.prefix = self.attached_kind
            if self.attached_title_at is not None:
                self.chunks[self.attached_title_at].section = f"{self.prefix}, tiêu đề"
                self.chunks[self.attached_title_at].para = None

    def _address(self) -> str:
        parts = [comp for _, comp, _ in self.stack]
        if not parts:
            return "mở đầu"
        if self.stack[0][0] == APPENDIX_LEVEL and parts[0].startswith("Phụ lục"):
            return ".".join(parts)
        if self.state_doc:
            # "Chương II", "Điều 5", khoản "2", điểm "a" -> "Điều 5.2.a" (Điều numbers are unique)
            for i in range(len(parts) - 1, -1, -1):
                if parts[i].startswith("Điều"):
                    return ".".join(parts[i:])
            for i in range(len(parts) - 1, -1, -1):
                if parts[i].startswith("Chương"):
                    return " ".join(parts[i:])
            return " ".join(parts)
        return ".".join(parts)

    def heading_path(self) -> list[str]:
        return [h for _, _, h in self.stack if h]

    def page_of(self, offset: int) -> int | None:
        """1-based page of an offset; page_starts[k] is where page k+2 begins."""
        if self.page_starts is None:
            return None
        return bisect_right(self.page_starts, offset) + 1

    # -- units -----------------------------------------------------------------------------
    def flush(self) -> None:
        self.title_open = False
        if not self.open_unit:
            self.open_unit = None
            return
        lines, self.open_unit = self.open_unit, None
        if self.open_is_heading:
            self.open_is_heading = False
            emit, self.heading_emit = self.heading_emit, None
            joined = clean_spaces(" ".join(l.text for l in lines))
            first = lines[0]
            if len(lines) > 1 and emit != "heading" and _is_content(_strip_marker(joined)):
                # a wrapped item line that is really a paragraph ("1. Các cơ quan … phối hợp …")
                level, comp, _ = self.stack[-1]
                self.stack[-1] = (level, comp, None)
                self.headings[self.address()] = ""
                content = _strip_marker(first.text)
                start = _marker_offset(first, content, self.source) if content else first.start
                self._emit(clean_spaces(" ".join([content] + [l.text for l in lines[1:]])), start, lines[-1].end, "body")
            elif emit == "heading":
                self._emit(joined, first.start, lines[-1].end, "heading")
            elif emit == "body":
                content = _strip_marker(joined)
                start = _marker_offset(first, content, self.source) if content else first.start
                self._emit(content, start, lines[-1].end, "body")
            return
        text = clean_spaces(" ".join(l.text for l in lines))
        first = lines[0]
        if self.open_unit_kind == "attached":
            # the title of a plan attached to a decision: "KẾ HOẠCH … (Ban hành kèm theo …)"
            self.open_unit_kind = "body"
            self.attached += 1
            self.attached_title_at = len(self.chunks)
            self._emit(text, first.start, lines[-1].end, "heading", "văn bản kèm theo", [text],
                       para=self.attached if self.attached > 1 else None)
            return
        start = first.start + (len(self.source[first.start:first.end]) - len(self.source[first.start:first.end].lstrip()))
        self._emit(text, start, lines[-1].end, self.open_unit_kind)

    def _emit(self, text: str, start: int, end: int, kind: str, section: str | None = None,
              path: list[str] | None = None, para: int | None = None,
              fields: list[list[str]] | None = None) -> None:
        section = section if section is not None else self.address()
        path = path if path is not None else self.heading_path()
        if not path and section in SPECIAL_PATHS:
            path = SPECIAL_PATHS[section]
        if kind == "body":
            self.para_count[section] = self.para_count.get(section, 0) + 1
            para = self.para_count[section]
        pieces = ([(text, start, end)] if kind == "row" or len(text) <= MAX_UNIT_CHARS
                  else _split_long(text, start, self.source))
        for i, (ptext, pstart, pend) in enumerate(pieces, start=1):
            self.chunks.append(Chunk(
                doc_id=self.doc_id, section=section, para=para, heading_path=list(path), text=ptext,
                start=pstart, end=pend, kind=kind, page=self.page_of(pstart),
                piece=i if len(pieces) > 1 else None, fields=fields,
            ))

    def start_unit(self, line: Line, content_start: int, content: str) -> None:
        self.flush()
        self.open_unit = [Line(content, content_start, line.end, line.raw_indent)]
        self.open_unit_kind = "body"
        self.open_is_heading = False

    def continue_unit(self, line: Line) -> bool:
        """Join a wrapped line to the open unit (PDF exports wrap mid-sentence)."""
        if not self.open_unit:
            return False
        prev = self.open_unit[-1].text
        starts_lower = line.text[:1].islower()
        if self.open_is_heading:
            wrapped = self.wrap_width is not None and len(self.open_unit[-1].text) >= self.wrap_width
            title = self.title_open and not _is_structure(line.text) and (
                _is_upper(line.text) or line.text.startswith("(")
                or fold(line.text).startswith(("kem theo", "ban hanh kem theo")))
            if starts_lower or wrapped or title:
                self.open_unit.append(line)
                self._update_heading_text()
                return True
            return False
        if starts_lower or not prev.endswith(TERMINAL):
            self.open_unit.append(line)
            return True
        return False

    def _update_heading_text(self) -> None:
        level, comp, _ = self.stack[-1]
        text = clean_spaces(" ".join(l.text for l in self.open_unit or []))
        self.stack[-1] = (level, comp, text)
        self.headings[self.address()] = text

    # -- headings --------------------------------------------------------------------------
    def open_level(self, level: int, comp: str, heading_line: Line, content_start: int,
                   content: str, marker_text: str, always_heading: bool = False,
                   emit: str | None = None, title: bool = False) -> None:
        self.flush()
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        is_content = not always_heading and _is_content(content)
        heading = None if is_content else marker_text
        self.stack.append((level, comp, heading))
        if heading:
            self.headings[self.address()] = heading
            self.open_unit = [heading_line]
            self.open_is_heading = True
            self.heading_emit = emit
            self.title_open = title
        else:
            self.headings.setdefault(self.address(), "")
            self.open_unit = [Line(content, content_start, heading_line.end, heading_line.raw_indent)]
            self.open_unit_kind = "body"
            self.open_is_heading = False

    def open_appendix(self, line: Line, comp: str) -> None:
        """A "Phụ lục …" / "DANH MỤC …" line: a part of its own, whatever was open before."""
        self.flush()
        self.stack = []
        self.open_level(APPENDIX_LEVEL, comp, line, line.start, line.text, line.text,
                        always_heading=True, emit="heading", title=True)

    # -- recipients and signature ----------------------------------------------------------
    def end_tail(self) -> None:
        """Emit the recipients / signature block collected so far (document order is kept: an
        appendix or attached plan after the signature comes after it)."""
        tail, sign = self.tail_lines, self.sign_lines
        self.tail_lines, self.sign_lines = [], []
        if not tail and not sign:
            return
        self.tails += 1
        para = None if self.tails == 1 else self.tails
        if tail:
            text = clean_spaces(" ".join(l.text for l in tail))
            self._emit(text, tail[0].start, tail[-1].end, "recipients", "nơi nhận", [], para=para)
        if sign:
            text = clean_spaces(" ".join(l.text for l in sign))
            names = [l.text for l in sign if _looks_like_name(l.text) and not RE_SIGN_ROLE.match(l.text)]
            if not self.signer and names:
                self.signer = names[-1]
            self._emit(text, sign[0].start, sign[-1].end, "signature", "chữ ký", [], para=para)

    # -- table rows ------------------------------------------------------------------------
    def _row_labels(self, table: Table) -> dict[int, tuple[str, str | None]]:
        """id(row) -> (STT label as addressed, group text) for every data row of a table."""
        key = id(table)
        if key in self.table_info:
            return self.table_info[key]
        stt_col = table.meanings.index("stt") if "stt" in table.meanings else None
        data = [r for r in table.rows if r.kind == "row"]
        stts = [r.cells[stt_col].rstrip(".") for r in data if stt_col is not None and r.cells[stt_col]]
        restarts = len(stts) != len(set(stts))
        labels: dict[int, tuple[str, str | None]] = {}
        glabel = ""
        ordinal = 0
        n = 0
        for r in table.rows:
            if r.kind == "group":
                ordinal += 1
                glabel = group_label(r.cells[0], ordinal)
                continue
            n += 1
            stt = r.cells[stt_col].rstrip(".") if stt_col is not None else ""
            if stt:
                label = f"STT {glabel}.{stt}" if restarts and glabel else f"STT {stt}"
            else:
                label = f"dòng {n}"
            labels[id(r)] = (label, r.group)
        self.table_info[key] = labels
        return labels

    def emit_row(self, table: Table, row: TableRow, line: Line) -> None:
        """One data row: one passage, its cells labelled by the table's own header."""
        label, group = self._row_labels(table)[id(row)]
        if self.stack and self.stack[0][0] == APPENDIX_LEVEL:
            part = self.stack[0][1]
            path = [h for h in [self.stack[0][2]] if h]
        else:
            part = self.address()
            path = self.heading_path()
        if group:
            path = path + [group]
        section = f"{part}, {label}"
        n = self.sections_used.get(section, 0) + 1
        self.sections_used[section] = n
        pairs: list[list[str]] = []
        for head, meaning, value in zip(table.header, table.meanings, row.cells):
            value = value.strip().rstrip(";,").strip()
            if not value or meaning == "stt":
                continue
            pairs.append([head.strip().rstrip(":").strip(), value])
        if not pairs:
            return
        text = "; ".join(f"{k}: {v}" if k else v for k, v in pairs)
        self._emit(text, line.start, line.end, "row", section, path, para=n if n > 1 else None, fields=pairs)


def _is_structure(text: str) -> bool:
    """A line that opens a unit of its own (never the continuation of a title)."""
    return bool(RE_DIEU.match(text) or RE_CHUONG.match(text) or RE_MUC_STATE.match(text) or RE_PART.match(text)
                or RE_ITEM.match(text) or RE_POINT.match(text) or RE_PHAN_THU.match(text) or RE_BULLET.match(text)
                or RE_RECIPIENTS.match(text))


def _is_content(text: str) -> bool:
    """An item line that carries a sentence rather than a title."""
    return text.endswith((".", ";", "…", "!", "?")) or len(text) > 160


def _strip_marker(text: str) -> str:
    m = RE_ITEM.match(text) or RE_POINT.match(text)
    return m.group(2) if m else text


def _split_long(text: str, start: int, source: str) -> list[tuple[str, int, int]]:
    """Split an over-long unit at sentence ends so the embedder sees all of it."""
    pieces: list[tuple[str, int, int]] = []
    sentences = re.split(r"(?<=[.;])\s+", text)
    cur: list[str] = []
    for s in sentences:
        if cur and len(" ".join(cur)) + len(s) > 1200:
            pieces.append(" ".join(cur))
            cur = []
        cur.append(s)
    if cur:
        pieces.append(" ".join(cur))
    out: list[tuple[str, int, int]] = []
    pos = start
    flat = source
    for p in pieces:
        # locate each piece's span in the source by walking its words
        first_word = p.split()[0]
        s = flat.find(first_word, pos)
        e = s
        for w in p.split():
            e = flat.find(w, e) + len(w)
        out.append((p, s, e))
        pos = e
    return out


def _marker_offset(line: Line, content: str, source: str) -> int:
    """Offset in the source where the content after a list marker begins."""
    seg = source[line.start:line.end]
    first = content.split()[0] if content else ""
    idx = seg.find(first)
    return line.start + max(idx, 0)


def _appendix_address(text: str) -> str | None:
    """`Phụ lục`, `Phụ lục I`, `Phụ lục 01` for a line that opens an appendix, else None."""
    m = RE_APPENDIX.match(text)
    if m:
        word, numeral, rest = m.groups()
        if len(text) > 200:
            return None
        if word == "PHỤ LỤC" or (numeral and (not rest or _is_upper(rest) or len(text) < 120)) or not rest:
            return f"Phụ lục {numeral}" if numeral else "Phụ lục"
        return None
    if RE_DANH_MUC.match(text) and _is_upper(text) and len(text) < 250:
        return "Phụ lục"
    return None


def _attached_kind(title: str) -> str:
    """"QUY CHẾ PHỐI HỢP …" → "Quy chế": the attached text's kind, as its addresses carry it."""
    for words, kind in doc_vocab.title_words():
        if title.startswith(words):
            return kind.name
    return title.split()[0].capitalize() if title.split() else ""


def _attached_title(lines: list[Line], i: int) -> bool:
    """Does line i open a document attached to the one before it ("KẾ HOẠCH" … "(Ban hành kèm
    theo Quyết định số …)")?"""
    if not _is_title_line(lines[i].text):
        return False
    seen = 0
    for line in lines[i + 1:]:
        if not line.text:
            continue
        if "kem theo" in fold(line.text):
            return True
        seen += 1
        if seen >= 4:
            return False
    return False


def parse_document(doc_id: str, source: str, page_starts: list[int] | None = None,
                   tables: list[Table] | None = None) -> ParsedDocument:
    """Parse one document's text (already NFC) into addressed chunks.

    `tables` are the loader's data tables (LoadedText.tables): their header and row lines are
    read as rows, not as text.
    """
    lines = split_lines(source)
    at_table: dict[int, tuple[Table, TableRow | None]] = {}
    for table in tables or []:
        if 0 <= table.header_line < len(lines):
            at_table[table.header_line] = (table, None)
        for row in table.rows:
            if 0 <= row.line < len(lines):
                at_table[row.line] = (table, row)
    nonblank = [i for i, l in enumerate(lines) if l.text]
    if page_starts is not None:
        for i in nonblank:
            if i not in at_table and RE_PAGE_FURNITURE.match(lines[i].text):
                lines[i] = Line("", lines[i].start, lines[i].start, 0)
        nonblank = [i for i, l in enumerate(lines) if l.text]
    header = DocumentHeader()
    b = _Builder(doc_id, source, page_starts)
    if page_starts is not None:
        lengths = sorted(len(lines[i].text) for i in nonblank if i not in at_table)
        if lengths:
            b.wrap_width = int(0.85 * lengths[int(0.9 * (len(lengths) - 1))])

    # 1. Header block and title
    title_idx = next((i for i in nonblank[:40] if i not in at_table and _is_title_line(lines[i].text)), None)
    body_from = 0
    if title_idx is not None:
        head_lines = [lines[i] for i in nonblank if i < title_idx]
        for l in head_lines:
            m_num = RE_NUMBER.match(l.text)
            if m_num:
                rest = m_num.group(1)
                header.number = clean_spaces(rest.replace("(Dự thảo)", "").replace("(dự thảo)", ""))
                if header.number.startswith("-"):
                    header.number = "…" + header.number
            elif "dự thảo" in l.text.lower():
                header.draft = True
            elif RE_PLACE_DATE.match(l.text):
                header.place_date = l.text
            elif _is_upper(l.text) and not RE_SEPARATOR.match(l.text) and "CỘNG" not in l.text and "Độc lập" not in l.text:
                header.issuer_lines.append(l.text)
            if "dự thảo" in l.text.lower():
                header.draft = True
        if head_lines:
            text = clean_spaces(" ".join(l.text for l in head_lines))
            b._emit(text, head_lines[0].start, head_lines[-1].end, "header", "đầu văn bản", [])
        # title: until a separator, a preamble-looking long line, or structure
        title_lines = [lines[title_idx]]
        j = title_idx + 1
        while j < len(lines):
            t = lines[j].text
            if not t:
                j += 1
                continue
            if (RE_SEPARATOR.match(t) or len(t) > 250 or RE_PART.match(t) or RE_DIEU.match(t) or RE_CHUONG.match(t)
                    or j in at_table or _appendix_address(t)):
                break
            if fold(t).startswith("can cu"):
                break
            title_lines.append(lines[j])
            j += 1
        header.title = clean_spaces(" ".join(l.text for l in title_lines))
        b._emit(header.title, title_lines[0].start, title_lines[-1].end, "title", "tiêu đề", [])
        body_from = j

    # 2. Preamble, body, recipients, signature, then appendices and attached documents
    in_tail = False
    seen_structure = False
    for i in range(body_from, len(lines)):
        line = lines[i]
        t = line.text
        if not t:
            continue
        if i in at_table:
            if in_tail:
                b.end_tail()
                in_tail = False
            b.flush()
            table, row = at_table[i]
            if row is not None and row.kind == "row":
                b.emit_row(table, row, line)
            continue  # the header row and group rows are not passages (groups head their rows)
        appendix = _appendix_address(t)
        if appendix and b.stack and b.stack[0][0] == APPENDIX_LEVEL and b.title_open and RE_DANH_MUC.match(t):
            appendix = None  # "PHỤ LỤC I" then "DANH MỤC …": the appendix's own title
        if appendix or (seen_structure and _attached_title(lines, i)):
            if in_tail:
                b.end_tail()
                in_tail = False
            seen_structure = True
            if appendix:
                b.open_appendix(line, appendix)
                continue
            # a plan attached to a decision: the same document goes on, with Party-style parts
            b.flush()
            b.stack = []
            b.state_doc = False
            b.prefix = ""
            b.attached_kind = _attached_kind(t)
            b.open_unit = [line]
            b.open_unit_kind = "attached"
            b.open_is_heading = False
            b.title_open = True
            continue
        if b.open_unit_kind == "attached" and b.open_unit and b.title_open:
            if not (RE_SEPARATOR.match(t) or RE_PART.match(t) or RE_ITEM.match(t) or RE_DIEU.match(t)
                    or RE_CHUONG.match(t) or RE_PHAN_THU.match(t) or fold(t).startswith("can cu")):
                b.open_unit.append(line)
                continue
            b.flush()
        if RE_SEPARATOR.match(t):
            b.flush()
            continue
        m_rec = RE_RECIPIENTS.match(t)
        if m_rec and seen_structure:
            b.flush()
            in_tail = True
            b.tail_lines.append(line)
            continue
        if in_tail:
            # a name under a role line signs, however far it is indented (tabs push it under the role)
            if RE_SIGN_ROLE.match(t) or (not RE_BULLET.match(t) and _looks_like_name(t)
                                         and (line.raw_indent <= 2 or bool(b.sign_lines))):
                b.sign_lines.append(line)
            else:
                b.tail_lines.append(line)
            continue
        if RE_SIGN_ROLE.match(t) and seen_structure:
            b.flush()
            b.sign_lines.append(line)
            in_tail = True
            continue
        if b.title_open and b.continue_unit(line):
            continue  # a chapter's / appendix's title line

        m = RE_DIEU.match(t)
        if m:
            b.begin_articles()
            seen_structure = True
            rest = m.group(2)
            if rest and _is_content(rest):
                # "Điều 2. Quyết định này có hiệu lực …": the article is its own lead text
                b.open_level(30, f"Điều {m.group(1)}", line, _marker_offset(line, rest, source), rest, t)
            else:
                b.open_level(30, f"Điều {m.group(1)}", line, line.start, rest, t, always_heading=True, emit="heading")
            continue
        m = RE_CHUONG.match(t)
        if m:
            b.begin_articles()
            seen_structure = True
            b.open_level(10, f"Chương {m.group(1)}", line, line.start, m.group(2), t, always_heading=True,
                         emit="heading", title=True)
            continue
        if RE_PHAN_THU.match(t) and (b.state_doc or _is_upper(t) or not seen_structure):
            b.open_level(5 + 1, t, line, line.start, t, t, always_heading=True, title=True)
            continue
        m = RE_MUC_STATE.match(t) if b.state_doc else None
        if m:
            b.open_level(20, f"Mục {m.group(1)}", line, line.start, m.group(2), t, always_heading=True, title=True)
            continue
        m = RE_PART.match(t)
        if m and (_is_upper(m.group(2)) or not seen_structure or m.group(1) in {"I", "II", "III", "IV", "V", "VI", "VII"}) and not b.state_doc:
            seen_structure = True
            b.open_level(10, m.group(1), line, line.start, m.group(2), t, always_heading=True)
            continue
        m = RE_ITEM.match(t)
        if m and (seen_structure or b.state_doc):
            seen_structure = True
            level = 40 if b.state_doc else (25 if "." in m.group(1) else 20)
            comp = m.group(1).split(".")[-1] if level == 25 else m.group(1)
            b.open_level(level, comp, line, _marker_offset(line, m.group(2), source), m.group(2), t,
                         emit="body" if b.state_doc else None)
            continue
        m = RE_POINT.match(t)
        if m and seen_structure:
            b.open_level(50, m.group(1), line, _marker_offset(line, m.group(2), source), m.group(2), t,
                         emit="body" if b.state_doc else None)
            continue
        m = RE_BULLET.match(t)
        if m:
            b.start_unit(line, _marker_offset(line, m.group(1), source), m.group(1))
            continue
        # plain paragraph: a wrapped continuation or a new unit
        if b.continue_unit(line):
            continue
        if not seen_structure:
            b.flush()
            b.open_unit = [line]
            b.open_unit_kind = "preamble"
            b.open_is_heading = False
            continue
        b.start_unit(line, line.start, t)
    b.flush()
    b.end_tail()
    header.signer = b.signer

    # preamble chunks carry the address "mở đầu" and are numbered like units
    n = 0
    for c in b.chunks:
        if c.kind == "preamble":
            n += 1
            c.para = n
    return ParsedDocument(doc_id=doc_id, header=header, chunks=b.chunks, headings=b.headings)
