"""A manifest alias that points rather than names ("kế hoạch này") stands for its document only
while that document is loaded: an office that loads another plan and keeps the old manifest
entry listed must still get "ai ký kế hoạch này" answered from the plan it loaded, not be told
the listed one is missing. Real TXT and manifest, real ingest and index on disk, real engine."""
from __future__ import annotations

import pytest

from .fixtures_docs import engine_from_files

PLAN = """ỦY BAN NHÂN DÂN
TỈNH SÔNG MÂY
Số: 77/KH-UBND
Sông Mây, ngày 09 tháng 5 năm 2031

KẾ HOẠCH
Phát triển làng nghề mây tre đan năm 2031

I. MỤC TIÊU
1. Toàn tỉnh có 12 làng nghề mây tre đan được công nhận.

II. TỔ CHỨC THỰC HIỆN
1. Sở Công Thương chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch này.

Nơi nhận:
- Các sở, ngành tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""

MANIFEST = """[[documents]]
id = "kh-cu"
number = "05-KH/HU"
kind = "Kế hoạch"
date = "2024-01-10"
issuer = "Huyện ủy Sông Mây"
title = "Kế hoạch cũ"
level = "huyện"
status = "not_available"
aliases = ["kế hoạch này", "kế hoạch huyện ủy"]

[[documents]]
id = "kh-maytre"
number = "77/KH-UBND"
kind = "Kế hoạch"
date = "2031-05-09"
issuer = "UBND tỉnh Sông Mây"
title = "Phát triển làng nghề mây tre đan năm 2031"
level = "tỉnh"
file = "kh-maytre.txt"
status = "available"
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_from_files(tmp_path_factory, {"kh-maytre.txt": PLAN, "manifest.toml": MANIFEST})


@pytest.mark.parametrize("question", ["Ai ký kế hoạch này?", "ai ky ke hoach nay"])
def test_this_plan_is_the_loaded_plan(engine, question):
    ans = engine.answer(question, generate=False)
    assert not ans.abstained
    assert ans.citations[0].doc_id == "kh-maytre"
    assert "Trần Văn Bình" in ans.citations[0].text


def test_an_alias_that_names_still_names_the_listed_document(engine):
    ans = engine.answer("Kế hoạch huyện ủy giao Sở Công Thương việc gì?", generate=False)
    assert ans.abstained and "05-KH/HU" in ans.answer
