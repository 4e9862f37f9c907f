"""Document structure beyond a Party plan's body: state documents at scale (Chương / Mục / Điều /
khoản / điểm), appendices after the signature, a decision's attached plan (eval/multidoc/SPEC.md).

The texts are generated here (fictional, and fast to parse)."""
from __future__ import annotations

from ingest.parser import parse_document

N_ARTICLES = 120
PER_CHAPTER = 12


def _law() -> str:
    out = ["QUỐC HỘI", "Luật số: 99/2030/QH99", "LUẬT", "VĂN HÓA HỌC ĐƯỜNG",
           "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"]
    for n in range(1, N_ARTICLES + 1):
        if (n - 1) % PER_CHAPTER == 0:
            ch = (n - 1) // PER_CHAPTER + 1
            roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][ch - 1]
            out += [f"Chương {roman}", f"QUY ĐỊNH NHÓM {ch}"]
            if ch == 8:
                out += ["Mục 1. QUY ĐỊNH RIÊNG"]
        out.append(f"Điều {n}. Nội dung điều {n}")
        if n % 3 == 0:
            out.append(f"Điều này quy định nội dung riêng số {n}.")
        out.append(f"1. Khoản một của điều {n} có hiệu lực từ ngày ký.")
        out.append(f"2. Cơ sở giáo dục thực hiện điều {n} có trách nhiệm sau đây:")
        out.append(f"a) Tổ chức tuyên truyền nội dung điều {n};")
        out.append(f"b) Báo cáo kết quả thực hiện điều {n} hằng năm.")
    return "\n".join(out) + "\n"


def test_law_articles_in_order_and_complete():
    doc = parse_document("luat", _law())
    art = [c for c in doc.chunks if c.section == "Điều 87" or c.section.startswith("Điều 87.")]
    assert [(c.section, c.kind, c.text) for c in art] == [
        ("Điều 87", "heading", "Điều 87. Nội dung điều 87"),
        ("Điều 87", "body", "Điều này quy định nội dung riêng số 87."),  # the article's lead text
        ("Điều 87.1", "body", "Khoản một của điều 87 có hiệu lực từ ngày ký."),
        ("Điều 87.2", "body", "Cơ sở giáo dục thực hiện điều 87 có trách nhiệm sau đây:"),
        ("Điều 87.2.a", "body", "Tổ chức tuyên truyền nội dung điều 87;"),
        ("Điều 87.2.b", "body", "Báo cáo kết quả thực hiện điều 87 hằng năm."),
    ]
    assert [c.start for c in art] == sorted(c.start for c in art)
    assert art[4].heading_path[-1] == "2. Cơ sở giáo dục thực hiện điều 87 có trách nhiệm sau đây:"
    # Mục 1 inside Chương VIII is a heading level; it does not change the article addresses
    assert art[0].heading_path[:2] == ["Chương VIII QUY ĐỊNH NHÓM 8", "Mục 1. QUY ĐỊNH RIÊNG"]
    assert [c.kind for c in doc.chunks if c.section == "Điều 88"] == ["heading"]  # no lead paragraph
    every = {c.section for c in doc.chunks}
    assert all(f"Điều {n}" in every and f"Điều {n}.2.b" in every for n in range(1, N_ARTICLES + 1))
    chapters = [c for c in doc.chunks if c.section.startswith("Chương")]
    assert [(c.section, c.text) for c in chapters][:2] == [("Chương I", "Chương I QUY ĐỊNH NHÓM 1"),
                                                          ("Chương II", "Chương II QUY ĐỊNH NHÓM 2")]
    assert len({c.chunk_id for c in doc.chunks}) == len(doc.chunks)


DECISION = """ỦY BAN NHÂN DÂN
HUYỆN THANH LÂM
Số: 215/QĐ-UBND
Thanh Lâm, ngày 02 tháng 6 năm 2025
QUYẾT ĐỊNH
Ban hành Kế hoạch chuyển đổi số năm 2025
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2025 của huyện.
Điều 2. Trách nhiệm thi hành
1. Phòng Văn hóa và Thông tin huyện chủ trì theo dõi việc thực hiện.
2. Quyết định có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
KẾ HOẠCH
Chuyển đổi số năm 2025
(Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 02/6/2025 của UBND huyện)
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao hiệu quả quản lý nhà nước trên môi trường số.
II. NHIỆM VỤ
1. Các phòng, ban chuyên môn số hóa hồ sơ công việc.
PHỤ LỤC I
DANH MỤC NHIỆM VỤ
- Số hóa hồ sơ một cửa.
"""


def test_decision_signature_then_attached_plan_and_appendix():
    doc = parse_document("qd", DECISION)
    got = [(c.section, c.kind) for c in doc.chunks]
    assert ("Điều 1", "body") in got and ("Điều 2.1", "body") in got
    assert doc.header.signer == "Trần Văn Bình"
    plan = next(c for c in doc.chunks if c.section == "văn bản kèm theo")
    assert plan.text.startswith("KẾ HOẠCH Chuyển đổi số năm 2025 (Ban hành kèm theo Quyết định số 215/QĐ-UBND")
    by = {c.section: c for c in doc.chunks if c.kind == "body"}
    assert by["I.1"].text == "Nâng cao hiệu quả quản lý nhà nước trên môi trường số."
    assert by["II.1"].text == "Các phòng, ban chuyên môn số hóa hồ sơ công việc."
    assert by["Phụ lục I"].text == "Số hóa hồ sơ một cửa."
    appendix = next(c for c in doc.chunks if c.section == "Phụ lục I" and c.kind == "heading")
    assert appendix.text == "PHỤ LỤC I DANH MỤC NHIỆM VỤ"
    sign = next(c for c in doc.chunks if c.kind == "signature")
    assert "KẾ HOẠCH" not in sign.text and "MỤC ĐÍCH" not in sign.text
    order = [c.section for c in doc.chunks]
    assert order.index("chữ ký") < order.index("văn bản kèm theo") < order.index("I.1") < order.index("Phụ lục I")
