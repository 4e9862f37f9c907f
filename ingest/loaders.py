"""Turn a document file (TXT, PDF, DOCX) into one Unicode text the structure parser can read.

The loader's job is fidelity, not cleaning: the parser copes with stray tabs, blank lines and
wrapped lines, and every offset it records must point into the text exactly as loaded. So the
loader only decodes, normalises to NFC and to "\\n" line ends, converts pre-Unicode Vietnamese
encodings (TCVN3/VNI, see ingest/legacy.py), and records where PDF pages begin.

Files come from cadres, often several hands removed from the original: renamed .doc files,
scans saved as PDF, password-protected exports, half-downloaded attachments, .VnTime text from
the 1990s. Each of those is refused with a DocumentError whose Vietnamese message names the
file and says what to do, instead of indexing garbage that no question will ever match. Size
limits are checked before anything is parsed, and a DOCX's zip directory is checked before
anything is decompressed, so a hostile or broken upload cannot exhaust memory.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .legacy import Detection, convert_lines, detect_legacy, is_syllable, warnings_for
from .numbering import Numbering
from .tables import Table, TableRow, TableSpec, build_table, find_header, join_cell_paragraphs, render_row

MAX_FILE_BYTES = 50 * 1024 * 1024  # any format; real Party documents are far smaller
MAX_PDF_PAGES = 1000
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024  # total of the zip directory's declared sizes
MAX_DOCX_RATIO = 100  # per member bigger than MIN_RATIO_CHECK; Word XML deflates ~5-20:1
MIN_RATIO_CHECK = 2 * 1024 * 1024
MAX_DOCX_MEMBERS = 5000
# Real bytes inflated from word/document.xml (and from numbering.xml, styles.xml, each),
# counted while reading, whatever the zip directory declares: a lying directory cannot make
# the loader allocate more than this.
MAX_DOCX_XML_BYTES = 100 * 1024 * 1024
_READ_BLOCK = 1 << 16
# A page with fewer letters/digits than this has no real text layer (page numbers, a scanner
# app's watermark line); a PDF needs at least one real text page, and from 3 pages on at least
# a fifth of them, or it is treated as a scan.
MIN_ALNUM_TEXT_PAGE = 40
MIN_TEXT_PAGE_SHARE = 0.2
EMPTY_PAGE_ALNUM = 5  # pages below this are reported as having no text
SUPPORTED = (".txt", ".pdf", ".docx")
_CONVERT_HINT = {
    ".doc": "định dạng Word 97-2003 (.doc)",
    ".odt": "định dạng OpenDocument (.odt)",
    ".rtf": "định dạng RTF",
    ".wpd": "định dạng WordPerfect",
    ".xls": "bảng tính Excel", ".xlsx": "bảng tính Excel",
    ".jpg": "ảnh chụp/scan", ".jpeg": "ảnh chụp/scan", ".png": "ảnh chụp/scan", ".tif": "ảnh chụp/scan",
    ".tiff": "ảnh chụp/scan",
}


@dataclass
class LoadedText:
    """A loaded document.

    text: the whole document, Unicode NFC, lines separated by "\\n".
    page_starts: PDFs only (None for TXT/DOCX). page_starts[k] is the offset in `text` where
        page k+2 begins, i.e. the offset just after the "\\n" that joins page k+1 to page k+2;
        page 1 starts at 0 and is not listed. The page of offset o is therefore
        `bisect_right(page_starts, o) + 1` (1-based, as users count pages); bisect_right alone
        is the 0-based number of page breaks before o. A one-page PDF has page_starts == [];
        consecutive equal values mean empty pages (an offset there maps to the last of them,
        which is right: the empty pages hold no characters). The joining "\\n" belongs to the
        earlier page.
    warnings: Vietnamese notes for the operator ("Đã chuyển mã TCVN3 sang Unicode", a page
        without a text layer, a file that was not UTF-8, ...). The text is usable as is.
    tables: the data tables (task tables) of a DOCX or PDF, see ingest/tables.py. Each row
        stands on its own line of `text` (its non-empty cells joined by " | "), and the table
        records the line numbers (indices in text.split("\n")) of its header and of every
        row, so the parser knows where each table stands and a row's offsets and page are
        those of its line. Layout tables (a header's issuer | ĐẢNG CỘNG SẢN VIỆT NAM) are not
        here: they are plain lines of `text`.
    """

    text: str
    page_starts: list[int] | None
    warnings: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        """1-based page number of a text offset (None when the format has no pages)."""
        from bisect import bisect_right

        if self.page_starts is None:
            return None
        return bisect_right(self.page_starts, offset) + 1


class DocumentError(Exception):
    """A document that cannot be loaded. The message is Vietnamese, names the file and says
    what the operator should do; it is shown as is (CLI, bot, ingest report)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def load_document(path: Path) -> LoadedText:
    """Load a .txt, .pdf or .docx file; raise DocumentError with a Vietnamese message otherwise."""
    path = Path(path)
    name = path.name
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        kind = _CONVERT_HINT.get(ext, f"định dạng {ext}" if ext else "tệp không có đuôi")
        raise DocumentError(
            f"Tệp {name}: {kind} chưa được hỗ trợ. Chỉ nạp được .docx, .pdf (có lớp chữ) và .txt. "
            "Hãy mở tệp bằng Word hoặc LibreOffice, chọn Lưu thành (Save As) → Word Document (.docx) "
            "hoặc xuất ra PDF, rồi nạp lại.",
            path,
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"Không tìm thấy tệp {name} ({path}). Hãy kiểm tra lại đường dẫn rồi nạp lại.", path) from None
    except OSError as exc:
        raise DocumentError(f"Không đọc được tệp {name}: {exc.strerror or exc}. Hãy kiểm tra quyền đọc tệp.", path) from None
    if not path.is_file():
        raise DocumentError(f"{name} không phải là một tệp (có thể là thư mục). Hãy chọn đúng tệp văn bản.", path)
    if size == 0:
        raise DocumentError(
            f"Tệp {name} rỗng (0 byte) — có thể tải về hoặc chép chưa xong. Hãy chép lại tệp gốc rồi nạp lại.", path
        )
    if size > MAX_FILE_BYTES:
        raise DocumentError(
            f"Tệp {name} quá lớn ({size / 2**20:.1f} MB, giới hạn {MAX_FILE_BYTES // 2**20} MB). "
            "Hãy tách thành các tệp nhỏ hơn hoặc lưu lại không kèm hình ảnh, rồi nạp lại.",
            path,
        )
    if ext == ".txt":
        return _load_txt(path)
    if ext == ".pdf":
        return _load_pdf(path)
    return _load_docx(path)


# -- shared ---------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """NFC and "\\n" line ends; nothing else (no cleaning: offsets must stay meaningful)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _legacy_error(path: Path) -> DocumentError:
    return DocumentError(
        f"Tệp {path.name} có vẻ dùng bảng mã cũ (TCVN3/VNI) nhưng không nhận ra chắc chắn là bảng mã nào; "
        "hãy chuyển sang Unicode bằng Unikey (Công cụ chuyển mã, Ctrl+Shift+F6) rồi nạp lại.",
        path,
    )


def _fix_legacy_pages(path: Path, pages: list[str], warnings: list[str],
                      tables: list[Table] | None = None) -> list[str]:
    """Detect a legacy encoding over the whole document, convert each piece the same way
    (table cells too: they are copies of the text's row lines, cell by cell)."""
    det = detect_legacy("\n".join(pages))
    if det.uncertain:
        raise _legacy_error(path)
    if det.encoding is None:
        return pages
    out, changed = [], 0
    for page in pages:
        new, n = convert_lines(page, det)
        out.append(new)
        changed += n
    for table in tables or []:
        _convert_table(table, det)
    warnings.extend(warnings_for(det, changed))
    return out


def _convert_table(table: Table, det: Detection) -> None:
    table.header = [convert_lines(c, det)[0] for c in table.header]
    for row in table.rows:
        row.cells = [convert_lines(c, det)[0] for c in row.cells]
        if row.group:
            row.group = convert_lines(row.group, det)[0]


def _require_text(path: Path, text: str, what: str) -> None:
    if not any(c.isalnum() for c in text):
        raise DocumentError(
            f"Tệp {path.name} không có chữ nào{what}. Hãy kiểm tra lại tệp (có thể nhầm tệp hoặc tệp trống) rồi nạp lại.",
            path,
        )


# -- TXT ------------------------------------------------------------------------------------


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    # The five bytes Windows-1252 leaves undefined read as their Latin-1 control characters.
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.start + 1].decode("latin-1"), exc.start + 1


codecs.register_error("hoi-cp1252-latin1", _cp1252_fallback)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_VIET_RE = re.compile(r"[^\W\d_]+")


def _viet_score(text: str) -> float:
    """Share of non-ASCII words that are Vietnamese syllables (how well a decoding reads)."""
    words = [w for w in _VIET_RE.findall(text) if not w.isascii()]
    if not words:
        return 0.0
    return sum(map(is_syllable, words)) / len(words)


def _decode_txt(path: Path, data: bytes, warnings: list[str]) -> str:
    name = path.name
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(
                f"Tệp {name} đánh dấu là UTF-8 nhưng có byte lỗi (tệp hỏng hoặc bị ghép từ nhiều bảng mã). "
                "Hãy mở bằng Notepad, chọn Lưu thành với Encoding: UTF-8, rồi nạp lại.",
                path,
            ) from None
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(
                f"Tệp {name} đánh dấu là UTF-16 nhưng bị hỏng. Hãy lưu lại dạng UTF-8 rồi nạp lại.", path
            ) from None
    if b"\0" in data:
        # Windows "Unicode" without a BOM still has a zero in every other byte of Latin text.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        half = len(data) // 2
        if half and max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half:
            try:
                return data.decode("utf-16-le" if odd > even else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise DocumentError(
            f"Tệp {name} không phải tệp văn bản (có byte nhị phân) dù có đuôi .txt. "
            "Hãy mở bằng đúng chương trình và lưu lại dạng .txt (UTF-8), .docx hoặc .pdf, rồi nạp lại.",
            path,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: bytes of a legacy font (TCVN3/VNI), Vietnamese Windows-1258 or Western 1252.
    western = _normalise(data.decode("cp1252", errors="hoi-cp1252-latin1"))
    det = detect_legacy(western)
    if det.encoding is not None:
        return western  # the caller's legacy pass converts it and reports it
    try:
        viet = _normalise(data.decode("cp1258"))
    except UnicodeDecodeError:
        viet = ""
    if viet and _viet_score(viet) >= 0.8 and _viet_score(viet) > _viet_score(western):
        warnings.append(
            "Tệp không phải UTF-8; đã đọc theo bảng mã tiếng Việt Windows-1258. Nên lưu lại tệp dạng UTF-8."
        )
        return viet
    if det.uncertain:
        raise _legacy_error(path)
    warnings.append(
        "Tệp không phải UTF-8; đã đọc theo bảng mã Windows-1252 — hãy kiểm tra dấu tiếng Việt, "
        "và nên lưu lại tệp dạng UTF-8."
    )
    return western


def _load_txt(path: Path) -> LoadedText:
    """UTF-8 (with or without BOM), UTF-16, else Windows-1258/1252 with legacy detection."""
    data = path.read_bytes()
    warnings: list[str] = []
    text = _normalise(_decode_txt(path, data, warnings))
    _require_text(path, text, "")
    (text,) = _fix_legacy_pages(path, [text], warnings)
    return LoadedText(text=text, page_starts=None, warnings=warnings)


# -- PDF ------------------------------------------------------------------------------------

# Text that is mostly private-use glyphs, control characters or U+FFFD came from a font without
# a Unicode map: it would index as garbage.
_BAD_CHARS = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


def _load_pdf(path: Path) -> LoadedText:
    """Text layer page by page (pypdf default extraction), pages joined with "\\n"."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    name = path.name
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise DocumentError(
            f"Tệp {name} không phải PDF (không có phần đầu %PDF) — có thể là tệp khác bị đổi đuôi. "
            "Hãy kiểm tra lại tệp, hoặc xuất lại PDF từ văn bản gốc, rồi nạp lại.",
            path,
        )
    broken = (
        f"Tệp {name} bị hỏng hoặc không trọn vẹn (có thể tải về chưa hết) nên không đọc được. "
        "Hãy tải/chép lại tệp gốc, hoặc mở bằng trình đọc PDF rồi in/xuất lại ra PDF, rồi nạp lại."
    )
    warnings: list[str] = []
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            # An empty user password ("chống sửa" PDFs) opens without asking: read it.
            try:
                ok = reader.decrypt("")
            except DependencyError:
                raise DocumentError(
                    f"Tệp {name} được mã hóa AES nên chưa đọc được. Hãy mở bằng trình đọc PDF và lưu/in lại ra "
                    "PDF không mã hóa (hoặc cài gói cryptography cho máy chủ), rồi nạp lại.",
                    path,
                ) from None
            if not ok:
                raise DocumentError(
                    f"Tệp {name} có mật khẩu nên không đọc được nội dung. Hãy mở bằng mật khẩu rồi lưu "
                    "hoặc in ra bản PDF không mật khẩu, rồi nạp lại.",
                    path,
                )
            warnings.append("Tệp PDF có mã hóa nhưng không cần mật khẩu để mở; đã đọc bình thường.")
        n_pages = len(reader.pages)
    except DocumentError:
        raise
    except FileNotDecryptedError:
        raise DocumentError(
            f"Tệp {name} có mật khẩu nên không đọc được nội dung. Hãy mở bằng mật khẩu rồi lưu "
            "hoặc in ra bản PDF không mật khẩu, rồi nạp lại.",
            path,
        ) from None
    except Exception as exc:  # pypdf raises PdfReadError, but also ValueError, KeyError, ... on damage
        raise DocumentError(broken, path) from exc
    if n_pages == 0:
        raise DocumentError(broken, path)
    if n_pages > MAX_PDF_PAGES:
        raise DocumentError(
            f"Tệp {name} có {n_pages} trang, vượt giới hạn {MAX_PDF_PAGES} trang. "
            "Hãy tách thành các tệp nhỏ hơn (mỗi văn bản một tệp), rồi nạp lại.",
            path,
        )
    pages: list[str] = []
    failed: list[int] = []
    for i in range(n_pages):
        try:
            raw = reader.pages[i].extract_text() or ""
        except Exception:  # one damaged page must not sink the document
            raw = ""
            failed.append(i + 1)
        pages.append(_normalise(raw))
    if len(failed) == n_pages:
        raise DocumentError(broken, path)
    joined = "".join(pages)
    visible = sum(not c.isspace() for c in joined)
    if visible and len(_BAD_CHARS.findall(joined)) > 0.3 * visible:
        raise DocumentError(
            f"Tệp {name} có lớp chữ nhưng chữ trích ra bị lỗi mã (phông chữ nhúng không có bảng Unicode). "
            "Hãy xuất lại PDF từ văn bản gốc, hoặc dùng bản DOCX/TXT, rồi nạp lại.",
            path,
        )
    alnum = [sum(c.isalnum() for c in p) for p in pages]
    text_pages = sum(a >= MIN_ALNUM_TEXT_PAGE for a in alnum)
    if text_pages == 0 or (n_pages >= 3 and text_pages < MIN_TEXT_PAGE_SHARE * n_pages):
        # No page with a real text layer (a scan, perhaps with a scanner app's watermark line or
        # page numbers), or only a typed cover in front of scanned pages.
        most = "" if text_pages == 0 else f" ({n_pages - text_pages}/{n_pages} trang)"
        raise DocumentError(
            f"Tệp {name} không có lớp chữ{most} — có thể là bản scan; hãy dùng bản PDF có chữ hoặc DOCX/TXT "
            "(nếu chỉ có bản giấy, hãy nhận dạng chữ OCR rồi lưu thành DOCX và soát lại).",
            path,
        )
    if failed:
        warnings.append(f"Không đọc được chữ ở trang {_pages_list(failed)} (trang bị hỏng); các trang đó bị bỏ qua.")
    empty = [i + 1 for i, a in enumerate(alnum) if a < EMPTY_PAGE_ALNUM and i + 1 not in failed]
    if empty:
        warnings.append(
            f"Trang {_pages_list(empty)} không có lớp chữ (có thể là ảnh scan hoặc trang trắng); "
            "nội dung các trang đó không được đưa vào."
        )
    items = _pdf_items(path, pages)
    _drop_running_lines(items)
    pages, tables = _assemble_pages(items)
    pages = _fix_legacy_pages(path, pages, warnings, tables)
    page_starts: list[int] = []
    offset = 0
    for page in pages[:-1]:
        offset += len(page) + 1  # + the joining "\n"
        page_starts.append(offset)
    return LoadedText(text="\n".join(pages), page_starts=page_starts, warnings=warnings, tables=tables)


# A page's content is a list of items: ("text", line), ("header", Table) where a table's header
# row stands, ("row", TableRow) for a group or data row. Text lines come from pypdf; on a page
# where pdfplumber finds a task table, pdfplumber's text of the regions above, between and
# below the tables is used instead (pypdf has no geometry, so it cannot leave the table's
# text out), and the table itself comes as rows.
_Item = tuple[str, object]
_RE_PAGE_NUMBER = re.compile(
    r"^(?:(?:Trang|trang|Page)\s*)?\d{1,4}(?:\s*(?:/|trên|of)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$"
)
RUNNING_LINE_SHARE = 0.5  # a top/bottom line on at least this share of pages is page furniture
RUNNING_MAX_CHARS = 120  # running headers/footers are short lines
_RUNNING_EDGE = 3  # how many lines at the top and at the bottom of a page are looked at


def _pdf_items(path: Path, pages: list[str]) -> list[list[_Item]]:
    items: list[list[_Item]] = [[("text", line) for line in page.split("\n")] for page in pages]
    try:
        import pdfplumber
    except ImportError:  # tables then stay text, as pypdf reads them
        return items
    prev: tuple[Table, int] | None = None  # last data table and its column count, if it ended its page
    try:
        pdf = pdfplumber.open(str(path))
    except Exception:
        return items
    with pdf:
        for i, page in enumerate(pdf.pages):
            try:
                page_items, prev = _plumber_page(page, prev)
            except Exception:  # a page pdfplumber cannot read keeps pypdf's text
                page_items, prev = None, None
            if page_items is not None:
                items[i] = page_items
            try:
                page.close()
            except Exception:
                pass
    return items


def _plumber_page(page, prev: tuple[Table, int] | None) -> tuple[list[_Item] | None, tuple[Table, int] | None]:
    """The page's items when it holds a task table (None otherwise), and the table that a
    table at the top of the next page may continue."""
    if not (page.rects or page.lines):
        return None, None
    found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    placed: list[tuple[tuple[float, float, float, float], list[_Item]]] = []
    last: tuple[Table, int] | None = None
    for k, t in enumerate(found):
        raw = t.extract()
        grid = [[clean(c) if c is not None else "" for c in row] for row in raw]
        spans_all = [len(row) > 1 and row[0] is not None and all(c is None for c in row[1:]) for row in raw]
        ncols = max((len(r) for r in grid), default=0)
        if ncols < 2:
            continue
        own = find_header(grid)
        cont = prev if (k == 0 and prev is not None and prev[1] == ncols) else None
        if cont is not None and own is not None:
            same = [c.casefold() for c in grid[own]] == [c.casefold() for c in cont[0].header]
            cont = cont if same else None
        if cont is not None:
            table = cont[0]
            spec = build_table([table.header] + grid, [False] + spans_all)
            if spec is None:
                continue
            rows = spec.rows
            last_group = next((r.group for r in reversed(table.rows) if r.kind == "row"), None)
            for r in rows:
                if r.kind == "group":
                    break
                r.group = r.group or last_group
            stt = table.meanings.index("stt") if "stt" in table.meanings else None
            data = [r for r in table.rows if r.kind == "row"]
            if rows and rows[0].kind == "row" and stt is not None and not rows[0].cells[stt] and data:
                # a row split over the page break: its continuation has no STT of its own
                head = data[-1]
                head.cells = [f"{a} {b}".strip() for a, b in zip(head.cells, rows[0].cells)]
                rows = rows[1:]
            table.rows.extend(rows)
            its: list[_Item] = [("row", r) for r in rows]
        else:
            spec = build_table(grid, spans_all)
            if spec is None:
                continue
            table = Table(header=spec.header, meanings=spec.meanings, header_line=-1, rows=list(spec.rows))
            its = [("text", line) for line in spec.before] + [("header", table)] + [("row", r) for r in spec.rows]
        placed.append((t.bbox, its))
        last = (table, ncols) if k == len(found) - 1 else None
    if not placed:
        return None, None
    out: list[_Item] = []
    top = 0.0
    for (x0, y0, x1, y1), its in placed:
        out.extend(_region_lines(page, top, y0))
        out.extend(its)
        top = y1
    out.extend(_region_lines(page, top, float(page.height)))
    return out, last


def clean(cell: str) -> str:
    """A PDF cell's text: its lines are wraps of one value."""
    return _normalise(" ".join(cell.split()))


def _region_lines(page, top: float, bottom: float) -> list[_Item]:
    top, bottom = max(0.0, top), min(float(page.height), bottom)
    if bottom - top < 1:
        return []
    text = page.crop((0, top, float(page.width), bottom)).extract_text() or ""
    return [("text", _normalise(line)) for line in text.split("\n") if line.strip()]


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", "".join(line.split())).casefold()


def _drop_running_lines(items: list[list[_Item]]) -> None:
    """Remove running headers/footers and page numbers, in place.

    A line among the first or last few text lines of a page is furniture when it is a page
    number ("2", "- 2 -", "Trang 2/5") or when the same short line, digits masked, stands at
    the same place (k-th line from the top, or from the bottom) on at least half of the pages
    (two at least). Only the runs of such lines at a page's edges are removed, never a line in
    the middle of the text.
    """
    n = len(items)

    def texts(page: list[_Item]) -> list[str]:
        return [" ".join(str(it[1]).split()) for it in page if it[0] == "text" and str(it[1]).strip()]

    counts: dict[tuple[str, int, str], int] = {}
    for page in items:
        lines = texts(page)
        seen: set[tuple[str, int, str]] = set()
        for k in range(min(_RUNNING_EDGE, len(lines))):
            seen.add(("top", k, _mask(lines[k])))
            seen.add(("bottom", k, _mask(lines[-1 - k])))
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, -(-n * RUNNING_LINE_SHARE // 1))
    running = {k for k, c in counts.items() if c >= need and len(k[2]) <= RUNNING_MAX_CHARS}

    def furniture(it: _Item, edge: str, k: int) -> bool:
        line = " ".join(str(it[1]).split())
        return bool(_RE_PAGE_NUMBER.match(line)) or (edge, k, _mask(line)) in running

    for p, page in enumerate(items):
        lo, hi = 0, len(page)
        k = 0
        while lo < hi and page[lo][0] == "text":
            if not str(page[lo][1]).strip():
                lo += 1
                continue
            if k >= _RUNNING_EDGE or not furniture(page[lo], "top", k):
                break
            lo += 1
            k += 1
        k = 0
        while hi > lo and page[hi - 1][0] == "text":
            if not str(page[hi - 1][1]).strip():
                hi -= 1
                continue
            if k >= _RUNNING_EDGE or not furniture(page[hi - 1], "bottom", k):
                break
            hi -= 1
            k += 1
        items[p] = page[lo:hi]


def _assemble_pages(items: list[list[_Item]]) -> tuple[list[str], list[Table]]:
    """Page texts and the tables, each header and row given its line number in the text."""
    pages: list[str] = []
    tables: list[Table] = []
    line_no = 0
    for page in items:
        lines: list[str] = []
        for kind, payload in page:
            if kind == "text":
                lines.append(str(payload))
            elif kind == "header":
                assert isinstance(payload, Table)
                payload.header_line = line_no + len(lines)
                lines.append(render_row(payload.header))
                tables.append(payload)
            else:
                assert isinstance(payload, TableRow)
                payload.line = line_no + len(lines)
                lines.append(payload.cells[0] if payload.kind == "group" else render_row(payload.cells))
        pages.append("\n".join(lines))
        line_no += len(lines) if lines else 1  # an empty page is still one (empty) line
    return pages, tables


def _pages_list(pages: list[int]) -> str:
    shown = ", ".join(map(str, pages[:10]))
    return shown + (f" và {len(pages) - 10} trang khác" if len(pages) > 10 else "")


# -- DOCX -----------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_docx_zip(path: Path) -> None:
    """Refuse non-DOCX files and zip bombs from the zip directory alone (nothing decompressed).

    The declared sizes are binding: Python's zipfile stops at a member's declared size and
    fails its CRC check if the data inflates to more, so checking the directory is enough.
    """
    name = path.name
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise DocumentError(
            f"Tệp {name} không phải DOCX thật: đó là tệp Word 97-2003 (.doc) bị đổi đuôi, hoặc DOCX có đặt mật khẩu. "
            "Hãy mở bằng Word (nhập mật khẩu nếu có), chọn Lưu thành → Word Document (.docx) không mật khẩu, rồi nạp lại.",
            path,
        )
    not_docx = (
        f"Tệp {name} không phải DOCX thật (không mở được như tệp Word .docx) — có thể là tệp khác bị đổi đuôi "
        "hoặc tệp bị hỏng. Hãy mở bằng Word hoặc LibreOffice, Lưu thành → Word Document (.docx), rồi nạp lại."
    )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DocumentError(not_docx, path) from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise DocumentError(not_docx, path)
    bomb = (
        "Tệp {name} bị từ chối vì lý do an toàn: {why}, bất thường với một văn bản Word (dấu hiệu \"bom nén\" "
        "hoặc tệp bị can thiệp). Hãy mở bằng Word, chép nội dung sang văn bản mới, lưu thành .docx rồi nạp lại."
    )
    if len(infos) > MAX_DOCX_MEMBERS:
        raise DocumentError(bomb.format(name=name, why=f"chứa tới {len(infos)} thành phần"), path)
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise DocumentError(
            bomb.format(
                name=name,
                why=f"khi giải nén sẽ phình tới {total / 2**20:.0f} MB (giới hạn {MAX_DOCX_UNCOMPRESSED // 2**20} MB)",
            ),
            path,
        )
    for i in infos:
        if i.flag_bits & 0x1:
            raise DocumentError(
                f"Tệp {name} có thành phần bị mã hóa nên không đọc được. Hãy bỏ mật khẩu trong Word, lưu lại .docx rồi nạp lại.",
                path,
            )
        if i.file_size > MIN_RATIO_CHECK and i.file_size > MAX_DOCX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise DocumentError(
                bomb.format(
                    name=name,
                    why=f"thành phần {i.filename} nén tới tỉ lệ {ratio:.0f}:1 "
                    f"({i.compress_size / 2**10:.0f} KB phình thành {i.file_size / 2**20:.0f} MB)",
                ),
                path,
            )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wrappers that may sit between a table and its rows, a row and its cells, or a body and its
# paragraphs: content controls and custom XML.
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
# Never part of the visible text of a paragraph: deleted / moved-away revisions, properties,
# field instructions, and text boxes (read separately, after their anchor paragraph).
_SKIP_IN_PARAGRAPH = {
    _W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _W + "instrText", _W + "delText",
    _W + "txbxContent", _MC_FALLBACK, _W + "footnoteReference", _W + "endnoteReference",
}


def _children(el, tag: str):
    """Children of `el` with `tag`, looking through content-control / custom-XML wrappers."""
    for child in el.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _paragraph_text(p) -> str:
    """Visible text of a w:p: text runs inside hyperlinks, fields, tracked insertions and smart
    tags included; deleted revisions and field codes left out (python-docx's Paragraph.text
    only sees top-level runs, so it loses tracked insertions in a draft)."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_PARAGRAPH:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab" or tag == _W + "ptab":
                parts.append("\t")
            elif tag == _W + "br" or tag == _W + "cr":
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _outermost_box(box, paragraph) -> bool:
    """A text box directly anchored in `paragraph` (not nested in another box, not the VML copy)."""
    for a in box.iterancestors():
        if a is paragraph:
            return True
        if a.tag in (_MC_FALLBACK, _W + "txbxContent"):
            return False
    return False


class _DocxBody:
    """Body text in document order, with data tables kept as structured rows.

    Paragraphs become lines; text boxes follow the paragraph they are anchored in (Word
    stores each twice, DrawingML + VML: one copy is read); content controls are looked
    through. A table whose header row reads like a task table (ingest/tables.py) becomes a
    `Table`: one line per row, a cell spanning every column (gridSpan) a group row, a
    vertically merged cell (vMerge) giving its value to every row it spans, a horizontally
    merged cell read once. Any other table (the header's layout table, a signature block)
    stays text: row by row, cells left to right, each cell paragraph on its own line, a merged
    cell once. Headers/footers are left out: they repeat on every page and carry no content of
    their own.

    Word's automatic numbering ("1.", "a)", "Điều 3." drawn from numbering.xml, not typed) is
    written before each paragraph's text as Word shows it (ingest/numbering.py), in table
    cells too, so the parser sees the numbers a reader sees. One `Numbering` counts for the
    whole document; a table read tentatively as a data table and then re-read as text is
    counted once (the counters are rolled back before the re-read).
    """

    def __init__(self, numbering: Numbering | None = None) -> None:
        self.lines: list[str] = []
        self.tables: list[Table] = []
        self.numbering = numbering

    def add_text(self, text: str) -> None:
        self.lines.extend(re.split(r"\r\n|\r|\n", text))

    def paragraph(self, p) -> str:
        """A paragraph's line: its automatic number, if any, then its visible text."""
        text = _paragraph_text(p)
        number = self.numbering.prefix(p) if self.numbering is not None else ""
        return number + text if text else number.rstrip()

    def blocks(self, parent, flat: bool = False) -> None:
        for el in parent.iterchildren():
            tag = el.tag
            if tag == _W + "p":
                self.add_text(self.paragraph(el))
                for box in el.iter(_W + "txbxContent"):
                    if _outermost_box(box, el):
                        self.blocks(box, flat)
            elif tag == _W + "tbl":
                if flat or not self.try_data_table(el):
                    self.flat_table(el)
            elif tag in _WRAPPERS:
                self.blocks(el, flat)

    def try_data_table(self, tbl) -> bool:
        """`data_table`, with the numbering counters rolled back when it says no (the cells it
        read are read again as text)."""
        if self.numbering is None:
            return self.data_table(tbl)
        snap = self.numbering.snapshot()
        if self.data_table(tbl):
            return True
        self.numbering.restore(snap)
        return False

    def flat_table(self, tbl) -> None:
        for tr in _children(tbl, _W + "tr"):
            for tc in _children(tr, _W + "tc"):
                if _vmerge_continues(tc):
                    continue  # continuation of a vertically merged cell
                self.blocks(tc, flat=True)

    def cell_text(self, tc) -> str:
        inner = _DocxBody(self.numbering)
        inner.blocks(tc, flat=True)
        return join_cell_paragraphs(inner.lines)

    def data_table(self, tbl) -> bool:
        """Place `tbl` as a data table if it is one; False leaves it to be read as text."""
        grid: list[list[str]] = []
        spans_all: list[bool] = []
        above: dict[int, str] = {}  # grid column -> value of the cell a vMerge continues
        trs = list(_children(tbl, _W + "tr"))
        ncols = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
        rows_tc = []
        for tr in trs:
            tcs = list(_children(tr, _W + "tc"))
            before = tr.find(f"{_W}trPr/{_W}gridBefore")
            col0 = int(before.get(_W + "val", "0")) if before is not None else 0
            rows_tc.append((col0, tcs))
            ncols = max(ncols, col0 + sum(_grid_span(tc) for tc in tcs))
        if ncols < 2 or not trs:
            return False
        for col0, tcs in rows_tc:
            row = [""] * ncols
            col = col0
            for tc in tcs:
                span = _grid_span(tc)
                if _vmerge_continues(tc):
                    text = above.get(col, "")
                else:
                    text = self.cell_text(tc)
                    above[col] = text
                if col < ncols:
                    row[col] = text
                col += span
            grid.append(row)
            spans_all.append(len(tcs) == 1 and _grid_span(tcs[0]) >= ncols)
            if len(grid) == 3 and find_header(grid) is None:
                return False  # no header in the first rows: not a data table, stop reading
        spec = build_table(grid, spans_all)
        if spec is None:
            return False
        self.place(spec)
        return True

    def place(self, spec: TableSpec) -> None:
        self.lines.extend(spec.before)
        table = Table(header=spec.header, meanings=spec.meanings, header_line=len(self.lines))
        self.lines.append(render_row(spec.header))
        for row in spec.rows:
            row.line = len(self.lines)
            self.lines.append(row.cells[0] if row.kind == "group" else render_row(row.cells))
            table.rows.append(row)
        self.tables.append(table)


def _grid_span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, int(span.get(_W + "val", "1"))) if span is not None else 1
    except ValueError:
        return 1


def _vmerge_continues(tc) -> bool:
    vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return vmerge is not None and vmerge.get(_W + "val") in (None, "continue")


def _read_member_capped(zf: zipfile.ZipFile, member: str, cap: int) -> bytearray | None:
    """The member's bytes, inflated block by block; None as soon as more than `cap` real bytes
    come out (the zip directory's declared size is not trusted for this)."""
    out = bytearray()
    with zf.open(member) as fh:
        while True:
            block = fh.read(_READ_BLOCK)
            if not block:
                return out
            out += block
            if len(out) > cap:
                return None


def _docx_body(path: Path):
    """word/document.xml's w:body, read with a running size cap and parsed by lxml without
    entity expansion or network access (of the rest of the package only numbering.xml and
    styles.xml are inflated, under the same cap: see `_docx_numbering`)."""
    from lxml import etree

    bomb = (
        f"Tệp {path.name} bị từ chối vì lý do an toàn: {{why}}, bất thường với một văn bản Word (dấu hiệu \"bom nén\" "
        "hoặc tệp bị can thiệp). Hãy mở bằng Word, chép nội dung sang văn bản mới, lưu thành .docx rồi nạp lại."
    )
    try:
        with zipfile.ZipFile(path) as zf:
            data = _read_member_capped(zf, "word/document.xml", MAX_DOCX_XML_BYTES)
    except zipfile.BadZipFile as exc:  # CRC or size mismatch: the directory lies about the data
        raise DocumentError(bomb.format(why="dữ liệu nén không khớp với kích thước khai báo trong tệp"), path) from exc
    if data is None:
        raise DocumentError(
            bomb.format(why=f"phần nội dung khi giải nén vượt {MAX_DOCX_XML_BYTES // 2**20} MB"), path
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(bytes(data), parser)
    del data
    body = root.find(_W + "body")
    if body is None:
        raise ValueError("no w:body")
    return body


def _docx_numbering(path: Path, warnings: list[str]) -> Numbering | None:
    """The document's automatic numbering from word/numbering.xml and word/styles.xml, read
    with the same cap and parser as document.xml. Numbering is an addition to the text, not
    the text: a missing numbering part means a document without lists, and a damaged or
    oversized one loses only the numbers (with a note for the operator), never the document."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    roots: dict[str, object] = {}
    damaged: set[str] = set()
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for member in ("word/numbering.xml", "word/styles.xml"):
                if member not in names:
                    continue
                try:
                    data = _read_member_capped(zf, member, MAX_DOCX_XML_BYTES)
                    if data is None:
                        damaged.add(member)
                    else:
                        roots[member] = etree.fromstring(bytes(data), parser)
                except Exception:  # CRC mismatch, XML syntax errors, ...
                    damaged.add(member)
    except (zipfile.BadZipFile, OSError):
        damaged.add("word/numbering.xml")
    numbering = None
    if "word/numbering.xml" in roots:
        try:
            numbering = Numbering(roots["word/numbering.xml"], roots.get("word/styles.xml"))
        except Exception:  # a definition this reader cannot follow: no numbers, still the text
            damaged.add("word/numbering.xml")
    if "word/numbering.xml" in damaged or (damaged and numbering is not None):
        warnings.append(
            "Không đọc được phần đánh số tự động của tệp (" + ", ".join(sorted(damaged)) + " hỏng hoặc quá lớn); "
            "các số thứ tự tự động (1., a), Điều …) có thể bị thiếu trong nội dung đã nạp."
        )
    return numbering


def _load_docx(path: Path) -> LoadedText:
    """Paragraphs and tables of the main body in document order, one paragraph per line, NFC;
    automatically numbered paragraphs begin with their number as Word shows it."""
    _check_docx_zip(path)
    warnings: list[str] = []
    try:
        reader = _DocxBody(_docx_numbering(path, warnings))
        reader.blocks(_docx_body(path))
    except DocumentError:
        raise
    except Exception as exc:  # lxml / zipfile raise many types on damaged parts
        raise DocumentError(
            f"Tệp {path.name} là tệp .docx nhưng bị hỏng, không đọc được nội dung. "
            "Hãy mở bằng Word (Word thường tự sửa được), lưu lại thành .docx mới rồi nạp lại.",
            path,
        ) from exc
    tables = reader.tables
    for table in tables:
        table.header = [_normalise(c) for c in table.header]
        for row in table.rows:
            row.cells = [_normalise(c) for c in row.cells]
            row.group = _normalise(row.group) if row.group else row.group
    text = _normalise("\n".join(reader.lines))
    _require_text(path, text, " (văn bản trống hoặc chỉ có hình ảnh)")
    (text,) = _fix_legacy_pages(path, [text], warnings, tables)
    return LoadedText(text=text, page_starts=None, warnings=warnings, tables=tables)
