"""Many texts as one array of Unicode code points, the form the compiled loops read.

``CodePoints.of(texts)`` encodes them once (one ``join``, one ``encode``: no Python per text
beyond its length); the fingerprint loops (``fingerprint``, ``blake2``, ``neardup``) share it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


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

    def __len__(self) -> int:
        return len(self.bounds) - 1

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.bounds)
