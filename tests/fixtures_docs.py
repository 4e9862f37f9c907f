"""Helpers that write real test documents with real libraries (fpdf2, pypdf, python-docx, zipfile).

Nothing here is mocked: the loader tests read files these functions write, the same way they
would read a cadre's upload. Also holds Unicode -> TCVN3 / VNI encoders written for the tests
from the published code charts, independently of the decoder tables in ingest/legacy.py, so a
round trip checks the decoder against a second reading of the charts, not against itself.
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
PAGE_BREAK = "\f"  # in make_pdf text: start a new page here

# -- PDF -----------------------------------------------------------------------------------


def make_pdf(
    path: Path, text: str, font: Path = DEJAVU, size: float = 11, line_height: float = 6, align: str = "L"
) -> list[tuple[str, int, int]]:
    """Write `text` as a real text PDF: one multi_cell per source line, so long lines wrap.

    A form feed in `text` forces a new page; otherwise fpdf2's automatic page breaks apply.
    Tabs become four spaces (a PDF has no tab character; DejaVu has no tab glyph). Lines are
    left-aligned by default: fpdf2 justifies Unicode-font text by spacing words one by one,
    which pypdf reads back as double spaces, an artefact Word's PDF export doesn't have.
    Returns, for every source line, (line, first page, last page) as fpdf2 laid it out, so
    tests can check the loader's page offsets against where the lines really are.
    """
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("Doc", fname=str(font))
    pdf.set_font("Doc", size=size)
    pdf.add_page()
    layout: list[tuple[str, int, int]] = []
    for chunk_no, chunk in enumerate(text.split(PAGE_BREAK)):
        if chunk_no:
            pdf.add_page()
        for line in chunk.split("\n"):
            line = line.replace("\t", "    ")
            first = pdf.page_no()
            if pdf.get_y() + line_height > pdf.page_break_trigger:
                first += 1
            pdf.multi_cell(0, line_height, line, align=align, new_x="LMARGIN", new_y="NEXT")
            layout.append((line, first, pdf.page_no()))
    pdf.output(str(path))
    return layout


def make_encrypted_pdf(
    path: Path,
    text: str = "Nghị quyết số 45-NQ/TW về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức",
    user_password: str = "matkhau",
    owner_password: str = "chuso",
) -> None:
    """A text PDF encrypted with RC4-128 (needs no crypto package). An empty user password
    gives the common "protected against editing" PDF that opens without asking."""
    tmp = path.with_suffix(".plain.pdf")
    make_pdf(tmp, text)
    plain = io.BytesIO(tmp.read_bytes())
    tmp.unlink()
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    with open(path, "wb") as fh:
        writer.write(fh)


def make_scanned_pdf(path: Path, pages: int = 2) -> None:
    """Image-only PDF like a scanner makes: each page is a picture of text plus drawn shapes,
    with no text layer at all."""
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4")
    for page in range(pages):
        pdf.add_page()
        img = Image.new("L", (800, 1100), 255)
        draw = ImageDraw.Draw(img)
        for row in range(40):  # grey bars standing in for scanned lines of type
            y = 60 + row * 25
            draw.rectangle([60, y, 60 + 600 - (row * 37) % 200, y + 10], fill=90 + (row * 13) % 60)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        pdf.image(buf, x=10, y=10, w=190)
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(15, 250, 60, 20)
        pdf.ellipse(120, 250, 30, 30)
    pdf.output(str(path))


def make_truncated_pdf(path: Path, text: str = "Nghị quyết số 45-NQ/TW", keep: float = 0.4) -> None:
    """A real PDF cut off part-way, like an interrupted download."""
    tmp = path.with_suffix(".full.pdf")
    make_pdf(tmp, text)
    data = tmp.read_bytes()
    tmp.unlink()
    path.write_bytes(data[: max(16, int(len(data) * keep))])


# -- DOCX ----------------------------------------------------------------------------------


def make_docx(
    path: Path,
    paragraphs: list[str],
    table_rows: list[list[str]] | None = None,
    table_after: int | None = None,
    merge_first_row: bool = False,
) -> None:
    """A real DOCX: `paragraphs` in order, and optionally a table inserted after paragraph
    number `table_after` (0-based; None = at the end). A cell text with "\\n" becomes several
    paragraphs in that cell. `merge_first_row` merges the first row's cells horizontally, as
    Party documents do for the issuing-body header."""
    import docx

    doc = docx.Document()
    # python-docx's template starts empty; add paragraphs and place the table where asked.
    where = len(paragraphs) - 1 if table_after is None else table_after
    if table_rows and where < 0:
        _add_table(doc, table_rows, merge_first_row)
    for i, text in enumerate(paragraphs):
        doc.add_paragraph(text)
        if table_rows and i == where:
            _add_table(doc, table_rows, merge_first_row)
    doc.save(str(path))


def _add_table(doc, rows: list[list[str]], merge_first_row: bool) -> None:
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text:
                continue  # leave Word's empty paragraph as is (merging then drops it, as in Word)
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for extra in lines[1:]:
                cell.add_paragraph(extra)
    if merge_first_row and ncols > 1:
        table.cell(0, 0).merge(table.cell(0, ncols - 1))


def make_zip_bomb_docx(path: Path, inflated_mb: int = 120, member: str = "word/media/image1.bin") -> None:
    """A valid small DOCX plus one member of `inflated_mb` MB of zeros (~1000:1 deflate):
    harmless on disk, but a reader that extracts everything would allocate it all."""
    make_docx(path, ["Kế hoạch thực hiện Nghị quyết số 45-NQ/TW"])
    chunk = b"\0" * (1 << 20)
    info = zipfile.ZipInfo(member, date_time=(2024, 1, 12, 8, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as zf:
        with zf.open(info, "w", force_zip64=True) as fh:
            for _ in range(inflated_mb):
                fh.write(chunk)


def make_not_docx(path: Path, kind: str = "text") -> None:
    """A file named .docx that is not one: "text" (plain text renamed), "doc" (an old Word
    97-2003 / OLE2 file renamed), "zip" (a zip without Word parts), "pdf" (a PDF renamed)."""
    if kind == "text":
        path.write_text("Đây là tệp văn bản thường bị đổi đuôi thành .docx\n", encoding="utf-8")
    elif kind == "doc":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Kế hoạch".encode("utf-16-le") * 50)
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "không phải Word")
    elif kind == "pdf":
        make_pdf(path, "Nghị quyết")
    else:
        raise ValueError(kind)


# -- legacy Vietnamese encoders (test side) ------------------------------------------------

# TCVN3 (TCVN 5712:1993 VN3, the ABC .VnTime fonts): Unicode letter -> code byte. Written per
# vowel in the order plain, huyền, hỏi, ngã, sắc, nặng, from the ABC code chart.
_TCVN3_CHART = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7, "đ": 0xAE}
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # plain, huyền, hỏi, ngã, sắc, nặng
VOWELS = "aăâeêioôơuưy"


def _split_letter(ch: str) -> tuple[str, str]:
    """'ệ' -> ('ê', '\\u0323'): base letter with its shape mark, and the tone mark."""
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in d if c in TONES[1:])
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES[1:]))
    return base, tone


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3, as the characters a .txt/.docx of .VnTime text holds.

    Accented capitals without a TCVN3 code take the lower-case code, exactly as text typed in
    the .VnTimeH capitals font does.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_CAPITALS:
            out.append(chr(_TCVN3_CAPITALS[ch]))
            continue
        base, tone = _split_letter(ch)
        codes = _TCVN3_CHART.get(base.lower())
        code = codes[TONES.index(tone)] if codes else None
        out.append(ch if code is None else chr(code))
    return "".join(out)


# VNI-Windows: base letter + one mark character; lower-case marks shown, capitals use .upper().
_VNI_TONE_MARK = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRC_MARK = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE_MARK = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def encode_vni(text: str) -> str:
    """Unicode -> VNI-Windows (VNI-Times fonts), capitals with their own codes."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        base, tone = _split_letter(ch)
        low = base.lower()
        upper = base != low
        if low == "đ":
            enc = "ñ"
        elif low == "i":
            enc = _VNI_I[tone]
        elif low == "y" and tone == "\u0323":
            enc = "î"
        elif low in ("â", "ê", "ô"):
            enc = {"â": "a", "ê": "e", "ô": "o"}[low] + _VNI_CIRC_MARK[tone]
        elif low == "ă":
            enc = "a" + _VNI_BREVE_MARK[tone]
        elif low in ("ơ", "ư"):
            enc = {"ơ": "ô", "ư": "ö"}[low] + _VNI_TONE_MARK.get(tone, "")
        elif low in "aeouy" and len(low) == 1 and tone:
            enc = low + _VNI_TONE_MARK[tone]
        else:
            out.append(ch)
            continue
        out.append(enc.upper() if upper else enc)
    return "".join(out)


def all_vietnamese_letters() -> tuple[str, str]:
    """Every Vietnamese vowel letter with every tone, lower case and upper case, plus đ/Đ."""
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    return "".join(lower), "".join(c.upper() for c in lower)


def encode_cp1258(text: str) -> bytes:
    """Unicode -> Windows-1258 the way Vietnamese Windows saves "ANSI" text: shaped letters
    (ă, ê, ơ, ...) precomposed, tones as combining marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        base, tone = _split_letter(ch)
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def engine_from_files(tmp_path_factory, files: dict[str, Any]) -> Any:
    """A real engine over a real index on disk built from `files` (name -> text, or a callable
    that writes the file at the path it is given, e.g. a DOCX maker)."""
    from bot.engine import Engine
    from hoi.settings import Settings
    from ingest.build import run_ingest

    corpus = tmp_path_factory.mktemp("corpus")
    for name, content in files.items():
        if callable(content):
            content(corpus / name)
        else:
            (corpus / name).write_text(content, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)
