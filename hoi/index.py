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

import atexit
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .text import extend_vocabulary
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
        if take_lease(root, build):  # before reading: a concurrent prune must not take it away
            _release_at_exit(Path(root))
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
            if meta.get("vocabulary"):  # the corpus's own abbreviations (vocabulary.toml beside its manifest)
                extend_vocabulary(meta["vocabulary"])
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

    def current_ids(self) -> set[str]:
        """Loaded documents that are the current version: a draft replaced by its signed version
        stays in the index as history (reachable by `--doc`), but answers cite the current one."""
        return set(self._current_ids)

    @cached_property
    def _current_ids(self) -> frozenset[str]:
        replaced = {d.id for d in self.documents if getattr(d, "superseded_by", "")}
        return frozenset(self._loaded_ids - replaced)

    @cached_property
    def history_rows(self) -> np.ndarray:
        """Rows of the chunks of replaced versions, which retrieval leaves out."""
        current = self._current_ids
        return np.asarray([i for i, c in enumerate(self.chunks) if c.doc_id not in current], dtype=np.int64)

    def count_by_doc(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for c in self.chunks:
            counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
        return counts


_LEASED_ROOTS: set[Path] = set()


def _release_at_exit(root: Path) -> None:
    """A process that exits normally drops its lease; a killed one leaves a stale lease that
    the next prune removes (its pid is gone)."""
    if root not in _LEASED_ROOTS:
        _LEASED_ROOTS.add(root)
        atexit.register(release_lease, root)


def _damaged(build: Path, exc: BaseException) -> IndexError_:
    return IndexError_(
        f"Chỉ mục tại {build} bị hỏng hoặc thiếu tệp ({exc.__class__.__name__}). Hãy chạy lại: python -m ingest"
    )


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def swap_current(root: Path, build: Path) -> None:
    """Point `current` at a finished build atomically (rename of a symlink is atomic on POSIX).

    The temporary link is `.swap.<pid>`, not `.current.<pid>`: that name is this process's
    lease (below), which a swap must not consume.
    """
    _atomic_link(root, f".swap.{os.getpid()}", root / "current", build)


def _atomic_link(root: Path, tmp_name: str, dest: Path, build: Path) -> None:
    tmp = root / tmp_name
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("builds") / build.name)
    os.replace(tmp, dest)


# -- leases -------------------------------------------------------------------------------------
# A process answering from a build holds a lease on it: a symlink `.lease.<pid>` next to
# `current`, pointing at the build it has open. Prune never removes a leased build, so a bot
# that has not yet switched to a newer build keeps its files however many ingests run
# meanwhile (a pruned build used to make dense queries fail with Chroma's InternalError).
# A lease whose process is gone is stale and removed by the next prune, as are the temporary
# `.current.<pid>` / `.swap.<pid>` links a killed ingest left behind.

LEASE_PREFIX = ".lease."
_TEMP_PREFIXES = (".current.", ".swap.", ".lease-tmp.")


def lease_path(root: Path, pid: int | None = None) -> Path:
    return Path(root) / f"{LEASE_PREFIX}{pid or os.getpid()}"


def take_lease(root: Path, build: Path) -> bool:
    """Lease `build` for this process (replacing its previous lease on this root).

    False when the index folder is not writable: answering goes on, only without protection
    from prune (an index nobody can write is not being rebuilt either).
    """
    try:
        _atomic_link(Path(root), f".lease-tmp.{os.getpid()}", lease_path(root), build)
        return True
    except OSError:
        return False


def release_lease(root: Path) -> None:
    try:
        lease_path(root).unlink()
    except OSError:
        pass


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, under another user
    return True


def leased_builds(root: Path, clean: bool = True) -> set[str]:
    """Names of builds leased by live processes; stale leases (dead pids) removed when `clean`."""
    leased: set[str] = set()
    try:
        entries = list(Path(root).iterdir())
    except OSError:
        return leased
    for entry in entries:
        temp = next((p for p in _TEMP_PREFIXES if entry.name.startswith(p)), None)
        if temp is not None:
            pid = entry.name[len(temp):]
            if clean and pid.isdigit() and not _pid_alive(int(pid)):
                try:
                    entry.unlink()
                except OSError:
                    pass
            continue
        if not entry.name.startswith(LEASE_PREFIX):
            continue
        suffix = entry.name[len(LEASE_PREFIX):]
        if not suffix.isdigit():
            continue
        if not _pid_alive(int(suffix)):
            if clean:
                try:
                    entry.unlink()
                except OSError:
                    pass
            continue
        try:
            leased.add(Path(os.readlink(entry)).name)
        except OSError:
            continue
    return leased


def current_target(root: Path) -> str | None:
    """The build name `current` points at, read with one readlink (cheap enough to poll)."""
    try:
        return Path(os.readlink(Path(root) / "current")).name
    except OSError:
        return None
