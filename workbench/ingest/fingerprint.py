"""Content fingerprints: the normalised text and its hash (exact duplicates).

Normalisation folds what does not change what a post says: URLs, Weibo-style bracket
emoticons (``[哈哈]``), emoji, punctuation and whitespace, full/half width (NFKC) and case.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable, Sequence

_SEP = "\x00"  # texts are processed joined by NUL: one regex call per chunk instead of one per text
_LINKS = re.compile(r"(?:https?://|www\.)[^\s\x00]+|\[[^\[\]\s\x00]{1,8}\]")  # on lower-cased text
_NON_WORD = re.compile(r"[^\w\x00]+")  # "_" is a word character: removed separately (faster than an alternation)


def normalise(text: str) -> str:
    """The text reduced to letters and digits, width- and case-folded."""
    return normalise_many([text])[0]


# Texts per regex call: long enough to amortise the call, short enough that one call holds the
# GIL for a few milliseconds only (the import writes to DuckDB from another thread meanwhile).
_SLICE = 2048


def normalise_many(texts: Sequence[str]) -> list[str]:
    """``normalise`` over many texts, in order."""
    out: list[str] = []
    for start in range(0, len(texts), _SLICE):
        out.extend(_normalise_slice(texts[start:start + _SLICE]))
    return out


def _normalise_slice(texts: Sequence[str]) -> list[str]:
    texts = [t.replace(_SEP, " ") if _SEP in t else t for t in texts] if any(_SEP in t for t in texts) else list(texts)
    if not texts:
        return []
    joined = _NON_WORD.sub("", _LINKS.sub("", _SEP.join(texts).lower())).replace("_", "")
    out = joined.split(_SEP)
    if not unicodedata.is_normalized("NFKC", joined):  # rare: full-width letters, circled digits …
        nfkc, is_nfkc = unicodedata.normalize, unicodedata.is_normalized
        out = [t if is_nfkc("NFKC", t) else _NON_WORD.sub("", nfkc("NFKC", t).lower()).replace("_", "") for t in out]
    return out


def content_hashes(normalised: Iterable[str]) -> list[str]:
    """128-bit hex digests of normalised texts (stored in ``posts.content_hash``)."""
    b2 = hashlib.blake2b
    return [b2(t.encode("utf-8"), digest_size=16).hexdigest() for t in normalised]
