"""The structure parser on the real district plan: addresses a propagandist would quote."""
from __future__ import annotations

from hoi.text import clean_spaces
from ingest.parser import parse_document

from .conftest import PLAN_ID


def parsed(plan_text):
    return parse_document(PLAN_ID, plan_text)


def by_address(doc, section, para=None):
    return [c for c in doc.chunks if c.section == section and (para is None or c.para == para)]


def test_iv4_is_the_propaganda_duty(plan_text):
    doc = parsed(plan_text)
    (chunk,) = by_address(doc, "IV.4")
    assert chunk.text.startswith("Ban Tuyên giáo Huyện ủy chủ trì")
    assert chunk.heading_path == ["IV. TỔ CHỨC THỰC HIỆN"]


def test_bullets_are_numbered_within_their_item(plan_text):
    doc = parsed(plan_text)
    iii2 = by_address(doc, "III.2")
    assert [c.para for c in iii2] == [1, 2, 3, 4]
    assert iii2[2].text.startswith("Đề xuất cơ cấu lại và sử dụng có hiệu quả")
    assert iii2[0].heading_path == [
        "III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU",
        "2. Đổi mới công tác đào tạo, bồi dưỡng, sử dụng, đãi ngộ và tôn vinh trí thức, trọng dụng nhân tài",
    ]


def test_every_part_and_item_is_found(plan_text):
    doc = parsed(plan_text)
    sections = {c.section for c in doc.units()}
    assert sections == {
        "I.1", "I.2", "II.1", "II.2", "II.3", "III.1", "III.2", "III.3", "III.4", "III.5",
        "IV.1", "IV.2", "IV.3", "IV.4",
    }
    assert len(by_address(doc, "II.2")) == 5
    assert by_address(doc, "II.3")[0].heading_path[-1] == "3. Tầm nhìn đến năm 2045"


def test_offsets_point_at_the_source(plan_text):
    doc = parsed(plan_text)
    for c in doc.chunks:
        assert clean_spaces(plan_text[c.start:c.end].replace("\n", " ")) == c.text, c.chunk_id


def test_header_title_preamble_recipients_signature(plan_text):
    doc = parsed(plan_text)
    h = doc.header
    assert h.number == "…-KH/HU" and h.draft
    assert h.place_date.startswith("Phụng Hiệp, ngày")
    assert h.issuer_lines == ["ĐẢNG BỘ TỈNH HẬU GIANG HUYỆN ỦY PHỤNG HIỆP"]
    # the title is split over five lines with blank lines between them in the source
    assert h.title.startswith("KẾ HOẠCH Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Ban Chấp hành")
    assert h.title.endswith("nhanh và bền vững trong giai đoạn mới”")
    assert h.signer == "Nguyễn Hồng Đức"
    (pre,) = by_address(doc, "mở đầu")
    assert pre.text.startswith("Căn cứ Nghị quyết số 45-NQ/TW")
    (rec,) = by_address(doc, "nơi nhận")
    assert "Thường trực Tỉnh ủy" in rec.text and "Lưu Văn phòng Huyện ủy" in rec.text
    # the continuation line of a recipient stays with it
    assert "Ủy viên BTVTU, Phó Chủ tịch Thường trực UBND tỉnh" in rec.text


def test_no_unit_is_cut_mid_sentence(plan_text):
    doc = parsed(plan_text)
    for c in doc.units():
        assert c.text[-1] in ".;…" or c.text.endswith("nhân dân") or c.text[-1].isalnum(), c.chunk_id
        assert c.text[0].isupper(), c.chunk_id


def test_wrapped_lines_are_joined():
    text = (
        "KẾ HOẠCH\nThực hiện nghị quyết\n-----\nCăn cứ các văn bản,\n"
        "I. NHIỆM VỤ\n1. Công tác tuyên truyền\n- Ban Tuyên giáo chủ trì, phối hợp với các cơ quan có\n"
        "liên quan tổ chức quán triệt đến cán bộ,\nđảng viên và nhân dân.\n- Mặt trận giám sát.\n"
    )
    doc = parse_document("t", text)
    units = doc.units()
    assert [u.section for u in units] == ["I.1", "I.1"]
    assert units[0].text == (
        "Ban Tuyên giáo chủ trì, phối hợp với các cơ quan có liên quan tổ chức quán triệt đến cán bộ, "
        "đảng viên và nhân dân."
    )


def test_state_document_structure():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH X\nSố: 12/2024/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành quy chế\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
        "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"
        "1. Quy chế này quy định việc thu hút trí thức.\n2. Quy chế áp dụng với:\n"
        "a) Cơ quan nhà nước;\nb) Đơn vị sự nghiệp.\nĐiều 2. Hiệu lực\nQuyết định có hiệu lực từ ngày ký.\n"
    )
    doc = parse_document("qd", text)
    addrs = [(u.section, u.text) for u in doc.units()]
    assert ("Điều 1.1", "Quy chế này quy định việc thu hút trí thức.") in addrs
    assert ("Điều 1.2.a", "Cơ quan nhà nước;") in addrs
    assert ("Điều 1.2.b", "Đơn vị sự nghiệp.") in addrs
    assert ("Điều 2", "Quyết định có hiệu lực từ ngày ký.") in addrs
    assert doc.header.number == "12/2024/QĐ-UBND"
