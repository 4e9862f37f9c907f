"""Build the index: load → parse → chunk → registers → embed → write aside → swap.

Incremental by content hash: a passage whose embedded text and embedding model are unchanged
takes its vector from the previous build, so re-indexing after adding one document only
embeds that document. Atomic: everything is written into a fresh folder under builds/, and
the `current` symlink moves only when the folder is complete. A crash, a kill or a bad
document half-way leaves the last good index answering.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from hoi.accents import build_vocab
from hoi.embeddings import ChromaEmbeddingFunction, Embedder, get_embedder
from hoi.index import COLLECTION, FORMAT_VERSION, chroma_client, swap_current, write_json
from hoi.manifest import load_manifest
from hoi.models import Chunk, DocumentInfo
from hoi.settings import Settings
from hoi.text import lexical_tokens, nfc

from .loaders import DocumentError, load_document
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

    def line(self) -> str:
        text = (
            f"Đã lập chỉ mục: {self.documents} tài liệu, {self.chunks} đoạn "
            f"({self.embedded} đoạn mới nhúng, {self.reused} dùng lại), {self.seconds:.1f} giây."
        )
        if self.not_loaded:
            text += f" Chưa có văn bản: {', '.join(self.not_loaded)}."
        if self.skipped:
            text += f" Bỏ qua do lỗi: {', '.join(self.skipped)}."
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
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
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
    builds = sorted((p for p in (root / "builds").iterdir() if p.is_dir()), key=lambda p: p.name)
    finished = [p for p in builds if (p / "meta.json").exists()]
    for old in finished[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for p in builds:  # leftovers of killed builds
        if not (p / "meta.json").exists() and p != keep:
            shutil.rmtree(p, ignore_errors=True)


def run_ingest(
    settings: Settings,
    corpus_dir: Path | None = None,
    index_dir: Path | None = None,
    skip_bad: bool = False,
    progress: bool = True,
    log: Callable[[str], None] = print,
    embedder: Embedder | None = None,
) -> IngestSummary:
    """Build a new index from the corpus and swap it in. Raises IngestError and changes nothing
    on a bad manifest or (unless skip_bad) a bad document."""
    t0 = time.perf_counter()
    corpus = Path(corpus_dir or settings.corpus_dir)
    root = Path(index_dir or settings.index_dir)
    try:
        manifest = load_manifest(corpus / "manifest.toml")
    except ValueError as exc:
        raise IngestError(f"{exc}. Hãy sửa (hoặc tạo lại) tệp manifest.toml theo README rồi chạy lại "
                          "python -m ingest; chỉ mục cũ vẫn giữ nguyên.") from exc

    with ingest_lock(root):
        # 1. Load and parse every available document; collect every failure before stopping
        parsed = []
        errors: list[str] = []
        skipped: list[str] = []
        not_loaded: list[str] = []
        doc_hashes: dict[str, str] = {}
        for doc in manifest:
            if not doc.file:
                not_loaded.append(doc.number)
                continue
            path = corpus / doc.file
            if not path.exists():
                errors.append(
                    f"Tài liệu '{doc.id}' trỏ tới tệp không tồn tại: {path.name}. Hãy chép tệp vào "
                    f"{corpus} hoặc sửa trường file trong manifest.toml."
                )
                skipped.append(doc.id)
                continue
            try:
                loaded = load_document(path)
            except DocumentError as exc:
                errors.append(str(exc))
                skipped.append(doc.id)
                continue
            for w in loaded.warnings:
                log(f"{path.name}: {w}")
            doc_hashes[doc.id] = sha256_file(path)
            parsed.append((doc, parse_document(doc.id, nfc(loaded.text), loaded.page_starts)))
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

        # 3. Write the new build aside
        build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        build = root / "builds" / build_id
        build.mkdir(parents=True)
        build.chmod(0o700)
        np.save(build / "vectors.npy", vectors)
        with open(build / "chunks.jsonl", "w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        write_json(build / "headings.json", {doc.id: p.headings for doc, p in parsed})
        write_json(build / "vocab.json", build_vocab([c.index_text() for c in chunks]))
        _write_lexical(build, chunks)
        _write_chroma(build, chunks, vectors, embedder)
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
        }
        write_json(build / "meta.json", meta)  # written last: its presence marks a complete build
        for item in build.rglob("*"):  # owner-only whatever the umask: the documents are internal
            item.chmod(0o700 if item.is_dir() else 0o600)
        swap_current(root, build)
        _prune(root, build)

    return IngestSummary(
        documents=len(parsed), chunks=len(chunks), embedded=len(todo), reused=len(chunks) - len(todo),
        seconds=time.perf_counter() - t0, build=build, skipped=skipped, not_loaded=not_loaded, notes=notes,
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

    registers = build_registers(chunks)
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    registers = link_chain(registers, by_doc, {d.id: list(d.implements) for d in manifest}) or registers
    write_json(build / "registers.json", registers.to_json())
