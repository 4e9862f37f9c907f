"""Build the multi-document eval corpus: every eval document, the home plan, one manifest.

    python eval/multidoc/build_corpus.py [--out eval/multidoc/corpus] [--dev-only]

`--dev-only` leaves out the held-out documents (those whose gold rows in gold/<doc_id>.jsonl are
all split "heldout"), into eval/multidoc/corpus-dev by default: the corpus of the gate "the home
plan, with every development document loaded".

Each `sources/<doc_id>/build.py` holds its document's text and writes the office file (DOCX,
PDF or TXT) with `build(out_dir)`; the home plan is copied byte for byte from corpus/; the
manifest is corpus/manifest.toml's entries followed by every sources/*/manifest.toml's. An id
listed twice is kept once, and a loaded ("available") entry wins over a listed-only one, since
a document cited by one source (as not loaded) may be another source's own document.

The folder is a build output (gitignored): built into a temporary folder beside it and swapped
in only when every document built, so a failed build never leaves a half corpus to evaluate.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SOURCES = HERE / "sources"
HOME_CORPUS = REPO / "corpus"
HOME_FILE = "kh-huyen-uy-phung-hiep-thuc-hien-nq45-du-thao-2024.txt"
DEFAULT_OUT = HERE / "corpus"
DEV_OUT = HERE / "corpus-dev"
GOLD = HERE / "gold"
FIELD_ORDER = ("id", "number", "kind", "date", "issuer", "title", "level", "implements", "file", "status",
               "draft", "cite_as", "aliases")


class BuildError(RuntimeError):
    """A source could not be built or its manifest is unusable; the message names it."""


def source_dirs(sources: Path = SOURCES) -> list[Path]:
    """Every sources/<doc_id>/ that has a build.py, by name (the build order is then stable)."""
    return sorted(p.parent for p in sources.glob("*/build.py"))


def run_build(source: Path, out_dir: Path) -> None:
    """Import sources/<doc_id>/build.py as its own module and call its `build(out_dir)`."""
    path = source / "build.py"
    spec = importlib.util.spec_from_file_location(f"multidoc_source_{source.name.replace('-', '_')}", path)
    if spec is None or spec.loader is None:
        raise BuildError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise BuildError(f"{path}: import failed: {exc!r}") from exc
    build = getattr(module, "build", None)
    if not callable(build):
        raise BuildError(f"{path}: no build(out_dir) function")
    try:
        build(out_dir)
    except Exception as exc:
        raise BuildError(f"{path}: build(out_dir) failed: {exc!r}") from exc


def held_out(doc_id: str, gold: Path = GOLD) -> bool:
    """Whether every gold row of the document is held out (nothing is tuned on it)."""
    import json

    path = gold / f"{doc_id}.jsonl"
    if not path.is_file():
        return False
    splits = {json.loads(line).get("split", "dev") for line in path.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("//")}
    return splits == {"heldout"}


def read_entries(path: Path) -> list[dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("documents", [])
    for e in entries:
        if not e.get("id"):
            raise BuildError(f"{path}: a [[documents]] entry has no id")
    return entries


def merge_entries(groups: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """In order of first appearance; a repeated id keeps the first entry unless a later one is
    available and the kept one is not."""
    merged: dict[str, dict[str, Any]] = {}
    for entries in groups:
        for e in entries:
            kept = merged.get(e["id"])
            if kept is None:
                merged[e["id"]] = e
            elif kept.get("status") != "available" and e.get("status") == "available":
                merged[e["id"]] = e
    return list(merged.values())


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        out = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{out}"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise BuildError(f"manifest value {v!r} of type {type(v).__name__} cannot be written")


def dump_manifest(entries: list[dict[str, Any]]) -> str:
    """The merged entries as TOML (known fields first, in corpus/manifest.toml's order)."""
    lines = ["# Built by eval/multidoc/build_corpus.py: corpus/manifest.toml + eval/multidoc/sources/*/manifest.toml.",
             "# Do not edit: edit the sources and rebuild.", ""]
    for e in entries:
        lines.append("[[documents]]")
        keys = [k for k in FIELD_ORDER if k in e] + [k for k in e if k not in FIELD_ORDER]
        lines += [f"{k} = {_toml_value(e[k])}" for k in keys]
        lines.append("")
    return "\n".join(lines)


def build_corpus(out: Path = DEFAULT_OUT, sources: Path = SOURCES, home: Path = HOME_CORPUS,
                 log: Any = print, dev_only: bool = False, gold: Path = GOLD) -> list[dict[str, Any]]:
    """Build every source into `out` (replacing it) and return the merged manifest entries;
    `dev_only`: the development documents only."""
    out = Path(out).resolve()
    tmp = out.with_name(out.name + ".building")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    try:
        shutil.copyfile(home / HOME_FILE, tmp / HOME_FILE)
        groups = [read_entries(home / "manifest.toml")]
        for src in source_dirs(sources):
            if dev_only and held_out(src.name, gold):
                log(f"left out {src.name}: held out")
                continue
            manifest = src / "manifest.toml"
            if not manifest.exists():  # still being written: say so, build the rest
                log(f"skipped {src.name}: no manifest.toml beside build.py yet")
                continue
            entries = read_entries(manifest)
            own = tmp / f".{src.name}"  # each source builds apart, so a file it wrote is known to be its own
            own.mkdir()
            run_build(src, own)
            for e in entries:
                if e.get("status") == "available" and not (own / str(e.get("file", ""))).is_file():
                    raise BuildError(f"{manifest}: '{e['id']}' is available but build.py wrote no {e.get('file')!r}")
            built = sorted(f for f in own.iterdir() if f.is_file())
            for f in built:
                if (tmp / f.name).exists():
                    raise BuildError(f"{src.name}: {f.name} is also written by another source")
                f.rename(tmp / f.name)
            shutil.rmtree(own)
            groups.append(entries)
            log(f"built {src.name}: " + ", ".join(f.name for f in built))
        entries = merge_entries(groups)
        (tmp / "manifest.toml").write_text(dump_manifest(entries), encoding="utf-8")
        tomllib.loads((tmp / "manifest.toml").read_text(encoding="utf-8"))  # what we wrote reads back
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return entries


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None,
                    help=f"corpus folder to (re)build (default: {DEFAULT_OUT}, or {DEV_OUT} with --dev-only)")
    ap.add_argument("--dev-only", action="store_true", help="leave out the held-out documents")
    args = ap.parse_args(argv)
    args.out = args.out or (DEV_OUT if args.dev_only else DEFAULT_OUT)
    try:
        entries = build_corpus(args.out, log=lambda m: print(m, file=sys.stderr), dev_only=args.dev_only)
    except (BuildError, OSError) as exc:
        print(f"build_corpus: {exc}", file=sys.stderr)
        return 1
    loaded = [e["id"] for e in entries if e.get("status") == "available"]
    print(f"{args.out}: {len(loaded)} documents loaded ({', '.join(loaded)}), "
          f"{len(entries) - len(loaded)} listed only")
    return 0


if __name__ == "__main__":
    sys.exit(main())
