"""Reading corpus/manifest.toml: which documents exist, which are loaded, how to cite them."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from .models import DocumentInfo
from .text import syllables


class ManifestError(ValueError):
    """The manifest cannot be used; the message says what to fix (in Vietnamese)."""


REQUIRED = ("id", "number", "kind", "date", "issuer", "title", "level")


def load_manifest(path: Path) -> list[DocumentInfo]:
    if not path.exists():
        raise ManifestError(f"Không tìm thấy tệp danh mục tài liệu: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"Tệp danh mục {path.name} sai cú pháp TOML: {exc}") from exc
    docs: list[DocumentInfo] = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("documents", []), start=1):
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            raise ManifestError(f"Mục tài liệu thứ {i} trong {path.name} thiếu trường: {', '.join(missing)}")
        if entry["id"] in seen:
            raise ManifestError(f"Mã tài liệu '{entry['id']}' bị trùng trong {path.name}")
        seen.add(entry["id"])
        known = {f for f in DocumentInfo.__dataclass_fields__}
        docs.append(DocumentInfo(**{k: v for k, v in entry.items() if k in known}))
    return docs


def mentioned_documents(question: str, docs: list[DocumentInfo]) -> list[DocumentInfo]:
    """Documents a question names, by number ("227-CTr/TU", "NQ45") or alias ("chương trình 227")."""
    q = " " + " ".join(_words(question)) + " "
    found: list[tuple[DocumentInfo, list[str]]] = []
    for doc in docs:
        keys = [k for k in document_keys(doc) if f" {k} " in q]
        if keys:
            found.append((doc, keys))
    # "Kế hoạch 103-KH/HU" names plan 103, not the draft numbered "…-KH/HU" whose key it contains
    return [doc for doc, keys in found
            if not all(any(f" {k} " in f" {o} " and k != o for _, other in found for o in other) for k in keys)]


def _words(text: str) -> list[str]:
    return syllables(text)


def document_keys(doc: DocumentInfo) -> list[str]:
    """Folded word sequences that name a document in a question ("nghi quyet 45", "227 ctr tu")."""
    return list(_document_keys(doc.number, tuple(doc.aliases)))


@lru_cache(maxsize=8192)
def _document_keys(number: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    keys = {" ".join(_words(a)) for a in aliases}
    keys.add(" ".join(_words(number)))
    return tuple(sorted(k for k in keys if k))
