"""Word's automatic numbering, rendered as the text a reader sees ("1. ", "a) ", "Điều 3. ").

A plan typed in Word with automatic numbering has no "1." or "a)" in its text runs: Word draws
the numbers from word/numbering.xml at display time. The structure parser (ingest/parser.py)
finds parts, items, points and articles by those numbers at the start of a line, so without
them a numbered plan reads as one undivided body. This module rebuilds the numbers the way
Word counts them, so the DOCX loader can prefix each paragraph line with its number.

What is modelled (what real documents from Word, LibreOffice, pandoc and python-docx use):
- a paragraph's numbering comes from its own w:pPr/w:numPr, else from its style and the
  style's w:basedOn chain (numId and ilvl inherited separately); numId 0 switches it off; a
  style that gives a numId without an ilvl uses the level that names the style (w:lvl/w:pStyle);
- w:num -> w:abstractNum -> w:lvl (w:start, w:numFmt, w:lvlText, w:lvlRestart, w:isLgl), with
  w:lvlOverride (w:startOverride, or a whole replacement w:lvl), and list styles
  (w:numStyleLink) followed to the abstractNum that holds the levels;
- counters: w:num instances of one abstractNum continue one sequence, as in Word; an instance
  with a level override (Word's "Restart numbering") counts on its own from its override.
  A paragraph at level L advances L and restarts the levels below it (unless w:lvlRestart
  says otherwise);
- formats decimal, decimalZero, lower/upperLetter, lower/upperRoman; bullet is rendered "- "
  (Vietnamese documents use dash bullets and the parser reads "- " as a bullet); none renders
  nothing; anything else falls back to decimal;
- the tab or space Word puts after the number (w:suff) is one space.
Not modelled: hidden numbers (w:vanish), tracked numbering changes, legacy w:legacy fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = _W + "val"
_MAX_LEVEL = 8  # Word has nine levels, 0..8
_MAX_LINK_DEPTH = 4  # numStyleLink -> style -> num -> abstractNum hops followed
# Word writes letters up to 780 (30 z's); beyond, and for a hostile w:start, decimal keeps
# the prefix short.
_MAX_LETTER = 780
_RE_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]

Counters = dict[str, dict[int, int]]


@dataclass(frozen=True)
class Level:
    """One w:lvl: what its number starts at and how it is written."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""  # w:lvlText, "%1." style; "" when absent (Word then shows no number)
    restart: int | None = None  # w:lvlRestart: restart after this 1-based level; 0 = never
    legal: bool = False  # w:isLgl: every placeholder written in decimal ("1.1", not "I.a")
    pstyle: str | None = None  # the paragraph style this level is linked to


@dataclass
class _List:
    """A w:num resolved to its levels and to the counter sequence it advances."""

    key: str
    levels: dict[int, Level] = field(default_factory=dict)


def _int(el, default: int | None = None) -> int | None:
    if el is None:
        return default
    try:
        return int(el.get(_VAL, ""))
    except ValueError:
        return default


def _on(el) -> bool:
    """A w:ST_OnOff element: present and not switched off."""
    return el is not None and el.get(_VAL, "true") not in ("0", "false", "off")


def _level(lvl) -> Level:
    text_el = lvl.find(_W + "lvlText")
    fmt_el = lvl.find(_W + "numFmt")
    pstyle_el = lvl.find(_W + "pStyle")
    return Level(
        start=_int(lvl.find(_W + "start"), 1) or 0,
        fmt=(fmt_el.get(_VAL) if fmt_el is not None else None) or "decimal",
        text=(text_el.get(_VAL) if text_el is not None else None) or "",
        restart=_int(lvl.find(_W + "lvlRestart")),
        legal=_on(lvl.find(_W + "isLgl")),
        pstyle=pstyle_el.get(_VAL) if pstyle_el is not None else None,
    )


def _ilvl(el) -> int:
    try:
        return min(max(int(el.get(_W + "ilvl", "0")), 0), _MAX_LEVEL)
    except ValueError:
        return 0


def format_number(n: int, fmt: str) -> str:
    """A counter value in a w:numFmt; formats without a Latin rendering fall back to decimal."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= _MAX_LETTER:
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: y, z, aa, bb, ...
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        s = ""
        for v, r in _ROMAN:
            while n >= v:
                s += r
                n -= v
        return s if fmt == "lowerRoman" else s.upper()
    return str(n)


class Numbering:
    """Renders and counts the automatic numbers of one document, paragraph by paragraph.

    `prefix(p)` must be called once for every paragraph in document order (it advances the
    counters), table cells and text boxes included. A reader that reads some paragraphs
    tentatively and may read them again takes a `snapshot()` first and `restore()`s it.
    """

    def __init__(self, numbering_root, styles_root=None) -> None:
        self._abstract: dict[int, tuple[dict[int, Level], str | None]] = {}
        self._nums: dict[int, tuple[int, dict[int, tuple[int | None, Level | None]]]] = {}
        # styleId -> (basedOn, numId, ilvl) of paragraph and numbering styles
        self._styles: dict[str, tuple[str | None, int | None, int | None]] = {}
        self._default_style: str | None = None
        self._lists: dict[int, _List | None] = {}
        self._counters: Counters = {}
        if numbering_root is not None:
            self._read_numbering(numbering_root)
        if styles_root is not None:
            self._read_styles(styles_root)

    def _read_numbering(self, root) -> None:
        for an in root.iterchildren(_W + "abstractNum"):
            aid = _int_attr(an, "abstractNumId")
            if aid is None:
                continue
            levels = {_ilvl(lvl): _level(lvl) for lvl in an.iterchildren(_W + "lvl")}
            link = an.find(_W + "numStyleLink")
            self._abstract[aid] = (levels, link.get(_VAL) if link is not None else None)
        for num in root.iterchildren(_W + "num"):
            nid = _int_attr(num, "numId")
            aid = _int(num.find(_W + "abstractNumId"))
            if nid is None or aid is None:
                continue
            overrides: dict[int, tuple[int | None, Level | None]] = {}
            for ov in num.iterchildren(_W + "lvlOverride"):
                lvl = ov.find(_W + "lvl")
                overrides[_ilvl(ov)] = (_int(ov.find(_W + "startOverride")),
                                        _level(lvl) if lvl is not None else None)
            self._nums[nid] = (aid, overrides)

    def _read_styles(self, root) -> None:
        for st in root.iterchildren(_W + "style"):
            sid = st.get(_W + "styleId")
            if not sid or st.get(_W + "type", "paragraph") not in ("paragraph", "numbering"):
                continue
            based = st.find(_W + "basedOn")
            numpr = st.find(f"{_W}pPr/{_W}numPr")
            num_id = _int(numpr.find(_W + "numId")) if numpr is not None else None
            ilvl = _int(numpr.find(_W + "ilvl")) if numpr is not None else None
            self._styles[sid] = (based.get(_VAL) if based is not None else None, num_id, ilvl)
            if st.get(_W + "default") in ("1", "true", "on") and st.get(_W + "type") == "paragraph":
                self._default_style = sid

    # -- resolution ----------------------------------------------------------------------

    def _abstract_levels(self, aid: int, depth: int = 0) -> tuple[int, dict[int, Level]]:
        """The abstractNum that really holds the levels (list styles point elsewhere)."""
        levels, link = self._abstract.get(aid, ({}, None))
        if levels or not link or depth >= _MAX_LINK_DEPTH:
            return aid, levels
        num_id = self._style_numbering(link)[0]
        if num_id and num_id in self._nums:
            return self._abstract_levels(self._nums[num_id][0], depth + 1)
        return aid, levels

    def _list(self, num_id: int) -> _List | None:
        if num_id in self._lists:
            return self._lists[num_id]
        lst = None
        if num_id in self._nums:
            aid, overrides = self._nums[num_id]
            aid, levels = self._abstract_levels(aid)
            levels = dict(levels)
            for ilvl, (start, lvl) in overrides.items():
                base = lvl or levels.get(ilvl) or Level()
                levels[ilvl] = base if start is None else _replace_start(base, start)
            # Word's "Restart numbering" is a new w:num with an override: its own sequence.
            key = f"num:{num_id}" if overrides else f"abstract:{aid}"
            lst = _List(key=key, levels=levels)
        self._lists[num_id] = lst
        return lst

    def _style_numbering(self, style_id: str | None) -> tuple[int | None, int | None]:
        """(numId, ilvl) a style gives, each from the nearest style of its basedOn chain."""
        num_id = ilvl = None
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            based, n, lv = self._styles[style_id]
            num_id = n if num_id is None else num_id
            ilvl = lv if ilvl is None else ilvl
            style_id = based
        return num_id, ilvl

    def _paragraph_numbering(self, p) -> tuple[_List, int] | None:
        ppr = p.find(_W + "pPr")
        own_num = own_lvl = None
        style_id = None
        if ppr is not None:
            numpr = ppr.find(_W + "numPr")
            if numpr is not None:
                own_num = _int(numpr.find(_W + "numId"))
                own_lvl = _int(numpr.find(_W + "ilvl"))
            ps = ppr.find(_W + "pStyle")
            style_id = ps.get(_VAL) if ps is not None else None
        if style_id is None:
            style_id = self._default_style
        st_num, st_lvl = self._style_numbering(style_id)
        num_id = own_num if own_num is not None else st_num
        if not num_id:  # none anywhere, or numId 0: numbering switched off
            return None
        lst = self._list(num_id)
        if lst is None:
            return None
        ilvl = own_lvl if own_lvl is not None else st_lvl
        if ilvl is None:
            ilvl = next((i for i, lv in sorted(lst.levels.items()) if style_id and lv.pstyle == style_id), 0)
        return lst, min(max(ilvl, 0), _MAX_LEVEL)

    # -- counting and rendering ----------------------------------------------------------

    def prefix(self, p) -> str:
        """The number Word shows before paragraph `p` plus one space ("" when unnumbered);
        advances the counters."""
        found = self._paragraph_numbering(p)
        if found is None:
            return ""
        lst, ilvl = found
        level = lst.levels.get(ilvl)
        if level is None:
            return ""  # a level the list does not define: Word shows nothing
        state = self._counters.setdefault(lst.key, {})
        state[ilvl] = level.start if ilvl not in state else state[ilvl] + 1
        for deeper in [m for m in state if m > ilvl]:
            d = lst.levels.get(deeper) or Level()
            after = deeper if d.restart is None else min(d.restart, deeper)
            if ilvl < after:
                del state[deeper]
        if level.fmt == "bullet":
            return "- "
        if level.fmt == "none":
            return ""

        def value(m: re.Match) -> str:
            n = int(m.group(1)) - 1
            ref = lst.levels.get(n) or Level()
            # A level not used yet shows one below its start (Word's "0.1" under no heading 1).
            count = state.get(n, max(ref.start - 1, 0))
            return format_number(count, "decimal" if level.legal and ref.fmt not in ("bullet", "none") else ref.fmt)

        text = _RE_PLACEHOLDER.sub(value, level.text).strip()
        return text + " " if text else ""

    def snapshot(self) -> Counters:
        return {k: dict(v) for k, v in self._counters.items()}

    def restore(self, snap: Counters) -> None:
        self._counters = {k: dict(v) for k, v in snap.items()}


def _int_attr(el, name: str) -> int | None:
    try:
        return int(el.get(_W + name, ""))
    except ValueError:
        return None


def _replace_start(level: Level, start: int) -> Level:
    return replace(level, start=start)
