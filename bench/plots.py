"""PNG plots of one run: latency and memory against index size, and the latency
distributions of ours vs the tutorial pipeline. matplotlib only, headless (Agg)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def scale_plots(results: dict[str, Any], out: Path) -> list[str]:
    """scale_latency.png (p50/p95 vs passages, log x) and scale_rss.png (peak RSS vs passages)."""
    rows = (results.get("sections", {}).get("scale") or {}).get("rows") or []
    if not rows:
        return []
    plt = _plt()
    n = [r["passages"] for r in rows]
    made = []

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    ax.plot(n, [r["latency"]["p50"] for r in rows], "o-", label="p50")
    ax.plot(n, [r["latency"]["p95"] for r in rows], "s-", label="p95")
    ax.plot(n, [r["latency"]["p99"] for r in rows], "^:", label="p99", alpha=0.6)
    for r in rows:
        for key, dy in (("p95", 6), ("p50", -12)):
            ax.annotate(f"{r['latency'][key]:.0f} ms", (r["passages"], r["latency"][key]), textcoords="offset points",
                        xytext=(6, dy), fontsize=8)
    ax.axhline(150, color="crimson", ls="--", lw=1, label="target p95 at 100k (150 ms)")
    ax.set_xscale("log")
    ax.set_yscale("log")  # 10 ms and 10 s on one readable axis
    ax.set_xlabel("passages in the index (log scale)")
    ax.set_ylabel("answer latency, ms (log scale)")
    ax.set_title("Answer latency vs index size (in process, no LLM)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "scale_latency.png")
    plt.close(fig)
    made.append("scale_latency.png")

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    ax.plot(n, [r["peak_rss_mb"] for r in rows], "o-", color="tab:green", label="peak RSS serving questions")
    for r in rows:
        ax.annotate(f"{r['peak_rss_mb']:.0f} MB", (r["passages"], r["peak_rss_mb"]), textcoords="offset points",
                    xytext=(6, -12), fontsize=8)
    ax.axhline(400, color="crimson", ls="--", lw=1, label="400 MB (default-path target, full corpus)")
    ax.set_xscale("log")
    ax.set_xlabel("passages in the index (log scale)")
    ax.set_ylabel("peak RSS, MB")
    ax.set_ylim(bottom=0)
    ax.set_title("Memory vs index size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "scale_rss.png")
    plt.close(fig)
    made.append("scale_rss.png")
    return made


def latency_plot(results: dict[str, Any], out: Path) -> list[str]:
    """latency_cdf.png: share of questions answered within x ms, ours vs tutorial (log x)."""
    lat = results.get("sections", {}).get("latency") or {}
    ours, tut = lat.get("ours_raw_ms"), lat.get("tutorial_raw_ms")
    if not isinstance(ours, list) or not ours:
        return []
    if not isinstance(tut, list):
        tut = None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for vals, label in ((ours, "ours: answer (retrieval + abstention + extraction)"),
                        (tut, "tutorial: retrieval top-3 only")):
        if not vals:
            continue
        vals = sorted(vals)
        ax.step(vals, [(i + 1) / len(vals) for i in range(len(vals))], where="post", label=label)
    ax.axvline(30, color="crimson", ls="--", lw=1, label="target p95 ours (30 ms)")
    ax.axhline(0.95, color="grey", ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("latency per question, ms (log scale)")
    ax.set_ylabel("share of questions")
    ax.set_title("Answer latency on the full corpus, same machine, same run")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "latency_cdf.png")
    plt.close(fig)
    return ["latency_cdf.png"]


def make_plots(results: dict[str, Any], out: Path) -> list[str]:
    made = []
    for fn in (latency_plot, scale_plots):
        try:
            made += fn(results, out)
        except Exception as exc:  # noqa: BLE001 - a plot must never lose the numbers
            results.setdefault("notes", []).append(f"plot {fn.__name__} failed: {exc!r}")
    return made
