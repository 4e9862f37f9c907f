"""The duties and deadlines registers as data: rows and the queries the engine asks of them.

Built at ingest by ingest/registers.py (which reads the documents) and read by the engine and the
bot, which never need the extraction machinery (underthesea, the grammar of assignments): keeping
the model here is what lets bot/ answer without importing ingest/.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from hoi.actors import match_actors

ROLES = ("chủ trì", "phối hợp", "chỉ đạo", "tham mưu", "thực hiện", "giám sát")
SUPPORTING_ROLE = "phối hợp"  # a body's share of another's task: listed after what it must do itself
DEADLINE_KINDS = ("year", "horizon", "date", "recurring", "stage", "duration")
FORMAT_VERSION = 1


# =============================================================================================
# Rows
# =============================================================================================

@dataclass
class DutyRow:
    """One assignment: a body, its role, and the task in the document's words."""

    actor: str  # canonical display name (NFC)
    actor_key: str  # stable id (slug of the folded canonical name)
    role: str  # one of ROLES
    task: str  # exact substring of `passage`
    timeframe: str | None
    doc_id: str
    section: str
    para: int | None
    passage: str  # the chunk's full text
    chunk_id: str
    partners: list[str] = field(default_factory=list)  # keys of the other bodies in the assignment
    start: int = 0  # offset of `task` in `passage`
    rule: str = ""  # which rule produced the row (for review and tests)
    implements: list[dict[str, Any]] = field(default_factory=list)  # set by link_chain


@dataclass
class DeadlineRow:
    """One time expression and the clause it governs."""

    expression: str  # the document's exact words, e.g. "đến năm 2030"
    kind: str  # one of DEADLINE_KINDS
    year: int | None
    date: str | None  # ISO (YYYY-MM-DD or YYYY-MM)
    recurrence: str | None  # "định kỳ", "thường xuyên", "hằng năm", …
    is_reference: bool  # True when the date only identifies a cited document
    task: str  # the clause it governs (document's words); for a reference, the citation
    doc_id: str
    section: str
    para: int | None
    passage: str
    chunk_id: str
    source: str = "text"  # "text" | "heading" (the expression is in a heading over this unit)
    heading: str | None = None  # the heading line, when source == "heading"
    refers_to: str | None = None  # number of the cited document (doc_id for its own date), when is_reference
    start: int | None = None  # offset of `expression` in `passage` (None for heading rows)


def _from_dict(cls, d: dict[str, Any]):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Registers:
    duties: list[DutyRow] = field(default_factory=list)
    deadlines: list[DeadlineRow] = field(default_factory=list)

    # -- persistence -----------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Plain dicts (saved as registers.json in the index)."""
        return {"version": FORMAT_VERSION,
                "duties": [asdict(r) for r in self.duties],
                "deadlines": [asdict(r) for r in self.deadlines]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "Registers":
        if not data:
            return cls()
        return cls([_from_dict(DutyRow, d) for d in data.get("duties", [])],
                   [_from_dict(DeadlineRow, d) for d in data.get("deadlines", [])])

    # -- queries ---------------------------------------------------------------------------
    def actors(self) -> dict[str, str]:
        """key -> display of every body with at least one duty, in document order."""
        return dict(self._by_actor()[0])

    def _by_actor(self) -> tuple[dict[str, str], dict[str, list[int]]]:
        """(key -> display, key -> its rows' positions), kept between questions: with 100k
        passages rebuilding them cost 30 ms a question. Rebuilt when rows were added since."""
        cached = self.__dict__.get("_actor_index")
        if cached is None or cached[0] != len(self.duties):
            names: dict[str, str] = {}
            rows: dict[str, list[int]] = {}
            for i, r in enumerate(self.duties):
                names.setdefault(r.actor_key, r.actor)
                rows.setdefault(r.actor_key, []).append(i)
            cached = self.__dict__["_actor_index"] = (len(self.duties), names, rows)
        return cached[1], cached[2]

    def duties_for(self, query: str | None, role: str | None = None) -> list[DutyRow]:
        """Duties of the bodies a question names (any wording, with or without diacritics).

        None or an empty query gives every duty. A question naming no known body gives [].
        """
        rows = self.duties
        if query and query.strip():
            names, positions = self._by_actor()
            keys = match_actors(query, names.keys())
            rows = [self.duties[i] for i in sorted(i for k in keys for i in positions.get(k, ()))]
        if role:
            rows = [r for r in rows if r.role == role]
        return list(rows)

    def deadlines_for(self, year: int | None, include_references: bool = False) -> list[DeadlineRow]:
        """Time expressions for a year (None: all), without document-identifying dates by default."""
        rows = [r for r in self.deadlines if include_references or not r.is_reference]
        if year is not None:
            rows = [r for r in rows if r.year == year]
        return rows


# =============================================================================================
# underthesea, loaded without its torch-based pipelines
# =============================================================================================
