"""What the Telegram upload calls: check a file before it enters the corpus, and store it safely.

`inspect_file` says what a file gives (the same loaders, parser and header reader as ingest),
so the admin sees it before pressing "Nạp vào kho"; `store_upload` writes the original into the
corpus folder under a generated name, owner-only, never outside the folder. The folder stays
the single source of truth: `python -m ingest` on a fresh machine rebuilds what the bot had.
"""
from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from hoi.models import DocumentInfo
from hoi.text import fold

from .catalog import _same_document, inferred_fields, is_draft, read_file, sha256_bytes
from .loaders import MAX_FILE_BYTES, SUPPORTED, DocumentError
from .metadata import number_key


class UploadError(ValueError):
    """The upload cannot be stored; the message is for the admin (Vietnamese)."""


@dataclass
class FileReport:
    """What one file gives, for the admin to check before loading it."""

    file: str
    ok: bool
    error: str = ""
    id: str = ""
    kind: str = ""
    number: str = ""
    date: str = ""
    issuer: str = ""
    level: str = ""
    title: str = ""
    draft: bool = False
    cite_as: str = ""
    implements: list[str] = field(default_factory=list)  # numbers the preamble names
    parts: int = 0  # top-level parts (I., II. / Chương)
    passages: int = 0
    duties: int = 0
    deadlines: int = 0
    warnings: list[str] = field(default_factory=list)
    new_version_of: str = ""  # id of a loaded document this one looks like a new version of
    same_as: str = ""  # id of a loaded document with the same number (already loaded?)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The reply to the admin, in Vietnamese."""
        if not self.ok:
            return [f"Không đọc được tệp {self.file}: {self.error}"]
        out = [f"Tệp {self.file}: {self.cite_as}",
               f"Loại: {self.kind or '(chưa rõ)'} · Số: {self.number or '(chưa có)'} · Ngày: {self.date or '(chưa có)'}"
               + (" · Dự thảo" if self.draft else ""),
               f"Cơ quan ban hành: {self.issuer or '(chưa rõ)'}" + (f" (cấp {self.level})" if self.level else ""),
               f"Trích yếu: {self.title or '(chưa có)'}",
               f"{self.parts} phần, {self.passages} đoạn, {self.duties} nhiệm vụ, {self.deadlines} mốc thời gian"]
        if self.implements:
            out.append("Thực hiện: " + ", ".join(self.implements))
        if self.new_version_of:
            out.append(f"Có vẻ là bản mới của tài liệu {self.new_version_of} đã nạp.")
        if self.same_as:
            out.append(f"Trùng số hiệu với tài liệu {self.same_as} đã nạp.")
        out.extend(f"Lưu ý: {w}" for w in self.warnings)
        return out


def inspect_file(path: Path, known: Iterable[DocumentInfo] = (), registers: bool = True) -> FileReport:
    """Read a file the way ingest would and report what it gives; `known` are the documents of
    the current index (e.g. `engine.documents`), to tell a new version of one of them."""
    path = Path(path)
    rep = FileReport(file=path.name, ok=False)
    if path.suffix.lower() not in SUPPORTED:
        rep.error = f"định dạng {path.suffix or '(không có đuôi)'} không hỗ trợ; hãy gửi tệp .pdf, .docx hoặc .txt."
        return rep
    try:
        loaded, parsed, facts = read_file(path)
    except DocumentError as exc:
        rep.error = str(exc)
        return rep
    fields = inferred_fields(facts, path.stem)
    rep.ok = True
    for k in ("id", "kind", "number", "date", "issuer", "level", "title", "draft", "cite_as"):
        setattr(rep, k, fields[k])
    rep.implements = [r.number for r in facts.references]
    body = [c for c in parsed.chunks if c.kind == "body"]
    rep.passages = len(body)
    rep.parts = len({c.section.split(".")[0] for c in body if c.section not in ("mở đầu",)})
    if registers and body:
        from .registers import build_registers

        reg = build_registers(parsed.chunks)
        rep.duties, rep.deadlines = len(reg.duties), len([d for d in reg.deadlines if not d.is_reference])
    rep.warnings = list(facts.missing) + list(facts.notes) + list(loaded.warnings)
    me = DocumentInfo(**{k: v for k, v in fields.items() if k in DocumentInfo.__dataclass_fields__})
    for d in known:
        if not d.file:
            continue
        if d.number and not is_draft(d) and number_key(d.number) == number_key(me.number):
            rep.same_as = d.id
        elif _same_document(d, me) and (is_draft(d) or not is_draft(me)) and not d.superseded_by:
            rep.new_version_of = d.id
    return rep


def store_upload(data: bytes, original_name: str, corpus_dir: Path) -> Path:
    """Write an uploaded original into the corpus folder: a generated name (the original's
    name made safe, plus a content hash), owner-only (0600), created exclusively, never outside
    the folder whatever the name says. The same content uploaded twice is one file."""
    suffix = Path(original_name or "").suffix.lower()
    if suffix not in SUPPORTED:
        raise UploadError(f"Định dạng {suffix or '(không có đuôi)'} không hỗ trợ; hãy gửi tệp .pdf, .docx hoặc .txt.")
    if len(data) == 0:
        raise UploadError("Tệp rỗng (0 byte).")
    if len(data) > MAX_FILE_BYTES:
        raise UploadError(f"Tệp quá lớn ({len(data) / 2**20:.0f} MB); giới hạn là {MAX_FILE_BYTES // 2**20} MB.")
    root = Path(corpus_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^0-9a-z]+", "-", fold(Path(original_name).stem).lower()).strip("-")[:60].strip("-") or "tai-lieu"
    name = f"{stem}-{sha256_bytes(data)[:10]}{suffix}"
    target = root / name
    if target.parent != root:  # cannot happen with the name above; checked all the same
        raise UploadError("Tên tệp không hợp lệ.")
    if target.exists():
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            return target
        raise UploadError("Đã có một tệp khác cùng tên trong thư mục tài liệu.")
    tmp = root / f".upload-{os.getpid()}-{sha256_bytes(data)[:10]}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.link(tmp, target)  # fails if the name appeared meanwhile: never overwrites
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    return target
