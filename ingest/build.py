"""Build the index: load → parse → chunk → registers → embed → write aside → swap.

Incremental by content hash: a passage whose embedded text and embedding model are unchanged
takes its vector from the previous build, so re-indexing after adding one document only
embeds that document. Atomic: everything is written into a fresh folder under builds/, and
the `current` symlink moves only when the folder is complete. A crash, a kill or a bad
document half-way leaves the last good index answering.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import shutil
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from hoi.text import extend_vocabulary
from hoi.vocab import read_corpus_vocabulary

from hoi.accents import build_vocab
from hoi.embeddings import ChromaEmbeddingFunction, Embedder, get_embedder
from hoi.index import COLLECTION, FORMAT_VERSION, chroma_client, leased_builds, swap_current, write_json
from hoi.manifest import ManifestError
from hoi.models import Chunk, DocumentInfo
from hoi.settings import Settings
from hoi.text import lexical_tokens, nfc

from .catalog import Catalog, build_catalog
from .parser import parse_document

KEEP_BUILDS = 3


class IngestError(RuntimeError):
    """Ingest stopped; the old index is untouched. The message is for the operator (Vietnamese)."""


@dataclass
class IngestSummary:
    documents: int
    chunks: int
    embedded: int
    reused: int
    seconds: float
    build: Path
    skipped: list[str] = field(default_factory=list)
    not_loaded: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)  # per file: what was read, what could not be
    ignored: list[str] = field(default_factory=list)  # files that are not documents, and why
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    def line(self) -> str:
        if self.dry_run:
            text = (f"Chạy thử (không ghi gì): {self.documents} tài liệu đọc được, {self.chunks} đoạn"
                    + (f", {len(self.errors)} lỗi" if self.errors else "") + ".")
            if self.ignored:
                text += f" Bỏ qua {len(self.ignored)} tệp."
            return text
        text = (
            f"Đã lập chỉ mục: {self.documents} tài liệu, {self.chunks} đoạn "
            f"({self.embedded} đoạn mới nhúng, {self.reused} dùng lại), {self.seconds:.1f} giây."
        )
        if self.not_loaded:
            text += f" Chưa có văn bản: {', '.join(self.not_loaded)}."
        if self.skipped:
            text += f" Bỏ qua do lỗi: {', '.join(self.skipped)}."
        if self.ignored:
            text += f" Không phải tài liệu để nạp: {len(self.ignored)} tệp (xem các dòng \"Bỏ qua tệp\" ở trên)."
        return text


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def chunk_hash(embedder_name: str, chunk: Chunk) -> str:
    return hashlib.sha256(f"{embedder_name}\n{chunk.index_text()}".encode()).hexdigest()


@contextmanager
def ingest_lock(root: Path) -> Iterator[None]:
    """One ingest at a time per index (the bot's /reindex and a cron job may collide)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fh = open(root / ".lock", "w")
    except OSError as exc:
        raise write_failure(exc, "tệp khóa .lock của thư mục chỉ mục") from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestError("Một lần lập chỉ mục khác đang chạy; hãy đợi nó xong rồi thử lại.") from exc
        yield


def _previous(root: Path) -> tuple[dict[str, np.ndarray], str | None]:
    """Vectors of the last good build keyed by content hash, and its embedder name."""
    link = root / "current"
    if not link.exists():
        return {}, None
    build = link.resolve()
    try:
        meta = json.loads((build / "meta.json").read_text(encoding="utf-8"))
        hashes = meta.get("chunk_hashes", [])
        vectors = np.load(build / "vectors.npy")
    except (OSError, ValueError):
        return {}, None
    if len(hashes) != len(vectors):
        return {}, meta.get("embedder")
    return dict(zip(hashes, vectors)), meta.get("embedder")


def _prune(root: Path, keep: Path) -> None:
    """Keep the newest KEEP_BUILDS finished builds, `keep`, and every build a live process has
    leased (a running bot that has not switched yet); remove the rest and dead leases."""
    leased = leased_builds(root)
    builds = sorted((p for p in (root / "builds").iterdir() if p.is_dir()), key=lambda p: p.name)
    finished = [p for p in builds if (p / "meta.json").exists()]
    for old in finished[:-KEEP_BUILDS]:
        if old != keep and old.name not in leased:
            shutil.rmtree(old, ignore_errors=True)
    for p in builds:  # leftovers of killed builds
        if not (p / "meta.json").exists() and p != keep and p.name not in leased:
            shutil.rmtree(p, ignore_errors=True)


_WRITE_ERRORS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng đĩa",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EIO: "lỗi vào/ra của ổ đĩa",
}


def write_failure(exc: BaseException, what: str) -> IngestError:
    """A failed write as the operator should read it: in Vietnamese, naming what was being
    written, never an English OS message or a server path."""
    reason = None
    for e in (exc, exc.__cause__, exc.__context__):
        if isinstance(e, OSError) and e.errno in _WRITE_ERRORS:
            reason = _WRITE_ERRORS[e.errno]
            break
    if reason is None:
        text = str(exc).lower()
        if "disk is full" in text or "no space" in text or "database or disk" in text:
            reason = _WRITE_ERRORS[errno.ENOSPC]
        elif "readonly" in text or "read-only" in text:
            reason = _WRITE_ERRORS[errno.EROFS]
        else:
            reason = f"lỗi khi ghi ({exc.__class__.__name__})"
    return IngestError(
        f"Không lập được chỉ mục: {reason} khi ghi {what}. Đã xóa bản dựng dở dang; "
        "chỉ mục cũ vẫn giữ nguyên. Hãy giải phóng dung lượng (hoặc cấp quyền ghi) rồi chạy lại."
    )


def read_corpus(corpus: Path, root: Path | None = None, log: Callable[[str], None] = print) -> Catalog:
    """The corpus folder as a document list (ingest/catalog.py); a manifest that cannot be used
    is an IngestError that changes nothing."""
    previous = None
    if root is not None and (root / "current" / "meta.json").exists():
        try:
            previous = json.loads((root / "current" / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = None
    try:
        return build_catalog(corpus, previous)
    except ManifestError as exc:
        raise IngestError(f"{exc}. Hãy sửa (hoặc tạo lại) tệp manifest.toml theo README rồi chạy lại "
                          "python -m ingest; chỉ mục cũ vẫn giữ nguyên.") from exc


def run_ingest(
    settings: Settings,
    corpus_dir: Path | None = None,
    index_dir: Path | None = None,
    skip_bad: bool = False,
    progress: bool = True,
    log: Callable[[str], None] = print,
    embedder: Embedder | None = None,
    dry_run: bool = False,
) -> IngestSummary:
    """Build a new index from the corpus and swap it in. Raises IngestError and changes nothing
    on a bad manifest or (unless skip_bad) a bad document. Logs, per file, what was read from it
    and what could not be, and every file skipped and why; `dry_run` stops there and writes
    nothing."""
    t0 = time.perf_counter()
    corpus = Path(corpus_dir or settings.corpus_dir)
    root = Path(index_dir or settings.index_dir)
    vocabulary = read_corpus_vocabulary(corpus)  # the corpus's own abbreviations: tokenised like the questions
    extend_vocabulary(vocabulary)
    catalog = read_corpus(corpus, root, log)
    report = catalog.report()
    for line in report:
        log(line)
    errors = catalog.errors
    if dry_run:
        for e in errors:
            log(e)
        return IngestSummary(
            documents=len(catalog.loaded), chunks=sum(len(ld.parsed.chunks) for ld in catalog.loaded), embedded=0,
            reused=0, seconds=time.perf_counter() - t0, build=Path(), skipped=list(catalog.failed),
            not_loaded=[d.number for d in catalog.documents if not d.file], notes=[], report=report,
            ignored=[s.line() for s in catalog.skipped], errors=list(errors), dry_run=True,
        )

    with ingest_lock(root):
        # 1. Every document of the folder, loaded and parsed by the catalog (ingest/catalog.py);
        # every failure is collected before stopping
        manifest = catalog.documents
        parsed = [(ld.doc, ld.parsed) for ld in catalog.loaded]
        skipped: list[str] = list(catalog.failed)
        not_loaded: list[str] = [d.number for d in manifest if not d.file]
        doc_hashes: dict[str, str] = {ld.doc.id: ld.sha256 for ld in catalog.loaded}
        if errors and not skip_bad:
            raise IngestError(
                "Không lập chỉ mục (chỉ mục cũ vẫn giữ nguyên):\n- " + "\n- ".join(errors)
                + "\nSửa các tệp trên, hoặc chạy với --skip-bad để bỏ qua chúng."
            )
        for e in errors:
            log(e)
        if not parsed:
            raise IngestError("Không có tài liệu nào nạp được; chỉ mục cũ vẫn giữ nguyên.")

        chunks: list[Chunk] = [c for _, p in parsed for c in p.chunks]
        if not chunks:
            raise IngestError("Các tài liệu không có đoạn văn nào; chỉ mục cũ vẫn giữ nguyên.")

        # 2. Embeddings, reusing unchanged passages
        embedder = embedder or get_embedder(settings.embeddings)
        old_vectors, old_embedder = _previous(root)
        notes: list[str] = []
        if old_embedder and old_embedder != embedder.name:
            notes.append(f"Mô hình nhúng đã đổi ({old_embedder} → {embedder.name}): dựng lại toàn bộ chỉ mục.")
            log(notes[-1])
            old_vectors = {}
        hashes = [chunk_hash(embedder.name, c) for c in chunks]
        todo = [i for i, h in enumerate(hashes) if h not in old_vectors]
        vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
        for i, h in enumerate(hashes):
            if h in old_vectors:
                vectors[i] = old_vectors[h]
        batch = 16
        bar = None
        if progress and todo:
            from tqdm import tqdm

            bar = tqdm(total=len(todo), desc="Nhúng đoạn văn", unit="đoạn", leave=False)
        for s in range(0, len(todo), batch):
            idx = todo[s : s + batch]
            vectors[idx] = embedder.embed_passages([chunks[i].index_text() for i in idx])
            if bar:
                bar.update(len(idx))
        if bar:
            bar.close()

        # 3. Write the new build aside. Any failure (a full or read-only disk above all)
        # removes the partial build and says, in Vietnamese, what was being written.
        build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        build = root / "builds" / build_id
        writing = "thư mục bản dựng mới"
        try:
            build.mkdir(parents=True)
            build.chmod(0o700)
            writing = "vectors.npy (véc-tơ các đoạn)"
            np.save(build / "vectors.npy", vectors)
            writing = "chunks.jsonl (bảng đoạn văn)"
            with open(build / "chunks.jsonl", "w", encoding="utf-8") as fh:
                for c in chunks:
                    fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
            writing = "headings.json (đề mục)"
            write_json(build / "headings.json", {doc.id: p.headings for doc, p in parsed})
            writing = "vocab.json (từ vựng có dấu)"
            write_json(build / "vocab.json", build_vocab([c.index_text() for c in chunks]))
            writing = "bm25 (chỉ mục từ khóa)"
            _write_lexical(build, chunks)
            writing = "chroma (chỉ mục ngữ nghĩa)"
            _write_chroma(build, chunks, vectors, embedder)
            writing = "registers.json (sổ nhiệm vụ, thời hạn)"
            _write_registers(build, chunks, manifest)
            meta = {
                "format": FORMAT_VERSION,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "embedder": embedder.name,
                "embedder_spec": settings.embeddings,
                "dim": embedder.dim,
                "documents": {
                    doc.id: {
                        "file": doc.file, "sha256": doc_hashes[doc.id], "chunks": len(p.chunks),
                        "header": {"number": p.header.number, "draft": p.header.draft,
                                   "place_date": p.header.place_date, "title": p.header.title,
                                   "signer": p.header.signer, "issuer_lines": p.header.issuer_lines},
                    }
                    for doc, p in parsed
                },
                "manifest": [doc.__dict__ for doc in manifest],
                "chunk_hashes": hashes,
                "counts": {"chunks": len(chunks), "embedded": len(todo), "reused": len(chunks) - len(todo)},
                "vocabulary": vocabulary,
            }
            writing = "meta.json"
            write_json(build / "meta.json", meta)  # written last: its presence marks a complete build
            for item in build.rglob("*"):  # owner-only whatever the umask: the documents are internal
                item.chmod(0o700 if item.is_dir() else 0o600)
            writing = "liên kết current"
            swap_current(root, build)
        except BaseException as exc:  # noqa: BLE001 - Chroma wraps sqlite errors; a kill must clean up too
            shutil.rmtree(build, ignore_errors=True)
            if isinstance(exc, (OSError, sqlite3.Error)) or (
                    isinstance(exc, Exception) and not isinstance(exc, (IngestError, MemoryError))):
                raise write_failure(exc, writing) from exc
            raise
        _prune(root, build)

    return IngestSummary(
        documents=len(parsed), chunks=len(chunks), embedded=len(todo), reused=len(chunks) - len(todo),
        seconds=time.perf_counter() - t0, build=build, skipped=skipped, not_loaded=not_loaded, notes=notes,
        report=report, ignored=[s.line() for s in catalog.skipped], errors=list(errors),
    )


def _write_lexical(build: Path, chunks: list[Chunk]) -> None:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([lexical_tokens(c.index_text()) for c in chunks], show_progress=False)
    retriever.save(str(build / "bm25"))


def _write_chroma(build: Path, chunks: list[Chunk], vectors: np.ndarray, embedder: Embedder) -> None:
    client = chroma_client(build / "chroma")
    col = client.get_or_create_collection(
        COLLECTION, embedding_function=ChromaEmbeddingFunction(embedder), metadata={"hnsw:space": "cosine"}
    )
    step = 4000
    for s in range(0, len(chunks), step):
        part = chunks[s : s + step]
        col.add(
            ids=[c.chunk_id for c in part],
            embeddings=vectors[s : s + step],
            documents=[c.text for c in part],
            metadatas=[
                {"doc_id": c.doc_id, "section": c.section, "para": c.para or 0, "kind": c.kind,
                 "heading": c.heading, "start": c.start, "end": c.end, "page": c.page or 0, "row": s + i}
                for i, c in enumerate(part)
            ],
        )


def _write_registers(build: Path, chunks: list[Chunk], manifest: list[DocumentInfo]) -> None:
    from .registers import build_registers
    from .registers import link_chain

    current = {d.id for d in manifest if not d.superseded_by}  # a replaced draft is history, not a duty
    chunks = [c for c in chunks if c.doc_id in current]
    registers = build_registers(chunks)
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    registers = link_chain(registers, by_doc, {d.id: list(d.implements) for d in manifest}) or registers
    write_json(build / "registers.json", registers.to_json())
