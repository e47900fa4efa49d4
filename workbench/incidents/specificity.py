"""How telling a character bigram is: common in ordinary posts (下班, 今天, 员工) or specific to
something that happened somewhere (塘厦, 冲床, 光栅).

Grouping needs this beside the window's own IDF: a store holding a few hundred posts cannot tell
下班 from 塘厦 by itself, and chatter that shares only everyday words must not join an event.
``data/nlp/bigram_df.tsv`` holds the document frequency of the bigrams that are common in the
training corpora (``build`` writes it, called by ``workbench train``); any other bigram is
specific.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from ..nlp import lexicons

FILE = "bigram_df.tsv"
MIN_DF = 20            # bigrams rarer than this in the corpora are not listed: they are specific
SPECIFIC_IDF = 7.0     # a bigram at or above this IDF (about 1 post in 80 or rarer) is specific
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def build(texts: Iterable[str]) -> int:
    """Write the document frequency of the corpora's common bigrams; returns how many."""
    df: Counter = Counter()
    n = 0
    for text in texts:
        n += 1
        seen = set()
        for run in _CJK.findall(text or ""):
            seen.update(run[i:i + 2] for i in range(len(run) - 1))
        df.update(seen)
    common = sorted((b, c) for b, c in df.items() if c >= MIN_DF)
    lines = [f"# documents\t{n}\n"] + [f"{b}\t{c}\n" for b, c in common]
    lexicons.data_file(FILE).write_text("".join(lines), encoding="utf-8")
    _table.cache_clear()
    is_specific.cache_clear()
    return len(common)


@lru_cache(maxsize=1)
def _table() -> tuple[int, dict[str, int]]:
    path = lexicons.data_file(FILE)
    if not path.exists():
        return 0, {}
    n, df = 0, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        if key == "# documents":
            n = int(value)
        elif key and not key.startswith("#"):
            df[key] = int(value)
    return n, df


def idf(term: str) -> float:
    """The corpora's IDF of a bigram (unlisted bigrams count as seen ``MIN_DF`` − 1 times)."""
    n, df = _table()
    if not n:
        return SPECIFIC_IDF
    return math.log((n + 1) / (df.get(term, MIN_DF - 1) + 1)) + 1


def is_unlisted(term: str) -> bool:
    """A bigram the corpora use fewer than ``MIN_DF`` times (not in the table): the bigrams of a
    place, a mine or a site (美姑, 石岭沟, 双鸭山) and of an accident's own words (透水, 遇难), where a
    word of ordinary posts, however telling, is listed (急诊, 蜡烛, 出院)."""
    return len(term) == 2 and bool(_CJK.fullmatch(term)) and term not in _table()[1]


@lru_cache(maxsize=1 << 20)  # asked for every term of every post: a million posts repeat most of them
def is_specific(term: str) -> bool:
    """A bigram that says where or what (rare in ordinary posts), or any non-bigram term
    (a keyword, ``@employer``)."""
    if len(term) != 2 or not _CJK.fullmatch(term):
        return term[0] != "#"
    return idf(term) >= SPECIFIC_IDF
