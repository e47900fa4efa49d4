"""Text normalisation and word segmentation.

rjieba (a Rust port of jieba, ~12× faster, same dictionary) when importable, else jieba; both
get the project's workplace user dictionary (``data/nlp/userdict.txt``) through ``add_word``,
which rjieba supports on its ``Jieba`` instance. ``BACKEND`` names the one in use; the model
version records it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from . import lexicons

MAX_CHARS = 2000  # longer posts are truncated for the models (the rules still see the head)


def _user_entries():
    """The user dictionary, plus lower-case forms (text is lower-cased before cutting)."""
    for word, freq, tag in lexicons.user_words():
        yield word, freq, tag
        if word.lower() != word:
            yield word.lower(), freq, tag


def _load_backend():
    try:
        import rjieba

        seg = rjieba.Jieba()
        for word, freq, tag in _user_entries():
            seg.add_word(word, freq, tag)
        return "rjieba", lambda text: seg.cut(text, True)
    except ImportError:  # pragma: no cover - the fallback backend
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        for word, freq, tag in _user_entries():
            tok.add_word(word, freq, tag)
        return "jieba", lambda text: tok.lcut(text, HMM=True)


BACKEND, _cut = _load_backend()


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that zhconv maps to a different simplified character (a set test is ~20×
    faster than a regex class of 4,700 characters)."""
    from zhconv import zhconv as zc

    return frozenset(k for k, v in zc.getdict("zh-hans").items() if len(k) == 1 and k != v)


def normalize(text: object) -> str:
    """Clean one input: None → "", whitespace collapsed, traditional → simplified, truncated."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    s = str(text)
    s = " ".join(s.split())[:MAX_CHARS]
    if not _traditional_chars().isdisjoint(s):
        s = _simplified([s])[0]
    return s


def tokenize(text: str) -> list[str]:
    """Words of an already normalised text (lower-cased, whitespace dropped)."""
    if not text:
        return []
    return [w for w in _cut(text.lower()) if not w.isspace()]


def tokenize_all(texts: Iterable[str]) -> list[list[str]]:
    """``tokenize`` over a batch (segmentation happens once per text)."""
    return [tokenize(t) for t in texts]


def normalize_all(texts: Sequence[object]) -> list[str]:
    """``normalize`` over a batch: whitespace and the traditional-character test run once
    over the joined batch; only texts holding a traditional character are converted."""
    raw = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]
    joined = "\x00".join(raw)
    if joined.count("\x00") != max(len(raw) - 1, 0):  # a text holds the separator itself
        return [normalize(t) for t in raw]
    # whitespace runs collapsed by split/join (a third of the cost of re.sub(r"\s+", " ", ...): the
    # same whitespace, Py_UNICODE_ISSPACE); NUL is not whitespace, and each text is stripped after
    out = [p.strip(" ")[:MAX_CHARS] for p in " ".join(joined.split()).split("\x00")] if raw else []
    code_points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    at = np.flatnonzero(_traditional_table()[code_points])
    if len(at):
        starts = np.cumsum([0] + [len(t) + 1 for t in raw[:-1]])  # where each text begins in joined
        convert = np.unique(np.searchsorted(starts, at, side="right") - 1).tolist()
        for i, text in zip(convert, _simplified([out[i] for i in convert])):
            out[i] = text
    return out


@lru_cache(maxsize=1)
def _simplifier():
    """(an Aho–Corasick automaton of zhconv's zh-hans phrases, their simplified forms)."""
    import ahocorasick_rs
    from zhconv import zhconv as zc

    table = zc.getdict("zh-hans")
    phrases = [p for p in table if p]
    automaton = ahocorasick_rs.AhoCorasick(phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                           implementation=ahocorasick_rs.Implementation.DFA)
    return automaton, [table[p] for p in phrases]


def _simplified(texts: list[str]) -> list[str]:
    """``zhconv.convert(text, "zh-hans")`` of each text, in one compiled scan of the texts joined
    by NULs (a text holding a NUL itself is converted alone). zhconv replaces, from left to
    right, the longest phrase of its table that starts at each place, which is what a
    leftmost-longest Aho–Corasick search finds; its Python loop over every character cost
    ~2 µs a post (「」 are traditional: many posts are converted)."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [_replaced(t) for t in texts]
    return _replaced(joined).split("\x00")


def _replaced(text: str) -> str:
    automaton, replacements = _simplifier()
    pieces, done = [], 0
    for phrase, start, end in automaton.find_matches_as_indexes(text):  # phrases never hold a NUL
        pieces.append(text[done:start])
        pieces.append(replacements[phrase])
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _traditional_table() -> np.ndarray:
    """A flag per Unicode code point: is it in ``_traditional_chars`` (one vectorised lookup
    finds the texts to convert; a set intersection walked the batch character by character)."""
    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in _traditional_chars()]] = True
    return table


class Segmented:
    """A batch's words, flat: ``words[i]`` belongs to text ``doc[i]`` (texts in order)."""

    def __init__(self, words: list[str] | None, doc: np.ndarray, n: int,
                 factorized: tuple[np.ndarray, np.ndarray] | None = None):
        self._words = words
        self.doc = doc  # int64, non-decreasing
        self.n = n
        self._factorized = factorized

    @property
    def words(self) -> list[str]:
        if self._words is None:
            codes, uniques = self._factorized
            self._words = uniques[codes].tolist()
        return self._words

    def factorized(self) -> tuple[np.ndarray, np.ndarray]:
        """(code of each word, the distinct words): later steps look up each distinct word once."""
        if self._factorized is None:
            import pandas as pd

            codes, uniques = pd.factorize(np.asarray(self._words, dtype=object))
            self._factorized = (codes.astype(np.int64), np.asarray(uniques, dtype=object))
        return self._factorized

    def lists(self) -> list[list[str]]:
        """The words of each text as one list per text."""
        words = self.words
        bounds = np.searchsorted(self.doc, np.arange(self.n + 1)).tolist()
        return [words[bounds[i]:bounds[i + 1]] for i in range(self.n)]

    @classmethod
    def from_lists(cls, token_lists: Sequence[Sequence[str]]) -> "Segmented":
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        words = [w for tokens in token_lists for w in tokens]
        return cls(words, np.repeat(np.arange(len(token_lists)), lengths), len(token_lists))


def segment_all(texts: Sequence[str]) -> Segmented:
    """The words of normalised texts (as ``tokenize``), cut in one call over the batch joined
    by newlines: the segmenter never joins words across whitespace, so each text is cut as
    on its own, without a call and a list per text. The words come factorized (codes and
    distinct words), so the separators are found by comparing integers, not strings."""
    n = len(texts)
    if not n:
        return Segmented([], np.zeros(0, np.int64), 0)
    codes, uniques = _factorize_words(np.array(_cut("\n".join(texts).lower()), dtype=object))
    # the batch separator and spaces: at most one code each, found among the distinct words only
    sep = np.flatnonzero(uniques == "\n")
    blank = np.flatnonzero(uniques == " ")
    is_sep = codes == (sep[0] if len(sep) else -2)
    keep = ~is_sep & (codes != (blank[0] if len(blank) else -2))
    doc = np.cumsum(is_sep)[keep]
    return Segmented(None, doc.astype(np.int64), n, (codes[keep].astype(np.int64), uniques))


def _factorize_words(words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code of each word, the distinct words in first-seen order): ``pd.factorize``'s result,
    from its string hash table directly — ``pd.factorize`` first scans the array to infer that
    it holds strings, a third of its time on a batch's words."""
    try:
        from pandas._libs.hashtable import StringHashTable
    except ImportError:  # pragma: no cover - a pandas without it: the public path, same result
        import pandas as pd

        codes, uniques = pd.factorize(words)
        return codes.astype(np.int64), np.asarray(uniques, dtype=object)
    uniques, codes = StringHashTable(len(words)).factorize(words)
    return codes.astype(np.int64, copy=False), uniques
