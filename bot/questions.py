"""Reading a question: what it points at, what kind of fact it wants, which document it names.

Pure functions of the question's text (and, for part names, the headings the caller passes in),
so the engine's decisions about a question can be read, and tested, apart from retrieval.
Everything matches on accent-folded words: cadres type "muc IV.4" as often as "mục IV.4".
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from hoi.text import fold, syllables

RE_ADDRESS = re.compile(
    r"\b(?:muc|phan|diem|khoan|dieu|chuong|section)\s+((?:[ivx]+|\d+)(?:\s*[.,]\s*(?:\d+|[a-z]))*)\b"
)
RE_SUB_OF_PART = re.compile(r"\b(?:muc|khoan|diem|y|tieu muc)\s+(\d+)\s+(?:cua\s+)?phan\s+(?:([ivx]+)\b)?")
SPECIAL_ADDRESSES = {
    "mở đầu": ("phan mo dau", "doan mo dau", "phan can cu"),
    "nơi nhận": ("phan noi nhan",),
    "tiêu đề": ("phan tieu de", "trich yeu"),
}
RE_BARE_ADDRESS = re.compile(r"^\s*((?:[IVX]+)(?:\.\d+)*(?:\.[a-z])?)\s*[?.!]*\s*$")
DOC_SUBJECT_VERBS = (
    "quy dinh", "dat ra", "de ra", "giao", "yeu cau", "neu", "xac dinh", "co bao nhieu", "chi tieu",
    "noi gi", "viet gi", "co noi dung", "gom nhung", "dat chi tieu", "co gi",
)
# Questions about the document itself are answered from its parts, not by similarity: "ai ký"
# shares no words with a signature block, and every passage of a plan says "kế hoạch".
DOC_PART_INTENTS: list[tuple[str, tuple[str, ...]]] = [
    ("chữ ký", ("ai ky", "nguoi ky", "do ai ky", "ky boi", "chu ky", "ky ten", "ai da ky")),
    ("nơi nhận", ("gui cho", "gui den", "gui toi", "noi nhan", "gui nhung", "nhung noi nao nhan", "gui ai")),
    ("nơi nhận", ("luu o dau", "luu tai dau", "luu tru o dau", "luu tai")),
    ("mở đầu", ("dia ban nao", "pham vi ap dung", "ap dung o dau", "ap dung tai dau", "ap dung cho dau",
               "ap dung tren dia ban", "pham vi thuc hien", "thuc hien o dau", "ai ban hanh ke hoach")),
    ("mở đầu", ("can cu van ban", "can cu vao van ban", "can cu nhung van ban", "can cu vao nhung van ban",
               "can cu ban hanh", "dua tren van ban", "dua tren nhung van ban", "thuc hien nhung van ban nao",
               "thuc hien van ban nao", "trien khai van ban nao", "trien khai nhung van ban nao", "co so ban hanh")),
    ("đầu văn bản", ("so hieu", "so may", "co quan ban hanh", "ai ban hanh", "ban hanh ngay", "ngay ban hanh",
                     "ban hanh khi nao", "ban hanh nam", "du thao", "don vi ban hanh")),
]
DOC_FACT_WORDS = ("ngay nao", "ngay may", "ban hanh ngay", "ngay ban hanh", "so hieu", "cua ai", "do ai ban hanh",
                  "co quan nao ban hanh", "khi nao ban hanh", "nam nao", "ten day du", "ten goi", "trich yeu",
                  "ten la gi", "ra ngay", "ban hanh khi nao", "ban hanh nam", "noi ve", "ve van de gi", "ve viec gi")
# Any document reference in a question: "Nghị quyết 57", "NQ 05-NQ/TU", "Đề án 05-ĐA/TU".
RE_DOC_REF = re.compile(
    r"\b(nghi quyet|chuong trinh|ke hoach|de an|quyet dinh|chi thi|ket luan|huong dan|nghi dinh|thong tu|luat|"
    r"qd|ct|kl|hd|nd)\s*(?:so\s*)?(\d{1,4})\b"
)
# "When" and "how many" questions need a passage that states a time or a quantity.
WHEN_WORDS = ("khi nao", "bao gio", "luc nao", "thoi han", "han chot", "bao lau", "vao ngay", "ngay nao", "ngay may",
              "thoi gian nao", "nam nao", "thang nao")
DATE_WORDS = ("vao ngay", "ngay nao", "ngay may", "thang nao")
RE_TIME = re.compile(r"\b(nam \d{4}|\d{1,2}/\d{1,2}(/\d{2,4})?|dinh ky|thuong xuyen|hang nam|hang quy|"
                     r"hang thang|quy [1-4i]+|so ket|tong ket|lau dai|truoc mat|giai doan)\b")
RE_DATE = re.compile(r"\b(\d{1,2}/\d{1,2}/\d{4}|ngay \d{1,2} thang \d{1,2})\b")
QUANTITY_WORDS = ("bao nhieu", "may nguoi", "so luong bao nhieu", "muc bao nhieu", "bao nhieu tien")
RE_QUANTITY = re.compile(r"\b\d+([.,]\d+)?\s*(%|phan tram|nguoi|ty|trieu|nghin|dong|tien si|thac si|lan|can bo|"
                         r"de tai|chuyen gia|nha khoa hoc)\b")


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
    f = folded_words(question)
    for section, phrases in DOC_PART_INTENTS:
        if any(f" {p} " in f for p in phrases):
            return section
    return None


def asks_doc_fact(question: str) -> bool:
    f = expanded_words(question)
    return any(f" {w} " in f for w in DOC_FACT_WORDS)


def unknown_references(question: str, known_keys: set[str]) -> list[str]:
    """Documents a question names that the manifest does not know ("Nghị quyết 57"), as folded
    keys like "nghi quyet 57"."""
    f = " ".join(syllables(question))
    refs = []
    for m in RE_DOC_REF.finditer(f):
        key = f"{m.group(1)} {m.group(2)}"
        if not any(key in k or k.startswith(key) for k in known_keys):
            refs.append(key)
    return refs


def states_what_is_asked(question: str, passage: str) -> bool:
    """A "when" question needs a passage that states a time, a "how many" one a quantity."""
    f = folded_words(question)
    text = " ".join(re.findall(r"[0-9a-z/]+", fold(passage)))
    if any(f" {w} " in f for w in DATE_WORDS) and not RE_DATE.search(text):
        return False
    if any(f" {w} " in f for w in WHEN_WORDS) and not RE_TIME.search(text):
        return False
    if any(f" {w} " in f for w in QUANTITY_WORDS) and not RE_QUANTITY.search(text):
        return False
    return True


def asks_about_document_itself(question: str, keys: list[str]) -> bool:
    """"Nghị quyết 45 quy định gì…" asks the missing text itself; "ai tuyên truyền Nghị
    quyết 45" asks the loaded plan about it. Facts the plan states about the missing
    document (its date, its issuer) are answered from the plan."""
    f = expanded_words(question)
    asks_signer = " ai ky " in f or " nguoi ky " in f
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


def find_address(question: str, part_by_name: Callable[[str], str | None]) -> str | None:
    """The address a question points at: "mục IV.4", "điểm 5 phần III", "khoản 2 phần Tổ
    chức thực hiện", "phần mở đầu". None when it asks about content instead. `part_by_name`
    turns the words after "phần" into a part's Roman numeral, from the document's own headings."""
    f = " ".join(re.findall(r"[0-9a-z]+(?:\.[0-9a-z]+)*", fold(question).replace(",", ".")))
    m = RE_ADDRESS.search(f) or RE_BARE_ADDRESS.match(question)
    if m and "." in m.group(1).replace(" ", ""):
        return m.group(1)
    m_sub = RE_SUB_OF_PART.search(f)
    if m_sub:
        part = m_sub.group(2) or part_by_name(f[m_sub.end():])
        if part:
            return f"{part}.{m_sub.group(1)}"
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
