"""Content fingerprints: the normalised text and its hash (exact duplicates).

Normalisation folds what does not change what a post says: URLs, Weibo-style bracket
emoticons (``[哈哈]``), emoji, punctuation and whitespace, full/half width (NFKC) and case.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from numba import njit

from .blake2b import hex_digests
from .codepoints import CodePoints

_SEP = "\x00"  # texts are processed joined by NUL: one regex call per chunk instead of one per text
_LINKS = re.compile(r"(?:https?://|www\.)[^\s\x00]+|\[[^\[\]\s\x00]{1,8}\]")  # on lower-cased text
_NON_WORD = re.compile(r"[^\w\x00]+")  # "_" is a word character: removed separately (faster than an alternation)


def normalise(text: str) -> str:
    """The text reduced to letters and digits, width- and case-folded."""
    return normalise_many([text])[0]


# Texts per regex call (the Python way): long enough to amortise the call, short enough that one
# call holds the GIL for a few milliseconds only (the import writes to DuckDB from another thread).
_SLICE = 2048


def normalise_many(texts: Sequence[str] | pd.Series) -> list[str]:
    """``normalise`` over many texts, in order (a list, or a text Series read straight from
    its Arrow buffers).

    A compiled loop (``_fold``) does it on the texts' code points, with tables taken from this
    Python's own ``str.lower`` and ``re`` (so it gives what the regular expressions above give,
    character for character); a text holding a character whose lower case is not one fixed
    character (Σ, İ) goes the regular-expression way."""
    n = len(texts)
    if n == 0:
        return []
    folding = _folded(texts)
    if folding is None:  # a lone surrogate: only the regular expressions take it
        return _nfkc(_normalise_python(_strings(texts)))
    folded, ends, odd = folding
    joined = folded[:ends[-1]].tobytes().decode("utf-32-le")
    starts = np.concatenate([[0], ends[:-1]]).tolist()
    out = [joined[a:b] for a, b in zip(starts, ends.tolist())]
    odd = np.flatnonzero(odd)
    if len(odd):
        by_regex = _normalise_python(_strings(texts.iloc[odd] if isinstance(texts, pd.Series) else [texts[i] for i in odd]))
        for i, t in zip(odd.tolist(), by_regex):
            out[i] = t
    return _nfkc(out)


def fingerprints(texts: Sequence[str] | pd.Series) -> tuple[Sequence[str], CodePoints]:
    """``content_hashes(normalise_many(texts))`` and the normalised texts' ``CodePoints`` (what
    ``neardup.signatures`` reads), without a Python string per normalised text: the folded
    code points are checked for NFKC and encoded once, and each text is hashed from its slice
    of that buffer by one compiled pass (``blake2b.hex_digests``: no Python per text, no GIL). A chunk holding a text the compiled folding
    leaves to the regular expressions, or one that NFKC would change, goes the way of strings."""
    folding = _folded(texts) if len(texts) else None
    if folding is not None and not folding[2].any():
        folded, ends, _ = folding
        separated = np.empty(ends[-1] + len(ends), dtype=np.uint32)  # a NUL after each text, as _nfkc joins them
        starts = np.empty(len(ends) + 1, dtype=np.int64)
        _separate(folded, ends, separated, starts)
        joined = separated.tobytes().decode("utf-32-le")
        if unicodedata.is_normalized("NFKC", joined):
            hashes = hex_digests(joined.encode(), starts[:-1], starts[1:] - 1)
            return hashes, CodePoints(folded[:ends[-1]], np.concatenate([np.zeros(1, dtype=np.int64), ends]))
    normalised = normalise_many(texts)
    return content_hashes(normalised), CodePoints.of(normalised)


def _folded(texts: Sequence[str] | pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``_fold`` of the texts: (folded code points, where each text ends, which are left to the
    regular expressions); None when a text holds a lone surrogate."""
    try:
        if isinstance(texts, pd.Series):
            points = CodePoints.of_arrow(pa.array(texts, type=pa.large_string()))
        else:
            points = CodePoints.of(texts)
    except (UnicodeEncodeError, pa.ArrowException):
        return None
    n = len(points)
    lower, word, space = _tables()
    folded, ends, odd = np.empty_like(points.codes), np.empty(n, dtype=np.int64), np.zeros(n, dtype=np.bool_)
    _fold(points.codes, points.bounds, lower, word, space, folded, ends, odd)
    return folded, ends, odd


@njit(cache=True, nogil=True)
def _separate(folded, ends, out, starts):
    """out = the texts ``folded[ends[d - 1]:ends[d]]``, each followed by a NUL; starts[d] = where
    text d begins in out's UTF-8 (starts[n]: one past the last NUL)."""
    o, s, at = 0, 0, 0
    for d in range(len(ends)):
        starts[d] = at
        for i in range(s, ends[d]):
            c = folded[i]
            out[o] = c
            o += 1
            at += 1 if c < 0x80 else 2 if c < 0x800 else 3 if c < 0x10000 else 4
        out[o] = 0
        o += 1
        at += 1
        s = ends[d]
    starts[len(ends)] = at


def _strings(texts: Sequence[str] | pd.Series) -> list[str]:
    """The texts as a list of ``str`` (a Series' missing values as empty texts)."""
    return texts.fillna("").tolist() if isinstance(texts, pd.Series) else list(texts)


def _normalise_python(texts: Sequence[str]) -> list[str]:
    """The folding by regular expressions (before NFKC), slice by slice."""
    out: list[str] = []
    for start in range(0, len(texts), _SLICE):
        out.extend(_normalise_slice(texts[start:start + _SLICE]))
    return out


def _normalise_slice(texts: Sequence[str]) -> list[str]:
    texts = [t.replace(_SEP, " ") if _SEP in t else t for t in texts] if any(_SEP in t for t in texts) else list(texts)
    if not texts:
        return []
    joined = _NON_WORD.sub("", _LINKS.sub("", _SEP.join(texts).lower())).replace("_", "")
    return joined.split(_SEP)


def _nfkc(out: list[str]) -> list[str]:
    """Texts that are not NFKC yet (rare: full-width letters, circled digits …) folded again."""
    if unicodedata.is_normalized("NFKC", _SEP.join(out)):
        return out
    nfkc, is_nfkc = unicodedata.normalize, unicodedata.is_normalized
    return [t if is_nfkc("NFKC", t) else _NON_WORD.sub("", nfkc("NFKC", t).lower()).replace("_", "") for t in out]


@functools.cache
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point, from this Python: its lower case (-1 where that is not one fixed
    character), whether ``re``'s ``\\w`` takes it (``_`` not: it is removed too), whether
    ``\\s`` does. NUL counts as a space (the regular-expression way turns it into one)."""
    cps = np.arange(0x110000, dtype=np.uint32)
    valid = cps[(cps < 0xD800) | (cps > 0xDFFF)][1:]
    chars = valid.astype("<u4").tobytes().decode("utf-32-le")
    lowered = chars.replace("\u0130", "\x01").lower()  # İ → i̇ is the one lower case of two characters
    lower = np.full(0x110000, -1, dtype=np.int32)
    if len(lowered) == len(chars):
        lower[valid] = np.frombuffer(lowered.encode("utf-32-le"), dtype=np.uint32)
    else:  # a Python with more of them: one character at a time
        each = _SEP.join(chars).lower().split(_SEP)
        lower[valid] = np.fromiter((ord(c) if len(c) == 1 else -1 for c in each), dtype=np.int32, count=len(valid))
    lower[[0x130, 0x3A3]] = -1  # and Σ: σ or ς depending on its place in the word
    lower[0] = 0x20

    def marks(pattern: str) -> np.ndarray:
        mask = np.zeros(0x110000, dtype=np.bool_)
        kept = re.sub(pattern, "\x00", chars).encode("utf-32-le")
        mask[valid] = np.frombuffer(kept, dtype=np.uint32) != 0
        return mask

    word, space = marks(r"[^\w]|_"), marks(r"\S")
    space[0] = True
    return lower, word, space


@njit(cache=True, nogil=True)
def _fold(codes, bounds, lower, word, space, out, ends, odd):
    """The texts ``codes[bounds[d]:bounds[d + 1]]`` lower-cased without links
    (``https?://`` or ``www.`` up to a space) and bracket emoticons (``[`` 1–8 characters that
    are no bracket or space ``]``), keeping \\w characters but ``_``: ``_LINKS`` then
    ``_NON_WORD``. Text d goes to ``out[ends[d - 1]:ends[d]]``; ``odd[d]`` where a character
    has no fixed lower case (the text is left empty for the caller)."""
    o = 0
    for d in range(len(bounds) - 1):
        s, e = bounds[d], bounds[d + 1]
        for i in range(s, e):
            if lower[codes[i]] < 0:
                odd[d] = True
        if odd[d]:
            ends[d] = o
            continue
        i = s
        while i < e:
            c = lower[codes[i]]
            skip = 0
            if c == 104 or c == 119:  # h, w: a link?
                p = 0
                if _starts(codes, lower, i, e, "https://"):
                    p = 8
                elif _starts(codes, lower, i, e, "http://"):
                    p = 7
                elif _starts(codes, lower, i, e, "www."):
                    p = 4
                if p:
                    j = i + p
                    while j < e and not space[lower[codes[j]]]:
                        j += 1
                    if j > i + p:
                        skip = j - i
            elif c == 91:  # [: an emoticon?
                j = i + 1
                while j < e and j - i <= 9:
                    q = lower[codes[j]]
                    if q == 91 or q == 93 or space[q]:
                        break
                    j += 1
                if j < e and lower[codes[j]] == 93 and 1 <= j - i - 1 <= 8:
                    skip = j - i + 1
            if skip:
                i += skip
                continue
            if word[c]:
                out[o] = c
                o += 1
            i += 1
        ends[d] = o


@njit(cache=True, nogil=True)
def _starts(codes, lower, i, e, prefix):
    if i + len(prefix) > e:
        return False
    for k in range(len(prefix)):
        if lower[codes[i + k]] != ord(prefix[k]):
            return False
    return True


def content_hashes(normalised: Sequence[str]) -> list[str]:
    """128-bit hex digests (BLAKE2b of the UTF-8) of normalised texts (stored in ``posts.content_hash``)."""
    return [hashlib.blake2b(t.encode(), digest_size=16).hexdigest() for t in normalised]
