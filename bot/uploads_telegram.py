"""Documents from Telegram (issue 14 items 2 and 3): upload, load, replace, withdraw, compare.

An office admin sends a PDF, DOCX or TXT to the bot in a private chat instead of copying it to
the server and writing TOML. The flow, one small handler per step:

- `on_document`: refuse anyone but an admin in a private chat *before* anything is fetched
  (a stranger's file never touches the disk); refuse a file over the Bot API's 20 MB download
  limit without fetching it; otherwise download it into a private temp file, read it with the
  same loaders as ingest (`ingest.uploads.inspect_file`) and show what it gives, with buttons.
- "Nạp vào kho" / "Thay bản cũ" (`on_upload_button`): the original goes into the corpus folder
  under a generated name (`store_upload`, 0600) — "Thay bản cũ" also writes a `supersedes`
  override into manifest.toml — and ingest runs in its own process (bot/reindex.py) while one
  status message says how far it got. The old index answers until `current` moves.
- `/tailieu` (`cmd_tailieu`): status, version and date loaded of every document; an admin gets
  "Rút khỏi kho" per loaded file, with a confirmation step (`on_withdraw_button`). Withdrawing
  moves the file into a `withdrawn/` folder beside the corpus folder (never deletes) and
  re-ingests; the folder stays the single source of truth.
- "Bản trước / Thay đổi" under an answer (`on_changes_button`): what changed from the cited
  document's earlier version (bot/changes.py), clause by clause.

Logs name the step and sizes, never a file name, a user id or document text.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
import tomllib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from hoi.manifest import MANIFEST_NAME, REQUIRED_WITHOUT_FILE, ManifestError, read_manifest
from hoi.models import DocumentInfo
from ingest.catalog import inside
from ingest.loaders import SUPPORTED
from ingest.uploads import FileReport, UploadError, inspect_file, store_upload

from . import handlers as h
from .access import ADMIN_ONLY
from .telegram_format import MAX_CALLBACK_DATA, Button, cb_source, esc, format_date

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("bot.telegram")

DOWNLOAD_LIMIT = 20 * 1024 * 1024  # what the Bot API lets a bot download (getFile)
PENDING_TTL = 3600.0  # seconds an unanswered upload report keeps its temp file
PENDING_KEY = "pending_uploads"
WITHDRAWN_DIR = "withdrawn"
OVERRIDE_MARK = "# thêm từ Telegram"  # marks manifest entries this module wrote (and may remove)

NOT_ADMIN_FILE = ("Cảm ơn bạn đã gửi tài liệu! Chỉ quản trị viên mới nạp được tài liệu vào kho, nên mình "
                  "không lưu tệp này. Nếu cần bổ sung tài liệu, vui lòng gửi cho quản trị viên của chi bộ, đảng bộ.")
GROUP_FILE = ("Mình không nhận tệp gửi trong nhóm và không lưu tệp này. Quản trị viên vui lòng gửi tài liệu "
              "cho bot trong trò chuyện riêng.")
UNSUPPORTED = "Mình chỉ đọc được tệp .pdf, .docx hoặc .txt. Tệp {name} có định dạng {suffix}, nên chưa tải về."
TOO_BIG = ("Tệp {name} nặng {mb:.1f} MB, vượt giới hạn 20 MB mà Telegram cho phép bot tải về, nên mình không tải "
           "tệp này. Hãy giảm dung lượng (ví dụ lưu lại PDF ở chất lượng thấp hơn hoặc gửi bản .docx) rồi gửi lại, "
           "hoặc chép tệp vào thư mục tài liệu trên máy chủ rồi chạy /reindex.")
DOWNLOAD_FAILED = "Không tải được tệp từ Telegram; vui lòng gửi lại sau ít phút."
EXPIRED = "Tệp này đã được xử lý hoặc đã hết hạn; hãy gửi lại tệp."
STALE_DOC = "Không còn tìm thấy tài liệu này trong kho."
WAITING = "⏳ Đang chờ lượt lập chỉ mục (một lần lập chỉ mục khác đang chạy)…"


# -- pending uploads --------------------------------------------------------------------------

@dataclass
class PendingUpload:
    """A downloaded file waiting for the admin's "Nạp vào kho" / "Hủy": kept in a private temp
    folder (0700, file 0600), never in the corpus folder until the admin says so."""

    token: str
    path: Path
    name: str  # the original file name (shown, and the stem of the stored name)
    owner: int
    chat_id: int
    report: FileReport
    created: float

    def discard(self) -> None:
        discard_temp(self.path)


def discard_temp(path: Path) -> None:
    """Delete a temp upload and its private folder; a file already gone is fine."""
    with _quiet():
        path.unlink(missing_ok=True)
    with _quiet():
        path.parent.rmdir()


class _quiet:
    """suppress(OSError), spelled short."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        return kind is not None and issubclass(kind, OSError)


def pending(context: ContextTypes.DEFAULT_TYPE) -> dict[str, PendingUpload]:
    return context.application.bot_data.setdefault(PENDING_KEY, {})


def drop_expired(table: dict[str, PendingUpload], now: float | None = None) -> None:
    """Reports nobody answered within the hour: their temp files go."""
    now = time.monotonic() if now is None else now
    for token, item in list(table.items()):
        if now - item.created > PENDING_TTL:
            table.pop(token, None)
            item.discard()


def write_private_temp(data: bytes, suffix: str) -> Path:
    """The downloaded bytes in a fresh 0700 folder as a 0600 file, created exclusively."""
    folder = Path(tempfile.mkdtemp(prefix="hoi-upload-"))
    path = folder / f"tai-lieu{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        folder.rmdir()
        raise
    return path


# -- the upload -------------------------------------------------------------------------------

def _admin_id(svc: h.Services, user_id: int | None) -> bool:
    return svc.access.is_admin(user_id)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file sent to the bot: checked, shown, offered for loading; refused before download
    when it may not or cannot be loaded."""
    svc = h.services(context)
    msg = update.effective_message
    assert msg is not None and msg.document is not None
    doc = msg.document
    user_id = msg.from_user.id if msg.from_user else None
    if msg.chat.type != "private":  # a group, or anything new: files are for private chats
        await msg.reply_text(GROUP_FILE)
        log.info("upload refused reason=group")
        return
    if not _admin_id(svc, user_id):
        await msg.reply_text(NOT_ADMIN_FILE)
        log.info("upload refused reason=not_admin")
        return
    name = doc.file_name or "tai-lieu"
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        await msg.reply_text(UNSUPPORTED.format(name=name, suffix=suffix or "(không có đuôi)"))
        log.info("upload refused reason=format")
        return
    if doc.file_size and doc.file_size > DOWNLOAD_LIMIT:
        await msg.reply_text(TOO_BIG.format(name=name, mb=doc.file_size / 2**20))
        log.info("upload refused reason=too_big bytes=%d", doc.file_size)
        return
    data = await _download(msg, name)
    if data is None:
        return
    path = await asyncio.to_thread(write_private_temp, data, suffix)
    try:
        engine = svc.engine
        report: FileReport = await asyncio.to_thread(inspect_file, path, engine.documents)
    except Exception:
        await asyncio.to_thread(discard_temp, path)
        raise
    report.file = name
    item = PendingUpload(secrets.token_urlsafe(9), path, name, user_id or 0, msg.chat.id, report, time.monotonic())
    if not report.ok:
        item.discard()  # a broken file is never kept, not even in the temp folder
        await h.reply_long(msg, "\n".join(report.lines()) + "\nKhông có gì được lưu vào kho; bot vẫn dùng chỉ mục cũ.")
        log.info("upload checked ok=False bytes=%d", len(data))
        return
    table = pending(context)
    drop_expired(table)
    table[item.token] = item
    await h.send_html(context.bot, msg, render_report(report), h.keyboard(upload_buttons(item)), quote=False)
    log.info("upload checked ok=True bytes=%d passages=%d new_version=%s", len(data), report.passages,
             bool(report.new_version_of))


async def _download(msg: Message, name: str) -> bytes | None:
    """getFile then the download; None (and the admin told why) when Telegram says no."""
    try:
        tg_file = await msg.get_bot().get_file(msg.document.file_id)  # type: ignore[union-attr]
        if tg_file.file_size and tg_file.file_size > DOWNLOAD_LIMIT:
            await msg.reply_text(TOO_BIG.format(name=name, mb=tg_file.file_size / 2**20))
            return None
        return bytes(await tg_file.download_as_bytearray())
    except BadRequest as exc:
        if "too big" in str(exc).lower():
            await msg.reply_text(TOO_BIG.format(name=name, mb=(msg.document.file_size or 0) / 2**20))  # type: ignore[union-attr]
        else:
            await msg.reply_text(DOWNLOAD_FAILED)
        log.warning("upload download failed error=%s", exc.__class__.__name__)
    except TelegramError as exc:
        await msg.reply_text(DOWNLOAD_FAILED)
        log.warning("upload download failed error=%s", exc.__class__.__name__)
    return None


def render_report(rep: FileReport) -> str:
    """What the file gave, and what the buttons will do."""
    lines = ["<b>Đã đọc tệp, chưa nạp vào kho</b>"] + [esc(line) for line in rep.lines()]
    hint = "Bấm «Nạp vào kho» để thêm tài liệu này, hoặc «Hủy»."
    if rep.new_version_of:
        hint = ("Bấm «Thay bản cũ» để nạp tài liệu này làm bản hiện hành thay cho "
                f"{esc(rep.new_version_of)} (bản cũ được giữ làm lịch sử), «Nạp vào kho» để nạp thêm, hoặc «Hủy».")
    return "\n".join(lines + ["", f"<i>{hint}</i>"])


def upload_buttons(item: PendingUpload) -> list[list[Button]]:
    rows = [[Button("📥 Nạp vào kho", f"u|ok|{item.token}"), Button("✖️ Hủy", f"u|no|{item.token}")]]
    if item.report.new_version_of:
        rows.insert(0, [Button("🔁 Thay bản cũ", f"u|rep|{item.token}")])
    return rows


async def on_upload_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"u|ok|t", "u|rep|t", "u|no|t": load, load as the new version, or throw away."""
    svc = h.services(context)
    cq = update.callback_query
    assert cq is not None and cq.data
    _, action, token = (cq.data.split("|") + ["", ""])[:3]
    table = pending(context)
    item = table.get(token)
    if item is None:
        await cq.answer(EXPIRED, show_alert=True)
        return
    if not _admin_id(svc, cq.from_user.id) or cq.from_user.id != item.owner:
        await cq.answer(ADMIN_ONLY, show_alert=True)
        return
    table.pop(token, None)
    await cq.answer()
    if cq.message is not None:
        with _suppress_telegram():
            await context.bot.edit_message_reply_markup(cq.message.chat.id, cq.message.message_id, reply_markup=None)
    if action == "no":
        await asyncio.to_thread(item.discard)
        await context.bot.send_message(item.chat_id, f"Đã hủy; tệp {item.name} không được lưu.")
        log.info("upload cancelled")
        return
    supersedes = item.report.new_version_of if action == "rep" else ""
    status = await context.bot.send_message(item.chat_id, f"⏳ Đang đọc và lưu tệp {item.name}…")
    context.application.create_task(_store_and_ingest(svc, context, item, supersedes, status),
                                    name="upload-ingest")


class _suppress_telegram:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        return kind is not None and issubclass(kind, TelegramError)


async def set_status(context: ContextTypes.DEFAULT_TYPE, status: Message, text: str) -> None:
    """The one status message of a load or withdrawal, edited as the work goes on."""
    await h.edit_html(context.bot, status, esc(text), None, retries=1)


async def _store_and_ingest(svc: h.Services, context: ContextTypes.DEFAULT_TYPE, item: PendingUpload,
                            supersedes: str, status: Message) -> None:
    """Store the original in the corpus folder, re-ingest in the child process, report."""
    corpus = Path(svc.settings.corpus_dir)
    try:
        data = await asyncio.to_thread(item.path.read_bytes)
        existed = await asyncio.to_thread(lambda: {p.name for p in corpus.iterdir()} if corpus.is_dir() else set())
        stored = await asyncio.to_thread(store_upload, data, item.name, corpus)
        manifest_before = await asyncio.to_thread(add_supersedes_override, corpus, stored.name, supersedes) \
            if supersedes else None
    except (UploadError, ManifestError, OSError) as exc:
        await set_status(context, status, f"❌ Lỗi: {_public(exc)} Không có gì được nạp; bot vẫn dùng chỉ mục cũ.")
        log.warning("upload store failed error=%s", exc.__class__.__name__)
        return
    finally:
        await asyncio.to_thread(item.discard)
    log.info("upload stored replace=%s", bool(supersedes))

    result = await _reindex(svc, context, status)
    if result is None or not result.ok:
        # the folder must keep matching the index: the file leaves the corpus again (kept, not deleted)
        if stored.name not in existed:
            await asyncio.to_thread(_undo_store, corpus, stored, manifest_before)
        why = _public(result.message) if result is not None else "không chạy được tiến trình lập chỉ mục."
        await set_status(context, status, f"❌ Lỗi: {why}\nTài liệu chưa được nạp (tệp đã chuyển sang thư mục "
                                          f"{WITHDRAWN_DIR}, không xóa); bot vẫn dùng chỉ mục cũ.")
        return
    engine = svc.engine
    doc = next((d for d in engine.documents if d.file == stored.name), None)
    if doc is None:
        await set_status(context, status, f"✅ Xong, nhưng tệp {item.name} trùng nội dung với một tài liệu đã có "
                                          "nên không có gì mới được nạp. Xem /tailieu.")
        return
    passages, duties = count_passages(engine, doc.id), count_duties(engine, doc.id)
    text = f"✅ Xong: đã nạp {doc.label} [{doc.id}]: {passages} đoạn, {duties} nhiệm vụ."
    old = engine.doc(doc.supersedes) if doc.supersedes else None
    if old is not None:
        text += f"\nBản cũ {old.label} [{old.id}] được giữ làm lịch sử; câu trả lời trích bản mới."
    await set_status(context, status, text)
    log.info("upload loaded passages=%d duties=%d", passages, duties)


async def _reindex(svc: h.Services, context: ContextTypes.DEFAULT_TYPE, status: Message) -> Any:
    """The existing child-process ingest (bot/reindex.py), one at a time with /reindex; then
    the switch to the new build. None when the child could not even start."""
    from .reindex import run_reindex

    if svc.reindex_lock.locked():
        await set_status(context, status, WAITING)
    async with svc.reindex_lock:
        await set_status(context, status, "⏳ Đang lập chỉ mục… (bot vẫn trả lời bằng chỉ mục cũ cho đến khi xong)")
        try:
            result = await asyncio.to_thread(run_reindex, svc.settings, svc.index_dir,
                                             corpus_dir=Path(svc.settings.corpus_dir))
        except Exception as exc:  # noqa: BLE001 - could not start the child: the old index stays
            log.warning("upload reindex failed error=%s", exc.__class__.__name__)
            return None
        if result.ok and not await h.switch_engine(svc):
            result.ok, result.message = False, "chưa mở được chỉ mục mới."
    return result


def _public(err: object) -> str:
    from .reindex import public_error

    return public_error(str(err))


def _undo_store(corpus: Path, stored: Path, manifest_before: str | None) -> None:
    if manifest_before is not None:
        _write_manifest(corpus, manifest_before)
    with _quiet():
        move_to_withdrawn(corpus, stored)


def count_passages(engine: "Engine", doc_id: str) -> int:
    """Body passages, counted as the upload report counts them (header and title left out)."""
    return sum(1 for c in engine.index.chunks if c.doc_id == doc_id and c.kind == "body")


def count_duties(engine: "Engine", doc_id: str) -> int:
    regs = engine.registers
    return sum(1 for r in regs.duties if r.doc_id == doc_id) if regs is not None else 0


# -- manifest overrides -----------------------------------------------------------------------
# manifest.toml is also written by people (comments, order): edited as text, block by block,
# and the result parsed before it replaces the old file.

_BLOCK = re.compile(r"^\s*\[\[\s*documents\s*\]\]")


def _blocks(text: str) -> list[list[str]]:
    """The manifest's lines cut before each [[documents]]: a preamble, then one list per entry."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if _BLOCK.match(line):
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _entry(block: list[str]) -> dict[str, Any] | None:
    try:
        docs = tomllib.loads("".join(block)).get("documents")
    except tomllib.TOMLDecodeError:
        return None
    return docs[0] if isinstance(docs, list) and docs and isinstance(docs[0], dict) else None


def _write_manifest(corpus: Path, text: str) -> None:
    """Write aside (hidden: ingest never reads it), check it reads as a manifest, rename."""
    path = corpus / MANIFEST_NAME
    tmp = corpus / f".{MANIFEST_NAME}.{os.getpid()}.tmp"
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        read_manifest(tmp)  # raises ManifestError: the old manifest stays
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_supersedes_override(corpus: Path, file_name: str, old_id: str) -> str:
    """Say in manifest.toml that the stored file replaces document `old_id` (the catalog's
    `supersedes` override). Returns the manifest text before, to undo. An entry this module
    wrote earlier for the same file is replaced; one a person wrote is left for them to edit."""
    path = corpus / MANIFEST_NAME
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = []
    for block in _blocks(before):
        entry = _entry(block) if _BLOCK.match(block[0] if block else "") else None
        if entry is not None and entry.get("file") == file_name:
            if OVERRIDE_MARK not in "".join(block):
                raise UploadError(f"{MANIFEST_NAME} đã có mục cho tệp {file_name}; hãy ghi supersedes = "
                                  f"\"{old_id}\" vào mục đó.")
            continue
        kept.append("".join(block))
    text = "".join(kept)
    if text and not text.endswith("\n"):
        text += "\n"
    stamp = datetime.now(timezone.utc).strftime("%d/%m/%Y")
    text += (f"\n[[documents]]\n{OVERRIDE_MARK} ngày {stamp}: bản mới thay cho {old_id}\n"
             f"file = {_toml_str(file_name)}\nsupersedes = {_toml_str(old_id)}\n")
    _write_manifest(corpus, text)
    return before


def forget_file(corpus: Path, rel: str, note: str) -> str | None:
    """After a file left the corpus: entries this module wrote for it go; an entry a person
    wrote keeps its facts as a document known but not loaded (`file = ""`). Returns the text
    before (to undo), or None when the manifest did not name the file."""
    path = corpus / MANIFEST_NAME
    if not path.exists():
        return None
    before = path.read_text(encoding="utf-8")
    out: list[str] = []
    changed = False
    for block in _blocks(before):
        entry = _entry(block) if block and _BLOCK.match(block[0]) else None
        if entry is None or entry.get("file") != rel:
            out.append("".join(block))
            continue
        changed = True
        if OVERRIDE_MARK in "".join(block) or not all(entry.get(k) for k in REQUIRED_WITHOUT_FILE):
            continue
        lines = []
        for line in block:
            if re.match(r"^\s*file\s*=", line):
                line = f'file = ""  # {note}\n'
            elif re.match(r"^\s*status\s*=", line):
                line = 'status = "not_available"\n'
            lines.append(line)
        out.append("".join(lines))
    if not changed:
        return None
    _write_manifest(corpus, "".join(out))
    return before


# -- withdrawing ------------------------------------------------------------------------------

def withdrawn_dir(corpus: Path) -> Path:
    """`withdrawn/` beside the corpus folder: outside it, so ingest never reads it again."""
    return Path(corpus).resolve().parent / WITHDRAWN_DIR


def move_to_withdrawn(corpus: Path, path: Path) -> Path:
    """Move a corpus file into withdrawn/ under a dated, unique name. Never deletes."""
    dest_dir = withdrawn_dir(corpus)
    dest_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    dest = dest_dir / f"{stamp}-{path.name}"
    n = 2
    while dest.exists():
        dest = dest_dir / f"{stamp}-{n}-{path.name}"
        n += 1
    shutil.move(str(path), str(dest))
    return dest


@dataclass
class Withdrawal:
    """What `withdraw_file` changed, so a failed re-ingest can put it back."""

    source: Path
    dest: Path
    manifest_before: str | None

    def undo(self, corpus: Path) -> None:
        shutil.move(str(self.dest), str(self.source))
        if self.manifest_before is not None:
            _write_manifest(corpus, self.manifest_before)


def withdraw_file(corpus: Path, rel: str) -> Withdrawal:
    """Take a document's file out of the corpus folder (into withdrawn/) and out of the
    manifest's overrides. Refuses a path that is not a file inside the folder."""
    corpus = Path(corpus)
    source = corpus / rel
    if not rel or Path(rel).is_absolute() or not inside(corpus, source) or not source.is_file():
        raise UploadError(f"Không tìm thấy tệp {Path(rel).name or rel} trong thư mục tài liệu.")
    dest = move_to_withdrawn(corpus, source)
    try:
        before = forget_file(corpus, rel, f"rút khỏi kho, tệp ở {WITHDRAWN_DIR}/{dest.name}")
    except BaseException:
        shutil.move(str(dest), str(source))
        raise
    return Withdrawal(source, dest, before)


# -- /tailieu ---------------------------------------------------------------------------------

def document_status(doc: DocumentInfo, loaded: set[str], counts: dict[str, int]) -> str:
    if doc.id not in loaded:
        return "⏳ chưa nạp"
    if doc.superseded_by:
        return f"🕘 bản cũ (đã có bản thay thế [{doc.superseded_by}]), {counts.get(doc.id, 0)} đoạn"
    return f"✅ đã nạp, {counts.get(doc.id, 0)} đoạn"


def render_document_list(engine: "Engine") -> tuple[str, list[DocumentInfo]]:
    """Every document with its status, version and date loaded; returns the numbered ones a
    button can withdraw (loaded, with a file)."""
    loaded, counts = engine.index.loaded_ids(), engine.index.count_by_doc()
    lines = ["<b>Tài liệu</b>"]
    withdrawable: list[DocumentInfo] = []
    for n, d in enumerate(engine.documents, start=1):
        extra = []
        if d.version > 1 or d.superseded_by:
            extra.append(f"phiên bản {d.version}")
        if d.id in loaded and d.loaded_at:
            extra.append(f"nạp ngày {format_date(d.loaded_at[:10])}")
        if d.draft:
            extra.append("dự thảo")
        lines.append(f"[{n}] {esc(d.label)} <code>{esc(d.id)}</code> — {esc(document_status(d, loaded, counts))}"
                     + (f" <i>({esc(', '.join(extra))})</i>" if extra else ""))
        if d.id in loaded and d.file:
            withdrawable.append(d)
    return "\n".join(lines), withdrawable


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_CALLBACK_DATA


async def cmd_tailieu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tailieu: the documents; an admin in a private chat also gets "Rút khỏi kho" buttons."""
    svc = h.services(context)
    msg = update.effective_message
    assert msg is not None
    engine = svc.engine
    text, withdrawable = render_document_list(engine)
    rows: list[list[Button]] = []
    admin = _admin_id(svc, msg.from_user.id if msg.from_user else None) and msg.chat.type == "private"
    if admin:
        numbers = {d.id: n for n, d in enumerate(engine.documents, start=1)}
        rows = [[Button(f"🗑 Rút khỏi kho [{numbers[d.id]}]", f"t|w|{d.id}")]
                for d in withdrawable if _fits(f"t|wy|{d.id}")]
        text += "\n\n<i>Quản trị viên: gửi tệp PDF, DOCX hoặc TXT cho bot để nạp tài liệu mới.</i>"
    await h.send_html(context.bot, msg, text, h.keyboard(rows))
    log.info("command=tailieu chat=%s admin=%s", msg.chat.type, admin)


async def on_withdraw_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"t|w|id" asks for confirmation; "t|wy|id" withdraws; "t|wn|id" keeps the document."""
    svc = h.services(context)
    cq = update.callback_query
    assert cq is not None and cq.data
    _, action, doc_id = (cq.data.split("|", 2) + ["", ""])[:3]
    if not _admin_id(svc, cq.from_user.id) or cq.message is None:
        await cq.answer(ADMIN_ONLY, show_alert=True)
        return
    doc = svc.engine.doc(doc_id)
    if doc is None or not doc.file or doc.id not in svc.engine.index.loaded_ids():
        await cq.answer(STALE_DOC, show_alert=True)
        return
    await cq.answer()
    chat_id = cq.message.chat.id
    if action == "w":
        text = (f"Rút <b>{esc(doc.label)}</b> <code>{esc(doc.id)}</code> khỏi kho?\n"
                f"Tệp được chuyển sang thư mục {WITHDRAWN_DIR} (không xóa) và chỉ mục được lập lại; "
                "bot sẽ không trả lời theo tài liệu này nữa.")
        await h.send_html(context.bot, cq.message, text, h.keyboard([[  # type: ignore[arg-type]
            Button("🗑 Rút khỏi kho", f"t|wy|{doc.id}"), Button("Giữ lại", f"t|wn|{doc.id}")]]), quote=False)
        return
    if action == "wn":
        await h.edit_html(context.bot, cq.message, f"Đã giữ lại {esc(doc.label)} trong kho.", None)  # type: ignore[arg-type]
        return
    status = cq.message
    await set_status(context, status, f"⏳ Đang rút {doc.label} khỏi kho…")  # type: ignore[arg-type]
    context.application.create_task(_withdraw_and_ingest(svc, context, doc, status, chat_id),  # type: ignore[arg-type]
                                    name="withdraw-ingest")


async def _withdraw_and_ingest(svc: h.Services, context: ContextTypes.DEFAULT_TYPE, doc: DocumentInfo,
                               status: Message, chat_id: int) -> None:
    corpus = Path(svc.settings.corpus_dir)
    try:
        done = await asyncio.to_thread(withdraw_file, corpus, doc.file)
    except (UploadError, ManifestError, OSError) as exc:
        await set_status(context, status, f"❌ Lỗi: {_public(exc)} Tài liệu vẫn ở trong kho.")
        log.warning("withdraw failed error=%s", exc.__class__.__name__)
        return
    result = await _reindex(svc, context, status)
    if result is None or not result.ok:
        with _quiet():
            await asyncio.to_thread(done.undo, corpus)
        why = _public(result.message) if result is not None else "không chạy được tiến trình lập chỉ mục."
        await set_status(context, status, f"❌ Lỗi: {why}\nĐã đưa tệp trở lại kho; bot vẫn dùng chỉ mục cũ.")
        return
    engine = svc.engine
    await set_status(context, status, f"✅ Xong: đã rút {doc.label} [{doc.id}] khỏi kho (tệp ở thư mục "
                                      f"{WITHDRAWN_DIR}/{done.dest.name}, không xóa). Kho còn "
                                      f"{len(engine.loaded())} tài liệu đã nạp, {len(engine.index.chunks)} đoạn.")
    log.info("withdraw done")


# -- versions ---------------------------------------------------------------------------------

async def on_changes_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"v|<doc_id>": what changed from the cited document's earlier version, with a button to
    the earlier version's source."""
    from .changes import ChangesError, compare, versions

    cq = update.callback_query
    assert cq is not None and cq.data
    engine = h.services(context).engine
    doc_id = cq.data.split("|", 1)[1]

    def build() -> tuple[DocumentInfo, str]:
        old, new = versions(engine.index, doc_id)
        return old, compare(engine.index, old.id, new.id).text()

    try:
        old, text = await asyncio.to_thread(build)
    except ChangesError as exc:
        await cq.answer(str(exc)[:200], show_alert=True)
        return
    if cq.message is None:
        await cq.answer(STALE_DOC, show_alert=True)
        return
    await cq.answer()
    source = cb_source(old.id)
    markup = h.keyboard([[Button("ℹ️ Bản trước", source)]] if source else [])
    await h.send_html(context.bot, cq.message, "<b>Bản trước / Thay đổi</b>\n" + esc(text), markup,  # type: ignore[arg-type]
                      quote=True)
    log.info("button=changes")
