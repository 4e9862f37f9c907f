"""`python -m eval.fit`: fit the answer model (bot/rank.py) on development documents only.

    python -m eval.fit --corpus DIR --gold FILE_OR_DIR [--gold …] [--out hoi/data/answer_model.toml]

Every wording of every development gold question (held-out documents and held-out rows are
skipped, whatever the files hold) is run through the real retriever; each candidate passage
becomes one example: its signals (bot.rank.FEATURES) and whether it answers (it holds the gold
evidence, in the gold document; for whole-clause questions, it lies in a gold section). A
logistic model is fitted by L2-regularised maximum likelihood; the abstention threshold is the
one that makes most wordings come out right (answerable: the most probable passage answers;
abstain: nothing clears the threshold). The weights file records what it was fitted on.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from . import metrics as M
from .corpus_eval import cached_index, document_splits, load_corpus_gold
from .runner import make_variants

L2 = 1e-4
FOLLOWER_RATIO = 0.6


def collect(engine, items) -> tuple[list[np.ndarray], list[np.ndarray], list[bool]]:
    from bot.rank import feature_matrix
    from bot.scope import scope_of

    xs, ys, answerable = [], [], []
    chunks = engine.index.chunks
    loaded = engine.loaded()
    for item in items:
        for v in make_variants(item):
            scope = scope_of(v.text, loaded)
            _, cands = engine.retriever.candidate_pool(v.text, frozenset(scope.ids) or None, dense=True)
            if scope.docs and not cands:
                _, cands = engine.retriever.candidate_pool(v.text, None, dense=True)
            x = feature_matrix(v.text, cands, chunks, scope.ids or None)
            y = np.array([item.answerable and _answers(item, chunks[c.row]) for c in cands], dtype=bool)
            xs.append(x)
            ys.append(y)
            answerable.append(item.answerable)
    return xs, ys, answerable


def _answers(item, chunk) -> bool:
    if item.doc and chunk.doc_id != item.doc:
        return False
    return M.is_hit(chunk.text, chunk.section, item.evidence, item.sections)


def fit(xs, ys) -> tuple[np.ndarray, float]:
    x = np.vstack([a for a in xs if len(a)])
    y = np.concatenate([b for b, a in zip(ys, xs) if len(a)]).astype(np.float64)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-9
        nll = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + L2 * float(w @ w)
        g = p - y
        grad = np.concatenate([x.T @ g / len(y) + 2 * L2 * w, [g.mean()]])
        return nll, grad

    res = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B")
    return res.x[:-1], float(res.x[-1])


def choose_threshold(xs, ys, answerable, w, b) -> tuple[float, float]:
    """The threshold that makes most wordings come out right, and that share."""
    tops, top_ok = [], []
    for x, y in zip(xs, ys):
        if len(x) == 0:
            tops.append(0.0)
            top_ok.append(False)
            continue
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        i = int(np.argmax(p))
        tops.append(float(p[i]))
        top_ok.append(bool(y[i]))
    tops_a = np.array(tops)
    best = (0.0, -1.0)
    for t in np.unique(np.round(tops_a, 4)):
        right = [(top >= t and ok) if ans else top < t for top, ok, ans in zip(tops, top_ok, answerable)]
        share = float(np.mean(right))
        if share > best[1]:
            best = (float(t), share)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fit", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--gold", type=Path, action="append", required=True)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "hoi" / "data" / "answer_model.toml")
    args = ap.parse_args(argv)

    from bot.engine import Engine
    from bot.rank import FEATURES
    from hoi.settings import get_settings

    settings = get_settings()
    index_dir, _ = cached_index(args.corpus, settings)
    engine = Engine.open(index_dir, settings)
    items = load_corpus_gold(args.gold)
    splits = document_splits(items)
    dev = [it for it in items if splits.get(it.doc or "", "dev") == "dev" and it.split != "heldout"]
    docs = sorted({it.doc or "?" for it in dev})
    t0 = time.perf_counter()
    xs, ys, answerable = collect(engine, dev)
    w, b = fit(xs, ys)
    threshold, share = choose_threshold(xs, ys, answerable, w, b)
    lines = [
        "# Answer model of bot/rank.py: written by `python -m eval.fit`, do not edit by hand.",
        f"# Fitted {time.strftime('%Y-%m-%d')} on development documents only: {', '.join(docs)}",
        f"# ({len(dev)} questions, {len(xs)} wordings, {sum(len(x) for x in xs)} candidate passages;",
        f"# {share:.3f} of the wordings right at the threshold on that data). Held-out documents never seen.",
        f"bias = {b:.6f}",
        f"threshold = {threshold:.4f}",
        f"follower_ratio = {FOLLOWER_RATIO}",
        "",
        "[weights]",
    ] + [f"{name} = {wi:.6f}" for name, wi in zip(FEATURES, w)]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"fit: {len(dev)} questions / {len(xs)} wordings on {', '.join(docs)}; threshold {threshold:.3f}, "
          f"{share:.3f} right on the fitting data; {time.perf_counter() - t0:.0f} s -> {args.out}", file=sys.stderr)
    for name, wi in sorted(zip(FEATURES, w), key=lambda t: -abs(t[1])):
        print(f"  {name:14s} {wi:+.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
