"""The on-disk index, read side: one object opened once and shared by every front end.

Layout under the index root (HOI_INDEX_DIR, default `.index/`):

    current -> builds/<build id>     symlink, replaced atomically when a build completes
    builds/<build id>/
        meta.json        embedder, documents with their content hashes, counts, time
        chunks.jsonl     the chunk table (text, address, heading path, offsets, page)
        headings.json    address -> heading line, per document (for whole-clause views)
        vectors.npy      passage vectors, row i = chunk i (reused by the next incremental build)
        chroma/          Chroma persistent collection "chunks" (dense search)
        bm25/            bm25s index over folded syllables + bigrams (lexical search)
        vocab.json       accented forms of folded syllable n-grams (accent restoration)
        registers.json   duties and deadlines (issue 4)

A reader never sees a half-written build: ingest writes a new folder and only then swaps the
symlink, so a crash or kill half-way leaves `current` pointing at the last good build.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .models import Chunk, DocumentInfo

FORMAT_VERSION = 1
COLLECTION = "chunks"


class IndexError_(RuntimeError):
    """The index is missing or unreadable; the message tells the operator what to run."""


def chroma_client(path: Path) -> Any:
    """A Chroma client with the same settings everywhere (Chroma refuses mixed settings per path)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    )


def current_build(root: Path) -> Path:
    link = root / "current"
    if not link.exists():
        raise IndexError_(
            f"Chưa có chỉ mục tại {root}. Hãy chạy: python -m ingest"
            + ("" if root.name == ".index" else f" --index {root}")
        )
    return link.resolve()


@dataclass
class Index:
    """Everything the answer engine needs, loaded from one build folder."""

    path: Path
    meta: dict[str, Any]
    chunks: list[Chunk]
    headings: dict[str, dict[str, str]]
    vocab: dict[str, dict[str, str]]
    registers_raw: dict[str, Any] | None
    documents: list[DocumentInfo] = field(default_factory=list)

    @classmethod
    def open(cls, root: Path) -> "Index":
        build = current_build(root)
        try:
            meta = json.loads((build / "meta.json").read_text(encoding="utf-8"))
            with open(build / "chunks.jsonl", encoding="utf-8") as fh:
                chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
            headings = json.loads((build / "headings.json").read_text(encoding="utf-8"))
            vocab = json.loads((build / "vocab.json").read_text(encoding="utf-8"))
            reg_path = build / "registers.json"
            registers_raw = json.loads(reg_path.read_text(encoding="utf-8")) if reg_path.exists() else None
            # a damaged build must fail here with the message below, not half-way through an answer
            if not isinstance(meta, dict):
                raise ValueError("meta.json is not an object")
            if len(chunks) != meta.get("counts", {}).get("chunks", len(chunks)):
                raise ValueError("chunks.jsonl is incomplete")
            for name in ("vectors.npy", "bm25", "chroma"):
                if not (build / name).exists():
                    raise FileNotFoundError(name)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise _damaged(build, exc) from exc
        if meta.get("format") != FORMAT_VERSION:
            raise IndexError_("Chỉ mục được tạo bởi phiên bản khác. Hãy chạy lại: python -m ingest")
        documents = [DocumentInfo(**d) for d in meta.get("manifest", [])]
        return cls(build, meta, chunks, headings, vocab, registers_raw, documents)

    # -- lazily opened search structures ------------------------------------------------------
    @cached_property
    def bm25(self) -> Any:
        import bm25s

        return self._load(lambda: bm25s.BM25.load(str(self.path / "bm25"), mmap=False))

    @cached_property
    def vectors(self) -> np.ndarray:
        return self._load(lambda: np.load(self.path / "vectors.npy", mmap_mode=None))

    @cached_property
    def collection(self) -> Any:
        return self._load(lambda: chroma_client(self.path / "chroma").get_collection(COLLECTION))

    def _load(self, load: Any) -> Any:
        """A file damaged or removed after `open` is the operator's IndexError_, not a traceback."""
        try:
            return load()
        except Exception as exc:  # noqa: BLE001 - bm25s, numpy and Chroma raise many kinds
            raise _damaged(self.path, exc) from exc

    @cached_property
    def by_id(self) -> dict[str, int]:
        return {c.chunk_id: i for i, c in enumerate(self.chunks)}

    @property
    def embedder_name(self) -> str:
        return str(self.meta.get("embedder", ""))

    def document(self, doc_id: str) -> DocumentInfo | None:
        return self._documents_by_id.get(doc_id)

    @cached_property
    def _documents_by_id(self) -> dict[str, DocumentInfo]:
        return {d.id: d for d in self.documents}

    def loaded_ids(self) -> set[str]:
        return set(self._loaded_ids)

    @cached_property
    def _loaded_ids(self) -> frozenset[str]:
        return frozenset(c.doc_id for c in self.chunks)

    def count_by_doc(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for c in self.chunks:
            counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
        return counts


def _damaged(build: Path, exc: BaseException) -> IndexError_:
    return IndexError_(
        f"Chỉ mục tại {build} bị hỏng hoặc thiếu tệp ({exc.__class__.__name__}). Hãy chạy lại: python -m ingest"
    )


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def swap_current(root: Path, build: Path) -> None:
    """Point `current` at a finished build atomically (rename of a symlink is atomic on POSIX)."""
    tmp = root / f".current.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("builds") / build.name)
    os.replace(tmp, root / "current")
