"""The registers where users meet them: `bot duties`, `bot deadlines`, and `bot ask` on who/when."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from .conftest import REPO


def run(*args: str, index_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args, "--index", str(index_dir)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def test_duties_of_an_actor_typed_without_accents(index_dir):
    out = run("duties", "mat tran to quoc", "--json", index_dir=index_dir)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["section"] for r in rows} >= {"IV.3", "III.1"}
    iv3 = [r for r in rows if r["section"] == "IV.3"]
    assert {r["role"] for r in iv3} == {"thực hiện", "giám sát"}
    for r in rows:  # the same citation fields as `ask --json`, and the task is the passage's words
        assert {"doc_id", "doc_title", "section", "text", "score"} <= set(r)
        assert r["task"] in r["text"]
        assert r["actor"].startswith("Mặt trận Tổ quốc")


def test_duties_export_csv_and_markdown(index_dir):
    out = run("duties", "UBND huyện", "--format", "csv", index_dir=index_dir)
    table = list(csv.reader(io.StringIO(out.stdout)))
    assert table[0][:3] == ["Đơn vị", "Vai trò", "Nhiệm vụ"]
    assert {(r[0], r[1]) for r in table[1:]} == {("Ủy ban nhân dân huyện", "chỉ đạo"), ("Ủy ban nhân dân huyện", "giám sát")}
    md = run("duties", "ban tuyen giao", "--format", "md", index_dir=index_dir).stdout
    assert md.splitlines()[0].startswith("| Đơn vị | Vai trò |") and "chủ trì" in md and "mục IV.4" in md


def test_unknown_actor_lists_the_known_ones(index_dir):
    out = run("duties", "so noi vu", index_dir=index_dir)
    assert out.returncode == 1 and "Ban Tuyên giáo Huyện ủy" in out.stderr


def test_deadlines_by_year_skip_document_dates(index_dir):
    rows = json.loads(run("deadlines", "--year", "2045", "--json", index_dir=index_dir).stdout)
    assert [(r["section"], r["expression"]) for r in rows] == [("II.3", "Tầm nhìn đến năm 2045")]
    all_rows = json.loads(run("deadlines", "--json", index_dir=index_dir).stdout)
    assert not any(r["is_reference"] for r in all_rows)
    assert {"đến năm 2030", "thường xuyên", "định kỳ"} <= {r["expression"] for r in all_rows}
    refs = json.loads(run("deadlines", "--references", "--json", index_dir=index_dir).stdout)
    assert any(r["expression"] == "ngày 24/11/2023" and r["is_reference"] for r in refs)


def test_clause_command(index_dir):
    out = run("clause", "iv.4", "--json", index_dir=index_dir)
    data = json.loads(out.stdout)
    assert data["found"] and data["citations"][0]["text"].startswith("Ban Tuyên giáo Huyện ủy chủ trì")
    missing = run("clause", "IX.9", index_dir=index_dir)
    assert missing.returncode == 1 and "Không tìm thấy mục IX.9" in missing.stderr


def test_ask_lists_every_duty_of_the_body(engine):
    ans = engine.answer("nhiệm vụ của UBND huyện")
    assert ans.kind == "duties"
    assert ans.citations[0].section == "IV.2"
    roles = {(r["actor"], r["role"]) for r in ans.rows}
    assert roles == {("Ủy ban nhân dân huyện", "chỉ đạo"), ("Ủy ban nhân dân huyện", "giám sát")}
    mttq = engine.answer("mat tran to quoc phai lam gi")
    sections = {r["section"] for r in mttq.rows}
    assert {"IV.3", "III.1", "I.2"} <= sections  # duties spread over several parts, not just the top passage


def test_ask_who_without_naming_a_body(engine):
    ans = engine.answer("Ai giám sát việc thực hiện cơ chế, chính sách đối với trí thức?")
    assert ans.rows and all(r["role"] == "giám sát" for r in ans.rows)
    assert ans.citations[0].section in {"III.1", "IV.3", "IV.2"}


def test_ask_when_adds_the_deadlines(engine):
    ans = engine.answer("Tầm nhìn đến năm 2045 là gì?")
    assert not ans.abstained
    assert any(r.get("expression") == "Tầm nhìn đến năm 2045" for r in ans.rows)
    assert ans.citations[0].section == "II.3"
