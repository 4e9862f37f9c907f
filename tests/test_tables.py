"""Tables are data: DOCX and PDF task tables become one addressed passage per row, with fields;
page furniture never becomes text; the registers read rows by header meaning; a DOCX whose zip
directory lies about a member's size is refused without inflating it.

Every document here is written by python-docx / fpdf2 / zipfile and read by the real loader.
"""
from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from bot.telegram_format import render_row_fields
from hoi.models import Chunk
from ingest.loaders import DocumentError, load_document
from ingest.parser import parse_document
from ingest.registers import build_registers
from ingest.tables import header_meaning
from tests.fixtures_docs import DEJAVU, make_docx

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


def _program_docx(path: Path) -> None:
    """A provincial program: layout header table, body, signature, then an appendix table with
    group rows spanning all columns, a vertically merged cell and the header repeated."""
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "TỈNH ỦY ĐỒNG XUYÊN\n*"
    t.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    t.cell(1, 0).text = "Số 12-CTr/TU"
    t.cell(1, 1).text = "Đồng Xuyên, ngày 05 tháng 3 năm 2025"
    for p in ["CHƯƠNG TRÌNH", "hành động về chuyển đổi số",
              "Căn cứ Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương,",
              "I. MỤC ĐÍCH, YÊU CẦU", "1. Nâng cao nhận thức của cán bộ, đảng viên.",
              "Nơi nhận:", "- Ban Bí thư,", "- Lưu VT.", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn An",
              "PHỤ LỤC", "DANH MỤC NHIỆM VỤ TRỌNG TÂM", "(Kèm theo Chương trình số 12-CTr/TU của Tỉnh ủy)"]:
        d.add_paragraph(p)
    rows = [HEADER,
            ["I. LĨNH VỰC TUYÊN TRUYỀN", "", "", "", "", ""],
            ["1", "Tổ chức quán triệt chương trình", "Ban Tuyên giáo Tỉnh ủy",
             "Sở Văn hóa, Thể thao và Du lịch; Báo Đồng Xuyên", "Quý II/2025", "Hội nghị"],
            ["2", "Xây dựng chuyên mục trên báo", "Báo Đồng Xuyên", "", "Năm 2025", "Chuyên mục"],
            HEADER,
            ["II. LĨNH VỰC ĐÀO TẠO", "", "", "", "", ""],
            ["1", "Đào tạo cán bộ trẻ", "Sở Nội vụ", "Sở Tài chính và UBND các huyện, thị xã",
             "Trước ngày 31/12/2025", "Đề án"],
            ["2", "Bồi dưỡng kỹ năng số", "", "Sở Thông tin và Truyền thông", "Hằng năm", "Lớp bồi dưỡng"]]
    t = d.add_table(rows=len(rows), cols=len(HEADER))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v:
                t.cell(r, c).text = v
    for r in (1, 5):
        t.cell(r, 0).merge(t.cell(r, 5))  # gridSpan: a group row
    t.cell(6, 2).merge(t.cell(7, 2))  # vMerge: Sở Nội vụ leads both rows
    d.save(str(path))


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    path = tmp_path_factory.mktemp("ctr") / "ctr.docx"
    _program_docx(path)
    loaded = load_document(path)
    return loaded, parse_document("ctr", loaded.text, loaded.page_starts, loaded.tables)


def test_header_meanings_from_data_file():
    assert header_meaning("Cơ quan/Đơn vị chủ trì") == "lead"
    assert header_meaning("Thời gian thực hiện") == "time"
    assert header_meaning("Đơn vị thực hiện") == "doer"
    assert header_meaning("Nội dung (nhiệm vụ / công việc)") == "content"
    assert header_meaning("Hình thức văn bản") == "product"
    assert header_meaning("Tổ chức quán triệt chương trình") is None


def test_docx_layout_table_is_header_lines_and_data_table_is_rows(program):
    loaded, parsed = program
    lines = loaded.text.split("\n")
    assert lines[:5] == ["TỈNH ỦY ĐỒNG XUYÊN", "*", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 12-CTr/TU",
                         "Đồng Xuyên, ngày 05 tháng 3 năm 2025"]
    assert len(loaded.tables) == 1
    assert parsed.header.number == "12-CTr/TU"
    # the header row repeated inside the table is not a row, and nothing is duplicated
    assert sum(l.startswith("STT |") for l in lines) == 1
    assert loaded.text.count("Tổ chức quán triệt chương trình") == 1
    rows = [c for c in parsed.chunks if c.kind == "row"]
    assert [c.section for c in rows] == ["Phụ lục, STT I.1", "Phụ lục, STT I.2", "Phụ lục, STT II.1",
                                         "Phụ lục, STT II.2"]
    first = rows[0]
    assert first.text == ("Nội dung nhiệm vụ: Tổ chức quán triệt chương trình; Cơ quan chủ trì: Ban Tuyên giáo Tỉnh ủy; "
                          "Cơ quan phối hợp: Sở Văn hóa, Thể thao và Du lịch; Báo Đồng Xuyên; "
                          "Thời gian hoàn thành: Quý II/2025; Sản phẩm: Hội nghị")
    assert first.heading_path[-1] == "I. LĨNH VỰC TUYÊN TRUYỀN"
    assert first.heading_path[0].startswith("PHỤ LỤC DANH MỤC NHIỆM VỤ TRỌNG TÂM")
    assert loaded.text[first.start:first.end].startswith("1 | Tổ chức quán triệt")
    # an empty cell is left out; a vertically merged cell gives its value to every row it spans
    assert ["Cơ quan phối hợp", ""] not in rows[1].fields and len(rows[1].fields) == 4
    assert ["Cơ quan chủ trì", "Sở Nội vụ"] in rows[3].fields
    # group rows are headings, not passages; the appendix and signature keep their places
    assert not any(c.text.startswith("II. LĨNH VỰC") for c in parsed.chunks if c.kind == "row")
    kinds = [c.kind for c in parsed.chunks]
    assert kinds.index("signature") < kinds.index("row")
    assert parsed.header.signer == "Nguyễn Văn An"


def test_registers_read_rows_by_header_meaning(program):
    _, parsed = program
    reg = build_registers(parsed.chunks)
    table = [(d.actor, d.role, d.task, d.section) for d in reg.duties if d.rule.startswith("table")]
    assert ("Ban Tuyên giáo Tỉnh ủy", "chủ trì", "Tổ chức quán triệt chương trình", "Phụ lục, STT I.1") in table
    assert ("Sở Văn hóa, Thể thao và Du lịch", "phối hợp", "Tổ chức quán triệt chương trình", "Phụ lục, STT I.1") in table
    assert ("Báo Đồng Xuyên", "phối hợp", "Tổ chức quán triệt chương trình", "Phụ lục, STT I.1") in table
    assert ("Sở Tài chính", "phối hợp", "Đào tạo cán bộ trẻ", "Phụ lục, STT II.1") in table
    assert ("UBND các huyện, thị xã", "phối hợp", "Đào tạo cán bộ trẻ", "Phụ lục, STT II.1") in table
    assert ("Sở Nội vụ", "chủ trì", "Bồi dưỡng kỹ năng số", "Phụ lục, STT II.2") in table
    row = next(c for c in parsed.chunks if c.section == "Phụ lục, STT II.1")
    duty = next(d for d in reg.duties if d.section == "Phụ lục, STT II.1" and d.role == "chủ trì")
    assert duty.chunk_id == row.chunk_id and duty.timeframe == "Trước ngày 31/12/2025"
    dl = next(d for d in reg.deadlines if d.chunk_id == row.chunk_id)
    assert dl.date == "2025-12-31" and dl.task == "Đào tạo cán bộ trẻ" and not dl.is_reference


def test_row_fields_serialise_and_render():
    c = Chunk("d", "Phụ lục, STT 3", None, [], "Nội dung: A <b>; Chủ trì: Sở X", 0, 5, kind="row",
              fields=[["Nội dung", "A <b>"], ["Chủ trì", "Sở X"]])
    back = Chunk.from_dict(json.loads(json.dumps(c.to_dict())))
    assert back == c and back.chunk_id == c.chunk_id
    old = {k: v for k, v in c.to_dict().items() if k != "fields"}  # an index written before fields
    assert Chunk.from_dict(old).fields is None
    assert render_row_fields(back.fields) == "<b>Nội dung</b>: A &lt;b&gt;\n<b>Chủ trì</b>: Sở X"


# -- PDF ------------------------------------------------------------------------------------

RUNNING = "Kế hoạch số 07-KH/HU của Huyện ủy Hòa Bình Tây"
PDF_HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]


class _Plan(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Doc", size=9)
            self.cell(0, 6, RUNNING, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Doc", size=9)
        self.cell(0, 6, f"Trang {self.page_no()}/{{nb}}", align="C")


def _plan_pdf(path: Path) -> None:
    """A district plan over 4 pages: running header from page 2, "Trang n/N" footers, a task
    table crossing from page 2 to page 3 (header repeated there) with row 4 split over the
    break (its continuation has an empty STT cell)."""
    pdf = _Plan(format="A4")
    pdf.alias_nb_pages()
    pdf.add_font("Doc", fname=str(DEJAVU))
    pdf.add_font("Doc", style="B", fname=str(DEJAVU).replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_font("Doc", size=11)

    def para(t: str) -> None:
        pdf.multi_cell(0, 6, t, new_x="LMARGIN", new_y="NEXT")

    def table(rows: list[list[str]]) -> None:
        with pdf.table(col_widths=(10, 60, 40, 40, 25), repeat_headings=1) as tb:
            for r in rows:
                row = tb.row()
                for c in r:
                    row.cell(c)

    pdf.add_page()
    for t in ["HUYỆN ỦY HÒA BÌNH TÂY", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 07-KH/HU",
              "Hòa Bình Tây, ngày 10 tháng 4 năm 2025", "KẾ HOẠCH", "triển khai chuyển đổi số",
              "Căn cứ Chương trình số 12-CTr/TU ngày 05/3/2025 của Tỉnh ủy,", "I. MỤC ĐÍCH, YÊU CẦU"]:
        para(t)
    topics = ["hạ tầng số", "dữ liệu dân cư", "dịch vụ công trực tuyến", "kỹ năng số", "an toàn thông tin",
              "thanh toán không dùng tiền mặt", "chính quyền số", "kinh tế số", "xã hội số", "nông nghiệp số",
              "y tế số", "giáo dục số", "du lịch thông minh", "thương mại điện tử", "truyền thông số",
              "văn hóa số", "đô thị thông minh", "giao thông số", "môi trường số", "tài nguyên số"]
    for k, topic in enumerate(topics, start=1):
        para(f"{k}. Tập trung phát triển {topic} gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị.")
    pdf.add_page()
    para("II. PHÂN CÔNG NHIỆM VỤ")
    rows = [[str(i), f"Triển khai {topics[i]} tại các xã, thị trấn", "Phòng Văn hóa và Thông tin huyện",
             "UBND các xã, thị trấn", f"Quý {['I', 'II', 'III', 'IV'][i % 4]}/2025"] for i in range(1, 4)]
    table([PDF_HEADER] + rows + [["4", "Xây dựng kho dữ liệu dùng chung", "Văn phòng Huyện ủy", "", ""]])
    pdf.add_page()
    table([PDF_HEADER, ["", "của hệ thống chính trị huyện", "", "Phòng Nội vụ", "Năm 2026"],
           ["5", "Sơ kết việc thực hiện kế hoạch", "Ban Tuyên giáo Huyện ủy", "", "Tháng 12/2026"]])
    para("III. TỔ CHỨC THỰC HIỆN")
    para("1. Ban Tuyên giáo Huyện ủy theo dõi, đôn đốc việc thực hiện kế hoạch này.")
    pdf.add_page()
    para("2. Các chi, đảng bộ cơ sở xây dựng kế hoạch cụ thể để thực hiện.")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("kh") / "kh.pdf"
    _plan_pdf(path)
    loaded = load_document(path)
    return loaded, parse_document("kh", loaded.text, loaded.page_starts, loaded.tables)


def test_pdf_table_rows_with_sections_fields_and_pages(plan):
    loaded, parsed = plan
    rows = [c for c in parsed.chunks if c.kind == "row"]
    assert [c.section for c in rows] == [f"II, STT {i}" for i in range(1, 6)]
    assert [c.page for c in rows] == [2, 2, 2, 2, 3]
    split = rows[3]  # the row split over the page break is one row, its halves joined
    assert split.fields == [["Nội dung công việc", "Xây dựng kho dữ liệu dùng chung của hệ thống chính trị huyện"],
                            ["Đơn vị chủ trì", "Văn phòng Huyện ủy"], ["Đơn vị phối hợp", "Phòng Nội vụ"],
                            ["Thời hạn", "Năm 2026"]]
    assert rows[0].text == ("Nội dung công việc: Triển khai dữ liệu dân cư tại các xã, thị trấn; "
                            "Đơn vị chủ trì: Phòng Văn hóa và Thông tin huyện; Đơn vị phối hợp: UBND các xã, thị trấn; "
                            "Thời hạn: Quý II/2025")
    assert sum(l.startswith("STT |") for l in loaded.text.split("\n")) == 1  # header once, not per page
    by_section = {c.section: c for c in parsed.chunks}
    assert by_section["III.1"].page == 3 and by_section["III.2"].page == 4
    assert by_section["I.20"].text.startswith("Tập trung phát triển tài nguyên số")
    reg = build_registers(parsed.chunks)
    assert any(d.actor == "Văn phòng Huyện ủy" and d.role == "chủ trì" and d.section == "II, STT 4"
               for d in reg.duties)


def test_pdf_running_header_footer_and_page_numbers_never_become_text(plan):
    loaded, parsed = plan
    assert RUNNING not in loaded.text
    assert "Trang " not in loaded.text
    for c in parsed.chunks:
        assert "Hòa Bình Tây" not in c.text or c.kind == "header", c
        assert "Trang" not in c.text, c
    # the page offsets still match where the text stands
    for c in parsed.chunks:
        assert loaded.page_of(c.start) == c.page


# -- DOCX whose zip directory lies -----------------------------------------------------------

def _lying_docx(path: Path, inflated_mb: int) -> None:
    """A DOCX whose word/document.xml inflates to `inflated_mb` MB while the central directory
    and the local header both declare 2,000 bytes."""
    make_docx(path, ["Kế hoạch"])
    with zipfile.ZipFile(path) as zf:
        members = [(i, zf.read(i)) for i in zf.infolist() if i.filename != "word/document.xml"]
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    blob = [comp.compress(head)]
    block = b"a" * (1 << 20)
    for _ in range(inflated_mb):
        blob.append(comp.compress(block))
    blob.append(comp.flush())
    data = b"".join(blob)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, content in members:
            zf.writestr(info, content)
    # Append the member by hand: [existing local entries][our local entry][central directory],
    # its declared uncompressed size (local header and directory alike) a lie.
    raw = bytearray(path.read_bytes())
    name = b"word/document.xml"
    eocd = raw.rfind(b"PK\x05\x06")
    n = struct.unpack("<H", raw[eocd + 10:eocd + 12])[0]
    cd_size = struct.unpack("<I", raw[eocd + 12:eocd + 16])[0]
    cd_offset = struct.unpack("<I", raw[eocd + 16:eocd + 20])[0]
    entries, central = raw[:cd_offset], raw[cd_offset:cd_offset + cd_size]
    lied, crc, local_at = 2000, 0, len(entries)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), lied, len(name), 0) + name
    cd_entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), lied,
                           len(name), 0, 0, 0, 0, 0, local_at) + name
    body = entries + local + data
    new_cd = central + cd_entry
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n + 1, n + 1, len(new_cd), len(body), 0)
    path.write_bytes(bytes(body + new_cd + end))


def test_docx_lying_zip_directory_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "noi-doi.docx"
    _lying_docx(path, inflated_mb=400)
    assert path.stat().st_size < 3_000_000
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("word/document.xml").file_size == 2000  # what the directory claims
    script = (
        "import resource, sys\n"
        "from ingest.loaders import DocumentError, load_document\n"
        "try:\n"
        f"    load_document({str(path)!r})\n"
        "    print('LOADED')\n"
        "except DocumentError as exc:\n"
        "    print('REFUSED', exc)\n"
        # VmHWM (peak RSS of this process image); ru_maxrss would keep the forking pytest's peak
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "kb = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print('RSS_MB', kb / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "REFUSED" in out.stdout and "an toàn" in out.stdout, out.stdout
    rss = float(out.stdout.split("RSS_MB")[1])
    assert rss < 300, out.stdout  # a 400 MB member is never inflated whole
    print(f"peak RSS loading the lying DOCX: {rss:.0f} MB")


def test_docx_real_inflated_size_capped_while_reading(tmp_path: Path, monkeypatch) -> None:
    from ingest import loaders

    path = tmp_path / "lon.docx"
    make_docx(path, ["Kế hoạch thực hiện nghị quyết " * 50] * 40)
    monkeypatch.setattr(loaders, "MAX_DOCX_XML_BYTES", 20_000)
    with pytest.raises(DocumentError) as exc:
        load_document(path)
    assert "an toàn" in str(exc.value) and path.name in str(exc.value)
