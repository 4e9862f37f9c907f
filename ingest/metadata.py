"""What a document says about itself: kind, number, date, issuer, level, title, draft, and the
documents its preamble implements.

Vietnamese Party and state documents open with a fixed layout (Hướng dẫn 36-HD/VPTW, Nghị định
30/2020/NĐ-CP): the issuing body on the left ("ĐẢNG BỘ TỈNH …" over "HUYỆN ỦY …", or
"ỦY BAN NHÂN DÂN / HUYỆN …"), "Số 12-KH/HU" or "Số: 215/QĐ-UBND", "<place>, ngày … tháng …
năm …", the kind in capitals on the title line with the trích yếu under it, "(Dự thảo)" on a
draft, and a preamble naming what the document implements ("Căn cứ / Thực hiện … số 45-NQ/TW
ngày …"). So an office never has to type that into a manifest: it is read here, and whatever
could not be read is said, field by field, in Vietnamese.

The vocabulary (kinds and their codes, issuer words, levels) is data: hoi/data/doc_kinds.toml
and hoi/data/levels.toml, read through hoi.doc_vocab.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from hoi import doc_vocab as vocab
from hoi.text import clean_spaces, fold

from .parser import ParsedDocument

HEAD_LINES = 40  # the header block and title stand in the first lines of any real document
RE_NUMBER_LINE = re.compile(r"^(?:(?:Luật|Bộ luật|Pháp lệnh|LUẬT|BỘ LUẬT)\s+)?(?:Số|SỐ|số)\s*:?\s*(.*)$")
RE_NUMBER = re.compile(r"^(\d+)?\s*((?:/\s*\d{4}\s*)?[-/]\s*[A-Za-zĐđ][\wĐđ]*(?:\s*[-/]\s*[\wĐđ]+)*)")
RE_DATE = re.compile(
    r"ngày\s*(\d{1,2})?[\s.…_]*tháng\s*(\d{1,2})?[\s.…_]*năm\s*(\d{4})", re.IGNORECASE)
RE_SHORT_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
RE_PLACE_DATE = re.compile(r"^(.{2,40}?),\s*ngày\b")
RE_DRAFT = re.compile(r"\(\s*dự\s*thảo\s*\)|^dự\s*thảo\b", re.IGNORECASE)
RE_PAREN = re.compile(r"\([^)]*\)")
# "…, Ban Thường vụ Huyện ủy ban hành Kế hoạch …": who issues, in the preamble's own words
RE_ISSUES = re.compile(r"(?:^|[,;:]\s*)([^,;:]{3,80}?)\s+ban hành\b")
REF_NUMBER = r"(\d+(?:\s*/\s*\d{4})?\s*[-/]\s*[A-Za-zĐđ][\wĐđ]*(?:\s*[-/]\s*[\wĐđ]+)*)"
REF_TAIL = re.compile(
    r"^\s*(?:ngày\s*(?:(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})))?"
    r"(?:\s*(?:của|do)\s+([^,;(“\"]+?)(?=\s+(?:về|trên|thực hiện|ban hành|như|và|đã|đến|[Tt]hực hiện|[Cc]ăn cứ)\b|[,;(“\"]|\.\s|\.?$))?",
)
REF_TITLE = re.compile(r"^\s*về\s*(?:việc\s*)?[“\"]([^”\"]{3,400})[”\"]")
ISSUER_STOP = (" về ", " trên ", " thực hiện ", " ban hành ", " như ")


@dataclass
class Reference:
    """A document named by another one's title or preamble, with only what that text says."""

    number: str
    kind: str
    date: str  # ISO, or "" when not stated
    date_text: str  # as written, "24/11/2023"
    issuer: str
    title: str

    @property
    def key(self) -> str:
        return number_key(self.number)


@dataclass
class Facts:
    """What was read from one document. Empty strings mean "could not read"."""

    kind: str = ""
    kind_short: str = ""
    number: str = ""  # "12-KH/HU"; "…-KH/HU" when the number is left blank (a draft)
    number_blank: bool = False
    date: str = ""  # ISO "2024-03-05", or "2024" when day and month are blank
    date_text: str = ""  # "05/3/2024" as the document writes it ("" when not a full date)
    issuer: str = ""  # readable case, "Ban Thường vụ Huyện ủy Phụng Hiệp"
    level: str = ""
    title: str = ""  # the trích yếu, without the kind word
    draft: bool = False
    references: list[Reference] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # Vietnamese, one per field not read
    notes: list[str] = field(default_factory=list)  # Vietnamese, things read with a doubt

    @property
    def signed(self) -> bool:
        return bool(self.number) and not self.number_blank and not self.draft


# -- small helpers ---------------------------------------------------------------------------

def number_key(number: str) -> str:
    """How numbers are compared: folded, no spaces, case-free ("45-NQ/TW" = "45-nq/tw")."""
    return re.sub(r"\s+", "", fold(number)).replace("…", "")


def slug(text: str, limit: int = 60) -> str:
    """A safe id part: ASCII letters, digits and single hyphens."""
    s = re.sub(r"[^0-9a-z]+", "-", fold(text).lower()).strip("-")
    return s[:limit].strip("-")


def number_parts(number: str) -> tuple[str, list[str]]:
    """"12-KH/HU" → ("12", ["KH", "HU"]); "30/2020/NĐ-CP" → ("30", ["2020", "NĐ", "CP"])."""
    m = re.match(r"^\s*(\d*)\s*(.*)$", number.replace("…", ""))
    assert m
    rest = [t for t in re.split(r"\s*[-/]\s*", m.group(2)) if t]
    return m.group(1), rest


def kind_of_number(number: str) -> vocab.Kind | None:
    _, parts = number_parts(number)
    for p in parts:
        k = vocab.kind_by_code(p)
        if k:
            return k
    return None


def issuer_code_of(number: str) -> str:
    _, parts = number_parts(number)
    codes = [p for p in parts if not p.isdigit() and not vocab.kind_by_code(p)]
    return codes[-1] if codes else ""


def make_id(kind_short: str, number: str, stem: str) -> str:
    """Stable and safe: from the kind and the number ("kh27-hu", "qd215-ubnd", "luat18-2026-qh16"),
    or from the file name when the number is blank (a draft) or unreadable."""
    num, parts = number_parts(number) if number else ("", [])
    if num:
        rest = [p for p in parts if not (vocab.kind_by_code(p) and fold(p) == fold(_code_of(kind_short, p)))]
        base = slug(f"{kind_short or 'vb'}{num}-{'-'.join(rest)}")
        if base:
            return base
    return slug(stem) or "tai-lieu"


def _code_of(kind_short: str, code: str) -> str:
    k = vocab.kind_by_code(code)
    return code if k and k.short == kind_short else ""


def aliases_for(kind: str, number: str) -> list[str]:
    """How cadres name it in a question: "kế hoạch 27", "kế hoạch số 27", "kh 27", "kh27"."""
    num, _ = number_parts(number) if number else ("", [])
    k = vocab.kind_by_name(kind)
    if not num or not kind:
        return []
    out = [f"{kind.lower()} {num}", f"{kind.lower()} số {num}"]
    if k:
        out += [f"{k.short} {num}", f"{k.short}{num}"]
    return list(dict.fromkeys(out))


def cite_as(kind: str, number: str, number_blank: bool, date_text: str, date: str, issuer: str,
            draft: bool) -> str:
    """"Kế hoạch số 27-KH/HU ngày 10/4/2025 của Ban Thường vụ Huyện ủy Hòa Bình Tây"."""
    text = kind or "Văn bản"
    if number and not number_blank:
        text += f" số {number}"
    elif number:
        text += f" {number}"
    if date_text:
        text += f" ngày {date_text}"
    elif date and number_blank is False and len(date) == 4:
        text += f" năm {date}"
    if draft:
        text += " (dự thảo)"
    if issuer:
        text += f" của {issuer}"
    return text


def readable_issuer(upper: str) -> str:
    """"ỦY BAN NHÂN DÂN HUYỆN THANH LÂM" → "Ủy ban nhân dân huyện Thanh Lâm": the words of a
    body's name as the vocabulary writes them, other words (place names) capitalised."""
    words = vocab.normalise_case_variants(clean_spaces(upper)).split()
    known = sorted(((w.split(), w) for w in vocab.readable_words()), key=lambda p: -len(p[0]))
    out: list[str] = []
    i = 0
    while i < len(words):
        for parts, form in known:
            n = len(parts)
            if [x.lower() for x in words[i:i + n]] == [x.lower() for x in parts]:
                out.append(form)
                i += n
                break
        else:
            w = words[i]
            out.append(w[:1].upper() + w[1:].lower() if w.isupper() or w.islower() else w)
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _issuer_from_block(lines: list[str]) -> str:
    """The issuer is the last complete name in the header's left block; a line that does not
    start a name ("HUYỆN THANH LÂM" under "ỦY BAN NHÂN DÂN") continues the one above."""
    heads = sorted((h.split() for h in vocab.issuer_heads()), key=lambda p: -len(p))
    words: list[str] = []
    for line in lines:
        words += vocab.normalise_case_variants(RE_PAREN.sub(" ", line)).split()
    starts: list[tuple[int, int]] = []  # (position, head length)
    i = 0
    while i < len(words):
        for h in heads:
            if [w.upper() for w in words[i:i + len(h)]] == h:
                starts.append((i, len(h)))
                i += len(h)
                break
        else:
            i += 1
    if not starts:
        return " ".join(words)
    # a segment is complete when it holds a word beyond its head ("ĐẢNG BỘ TỈNH HẬU GIANG");
    # "BAN THƯỜNG VỤ" right before "HUYỆN ỦY …" is part of the next name
    segments: list[list[str]] = []
    pending: list[str] = words[:starts[0][0]]
    for n, (pos, hlen) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(words)
        seg = pending + words[pos:end]
        if end - pos > hlen or n + 1 == len(starts):
            segments.append(seg)
            pending = []
        else:
            pending = seg
    return " ".join(segments[-1]) if segments else " ".join(words)


def _date_from(text: str) -> tuple[str, str]:
    """(ISO date or year, "d/m/yyyy" as written or "")."""
    m = RE_DATE.search(text)
    if not m:
        return "", ""
    d, mth, y = m.group(1), m.group(2), m.group(3)
    if d and mth and 1 <= int(d) <= 31 and 1 <= int(mth) <= 12:
        return f"{y}-{int(mth):02d}-{int(d):02d}", f"{d}/{mth}/{y}"
    return y, ""


def _strip_kind(title: str) -> tuple[str, vocab.Kind | None]:
    up = vocab.normalise_case_variants(title)
    for word, kind in vocab.title_words():
        if up.startswith(word) and (len(up) == len(word) or not up[len(word)].isalpha()):
            return clean_spaces(title[len(word):]), kind
    return clean_spaces(title), None


def _sentence_case(text: str) -> str:
    if _is_upper(text):
        low = text.lower()
        return low[:1].upper() + low[1:]
    return text


# -- references -------------------------------------------------------------------------------

def find_references(text: str) -> list[Reference]:
    """Documents named by number in a title or preamble: "Chương trình số 227-CTr/TU ngày
    12/01/2024 của Ban Chấp hành Đảng bộ tỉnh về …", "Nghị định số 30/2020/NĐ-CP"."""
    names = sorted({k.name for k in vocab.kinds()}, key=len, reverse=True)
    pattern = re.compile(r"(?:(" + "|".join(re.escape(n) for n in names) + r")\s+)?(?:số\s*:?\s*)" + REF_NUMBER
                         + r"|(" + "|".join(re.escape(n) for n in names) + r")\s+" + REF_NUMBER, re.IGNORECASE)
    out: list[Reference] = []
    seen: set[str] = set()
    for m in pattern.finditer(text):
        kind_word = m.group(1) or m.group(3) or ""
        number = re.sub(r"\s+", "", m.group(2) or m.group(4) or "")
        num, parts = number_parts(number)
        if not num or not parts:
            continue
        kind = vocab.kind_by_name(kind_word) if kind_word else None
        kind = kind or kind_of_number(number)
        if kind is None and not kind_word:
            continue  # "số 12/2024" without a kind or a known code is not a document number
        key = number_key(number)
        tail = text[m.end():m.end() + 400]
        t = REF_TAIL.match(tail)
        date = date_text = issuer = ""
        after = 0
        if t:
            if t.group(3):
                date, date_text = f"{t.group(3)}-{int(t.group(2)):02d}-{int(t.group(1)):02d}", \
                    f"{t.group(1)}/{t.group(2)}/{t.group(3)}"
            elif t.group(6):
                date, date_text = f"{t.group(6)}-{int(t.group(5)):02d}-{int(t.group(4)):02d}", \
                    f"{t.group(4)}/{t.group(5)}/{t.group(6)}"
            issuer = clean_spaces(t.group(7) or "")
            after = t.end()
        tm = REF_TITLE.match(tail[after:])
        title = clean_spaces(tm.group(1)) if tm else ""
        if key in seen:
            for r in out:  # a second mention may say more ("… (viết tắt là Nghị quyết số 45-NQ/TW)")
                if r.key == key:
                    r.date, r.date_text = r.date or date, r.date_text or date_text
                    r.issuer, r.title = r.issuer or issuer, r.title or title
            continue
        seen.add(key)
        out.append(Reference(number, kind.name if kind else kind_word.capitalize(), date, date_text, issuer, title))
    return out


# -- the reader -------------------------------------------------------------------------------

def read_facts(parsed: ParsedDocument, text: str) -> Facts:
    """Everything the header, title, preamble and signature of one parsed document say."""
    f = Facts()
    title_chunk = next((c for c in parsed.chunks if c.kind == "title"), None)
    head_end = title_chunk.start if title_chunk else len(text)
    lines = [clean_spaces(l) for l in text[:head_end].split("\n")]
    lines = [l for l in lines if l][:HEAD_LINES]
    header = parsed.header

    # number and draft
    raw_number = ""
    for line in lines:
        m = RE_NUMBER_LINE.match(line)
        if m and not raw_number:
            raw_number = RE_DRAFT.sub("", m.group(1)).strip()
    if not raw_number and header.number:
        raw_number = header.number
    f.draft = bool(header.draft) or any(RE_DRAFT.search(l) for l in lines)
    if title_chunk and RE_DRAFT.search(title_chunk.text):
        f.draft = True
    if raw_number:
        m = RE_NUMBER.match(raw_number.lstrip("…. "))
        if m:
            core = re.sub(r"\s+", "", m.group(2))
            if m.group(1):
                f.number = m.group(1) + core
            else:
                f.number, f.number_blank = "…" + core, True
    if not f.number:
        f.missing.append("không đọc được số hiệu")
    elif f.number_blank:
        f.notes.append("số hiệu để trống (bản dự thảo?)")

    # kind: the title line first, the number's code otherwise
    title_text = title_chunk.text if title_chunk else header.title
    title_rest, kind = _strip_kind(title_text or "")
    code_kind = kind_of_number(f.number) if f.number else None
    if kind is None:
        kind = code_kind
        if not title_text:
            f.missing.append("không đọc được tên loại và trích yếu (dòng tiêu đề)")
    elif code_kind and code_kind != kind:
        f.notes.append(f"tên loại trên tiêu đề ({kind.name}) khác mã trong số hiệu ({code_kind.name})")
    if kind:
        f.kind, f.kind_short = kind.name, kind.short
    else:
        f.missing.append("không đọc được loại văn bản")
    f.title = _title_of(title_chunk, text, title_rest, kind)
    f.title = RE_DRAFT.sub("", f.title).strip()
    if not f.title:
        f.missing.append("không đọc được trích yếu")

    # date: the place-and-date line, else the first date line of the head
    date_line = header.place_date or next((l for l in lines if RE_PLACE_DATE.match(l)), "")
    f.date, f.date_text = _date_from(date_line) if date_line else ("", "")
    if not f.date:
        # a law states it at the end: "… thông qua ngày 28 tháng 6 năm 2024"
        m = re.search(r"thông qua\s+(ngày[^.;]{5,40}năm\s*\d{4})", text)
        if m:
            f.date, f.date_text = _date_from(m.group(1))
    if not f.date:
        f.missing.append("không đọc được ngày ban hành")
    elif not f.date_text:
        f.notes.append(f"ngày ban hành chỉ có năm {f.date}")

    # issuer: the left block, made readable, with the body that issues for it
    block = [l for l in lines if _is_upper(l) and not RE_NUMBER_LINE.match(l) and not _is_motto(l)
             and not RE_DRAFT.search(l) and re.search(r"[^\W\d_]", l)]
    if not block and header.issuer_lines:
        block = list(header.issuer_lines)
    upper = _issuer_from_block(block) if block else ""
    if not upper and kind and kind.name in ("Luật", "Bộ luật"):
        upper = "QUỐC HỘI" if "quốc hội" in text.lower() else ""
    f.issuer = readable_issuer(upper) if upper else ""
    if f.issuer:
        body = _issuing_body(parsed, f.issuer)
        if body:
            f.issuer = f"{body} {f.issuer}"
        f.level = vocab.level_of_issuer(f.issuer)
        if not f.level:
            f.missing.append("không xác định được cấp ban hành")
    else:
        f.missing.append("không đọc được cơ quan ban hành")
        f.level = vocab.level_of_code(issuer_code_of(f.number)) if f.number else ""

    # what it implements: the documents its title and preamble name
    own = number_key(f.number) if f.number and not f.number_blank else None
    preamble = "; ".join(c.text for c in parsed.chunks if c.kind in ("title", "preamble"))
    f.references = [r for r in find_references(preamble) if r.key != own]
    return f


def _is_motto(line: str) -> bool:
    low = fold(line)
    return "cong hoa" in low or "doc lap" in low or low.startswith("dang cong san")


def _title_of(title_chunk, text: str, title_rest: str, kind: vocab.Kind | None) -> str:
    """The trích yếu: the title lines after the kind word, without a trailing line in capitals
    that names who decides ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN …" under a quyết định's title)."""
    if title_chunk is None:
        return _sentence_case(title_rest)
    raw = [clean_spaces(l) for l in text[title_chunk.start:title_chunk.end].split("\n")]
    raw = [l for l in raw if l]
    if raw:
        first, _ = _strip_kind(raw[0])
        raw = ([first] if first else []) + raw[1:]
    keep: list[str] = []
    for i, line in enumerate(raw):
        if i > 0 and _is_upper(line) and keep and not _is_upper(keep[-1]):
            break  # an authority line after a lower-case trích yếu
        keep.append(line)
    out = clean_spaces(" ".join(keep)) or title_rest
    return _sentence_case(out)


def _issuing_body(parsed: ParsedDocument, issuer: str) -> str:
    """"Ban Thường vụ" when the body that issues for the issuer is named: in the signature
    ("T/M BAN THƯỜNG VỤ") or the preamble ("…, Ban Thường vụ Huyện ủy ban hành Kế hoạch …")."""
    subs = vocab.sub_bodies()
    low_issuer = issuer.lower()
    if any(low_issuer.startswith(s.lower()) for s in subs):
        return ""
    sign = " ".join(c.text for c in parsed.chunks if c.kind == "signature")
    m = re.search(r"\b(?:T/M|TM\.?)\s+(.{3,40})", vocab.normalise_case_variants(sign))
    if m:
        said = m.group(1).lower()
        for s in subs:
            if said.startswith(s.lower()):
                return s
    pre = " ".join(c.text for c in parsed.chunks if c.kind == "preamble")
    head = fold(issuer).split()[:2]
    for m in RE_ISSUES.finditer(vocab.normalise_case_variants(pre)):
        said = m.group(1).strip().lower()
        for s in subs:
            # only when the rest names this issuer ("Ban Chấp hành Đảng bộ tỉnh" is not "Tỉnh ủy …")
            if said.startswith(s.lower()) and fold(said[len(s):]).split()[:2] == head:
                return s
    return ""


def fold_title(title: str) -> str:
    """A title as compared between versions: folded, punctuation and spacing dropped."""
    return " ".join(re.findall(r"[0-9a-z]+", fold(unicodedata.normalize("NFC", title)).lower()))
