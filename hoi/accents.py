"""Give an accent-free question its diacritics back, from the corpus's own vocabulary.

The dense model (e5) reads "trach nhiem" as a different string from "trách nhiệm" and loses
most of its accuracy on phone-typed questions. The documents themselves say which accented
form each folded syllable sequence takes here ("tuyen truyen" -> "tuyên truyền"), so the
restorer prefers the longest n-gram seen in the corpus, then the most frequent form.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from .text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_N = 3
# Question words cadres type that the documents themselves rarely contain.
COMMON = {
    "1": {"gi": "gì", "nao": "nào", "dau": "đâu", "phai": "phải", "duoc": "được", "nhung": "những",
          "cua": "của", "hom": "hôm", "nay": "nay", "khi": "khi", "bao": "bao", "gio": "giờ"},
    "2": {"bao gio": "bao giờ", "khi nao": "khi nào", "o dau": "ở đâu", "the nao": "thế nào",
          "lam gi": "làm gì", "hom nay": "hôm nay", "bao nhieu": "bao nhiêu", "la gi": "là gì"},
}


def build_vocab(texts: list[str]) -> dict[str, dict[str, str]]:
    counts: dict[int, dict[str, Counter[str]]] = {n: defaultdict(Counter) for n in range(1, MAX_N + 1)}
    for text in texts:
        words = [w.lower() for w in _WORD.findall(text)]
        for n in range(1, MAX_N + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                counts[n][" ".join(fold(w) for w in gram)][" ".join(gram)] += 1
    return {str(n): {k: c.most_common(1)[0][0] for k, c in grams.items()} for n, grams in counts.items()}


def restore(question: str, vocab: dict[str, dict[str, str]]) -> str:
    """Accented form of the question's words where the corpus knows them; others unchanged."""
    words = _WORD.findall(question)
    if not words:
        return question
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(MAX_N, 0, -1):
            if i + n > len(words):
                continue
            gram = words[i : i + n]
            if any(fold(w) != w.lower() for w in gram):
                continue  # the user typed accents here: trust them
            key = " ".join(fold(w) for w in gram)
            hit = vocab.get(str(n), {}).get(key) or COMMON.get(str(n), {}).get(key)
            if hit:
                out.extend(hit.split())
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)
