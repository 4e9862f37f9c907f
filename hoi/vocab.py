"""Vocabulary as data: the generic word lists in hoi/data/, plus a corpus's own additions.

Word lists decide what a question's words match, so they must be readable and editable by
someone who knows Vietnamese administration but not Python, and one document's vocabulary must
never leak into the engine's code. Generic entries live in hoi/data/ (vocabulary.toml,
questions.toml); an abbreviation only one corpus uses goes in `vocabulary.toml` beside that
corpus's manifest.toml (same tables). Document kinds and levels: hoi/doc_vocab.py.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
CORPUS_VOCABULARY = "vocabulary.toml"


@lru_cache(maxsize=None)
def data_file(name: str) -> dict:
    """A TOML file of hoi/data/, parsed once."""
    with open(DATA_DIR / name, "rb") as fh:
        return tomllib.load(fh)


def words(table: str, key: str, file: str = "vocabulary.toml") -> frozenset[str]:
    return frozenset(data_file(file)[table][key].split())


def read_corpus_vocabulary(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """The corpus's own additions ({} when it has none)."""
    path = Path(corpus_dir) / CORPUS_VOCABULARY
    if not path.is_file():
        return {}
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    return {t: {str(k): str(v) for k, v in raw.get(t, {}).items()}
            for t in ("abbreviations", "upper_abbreviations") if raw.get(t)}
