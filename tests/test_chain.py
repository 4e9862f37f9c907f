"""The implementation chain end to end: when a higher-level document is loaded, a district duty
shows the clause it implements. The two documents are the synthetic fixtures of
tests/fixtures/chain (invented, never placed in corpus/)."""
from __future__ import annotations

import shutil

from bot.engine import Engine
from ingest.build import run_ingest

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "chain"
MANIFEST = """
[[documents]]
id = "ctr-test"
number = "01-CTr/TU"
kind = "Chương trình"
date = "2024-01-12"
issuer = "Tỉnh ủy (giả lập)"
title = "Chương trình giả lập cho kiểm thử"
level = "tỉnh"
file = "ctr-tinh-gia-lap.txt"
status = "available"
cite_as = "Chương trình 01-CTr/TU (giả lập)"

[[documents]]
id = "kh-test"
number = "02-KH/HU"
kind = "Kế hoạch"
date = "2024-02-01"
issuer = "Huyện ủy (giả lập)"
title = "Kế hoạch giả lập cho kiểm thử"
level = "huyện"
implements = ["ctr-test"]
file = "kh-huyen-gia-lap.txt"
status = "available"
cite_as = "Kế hoạch 02-KH/HU (giả lập)"
"""


def test_a_district_duty_shows_the_provincial_clause_it_implements(tmp_path, settings):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("ctr-tinh-gia-lap.txt", "kh-huyen-gia-lap.txt"):
        shutil.copy(FIXTURES / name, corpus / name)
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    run_ingest(settings, corpus_dir=corpus, index_dir=tmp_path / "idx", progress=False, log=lambda m: None)
    engine = Engine.open(tmp_path / "idx", settings)
    ubnd = [r for r in engine.registers.duties if r.doc_id == "kh-test" and r.section == "III.2"]
    assert ubnd and ubnd[0].implements[0]["section"] == "III.2"
    ans = engine.answer("nhiệm vụ của UBND huyện")
    line = next(l for l in ans.answer.splitlines() if "Ủy ban nhân dân huyện" in l)
    assert "thực hiện theo Chương trình 01-CTr/TU (giả lập), mục III.2" in line
    assert any(r.get("implements") for r in ans.rows)  # JSON rows carry the chain too
