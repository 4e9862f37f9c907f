"""The records that travel between ingest, the index and the answer engine."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Chunk:
    """One meaningful unit of a document: a paragraph, bullet or point, never a window.

    `section` is the address a propagandist quotes ("III.2", "IV.4", "Điều 5.2.a"); `para` is
    the unit's position inside that section (1-based) when the section has several units.
    `text` is the passage as it stands in the source, with only runs of white space folded
    and the leading list marker removed; `start`/`end` point into the source text.
    """

    doc_id: str
    section: str
    para: int | None
    heading_path: list[str]
    text: str
    start: int
    end: int
    kind: str = "body"  # header | title | preamble | body | heading | recipients | signature
    page: int | None = None
    piece: int | None = None  # set when an over-long unit had to be split at sentences

    @property
    def chunk_id(self) -> str:
        p = "" if self.para is None else str(self.para)
        q = "" if self.piece is None else f".{self.piece}"
        return f"{self.doc_id}|{self.section}|{p}{q}"

    @property
    def heading(self) -> str:
        return " › ".join(self.heading_path)

    def index_text(self) -> str:
        """What gets embedded and lexically indexed: the heading path gives the unit context."""
        return f"{self.heading}\n{self.text}" if self.heading_path else self.text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["chunk_id"] = self.chunk_id
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Chunk":
        d = {k: v for k, v in d.items() if k != "chunk_id"}
        return cls(**d)


@dataclass
class DocumentInfo:
    """A manifest entry (see corpus/manifest.toml)."""

    id: str
    number: str
    kind: str
    date: str
    issuer: str
    title: str
    level: str
    implements: list[str] = field(default_factory=list)
    file: str = ""
    status: str = "not_available"
    draft: bool = False
    cite_as: str = ""
    aliases: list[str] = field(default_factory=list)

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def label(self) -> str:
        return self.cite_as or f"{self.kind} số {self.number}"
