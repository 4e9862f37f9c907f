"""With one document loaded, a question about its own number or date of issue is answered from
its header — even when the question also names the resolution it carries out, which is not
loaded ("Hướng dẫn … về học tập Nghị quyết 99 số mấy?" asks the guidance's number, not the
resolution's). Real TXT, real ingest and index on disk, real engine."""
from __future__ import annotations

import pytest

from .fixtures_docs import engine_from_files

GUIDANCE = """TỈNH ỦY SÔNG MÂY
BAN TUYÊN GIÁO
*
Số 21-HD/BTGTU
ĐẢNG CỘNG SẢN VIỆT NAM
Sông Mây, ngày 18 tháng 4 năm 2031

HƯỚNG DẪN
học tập, quán triệt Nghị quyết số 99-NQ/TW của Bộ Chính trị

I. MỤC ĐÍCH, YÊU CẦU
1. Cán bộ, đảng viên nắm vững nội dung cơ bản của Nghị quyết số 99-NQ/TW.
2. Việc học tập được tổ chức nghiêm túc, thiết thực, tránh hình thức.

II. TỔ CHỨC THỰC HIỆN
1. Các huyện ủy, thành ủy tổ chức học tập cho cán bộ chủ chốt trước ngày 30/6/2031.
2. Ban Tuyên giáo Tỉnh ủy theo dõi, tổng hợp kết quả, báo cáo Ban Thường vụ Tỉnh ủy.
3. Ban Tổ chức Tỉnh ủy hướng dẫn đánh giá, xếp loại đảng viên gắn với kết quả học tập.

Nơi nhận:
- Các huyện ủy, thành ủy,
- Lưu Văn phòng.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Lê Văn Thành

PHỤ LỤC
Nghị quyết số 99-NQ/TW (Kèm theo Hướng dẫn số 21-HD/BTGTU ngày 18/4/2031 của Ban Tuyên giáo Tỉnh ủy)
1. Nội dung cơ bản của Nghị quyết.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_from_files(tmp_path_factory, {"hd-songmay.txt": GUIDANCE})


@pytest.mark.parametrize("question", [
    "Hướng dẫn của ban tuyên giáo tỉnh về học tập nghị quyết 99 số mấy?",
    "Huong dan cua ban tuyen giao tinh ve hoc tap nghi quyet 99 so may?",
])
def test_the_number_of_the_loaded_guidance_not_of_the_resolution(engine, question):
    ans = engine.answer(question, generate=False)
    assert not ans.abstained
    assert ans.kind == "docfact"
    assert "21-HD/BTGTU" in ans.citations[0].text


@pytest.mark.parametrize("question", [
    "Hướng dẫn được ban hành vào ngày nào?",
    "huong dan ban hanh vao ngay nao",
])
def test_the_date_of_issue_comes_from_the_header(engine, question):
    ans = engine.answer(question, generate=False)
    assert not ans.abstained
    assert ans.kind == "docfact"
    assert "18 tháng 4 năm 2031" in ans.citations[0].text


@pytest.mark.parametrize("question", [
    "btc tinh uy dc giao nv gi trong hd 21",
    "Ban Tổ chức Tỉnh ủy được giao nhiệm vụ gì trong hướng dẫn này?",
])
def test_the_words_naming_the_only_document_are_not_content(engine, question):
    # counted as content, "hd 21" made the appendix line "(Kèm theo Hướng dẫn số 21 …)" the answer
    ans = engine.answer(question, generate=False)
    assert not ans.abstained
    assert "xếp loại đảng viên" in ans.citations[0].text


def test_a_task_deadline_is_still_a_task_deadline(engine):
    ans = engine.answer("Học tập cho cán bộ chủ chốt trước ngày nào?", generate=False)
    assert not ans.abstained
    assert "30/6/2031" in ans.citations[0].text
