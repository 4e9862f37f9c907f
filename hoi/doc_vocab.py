"""Document kinds, issuers and levels read from hoi/data/*.toml: kinds and their codes, issuers and levels.

Kept in data files, not code, so an office meeting a kind or an issuing body the files do not
know adds a line there (see hoi/data/README.md) instead of editing the reader.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .text import fold

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Kind:
    name: str  # "Kế hoạch"
    titles: tuple[str, ...]  # "KẾ HOẠCH"
    codes: tuple[str, ...]  # "KH"
    short: str  # "kh"


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def kinds() -> tuple[Kind, ...]:
    return tuple(Kind(k["name"], tuple(k.get("title", [])), tuple(k.get("codes", [])), k["short"])
                 for k in _load("doc_kinds.toml")["kinds"])


def code_key(code: str) -> str:
    """A number's code as matched: accents and case folded ("QĐ" = "QD" = "qđ")."""
    return fold(code).replace(" ", "")


@lru_cache(maxsize=1)
def _kind_by_code() -> dict[str, Kind]:
    return {code_key(c): k for k in kinds() for c in k.codes}


def kind_by_code(code: str) -> Kind | None:
    return _kind_by_code().get(code_key(code))


def kind_by_name(name: str) -> Kind | None:
    key = fold(name)
    return next((k for k in kinds() if fold(k.name) == key), None)


@lru_cache(maxsize=1)
def title_words() -> tuple[tuple[str, Kind], ...]:
    """Title-line kind words, longest first ("CHƯƠNG TRÌNH HÀNH ĐỘNG" before "CHƯƠNG TRÌNH")."""
    pairs = [(t, k) for k in kinds() for t in k.titles]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def levels() -> dict[str, Any]:
    return _load("levels.toml")


def _words(text: str) -> str:
    return " " + " ".join(normalise_case_variants(text).lower().split()) + " "


def normalise_case_variants(text: str) -> str:
    """Old-style tone placement ("Uỷ", "UỶ") written the way the vocabulary writes it ("Ủy")."""
    return text.replace("uỷ", "ủy").replace("Uỷ", "Ủy").replace("UỶ", "ỦY").replace("uÝ", "úy")


def level_of_issuer(issuer: str) -> str:
    """"Ban Thường vụ Huyện ủy Phụng Hiệp" → "huyện"; "" when no rule fits."""
    words = _words(issuer)
    for rule in levels().get("levels", []):
        if any(f" {p} " in words for p in rule["phrases"]):
            return str(rule["level"])
    return ""


def issuer_code(code: str) -> str:
    """The letters of an issuer code ("QH16" → "QH")."""
    return "".join(ch for ch in code if not ch.isdigit())


def level_of_code(code: str) -> str:
    table = {code_key(k): v for k, v in levels().get("codes", {}).items()}
    return str(table.get(code_key(issuer_code(code)), ""))


def issuer_of_code(code: str) -> str:
    table = {code_key(k): v for k, v in levels().get("code_issuers", {}).items()}
    return str(table.get(code_key(issuer_code(code)), ""))


def issuer_heads() -> tuple[str, ...]:
    return tuple(levels().get("issuer", {}).get("heads", []))


def sub_bodies() -> tuple[str, ...]:
    return tuple(levels().get("issuer", {}).get("sub_bodies", []))


def readable_words() -> tuple[str, ...]:
    return tuple(levels().get("issuer", {}).get("words", []))
