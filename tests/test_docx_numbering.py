"""Word's automatic numbering is read as the text a reader sees (ingest/numbering.py).

Every document here is a real DOCX written by python-docx whose numbers are automatic, not
typed: the template's "List Number" / "List Bullet" styles, or numbering definitions written
into the numbering part (w:abstractNum + w:num) the way Word, LibreOffice and pandoc write
them. Without the numbering reader these lines have no "1.", "a)" or "Điều 1." at all, and the
parser finds no items, points or articles.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from hoi.index import Index
from ingest.build import run_ingest
from ingest.loaders import load_document
from ingest.numbering import format_number
from ingest.parser import parse_document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TASK_HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]


# -- helpers: numbering written into the document's numbering part -------------------------


def _el(tag: str, val: str | None = None, **attrs: str):
    el = etree.Element(qn(tag))
    if val is not None:
        el.set(qn("w:val"), val)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def add_list(doc, levels: list[dict], overrides: dict[int, int] | None = None, abstract: int | None = None) -> int:
    """Add a w:num (and, unless `abstract` names an existing one, its w:abstractNum) to the
    document's numbering part; returns the numId. A level is {fmt, text, start?, legal?,
    suff?}; `overrides` maps ilvl -> w:startOverride."""
    numbering = doc.part.numbering_part.element
    if abstract is None:
        abstract = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                           default=-1)
        an = _el("w:abstractNum", abstractNumId=str(abstract))
        an.append(_el("w:multiLevelType", "multilevel"))
        for ilvl, lv in enumerate(levels):
            lvl = _el("w:lvl", ilvl=str(ilvl))
            lvl.append(_el("w:start", str(lv.get("start", 1))))
            lvl.append(_el("w:numFmt", lv["fmt"]))
            if lv.get("legal"):
                lvl.append(_el("w:isLgl"))
            if lv.get("suff"):
                lvl.append(_el("w:suff", lv["suff"]))
            lvl.append(_el("w:lvlText", lv["text"]))
            an.append(lvl)
        first_num = numbering.find(qn("w:num"))  # the schema puts every abstractNum before the nums
        if first_num is not None:
            first_num.addprevious(an)
        else:
            numbering.append(an)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    num = _el("w:num", numId=str(num_id))
    num.append(_el("w:abstractNumId", str(abstract)))
    for ilvl, start in (overrides or {}).items():
        ov = _el("w:lvlOverride", ilvl=str(ilvl))
        ov.append(_el("w:startOverride", str(start)))
        num.append(ov)
    numbering.append(num)
    return num_id


def abstract_of(doc, num_id: int) -> int:
    for num in doc.part.numbering_part.element.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    raise KeyError(num_id)


def number(paragraph, num_id: int, ilvl: int = 0):
    """Give a python-docx paragraph (or paragraph style) automatic numbering (w:pPr/w:numPr)."""
    element = paragraph._p if hasattr(paragraph, "_p") else paragraph.element
    num_pr = element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def add(doc, text: str, num_id: int | None = None, ilvl: int = 0, style: str | None = None):
    p = doc.add_paragraph(text, style=style)
    return number(p, num_id, ilvl) if num_id is not None else p


def lines_of(path: Path) -> list[str]:
    return load_document(path).text.split("\n")


PLAN_LEVELS = [  # a Party plan: parts I., items 1., points a)
    {"fmt": "upperRoman", "text": "%1."},
    {"fmt": "decimal", "text": "%2."},
    {"fmt": "lowerLetter", "text": "%3)"},
]


# -- loader ---------------------------------------------------------------------------------


def test_list_number_and_list_bullet_styles_give_numbers_and_dashes(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Các nhiệm vụ:")
    for text in ["Tuyên truyền nghị quyết.", "Kiểm tra, giám sát.", "Sơ kết, tổng kết."]:
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph("Báo cáo kết quả hằng quý.", style="List Bullet")
    number(doc.add_paragraph("Không đánh số.", style="List Number"), 0)  # numId 0: no number, whatever the style says
    doc.save(str(tmp_path / "ds.docx"))
    assert lines_of(tmp_path / "ds.docx") == [
        "Các nhiệm vụ:",
        "1. Tuyên truyền nghị quyết.",
        "2. Kiểm tra, giám sát.",
        "3. Sơ kết, tổng kết.",
        "- Báo cáo kết quả hằng quý.",
        "Không đánh số.",
    ]


def test_items_and_points_from_own_definitions_restart_under_a_new_item(tmp_path):
    doc = docx.Document()
    n = add_list(doc, [{"fmt": "decimal", "text": "%1."}, {"fmt": "lowerLetter", "text": "%2)", "suff": "space"}])
    add(doc, "Về công tác tuyên truyền", n, 0)
    add(doc, "Quán triệt nghị quyết đến chi bộ;", n, 1)
    doc.add_paragraph("Một đoạn giải thích không đánh số xen giữa danh sách.")
    add(doc, "Biên soạn tài liệu hỏi đáp.", n, 1)
    add(doc, "Về công tác kiểm tra", n, 0)
    add(doc, "Kiểm tra chuyên đề.", n, 1)
    doc.save(str(tmp_path / "kh.docx"))
    assert lines_of(tmp_path / "kh.docx") == [
        "1. Về công tác tuyên truyền",
        "a) Quán triệt nghị quyết đến chi bộ;",
        "Một đoạn giải thích không đánh số xen giữa danh sách.",
        "b) Biên soạn tài liệu hỏi đáp.",
        "2. Về công tác kiểm tra",
        "a) Kiểm tra chuyên đề.",  # a new level-0 item restarts the letters
    ]


def test_articles_start_override_and_lists_sharing_an_abstract_definition(tmp_path):
    doc = docx.Document()
    art = add_list(doc, [{"fmt": "decimal", "text": "Điều %1."}, {"fmt": "decimal", "text": "%2."}])
    add(doc, "Phạm vi điều chỉnh", art, 0)
    add(doc, "Quy chế này quy định việc quản lý kho lưu trữ.", art, 1)
    add(doc, "Đối tượng áp dụng", art, 0)
    same = add_list(doc, [], abstract=abstract_of(doc, art))  # another w:num, same list: it continues
    add(doc, "Hiệu lực thi hành", same, 0)
    restart = add_list(doc, [], overrides={0: 5}, abstract=abstract_of(doc, art))  # "Restart at 5"
    add(doc, "Điều khoản chuyển tiếp", restart, 0)
    add(doc, "Tổ chức thực hiện", restart, 0)
    doc.save(str(tmp_path / "qc.docx"))
    assert lines_of(tmp_path / "qc.docx") == [
        "Điều 1. Phạm vi điều chỉnh",
        "1. Quy chế này quy định việc quản lý kho lưu trữ.",
        "Điều 2. Đối tượng áp dụng",
        "Điều 3. Hiệu lực thi hành",
        "Điều 5. Điều khoản chuyển tiếp",
        "Điều 6. Tổ chức thực hiện",
    ]


def test_multilevel_text_legal_numbers_and_formats(tmp_path):
    doc = docx.Document()
    roman = add_list(doc, [{"fmt": "upperRoman", "text": "%1."}, {"fmt": "decimal", "text": "%1.%2."}])
    legal = add_list(doc, [{"fmt": "upperRoman", "text": "%1."},
                           {"fmt": "decimal", "text": "%1.%2.", "legal": True}])
    zero = add_list(doc, [{"fmt": "decimalZero", "text": "%1."}])
    plain = add_list(doc, [{"fmt": "none", "text": ""}, {"fmt": "vietnameseCounting", "text": "(%2)"}])
    add(doc, "MỤC ĐÍCH", roman, 0)
    add(doc, "NHIỆM VỤ", roman, 0)
    add(doc, "Nhiệm vụ chung", roman, 1)
    add(doc, "NỘI DUNG", legal, 0)
    add(doc, "Nội dung thứ nhất", legal, 1)
    add(doc, "Nội dung thứ hai", legal, 1)
    add(doc, "Phụ lục kèm theo", zero, 0)
    add(doc, "Lời dẫn không có số", plain, 0)
    add(doc, "Ý kiến", plain, 1)
    doc.save(str(tmp_path / "ml.docx"))
    assert lines_of(tmp_path / "ml.docx") == [
        "I. MỤC ĐÍCH", "II. NHIỆM VỤ", "II.1. Nhiệm vụ chung",
        "I. NỘI DUNG", "1.1. Nội dung thứ nhất", "1.2. Nội dung thứ hai",  # isLgl: decimal throughout
        "01. Phụ lục kèm theo",
        "Lời dẫn không có số", "(1) Ý kiến",  # none shows nothing; an unknown format is decimal
    ]


@pytest.mark.parametrize("n, fmt, shown", [
    (1, "lowerLetter", "a"), (26, "lowerLetter", "z"), (27, "lowerLetter", "aa"), (2, "upperLetter", "B"),
    (4, "lowerRoman", "iv"), (14, "upperRoman", "XIV"), (7, "decimalZero", "07"), (12, "decimalZero", "12"),
    (3, "ordinalText", "3"), (5, "bullet", ""), (780, "lowerLetter", "z" * 30), (781, "lowerLetter", "781"),
    (10**9, "upperLetter", str(10**9)),
])
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_numbering_inherited_from_a_style_and_its_based_on_chain(tmp_path):
    doc = docx.Document()
    art = add_list(doc, [{"fmt": "decimal", "text": "Điều %1."}])
    base = doc.styles.add_style("Dieu", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    base.base_style = doc.styles["Normal"]
    number(base, art)  # the style carries the numbering (w:style/w:pPr/w:numPr)
    derived = doc.styles.add_style("Dieu dam", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = base
    doc.add_paragraph("Vị trí và chức năng", style="Dieu")
    doc.add_paragraph("Nhiệm vụ và quyền hạn", style="Dieu dam")
    own = add_list(doc, [{"fmt": "lowerLetter", "text": "%1)"}])
    number(doc.add_paragraph("Quyền riêng của đoạn", style="Dieu dam"), own)  # its own numPr wins
    doc.save(str(tmp_path / "st.docx"))
    assert lines_of(tmp_path / "st.docx") == [
        "Điều 1. Vị trí và chức năng", "Điều 2. Nhiệm vụ và quyền hạn", "a) Quyền riêng của đoạn",
    ]


def _rewrite_member(src: Path, dst: Path, member: str, data: bytes | None) -> None:
    """Copy a DOCX with one member replaced (None: left out)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info))
            elif data is not None:
                zout.writestr(info, data)


def test_broken_or_missing_numbering_part_still_loads(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH tuyên truyền")
    doc.add_paragraph("Tổ chức hội nghị quán triệt.", style="List Number")
    doc.add_paragraph("Treo băng rôn, khẩu hiệu.", style="List Number")
    good = tmp_path / "tot.docx"
    doc.save(str(good))
    assert lines_of(good)[1:] == ["1. Tổ chức hội nghị quán triệt.", "2. Treo băng rôn, khẩu hiệu."]

    broken = tmp_path / "hong.docx"
    _rewrite_member(good, broken, "word/numbering.xml", b'<w:numbering xmlns:w="' + W_NS.encode() + b'"><w:num')
    loaded = load_document(broken)
    assert loaded.text.split("\n") == ["KẾ HOẠCH tuyên truyền", "Tổ chức hội nghị quán triệt.",
                                       "Treo băng rôn, khẩu hiệu."]
    assert any("numbering.xml" in w for w in loaded.warnings)

    entity = tmp_path / "thucthe.docx"  # an entity in numbering.xml is not expanded
    _rewrite_member(good, entity, "word/numbering.xml",
                    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    b'<w:numbering xmlns:w="' + W_NS.encode() + b'"><w:abstractNum w:abstractNumId="7">'
                    b'<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="&x;%1."/></w:lvl>'
                    b'</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="7"/></w:num></w:numbering>')
    assert "root:" not in load_document(entity).text

    missing = tmp_path / "thieu.docx"
    _rewrite_member(good, missing, "word/numbering.xml", None)
    loaded = load_document(missing)
    assert loaded.text.split("\n")[1:] == ["Tổ chức hội nghị quán triệt.", "Treo băng rôn, khẩu hiệu."]
    assert not loaded.warnings


def _task_table_docx(path: Path) -> None:
    """A plan whose task table numbers its STT column automatically (the cells hold no text),
    after a layout table whose numbered cells are read tentatively as a data table first."""
    doc = docx.Document()
    stt = add_list(doc, [{"fmt": "decimal", "text": "%1."}])
    items = add_list(doc, [{"fmt": "decimal", "text": "%1."}])
    layout = doc.add_table(rows=3, cols=2)  # not a task table: no header; read as text
    for r in range(3):
        number(layout.cell(r, 0).paragraphs[0], items)
        layout.cell(r, 1).text = f"Ghi chú {r + 1}"
    add(doc, "Mục tiếp theo của cùng danh sách.", items)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC NHIỆM VỤ")
    rows = [["Tổ chức hội nghị quán triệt", "Ban Tuyên giáo Huyện ủy", "Quý II/2025"],
            ["Xây dựng chuyên mục tuyên truyền", "Trung tâm Văn hóa huyện", "Năm 2025"],
            ["Kiểm tra, giám sát việc thực hiện", "Ủy ban Kiểm tra Huyện ủy", "Quý IV/2025"]]
    table = doc.add_table(rows=len(rows) + 1, cols=len(TASK_HEADER))
    for c, h in enumerate(TASK_HEADER):
        table.cell(0, c).text = h
    for r, row in enumerate(rows, start=1):
        number(table.cell(r, 0).paragraphs[0], stt)  # the STT cell is only its automatic number
        for c, v in enumerate(row, start=1):
            table.cell(r, c).text = v
    doc.save(str(path))


def test_numbered_stt_column_gives_row_numbers_and_tentative_tables_count_once(tmp_path):
    path = tmp_path / "bang.docx"
    _task_table_docx(path)
    loaded = load_document(path)
    lines = loaded.text.split("\n")
    # the layout table's cells are numbered once, and the list continues after it
    assert lines[:7] == ["1.", "Ghi chú 1", "2.", "Ghi chú 2", "3.", "Ghi chú 3", "4. Mục tiếp theo của cùng danh sách."]
    (table,) = loaded.tables
    assert [r.cells[0] for r in table.rows] == ["1.", "2.", "3."]
    assert "2. | Xây dựng chuyên mục tuyên truyền | Trung tâm Văn hóa huyện | Năm 2025" in lines
    parsed = parse_document("bang", loaded.text, loaded.page_starts, loaded.tables)
    rows = [c for c in parsed.chunks if c.kind == "row"]
    assert [c.section for c in rows] == ["Phụ lục, STT 1", "Phụ lục, STT 2", "Phụ lục, STT 3"]
    assert "Trung tâm Văn hóa huyện" in rows[1].text


# -- end to end: the real ingest --------------------------------------------------------------


def _plan_docx(path: Path) -> None:
    """A district plan typed in Word: parts, items and points all numbered automatically."""
    doc = docx.Document()
    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "HUYỆN ỦY HÒA BÌNH TÂY\n*"
    head.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    head.cell(1, 0).text = "Số 31-KH/HU"
    head.cell(1, 1).text = "Hòa Bình Tây, ngày 12 tháng 5 năm 2025"
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("thực hiện công tác phòng, chống thiên tai năm 2025")
    doc.add_paragraph("Ban Thường vụ Huyện ủy ban hành Kế hoạch thực hiện như sau:")
    plan = add_list(doc, PLAN_LEVELS)
    add(doc, "MỤC ĐÍCH, YÊU CẦU", plan, 0)
    add(doc, "Nâng cao nhận thức của cán bộ, đảng viên về phòng, chống thiên tai.", plan, 1)
    add(doc, "NHIỆM VỤ, GIẢI PHÁP", plan, 0)
    add(doc, "Về công tác chuẩn bị", plan, 1)
    add(doc, "Rà soát các khu dân cư ven sông có nguy cơ sạt lở.", plan, 2)
    add(doc, "Ban Chỉ huy quân sự huyện chủ trì diễn tập ứng phó lũ quét trước ngày 30/6/2025.", plan, 2)
    add(doc, "Về công tác khắc phục hậu quả", plan, 1)
    add(doc, "Ủy ban nhân dân các xã lập danh sách hộ bị thiệt hại.", plan, 2)
    add(doc, "TỔ CHỨC THỰC HIỆN", plan, 0)
    add(doc, "Văn phòng Huyện ủy theo dõi, tổng hợp, báo cáo kết quả thực hiện.", plan, 1)
    for line in ["Nơi nhận:", "- Lưu Văn phòng Huyện ủy.", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Bình"]:
        doc.add_paragraph(line)
    doc.save(str(path))


def _decision_docx(path: Path) -> None:
    """A state decision whose articles and clauses are automatic ("Điều %1.", "%2.")."""
    doc = docx.Document()
    for line in ["ỦY BAN NHÂN DÂN HUYỆN THANH LÂM", "Số: 05/2025/QĐ-UBND", "QUYẾT ĐỊNH",
                 "Ban hành Quy định quản lý nhà văn hóa thôn"]:
        doc.add_paragraph(line)
    art = add_list(doc, [{"fmt": "decimal", "text": "Điều %1."}, {"fmt": "decimal", "text": "%2."}])
    add(doc, "Phạm vi điều chỉnh", art, 0)
    add(doc, "Quyết định này quy định việc quản lý nhà văn hóa thôn trên địa bàn huyện.", art, 1)
    add(doc, "Trách nhiệm thi hành", art, 0)
    add(doc, "Ủy ban nhân dân các xã chịu trách nhiệm bố trí kinh phí sửa chữa nhà văn hóa.", art, 1)
    add(doc, "Phòng Văn hóa và Thông tin hướng dẫn, kiểm tra việc thực hiện.", art, 1)
    for line in ["Nơi nhận:", "- Như Điều 2;", "- Lưu VT.", "CHỦ TỊCH", "Trần Văn Nam"]:
        doc.add_paragraph(line)
    doc.save(str(path))


@pytest.fixture(scope="module")
def numbered_index(tmp_path_factory, settings) -> Index:
    base = tmp_path_factory.mktemp("numbering")
    corpus = base / "corpus"
    corpus.mkdir()
    _plan_docx(corpus / "kh-phong-chong-thien-tai.docx")
    _decision_docx(corpus / "qd-nha-van-hoa.docx")
    _task_table_docx(corpus / "kh-bang-nhiem-vu.docx")
    root = base / "idx"
    run_ingest(settings, corpus_dir=corpus, index_dir=root, progress=False, log=lambda m: None)
    return Index.open(root)


def _sections(index: Index, file_stem: str) -> dict[str, str]:
    doc = next(d for d in index.documents if Path(d.file).stem == file_stem)
    out: dict[str, str] = {}
    for c in index.chunks:
        if c.doc_id == doc.id:
            out[c.section] = out.get(c.section, "") + " " + c.text
    return out


def test_ingest_addresses_automatic_parts_items_and_points(numbered_index):
    by = _sections(numbered_index, "kh-phong-chong-thien-tai")
    assert "diễn tập ứng phó lũ quét" in by["II.1.b"]
    assert "sạt lở" in by["II.1.a"]
    assert "hộ bị thiệt hại" in by["II.2.a"]
    assert "Văn phòng Huyện ủy theo dõi" in by["III.1"]


def test_ingest_addresses_automatic_articles_and_clauses(numbered_index):
    by = _sections(numbered_index, "qd-nha-van-hoa")
    assert "bố trí kinh phí" in by["Điều 2.1"]
    assert "Phòng Văn hóa và Thông tin" in by["Điều 2.2"]
    assert "nhà văn hóa thôn trên địa bàn" in by["Điều 1.1"]


def test_ingest_addresses_rows_of_an_automatically_numbered_stt_column(numbered_index):
    by = _sections(numbered_index, "kh-bang-nhiem-vu")
    assert "Trung tâm Văn hóa huyện" in by["Phụ lục, STT 2"]
    assert "Ủy ban Kiểm tra Huyện ủy" in by["Phụ lục, STT 3"]
