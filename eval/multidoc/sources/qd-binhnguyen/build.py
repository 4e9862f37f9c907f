"""Build the qd-binhnguyen source file: a fictional HĐND resolution issuing an attached Quy định, PDF.

The text is kept next to this script in qd-binhnguyen.txt (UTF-8, one paragraph a line, in
reading order). A few directive lines say how to lay out what the plain lines cannot:

    #HEAD       the two-column header block (issuer, number | quốc hiệu, tiêu ngữ, place and date)
    #CB text    a centred bold line            #CI text   a centred italic line
    #I text     an italic paragraph (căn cứ)   #RULE      a short centred rule (drawn, not text)
    #SIGN       nơi nhận (left column) and the signature block (right column)
    #NEWPAGE    start a new page

Plain lines: "Chương …" and the line after it, "Mục N. …" are centred bold; "Điều N. …" is a bold
paragraph; every other line is a regular paragraph. Every paragraph starts with a first-line
indent and its further lines start at the left margin (this is how check_gold.py tells
paragraphs apart). From page 2 on, every page carries a running header; every page has a
"Trang N" footer. Output is deterministic (fixed creation date, fixed fonts).

    python build.py OUT_DIR
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
TEXT = HERE / "qd-binhnguyen.txt"
FILE_NAME = "qd-binhnguyen.pdf"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
RUNNING_HEADER = "HĐND tỉnh Bình Nguyên - Nghị quyết số 08/2026/NQ-HĐND ngày 10/7/2026"
CREATED = dt.datetime(2026, 7, 10, 9, 0, 0, tzinfo=dt.timezone.utc)

LEFT, RIGHT, TOP, BOTTOM = 25.0, 18.0, 20.0, 20.0
INDENT = 10.0
BODY_PT, LINE_H, PARA_GAP = 11, 5.6, 1.6

NOI_NHAN = [
    "- Ủy ban Thường vụ Quốc hội;",
    "- Chính phủ;",
    "- Bộ Nông nghiệp và Môi trường;",
    "- Bộ Tài chính;",
    "- Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính - Bộ Tư pháp;",
    "- Thường trực Tỉnh ủy;",
    "- Thường trực HĐND, UBND, Ủy ban MTTQ Việt Nam tỉnh;",
    "- Đoàn đại biểu Quốc hội tỉnh;",
    "- Đại biểu HĐND tỉnh;",
    "- Các sở, ban, ngành, đoàn thể cấp tỉnh;",
    "- HĐND, UBND các xã, phường;",
    "- Công báo tỉnh, Cổng thông tin điện tử tỉnh;",
    "- Lưu: VT, KTNS.",
]


class Doc(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("DejaVu", "I", 8.5)
            self.set_xy(LEFT, 10)
            self.cell(self.w - LEFT - RIGHT, 4, RUNNING_HEADER, align="C")
            self.set_draw_color(120, 120, 120)
            self.line(LEFT, 15, self.w - RIGHT, 15)
            self.set_xy(LEFT, TOP)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("DejaVu", "", 9)
        self.cell(0, 4, f"Trang {self.page_no()}", align="C")


def _new_pdf() -> Doc:
    pdf = Doc(format="A4", unit="mm")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, BOTTOM)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.set_creation_date(CREATED)
    pdf.set_title("Nghị quyết số 08/2026/NQ-HĐND")
    pdf.set_author("Hội đồng nhân dân tỉnh Bình Nguyên")
    pdf.set_creator("qd-binhnguyen build.py")
    pdf.set_producer("fpdf2")
    return pdf


def _width(pdf: Doc) -> float:
    return pdf.w - LEFT - RIGHT


def _paragraph(pdf: Doc, text: str, style: str = "") -> None:
    pdf.set_font("DejaVu", style, BODY_PT)
    if pdf.get_y() + LINE_H > pdf.h - BOTTOM:
        pdf.add_page()
    pdf.set_x(LEFT + INDENT)
    pdf.write(LINE_H, text)
    pdf.ln(LINE_H)
    pdf.ln(PARA_GAP)


def _centred(pdf: Doc, text: str, style: str, size: float = BODY_PT) -> None:
    pdf.set_font("DejaVu", style, size)
    pdf.set_x(LEFT)
    pdf.multi_cell(_width(pdf), LINE_H, text, align="C")
    pdf.ln(0.6)


def _rule(pdf: Doc, length: float = 40.0) -> None:
    y = pdf.get_y() + 1.5
    mid = LEFT + _width(pdf) / 2
    pdf.set_draw_color(0, 0, 0)
    pdf.line(mid - length / 2, y, mid + length / 2, y)
    pdf.set_y(y + 4)


def _head(pdf: Doc) -> None:
    top = pdf.get_y()
    lw, rx = 72.0, LEFT + 72.0
    rw = pdf.w - RIGHT - rx
    pdf.set_font("DejaVu", "B", 11)
    for i, line in enumerate(["HỘI ĐỒNG NHÂN DÂN", "TỈNH BÌNH NGUYÊN"]):
        pdf.set_xy(LEFT, top + i * 5.5)
        pdf.cell(lw, 5.5, line, align="C")
    pdf.line(LEFT + lw / 2 - 12, top + 12, LEFT + lw / 2 + 12, top + 12)
    pdf.set_font("DejaVu", "", 11)
    pdf.set_xy(LEFT, top + 15)
    pdf.cell(lw, 5.5, "Số: 08/2026/NQ-HĐND", align="C")
    pdf.set_font("DejaVu", "B", 10.5)
    for i, line in enumerate(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]):
        pdf.set_xy(rx, top + i * 5.5)
        pdf.cell(rw, 5.5, line, align="C")
    pdf.line(rx + rw / 2 - 25, top + 12, rx + rw / 2 + 25, top + 12)
    pdf.set_font("DejaVu", "I", 11)
    pdf.set_xy(rx, top + 15)
    pdf.cell(rw, 5.5, "Bình Nguyên, ngày 10 tháng 7 năm 2026", align="C")
    pdf.set_y(top + 30)


def _sign(pdf: Doc) -> None:
    if pdf.get_y() + 75 > pdf.h - BOTTOM:
        pdf.add_page()
    top = pdf.get_y() + 2
    x = LEFT + 1.0  # a hair right of the margin: each line of the list is its own paragraph
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_xy(x, top)
    pdf.cell(85, 5, "Nơi nhận:")
    pdf.set_font("DejaVu", "", 8.5)
    y = top + 5.5
    for line in NOI_NHAN:
        pdf.set_xy(x, y)
        pdf.cell(85, 4.2, line)
        y += 4.2
    rx = LEFT + 95
    rw = pdf.w - RIGHT - rx
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_xy(rx, top)
    pdf.cell(rw, 5.5, "CHỦ TỊCH", align="C")
    pdf.set_font("DejaVu", "I", 10)
    pdf.set_xy(rx, top + 14)
    pdf.cell(rw, 5.5, "(Đã ký)", align="C")
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_xy(rx, top + 30)
    pdf.cell(rw, 5.5, "Trần Quang Vĩnh", align="C")
    pdf.set_y(max(y, top + 36) + 4)


def render(pdf: Doc, lines: list[str]) -> None:
    after_chapter = False
    for raw in lines:
        line = raw.rstrip()
        if not line:
            continue
        if line == "#HEAD":
            _head(pdf)
        elif line == "#SIGN":
            _sign(pdf)
        elif line == "#NEWPAGE":
            pdf.add_page()
        elif line == "#RULE":
            _rule(pdf)
        elif line.startswith("#CB "):
            _centred(pdf, line[4:], "B", 12 if line[4:] in ("NGHỊ QUYẾT", "QUY ĐỊNH") else BODY_PT)
        elif line.startswith("#CI "):
            _centred(pdf, line[4:], "I")
        elif line.startswith("#I "):
            _paragraph(pdf, line[3:], "I")
        elif re.fullmatch(r"Chương [IVXLC]+", line):
            pdf.ln(2)
            _centred(pdf, line, "B")
            after_chapter = True
            continue
        elif after_chapter or re.match(r"Mục \d+\. ", line):
            _centred(pdf, line, "B")
            pdf.ln(1.5)
        elif re.match(r"Điều \d+\. ", line):
            _paragraph(pdf, line, "B")
        else:
            _paragraph(pdf, line)
        after_chapter = False


def build(out_dir: Path) -> Path:
    """Write qd-binhnguyen.pdf into out_dir (created if needed) and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = _new_pdf()
    pdf.add_page()
    render(pdf, TEXT.read_text(encoding="utf-8").splitlines())
    target = out_dir / FILE_NAME
    pdf.output(str(target))
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python build.py OUT_DIR")
    print(build(Path(sys.argv[1])))
