"""The project's hand-written word lists in ``data/nlp/`` (user dictionary, stop words, lexicons).

Plain text files so that an analyst can read and extend them; loaded once per process.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

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


def alternation(terms) -> str:
    """A regex alternation of literal terms, longest first (so 劳动仲裁 wins over 仲裁)."""
    return "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))


def term_pattern(terms, flags: int = re.IGNORECASE) -> re.Pattern:
    """A compiled regex finding any of ``terms`` (longest match at each place).

    Built as a character trie behind a first-character look-ahead: Python's ``re`` tries a
    flat alternation of hundreds of words at every position, which made lexicon matching the
    slowest step of ``analyze``; the trie is ~3× faster and finds the same matches.
    """
    words = sorted({t.lower() if flags & re.IGNORECASE else t for t in terms if t})
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    first = {w[0] for w in words} | ({w[0].upper() for w in words} if flags & re.IGNORECASE else set())
    return re.compile("(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])" + build(root), flags)


def data_file(name: str) -> Path:
    """Path of a file in data/nlp (for the model card's provenance)."""
    return NLP_DATA_DIR / name
