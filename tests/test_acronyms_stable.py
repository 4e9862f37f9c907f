"""An acronym reads the same in every process: two readings held by as many passages are not
chosen by the order a dictionary happens to iterate in (Python randomises str hashing)."""
from __future__ import annotations

import numpy as np

from bot.acronyms import AcronymExpander


class _Terms:
    def __init__(self, pairs: dict[str, int]) -> None:
        self.term_ids = {t: i for i, t in enumerate(pairs)}
        self.df = np.array(list(pairs.values()))

    def df_of(self, term: str) -> int:
        return 0

    def passages_with_all(self, pairs: list[str]) -> int:
        return 3


def test_tied_readings_resolve_the_same_whatever_the_index_order():
    pairs = {"so_tai": 3, "tai_chinh": 3, "so_thong": 3, "thong_cao": 3, "sach_tai": 3}
    readings = set()
    for order in (list(pairs), list(reversed(pairs)), sorted(pairs, key=lambda t: t[::-1])):
        readings.add(AcronymExpander(_Terms({t: pairs[t] for t in order})).expand("stc"))
    assert len(readings) == 1 and readings != {None}, readings
