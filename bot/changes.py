"""`python -m bot changes <id>`: what changed between a document and its previous version.

When a draft becomes final, a propagandist needs the differences, not two documents: which
duties and deadlines were added, removed or altered, clause by clause. The comparison is by
address (the same "IV.4" in both versions), over the passages and the register rows the index
already holds; a replaced draft's rows are not in the stored registers (answers never cite it),
so they are extracted again here with the same extractor.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from hoi.index import Index
from hoi.models import Chunk, DocumentInfo
from hoi.text import fold
from ingest.registers import DeadlineRow, DutyRow, Registers, build_registers

ALTERED = 0.5  # two passages at one address this similar are one passage edited


class ChangesError(LookupError):
    """No comparison possible; the message says why (Vietnamese)."""


@dataclass
class SectionChanges:
    section: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    altered: list[tuple[str, str]] = field(default_factory=list)
    duties_added: list[dict[str, Any]] = field(default_factory=list)
    duties_removed: list[dict[str, Any]] = field(default_factory=list)
    duties_altered: list[dict[str, Any]] = field(default_factory=list)
    deadlines_added: list[str] = field(default_factory=list)
    deadlines_removed: list[str] = field(default_factory=list)
    deadlines_altered: list[tuple[str, str]] = field(default_factory=list)

    def empty(self) -> bool:
        return not any((self.added, self.removed, self.altered, self.duties_added, self.duties_removed,
                        self.duties_altered, self.deadlines_added, self.deadlines_removed, self.deadlines_altered))

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "passages": {"added": self.added, "removed": self.removed,
                         "altered": [{"old": o, "new": n} for o, n in self.altered]},
            "duties": {"added": self.duties_added, "removed": self.duties_removed, "altered": self.duties_altered},
            "deadlines": {"added": self.deadlines_added, "removed": self.deadlines_removed,
                          "altered": [{"old": o, "new": n} for o, n in self.deadlines_altered]},
        }


@dataclass
class Changes:
    old: DocumentInfo
    new: DocumentInfo
    sections: list[SectionChanges]

    def totals(self) -> dict[str, int]:
        t: dict[str, int] = {}
        for name in ("added", "removed", "altered", "duties_added", "duties_removed", "duties_altered",
                     "deadlines_added", "deadlines_removed", "deadlines_altered"):
            t[name] = sum(len(getattr(s, name)) for s in self.sections)
        t["sections"] = len(self.sections)
        return t

    def to_json(self) -> dict[str, Any]:
        return {"old": {"id": self.old.id, "label": self.old.label}, "new": {"id": self.new.id, "label": self.new.label},
                "sections": [s.to_json() for s in self.sections], "totals": self.totals()}

    def text(self) -> str:
        lines = [f"Thay đổi từ {self.old.label} [{self.old.id}]", f"sang {self.new.label} [{self.new.id}]:"]
        if not self.sections:
            lines.append("Không có thay đổi nào về nội dung, nhiệm vụ hay thời hạn.")
            return "\n".join(lines)
        for s in self.sections:
            lines.append(f"\nMục {s.section}:")
            lines += [f"  + thêm: {t}" for t in s.added]
            lines += [f"  - bỏ: {t}" for t in s.removed]
            lines += [f"  ~ sửa: {o}\n      → {n}" for o, n in s.altered]
            for d in s.duties_added:
                lines.append(f"  + nhiệm vụ mới: {d['actor']} ({d['role']}): {d['task']}")
            for d in s.duties_removed:
                lines.append(f"  - bỏ nhiệm vụ: {d['actor']} ({d['role']}): {d['task']}")
            for d in s.duties_altered:
                lines.append(f"  ~ nhiệm vụ của {d['actor']} ({d['role']}) đổi: {d['old']}\n      → {d['new']}")
            lines += [f"  + thời hạn mới: {t}" for t in s.deadlines_added]
            lines += [f"  - bỏ thời hạn: {t}" for t in s.deadlines_removed]
            lines += [f"  ~ thời hạn đổi: {o} → {n}" for o, n in s.deadlines_altered]
        t = self.totals()
        lines.append(
            f"\nTổng cộng {t['sections']} mục thay đổi: đoạn văn +{t['added']} −{t['removed']} ~{t['altered']}; "
            f"nhiệm vụ +{t['duties_added']} −{t['duties_removed']} ~{t['duties_altered']}; "
            f"thời hạn +{t['deadlines_added']} −{t['deadlines_removed']} ~{t['deadlines_altered']}.")
        return "\n".join(lines)


def versions(index: Index, doc_id: str) -> tuple[DocumentInfo, DocumentInfo]:
    """(previous version, document) for `doc_id`; for a replaced draft, (draft, its successor)."""
    doc = index.document(doc_id)
    if doc is None:
        raise ChangesError(f"Không có tài liệu mã '{doc_id}'. Xem danh sách bằng /tailieu hoặc python -m ingest --dry-run.")
    loaded = index.loaded_ids()
    if doc.supersedes:
        old, new = index.document(doc.supersedes), doc
    elif doc.superseded_by:
        old, new = doc, index.document(doc.superseded_by)
    else:
        raise ChangesError(f"Tài liệu {doc.label} [{doc.id}] chưa có phiên bản trước hay sau nào để so sánh.")
    if old is None or new is None or old.id not in loaded or new.id not in loaded:
        raise ChangesError("Một trong hai phiên bản chưa được nạp vào chỉ mục; hãy chạy python -m ingest.")
    return old, new


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def _rows(index: Index, stored: Registers | None, doc_id: str, chunks: list[Chunk]) -> Registers:
    if stored is not None and any(r.doc_id == doc_id for r in stored.duties + stored.deadlines):  # type: ignore[operator]
        return Registers([r for r in stored.duties if r.doc_id == doc_id],
                         [r for r in stored.deadlines if r.doc_id == doc_id])
    return build_registers(chunks)


def _duty(r: DutyRow) -> dict[str, Any]:
    return {"actor": r.actor, "role": r.role, "task": r.task, "timeframe": r.timeframe, "section": r.section}


def compare(index: Index, old_id: str, new_id: str) -> Changes:
    """Passages, duties and deadlines added, removed or altered, address by address."""
    old_doc, new_doc = index.document(old_id), index.document(new_id)
    assert old_doc is not None and new_doc is not None
    by_doc: dict[str, list[Chunk]] = {old_id: [], new_id: []}
    for c in index.chunks:
        if c.doc_id in by_doc:
            by_doc[c.doc_id].append(c)
    stored = Registers.from_json(index.registers_raw) if index.registers_raw else None
    regs = {d: _rows(index, stored, d, by_doc[d]) for d in by_doc}

    def units(doc: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for c in by_doc[doc]:
            if c.kind == "body":
                out.setdefault(c.section, []).append(c.text)
        return out

    u_old, u_new = units(old_id), units(new_id)
    order = list(dict.fromkeys([c.section for c in by_doc[new_id] if c.kind == "body"]
                               + [c.section for c in by_doc[old_id] if c.kind == "body"]))
    sections: list[SectionChanges] = []
    for sec in order:
        sc = SectionChanges(sec)
        a, b = u_old.get(sec, []), u_new.get(sec, [])
        na, nb = {_norm(t) for t in a}, {_norm(t) for t in b}
        gone = [t for t in a if _norm(t) not in nb]
        came = [t for t in b if _norm(t) not in na]
        for t in list(gone):  # an edited passage: the closest new one at the same address
            best = max(came, key=lambda n: SequenceMatcher(None, _norm(t), _norm(n)).ratio(), default=None)
            if best is not None and SequenceMatcher(None, _norm(t), _norm(best)).ratio() >= ALTERED:
                sc.altered.append((t, best))
                gone.remove(t)
                came.remove(best)
        sc.added, sc.removed = came, gone
        _compare_duties(sc, [r for r in regs[old_id].duties if r.section == sec],
                        [r for r in regs[new_id].duties if r.section == sec])
        _compare_deadlines(sc, [r for r in regs[old_id].deadlines if r.section == sec and not r.is_reference],
                           [r for r in regs[new_id].deadlines if r.section == sec and not r.is_reference])
        if not sc.empty():
            sections.append(sc)
    return Changes(old_doc, new_doc, sections)


def _compare_duties(sc: SectionChanges, old: list[DutyRow], new: list[DutyRow]) -> None:
    def key(r: DutyRow) -> tuple[str, str]:
        return (r.actor_key, r.role)

    old_by: dict[tuple[str, str], list[DutyRow]] = {}
    for r in old:
        old_by.setdefault(key(r), []).append(r)
    new_by: dict[tuple[str, str], list[DutyRow]] = {}
    for r in new:
        new_by.setdefault(key(r), []).append(r)
    for k in dict.fromkeys(list(new_by) + list(old_by)):
        a, b = old_by.get(k, []), new_by.get(k, [])
        ta = {(_norm(r.task), r.timeframe or "") for r in a}
        tb = {(_norm(r.task), r.timeframe or "") for r in b}
        gone = [r for r in a if (_norm(r.task), r.timeframe or "") not in tb]
        came = [r for r in b if (_norm(r.task), r.timeframe or "") not in ta]
        while gone and came:
            o, n = gone.pop(0), came.pop(0)
            old_text = o.task + (f" ({o.timeframe})" if o.timeframe else "")
            new_text = n.task + (f" ({n.timeframe})" if n.timeframe else "")
            sc.duties_altered.append({"actor": n.actor, "role": n.role, "old": old_text, "new": new_text,
                                      "section": n.section})
        sc.duties_added += [_duty(r) for r in came]
        sc.duties_removed += [_duty(r) for r in gone]


def _compare_deadlines(sc: SectionChanges, old: list[DeadlineRow], new: list[DeadlineRow]) -> None:
    ea = list(dict.fromkeys(r.expression for r in old))
    eb = list(dict.fromkeys(r.expression for r in new))
    kind = {r.expression: r.kind for r in old + new}
    gone = [e for e in ea if e not in eb]
    came = [e for e in eb if e not in ea]
    for e in list(gone):
        twin = next((n for n in came if kind.get(n) == kind.get(e)), None)
        if twin is not None:
            sc.deadlines_altered.append((e, twin))
            gone.remove(e)
            came.remove(twin)
    sc.deadlines_added, sc.deadlines_removed = came, gone
