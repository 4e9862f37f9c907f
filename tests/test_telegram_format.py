"""Telegram HTML rendering and splitting, access rules, the rate limiter and the feedback store.

The HTML validator below is deliberately strict and independent of the code it checks:
only the tags the bot may use, balanced, and no raw `<`, `>` or `&` outside tags/entities.
"""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from bot.access import Access, RateLimiter, Verdict
from bot.compose import Answer, Citation
from bot.feedback import FeedbackStore, export_jsonl, key_file_for
from bot.telegram_format import html_visible_len
from bot.telegram_format import (
    MAX_MESSAGE,
    answer_buttons,
    cb_clause,
    common_address,
    esc,
    render_answer,
    render_clause,
    render_inline_passage,
    split_html,
    tg_len,
)

ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "a", "blockquote"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[^<>]*)?)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def assert_telegram_html(text: str) -> None:
    """Fail unless `text` is valid Telegram HTML on its own (one message)."""
    assert text.strip(), "empty message"
    # Telegram counts the text after entity parsing (issue 12: not the HTML source)
    assert html_visible_len(text) <= MAX_MESSAGE, f"message too long: {html_visible_len(text)}"
    stack: list[str] = []
    pos = 0
    for m in _TAG.finditer(text):
        _check_text(text[pos:m.start()])
        closing, name = m.group(1), m.group(2).lower()
        assert name in ALLOWED_TAGS, f"tag not allowed: {m.group(0)}"
        if closing:
            assert stack and stack[-1] == name, f"unbalanced </{name}> (open: {stack})"
            stack.pop()
        else:
            stack.append(name)
        pos = m.end()
    _check_text(text[pos:])
    assert not stack, f"unclosed tags: {stack}"


def _check_text(chunk: str) -> None:
    bare = _ENTITY.sub("", chunk)
    assert "<" not in bare and ">" not in bare, f"raw angle bracket in {chunk[:80]!r}"
    assert "&" not in bare, f"raw ampersand in {chunk[:80]!r}"


def visible(text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]*>", "", text))


def squeeze(text: str) -> str:
    """Visible text without white space: what must survive splitting, in order."""
    return re.sub(r"\s+", "", visible(text))


def _cite(n: int, text: str, section: str = "IV.4", doc_title: str = "Kế hoạch <số> & *dự thảo*") -> Citation:
    return Citation(n=n, doc_id="kh-phunghiep", doc_title=doc_title, section=section, para=None, text=text,
                    score=1.0, heading="IV. TỔ CHỨC THỰC HIỆN", label=f"mục {section}", chunk_id=f"kh|{section}|{n}")


# -- rendering --------------------------------------------------------------------------------

def test_everything_user_or_document_supplied_is_escaped() -> None:
    nasty = "a < b && c > d * _x_ [1](y) <b>not bold</b> &amp;"
    ans = Answer(question=nasty, abstained=False, answer=nasty + " [1]", citations=[_cite(1, nasty)], note=nasty)
    html_text = render_answer(ans)
    assert_telegram_html(html_text)
    assert visible(html_text).count(nasty) == 3  # answer, note, passage: all verbatim
    assert "<b>not bold</b>" not in html_text


def test_inline_passage_fits_and_escapes() -> None:
    c = _cite(1, "x<y & z " * 2000)
    out = render_inline_passage(c)
    assert_telegram_html(out)
    assert "mục IV.4" in out


def test_callback_data_is_short_and_self_contained() -> None:
    ans = Answer("q", False, "a [1]", [_cite(1, "t", "IV.4"), _cite(2, "u", "III.2")])
    rows = answer_buttons(ans, "AbCdEfGhIjK")
    data = [b.data for row in rows for b in row]
    assert "c|kh-phunghiep|IV.4" in data and "s|kh-phunghiep" in data and "f|AbCdEfGhIjK|1" in data
    assert all(len(d.encode()) <= 64 for d in data)
    # an address too long for 64 bytes gets no button rather than a truncated, wrong one
    assert cb_clause("kh-phunghiep", "Điều " + "1." * 40) is None


def test_common_address() -> None:
    assert common_address(["III.1", "III.2", "III.5"]) == "III"
    assert common_address(["IV.4"]) == "IV.4"
    assert common_address(["mở đầu"]) == "mở đầu"


# -- splitting --------------------------------------------------------------------------------

def test_short_text_is_one_part() -> None:
    assert split_html("<b>x</b> y") == ["<b>x</b> y"]


def test_split_prefers_paragraphs_and_keeps_each_part_valid() -> None:
    paras = [f"<b>[{i}]</b> <i>mục III.{i}</i>\n<blockquote>{esc('đoạn & <văn> ' * 60)}</blockquote>" for i in range(12)]
    text = "\n\n".join(paras)
    parts = split_html(text)
    assert len(parts) > 1
    for p in parts:
        assert_telegram_html(p)
    # every paragraph survives whole (no paragraph was cut, since each fits on its own)
    assert sum(p.count("<blockquote>") for p in parts) == 12
    assert squeeze("".join(parts)) == squeeze(text)


def test_split_inside_a_huge_blockquote_reopens_the_tag() -> None:
    text = "<b>Toàn văn</b>\n\n<blockquote>" + esc("Ban Tuyên giáo <chủ trì> & phối hợp. " * 400) + "</blockquote>"
    parts = split_html(text)
    assert len(parts) >= 3
    for p in parts:
        assert_telegram_html(p)
    assert all(p.startswith("<blockquote>") for p in parts[1:])
    assert squeeze("".join(parts)) == squeeze(text)


def test_split_never_breaks_an_entity_or_a_long_word() -> None:
    text = "<i>" + "&amp;" * 3000 + "x" * 9000 + "</i>"
    parts = split_html(text)
    for p in parts:
        assert_telegram_html(p)
    assert visible("".join(parts)) == visible(text)


def test_split_counts_utf16_units() -> None:
    text = "👍" * 5000  # 2 UTF-16 units each
    parts = split_html(text)
    assert all(html_visible_len(p) <= MAX_MESSAGE for p in parts)
    assert "".join(parts) == text


_words = st.text(alphabet=st.sampled_from(list("abc xyzđệ<>&*_\n")), min_size=0, max_size=400)


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["b", "i", "blockquote", "code", ""]), _words), min_size=1, max_size=40),
       st.integers(min_value=80, max_value=600))
def test_split_property(blocks: list[tuple[str, str]], limit: int) -> None:
    text = "\n\n".join(f"<{t}>{esc(w)}</{t}>" if t else esc(w) for t, w in blocks)
    parts = split_html(text, limit)
    for p in parts:
        assert html_visible_len(p) <= limit
        _assert_balanced(p)
    assert squeeze("".join(parts)) == squeeze(text)


def _assert_balanced(p: str) -> None:
    stack = []
    for m in _TAG.finditer(p):
        if m.group(1):
            assert stack.pop() == m.group(2)
        else:
            stack.append(m.group(2))
    assert not stack


def test_clause_render_has_heading_document_and_units() -> None:
    cites = [_cite(1, "Ban Tuyên giáo Huyện ủy chủ trì", "IV.4")]
    out = render_clause(cites, lambda d, a: "")
    assert_telegram_html(out)
    assert "Toàn văn mục IV.4" in out and "IV. TỔ CHỨC THỰC HIỆN" in out and "&lt;số&gt; &amp;" in out


# -- access -----------------------------------------------------------------------------------

def test_access_rules() -> None:
    a = Access(allowed_users=frozenset({1}), allowed_chats=frozenset({-100}), admins=frozenset({9}))
    assert a.allows(1, 1, "private") and not a.allows(2, 2, "private")
    assert a.allows(9, 9, "private")  # an admin is a user too
    assert a.allows(2, -100, "supergroup")  # members of an allowed group
    assert not a.allows(1, -200, "group")  # an allowed user in an unknown group: others would read it
    assert not a.allows(1, -300, "channel")
    assert a.user_allowed(1) and not a.user_allowed(2) and not a.user_allowed(None)
    assert not Access().allows(1, 1, "private")  # empty allowlist refuses everyone
    assert Access(public=True).allows(5, -5, "group")


def test_rate_limiter_warns_once_per_burst_then_recovers() -> None:
    now = [0.0]
    rl = RateLimiter(per_minute=3, clock=lambda: now[0])
    assert [rl.check(1) for _ in range(3)] == [Verdict.OK] * 3
    assert rl.check(1) is Verdict.WARN
    assert rl.check(1) is Verdict.SILENT
    assert rl.check(2) is Verdict.OK  # per user
    now[0] = 61.0
    assert rl.check(1) is Verdict.OK
    assert [rl.check(1) for _ in range(3)][-1] is Verdict.WARN


# -- feedback store ---------------------------------------------------------------------------

def test_feedback_store_hashes_users_and_keeps_a_private_key(tmp_path: Path) -> None:
    db = tmp_path / "var" / "fb.sqlite3"
    store = FeedbackStore(db, "")
    key = key_file_for(db)
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    aid = store.record_answer(user_id=123456789, chat_type="private", question="ai chủ trì?", kind="passage",
                              abstained=False, citations=["kh|IV.4|"], latency_ms=12.0)
    store.record_answer(user_id=5, chat_type="group", question="x", kind="abstain", abstained=True,
                        citations=[], latency_ms=1.0)
    assert store.record_feedback(aid, 123456789, True)
    assert store.record_feedback(aid, 123456789, False)  # changing one's mind replaces the vote
    assert not store.record_feedback("nope", 1, True)
    store.close()

    raw = db.read_bytes() + b"".join(p.read_bytes() for p in db.parent.glob("fb.sqlite3-*"))
    assert b"123456789" not in raw
    again = FeedbackStore(db, "")  # same key file → same hashes
    s = again.stats()
    assert (s.questions, s.abstained, s.helpful, s.unhelpful, s.people) == (2, 1, 0, 1, 2)
    assert s.abstention_rate == 0.5

    out = tmp_path / "fb.jsonl"
    assert export_jsonl(db, out) == 1
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["answer_id"] == aid and row["question"] == "ai chủ trì?" and row["verdict"] == "down"
    assert row["user_hash"] == again.hash_user(123456789) != "123456789"
    again.close()


def test_configured_hash_key_is_used_and_no_key_file_written(tmp_path: Path) -> None:
    a = FeedbackStore(tmp_path / "a.db", "k1")
    b = FeedbackStore(tmp_path / "b.db", "k2")
    assert a.hash_user(1) != b.hash_user(1)
    assert not key_file_for(tmp_path / "a.db").exists()


def test_export_of_missing_db_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        export_jsonl(tmp_path / "none.sqlite3", tmp_path / "out.jsonl")
    assert not (tmp_path / "none.sqlite3").exists()
