"""The records that travel between ingest, the index and the answer engine."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
import re
from typing import Any

# "Quy chế, Điều 5.2" / "Quy chế, Chương II" / "Quy chế, tiêu đề": an address inside a text of
# articles attached to a decision, whose article numbers restart (eval/multidoc/SPEC.md).
RE_ATTACHED_ADDRESS = re.compile(r"^([^,]{2,40}), ((?:Điều|Chương)\b.*|tiêu đề)$")


def split_attached(section: str) -> tuple[str, str]:
    """("Quy chế", "Điều 5.2") for an attached text's address, ("", section) for any other."""
    m = RE_ATTACHED_ADDRESS.match(section)
    return (m.group(1), m.group(2)) if m else ("", section)


@dataclass
class Chunk:
    """One meaningful unit of a document: a paragraph, bullet or point, never a window.

    `section` is the address a propagandist quotes ("III.2", "IV.4", "Điều 5.2.a"); `para` is
    the unit's position inside that section (1-based) when the section has several units.
    `text` is the passage as it stands in the source, with only runs of white space folded
    and the leading list marker removed; `start`/`end` point into the source text.

    A table row (kind "row") is one passage per data row: `text` is its cells labelled by the
    table's own header ("Nội dung nhiệm vụ: …; Cơ quan chủ trì: …"), `start`/`end` span the
    row's line in the source, and `fields` holds the same (label, value) pairs so registers and
    renderers read a row by column instead of re-parsing its text. None for every other kind.
    """

    doc_id: str
    section: str
    para: int | None
    heading_path: list[str]
    text: str
    start: int
    end: int
    kind: str = "body"  # header | title | preamble | body | heading | row | recipients | signature
    page: int | None = None
    piece: int | None = None  # set when an over-long unit had to be split at sentences
    fields: list[list[str]] | None = None  # table rows: [label, value] per non-empty cell

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
        # indexes written before a field existed load with its default; unknown keys are ignored
        names = set(cls.__dataclass_fields__)
        d = {k: v for k, v in d.items() if k in names}
        return cls(**d)


@dataclass
class DocumentInfo:
    """One document the assistant knows: read from the file itself (ingest/metadata.py), with
    corpus/manifest.toml overriding what it sets, or known only from the manifest or another
    document's preamble (no `file`).

    `inferred` names the fields read from the document rather than the manifest; `version`
    counts from 1 along `supersedes` (the earlier version's id); a document with
    `superseded_by` is kept as history: answers cite the current one, `--doc` still reaches it.
    `loaded_at` is when this file's content first entered the index (ISO, UTC).
    """

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
    version: int = 1
    supersedes: str = ""
    superseded_by: str = ""
    inferred: list[str] = field(default_factory=list)
    loaded_at: str = ""

    @property
    def is_current(self) -> bool:
        return not self.superseded_by

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def label(self) -> str:
        return self.cite_as or f"{self.kind} số {self.number}"
