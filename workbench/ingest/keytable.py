"""A hash table from 128-bit keys to int64 values, compiled (numba) and growing as it fills.

The import's in-memory index of the identities of the rows one file inserted uses it
(``filekeys``). Lookups and inserts of a whole chunk are one call each, with no Python per key and without the GIL (the
import's other thread keeps working meanwhile). Open addressing with linear probing; a key is
two uint64 words (``hi``, ``lo``), whose ``hi`` is already a hash (it picks the slot).
"""
from __future__ import annotations

import numpy as np
from numba import njit

_EMPTY = np.int64(-1)  # a free slot's value: stored values are never negative


@njit(cache=True, nogil=True)
def _slot(hi, mask):
    # hi is a hash already; folding its upper half in keeps keys that differ only there apart
    return np.int64((hi ^ (hi >> np.uint64(29))) & np.uint64(mask))


@njit(cache=True, nogil=True)
def _find(t_hi, t_lo, t_val, q_hi, q_lo, out):
    mask = len(t_val) - 1
    for i in range(len(q_hi)):
        s = _slot(q_hi[i], mask)
        out[i] = -1
        while t_val[s] != -1:
            if t_hi[s] == q_hi[i] and t_lo[s] == q_lo[i]:
                out[i] = t_val[s]
                break
            s = (s + 1) & mask


@njit(cache=True, nogil=True)
def _put(t_hi, t_lo, t_val, k_hi, k_lo, vals, added):
    """Insert each key absent so far (the first of equal keys wins); added[i] says whether key i
    went in. Returns how many did."""
    mask = len(t_val) - 1
    n = 0
    for i in range(len(k_hi)):
        s = _slot(k_hi[i], mask)
        added[i] = True
        while t_val[s] != -1:
            if t_hi[s] == k_hi[i] and t_lo[s] == k_lo[i]:
                added[i] = False
                break
            s = (s + 1) & mask
        if added[i]:
            t_hi[s], t_lo[s], t_val[s] = k_hi[i], k_lo[i], vals[i]
            n += 1
    return n


class KeyTable:
    """``{(hi, lo): value}`` for uint64 ``hi``, ``lo`` and non-negative int64 values."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        self.count = 0
        self._alloc(capacity)

    def _alloc(self, capacity: int) -> None:
        self._hi = np.zeros(capacity, dtype=np.uint64)
        self._lo = np.zeros(capacity, dtype=np.uint64)
        self._val = np.full(capacity, _EMPTY, dtype=np.int64)

    def __len__(self) -> int:
        return self.count

    def get(self, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
        """The value of each key ``(hi[i], lo[i])``, or -1 where the table has none."""
        out = np.empty(len(hi), dtype=np.int64)
        _find(self._hi, self._lo, self._val, _words(hi), _words(lo), out)
        return out

    def put(self, hi: np.ndarray, lo: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Insert the keys not there yet, in order (an earlier equal key wins); returns which went in."""
        added = np.zeros(len(hi), dtype=np.bool_)
        if not len(hi):
            return added
        self._reserve(self.count + len(hi))
        self.count += _put(self._hi, self._lo, self._val, _words(hi), _words(lo),
                           np.ascontiguousarray(values, dtype=np.int64), added)
        return added

    def _reserve(self, count: int) -> None:
        """At most half full after ``count`` keys: linear probes stay short."""
        size = len(self._val)
        if 2 * count <= size:
            return
        while 2 * count > size:
            size *= 2
        used = self._val != _EMPTY
        hi, lo, val = self._hi[used], self._lo[used], self._val[used]
        self._alloc(size)
        _put(self._hi, self._lo, self._val, hi, lo, val, np.zeros(len(hi), dtype=np.bool_))


def _words(a: np.ndarray) -> np.ndarray:
    """``a`` as contiguous uint64 (int64 keys reinterpreted, not converted)."""
    a = np.ascontiguousarray(a)
    return a.view(np.uint64) if a.dtype == np.int64 else a.astype(np.uint64, copy=False)
