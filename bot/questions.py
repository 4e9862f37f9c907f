"""Reading a question: what it points at, what kind of fact it wants, which document it names.

Pure functions of the question's text (and, for part names, the headings the caller passes in),
so the engine's decisions about a question can be read, and tested, apart from retrieval.
Everything matches on accent-folded words: cadres type "muc IV.4" as often as "mục IV.4".
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from hoi.quantities import asked_unit, has_quantity, states_unit
from hoi.text import has_diacritics, fold, nfc, syllables
from hoi.timex import has_day, has_time
from hoi.vocab import data_file

RE_ADDRESS = re.compile(
    r"\b(?:muc|phan|diem|khoan|dieu|chuong|section)\s+((?:[ivx]+|\d+)(?:\s*[.,]\s*(?:\d+|[a-z]))*)\b"
)
# "điểm c khoản 1 mục II", "khoản 2 thuộc phần III" → II.1.c, III.2
RE_SUB_OF_ROMAN = re.compile(r"\b(?:khoan|diem|tieu muc|muc)\s+(\d+)\s+(?:cua\s+|thuoc\s+|trong\s+)?(?:phan|muc)\s+([ivx]+)\b")
RE_SUB_OF_PART = re.compile(r"\b(?:muc|khoan|diem|y|tieu muc)\s+(\d+)\s+(?:cua\s+)?phan\s+(?:([ivx]+)\b)?")
SPECIAL_ADDRESSES = {
    "mở đầu": ("phan mo dau", "doan mo dau", "phan can cu"),
    "nơi nhận": ("phan noi nhan",),
    "tiêu đề": ("phan tieu de", "trich yeu"),
}
RE_POINT_BEFORE = re.compile(r"\bdiem\s+([a-z])\s+(?:cua\s+)?(?:khoan|muc|y)\b")
# "điểm b III.1", "III.1 điểm b": matched on the question as typed (lower case), so "điểm ở III.1"
# (the spot at III.1) has no point "o"
RE_POINT_AT_ITEM = re.compile(r"\b(?:điểm|diem)\s+([a-zđ])\s+(?:của\s+|cua\s+)?(?:mục\s+|muc\s+)?(?=[ivx]+\.\d)"
                              r"|\b[ivx]+\.\d+\s*,?\s+(?:điểm|diem)\s+([a-zđ])\b")
# "III.7 ctr 18 giao gì": a part.item address typed anywhere in the question, capitals as written
RE_DOTTED_ADDRESS = re.compile(r"(?<![\w.])((?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\d{1,2}(?:\.[a-zđ])?)(?![\w.])")
RE_BARE_ADDRESS = re.compile(r"^\s*((?:[IVX]+)(?:\.\d+)*(?:\.[a-z])?)\s*[?.!]*\s*$")
_Q = data_file("questions.toml")
DATA = _Q  # the parsed hoi/data/questions.toml, for the other modules of the question path
DOC_SUBJECT_VERBS = tuple(_Q["document"]["subject_verbs"])
# Questions about the document itself are answered from its parts, not by similarity.
DOC_PART_INTENTS: list[tuple[str, tuple[str, ...]]] = [(p["section"], tuple(p["phrases"])) for p in _Q["part"]]
DOC_FACT_WORDS = tuple(_Q["document"]["fact"])
SIGNER_WORDS = tuple(_Q["document"]["signer"])
# Any document reference in a question: "Nghị quyết 57", "NQ 05-NQ/TU", "Đề án 05-ĐA/TU".
def _doc_ref_pattern() -> re.Pattern[str]:
    """Any document reference in a question: a kind of document (hoi/data/doc_kinds.toml, names and
    short codes) and a number — "Nghị quyết 57", "QĐ 215", "Quy định 144", "Đề án 05-ĐA/TU"."""
    try:
        from hoi.doc_vocab import kinds

        # short codes only when they cannot be an ordinary syllable ("da" is also "đã")
        words = {" ".join(fold(k.name).split()) for k in kinds()} | \
                {fold(k.short) for k in kinds() if k.short and not set(fold(k.short)) & set("aeiouy")}
    except Exception:  # the data file is unreadable: the kinds every office uses
        words = set()
    words |= {"nghi quyet", "chuong trinh", "ke hoach", "de an", "quyet dinh", "chi thi", "ket luan", "huong dan",
              "nghi dinh", "thong tu", "luat", "qd", "ct", "kl", "hd", "nd"}
    alt = "|".join(sorted((re.escape(w) for w in words if w), key=len, reverse=True))
    return re.compile(rf"\b({alt})\s*(?:so\s*)?(\d{{1,4}})\b")


RE_DOC_REF = _doc_ref_pattern()
# "When", "which day" and "how many" questions need a passage that states a time, a day or a
# quantity (hoi.timex and hoi.quantities say what counts as one).
WHEN_WORDS = tuple(_Q["intent"]["when"])
DUE_NOT = tuple(_Q["intent"]["due_not"])
YEAR_WORDS = tuple(_Q["intent"]["year"])
WHEN_ALONE = tuple(_Q["intent"]["when_alone"])
WHEN_ALONE_NOT = tuple(sorted(_Q["intent"]["when_alone_not"], key=len, reverse=True))
DEFINITION_ENDINGS = tuple(sorted(_Q["intent"]["definition"], key=len, reverse=True))
LIST_PLURAL = frozenset(_Q["intent"]["list_plural"])
LIST_QUESTION = frozenset(_Q["intent"]["list_question"])
LIST_PHRASES = tuple(_Q["intent"]["list_phrases"])


def asks_list(question: str) -> bool:
    """"Những hành vi nào bị cấm?", "hồ sơ gồm những gì": the answer is a list, quoted whole."""
    f = folded_words(question)
    if has_phrase(f, LIST_PHRASES):
        return True
    words = f.split()
    return any(w in LIST_PLURAL and any(x in LIST_QUESTION for x in words[i + 1:i + 5])
               for i, w in enumerate(words))


DEFINITION_STARTS = tuple(sorted(_Q["intent"].get("definition_starts", []), key=len, reverse=True))
_LEAD_IN = re.compile(r"^(?:(?:theo|trong|tai|o)\s+(?:luat|ke hoach|chuong trinh|quyet dinh|nghi dinh|van ban|nghi quyet)"
                      r"(?:\s+nay)?\s+)?(?:thi\s+)?")
DATE_WORDS = tuple(_Q["intent"]["day"])
QUANTITY_WORDS = tuple(_Q["intent"]["quantity"])


def has_phrase(f: str, phrases: tuple[str, ...] | list[str]) -> bool:
    """Whether one of the phrases stands as whole words in `f` (a space-padded folded question)."""
    return any(f" {p} " in f for p in phrases)


def asks_when(f: str) -> bool:
    """Whether a folded, space-padded question asks for a time: a "when" phrase, or a bare
    "hạn" ("hạn nộp bc", "đề án … hạn khi nào") that is not part of another word ("quá hạn")."""
    if has_phrase(f, WHEN_WORDS):
        return True
    for p in WHEN_ALONE_NOT:
        f = f.replace(f" {p} ", " zz ")
    return has_phrase(f, WHEN_ALONE)


def asks_due(question: str) -> bool:
    """A "when / hạn" question that asks when something is due, not how often or in which stage."""
    f = folded_words(other_words_masked(question))
    return asks_when(f) and not has_phrase(f, DUE_NOT)


def asks_year(question: str) -> bool:
    """"… phải xong năm nào": the year is what is asked, not the day."""
    return has_phrase(folded_words(other_words_masked(question)), YEAR_WORDS)


def clean_question(text: str) -> str:
    """NFC, no control or zero-width characters, single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    return " ".join(text.split())




def folded_words(question: str) -> str:
    """" word word … " (space-padded, folded, punctuation dropped) for phrase tests."""
    return " " + " ".join(re.findall(r"[0-9a-z]+", fold(question))) + " "


def expanded_words(question: str) -> str:
    """Like folded_words, with abbreviations expanded ("NQ45" → "nghi quyet 45")."""
    return " " + " ".join(syllables(question)) + " "


def doc_part_intent(question: str) -> str | None:
    """The part of a document a question asks about as such: "ai ký" → the signature."""
    forms = (folded_words(question), expanded_words(question))  # "luật số bn" → "số bao nhiêu"
    for section, phrases in DOC_PART_INTENTS:
        if any(f" {p} " in f for p in phrases for f in forms):
            return section
    return None


def asks_doc_fact(question: str) -> bool:
    f = expanded_words(question)
    return any(f" {w} " in f for w in DOC_FACT_WORDS)


def unknown_references(question: str, known_keys: set[str], known_names: set[str] = frozenset()) -> list[str]:
    """Documents a question names that the manifest does not know ("Nghị quyết 57", "Luật Xuất
    bản"), as folded keys like "nghi quyet 57" / "luat xuat ban". A law is named by its title
    in capitals; it is foreign unless some known document's keys or title hold that name
    (`known_names`: folded titles and keys of every document, loaded or listed)."""
    f = " ".join(syllables(question))
    refs = []
    for m in RE_DOC_REF.finditer(f):
        key = f"{m.group(1)} {m.group(2)}"
        if not any(key in k or k.startswith(key) for k in known_keys):
            refs.append(key)
    for name in named_laws(question):
        if not any(name in k or k in name for k in known_names | known_keys if len(k.split()) >= 2):
            refs.append(name)
    return refs


_LAW_KINDS = ("bo luat", "luat", "phap lenh")


def named_laws(question: str) -> list[str]:
    """"Luật Xuất bản quy định …" → ["luat xuat ban"]: a law named by its title, its first word
    capitalised ("Bộ luật Lao động"); the kind and the title's first two syllables, folded. In
    lower case "luật" is the law in general ("theo luật này")."""
    words = re.findall(r"\w+", nfc(question))
    folded = [fold(w) for w in words]
    out = []
    for i in range(len(words)):
        two = " ".join(folded[i:i + 2])
        kind_len = 2 if two in _LAW_KINDS else 1 if folded[i] in _LAW_KINDS else 0
        j = i + kind_len
        if kind_len and words[i][:1].isupper() and j < len(words) and words[j][:1].isupper() \
                and not words[j].isdigit() and folded[j] not in ("nay", "so"):
            out.append(" ".join(folded[i:j + 2]))
    return out


def defined_term(question: str) -> str | None:
    """"Theo luật, thư viện cộng đồng được hiểu là gì?" → "thu vien cong dong" (folded): the term a
    definition question asks about, or None."""
    f = " ".join(re.findall(r"[0-9a-z]+", fold(question)))
    for start in DEFINITION_STARTS:  # longest first
        if f.startswith(start + " "):
            term = f[len(start):].strip()
            return term if 1 <= len(term.split()) <= 8 else None
    for ending in DEFINITION_ENDINGS:
        if f.endswith(" " + ending):
            term = _LEAD_IN.sub("", f[: -len(ending)].strip())
            return term if 1 <= len(term.split()) <= 8 else None
    return None


_QUESTION_SYLLABLES = {fold(w): nfc(w) for w in _Q["intent"]["question_syllables"]}


def other_words_masked(question: str) -> str:
    """The question with each syllable that folds to a question word's but was typed with other
    accents ("báo" of "báo giờ dự kiến") replaced by a neutral token."""
    def sub(m: re.Match[str]) -> str:
        w = m.group(0)
        want = _QUESTION_SYLLABLES.get(fold(w))
        return "zz" if want and has_diacritics(w) and w.lower() != want else w
    return re.sub(r"\w+", sub, nfc(question))


def states_what_is_asked(question: str, passage: str) -> bool:
    """A "when" question needs a passage that states a time, a "which day" one a day, a "how
    many" one a quantity. The question is read as typed and with shorthand expanded ("bn ngày")."""
    question = other_words_masked(question)
    f = folded_words(question) + expanded_words(question)  # the double space between: no phrase spans both
    counts = has_phrase(f, QUANTITY_WORDS)  # "mấy ngày mấy giờ" folds to hold "ngay may" (which day) too
    if has_phrase(f, DATE_WORDS) and not counts and not has_day(passage):
        return False
    if asks_when(f) and not has_time(passage):
        return False
    if has_phrase(f, QUANTITY_WORDS) and not has_quantity(passage):
        return False
    unit = asked_unit(question)  # "bao nhiêu tiền" needs an amount of money, not any number
    if unit and not states_unit(passage, unit):
        return False
    return True


def asks_about_document_itself(question: str, keys: list[str]) -> bool:
    """"Nghị quyết 45 quy định gì…" asks the missing text itself; "ai tuyên truyền Nghị
    quyết 45" asks the loaded plan about it. Facts the plan states about the missing
    document (its date, its issuer) are answered from the plan."""
    f = expanded_words(question)
    asks_signer = has_phrase(f, SIGNER_WORDS)
    if asks_doc_fact(question) and not asks_signer:
        return False
    for key in keys:
        pos = f.find(f" {key} ")
        if pos < 0:
            continue
        if asks_signer:
            return True  # only the document itself says who signed it
        after = f[pos + len(key) + 2:]
        if is_subject(f, key, {"theo", "trong", "tai"}) or any(
                after.startswith(v + " ") or after.strip() == v for v in DOC_SUBJECT_VERBS):
            return True
    return False


# State documents are cited smallest unit first ("điểm a khoản 1 Điều 20"), sometimes the other
# way round ("Điều 8 khoản 2"); cadres shorten "khoản 2 Điều 8" to "k2 d8" or "k2 đ8".
RE_STATE_ADDRESS = re.compile(
    r"\b(?:(?:diem|d)\s*([a-z])\s+)?(?:(?:khoan|k)\s*(\d{1,3})\s+(?:cua\s+)?)?(?:dieu|d)\s*(\d{1,4}[a-z]?)\b"
    r"(?:\s+(?:khoan|k)\s*(\d{1,3})\b(?:\s+(?:diem|d)\s*([a-z])\b)?)?")
RE_CHAPTER = re.compile(r"\bchuong\s+([ivxl]+|\d{1,2})\b")
# A table row: "phụ lục STT 4", "STT 4 phụ lục II", "nhiệm vụ số 4 trong phụ lục", "phu luc 01 stt 3".
RE_ROW_ADDRESS = re.compile(
    r"\b(?:phu luc|danh muc)\s*(?:so\s*)?([ivx]+|\d{1,2})?\s*(?:nhiem vu\s*)?(?:stt|so thu tu|so tt|hang|dong|nhiem vu so|muc)\s*(\d{1,3})\b"
    r"|\b(?:hang\s+|dong\s+)?(?:stt|so thu tu|so tt|hang|dong|nhiem vu so|muc)\s*(\d{1,3})\s+(?:cua\s+|trong\s+|tai\s+|o\s+)?"
    r"(?:phu luc|danh muc)\s*(?:so\s*)?([ivx]+|\d{1,2})?\b"
    r"|\b(?:stt|so thu tu|so tt)\s*(\d{1,3})\b")  # "STT" alone only numbers table rows


RE_ROW_WORD = re.compile(r"(?<!xep )(?<!hoi )\b(?:dong|hang)\s+(?:so\s+)?(\d{1,3})\s*(?:$|(?:trong|cua|o|tai|thuoc)\b|(?:ghi|noi|la|co)\s)"
                         r"|^\s*(?:dong|hang)\s+(?:so\s+)?(\d{1,3})\s+(?:bang|lich|phu luc|danh muc|bieu)\b")
RE_ROW_WORD_ACCENTED = re.compile(r"(?<!xếp )(?<!\w)(?:dòng|hàng)\s+(?:số\s+)?(\d{1,3})\s*(?:$|[?.!]|(?:trong|của|ở|tại|thuộc)(?!\w)|(?:ghi|nói|là|có)\s)"
                                  r"|^\s*(?:dòng|hàng)\s+(?:số\s+)?(\d{1,3})\s+(?:bảng|lịch|phụ lục|danh mục|biểu)(?!\w)")


# A row under a group row, its STT restarting in each group (eval/multidoc/SPEC.md: "Phụ lục I,
# STT II.3"): "STT II.3", "nhiệm vụ 3 nhóm II", "mục II số 3 phụ lục". Read only when the question
# speaks of a table ("phụ lục", "STT", "nhóm" …): "mục II.3" alone is a Party document's clause.
_ROW_WORD = r"(?:stt|so thu tu|so tt|dong|hang|nhiem vu(?: so)?|so)"
_GROUP_WORD = r"(?:nhom|muc|phan|linh vuc)"
RE_GROUP_ROW = [
    (re.compile(r"\b(?:stt|so thu tu|so tt)\s*([ivx]+)\s+(\d{1,3})\b"), 1, 2),
    (re.compile(rf"\b{_ROW_WORD}\s*(\d{{1,3}})\s+(?:(?:cua|trong|thuoc|o|tai)\s+)?{_GROUP_WORD}\s+([ivx]+)\b"), 2, 1),
    (re.compile(rf"\b{_GROUP_WORD}\s+([ivx]+)\s+(?:(?:cua|trong)\s+)?(?:(?:phu luc|danh muc)(?:\s+(?:[ivx]+|\d{{1,2}}))?\s+)?"
                rf"{_ROW_WORD}\s*(\d{{1,3}})\b"), 1, 2),
]
RE_TABLE_WORDS = re.compile(r"\b(?:phu luc|danh muc|stt|so thu tu|bang|nhom)\b")


def _grouped_row(f: str) -> str | None:
    if not RE_TABLE_WORDS.search(f):
        return None
    for pattern, g_group, g_n in RE_GROUP_ROW:
        m = pattern.search(f)
        if m:
            group, n = m.group(g_group).upper(), m.group(g_n)
            app = re.search(r"\b(?:phu luc|danh muc)\s+(?:so\s+)?([ivx]+|\d{1,2})\b", f)
            num = None
            if app and not m.start(g_group) <= app.start(1) < m.end(g_group):
                num = app.group(1).upper()  # "phụ lục I, STT II.3": the appendix's own numeral
            return f"Phụ lục{' ' + num if num else ''}, STT {group}.{n}"
    return None


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def find_structured_address(question: str) -> str | None:
    """A state-document or table address in a question, in the parser's form: "Điều 20.1.a",
    "Chương V", "Phụ lục, STT 4" / "Phụ lục II, STT 4"."""
    f = " ".join(re.findall(r"[0-9a-z]+", fold(question)))
    grouped = _grouped_row(f)
    if grouped:
        return grouped
    m = RE_ROW_ADDRESS.search(f)
    if not m:
        # "dòng số 12 trong lịch tổ chức học tập", "lich hoc tap dong 12": a row of a table named by
        # its title. Typed with accents only "dòng"/"hàng" count (not "đồng", "hạng", "hằng").
        row = RE_ROW_WORD_ACCENTED.search(question.lower()) if has_diacritics(question) else RE_ROW_WORD.search(f)
        if row:  # "dòng 9 lịch học tập là gì": the line, then the table's name
            return f"Phụ lục, STT {row.group(1) or row.group(2)}"
    if m:
        if m.group(2):
            num, stt = m.group(1), m.group(2)
        elif m.group(3):
            num, stt = m.group(4), m.group(3)
        else:
            num, stt = None, m.group(5)
        return f"Phụ lục{' ' + num.upper() if num else ''}, STT {stt}"
    m = RE_STATE_ADDRESS.search(f)
    if m and ("dieu" in m.group(0) or m.group(2) or m.group(4) or re.fullmatch(r"d\d+[a-z]?", m.group(0))):
        # "d8" / "đ8" typed glued is an article; "d 8" spaced is not enough
        point, clause, article, clause2, point2 = m.groups()
        clause, point = clause or clause2, point or point2
        return "Điều " + article + (f".{clause}" if clause else "") + (f".{point}" if clause and point else "")
    m = RE_CHAPTER.search(f)
    if m:
        num = m.group(1)
        return f"Chương {_roman(int(num)) if num.isdigit() else num.upper()}"  # "chuong 5" → Chương V
    return None


def find_address(question: str, part_by_name: Callable[[str], str | None]) -> str | None:
    """The address a question points at: "mục IV.4", "điểm 5 phần III", "khoản 2 phần Tổ
    chức thực hiện", "phần mở đầu". None when it asks about content instead. `part_by_name`
    turns the words after "phần" into a part's Roman numeral, from the document's own headings."""
    structured = find_structured_address(question)
    if structured:
        return structured
    f = " ".join(re.findall(r"[0-9a-z]+(?:\.[0-9a-z]+)*", fold(question).replace(",", ".")))
    point = RE_POINT_BEFORE.search(f)  # "điểm b khoản 2 phần II", "điểm b mục II.2" → II.2.b
    at_item = None if point else RE_POINT_AT_ITEM.search(nfc(question).lower())
    letter = point.group(1) if point else (at_item.group(1) or at_item.group(2)) if at_item else ""
    suffix = f".{fold(letter)}" if letter else ""
    m_roman = RE_SUB_OF_ROMAN.search(f)
    if m_roman:
        return f"{m_roman.group(2).upper()}.{m_roman.group(1)}{suffix}"
    m = RE_ADDRESS.search(f) or RE_BARE_ADDRESS.match(question) or RE_DOTTED_ADDRESS.search(question)
    if m and "." in m.group(1).replace(" ", ""):
        return m.group(1) + (suffix if not re.search(r"\.[a-z]$", m.group(1)) else "")
    m_sub = RE_SUB_OF_PART.search(f)
    if m_sub:
        part = m_sub.group(2) or part_by_name(f[m_sub.end():])
        if part:
            return f"{part}.{m_sub.group(1)}{suffix}"
    for special, names in SPECIAL_ADDRESSES.items():
        if any(f" {n} " in f" {f} " for n in names):
            return special
    m_part = re.search(r"\bphan\s+", f)
    if m_part:
        part = part_by_name(f[m_part.end():])
        if part:
            return part
    return m.group(1) if m else None


def is_subject(f: str, key: str, lead_words: set[str]) -> bool:
    """Whether a document named in a (folded, space-padded) question is what it is about: named
    first, or right after "theo", "trong", "của" …"""
    pos = f.find(f" {key} ")
    if pos < 0:
        return False
    before = f[:pos].split()
    return not before or before[-1] in lead_words


def normalise_address(address: str) -> str:
    """"iv . 4" / "IV,4" / "IV.4." → "iv.4" (a comparison key, not for display)."""
    a = fold(address).replace(",", ".").replace(" ", "").strip(".")
    return re.sub(r"\.+", ".", a)
