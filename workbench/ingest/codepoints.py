"""Many texts as one array of Unicode code points, the form the compiled loops read.

``CodePoints.of(texts)`` encodes Python strings once (one ``join``, one ``encode``: no Python per
text beyond its length); ``CodePoints.of_arrow(array)`` decodes an Arrow text column's UTF-8 in
a compiled loop, without a Python object per text. The fingerprint loops (``fingerprint``,
``neardup``) share them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pyarrow as pa
from numba import njit


@dataclass(frozen=True)
class CodePoints:
    """Text d is ``codes[bounds[d]:bounds[d + 1]]``."""

    codes: np.ndarray   # uint32
    bounds: np.ndarray  # int64, one more than there are texts

    @classmethod
    def of(cls, texts: Sequence[str]) -> "CodePoints":
        """Raises ``UnicodeEncodeError`` for a text holding a lone surrogate."""
        n = len(texts)
        bounds = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=n), out=bounds[1:])
        codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32) if n else np.zeros(0, np.uint32)
        return cls(codes, bounds)

    @classmethod
    def of_arrow(cls, texts: pa.Array | pa.ChunkedArray) -> "CodePoints":
        """From an Arrow string column (missing values read as empty texts), chunk by chunk into
        one array (a column read by Arrow comes in many chunks; joining them first would copy it)."""
        parts = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
        parts = [p.cast(pa.large_string()) for p in parts]
        parts = [p.fill_null("") if p.null_count else p for p in parts]
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        codes = np.empty(sum(p.nbytes for p in parts), dtype=np.uint32)  # at least one byte a code point
        done, o = 0, 0
        for part in parts:
            if not len(part):
                continue
            _, offsets, data = part.buffers()
            offsets = np.frombuffer(offsets, dtype=np.int64)[part.offset:part.offset + len(part) + 1]
            data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
            o = _decode_utf8(data, offsets, codes, bounds[done:done + len(part) + 1], o)
            done += len(part)
        return cls(codes[:o], bounds)

    def __len__(self) -> int:
        return len(self.bounds) - 1

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.bounds)


@njit(cache=True, nogil=True)
def _decode_utf8(data, offsets, codes, bounds, o):
    """Text d is ``data[offsets[d]:offsets[d + 1]]`` (valid UTF-8, as Arrow keeps it); its code
    points go to ``codes`` from ``o`` on, ``bounds[d + 1]`` the end (``bounds[0]`` is where the
    first begins). Returns the end of the last."""
    for d in range(len(offsets) - 1):
        i, end = offsets[d], offsets[d + 1]
        while i < end:
            b = data[i]
            if b < 0x80:
                cp, i = np.uint32(b), i + 1
            elif b < 0xE0:
                cp, i = np.uint32(((b & 0x1F) << 6) | (data[i + 1] & 0x3F)), i + 2
            elif b < 0xF0:
                cp = np.uint32(((b & 0x0F) << 12) | ((data[i + 1] & 0x3F) << 6) | (data[i + 2] & 0x3F))
                i += 3
            else:
                cp = np.uint32(((b & 0x07) << 18) | ((data[i + 1] & 0x3F) << 12) | ((data[i + 2] & 0x3F) << 6)
                               | (data[i + 3] & 0x3F))
                i += 4
            codes[o] = cp
            o += 1
        bounds[d + 1] = o
    return o
