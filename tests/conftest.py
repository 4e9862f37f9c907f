"""Shared fixtures: the real corpus, and a real index built once per test session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
PLAN_FILE = CORPUS / "kh-huyen-uy-phung-hiep-thuc-hien-nq45-du-thao-2024.txt"
PLAN_ID = "kh-phunghiep"

# Never let a test reach a hub for model weights.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def plan_text() -> str:
    return PLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def settings():
    from hoi.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, settings) -> Path:
    """A real index (Chroma store + BM25 on disk) of the committed corpus."""
    from ingest.build import run_ingest

    root = tmp_path_factory.mktemp("index")
    run_ingest(settings, corpus_dir=CORPUS, index_dir=root, progress=False, log=lambda m: None)
    return root


@pytest.fixture(scope="session")
def engine(index_dir, settings):
    from bot.engine import Engine

    return Engine.open(index_dir, settings)


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of corpus/ for tests that add or break documents."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst
