"""Documents from Telegram (issue 14 items 2 and 3), end to end: the REAL python-telegram-bot
Application over HTTP against the fake Bot API (getFile + file download), real DOCX and PDF
files made by python-docx and fpdf2, a real corpus folder and index in tmp, and ingest in the
real child process (bot/reindex.py). Nothing is mocked."""
from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
from telegram.ext import Application

from bot.access import REFUSAL
from bot.engine import Engine
from bot.uploads_telegram import GROUP_FILE, NOT_ADMIN_FILE, PENDING_KEY, WITHDRAWN_DIR
from hoi.settings import Settings
from tests import fixtures_docs as docs
from tests.support import Call, FakeBotApi
from tests.test_changes import make_plan
from tests.test_telegram_bot import ADMIN, ALLOWED, GROUP, PASSAGE_IV4, Q45, STRANGER, running_bot
from tests.test_telegram_format import assert_telegram_html

from .conftest import CORPUS

INGEST_WAIT = 240.0  # seconds for one child-process ingest on a busy 2-core machine
HEADER = [["ĐẢNG BỘ TỈNH HẬU GIANG\nHUYỆN ỦY PHỤNG HIỆP\n*\nSố 41-KH/HU",
           "ĐẢNG CỘNG SẢN VIỆT NAM\nPhụng Hiệp, ngày 20 tháng 2 năm 2025"]]
BODY = [
    "KẾ HOẠCH",
    "tổ chức Hội thi tìm hiểu lịch sử Đảng bộ huyện năm 2025",
    "-----",
    "Thực hiện Kế hoạch số 103-KH/TU ngày 15/01/2025 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy "
    "ban hành Kế hoạch như sau:",
    "I. NỘI DUNG",
    "1. Hội Cựu chiến binh huyện chủ trì biên soạn bộ câu hỏi về truyền thống cách mạng của quê hương.",
    "2. Trung tâm Văn hóa huyện bố trí hội trường và âm thanh cho vòng chung kết.",
]
Q_NEW = "Ai chủ trì biên soạn bộ câu hỏi về truyền thống cách mạng?"
Q_VERSION = "Ban Tuyên giáo Huyện ủy tổ chức hội nghị quán triệt chuyển đổi số trước ngày nào?"


# -- harness ----------------------------------------------------------------------------------

@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_poll_wait=1.0) as fake:
        yield fake


@pytest.fixture
def folders(tmp_path: Path, index_dir: Path) -> tuple[Path, Path]:
    """A writable corpus (the committed one) and a copy of the session's index of it, so the
    plan's vectors are reused and only an upload is embedded."""
    corpus, idx = tmp_path / "corpus", tmp_path / "idx"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(index_dir, idx, symlinks=True)
    return corpus, idx


@pytest.fixture
def up_settings(tmp_path: Path, api: FakeBotApi, folders: tuple[Path, Path]) -> Settings:
    corpus, idx = folders
    return Settings().model_copy(update=dict(
        telegram_bot_token=api.token, telegram_api_base_url=f"http://{api.host}:{api.port}",
        allowed_users=frozenset({ALLOWED}), allowed_chats=frozenset({GROUP}), admins=frozenset({ADMIN}),
        public=False, rate_limit_per_minute=60, feedback_db=tmp_path / "var" / "feedback.sqlite3", hash_key="",
        corpus_dir=corpus, index_dir=idx,
    ))


@pytest.fixture
async def bot(api: FakeBotApi, up_settings: Settings, folders: tuple[Path, Path]) -> AsyncIterator[Application]:
    engine = Engine.open(folders[1], up_settings)
    async with running_bot(up_settings, engine, folders[1]) as app:
        yield app


def to_chat(chat_id: int):
    return lambda c: int(c.params.get("chat_id", 0)) == chat_id


async def reply_to(api: FakeBotApi, chat_id: int, since: int, timeout: float = 30) -> Call:
    [call] = await api.wait_for("sendMessage", to_chat(chat_id), since=since, timeout=timeout)
    return call


async def upload(api: FakeBotApi, user: int, path: Path, **kw: Any) -> Call:
    since = api.mark()
    api.send_document(user, path.read_bytes(), path.name, **kw)
    return await reply_to(api, kw.get("chat_id") or user, since)


def buttons(call_or_msg: Any) -> dict[str, str]:
    """Button text -> callback data of a sent message (a Call or a stored message)."""
    msg = call_or_msg.result if isinstance(call_or_msg, Call) else call_or_msg
    markup = msg.get("reply_markup") or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


def data_starting(call: Call, prefix: str) -> str:
    found = [d for d in buttons(call).values() if d.startswith(prefix)]
    assert found, buttons(call)
    return found[0]


async def press_and_finish(api: FakeBotApi, user: int, message: dict, data: str) -> dict:
    """Press a button that starts an ingest; wait until the one status message says it ended."""
    since = api.mark()
    api.press_button(user, message["chat"]["id"], message["message_id"], data)
    await api.wait_for("answerCallbackQuery", since=since)
    if data.startswith("u|"):
        status = (await reply_to(api, user, since)).result
    else:  # a withdrawal edits its confirmation message
        status = message
    chat, mid = status["chat"]["id"], status["message_id"]
    await api.wait_until(lambda: (api.message(chat, mid) or {}).get("text", "").startswith(("✅", "❌")),
                         timeout=INGEST_WAIT)
    return api.message(chat, mid) or {}


async def ask(api: FakeBotApi, user: int, text: str) -> Call:
    since = api.mark()
    api.send_text(user, text)
    return await reply_to(api, user, since)


def corpus_files(corpus: Path) -> set[str]:
    return {p.relative_to(corpus).as_posix() for p in corpus.rglob("*")}


# -- tests ------------------------------------------------------------------------------------

async def test_admin_docx_upload_is_reported_then_loaded_and_answered(
        api: FakeBotApi, bot: Application, folders: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, _ = folders
    path = tmp_path / "Kế hoạch hội thi.docx"
    docs.make_docx(path, BODY, table_rows=HEADER, table_after=-1)
    before = corpus_files(corpus)
    report = await upload(api, ADMIN, path)
    text = report.result["text"]
    assert_telegram_html(report.params["text"])
    assert "Loại: Kế hoạch · Số: 41-KH/HU · Ngày: 2025-02-20" in text
    assert "Ban Thường vụ Huyện ủy Phụng Hiệp" in text and "Hội thi tìm hiểu lịch sử Đảng bộ" in text
    assert "2 đoạn" in text and "nhiệm vụ" in text and "Thực hiện: 103-KH/TU" in text
    assert set(buttons(report)) == {"📥 Nạp vào kho", "✖️ Hủy"}  # not a new version of anything
    assert corpus_files(corpus) == before  # checked, not stored
    [item] = bot.bot_data[PENDING_KEY].values()
    temp = item.path
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600 and not str(temp).startswith(str(corpus))
    assert api.calls("getFile") and api.downloads

    # before loading, the bot cannot answer from it
    assert "41-KH/HU" not in (await ask(api, ALLOWED, Q_NEW)).result["text"]

    final = await press_and_finish(api, ADMIN, report.result, buttons(report)["📥 Nạp vào kho"])
    assert final["text"].startswith("✅ Xong: đã nạp Kế hoạch số 41-KH/HU"), final["text"]
    assert "2 đoạn" in final["text"] and "nhiệm vụ" in final["text"]
    assert not buttons(api.message(ADMIN, report.result["message_id"]))  # the report's buttons are gone
    assert not temp.exists() and not temp.parent.exists()
    [stored] = corpus_files(corpus) - before
    assert stored.endswith(".docx") and "/" not in stored and stored.isascii()
    assert stat.S_IMODE((corpus / stored).stat().st_mode) == 0o600

    answer = await ask(api, ALLOWED, Q_NEW)
    assert "Kế hoạch số 41-KH/HU" in answer.result["text"] and "Hội Cựu chiến binh" in answer.result["text"]
    assert PASSAGE_IV4 in (await ask(api, ALLOWED, Q45)).result["text"]  # the home plan still answers

    # /tailieu: status, version and date loaded; withdraw buttons for the admin only
    listing = await ask(api, ADMIN, "/tailieu")
    assert "✅ đã nạp" in listing.result["text"] and "⏳ chưa nạp" in listing.result["text"]
    assert "nạp ngày" in listing.result["text"]
    assert any(t.startswith("🗑 Rút khỏi kho") for t in buttons(listing))
    assert not buttons(await ask(api, ALLOWED, "/tailieu"))


async def test_cancel_deletes_the_temp_file(api: FakeBotApi, bot: Application, folders: tuple[Path, Path],
                                            tmp_path: Path) -> None:
    corpus, _ = folders
    path = tmp_path / "thien-tai.pdf"
    docs.make_pdf(path, "ỦY BAN NHÂN DÂN\nHUYỆN THANH LÂM\nSố: 77/KH-UBND\nThanh Lâm, ngày 02 tháng 5 năm 2025\n"
                        "KẾ HOẠCH\nPhòng chống thiên tai năm 2025\n-----\nI. NHIỆM VỤ\n"
                        "1. Phòng Nông nghiệp huyện kiểm tra hệ thống đê bao trước mùa mưa lũ.\n")
    before = corpus_files(corpus)
    report = await upload(api, ADMIN, path)
    assert "Số: 77/KH-UBND" in report.result["text"]
    [item] = bot.bot_data[PENDING_KEY].values()
    since = api.mark()
    api.press_button(ADMIN, ADMIN, report.result["message_id"], buttons(report)["✖️ Hủy"])
    done = await reply_to(api, ADMIN, since)
    assert done.result["text"].startswith("Đã hủy")
    assert not item.path.exists() and not bot.bot_data[PENDING_KEY]
    assert corpus_files(corpus) == before
    # the same button again: nothing left to load
    since = api.mark()
    api.press_button(ADMIN, ADMIN, report.result["message_id"], buttons(report)["📥 Nạp vào kho"], check=False)
    [cb] = await api.wait_for("answerCallbackQuery", since=since)
    assert "hết hạn" in cb.params["text"]


async def test_non_admin_and_group_uploads_are_refused_and_never_fetched(
        api: FakeBotApi, bot: Application, folders: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, _ = folders
    path = tmp_path / "ke-hoach.docx"
    docs.make_docx(path, BODY, table_rows=HEADER, table_after=-1)
    before = corpus_files(corpus)
    temp_root = Path(os.environ.get("TMPDIR", "/tmp"))
    temps = {p.name for p in temp_root.glob("hoi-upload-*")}

    assert (await upload(api, ALLOWED, path)).params["text"] == NOT_ADMIN_FILE
    assert (await upload(api, STRANGER, path)).params["text"] == REFUSAL
    # in a group, even the admin's file (addressed to the bot) is refused
    group = await upload(api, ADMIN, path, chat_id=GROUP, chat_type="supergroup", caption=f"@{api.bot_username}")
    assert group.params["text"] == GROUP_FILE
    # too big for the Bot API: explained, not fetched
    big = await upload(api, ADMIN, path, file_size=25 * 1024 * 1024)
    assert "vượt giới hạn 20 MB" in big.params["text"] and "25.0 MB" in big.params["text"]
    # a button forged by a non-admin does nothing
    since = api.mark()
    api.press_button(ALLOWED, ALLOWED, big.result["message_id"], "u|ok|abc", check=False)
    [cb] = await api.wait_for("answerCallbackQuery", since=since)
    assert cb.params["show_alert"]

    assert not api.calls("getFile") and not api.downloads
    assert corpus_files(corpus) == before
    assert {p.name for p in temp_root.glob("hoi-upload-*")} == temps
    assert not bot.bot_data.get(PENDING_KEY)


async def test_broken_upload_is_explained_and_the_index_keeps_answering(
        api: FakeBotApi, bot: Application, folders: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, idx = folders
    before, current = corpus_files(corpus), (idx / "current").resolve()
    fake = tmp_path / "ke-hoach.docx"
    docs.make_not_docx(fake, "text")
    encrypted = tmp_path / "nghi-quyet.pdf"
    docs.make_encrypted_pdf(encrypted, user_password="matkhau")
    scanned = tmp_path / "ban-scan.pdf"
    docs.make_scanned_pdf(scanned)
    for path in (fake, encrypted, scanned):
        reply = await upload(api, ADMIN, path)
        text = reply.params["text"]
        assert text.startswith(f"Không đọc được tệp {path.name}:"), text
        assert "Không có gì được lưu vào kho" in text and "reply_markup" not in reply.params
    assert corpus_files(corpus) == before and (idx / "current").resolve() == current
    assert not bot.bot_data.get(PENDING_KEY)
    assert PASSAGE_IV4 in (await ask(api, ALLOWED, Q45)).result["text"]


async def test_signed_version_replaces_the_draft_then_changes_and_withdrawal(
        api: FakeBotApi, bot: Application, folders: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, _ = folders
    draft, signed = tmp_path / "du-thao.docx", tmp_path / "ke-hoach-ky.docx"
    make_plan(draft, draft=True)
    make_plan(signed, draft=False)

    report = await upload(api, ADMIN, draft)
    assert "Dự thảo" in report.result["text"] and "🔁 Thay bản cũ" not in buttons(report)
    final = await press_and_finish(api, ADMIN, report.result, buttons(report)["📥 Nạp vào kho"])
    assert final["text"].startswith("✅ Xong"), final["text"]
    assert "31/3/2025" in (await ask(api, ALLOWED, Q_VERSION)).result["text"]

    report = await upload(api, ADMIN, signed)
    found = re.search(r"Có vẻ là bản mới của tài liệu (du-thao[\w-]*) đã nạp", report.result["text"])
    assert found, report.result["text"]
    draft_id = found.group(1)  # the stored file's generated name gives the draft its id
    assert "🔁 Thay bản cũ" in buttons(report)
    final = await press_and_finish(api, ADMIN, report.result, buttons(report)["🔁 Thay bản cũ"])
    assert final["text"].startswith("✅ Xong: đã nạp Kế hoạch số 27-KH/HU"), final["text"]
    assert "được giữ làm lịch sử" in final["text"]
    manifest = (corpus / "manifest.toml").read_text(encoding="utf-8")
    assert f'supersedes = "{draft_id}"' in manifest and "thêm từ Telegram" in manifest

    answer = await ask(api, ALLOWED, Q_VERSION)
    text = answer.result["text"]
    assert "30/4/2025" in text and "Kế hoạch số 27-KH/HU" in text and "31/3/2025" not in text
    changes_data = buttons(answer)["🕘 Bản trước / Thay đổi"]
    assert changes_data == "v|kh27-hu"
    since = api.mark()
    api.press_button(ALLOWED, ALLOWED, answer.result["message_id"], changes_data)
    changes = await reply_to(api, ALLOWED, since)
    assert_telegram_html(changes.params["text"])
    ctext = changes.result["text"]
    assert ctext.startswith("Bản trước / Thay đổi") and "Mục II.1" in ctext
    assert "trước ngày 31/3/2025 → trước ngày 30/4/2025" in ctext and "Đoàn Thanh niên" in ctext
    assert buttons(changes) == {"ℹ️ Bản trước": f"s|{draft_id}"}

    # /tailieu: the draft is "bản cũ", the signed plan version 2
    listing = await ask(api, ADMIN, "/tailieu")
    ltext = listing.result["text"]
    assert "bản cũ (đã có bản thay thế [kh27-hu])" in ltext and "phiên bản 2" in ltext
    # withdraw the signed plan: confirmation first, then the file moves to withdrawn/, never deleted
    numbers = [line for line in ltext.splitlines() if "kh27-hu —" in line or " kh27-hu " in line]
    n = numbers[0].split("]")[0].lstrip("[")
    withdraw = buttons(listing)[f"🗑 Rút khỏi kho [{n}]"]
    assert withdraw == "t|w|kh27-hu"
    since = api.mark()
    api.press_button(ADMIN, ADMIN, listing.result["message_id"], withdraw)
    confirm = await reply_to(api, ADMIN, since)
    assert confirm.result["text"].startswith("Rút Kế hoạch số 27-KH/HU")
    signed_files = [f for f in corpus_files(corpus) if f.startswith("ke-hoach-ky-")]
    assert len(signed_files) == 1
    final = await press_and_finish(api, ADMIN, confirm.result, buttons(confirm)["🗑 Rút khỏi kho"])
    assert final["text"].startswith("✅ Xong: đã rút Kế hoạch số 27-KH/HU"), final["text"]
    assert not (corpus / signed_files[0]).exists()
    moved = list((corpus.parent / WITHDRAWN_DIR).iterdir())
    assert len(moved) == 1 and moved[0].name.endswith(signed_files[0]) and moved[0].read_bytes() == signed.read_bytes()
    manifest = (corpus / "manifest.toml").read_text(encoding="utf-8")
    assert f'supersedes = "{draft_id}"' not in manifest and signed_files[0] not in manifest
    # the draft is the current version again
    assert "31/3/2025" in (await ask(api, ALLOWED, Q_VERSION)).result["text"]


async def test_failed_ingest_takes_the_file_out_again_and_the_old_index_answers(
        api: FakeBotApi, bot: Application, folders: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, idx = folders
    svc = bot.bot_data["services"]
    svc.settings = svc.settings.model_copy(update={"reindex_timeout": 0.2})  # the child cannot finish
    path = tmp_path / "ke-hoach.docx"
    docs.make_docx(path, BODY, table_rows=HEADER, table_after=-1)
    before, current = corpus_files(corpus), (idx / "current").resolve()
    report = await upload(api, ADMIN, path)
    final = await press_and_finish(api, ADMIN, report.result, buttons(report)["📥 Nạp vào kho"])
    assert final["text"].startswith("❌ Lỗi:") and "quá chậm" in final["text"], final["text"]
    assert "bot vẫn dùng chỉ mục cũ" in final["text"]
    assert corpus_files(corpus) == before and (idx / "current").resolve() == current
    [kept] = (corpus.parent / WITHDRAWN_DIR).iterdir()  # never deleted
    assert kept.read_bytes() == path.read_bytes()
    assert PASSAGE_IV4 in (await ask(api, ALLOWED, Q45)).result["text"]


def test_withdrawing_a_listed_document_keeps_its_facts_as_not_loaded(tmp_path: Path) -> None:
    """A document a person listed in manifest.toml: withdrawn, its entry stays (file = "") so the
    assistant still knows it, as a document not loaded; an undo puts everything back."""
    from bot.uploads_telegram import withdraw_file
    from ingest.catalog import build_catalog

    from .conftest import PLAN_FILE, PLAN_ID

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    original = (corpus / "manifest.toml").read_text(encoding="utf-8")
    done = withdraw_file(corpus, PLAN_FILE.name)
    assert not (corpus / PLAN_FILE.name).exists() and done.dest.parent == tmp_path / WITHDRAWN_DIR
    cat = build_catalog(corpus)
    plan = cat.document(PLAN_ID)
    assert plan is not None and not plan.file and plan.status == "not_available" and not cat.errors
    assert "# Documents the assistant knows about." in (corpus / "manifest.toml").read_text(encoding="utf-8")
    done.undo(corpus)
    assert (corpus / PLAN_FILE.name).exists()
    assert (corpus / "manifest.toml").read_text(encoding="utf-8") == original
    with pytest.raises(Exception, match="Không tìm thấy tệp"):
        withdraw_file(corpus, "../manifest.toml")
