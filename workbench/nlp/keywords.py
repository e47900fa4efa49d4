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

import numpy as np
from numba import njit

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


def _weight_of(word: str) -> float:
    """idf (× the workplace-term boost) of a candidate word, 0.0 for any other word."""
    if not _candidate(word):
        return 0.0
    table, default = idf_table()
    # workplace dictionary terms are what analysts look for: weighted up
    return table.get(word, default) * (USER_TERM_BOOST if word in _user_terms() else 1.0)


class _WeightCache(dict):
    """word → ``_weight_of(word)``, computed on a word's first lookup: a batch's distinct words
    are mostly words seen before, and a plain dict hit costs a third of an ``lru_cache`` hit
    (which was half of ``extract_all``). Emptied when it reaches ``limit`` words, so that a
    long-running process does not grow with its vocabulary."""

    limit = 500_000

    def __missing__(self, word: str) -> float:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = _weight_of(word)
        return value


_word_weights = _WeightCache()
_word_weight = _word_weights.__getitem__


def reload() -> None:
    """Forget the loaded IDF table and the weights computed from it (after ``workbench train``)."""
    idf_table.cache_clear()
    _word_weights.clear()


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


@njit(cache=True, nogil=True)
def _top_codes(codes, bounds, weight, k):
    """Per text (its words' codes ``codes[bounds[d]:bounds[d + 1]]``): the codes of its ``k``
    candidate words (``weight`` > 0) of highest count × weight, best first, ties in first-seen
    order; as (flat codes, how many per text). One pass per text: distinct words are found
    through a slot per code (reset after the text), not by sorting the batch."""
    n = len(bounds) - 1
    slot = np.full(len(weight), -1, dtype=np.int64)
    distinct = np.empty(max(1, len(codes)), dtype=np.int64)
    count = np.zeros(max(1, len(codes)), dtype=np.int64)
    best = np.empty(k, dtype=np.float64)
    best_code = np.empty(k, dtype=np.int64)
    found = np.zeros(n, dtype=np.int64)
    out = np.zeros(n * k, dtype=np.int64)  # a text's unused places stay 0: never read
    for d in range(n):
        m = 0
        for i in range(bounds[d], bounds[d + 1]):
            c = codes[i]
            if weight[c] <= 0:
                continue
            if slot[c] < 0:
                slot[c] = m
                distinct[m] = c
                count[m] = 0
                m += 1
            count[slot[c]] += 1
        top = 0
        for j in range(m):  # first-seen order: a later word enters only with a strictly higher score
            c = distinct[j]
            score = count[j] * weight[c]
            slot[c] = -1
            if top == k and score <= best[k - 1]:
                continue
            p = top if top < k else k - 1  # full: the last place is given up
            while p > 0 and best[p - 1] < score:
                best[p], best_code[p] = best[p - 1], best_code[p - 1]
                p -= 1
            best[p], best_code[p] = score, c
            if top < k:
                top += 1
        out[d * k:d * k + top] = best_code[:top]
        found[d] = top
    return out, found


def extract_all(tokens, k: int = TOP_K) -> list[list[str]]:
    """``extract`` over a batch (a ``Segmented`` or one word list per text): each distinct
    word is weighed once (``_word_weight``), the per-text counting and top k are compiled
    (``_top_codes``)."""
    from .segment import Segmented

    seg = tokens if isinstance(tokens, Segmented) else Segmented.from_lists(tokens)
    if not len(seg.doc) or k <= 0:
        return [[] for _ in range(seg.n)]
    codes, uniques = seg.factorized()
    w = np.fromiter(map(_word_weight, uniques), dtype=np.float64, count=len(uniques))
    bounds = np.searchsorted(seg.doc, np.arange(seg.n + 1))
    top, found = _top_codes(codes, bounds, w, k)
    names = uniques[top].tolist()
    return [names[d * k:d * k + m] for d, m in enumerate(found.tolist())]


def build_idf(token_lists: Iterable[Sequence[str]], min_df: int = 2) -> dict[str, float]:
    """Smoothed IDF (ln((1+N)/(1+df))+1) of candidate words seen in at least ``min_df`` texts."""
    df: Counter = Counter()
    n = 0
    for tokens in token_lists:
        n += 1
        df.update({w for w in tokens if _candidate(w)})
    return {w: round(math.log((1 + n) / (1 + c)) + 1, 3) for w, c in df.items() if c >= min_df}
