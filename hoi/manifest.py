"""Reading corpus/manifest.toml (optional overrides and documents known but not loaded) and
naming documents in questions."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from .models import DocumentInfo
from .text import fold, syllables


class ManifestError(ValueError):
    """The manifest cannot be used; the message says what to fix (in Vietnamese)."""


REQUIRED = ("id", "number", "kind", "date", "issuer", "title", "level")
# A document known only from the manifest (no file to read its header from) must say what it is;
# its level can still be read from the issuer.
REQUIRED_WITHOUT_FILE = ("id", "number", "kind", "date", "issuer", "title")
LIST_FIELDS = ("implements", "aliases")
MANIFEST_NAME = "manifest.toml"


def read_manifest(path: Path) -> list[dict]:
    """The manifest's entries as written, checked; [] when there is no manifest (it is optional:
    every supported file in the corpus folder is a document whose header says what it is).

    An entry whose `file` names a file overrides the fields it sets of what ingest reads from
    that file; an entry without `file` is a document known but not loaded."""
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"Tệp danh mục {path.name} sai cú pháp TOML: {exc}") from exc
    known = set(DocumentInfo.__dataclass_fields__)
    entries: list[dict] = []
    seen: set[str] = set()
    files: set[str] = set()
    raw = data.get("documents", [])
    if not isinstance(raw, list):
        raise ManifestError(f"Tệp danh mục {path.name}: [[documents]] phải là danh sách các mục tài liệu")
    for i, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ManifestError(f"Mục tài liệu thứ {i} trong {path.name} không phải một bảng TOML")
        name = entry.get("id") or entry.get("file") or f"thứ {i}"
        if entry.get("file"):
            missing = [k for k in ("file",) if not entry.get(k)]
        else:
            missing = [k for k in REQUIRED_WITHOUT_FILE if not entry.get(k)]
        if missing:
            raise ManifestError(f"Mục tài liệu thứ {i} trong {path.name} thiếu trường: {', '.join(missing)}")
        for k in LIST_FIELDS:
            if k in entry and not (isinstance(entry[k], list) and all(isinstance(x, str) for x in entry[k])):
                raise ManifestError(f"Mục tài liệu '{name}' trong {path.name}: trường {k} phải là danh sách chuỗi")
        for k, v in entry.items():
            if k in known and k not in LIST_FIELDS and k not in ("draft", "version") and not isinstance(v, str):
                raise ManifestError(f"Mục tài liệu '{name}' trong {path.name}: trường {k} phải là chuỗi")
        if entry.get("id"):
            if entry["id"] in seen:
                raise ManifestError(f"Mã tài liệu '{entry['id']}' bị trùng trong {path.name}")
            seen.add(entry["id"])
        if entry.get("file"):
            if entry["file"] in files:
                raise ManifestError(f"Tệp '{entry['file']}' được khai báo hai lần trong {path.name}")
            files.add(entry["file"])
        entries.append({k: v for k, v in entry.items() if k in known} | {"_position": i})
    return entries


def load_manifest(path: Path) -> list[DocumentInfo]:
    """The manifest's complete entries as documents (what the manifest alone says; ingest merges
    it with what the files say, see ingest/catalog.py)."""
    if not path.exists():
        raise ManifestError(f"Không tìm thấy tệp danh mục tài liệu: {path}")
    docs: list[DocumentInfo] = []
    for entry in read_manifest(path):
        fields = {k: v for k, v in entry.items() if not k.startswith("_")}
        if all(fields.get(k) for k in REQUIRED):
            docs.append(DocumentInfo(**fields))
    return docs


def mentioned_documents(question: str, docs: list[DocumentInfo]) -> list[DocumentInfo]:
    """Documents a question names, by number ("227-CTr/TU", "NQ45") or alias ("chương trình 227")."""
    q = " " + " ".join(_words(question)) + " "
    found: list[tuple[DocumentInfo, list[str]]] = []
    for doc in docs:
        keys = [k for k in document_keys(doc) if f" {k} " in q
                and (doc.status == "available" or k.rsplit(" ", 1)[-1] not in _deictic_words())]
        if keys:
            found.append((doc, keys))
    # "Kế hoạch 103-KH/HU" names plan 103, not the draft numbered "…-KH/HU" whose key it contains
    return [doc for doc, keys in found
            if not all(any(f" {k} " in f" {o} " and k != o for _, other in found for o in other) for k in keys)]


@lru_cache(maxsize=1)
def _deictic_words() -> frozenset[str]:
    from .vocab import words
    return words("words", "deictic_words")


def _words(text: str) -> list[str]:
    return syllables(text)


def document_keys(doc: DocumentInfo) -> list[str]:
    """Folded word sequences that name a document in a question ("nghi quyet 45", "227 ctr tu"):
    its number, its aliases, and its kind with the number's leading figure ("quyết định 23",
    "qđ 23" for 23/2026/QĐ-UBND), which is how cadres cite it whether or not a manifest says so."""
    return list(_document_keys(doc.number, tuple(doc.aliases), doc.kind))


@lru_cache(maxsize=8192)
def _document_keys(number: str, aliases: tuple[str, ...], kind: str = "") -> tuple[str, ...]:
    keys = {" ".join(_words(a)) for a in aliases}
    keys.add(" ".join(_words(number)))
    lead = re.match(r"\s*(\d+)", number or "")
    if lead and kind:
        for name in _kind_names(kind):
            for figure in {lead.group(1), lead.group(1).lstrip("0") or "0"}:  # "09" and "9"
                keys.add(f"{name} {figure}")
    return tuple(sorted(k for k in keys if k))


def _kind_names(kind: str) -> list[str]:
    """A kind's folded name and its short word ("quyet dinh", "qd"), from hoi/data/doc_kinds.toml."""
    try:
        from .doc_vocab import kinds
    except Exception:  # pragma: no cover - the data file is unreadable: the name alone
        return [" ".join(_words(kind))]
    out = [" ".join(_words(kind))]
    for k in kinds():
        # the short word as typed, unless the syllable layer reads it as other words ("hd" is
        # "hoạt động" there: "hoạt động 15" must not name Hướng dẫn 15)
        if fold(k.name) == fold(kind) and k.short and _words(k.short) == [fold(k.short)]:
            out.append(fold(k.short))
    return list(dict.fromkeys(out))
