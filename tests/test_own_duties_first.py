""""Phòng … phải làm gì": what the body must do itself comes before the tasks it only supports
("Phòng Văn hóa chủ trì, phối hợp với Phòng Tài nguyên …"), unless the question asks about its support.
Real ingest, registers and index on disk, real engine."""
from __future__ import annotations

import pytest

from .fixtures_docs import engine_from_files

PLAN = """ỦY BAN NHÂN DÂN
HUYỆN SÔNG CẦU
Số: 52/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Sông Cầu, ngày 10 tháng 3 năm 2031

KẾ HOẠCH
Phân loại rác thải sinh hoạt tại nguồn năm 2031

I. MỤC TIÊU
1. Đến hết năm 2031, 70% hộ gia đình ở thị trấn phân loại rác thải sinh hoạt tại nguồn.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin huyện chủ trì, phối hợp với Phòng Tài nguyên và Môi trường huyện tuyên truyền, hướng dẫn hộ gia đình phân loại rác thải sinh hoạt tại nguồn.
2. Phòng Tài nguyên và Môi trường huyện
a) Điều chỉnh lịch thu gom rác theo từng loại, công khai lịch tại khu dân cư.
b) Cân, ghi sổ khối lượng rác thu gom của từng xã.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_from_files(tmp_path_factory, {"kh-songcau.txt": PLAN})


@pytest.mark.parametrize("question", [
    "Phòng Tài nguyên và Môi trường huyện phải làm gì trong phân loại rác thải?",
    "phong tai nguyen va moi truong huyen lam gi ve phan loai rac thai",
])
def test_the_body_s_own_tasks_come_before_those_it_supports(engine, question):
    ans = engine.answer(question)
    assert ans.kind == "duties", question
    assert ans.citations[0].section.startswith("II.2"), (question, [c.section for c in ans.citations])
    assert any(c.section == "II.1" for c in ans.citations)  # its support is still listed


def test_asking_its_support_keeps_the_supported_task_first(engine):
    ans = engine.answer("Phòng Tài nguyên và Môi trường huyện phối hợp làm gì?")
    assert ans.citations[0].section == "II.1"
