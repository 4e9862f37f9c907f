"""Every [n] in an answer points at the passage it quotes, also when the duties register
rebuilds the answer and cites the passages in another order than retrieval found them."""
from __future__ import annotations

import re

import pytest

from bot.engine import Engine
from hoi.settings import Settings
from hoi.text import fold
from ingest.build import run_ingest

PLAN = """ỦY BAN NHÂN DÂN TỈNH HÀ LÂM
Số: 45/KH-UBND
Hà Lâm, ngày 10 tháng 5 năm 2031

KẾ HOẠCH
Phát triển du lịch cộng đồng năm 2031

I. NHIỆM VỤ
1. Tổ công tác liên ngành chủ trì xây dựng bộ tiêu chí điểm du lịch cộng đồng, hoàn thành trước ngày 30/6/2031.
2. Sở Văn hóa, Thể thao và Du lịch chủ trì tập huấn cho các hộ làm du lịch cộng đồng trong quý III/2031.
3. Sở Tài chính, Sở Nội vụ phối hợp bố trí kinh phí và biên chế cho Tổ công tác.
"""

LAW = """QUỐC HỘI
Luật số: 12/2031/QH17

LUẬT
DU LỊCH NÔNG THÔN

Điều 1. Tiêu chí
Bộ Văn hóa, Thể thao và Du lịch chủ trì xây dựng bộ tiêu chí làng du lịch nông thôn.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "kh-halam.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "luat-dl.txt").write_text(LAW, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    settings = Settings(corpus_dir=corpus, index_dir=index)
    run_ingest(settings, corpus_dir=corpus, index_dir=index, progress=False, log=lambda m: None)
    return Engine.open(index, settings)


def _quoted_before_markers(text: str) -> list[tuple[str, int]]:
    """(the words just before "[n]", n) for every marker of an answer."""
    out = []
    for m in re.finditer(r"\[(\d+)\]", text):
        words = re.findall(r"\w+", text[:m.start()].split("\n")[-1].split(":")[-1])[-6:]
        out.append((" ".join(words), int(m.group(1))))
    return out


@pytest.mark.parametrize("question", [
    "co quan nao chu tri xay dung bo tieu chi diem du lich cong dong",
    "Ai chủ trì xây dựng bộ tiêu chí điểm du lịch cộng đồng?",
    "ai tap huan cho cac ho lam du lich cong dong",
    "Sở Nội vụ phải làm gì?",
])
def test_every_marker_points_at_the_passage_it_quotes(engine, question):
    ans = engine.answer(question)
    assert not ans.abstained
    by_n = {c.n: c for c in ans.citations}
    markers = _quoted_before_markers(ans.answer)
    assert markers, ans.answer
    for words, n in markers:
        assert n in by_n, (n, ans.answer)
        passage = " ".join(re.findall(r"\w+", fold(by_n[n].text)))
        assert fold(words) in passage, (words, n, by_n[n].text)


def test_a_comma_inside_a_department_s_name_keeps_the_name_whole(engine):
    rows = engine.registers.duties_for("Sở Văn hóa, Thể thao và Du lịch làm gì")
    assert any("tập huấn" in r.task for r in rows)
    assert {r.actor for r in rows if "tập huấn" in r.task} == {"Sở Văn hóa, Thể thao và Du lịch"}
    both = [r for r in engine.registers.duties if "biên chế" in r.task]
    assert {r.actor for r in both} == {"Sở Tài chính", "Sở Nội vụ"}  # a list of two bodies stays two
