"""Telegram HTML: every reply the bot sends is built here, and split here when too long.

Why HTML and not Markdown: document text is full of characters Markdown treats as syntax
(`*`, `_`, `[`), while HTML needs only `<`, `>` and `&` escaped, which html.escape does
reliably. Every piece of document or user text goes through `esc`; tags are only ever
written by this module, so the splitter can trust the structure it cuts.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from hoi.models import DocumentInfo

from .compose import Answer, Citation, address_label

MAX_MESSAGE = 4096  # Telegram's limit for one message's text
MAX_CALLBACK_DATA = 64  # bytes
MAX_CALLBACK_TEXT = 200  # answerCallbackQuery notification text


def esc(text: object) -> str:
    """Escape document/user text for Telegram HTML (quotes need no escaping outside attributes)."""
    return html.escape(str(text), quote=False)


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), never less than len()."""
    return len(text.encode("utf-16-le")) // 2


# -- splitting --------------------------------------------------------------------------------
_TOKEN = re.compile(r"<[^>]*>|&#?[0-9A-Za-z]+;|\n{2,}|\n|[ \t]+|[^<&\s]+|[\s\S]")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*>")


def visible_len(tok: str) -> int:
    """What one token of Telegram HTML counts against the 4,096 limit: Telegram counts the text
    after parsing (UTF-16 units), so a tag counts nothing and `&amp;` counts one."""
    if tok.startswith("<"):
        return 0
    if tok.startswith("&") and tok.endswith(";"):
        return tg_len(html.unescape(tok))
    return tg_len(tok)


def html_visible_len(text: str) -> int:
    return sum(visible_len(t) for t in _TOKEN.findall(text))


def _tokens(text: str, limit: int) -> list[str]:
    """Tags, entities, separators and words; a word too long to fit is chopped (never an entity)."""
    out: list[str] = []
    step = max(1, limit // 4)
    for tok in _TOKEN.findall(text):
        if len(tok) > step and not tok.startswith("<"):
            out.extend(tok[i:i + step] for i in range(0, len(tok), step))
        else:
            out.append(tok)
    return out


def _separator_rank(tok: str, depth: int) -> float:
    """Where a cut hurts least: between paragraphs, then lines, then words; outside tags first."""
    if tok.startswith("\n\n"):
        rank = 3.0
    elif tok == "\n":
        rank = 2.0
    elif tok.isspace():
        rank = 1.0
    else:
        return 0.0
    return rank + (0.5 if depth == 0 else 0.0)


def _apply(stack: list[tuple[str, str]], tok: str) -> list[tuple[str, str]]:
    m = _TAG.fullmatch(tok)
    if not m:
        return stack
    closing, name = m.group(1), m.group(2).lower()
    if not closing:
        return stack + [(name, tok)]
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == name:
            return stack[:i] + stack[i + 1:]
    return stack


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut Telegram HTML into messages of at most `limit` visible (UTF-16) characters.

    Measured as Telegram measures: the text after parsing, so tags and entities do not eat
    into the limit (measuring the HTML source split one 7.5k-character passage into 16
    messages).

    Cuts at paragraph boundaries when there is one, else at line ends, else between words;
    a cut inside a tag (a long <blockquote>) closes the open tags and reopens them in the next
    part, so every part is valid HTML on its own and no tag or entity is ever broken.
    """
    if html_visible_len(text) <= limit:
        return [text] if text.strip() else []
    tokens = _tokens(text, limit)
    parts: list[str] = []
    stack: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        prefix = "".join(t for _, t in stack)
        size = 0  # visible length: reopened tags, like all tags, count nothing
        st = stack
        j = i
        cuts: list[tuple[float, int, list[tuple[str, str]]]] = []
        while j < len(tokens):
            tok = tokens[j]
            nst = _apply(st, tok)
            if size + visible_len(tok) > limit:
                break
            size += visible_len(tok)
            st = nst
            j += 1
            rank = _separator_rank(tok, len(st))
            if rank and j > i + 1:
                cuts.append((rank, j, st, size))
        if j == len(tokens):
            cut, cut_stack = j, st
        elif cuts:
            # the best separator among those that fill at least half a message: cutting at the
            # first paragraph break made parts of a few words each (16 messages for 7.5k)
            full = [c for c in cuts if c[3] >= limit // 2] or cuts
            _, cut, cut_stack, _ = max(full, key=lambda c: (c[0], c[1]))
        elif j > i:
            cut, cut_stack = j, st
        else:  # cannot happen with sane limits (a token never exceeds limit/4); stay safe anyway
            raise ValueError("limit too small for the open tags")
        body = "".join(tokens[i:cut]).rstrip()
        part = prefix + body + _closing(cut_stack)
        if _visible(part).strip():
            parts.append(part)
        stack = cut_stack
        i = cut
        while i < len(tokens) and tokens[i].isspace():
            i += 1
    return parts


def _visible(part: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", part))


# -- callback data ----------------------------------------------------------------------------
# Self-contained and short so a button keeps working after a restart: no server-side state
# except the answer id, which lives in the SQLite store.

def cb_clause(doc_id: str, section: str) -> str | None:
    return _fit(f"c|{doc_id}|{section}")


def cb_source(doc_id: str) -> str | None:
    return _fit(f"s|{doc_id}")


def cb_changes(doc_id: str) -> str | None:
    """"Bản trước / Thay đổi": the changes from a document's earlier version (bot/uploads_telegram.py)."""
    return _fit(f"v|{doc_id}")


def cb_feedback(answer_id: str, helpful: bool) -> str | None:
    return _fit(f"f|{answer_id}|{int(helpful)}")


def _fit(data: str) -> str | None:
    return data if len(data.encode("utf-8")) <= MAX_CALLBACK_DATA else None


@dataclass(frozen=True)
class Button:
    text: str
    data: str


def answer_buttons(ans: Answer, answer_id: str | None, max_clauses: int = 3,
                   earlier: Iterable[str] = ()) -> list[list[Button]]:
    """Rows of buttons under an answer: whole clause per cited section, source per document,
    "Bản trước / Thay đổi" per cited document in `earlier` (ids with an earlier version), 👍/👎.

    A button whose data would exceed Telegram's 64 bytes is left out rather than shortened:
    a shortened address would open the wrong clause.
    """
    rows: list[list[Button]] = []
    seen_sections: list[tuple[str, str]] = []
    for c in ans.citations:
        if (c.doc_id, c.section) not in seen_sections:
            seen_sections.append((c.doc_id, c.section))
    clause_row = []
    if ans.kind != "clause":  # a clause answer already is the whole clause
        for doc_id, section in seen_sections[:max_clauses]:
            data = cb_clause(doc_id, section)
            if data:
                clause_row.append(Button(f"📄 Toàn văn {address_label(section, None)}", data))
    docs = list(dict.fromkeys(c.doc_id for c in ans.citations))
    source_row = [Button("ℹ️ Nguồn" if len(docs) == 1 else f"ℹ️ Nguồn [{n}]", d)
                  for n, d in enumerate((cb_source(doc) for doc in docs), start=1) if d]
    if clause_row:
        rows.append(clause_row)
    if source_row:
        rows.append(source_row[:3])
    earlier = set(earlier)
    changes_row = [Button("🕘 Bản trước / Thay đổi", d) for d in (cb_changes(doc) for doc in docs if doc in earlier) if d]
    if changes_row:
        rows.append(changes_row[:1] if len(docs) == 1 else changes_row[:2])
    if answer_id:
        up, down = cb_feedback(answer_id, True), cb_feedback(answer_id, False)
        if up and down:
            rows.append([Button("👍", up), Button("👎", down)])
    return rows


# -- rendering --------------------------------------------------------------------------------

def render_citation(c: Citation) -> str:
    passage = render_row_fields(c.fields) if getattr(c, "fields", None) else esc(c.text)
    return f"<b>[{c.n}]</b> <i>{esc(c.doc_title)}, {esc(c.label)}</i>\n<blockquote>{passage}</blockquote>"


def render_answer(ans: Answer) -> str:
    """Short extractive answer first, then each cited passage verbatim with where it stands."""
    blocks = [esc(ans.answer) if ans.kind != "clause" else f"<b>{esc(ans.answer)}</b>"]
    if ans.note:
        blocks.append(f"<i>{esc(ans.note)}</i>")
    if ans.citations:
        blocks.append("<b>Trích dẫn:</b>")
        blocks.extend(render_citation(c) for c in ans.citations)
    return "\n\n".join(blocks)


def common_address(sections: list[str]) -> str:
    """The address that holds all these units, spelled as the document spells it:
    ["III.1", "III.5"] → "III"; ["IV.4"] → "IV.4"."""
    if not sections:
        return ""
    parts = [s.split(".") for s in sections]
    common: list[str] = []
    for level in zip(*parts):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return ".".join(common) or sections[0]


def render_clause(citations: list[Citation], heading_of: Callable[[str, str], str]) -> str:
    """The whole clause for quoting: document, the heading path, then every unit verbatim."""
    if not citations:
        return ""
    first = citations[0]
    section_key = common_address([c.section for c in citations])
    title = heading_of(first.doc_id, section_key)
    lead = f"<b>Toàn văn {esc(address_label(section_key, None))}</b>"
    if title:
        lead += f" — {esc(title)}"
    blocks = [lead, f"<i>{esc(first.doc_title)}</i>"]
    shown = ""
    for c in citations:
        if c.heading and c.heading != shown:
            blocks.append(f"<b>{esc(c.heading)}</b>")
            shown = c.heading
        blocks.append(f"<i>{esc(c.label)}</i>\n<blockquote>{esc(c.text)}</blockquote>")
    return "\n\n".join(blocks)


INLINE_TITLE_MAX = 300  # characters of a document title shown under an inline passage
INLINE_LABEL_MAX = 200


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 2].rstrip() + " …"


def render_inline_passage(c: Citation) -> str:
    """What an inline result posts into a chat: the passage and its full citation.

    Title and label are clipped first, so the passage always has room; the passage is then
    cut to the longest prefix that fits (a binary search: the old shrink-by-10% loop never
    ended once the room was smaller than the ellipsis, e.g. under a 3,900-character title).
    """
    title, label = _clip(c.doc_title, INLINE_TITLE_MAX), _clip(c.label, INLINE_LABEL_MAX)
    tail = f"\n— <i>{esc(title)}, {esc(label)}</i>"
    # measured on the HTML source (stricter than Telegram's visible count): an inline result
    # is one message, and a cut a little early costs nothing there
    room = MAX_MESSAGE - tg_len(tail) - len("<blockquote></blockquote>") - 8
    text = c.text
    if tg_len(esc(text)) > room:
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if tg_len(esc(text[:mid])) + 2 <= room:
                lo = mid
            else:
                hi = mid - 1
        cut = text[:lo]
        if " " in cut[lo // 2:]:
            cut = cut.rsplit(" ", 1)[0]
        text = cut + " …"
    return f"<blockquote>{esc(text)}</blockquote>{tail}"


def render_source(doc: DocumentInfo, passages: int, loaded: bool) -> str:
    lines = [
        f"<b>{esc(doc.kind)} số {esc(doc.number)}</b>" + (" <i>(dự thảo)</i>" if doc.draft else ""),
        f"Ngày ban hành: {esc(format_date(doc.date))}",
        f"Cơ quan ban hành: {esc(doc.issuer)}",
        f"Trích yếu: {esc(doc.title)}",
    ]
    lines.append(f"Trạng thái: đã nạp ({passages} đoạn)" if loaded
                 else "Trạng thái: chưa nạp toàn văn (chỉ biết số hiệu, ngày, cơ quan ban hành)")
    return "\n".join(lines)


def format_date(iso: str) -> str:
    """"2023-11-24" → "24/11/2023"; a year alone ("2024") stays as it is."""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[1]}/{parts[0]}"
    return iso


EXAMPLES = (  # generic: they must make sense whatever documents are loaded
    "ai chu tri viec tuyen truyen",
    "Mục tiêu của kế hoạch là gì?",
    "mat tran to quoc phai lam gi",
    "điểm a khoản 1 Điều 5 quy định gì?",
)


def render_help(loaded: Iterable[DocumentInfo], not_loaded: Iterable[DocumentInfo], bot_username: str,
                is_admin: bool = False) -> str:
    loaded, not_loaded = list(loaded), list(not_loaded)
    lines = ["<b>Hỏi Nghị quyết</b> — trợ lý tra cứu văn bản của Đảng, trả lời kèm trích dẫn nguyên văn.", ""]
    lines.append("<b>Tài liệu đã nạp:</b>")
    lines += [f"• {esc(d.label)}" for d in loaded] or ["• (chưa có tài liệu nào)"]
    if not_loaded:
        lines += ["", "<b>Chưa nạp toàn văn</b> (chỉ biết số hiệu, ngày ban hành; không trả lời được nội dung):"]
        lines += [f"• {esc(d.label)}" for d in not_loaded]
    lines += [
        "",
        "<b>Cách hỏi:</b> gõ câu hỏi bình thường, <b>gõ không dấu cũng được</b>. Ví dụ:",
        *[f"• <code>{esc(e)}</code>" for e in EXAMPLES],
        "",
        "<b>Lệnh:</b>",
        "/muc <code>IV.4</code> — nguyên văn một mục để trích dẫn (ví dụ: /muc III.2, /muc II)",
        "/nhiemvu <code>UBND huyện</code> — mọi nhiệm vụ của một đơn vị (gõ không dấu cũng được)",
        "/thoihan <code>2030</code> — các mốc thời gian, thời hạn",
        "/tailieu — danh sách tài liệu và trạng thái",
        "/help — hướng dẫn này",
    ]
    if bot_username:
        lines.append(
            f"Trong nhóm: <code>/hoi câu hỏi</code>, nhắc @{esc(bot_username)} hoặc trả lời tin nhắn của bot. "
            f"Ở bất kỳ cuộc trò chuyện nào: gõ <code>@{esc(bot_username)} câu hỏi</code> để chèn trích dẫn."
        )
    if is_admin:
        lines += ["", "<b>Quản trị:</b> /reindex — lập lại chỉ mục; /stats — thống kê câu hỏi, góp ý và danh sách được cấp quyền; "
                  "/cap_quyen <code>mã số</code> — cấp quyền; /thu_hoi <code>mã số</code> — thu hồi quyền; "
                  "gửi tệp PDF, DOCX hoặc TXT cho bot (trò chuyện riêng) để nạp tài liệu; /tailieu để rút tài liệu khỏi kho"]
    lines += ["", "Bot chỉ trích nguyên văn tài liệu; khi tài liệu không có nội dung trả lời, bot sẽ nói rõ."]
    return "\n".join(lines)


def render_documents(docs: Iterable[DocumentInfo], counts: dict[str, int]) -> str:
    lines = ["<b>Tài liệu</b>"]
    for d in docs:
        n = counts.get(d.id, 0)
        status = f"✅ đã nạp, {n} đoạn" if n else "⏳ chưa nạp"
        lines.append(f"• {esc(d.label)} — {status}" + (" <i>(dự thảo)</i>" if d.draft else ""))
    return "\n".join(lines)


def render_unknown_clause(address: str, examples: list[str]) -> str:
    ex = ", ".join(f"<code>{esc(e)}</code>" for e in examples[:10])
    return (f"Không tìm thấy mục <b>{esc(address)}</b> trong các tài liệu đã nạp.\n"
            f"Các địa chỉ hợp lệ, ví dụ: {ex}.\nGõ /muc III để xem cả phần III, /muc IV.4 để xem một mục.")


def render_duties(rows: list[dict], actor_query: str) -> str:
    """Every duty of a body, grouped by passage, each with the place it stands."""
    if not rows:
        return f"Không tìm thấy nhiệm vụ của <b>{esc(actor_query)}</b> trong các tài liệu đã nạp."
    actors = list(dict.fromkeys(r["actor"] for r in rows))
    lines = [f"<b>Nhiệm vụ của {esc(', '.join(actors))}</b>"]
    for r in rows:
        tf = f" <i>({esc(r['timeframe'])})</i>" if r.get("timeframe") else ""
        lines.append(f"• <b>{esc(r['role'])}</b>: {esc(r['task'])}{tf}\n   <i>{esc(r['doc_title'])}, {esc(r['label'])}</i>")
    return "\n\n".join(lines)


def render_actor_list(actors: list[str]) -> str:
    items = "\n".join(f"• {esc(a)}" for a in actors)
    return ("Gõ /nhiemvu kèm tên đơn vị (có hoặc không dấu), ví dụ: <code>/nhiemvu mat tran to quoc</code>, "
            f"<code>/nhiemvu UBND huyện</code>.\n\n<b>Các đơn vị được giao việc:</b>\n{items}")


def render_deadlines(rows: list[dict], year: int | None) -> str:
    if not rows:
        return f"Không có mốc thời gian nào{f' cho năm {year}' if year else ''} trong các tài liệu đã nạp."
    head = f"<b>Mốc thời gian{f' năm {year}' if year else ''}</b>"
    lines = [head]
    for r in rows:
        lines.append(f"• <b>{esc(r['expression'])}</b> ({esc(r['kind_vi'])}): {esc(r['task'])}\n"
                     f"   <i>{esc(r['doc_title'])}, {esc(r['label'])}</i>")
    return "\n\n".join(lines)


def render_row_fields(fields: list[list[str]]) -> str:
    """A table row as a short record, one "<b>label</b>: value" line per cell (HTML-escaped):
    in a chat a row reads better by column than as one long "label: value; …" line."""
    lines = []
    for pair in fields:
        label, value = (pair[0], pair[1]) if len(pair) >= 2 else ("", pair[0] if pair else "")
        lines.append(f"<b>{esc(label)}</b>: {esc(value)}" if label else esc(value))
    return "\n".join(lines)
