"""Vietnamese text helpers.

Display text is always Unicode NFC. Accent folding (NFD, drop combining marks, đ→d) is only
for matching: users type on phones without diacritics, and the lexical index must treat
"trách nhiệm" and "trach nhiem" as the same syllables.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_TOKEN = re.compile(r"[0-9a-z]+", re.ASCII)

# Abbreviations cadres type, expanded (folded) so both forms match. The documents mostly
# spell these out; a question "nhiem vu cua UBND huyen" must still find "Ủy ban nhân dân".
ABBREVIATIONS: dict[str, str] = {
    "mttq": "mat tran to quoc",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "btv": "ban thuong vu",
    "btvhu": "ban thuong vu huyen uy",
    "btvtu": "ban thuong vu tinh uy",
    "bch": "ban chap hanh",
    "btg": "ban tuyen giao",
    "btghu": "ban tuyen giao huyen uy",
    "nq": "nghi quyet",
    "ctr": "chuong trinh",
    "kh": "ke hoach",
    "cb": "can bo",
    "cc": "cong chuc",
    "vc": "vien chuc",
    "cbccvc": "can bo cong chuc vien chuc",
    "llct": "ly luan chinh tri",
    "khcn": "khoa hoc va cong nghe",
    "kh&cn": "khoa hoc va cong nghe",
    "dbscl": "dong bang song cuu long",
    "tw": "trung uong",
    "ctxh": "chinh tri xa hoi",
    "nq45": "nghi quyet 45",
    "ctr227": "chuong trinh 227",
    "khkt": "khoa hoc ky thuat",
    "khxh": "khoa hoc xa hoi",
    "gd": "giao duc",
    "gddt": "giao duc dao tao",
    "dt": "dao tao",
    "qlnn": "quan ly nha nuoc",
    "ndd": "nguoi dung dau",
    # phone chat shorthand
    "vs": "voi",
    "ko": "khong",
    "k": "khong",
    "hk": "khong",
    "hok": "khong",
    "kh0ng": "khong",
    "dc": "duoc",
    "j": "gi",
    "ntn": "nhu the nao",
    "ng": "nguoi",
    "tg": "thoi gian",
    "z": "vay",
    "zay": "vay",
    "dzay": "vay",
    "hem": "khong",
    "hong": "khong",
    "kg": "khong",
}


# Abbreviations that are also ordinary syllables once folded ("hư", "từ"): expanded only when
# typed in capitals, as cadres write them ("BTG HU", "Tỉnh ủy" → "TU").
UPPER_ABBREVIATIONS: dict[str, str] = {
    "HU": "huyen uy",
    "TU": "tinh uy",
    "DU": "dang uy",
    "BTGHU": "ban tuyen giao huyen uy",
    "BTGTU": "ban tuyen giao tinh uy",
    "BDVHU": "ban dan van huyen uy",
    "VPHU": "van phong huyen uy",
    "MT": "mat tran",
    "DT": "doan the",
    "KH": "ke hoach",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """Collapse tabs, NBSP and runs of spaces; drop zero-width characters."""
    return _WS.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form used only for matching."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d").replace("Đ", "d")


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def accented_syllables(text: str) -> list[str]:
    """Lower-case syllables with their diacritics, for questions typed with accents.

    Folding merges "đá" (football) with "đã" and "đa"; when the user did type accents, matching
    them exactly is the more precise signal.
    """
    return [w for w in re.findall(r"\w+", nfc(text).lower()) if has_diacritics(w)]


def syllables(text: str) -> list[str]:
    """Folded syllables (and numbers) of a text, abbreviations expanded in place."""
    return list(_syllables(text))


@lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    """Cached: every answer folds the same passage sentences, register tasks and document names
    again (a third of an answer's time before the cache)."""
    out: list[str] = []
    for word in re.findall(r"[\w&]+", nfc(text)):
        if word in UPPER_ABBREVIATIONS:
            out.extend(UPPER_ABBREVIATIONS[word].split())
            continue
        out.extend(_folded_syllables(fold(word).replace("&", "")))
    return tuple(out)


def _folded_syllables(raw: str) -> list[str]:
    out: list[str] = []
    for tok in re.findall(r"[0-9a-z]+", raw):
        exp = ABBREVIATIONS.get(tok)
        if exp:
            out.extend(exp.split())
            continue
        # "nq57" -> "nq", "57" -> "nghi quyet 57"
        for part in re.findall(r"[a-z]+|[0-9]+", tok):
            out.extend(ABBREVIATIONS.get(part, part).split())
    return out


def lexical_tokens(text: str) -> list[str]:
    """Tokens for the BM25 index: folded syllables plus adjacent-syllable bigrams.

    Vietnamese words are mostly two syllables ("tuyên truyền"), so bigrams stand in for a word
    segmenter while staying identical for accented and accent-free input (a segmenter trained on
    accented text splits "tuyen truyen" differently from "tuyên truyền").
    """
    syl = syllables(text)
    return syl + [f"{a}_{b}" for a, b in zip(syl, syl[1:])] + [f"~{w}" for w in accented_syllables(text)]


# Function words that carry no topic: used to measure how much of a question a passage covers.
STOPWORDS = frozenset(
    """ai gi nao la cua va voi cac nhung cho trong tren duoc co khong the nhu nay do thi ma
    se da dang phai nhieu lam sao tai vi de ve theo hay hoac mot moi tung den tu
    nhe a oi khi nao gio o dau the nao gom nhung nhu the cho biet hoi xin
    cau hoi toi em anh minh hoi vay voi ay day nhi ha""".split()
)
# The same function words with their accents: for a question typed with accents, "báo" (report)
# and "bao" (how much), "ban" (board) and "bạn" (you) are different words.
ACCENTED_STOPWORDS = frozenset(
    """ai gì nào là của và với các những cho trong trên được có không thể như này đó thì mà
    sẽ đã đang phải bao nhiêu làm sao tại vì để về theo hay hoặc một mỗi từng đến từ
    nhé à ơi khi giờ ở đâu thế gồm chỉ biết hỏi xin câu tôi em anh chị mình bạn vậy ấy
    đây nhỉ hả ạ nhỉ""".split()
)
# Words about the document rather than its content ("kế hoạch có nói về … không"): left out when
# measuring how much of a question a passage covers.
META_WORDS = frozenset("noi nhac ghi cap ke hoach nay".split())


def content_syllables(text: str) -> list[str]:
    return [s for s in syllables(text) if s not in STOPWORDS]


def sentences(text: str) -> list[str]:
    """Split a passage into sentences for the extractive answer (keeps ';' clauses whole)."""
    parts = re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ0-9“\"(])", text)
    return [p.strip() for p in parts if p.strip()]
