"""An office supplies a document the manifest only knew of (the resolution a plan carries out):
it becomes that document, loaded, under the manifest's id and aliases, and questions that name
it only as what the plan carries out still go to the plan."""
from __future__ import annotations

import pytest

from bot.engine import Engine
from hoi.settings import Settings
from ingest.build import run_ingest
from ingest.catalog import build_catalog

MANIFEST = """[[documents]]
id = "nq99"
number = "99-NQ/TW"
kind = "Nghị quyết"
date = "2031-03-02"
issuer = "Ban Chấp hành Trung ương Đảng"
title = "Về phát triển vườn cây cổ thụ"
level = "trung ương"
file = ""
status = "not_available"
aliases = ["nghị quyết 99", "nq99", "nq 99"]

[[documents]]
id = "kh-doicat"
number = "12-KH/HU"
kind = "Kế hoạch"
date = "2031-05-10"
issuer = "Huyện ủy Đồi Cát"
title = "Thực hiện Nghị quyết số 99-NQ/TW"
level = "huyện"
implements = ["nq99"]
file = "kh-doicat.txt"
status = "available"
"""

PLAN = """ĐẢNG BỘ TỈNH SÔNG MÂY
HUYỆN ỦY ĐỒI CÁT
*
Số 12-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Đồi Cát, ngày 10 tháng 5 năm 2031

KẾ HOẠCH
Thực hiện Nghị quyết số 99-NQ/TW ngày 02/3/2031 của Ban Chấp hành Trung ương Đảng về phát triển vườn cây cổ thụ

I. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 99-NQ/TW trong toàn huyện, hoàn thành trong quý III/2031.
2. Ủy ban nhân dân huyện chỉ đạo kiểm kê vườn cây cổ thụ trên địa bàn huyện.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Lê Văn Cát
"""

RESOLUTION = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 99-NQ/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 02 tháng 3 năm 2031

NGHỊ QUYẾT
về phát triển vườn cây cổ thụ

I. MỤC TIÊU
1. Đến năm 2035, mỗi tỉnh có ít nhất 50 vườn cây cổ thụ được bảo tồn.

II. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Trung ương chủ trì hướng dẫn tuyên truyền Nghị quyết trong toàn Đảng.

T/M BAN CHẤP HÀNH TRUNG ƯƠNG
TỔNG BÍ THƯ
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    c = tmp_path_factory.mktemp("corpus")
    (c / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (c / "kh-doicat.txt").write_text(PLAN, encoding="utf-8")
    (c / "nghi-quyet-99.txt").write_text(RESOLUTION, encoding="utf-8")  # supplied later, not in the manifest
    return c


@pytest.fixture(scope="module")
def engine(corpus, tmp_path_factory) -> Engine:
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


def test_the_supplied_file_is_the_document_the_manifest_knew(corpus):
    cat = build_catalog(corpus)
    docs = {d.id: d for d in cat.documents}
    assert [d.id for d in cat.documents].count("nq99") == 1 and len(cat.documents) == 2
    assert docs["nq99"].status == "available" and docs["nq99"].file == "nghi-quyet-99.txt"
    assert "nq99" in docs["nq99"].aliases


@pytest.mark.parametrize("question, doc_id, words", [
    ("Nghị quyết 99 đặt mục tiêu gì đến năm 2035?", "nq99", "50 vườn cây"),
    ("nq99 do ai ky", "nq99", "TỔNG BÍ THƯ"),
    ("Ai chủ trì tuyên truyền Nghị quyết 99 trong huyện?", "kh-doicat", "Ban Tuyên giáo Huyện ủy"),
    ("kế hoạch thực hiện Nghị quyết 99 do ai ký", "kh-doicat", "Lê Văn Cát"),
])
def test_questions_go_to_the_document_they_ask_about(engine, question, doc_id, words):
    ans = engine.answer(question)
    assert not ans.abstained, ans.answer
    assert ans.citations[0].doc_id == doc_id and words in ans.citations[0].text, (question, ans.citations[0])
