"""The project's hand-written word lists in ``data/nlp/`` (user dictionary, stop words, lexicons).

Plain text files so that an analyst can read and extend them; loaded once per process.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import ahocorasick_rs
import numpy as np

from .. import config

NLP_DATA_DIR = config.DATA_DIR / "nlp"


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data/nlp file, comments and blank lines skipped."""
    rows = []
    for line in (NLP_DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


@lru_cache(maxsize=None)
def user_words() -> tuple[tuple[str, int, str], ...]:
    """Workplace user dictionary entries (word, frequency, POS tag), jieba's format."""
    entries = []
    for line in (NLP_DATA_DIR / "userdict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            word = parts[0]
            freq = int(parts[1]) if len(parts) > 1 else 20000
            tag = parts[2] if len(parts) > 2 else "n"
            entries.append((word, freq, tag))
    return tuple(entries)


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """Stop words left out of keywords."""
    path = NLP_DATA_DIR / "stopwords.txt"
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


@lru_cache(maxsize=None)
def category_terms() -> dict[str, tuple[str, ...]]:
    """Category → the terms that mark it (``category_terms.tsv``)."""
    return {row[0]: tuple(row[1].split()) for row in _rows("category_terms.tsv")}


@lru_cache(maxsize=None)
def risk_terms() -> tuple[tuple[int, str, str, tuple[str, ...]], ...]:
    """(level, group, kind, terms) rows of ``risk_terms.tsv``, gravest first; kind is
    floor (grave on its own), cue (evidence for the severity model) or exception."""
    rows = [(int(r[0]), r[1], r[2], tuple(r[3].split())) for r in _rows("risk_terms.tsv")]
    return tuple(sorted(rows, key=lambda r: r[0]))


@lru_cache(maxsize=None)
def sentiment_terms() -> dict[str, tuple[str, ...]]:
    """kind (negative, positive, negator, sarcasm_praise, sarcasm, rhetorical) → terms."""
    return {row[0]: tuple(row[1].split()) for row in _rows("sentiment_terms.tsv")}


@lru_cache(maxsize=None)
def story_terms() -> dict[str, tuple[str, ...]]:
    """kind (rescue, harm) → terms: what a post tells happened, for an incident's tone (``incidents.tone``)."""
    return {row[0]: tuple(row[1].split()) for row in _rows("story_terms.tsv")}


def alternation(terms) -> str:
    """A regex alternation of literal terms, longest first (so 劳动仲裁 wins over 仲裁)."""
    return "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))


class TermMatch:
    """One term found by a ``TermPattern``: the slice of ``re.Match`` that callers use."""

    __slots__ = ("string", "_start", "_end")

    def __init__(self, string: str, start: int, end: int):
        self.string, self._start, self._end = string, start, end

    def group(self, _index: int = 0) -> str:
        return self.string[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end


# The last haystack lower-cased, with its source: the lexicons scan the same joined batch one
# after another (sentiment, risk, category terms), and the compiled scan's cost for a new string
# (its UTF-8 copy, kept inside the string) was as high as the scan itself.
_last_lowered: tuple[str, str] = ("", "")


class TermPattern:
    """Finds any of a set of literal terms, leftmost and then longest at each place (so
    劳动仲裁 wins over 仲裁), as a regex alternation of them would, but with one Aho–Corasick
    pass in compiled code: Python's ``re`` tried the terms at every position, and the scans of
    the three lexicons were a fifth of ``analyze``'s time. ``finditer`` yields ``TermMatch``es.
    """

    def __init__(self, terms, ignore_case: bool = True):
        self.ignore_case = ignore_case
        self.words = sorted({t.lower() if ignore_case else t for t in terms if t})
        self._automaton = (ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                                          implementation=ahocorasick_rs.Implementation.DFA)
                           if self.words else None)

    def _haystack(self, text: str) -> str:
        if not self.ignore_case:
            return text
        global _last_lowered
        last_text, last_lowered = _last_lowered
        if len(last_text) == len(text) and last_text == text:
            return last_lowered
        lowered = text.lower()
        if len(lowered) != len(text):
            # a few characters lower-case to two (İ → i̇): keep those as they are, so that offsets hold
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        _last_lowered = (text, lowered)
        return lowered

    def finditer(self, text: str) -> Iterator[TermMatch]:
        if self._automaton is None or not text:
            return iter(())
        return (TermMatch(text, a, b) for _i, a, b in self._automaton.find_matches_as_indexes(self._haystack(text)))

    def spans(self, text: str) -> np.ndarray:
        """The matches of ``finditer`` as an (m, 3) int64 array of (index in ``words``, start, end):
        no match object per term, for callers that handle many."""
        if self._automaton is None or not text:
            return np.zeros((0, 3), dtype=np.int64)
        found = self._automaton.find_matches_as_indexes(self._haystack(text))
        return np.array(found, dtype=np.int64).reshape(len(found), 3)


def term_pattern(terms, flags: int = re.IGNORECASE) -> TermPattern:
    """A ``TermPattern`` for ``terms``; ``flags`` as for ``re``: only ``re.IGNORECASE`` counts."""
    return TermPattern(terms, ignore_case=bool(flags & re.IGNORECASE))


def data_file(name: str) -> Path:
    """Path of a file in data/nlp (for the model card's provenance)."""
    return NLP_DATA_DIR / name
