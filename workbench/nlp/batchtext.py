"""A batch of texts as one string, so each regex scans the whole batch in one call.

Per-text ``finditer`` calls cost more in Python overhead than the scan itself on short posts;
here the texts are joined with a newline (normalised texts contain none) and every match is
mapped back to its text by the start offsets. Patterns must not match across a newline.
"""
from __future__ import annotations

import re
from typing import Iterator, Sequence

import numpy as np

SEP = "\n"


class BatchText:
    """``texts`` joined by ``SEP``; ``starts[i]`` is where text i begins in ``joined``."""

    def __init__(self, texts: Sequence[str]):
        self.n = len(texts)
        self.joined = SEP.join(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=self.n)
        self.starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]) if self.n else np.zeros(0, np.int64)
        self._start_list = self.starts.tolist()  # Python ints: cheap in ``before``

    def finditer(self, pattern: re.Pattern) -> Iterator[tuple[int, re.Match]]:
        """(text index, match) for every match of ``pattern`` in the batch, in order."""
        matches = list(pattern.finditer(self.joined))
        if not matches:
            return iter(())
        docs = np.searchsorted(self.starts, [m.start() for m in matches], side="right") - 1
        return zip(docs.tolist(), matches)

    def spans(self, pattern) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(text index, term index, start, end) arrays of a ``lexicons.TermPattern``'s matches in
        the batch, in order; start and end are offsets in ``joined``."""
        found = pattern.spans(self.joined)
        docs = np.searchsorted(self.starts, found[:, 1], side="right") - 1
        return docs, found[:, 0], found[:, 1], found[:, 2]

    def before(self, doc: int, pos: int, width: int) -> str:
        """Up to ``width`` characters of text ``doc`` before offset ``pos`` of ``joined``."""
        start = self._start_list[doc]
        return self.joined[start if pos - width < start else pos - width:pos]
