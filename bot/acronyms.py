"""Acronyms cadres make up, read back from the documents' own phrases: "tvcđ" → thư viện cộng đồng.

On a phone a recurring phrase is typed as its initials: "tvcđ", "bgdđt", "hs", "bc", "đk". No list
can hold them all, and most belong to one document's topic. But the documents spell each phrase
out, so an unknown token made of initials is matched against the index's own adjacent-syllable
pairs: "tvcd" is the chain t… v… c… d… whose pairs ("thu_vien", "vien_cong", "cong_dong") are
all in the index and occur together in one passage, the most frequent such chain winning. A
"và" between two initials may be skipped ("bvhttdl": Bộ Văn hóa, Thể thao và Du lịch).
Only tokens that are not syllables the documents use are read this way.
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np

_VOWELS = set("aeiouy")
MAX_BEAM = 24
MIN_PASSAGES = 2  # a chain must stand in at least this many passages (or be the only reading)


class AcronymExpander:
    def __init__(self, terms: Any) -> None:
        self.terms = terms
        self._next: dict[str, list[tuple[str, int]]] | None = None
        self._cache: dict[str, str | None] = {}

    def _graph(self) -> dict[str, list[tuple[str, int]]]:
        """syllable -> [(next syllable, passages holding the pair)], built on first use."""
        if self._next is None:
            nxt: dict[str, list[tuple[str, int]]] = {}
            df = self.terms.df
            for term, i in self.terms.term_ids.items():
                if "_" in term and not term.startswith("~"):
                    a, _, b = term.partition("_")
                    nxt.setdefault(a, []).append((b, int(df[i])))
            self._next = nxt
        return self._next

    def looks_like_acronym(self, token: str) -> bool:
        if not (3 <= len(token) <= 8) or not token.isalpha() or not token.isascii():  # 2 letters: too many readings
            return False
        if not (set(token) & _VOWELS):
            return True
        return self.terms.df_of(token) == 0 and len(token) <= 5

    def expand(self, token: str) -> str | None:
        """The phrase (folded syllables, space-separated) an acronym stands for, or None."""
        if token in self._cache:
            return self._cache[token]
        got = self._expand(token) if self.looks_like_acronym(token) else None
        self._cache[token] = got
        return got

    def _expand(self, token: str) -> str | None:
        graph = self._graph()
        letters = list(token)
        # a beam of (path, min pair frequency)
        beams: list[tuple[list[str], int]] = [([a], 10**9) for a in sorted(graph) if a.startswith(letters[0])]
        for letter in letters[1:]:
            grown: list[tuple[list[str], int]] = []
            for path, score in beams:
                for b, n in graph.get(path[-1], ()):
                    if b.startswith(letter):
                        grown.append((path + [b], min(score, n)))
                    elif b == "va":
                        for c, m in graph.get("va", ()):
                            if c.startswith(letter) and (path[-1] + "_va") in self.terms.term_ids:
                                grown.append((path + ["va", c], min(score, n, m)))
            grown.sort(key=lambda t: (-t[1], t[0]))  # ties by the words: the same reading in every process
            beams = grown[:MAX_BEAM]
            if not beams:
                return None
        for path, score in beams:
            if len(path) < 2:
                continue
            pairs = [f"{a}_{b}" for a, b in zip(path, path[1:])]
            together = self.terms.passages_with_all(pairs)
            if together >= MIN_PASSAGES or (together >= 1 and len(beams) == 1):
                return " ".join(path)
        return None

    def rewrite(self, folded_tokens: list[str]) -> list[str]:
        out: list[str] = []
        for t in folded_tokens:
            exp = self.expand(t)
            out.extend(exp.split() if exp else [t])
        return out


def acronym_tokens(question: str) -> list[str]:
    """The question's ASCII letter-only tokens, in order (candidates for expansion)."""
    return re.findall(r"[a-z]+", question)


__all__ = ["AcronymExpander", "acronym_tokens", "np"]
