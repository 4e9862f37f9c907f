"""The corpus folder as a document list: every supported file is a document, the manifest optional.

An office copies a PDF into corpus/ and runs `python -m ingest`; nobody writes TOML. Each file's
kind, number, date, issuer, level, title, draft status and the documents it implements are read
from the file (ingest/metadata.py). corpus/manifest.toml, when present, only overrides what it
sets for a file (an entry whose `file` names it) and lists documents known but not loaded.

What the catalog guarantees:
- every file is accounted for: read (with what could and could not be read), or skipped with the
  reason (unsupported format, same content as another file, empty), or refused with an error;
- nothing outside the corpus folder is read: a manifest path with "..", an absolute path, or a
  symlink that resolves outside is refused, naming the manifest entry (issue 12);
- a signed document and its draft (same issuer, kind and trích yếu; the draft marked
  "(Dự thảo)" or with a blank number), or an override `supersedes = "<id>"`, become versions:
  the signed one is current, the draft stays as history with `superseded_by`.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from hoi import doc_vocab as vocab
from hoi.manifest import MANIFEST_NAME, ManifestError, read_manifest
from hoi.models import DocumentInfo
from hoi.text import fold, nfc

from .loaders import SUPPORTED, DocumentError, LoadedText, load_document
from .metadata import (Facts, Reference, aliases_for, cite_as, fold_title, make_id, number_key, read_facts,
                       slug)
from .parser import ParsedDocument, parse_document

# Files of the corpus folder that configure it rather than hold a document.
CONFIG_FILES = {MANIFEST_NAME, "vocabulary.toml"}
# The fields a file's header can give, in the order the report shows them.
INFERABLE = ("id", "number", "kind", "date", "issuer", "title", "level", "draft", "cite_as", "aliases",
             "implements")
TITLE_SIMILARITY = 0.9  # a draft and its signed version may differ by a word of the trích yếu
_FORMAT_HINT = {
    ".doc": "định dạng Word 97-2003: hãy mở bằng Word và lưu lại thành .docx",
    ".odt": "định dạng OpenDocument: hãy lưu lại thành .docx hoặc PDF",
    ".rtf": "định dạng RTF: hãy lưu lại thành .docx hoặc PDF",
}


@dataclass
class Skipped:
    """A file of the corpus folder that is not a document of the index, and why."""

    file: str
    reason: str

    def line(self) -> str:
        return f"Bỏ qua tệp {self.file}: {self.reason}."


@dataclass
class LoadedDoc:
    doc: DocumentInfo
    parsed: ParsedDocument
    loaded: LoadedText
    sha256: str
    facts: Facts
    overridden: list[str] = field(default_factory=list)  # fields the manifest set


@dataclass
class Catalog:
    """The document list of one corpus folder, and the story of how it was made."""

    corpus: Path
    has_manifest: bool
    documents: list[DocumentInfo] = field(default_factory=list)
    loaded: list[LoadedDoc] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # stop the ingest unless --skip-bad
    failed: list[str] = field(default_factory=list)  # ids (or files) that could not be read
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def document(self, doc_id: str) -> DocumentInfo | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    def report(self) -> list[str]:
        """Per file, what was read and what could not be; every skipped file and why."""
        lines = list(self.notes)
        for ld in self.loaded:
            lines.extend(file_report_lines(ld, self))
        lines.extend(s.line() for s in self.skipped)
        return lines


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, symlinks resolved, is inside `root` (itself resolved)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _scan(corpus: Path) -> list[str]:
    """Relative paths of the files under the corpus folder; hidden files and folders (an upload
    being written, ".git") and symlinked folders are not walked."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            rel = (Path(dirpath) / name).relative_to(corpus).as_posix()
            if rel in CONFIG_FILES:
                continue
            out.append(rel)
    return out


def read_file(path: Path, doc_id: str = "tai-lieu") -> tuple[LoadedText, ParsedDocument, Facts]:
    """Load, parse and read the header of one file (raises DocumentError)."""
    loaded = load_document(path)
    text = nfc(loaded.text)
    parsed = parse_document(doc_id, text, loaded.page_starts, loaded.tables)
    return loaded, parsed, read_facts(parsed, text)


def _set_id(parsed: ParsedDocument, doc_id: str) -> None:
    parsed.doc_id = doc_id
    for c in parsed.chunks:
        c.doc_id = doc_id


def inferred_fields(facts: Facts, stem: str) -> dict[str, Any]:
    """A document's fields as its own text gives them."""
    number = facts.number
    kind = facts.kind or "Văn bản"
    title = facts.title or stem.replace("-", " ").replace("_", " ")
    return {
        "id": make_id(facts.kind_short, "" if facts.number_blank else number, stem),
        "number": number, "kind": kind, "date": facts.date, "issuer": facts.issuer, "title": title,
        "level": facts.level, "draft": facts.draft or facts.number_blank,
        "cite_as": cite_as(kind, number, facts.number_blank, facts.date_text, facts.date, facts.issuer,
                           facts.draft or facts.number_blank),
        "aliases": aliases_for(kind, "" if facts.number_blank else number),
    }


def build_catalog(corpus: Path, previous: dict[str, Any] | None = None) -> Catalog:
    """Read the corpus folder into a document list. Raises ManifestError on a manifest that
    cannot be used; everything else is collected into the catalog's errors and report.

    `previous` is the last build's meta.json (for the date each file was first loaded)."""
    corpus = Path(corpus)
    root = corpus.resolve()
    entries = read_manifest(corpus / MANIFEST_NAME)
    cat = Catalog(corpus, (corpus / MANIFEST_NAME).exists())
    if not cat.has_manifest:
        cat.notes.append(f"Không có tệp {MANIFEST_NAME} trong thư mục tài liệu: mọi thông tin lấy từ chính văn bản.")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    before = _previous_loads(previous)

    # 1. Which files: the manifest's first (in its order), then every other file of the folder
    by_file = {e["file"]: e for e in entries if e.get("file")}
    candidates: list[tuple[str, dict | None]] = []
    for e in entries:
        rel = e.get("file")
        if not rel:
            continue
        name = e.get("id") or rel
        p = Path(rel)
        if p.is_absolute() or not inside(root, corpus / p):
            cat.errors.append(
                f"Mục tài liệu '{name}' trong {MANIFEST_NAME} trỏ ra ngoài thư mục tài liệu ({rel}): đã từ chối. "
                f"Hãy chép tệp vào thư mục tài liệu và ghi ở trường file tên tệp nằm trong thư mục đó."
            )
            cat.failed.append(name)
            continue
        if not (corpus / p).is_file():
            cat.errors.append(
                f"Tài liệu '{name}' trỏ tới tệp không tồn tại: {p.name}. Hãy chép tệp vào "
                f"{corpus} hoặc sửa trường file trong {MANIFEST_NAME}."
            )
            cat.failed.append(name)
            continue
        candidates.append(((corpus / p).resolve().relative_to(root).as_posix(), e))
    listed = {c for c, _ in candidates} | set(by_file)
    for rel in _scan(corpus):
        if rel in listed:
            continue
        path = corpus / rel
        if not inside(root, path):
            cat.errors.append(f"Tệp {rel} là liên kết trỏ ra ngoài thư mục tài liệu: đã từ chối. "
                              "Hãy chép chính tệp đó vào thư mục tài liệu thay cho liên kết.")
            cat.failed.append(rel)
            continue
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED:
            hint = _FORMAT_HINT.get(suffix, "chỉ nạp .txt, .pdf, .docx")
            cat.skipped.append(Skipped(rel, f"định dạng {suffix or '(không có đuôi)'} không hỗ trợ ({hint})"))
            continue
        try:
            if path.stat().st_size == 0:
                cat.skipped.append(Skipped(rel, "tệp rỗng (0 byte)"))
                continue
        except OSError:
            cat.skipped.append(Skipped(rel, "không đọc được tệp"))
            continue
        candidates.append((rel, None))

    # 2. Read each file once; a file whose content another file already has is a duplicate
    seen_hash: dict[str, str] = {}
    # documents the manifest knows but has no file for ("nq45", not loaded): a file of that
    # number, once an office supplies it, is that document, with the manifest's id and aliases
    unfiled = {number_key(e["number"]): e for e in entries
               if not e.get("file") and e.get("number") and e.get("id") and not str(e["number"]).startswith("…")}
    claimed: dict[str, LoadedDoc] = {}  # manifest id -> the file that turned out to be it
    reserved = {e["id"] for e in entries if e.get("id")}
    used: set[str] = set()
    for rel, entry in candidates:
        path = corpus / rel
        name = (entry or {}).get("id") or rel
        try:
            digest = _sha256(path)
        except OSError:
            cat.errors.append(f"Không đọc được tệp {rel}. Hãy kiểm tra quyền đọc tệp rồi chạy lại.")
            cat.failed.append(name)
            continue
        if digest in seen_hash:
            cat.skipped.append(Skipped(rel, f"trùng nội dung với tệp {seen_hash[digest]}"))
            continue
        seen_hash[digest] = rel
        try:
            loaded, parsed, facts = read_file(path)
        except DocumentError as exc:
            cat.errors.append(str(exc))
            cat.failed.append(name)
            continue
        twin = _same_text(parsed, facts, cat.loaded)
        if twin is not None:
            cat.skipped.append(Skipped(rel, f"cùng văn bản với tệp {twin.doc.file} (bản khác định dạng hoặc bản sao)"))
            continue
        fields = inferred_fields(facts, Path(rel).stem)
        known_as = unfiled.get(number_key(fields["number"])) if entry is None and fields.get("number") else None
        if known_as is not None and known_as["id"] not in claimed:
            entry = {k: v for k, v in known_as.items() if k not in ("file", "status")}
        overridden = [k for k in (entry or {}) if not k.startswith("_") and k != "file"]
        fields.update({k: v for k, v in (entry or {}).items() if not k.startswith("_")})
        if not (entry and entry.get("id")):
            fields["id"] = _unique(fields["id"], reserved | used)
        used.add(fields["id"])
        if "level" not in overridden and "issuer" in overridden:
            fields["level"] = vocab.level_of_issuer(fields["issuer"]) or fields["level"]
        if entry and "cite_as" not in overridden and {"number", "issuer", "date", "kind"} & set(overridden):
            fields["cite_as"] = cite_as(fields["kind"], fields["number"], fields["number"].startswith("…"),
                                        _dmy(fields["date"]), fields["date"], fields["issuer"], bool(fields["draft"]))
        fields.update(file=rel, status="available")
        fields["inferred"] = [k for k in INFERABLE if k not in overridden]
        prev = before.get(fields["id"])
        fields["loaded_at"] = prev[1] if prev and prev[0] == digest else now
        known = set(DocumentInfo.__dataclass_fields__)
        doc = DocumentInfo(**{k: v for k, v in fields.items() if k in known})
        _set_id(parsed, doc.id)
        cat.loaded.append(LoadedDoc(doc, parsed, loaded, digest, facts, overridden))
        if known_as is not None and entry is not None and entry.get("id") == known_as["id"]:
            claimed[known_as["id"]] = cat.loaded[-1]

    # 3. The document list: the manifest's order, then the files it does not list, then the
    # documents known only because a loaded one names them
    loaded_by_entry = {id(ld_entry): ld for ld, ld_entry in
                       ((ld, by_file.get(ld.doc.file)) for ld in cat.loaded) if ld_entry is not None}
    docs: list[DocumentInfo] = []
    for e in entries:
        if e.get("file"):
            ld = loaded_by_entry.get(id(e))
            if ld is not None:
                docs.append(ld.doc)
            elif all(e.get(k) for k in ("id", "number", "kind", "date", "issuer", "title", "level")):
                fields = {k: v for k, v in e.items() if not k.startswith("_")}
                docs.append(DocumentInfo(**fields))  # listed but unreadable (--skip-bad): known, not loaded
            continue
        if e.get("id") in claimed:
            docs.append(claimed[e["id"]].doc)  # supplied since: loaded, in the manifest's place
            continue
        fields = {k: v for k, v in e.items() if not k.startswith("_")}
        fields.setdefault("level", vocab.level_of_issuer(fields["issuer"]))
        fields.setdefault("status", "not_available")
        docs.append(DocumentInfo(**fields))
    claimed_docs = {id(ld) for ld in claimed.values()}
    docs.extend(ld.doc for ld in cat.loaded if by_file.get(ld.doc.file) is None and id(ld) not in claimed_docs)
    cat.documents = docs
    _link_references(cat)
    _link_versions(cat)
    return cat


SAME_TEXT = 0.9  # share of identical passages above which two files are one document


def _units(parsed: ParsedDocument) -> set[str]:
    return {" ".join(fold(c.text).split()) for c in parsed.chunks if c.kind == "body"}


def _same_text(parsed: ParsedDocument, facts: Facts, loaded: list[LoadedDoc]) -> LoadedDoc | None:
    """A file already read that is the same document (a DOCX and its PDF export, a copy saved
    with a different name): same header and nearly the same passages. Two drafts with the same
    header but changed passages are different documents."""
    key = (facts.kind, number_key(facts.number), fold(facts.issuer), fold_title(facts.title), facts.date)
    mine: set[str] | None = None
    for ld in loaded:
        f = ld.facts
        if (f.kind, number_key(f.number), fold(f.issuer), fold_title(f.title), f.date) != key:
            continue
        mine = mine if mine is not None else _units(parsed)
        theirs = _units(ld.parsed)
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= SAME_TEXT:
            return ld
    return None


def _dmy(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[2]):02d}/{int(parts[1]):02d}/{parts[0]}"
    return ""


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _previous_loads(meta: dict[str, Any] | None) -> dict[str, tuple[str, str]]:
    """id -> (content hash, loaded_at) of the last build."""
    if not isinstance(meta, dict):
        return {}
    docs = meta.get("documents", {}) or {}
    out: dict[str, tuple[str, str]] = {}
    for d in meta.get("manifest", []) or []:
        if isinstance(d, dict) and d.get("id") in docs and d.get("loaded_at"):
            out[d["id"]] = (str(docs[d["id"]].get("sha256", "")), str(d["loaded_at"]))
    return out


def reference_document(ref: Reference, taken: set[str]) -> DocumentInfo:
    """A document known only by what another one's preamble says about it."""
    kind = vocab.kind_by_name(ref.kind)
    code = ""
    from .metadata import issuer_code_of
    code = issuer_code_of(ref.number)
    issuer = ref.issuer or vocab.issuer_of_code(code)
    level = (vocab.level_of_issuer(issuer) if issuer else "") or vocab.level_of_code(code)
    return DocumentInfo(
        id=_unique(make_id(kind.short if kind else "vb", ref.number, slug(ref.number)), taken),
        number=ref.number, kind=ref.kind, date=ref.date, issuer=issuer, title=ref.title, level=level,
        status="not_available",
        cite_as=cite_as(ref.kind, ref.number, False, ref.date_text, ref.date, issuer, False),
        aliases=aliases_for(ref.kind, ref.number), inferred=["number", "kind", "date", "issuer", "title", "level"],
    )


def _link_references(cat: Catalog) -> None:
    """`implements` from the preamble: matched to listed or loaded documents by number; the
    others become documents known but not loaded."""
    by_number = {number_key(d.number): d for d in cat.documents if d.number and not d.number.startswith("…")}
    taken = {d.id for d in cat.documents}
    for ld in cat.loaded:
        if "implements" in ld.overridden:
            continue
        ids: list[str] = []
        for ref in ld.facts.references:
            target = by_number.get(ref.key)
            if target is None:
                target = reference_document(ref, taken)
                taken.add(target.id)
                by_number[ref.key] = target
                cat.documents.append(target)
            if target.id != ld.doc.id and target.id not in ids:
                ids.append(target.id)
        ld.doc.implements = ids


def _same_document(a: DocumentInfo, b: DocumentInfo) -> bool:
    if fold(a.issuer) != fold(b.issuer) or fold(a.kind) != fold(b.kind) or not a.issuer:
        return False
    ta, tb = fold_title(a.title), fold_title(b.title)
    return ta == tb or SequenceMatcher(None, ta, tb).ratio() >= TITLE_SIMILARITY


def is_draft(doc: DocumentInfo) -> bool:
    return bool(doc.draft) or not doc.number or doc.number.startswith("…")


def _link_versions(cat: Catalog) -> None:
    """A signed document replaces its draft; an override `supersedes` says so explicitly."""
    loaded = [ld.doc for ld in cat.loaded]
    by_id = {d.id: d for d in cat.documents}
    for d in loaded:
        if d.supersedes:
            old = by_id.get(d.supersedes)
            if old is None or old is d:
                cat.notes.append(f"Tài liệu '{d.id}': supersedes = \"{d.supersedes}\" không khớp tài liệu nào; bỏ qua.")
                d.supersedes = ""
                continue
            old.superseded_by = d.id
    for d in loaded:
        if d.supersedes or is_draft(d):
            continue
        drafts = [o for o in loaded if o is not d and is_draft(o) and not o.superseded_by and _same_document(o, d)]
        if drafts:
            old = max(drafts, key=lambda o: (o.loaded_at, o.id))
            d.supersedes, old.superseded_by = old.id, d.id
    for d in loaded:  # version numbers along the chain
        n, cur, seen = 1, d, {d.id}
        while cur.supersedes and cur.supersedes in by_id and cur.supersedes not in seen:
            cur = by_id[cur.supersedes]
            seen.add(cur.id)
            n += 1
        d.version = n


# -- the per-file report ----------------------------------------------------------------------

def file_report_lines(ld: LoadedDoc, cat: Catalog | None = None) -> list[str]:
    """What one file gave, in Vietnamese: the fields read, the ones the manifest set, the ones
    that could not be read."""
    d, f = ld.doc, ld.facts
    src = "theo manifest.toml" if ld.overridden else "đọc từ văn bản"
    lines = [f"Tệp {d.file} → mã {d.id} ({src}): {d.label}"]
    parts = [f"loại: {d.kind}", f"số: {d.number or '(chưa có)'}", f"ngày: {d.date or '(chưa có)'}",
             f"cấp: {d.level or '(chưa rõ)'}"]
    lines.append("    " + " · ".join(parts))
    lines.append(f"    cơ quan ban hành: {d.issuer or '(chưa có)'}")
    title = d.title if len(d.title) <= 160 else d.title[:157] + "…"
    lines.append(f"    trích yếu: {title}")
    if d.implements:
        names = []
        for i in d.implements:
            t = cat.document(i) if cat else None
            names.append(f"{i} ({t.label}{'' if t is None or t.file else ', chưa có văn bản'})" if t else i)
        lines.append("    thực hiện: " + "; ".join(names))
    if d.supersedes:
        lines.append(f"    phiên bản {d.version}, thay cho {d.supersedes}")
    if d.superseded_by:
        lines.append(f"    bản cũ (lưu làm lịch sử): đã có bản thay thế {d.superseded_by}")
    if ld.overridden:
        lines.append("    manifest.toml đặt: " + ", ".join(ld.overridden))
    gaps = [m for m in f.missing if not _overridden_gap(m, ld.overridden)]
    if gaps:
        lines.append("    chưa đọc được: " + "; ".join(gaps))
    if f.notes:
        lines.append("    lưu ý: " + "; ".join(f.notes))
    for w in ld.loaded.warnings:
        lines.append(f"    cảnh báo: {w}")
    return lines


_GAP_FIELD = {"số hiệu": "number", "ngày ban hành": "date", "cơ quan ban hành": "issuer", "trích yếu": "title",
              "loại văn bản": "kind", "cấp ban hành": "level"}


def _overridden_gap(message: str, overridden: list[str]) -> bool:
    return any(words in message and f in overridden for words, f in _GAP_FIELD.items())
