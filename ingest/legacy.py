"""Detect and convert pre-Unicode Vietnamese encodings: TCVN3 (ABC) and VNI.

Many Party and state documents from the 1990s-2000s were typed in the ABC fonts (.VnTime,
.VnTimeH: the TCVN3 / TCVN 5712:1993 VN3 code table) or the VNI fonts (VNI-Times). The bytes
are ordinary Windows-1252 characters that only look Vietnamese through the right font, so a
loader sees "ViÖt Nam" (TCVN3) or "Vieät Nam" (VNI) instead of "Việt Nam". Text like that
indexes as garbage and no question can ever match it, so it must be converted or refused.

How the code tables work (after decoding the bytes as Windows-1252, i.e. as they reach us from
a .txt, from Word's XML or from a PDF text layer):

* TCVN3 is single-byte: every Vietnamese lower-case letter has its own code in 0xA1-0xFE, but
  of the accented capitals only Ă Â Ê Ô Ơ Ư Đ do. Capitals were typed in the companion
  .VnTimeH font, which draws the *lower-case* codes as capitals. Plain text loses the font, so
  case is restored by a heuristic: a word whose ASCII letters are all capitals (at least two of
  them) is a capitals word, and a line with no ASCII lower-case letter and at least one such
  word is a capitals line ("§¶NG Bé TØNH HËU GIANG" -> "ĐẢNG BỘ TỈNH HẬU GIANG"). An isolated
  accented capital in mixed-case text ("ñy ban") cannot be told from lower case and comes out
  lower case ("ủy ban"); that is a limit of TCVN3 itself, not of the converter.
* VNI is double-byte: a base letter followed by one mark character carrying the tone and/or
  the circumflex/breve ("aù" = á, "aá" = ấ, "aé" = ắ); ơ/ư, đ and the toned i / ỵ are single
  characters ("ô" = ơ, "ö" = ư, "ñ" = đ, "ò" = ị, "î" = ỵ). Capitals have their own codes
  ("AÙ" = Á), so VNI converts without loss.

Detection never trusts single characters, because most of the code points involved (é, ê, ô,
ù, ...) are also ordinary letters of Unicode Vietnamese. Instead every word that contains a
non-ASCII character is checked against the structure of a Vietnamese syllable (onset, rhyme,
at most one tone, stop endings only with sắc/nặng) as read directly, as TCVN3 and as VNI; an
encoding is chosen only when it turns clearly more words into syllables than reading the text
as Unicode does and clearly beats the other legacy encoding. Lines holding characters that only
Unicode Vietnamese has (ạ, ư, đ, ...) are never touched, so a document that mixes Unicode and
legacy paragraphs is converted line by line, and a Unicode document is never converted.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# -- TCVN3 (ABC) ------------------------------------------------------------------------------
# Code (as the Windows-1252 / Latin-1 character it arrives as) -> Unicode, in code order.
# Gaps (0xAF, 0xB0-0xB4, 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF) are not letters
# in the ABC fonts and pass through unchanged.
_TCVN3_PAIRS = (
    "\u00a1Ă \u00a2Â \u00a3Ê \u00a4Ô \u00a5Ơ \u00a6Ư \u00a7Đ "
    "\u00a8ă \u00a9â \u00aaê \u00abô \u00acơ \u00adư \u00aeđ "
    "\u00b5à \u00b6ả \u00b7ã \u00b8á \u00b9ạ "
    "\u00bbằ \u00bcẳ \u00bdẵ \u00beắ "
    "\u00c6ặ \u00c7ầ \u00c8ẩ \u00c9ẫ \u00caấ \u00cbậ "
    "\u00ccè \u00ceẻ \u00cfẽ \u00d0é \u00d1ẹ "
    "\u00d2ề \u00d3ể \u00d4ễ \u00d5ế \u00d6ệ "
    "\u00d7ì \u00d8ỉ \u00dcĩ \u00ddí \u00deị "
    "\u00dfò \u00e1ỏ \u00e2õ \u00e3ó \u00e4ọ "
    "\u00e5ồ \u00e6ổ \u00e7ỗ \u00e8ố \u00e9ộ "
    "\u00eaờ \u00ebở \u00ecỡ \u00edớ \u00eeợ "
    "\u00efù \u00f1ủ \u00f2ũ \u00f3ú \u00f4ụ "
    "\u00f5ừ \u00f6ử \u00f7ữ \u00f8ứ \u00f9ự "
    "\u00faỳ \u00fbỷ \u00fcỹ \u00fdý \u00feỵ"
)
TCVN3_TO_UNICODE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
assert len(TCVN3_TO_UNICODE) == 7 + 7 + 5 * 12, "TCVN3 table must cover 7 capitals + 67 lower-case letters"

# -- VNI (VNI-Windows) ------------------------------------------------------------------------
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
# Mark characters (lower-case form; the upper-case form means the same) -> combining marks.
_VNI_TONE = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRC = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
# Which marks may follow which base (lower-case base as it appears in VNI text).
_VNI_BASES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {}


def _vni_marks(*groups: tuple[dict[str, str], str]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for table, shape in groups:
        for mark, tone in table.items():
            out[mark] = (shape, tone)
    return out


_VNI_BASES.update(
    {
        "a": ("a", _vni_marks((_VNI_TONE, ""), (_VNI_CIRC, _CIRC), (_VNI_BREVE, _BREVE))),
        "e": ("e", _vni_marks((_VNI_TONE, ""), (_VNI_CIRC, _CIRC))),
        "o": ("o", _vni_marks((_VNI_TONE, ""), (_VNI_CIRC, _CIRC))),
        "ô": ("o", _vni_marks((_VNI_TONE, _HORN))),  # "ô" is ơ in VNI
        "u": ("u", _vni_marks((_VNI_TONE, ""))),
        "ö": ("u", _vni_marks((_VNI_TONE, _HORN))),  # "ö" is ư in VNI
        "y": ("y", _vni_marks((_VNI_TONE, ""))),  # ỵ is the single "î"; "yï" accepted too
    }
)
# Letters VNI writes as one character (lower-case; the capital form maps to the capital).
_VNI_SINGLE_LOWER = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
VNI_SINGLE: dict[str, str] = {**_VNI_SINGLE_LOWER, **{k.upper(): v.upper() for k, v in _VNI_SINGLE_LOWER.items()}}
_VNI_MARK_CHARS = frozenset(
    m for table in (_VNI_TONE, _VNI_CIRC, _VNI_BREVE) for k in table for m in (k, k.upper())
)
VNI_CHARS = frozenset(VNI_SINGLE) | _VNI_MARK_CHARS
TCVN3_CHARS = frozenset(TCVN3_TO_UNICODE)
LEGACY_CHARS = VNI_CHARS | TCVN3_CHARS

# Characters that exist only in Unicode Vietnamese (outside Latin-1): a line holding one is
# Unicode, whatever else it contains.
_UNICODE_ONLY = re.compile(
    "[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]"
)
# Latin-1 letters that Unicode Vietnamese uses; legacy characters outside this set are "strong"
# evidence (µ, ¸, ®, Ö, ä, û, ...).
_VIET_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_NON_LETTER_LEGACY = "".join(sorted(c for c in LEGACY_CHARS if not c.isalpha()))
_WORD = re.compile(r"(?:[^\W\d_]|[" + re.escape(_NON_LETTER_LEGACY) + r"])+")
_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")

# -- Vietnamese syllable structure ------------------------------------------------------------
_TONE_MARKS = {_ACUTE: "sac", _GRAVE: "huyen", _HOOK: "hoi", _TILDE: "nga", _DOT: "nang"}
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"([ou]?(?:uyê|iê|yê|uô|ươ|ưa|ia|ya|ua|oo|[aăâeêioôơuưy]))"
    r"(ch|ng|nh|[cmnptiyou])?"
)


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether `word` can be one Vietnamese syllable (permissive, but rejects legacy garbage).

    Checks letters (only the Vietnamese alphabet), one tone at most, a valid onset + rhyme
    shape, and that -c/-ch/-p/-t endings carry sắc or nặng, as they must in Vietnamese.
    """
    d = unicodedata.normalize("NFD", word.lower())
    tones = [_TONE_MARKS[c] for c in d if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
    m = _SYLLABLE.fullmatch(base)
    if not m:
        return False
    if m.group(2) in ("c", "ch", "p", "t") and tones and tones[0] not in ("sac", "nang"):
        return False
    return True


# -- converters -------------------------------------------------------------------------------


def decode_vni(text: str) -> str:
    """Convert VNI text to NFC Unicode (lossless; capitals have their own VNI codes)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        low = ch.lower()
        base = _VNI_BASES.get(low)
        if base is not None and i + 1 < n:
            marks = base[1]
            nxt = text[i + 1].lower()
            if nxt in marks:
                shape, tone = marks[nxt]
                letter = unicodedata.normalize("NFC", base[0] + shape + tone)
                out.append(letter.upper() if ch != low else letter)
                i += 2
                continue
        single = VNI_SINGLE.get(ch)
        out.append(single if single is not None else ch)
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def decode_tcvn3(text: str) -> str:
    """Convert TCVN3 (ABC) text to NFC Unicode, restoring capitals typed in .VnTimeH fonts.

    Works line by line because the capitals heuristic looks at the whole line (see module doc).
    """
    return "\n".join(_decode_tcvn3_line(line) for line in text.split("\n"))


def _decode_tcvn3_line(line: str) -> str:
    words = [m for m in _WORD.finditer(line) if any(c in TCVN3_CHARS for c in m.group())]
    if not words:
        return line

    def capitals_word(w: str) -> bool:
        return len(_ASCII_UPPER.findall(w)) >= 2 and not _ASCII_LOWER.search(w)

    line_upper = not _ASCII_LOWER.search(line) and any(capitals_word(m.group()) for m in words)
    out: list[str] = []
    pos = 0
    for m in words:
        out.append(line[pos : m.start()])
        upper = line_upper or capitals_word(m.group())
        for c in m.group():
            u = TCVN3_TO_UNICODE.get(c)
            out.append(c if u is None else (u.upper() if upper else u))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)


_DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni}
_WORD_DECODERS = {
    "tcvn3": lambda w: "".join(TCVN3_TO_UNICODE.get(c, c) for c in w),
    "vni": decode_vni,
}
ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}

# -- detection --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Detection:
    """What `detect_legacy` found. `encoding` is None when the text is (treated as) Unicode."""

    encoding: str | None
    uncertain: bool  # looks legacy, but no table reads it convincingly: refuse, don't guess
    mixed: bool  # a real share of the lines are genuine Unicode Vietnamese: convert line by line
    words: int  # non-ASCII words examined (in lines without Unicode-only characters)
    valid: dict[str, int]  # how many of them are Vietnamese syllables: unicode / tcvn3 / vni


def _line_scores(line: str) -> tuple[int, dict[str, int]]:
    words = [w for w in _WORD.findall(line) if not w.isascii()]
    valid = {"unicode": 0, "tcvn3": 0, "vni": 0}
    for w in words:
        valid["unicode"] += is_syllable(w)
        for enc, dec in _WORD_DECODERS.items():
            valid[enc] += is_syllable(dec(w))
    return len(words), valid


MAX_SAMPLE_LINES = 4000
MIXED_SHARE = 0.1


def detect_legacy(text: str) -> Detection:
    """Decide whether `text` (NFC, "\\n" lines) is TCVN3, VNI, Unicode, or can't be told.

    Only lines without Unicode-only characters are examined (an even sample of at most
    MAX_SAMPLE_LINES of them). The document is "mixed" when more than MIXED_SHARE of its
    non-ASCII lines hold Unicode-only characters. A legacy table is chosen when,
    over those lines, it reads at least 80 % of the non-ASCII words as syllables, gains at least
    half of them over reading the text as Unicode, and beats the other legacy table by at least
    10 % of them. The text is "uncertain" when at least 5 words and 40 % of them are not
    syllables read as Unicode, yet no table qualifies.
    """
    total = 0
    valid = {"unicode": 0, "tcvn3": 0, "vni": 0}
    unicode_lines = 0
    candidates: list[str] = []
    for line in text.split("\n"):
        if _UNICODE_ONLY.search(line):
            unicode_lines += 1
        elif not line.isascii():
            candidates.append(line)
    # A legacy document with a stray Unicode line or two (a signature block retyped) is still
    # converted as a whole; only a real share of Unicode lines makes it "mixed".
    mixed = unicode_lines > MIXED_SHARE * (unicode_lines + len(candidates))
    if len(candidates) > MAX_SAMPLE_LINES:  # an even sample keeps a huge file fast
        step = len(candidates) / MAX_SAMPLE_LINES
        candidates = [candidates[int(i * step)] for i in range(MAX_SAMPLE_LINES)]
    for line in candidates:
        n, v = _line_scores(line)
        total += n
        for k in valid:
            valid[k] += v[k]
    if total == 0:
        return Detection(None, False, mixed, 0, valid)
    best, other = sorted(("tcvn3", "vni"), key=lambda e: valid[e], reverse=True)
    gain = valid[best] - valid["unicode"]
    if (
        valid[best] >= 0.8 * total
        and gain >= max(1, 0.5 * total)
        and valid[best] - valid[other] >= max(1, 0.1 * total)
    ):
        return Detection(best, False, mixed, total, valid)
    bad = total - valid["unicode"]
    uncertain = bad >= 5 and bad >= 0.4 * total
    return Detection(None, uncertain, mixed, total, valid)


def convert_lines(text: str, detection: Detection) -> tuple[str, int]:
    """Apply the detected table to `text`; return the new text and how many lines changed.

    Lines holding Unicode-only characters are never touched. In a legacy document every other
    line is converted. In a mixed document a line is converted
    only if the table reads more of its words as
    syllables than Unicode does (or as many, when the line has characters that are not
    Vietnamese letters at all, like µ or ®). Deterministic per line, so a PDF can be
    converted page by page with one document-wide detection and keep its page offsets right.
    """
    enc = detection.encoding
    if enc is None:
        return text, 0
    decode = _DECODERS[enc]
    table_chars = TCVN3_CHARS if enc == "tcvn3" else VNI_CHARS
    out: list[str] = []
    changed = 0
    for line in text.split("\n"):
        if line.isascii() or _UNICODE_ONLY.search(line):
            out.append(line)
            continue
        if detection.mixed:
            _, v = _line_scores(line)
            strong = any(c in table_chars and c not in _VIET_LATIN1 for c in line)
            if not (v[enc] > v["unicode"] or (strong and v[enc] >= v["unicode"])):
                out.append(line)
                continue
        new = decode(line)
        changed += new != line
        out.append(new)
    return "\n".join(out), changed


class LegacyEncodingUncertain(ValueError):
    """The text seems to use a pre-Unicode table, but none reads it convincingly."""


def fix_legacy(text: str) -> tuple[str, list[str]]:
    """Detect and convert in one step: (Unicode NFC text, Vietnamese warnings).

    Raises LegacyEncodingUncertain rather than guessing: a wrong conversion silently ruins
    every answer drawn from the document, a refusal costs the operator one Unikey conversion.
    """
    text = unicodedata.normalize("NFC", text)
    det = detect_legacy(text)
    if det.uncertain:
        raise LegacyEncodingUncertain(
            "Văn bản có vẻ dùng bảng mã cũ (TCVN3/VNI) nhưng không nhận ra chắc chắn là bảng mã nào; "
            "hãy chuyển sang Unicode bằng Unikey rồi nạp lại."
        )
    new, changed = convert_lines(text, det)
    return new, warnings_for(det, changed)


def warnings_for(detection: Detection, changed_lines: int) -> list[str]:
    """The Vietnamese warning that reports a conversion (empty when nothing was converted)."""
    if detection.encoding is None or changed_lines == 0:
        return []
    name = "TCVN3" if detection.encoding == "tcvn3" else "VNI"
    scope = f" ({changed_lines} dòng)" if detection.mixed else ""
    return [
        f"Đã chuyển mã {name} sang Unicode{scope} — văn bản gõ bằng {ENCODING_NAMES[detection.encoding]}; "
        "nên kiểm tra lại vài đoạn và lưu bản Unicode để dùng về sau."
    ]
