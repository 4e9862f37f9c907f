"""Answer composition: which sentences answer, how a passage is cited, what abstention says.

Everything a user reads about a passage's place in a document is formatted here, once, so
the terminal, Telegram and the eval report cite identically.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from hoi.models import Chunk, DocumentInfo, split_attached
from hoi.text import content_syllables, sentences

SPECIAL_SECTIONS = {
    "mở đầu": "phần mở đầu",
    "tiêu đề": "tiêu đề",
    "đầu văn bản": "phần đầu văn bản",
    "nơi nhận": "phần nơi nhận",
    "chữ ký": "phần ký",
}


@dataclass
class Citation:
    n: int
    doc_id: str
    doc_title: str
    section: str
    para: int | None
    text: str
    score: float
    heading: str
    label: str  # "mục IV.4" / "mục III.2, ý 3"
    chunk_id: str
    page: int | None = None
    start: int = 0
    end: int = 0
    fields: list[list[str]] | None = None  # a table row's (label, value) pairs (Chunk.fields)

    def line(self) -> str:
        return f"[{self.n}] {self.doc_title}, {self.label}"

    def to_json(self) -> dict[str, Any]:
        d = plain_fields(self)
        d["citation"] = self.line()
        return d


def plain_fields(obj: Any) -> dict[str, Any]:
    """`dataclasses.asdict` for flat records: the same dict, with list and dict values copied one
    level deep. asdict deep-copies every value recursively, which was a quarter of a register
    answer's time."""
    out = {}
    for f in fields(obj):
        v = getattr(obj, f.name)
        if isinstance(v, list):
            v = [dict(x) if isinstance(x, dict) else x for x in v]
        elif isinstance(v, dict):
            v = dict(v)
        out[f.name] = v
    return out


@dataclass
class Answer:
    question: str
    abstained: bool
    answer: str
    citations: list[Citation] = field(default_factory=list)
    kind: str = "passage"  # passage | clause | duties | deadlines | abstain | invalid
    note: str = ""
    missing_documents: list[str] = field(default_factory=list)
    signals: dict[str, float] = field(default_factory=dict)
    latency_ms: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list)  # register rows behind the answer
    generated: bool = False  # the answer text was written by a model and passed the grounding check
    extractive: str = ""  # the verbatim answer, kept when a generated one is shown

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "abstained": self.abstained,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "kind": self.kind,
            "note": self.note,
            "missing_documents": self.missing_documents,
            "rows": self.rows,
            "generated": self.generated,
            "latency_ms": round(self.latency_ms, 2),
        }


def address_label(section: str, para: int | None, units_in_section: int = 1, page: int | None = None) -> str:
    prefix, inner = split_attached(section)
    if prefix:  # "Quy chế, Điều 5.2" → "khoản 2 Điều 5 Quy chế"
        inner_label = "tiêu đề" if inner == "tiêu đề" else address_label(inner, para, units_in_section)
        return f"{inner_label} {prefix}" + (f" (trang {page})" if page else "")
    if section in SPECIAL_SECTIONS:
        label = SPECIAL_SECTIONS[section]
        if section == "mở đầu" and para and units_in_section > 1:
            label += f", đoạn {para}"
    elif section.startswith("Điều"):
        label = state_label(section)
        if para and units_in_section > 1:
            label += f", đoạn {para}"
    elif section.startswith(("Phụ lục", "Chương", "Phần")):
        label = section
        if para and units_in_section > 1:
            label += f", đoạn {para}"
    else:
        label = f"mục {section}"
        if para and units_in_section > 1:
            label += f", ý {para}"
    if page:
        label += f" (trang {page})"
    return label


def state_label(section: str) -> str:
    """"Điều 20.1.a" → "điểm a khoản 1 Điều 20": state documents are cited smallest unit first."""
    head, _, rest = section.partition(".")
    parts = rest.split(".") if rest else []
    words = []
    if len(parts) >= 2:
        words.append(f"điểm {parts[1]}")
    if parts:
        words.append(f"khoản {parts[0]}")
    return " ".join(words + [head])


def make_citation(n: int, chunk: Chunk, doc: DocumentInfo | None, score: float, units: int) -> Citation:
    return Citation(
        n=n, doc_id=chunk.doc_id, doc_title=doc.label if doc else chunk.doc_id, section=chunk.section,
        para=chunk.para, text=chunk.text, score=round(float(score), 4), heading=chunk.heading,
        label=address_label(chunk.section, chunk.para, units, chunk.page), chunk_id=chunk.chunk_id,
        page=chunk.page, start=chunk.start, end=chunk.end, fields=chunk.fields,
    )


def best_sentences(question: str, passages: list[tuple[int, str]], limit: int = 2) -> list[tuple[int, str]]:
    """Pick the sentences that share most of the question's content words, best passage first.

    Extractive on purpose: every word of the answer is a word of the document.
    """
    q = set(content_syllables(question))
    scored: list[tuple[float, int, int, str]] = []
    for rank, (n, text) in enumerate(passages):
        for pos, sent in enumerate(sentences(text)):
            words = set(content_syllables(sent))
            overlap = len(q & words) / (len(q) or 1)
            # prefer the top passage and its early sentences when overlaps tie
            scored.append((overlap - 0.08 * rank - 0.01 * pos, rank, n, sent))
    scored.sort(key=lambda t: -t[0])
    chosen: list[tuple[int, str]] = []
    if not scored:
        return chosen
    top = scored[0][0]
    for score, rank, n, sent in scored:
        if len(chosen) >= limit:
            break
        if chosen and (score < top - 0.15 or rank > 0 and score < 0.34):
            continue
        chosen.append((n, sent))
    return chosen


def sentences_with(text: str, needles: list[str]) -> list[str]:
    """The sentences of a passage that contain one of the needles (a document number, say)."""
    return [s for s in sentences(text) if any(n in s for n in needles)]


def render_extract(chosen: list[tuple[int, str]], max_chars: int = 600) -> str:
    parts = []
    for n, sent in chosen:
        if len(sent) > max_chars:
            cut = sent[:max_chars].rsplit(" ", 1)[0]
            sent = cut + " …"
        parts.append(f"{sent} [{n}]")
    return " ".join(parts)


MSG_EMPTY = "Bạn chưa nhập câu hỏi. Hãy gõ câu hỏi, ví dụ: “Ai chủ trì việc tuyên truyền?”"
MSG_NO_CONTENT = "Câu hỏi chưa có nội dung để tra cứu. Hãy hỏi bằng lời, ví dụ: “Mục tiêu của kế hoạch là gì?”"
MSG_TOO_LONG = "Câu hỏi quá dài ({n} ký tự). Hãy hỏi ngắn gọn, dưới {limit} ký tự."
MSG_ABSTAIN = "Các tài liệu đã nạp không có nội dung trả lời câu hỏi này."
MSG_MISSING_DOC = "Nội dung này có thể nằm trong {docs}, nhưng văn bản đó chưa được nạp vào hệ thống."
MSG_FOREIGN_DOC = "Văn bản bạn hỏi không có trong danh mục tài liệu của hệ thống; hãy tra cứu văn bản gốc."
MSG_NOTE_MANY_DOCS = ("Mục này có trong {n} văn bản; dưới đây là {shown} văn bản đầu. Hãy nêu tên văn bản, "
                      "ví dụ: “mục IV.4 Kế hoạch 123-KH/HU”.")
MSG_NOTE_SEARCHED = "Câu hỏi không nêu rõ văn bản nào; đã tìm trong: {docs}."
MSG_NOTE_MISSING = "Lưu ý: {docs} chưa được nạp; câu trả lời chỉ dựa trên {loaded}."
