"""The optional generation step through the real engine and CLI, against a local fake model server."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.engine import Engine
from hoi.settings import Settings
from tests.support.fake_llm import FakeLLM, Reply

from .conftest import REPO

Q = "Ai chủ trì tuyên truyền Nghị quyết 45?"


@pytest.fixture()
def llm():
    pytest.importorskip("langchain_openai")
    with FakeLLM() as server:
        yield server


def engine_with(index_dir, server: FakeLLM, timeout: float = 5.0) -> Engine:
    settings = Settings(llm="openai-compatible", llm_base_url=server.url, llm_model="fake", llm_timeout=timeout)
    return Engine.open(index_dir, settings)


def test_grounded_generation_replaces_only_the_answer_text(index_dir, llm):
    plain = Engine.open(index_dir, Settings()).answer(Q)
    llm.script("Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với các cơ quan có liên quan hướng dẫn, tuyên truyền, "
               "phổ biến Nghị quyết số 45-NQ/TW. [1]")
    ans = engine_with(index_dir, llm).answer(Q)
    assert ans.generated and ans.answer.startswith("Ban Tuyên giáo Huyện ủy chủ trì")
    assert ans.extractive == plain.answer
    assert [c.chunk_id for c in ans.citations] == [c.chunk_id for c in plain.citations]
    sent = json.dumps(llm.requests[-1], ensure_ascii=False)
    assert "[1]" in sent and "Ban Tuyên giáo Huyện ủy chủ trì" in sent  # the model saw the numbered passages


def test_ungrounded_or_failing_model_falls_back_to_the_extract(index_dir, llm):
    llm.script("Sở Nội vụ chủ trì tuyên truyền Nghị quyết 45 trước ngày 31/12/2025. [1]")
    ans = engine_with(index_dir, llm).answer(Q)
    assert not ans.generated and "Ban Tuyên giáo Huyện ủy" in ans.answer
    assert "trích nguyên văn" in ans.note
    llm.script(Reply(status=500))
    ans = engine_with(index_dir, llm).answer(Q)
    assert not ans.generated and ans.citations and "trích nguyên văn" in ans.note


def test_abstention_never_calls_the_model(index_dir, llm):
    ans = engine_with(index_dir, llm).answer("giá vàng hôm nay bao nhiêu")
    assert ans.abstained and not llm.requests


def test_cli_json_says_whether_the_answer_was_generated(index_dir, llm):
    llm.script("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW. [1]")
    env = dict(os.environ, HOI_LLM="openai-compatible", HOI_LLM_BASE_URL=llm.url, HOI_LLM_MODEL="fake")
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", Q, "--index", str(index_dir)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    data = json.loads(out.stdout)
    assert data["generated"] is True and data["citations"][0]["section"] == "IV.4"
