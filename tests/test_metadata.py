"""Header reading (issue 14 item 1): what a document says about itself, read from real files
(python-docx, fpdf2, plain text) in the standard Party and state layouts."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalog import inferred_fields, read_file
from ingest.metadata import make_id, readable_issuer, slug
from tests import fixtures_docs as docs

from .conftest import PLAN_FILE, REPO

CHAIN = REPO / "tests" / "fixtures" / "chain"

PROVINCE_BODY = [
    "KẾ HOẠCH",
    "triển khai thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị",
    "-----",
    "Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị về tổ chức đại hội đảng bộ các cấp, "
    "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Các cấp ủy quán triệt sâu sắc nội dung Chỉ thị.",
    "II. NHIỆM VỤ",
    "1. Ban Tổ chức Tỉnh ủy chủ trì hướng dẫn công tác nhân sự trước ngày 30/9/2024.",
]

DECISION = """ỦY BAN NHÂN DÂN
HUYỆN THANH LÂM
--------
Số: 215/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thanh Lâm, ngày 12 tháng 6 năm 2025

QUYẾT ĐỊNH
Về việc ban hành Quy chế làm việc của Ban Chỉ đạo chuyển đổi số huyện
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THANH LÂM

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;
Theo đề nghị của Trưởng phòng Văn hóa và Thông tin huyện.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ban Chỉ đạo chuyển đổi số huyện.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân huyện và các thành viên Ban Chỉ đạo chịu trách nhiệm thi hành Quyết định này.
"""

LAW = """QUỐC HỘI
-------
Luật số: 18/2026/QH16
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

LUẬT
THƯ VIỆN GIẢ LẬP

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Thư viện giả lập.
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về hoạt động thư viện giả lập dùng cho kiểm thử.
Điều 2. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2027.
Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XVI, kỳ họp thứ 2 thông qua ngày 28 tháng 6 năm 2026.
"""


def facts_of(path: Path):
    _, _, facts = read_file(path)
    return facts, inferred_fields(facts, path.stem)


def test_party_header_from_a_docx_table(tmp_path):
    path = tmp_path / "kh.docx"
    docs.make_docx(path, PROVINCE_BODY, table_rows=[[
        "ĐẢNG BỘ TỈNH ĐỒNG XUYÊN\nTỈNH ỦY ĐỒNG XUYÊN\n*\nSố 12-KH/TU",
        "ĐẢNG CỘNG SẢN VIỆT NAM\nĐồng Xuyên, ngày 05 tháng 3 năm 2024"]], table_after=-1)
    f, d = facts_of(path)
    assert (f.kind, f.number, f.date, f.date_text) == ("Kế hoạch", "12-KH/TU", "2024-03-05", "05/3/2024")
    assert f.issuer == "Ban Thường vụ Tỉnh ủy Đồng Xuyên" and f.level == "tỉnh"
    assert f.title.startswith("triển khai thực hiện Chỉ thị số 35-CT/TW") and not f.draft
    assert [(r.number, r.kind, r.date, r.issuer) for r in f.references] == \
        [("35-CT/TW", "Chỉ thị", "2024-06-14", "Bộ Chính trị")]
    assert d["id"] == "kh12-tu"
    assert d["cite_as"] == "Kế hoạch số 12-KH/TU ngày 05/3/2024 của Ban Thường vụ Tỉnh ủy Đồng Xuyên"
    assert {"kế hoạch 12", "kh 12", "kế hoạch số 12"} <= set(d["aliases"])
    assert f.missing == []


def test_state_decision_from_a_pdf(tmp_path):
    path = tmp_path / "qd.pdf"
    docs.make_pdf(path, DECISION)
    f, d = facts_of(path)
    assert (f.kind, f.number, f.date) == ("Quyết định", "215/QĐ-UBND", "2025-06-12")
    assert f.issuer == "Ủy ban nhân dân huyện Thanh Lâm" and f.level == "huyện"
    assert f.title == "Về việc ban hành Quy chế làm việc của Ban Chỉ đạo chuyển đổi số huyện"
    refs = {r.number: r for r in f.references}
    assert set(refs) == {"30/2020/NĐ-CP"}  # the law is cited without a number: not a reference
    assert refs["30/2020/NĐ-CP"].kind == "Nghị định" and refs["30/2020/NĐ-CP"].issuer == "Chính phủ"
    assert d["id"] == "qd215-ubnd"


def test_law_number_title_and_date_at_the_end(tmp_path):
    path = tmp_path / "luat.txt"
    path.write_text(LAW, encoding="utf-8")
    f, d = facts_of(path)
    assert (f.kind, f.number, f.issuer, f.level) == ("Luật", "18/2026/QH16", "Quốc hội", "trung ương")
    assert f.title == "Thư viện giả lập" and f.date == "2026-06-28"
    assert d["id"] == "luat18-2026-qh16"


def test_a_file_with_no_header_says_what_it_could_not_read(tmp_path):
    path = tmp_path / "ghi-chu-hop.docx"
    docs.make_docx(path, ["KẾ HOẠCH", "Tổ chức hội thi văn nghệ", "-----", "I. NHIỆM VỤ",
                          "1. Các chi đoàn đăng ký tiết mục văn nghệ."])
    f, d = facts_of(path)
    assert f.kind == "Kế hoạch" and f.title == "Tổ chức hội thi văn nghệ"
    assert "không đọc được số hiệu" in f.missing and "không đọc được ngày ban hành" in f.missing
    assert "không đọc được cơ quan ban hành" in f.missing
    assert d["id"] == "ghi-chu-hop"  # no number: the file name gives the id


def test_home_plan_draft_header():
    f, d = facts_of(PLAN_FILE)
    assert (f.kind, f.number, f.number_blank, f.draft, f.date) == ("Kế hoạch", "…-KH/HU", True, True, "2024")
    assert f.issuer == "Ban Thường vụ Huyện ủy Phụng Hiệp" and f.level == "huyện"
    assert f.title.startswith("Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023") and f.title.endswith("giai đoạn mới”")
    assert [r.number for r in f.references] == ["45-NQ/TW", "227-CTr/TU"]
    assert f.references[1].date == "2024-01-12" and f.references[1].issuer == "Ban Chấp hành Đảng bộ tỉnh"
    assert "không đọc được ngày ban hành" not in f.missing and any("chỉ có năm" in n for n in f.notes)


@pytest.mark.parametrize("name, number, issuer, level, refs", [
    ("ctr-tinh-gia-lap.txt", "999-CTr/TU", "Tỉnh ủy Giả Lập", "tỉnh", ["45-NQ/TW"]),
    ("kh-huyen-gia-lap.txt", "888-KH/HU", "Ban Thường vụ Huyện ủy Giả Lập", "huyện", ["999-CTr/TU"]),
])
def test_chain_fixtures(name, number, issuer, level, refs):
    f, _ = facts_of(CHAIN / name)
    assert (f.number, f.issuer, f.level) == (number, issuer, level)
    assert [r.number for r in f.references] == refs


def test_readable_issuer_and_safe_ids():
    assert readable_issuer("ỦY BAN NHÂN DÂN HUYỆN THANH LÂM") == "Ủy ban nhân dân huyện Thanh Lâm"
    assert readable_issuer("UỶ BAN NHÂN DÂN THỊ XÃ LONG MỸ") == "Ủy ban nhân dân thị xã Long Mỹ"
    assert readable_issuer("TỈNH ỦY ĐỒNG XUYÊN") == "Tỉnh ủy Đồng Xuyên"
    assert readable_issuer("QUỐC HỘI") == "Quốc hội"
    assert make_id("kh", "27-KH/HU", "x") == make_id("kh", "27 - KH/HU", "y") == "kh27-hu"
    assert make_id("nd", "30/2020/NĐ-CP", "x") == "nd30-2020-cp"
    assert make_id("kh", "", "../../etc/Kế hoạch (bản 2)") == "etc-ke-hoach-ban-2"
    assert slug("Đề án số 05") == "de-an-so-05"
