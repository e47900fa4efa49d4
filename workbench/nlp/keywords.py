"""Keywords of a post: TF-IDF over its words with an IDF table computed from workplace text.

The table (``data/nlp/idf.tsv``, word<TAB>idf) is written by ``workbench train`` from the
project's labelled workplace posts plus the general Weibo training corpora, so that words
every post uses score low and workplace terms score high. Words missing from the table get
the table's median-high default (rare words are informative).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence

from . import lexicons

IDF_FILE = "idf.tsv"
TOP_K = 5
USER_TERM_BOOST = 1.5
_WORDLIKE = re.compile(r"^(?:[\u4e00-\u9fff]{2,}|[a-z][a-z+\-]{1,}|\d{3}|n\+\d|[\u4e00-\u9fffa-z0-9+]*[\u4e00-\u9fff][\u4e00-\u9fffa-z0-9+]*)$")


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """(word → idf, default idf for unseen words); empty table before the first training."""
    path = lexicons.data_file(IDF_FILE)
    if not path.exists():
        return {}, 1.0
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition("\t")
        if value:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[int(len(values) * 0.75)] if values else 1.0


@lru_cache(maxsize=1)
def _user_terms() -> frozenset[str]:
    return frozenset(w.lower() for w, _f, _t in lexicons.user_words())


@lru_cache(maxsize=300_000)
def _candidate(word: str) -> bool:
    """Can ``word`` be a keyword: a user-dictionary term, or a non-stop word of 2+ characters."""
    if word in _user_terms():
        return True
    if word in lexicons.stopwords() or len(word) < 2:
        return False
    return bool(_WORDLIKE.match(word))


def extract(tokens: Sequence[str], k: int = TOP_K) -> list[str]:
    """The ``k`` words of one post with the highest tf·idf, best first (ties: first seen)."""
    table, default = idf_table()
    user = _user_terms()
    scores: dict[str, float] = {}
    for w in tokens:
        if _candidate(w):
            # workplace dictionary terms are what analysts look for: weighted up
            scores[w] = scores.get(w, 0.0) + table.get(w, default) * (USER_TERM_BOOST if w in user else 1.0)
    return sorted(scores, key=scores.__getitem__, reverse=True)[:k]


def extract_all(token_lists: Iterable[Sequence[str]], k: int = TOP_K) -> list[list[str]]:
    """``extract`` over a batch."""
    return [extract(t, k) for t in token_lists]


def build_idf(token_lists: Iterable[Sequence[str]], min_df: int = 2) -> dict[str, float]:
    """Smoothed IDF (ln((1+N)/(1+df))+1) of candidate words seen in at least ``min_df`` texts."""
    df: Counter = Counter()
    n = 0
    for tokens in token_lists:
        n += 1
        df.update({w for w in tokens if _candidate(w)})
    return {w: round(math.log((1 + n) / (1 + c)) + 1, 3) for w, c in df.items() if c >= min_df}
