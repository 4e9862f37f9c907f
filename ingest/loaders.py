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

from .legacy import convert_lines, detect_legacy, is_syllable, warnings_for

MAX_FILE_BYTES = 50 * 1024 * 1024  # any format; real Party documents are far smaller
MAX_PDF_PAGES = 1000
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024  # total of the zip directory's declared sizes
MAX_DOCX_RATIO = 100  # per member bigger than MIN_RATIO_CHECK; Word XML deflates ~5-20:1
MIN_RATIO_CHECK = 2 * 1024 * 1024
MAX_DOCX_MEMBERS = 5000
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
    """

    text: str
    page_starts: list[int] | None
    warnings: list[str] = field(default_factory=list)

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


def _fix_legacy_pages(path: Path, pages: list[str], warnings: list[str]) -> list[str]:
    """Detect a legacy encoding over the whole document, convert each piece the same way."""
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
    warnings.extend(warnings_for(det, changed))
    return out


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
    pages = _fix_legacy_pages(path, pages, warnings)
    page_starts: list[int] = []
    offset = 0
    for page in pages[:-1]:
        offset += len(page) + 1  # + the joining "\n"
        page_starts.append(offset)
    return LoadedText(text="\n".join(pages), page_starts=page_starts, warnings=warnings)


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


def _docx_lines(body) -> list[str]:
    """Body text in document order: paragraphs; tables row by row, cells left to right, each
    cell paragraph on its own line, a merged cell once; content controls; text boxes right
    after the paragraph they are anchored in (Word stores each twice, DrawingML + VML: one
    copy is read). Headers/footers are left out: they repeat on every page and carry no
    content of their own."""
    lines: list[str] = []

    def blocks(parent) -> None:
        for el in parent.iterchildren():
            tag = el.tag
            if tag == _W + "p":
                lines.append(_paragraph_text(el))
                for box in el.iter(_W + "txbxContent"):
                    if _outermost_box(box, el):
                        blocks(box)
            elif tag == _W + "tbl":
                for tr in _children(el, _W + "tr"):
                    for tc in _children(tr, _W + "tc"):
                        vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                        if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                            continue  # continuation of a vertically merged cell
                        blocks(tc)
            elif tag in _WRAPPERS:
                blocks(el)

    blocks(body)
    return lines


def _load_docx(path: Path) -> LoadedText:
    """Paragraphs and tables of the main body, one paragraph per line, NFC."""
    import docx

    _check_docx_zip(path)
    try:
        document = docx.Document(str(path))
        lines = _docx_lines(document.element.body)
    except Exception as exc:  # python-docx / lxml raise many types on damaged parts
        raise DocumentError(
            f"Tệp {path.name} là tệp .docx nhưng bị hỏng, không đọc được nội dung. "
            "Hãy mở bằng Word (Word thường tự sửa được), lưu lại thành .docx mới rồi nạp lại.",
            path,
        ) from exc
    text = _normalise("\n".join(lines))
    _require_text(path, text, " (văn bản trống hoặc chỉ có hình ảnh)")
    warnings: list[str] = []
    (text,) = _fix_legacy_pages(path, [text], warnings)
    return LoadedText(text=text, page_starts=None, warnings=warnings)
