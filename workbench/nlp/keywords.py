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


@lru_cache(maxsize=500_000)
def _word_weight(word: str) -> float:
    """idf (× the workplace-term boost) of a candidate word, 0.0 for any other word; cached,
    as a batch's distinct words are mostly words seen before."""
    if not _candidate(word):
        return 0.0
    table, default = idf_table()
    # workplace dictionary terms are what analysts look for: weighted up
    return table.get(word, default) * (USER_TERM_BOOST if word in _user_terms() else 1.0)


def reload() -> None:
    """Forget the loaded IDF table and the weights computed from it (after ``workbench train``)."""
    idf_table.cache_clear()
    _word_weight.cache_clear()


def _weights(words) -> dict[str, float]:
    """Weight of each candidate word among ``words``."""
    return {w: x for w in words if (x := _word_weight(w)) > 0}


def _top(tokens: Sequence[str], weights: dict[str, float], k: int) -> list[str]:
    scored = [(c * weights[w], w) for w, c in Counter(tokens).items() if w in weights]
    order = sorted(range(len(scored)), key=lambda i: -scored[i][0])  # stable: ties keep first-seen order
    return [scored[i][1] for i in order[:k]]


def extract(tokens: Sequence[str], k: int = TOP_K) -> list[str]:
    """The ``k`` words of one post with the highest tf·idf, best first (ties: first seen)."""
    return _top(tokens, _weights(set(tokens)), k)


def extract_all(tokens, k: int = TOP_K) -> list[list[str]]:
    """``extract`` over a batch (a ``Segmented`` or one word list per text), vectorised: each
    distinct word is weighed once, (text, word) counts and the per-text top k come from numpy."""
    import numpy as np

    from .segment import Segmented

    seg = tokens if isinstance(tokens, Segmented) else Segmented.from_lists(tokens)
    if not len(seg.doc):
        return [[] for _ in range(seg.n)]
    codes, uniques = seg.factorized()
    w = np.fromiter(map(_word_weight, uniques), dtype=np.float64, count=len(uniques))
    candidate = w[codes] > 0  # stop words, punctuation, single characters: dropped before counting
    keys = seg.doc[candidate] * len(uniques) + codes[candidate]
    keys_u, first, counts = np.unique(keys, return_index=True, return_counts=True)
    doc, code = keys_u // len(uniques), keys_u % len(uniques)
    score = counts * w[code]
    order = np.lexsort((first, -score, doc))  # per text: best first, ties in first-seen order
    doc, code = doc[order], code[order]
    bounds = np.searchsorted(doc, np.arange(seg.n + 1)).tolist()
    names = uniques[code].tolist() if len(code) else []
    return [names[bounds[i]:min(bounds[i + 1], bounds[i] + k)] for i in range(seg.n)]


def build_idf(token_lists: Iterable[Sequence[str]], min_df: int = 2) -> dict[str, float]:
    """Smoothed IDF (ln((1+N)/(1+df))+1) of candidate words seen in at least ``min_df`` texts."""
    df: Counter = Counter()
    n = 0
    for tokens in token_lists:
        n += 1
        df.update({w for w in tokens if _candidate(w)})
    return {w: round(math.log((1 + n) / (1 + c)) + 1, 3) for w, c in df.items() if c >= min_df}
