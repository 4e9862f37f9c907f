"""Plain-text rendering of answers for a terminal (Telegram has its own HTML renderer)."""
from __future__ import annotations

import textwrap

from .compose import Answer


def wrap(text: str, width: int = 96, indent: str = "") -> str:
    return "\n".join(textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent)
                     for p in text.split("\n"))


def answer_text(ans: Answer, width: int = 96) -> str:
    lines = [wrap(ans.answer, width)]
    if ans.note:
        lines += ["", wrap(ans.note, width)]
    if ans.citations:
        lines += ["", "Trích dẫn:"]
        for c in ans.citations:
            lines.append(wrap(c.line(), width))
            lines.append(wrap(f"“{c.text}”", width, indent="    "))
    return "\n".join(lines)
