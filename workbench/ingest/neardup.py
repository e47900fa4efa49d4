"""Near-duplicate detection with MinHash-LSH over character 3-grams, vectorised in numpy.

Scales linearly: each text gets a signature of ``PERMS`` minimum hashes, cut into ``BANDS``
bands of ``ROWS``; two texts become candidates only when a whole band is equal (no all-pairs
comparison), and a candidate counts when the signatures agree on at least ``THRESHOLD`` of
their positions (an estimate of the Jaccard similarity of their 3-gram sets).

With 8 bands × 3 rows a pair at Jaccard 0.7 is found with probability ≈ 0.97, at 0.5 ≈ 0.66,
at 0.3 ≈ 0.2 (and then rejected by the signature check).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from numba import njit

from .codepoints import CodePoints

SHINGLE = 3
BANDS = 8
ROWS = 3
PERMS = BANDS * ROWS
THRESHOLD = 0.6

_rng = np.random.default_rng(20240501)  # fixed: signatures in the store must stay comparable
_A = _rng.integers(1, 2**32, PERMS, dtype=np.uint32) | np.uint32(1)  # odd: a bijection mod 2**32
_B = _rng.integers(0, 2**32, PERMS, dtype=np.uint32)
_P = _rng.integers(1, 2**32, SHINGLE, dtype=np.uint32) | np.uint32(1)
_BAND_MIX = _rng.integers(1, 2**63, (BANDS, ROWS), dtype=np.uint64) | np.uint64(1)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads bits so that 3-gram hashes look random."""
    x = x ^ (x >> np.uint64(30))
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    return x ^ (x >> np.uint64(31))


@njit(cache=True, nogil=True)
def _min_hashes(codes, bounds, a, b, p, sig):
    """sig[d] = the PERMS minimum hashes of text d's character 3-grams, the text being
    ``codes[bounds[d]:bounds[d + 1]]`` (code points) padded with U+0001 to three characters.

    A 3-gram hashes to ``fmix32(c0·p0 + c1·p1 + c2·p2)`` (MurmurHash3's 32-bit finaliser makes
    the hashes look random) and permutation k maps it to ``a[k]·h + b[k]``, all modulo 2³²;
    compiled without the GIL, so the import's other thread writes meanwhile."""
    m32 = np.uint64(0xFFFFFFFF)
    perms = len(a)
    for d in range(len(bounds) - 1):
        start, length = bounds[d], bounds[d + 1] - bounds[d]
        for k in range(perms):
            sig[d, k] = 0xFFFFFFFF
        for i in range(max(length, 3) - 2):
            h = np.uint64(0)
            for j in range(3):
                c = np.uint64(codes[start + i + j]) if i + j < length else np.uint64(1)
                h += c * np.uint64(p[j])
            h &= m32
            h ^= h >> np.uint64(16)
            h = (h * np.uint64(0x85EBCA6B)) & m32
            h ^= h >> np.uint64(13)
            h = (h * np.uint64(0xC2B2AE35)) & m32
            h ^= h >> np.uint64(16)
            for k in range(perms):
                v = np.uint32((h * np.uint64(a[k]) + np.uint64(b[k])) & m32)
                if v < sig[d, k]:
                    sig[d, k] = v


def signatures(normalised: Sequence[str] | CodePoints) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures of normalised texts (or their ``CodePoints``).

    Returns ``(sig, ok)``: ``sig`` is uint32 of shape (n, PERMS); ``ok`` marks texts that had
    anything to compare (an empty normalised text never counts as a near duplicate).
    All texts go to the compiled kernel as one array of code points (no Python loop per text).
    """
    points = normalised if isinstance(normalised, CodePoints) else CodePoints.of(normalised)
    sig = np.zeros((len(points), PERMS), dtype=np.uint32)
    ok = points.lengths > 0
    if len(points):
        _min_hashes(points.codes, points.bounds, _A, _B, _P, sig)
    return sig, ok


def band_keys(sig: np.ndarray) -> np.ndarray:
    """One 64-bit key per band: shape (n, BANDS), int64 (DuckDB-friendly)."""
    s = sig.astype(np.uint64).reshape(len(sig), BANDS, ROWS)
    keys = np.zeros((len(sig), BANDS), dtype=np.uint64)
    for r in range(ROWS):
        keys = _mix(keys ^ (s[:, :, r] * _BAND_MIX[:, r]))
    return keys.view(np.int64)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of paired signatures (rows of ``a`` and ``b``)."""
    return (a == b).mean(axis=1)


def band_order(keys: np.ndarray) -> np.ndarray:
    """Per band, the rows in the order of their keys (rows of one key in row order): shape
    (BANDS, n). The in-memory lookups (``within``, ``FileIndex``) walk keys in this order; the
    import sorts a chunk while the chunk before it is written.

    Keys are hashes, so their top bits spread rows evenly: one counting pass into about n
    buckets by those bits, then each bucket sorted on its own (4× cheaper than ``np.argsort``
    of the band, 44 → 11 ms for 100k texts)."""
    by_band = _by_band(keys)
    n = by_band.shape[1]
    bits = min(16, max(1, n.bit_length()))
    order = np.empty(by_band.shape, dtype=np.int64)
    _bucket_sort(by_band, bits, order, np.empty((1 << bits) + 1, dtype=np.int64))
    return order


_SMALL_BUCKET = 32  # larger buckets (only if keys cluster, as crafted ones could) take a merge sort


@njit(cache=True, nogil=True)
def _bucket_sort(by_band, bits, order, start):
    """order[b] = the rows sorted by their key in band b (int64 order; equal keys in row order)."""
    n, shift, half = by_band.shape[1], 64 - bits, 1 << (bits - 1)
    for b in range(by_band.shape[0]):
        start[:] = 0
        for i in range(n):  # an arithmetic shift keeps the keys' signed order among buckets
            start[(by_band[b, i] >> shift) + half + 1] += 1
        for c in range(1, len(start)):
            start[c] += start[c - 1]
        fill = start[:-1].copy()
        for i in range(n):
            c = (by_band[b, i] >> shift) + half
            order[b, fill[c]] = i
            fill[c] += 1
        for c in range(len(start) - 1):
            lo, hi = start[c], start[c + 1]
            if hi - lo > _SMALL_BUCKET:
                rows = order[b, lo:hi].copy()
                order[b, lo:hi] = rows[np.argsort(by_band[b, rows], kind="mergesort")]
                continue
            for u in range(lo + 1, hi):  # insertion sort: strict comparison keeps equal keys in row order
                i, k = order[b, u], by_band[b, order[b, u]]
                w = u
                while w > lo and by_band[b, order[b, w - 1]] > k:
                    order[b, w] = order[b, w - 1]
                    w -= 1
                order[b, w] = i


def restrict(order: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``band_order`` of the rows where ``mask`` holds, numbered among those rows."""
    if mask.all():
        return order
    out = np.empty((len(order), np.count_nonzero(mask)), dtype=order.dtype)
    _restrict(order, np.ascontiguousarray(mask), np.cumsum(mask) - 1, out)
    return out


@njit(cache=True, nogil=True)
def _restrict(order, mask, renumbered, out):
    for b in range(order.shape[0]):
        w = 0
        for t in range(order.shape[1]):
            i = order[b, t]
            if mask[i]:
                out[b, w] = renumbered[i]
                w += 1


@njit(cache=True, nogil=True)
def _run_end(by_band, order, b, t):
    """Where the run of rows sharing the key of ``order[b, t]`` in band b ends (``by_band``:
    the keys band by band, see ``_by_band``)."""
    k, e = by_band[b, order[b, t]], t + 1
    while e < order.shape[1] and by_band[b, order[b, e]] == k:
        e += 1
    return e


def _by_band(keys: np.ndarray) -> np.ndarray:
    """Band keys (n, BANDS) laid out band by band: the compiled passes read one band's keys in
    key order, and a band's own row of 8 bytes a text stays in cache where a stride of 64 bytes
    across all the keys does not (within a chunk: 66 → 12 ms for 100k texts)."""
    return np.ascontiguousarray(keys.T)


@njit(cache=True, nogil=True)
def _chunk_heads(by_band, order, ok, sig, threshold, best):
    """best[i] = the smallest row j < i with ok[j] sharing a band key with row i as the first
    ok row of that key, whose signature agrees with row i's on ``threshold`` of positions."""
    perms = sig.shape[1]
    for b in range(order.shape[0]):
        t = 0
        while t < order.shape[1]:
            e = _run_end(by_band, order, b, t)
            if e == t + 1:  # a key of one text: nothing to compare (most keys)
                t = e
                continue
            head = -1
            for u in range(t, e):
                i = order[b, u]
                if ok[i] and (head < 0 or i < head):
                    head = i
            for u in range(t, e):
                i = order[b, u]
                if not ok[i] or i == head:
                    continue
                same = 0
                for k in range(perms):
                    same += sig[i, k] == sig[head, k]
                if same / perms >= threshold and (best[i] < 0 or head < best[i]):
                    best[i] = head
            t = e


def within(sig: np.ndarray, ok: np.ndarray, keys: np.ndarray | None = None,
           order: np.ndarray | None = None) -> np.ndarray:
    """For each text, the position of an earlier near-duplicate text in the same list, or -1.

    ``keys`` are the texts' ``band_keys`` and ``order`` their ``band_order`` when the caller has
    them already.

    Texts sharing a band key are compared with the first text of that bucket only, so the
    work stays linear even when thousands of reposts share one bucket.
    """
    best = np.full(len(sig), -1, dtype=np.int64)
    if np.count_nonzero(ok) < 2:
        return best
    keys = band_keys(sig) if keys is None else keys
    order = band_order(keys) if order is None else order
    _chunk_heads(_by_band(keys), order, np.ascontiguousarray(ok), sig, THRESHOLD, best)
    return best


@njit(cache=True, nogil=True)
def _lookup(claimed, owner, held, by_band, order, out):
    """out[i, b] = the owner of row i's key in band b among the claimed keys (sorted, the first
    held[b] of each row of ``claimed``), or -1. The rows come in key order, so each search
    gallops on from where the one before ended (a chunk's keys are dense among the file's)."""
    for b in range(order.shape[0]):
        n, lo = held[b], 0
        for t in range(order.shape[1]):
            i = order[b, t]
            k = by_band[b, i]
            hi, step = lo, 1
            while hi < n and claimed[b, hi] < k:  # everything before lo is below k
                lo = hi + 1
                hi += step
                step *= 2
            hi = min(hi, n)
            while lo < hi:
                mid = (lo + hi) >> 1
                if claimed[b, mid] < k:
                    lo = mid + 1
                else:
                    hi = mid
            out[i, b] = owner[b, lo] if lo < n and claimed[b, lo] == k else -1


@njit(cache=True, nogil=True)
def _closest(owners, ok, sig, file_sig, file_ids, threshold, best):
    """best[i] = the smallest id among the originals owning one of row i's buckets whose
    signature agrees with row i's on ``threshold`` of positions, or -1; each original once."""
    perms = sig.shape[1]
    for i in range(owners.shape[0]):
        best[i] = -1
        if not ok[i]:
            continue
        for b in range(owners.shape[1]):
            p = owners[i, b]
            seen = p < 0
            for c in range(b):
                seen = seen or owners[i, c] == p
            if seen:
                continue
            same = 0
            for k in range(perms):
                same += sig[i, k] == file_sig[p, k]
            if same / perms >= threshold and (best[i] < 0 or file_ids[p] < best[i]):
                best[i] = file_ids[p]


@njit(cache=True, nogil=True)
def _claim(claimed, owner, held, by_band, order, free, positions, took, pick):
    """Merge into each band's claimed keys those of rows where ``free[b, i]``, the first row of
    each key winning (took[b, i] marks it); in place, from the end, so nothing is copied twice."""
    for b in range(order.shape[0]):
        m, t = 0, 0
        while t < order.shape[1]:
            e = _run_end(by_band, order, b, t)
            first = -1
            for u in range(t, e):
                i = order[b, u]
                if free[b, i] and (first < 0 or i < first):
                    first = i
            if first >= 0:
                pick[m] = first
                took[b, first] = True
                m += 1
            t = e
        i, w = held[b] - 1, held[b] + m - 1
        for j in range(m - 1, -1, -1):
            k = by_band[b, pick[j]]
            while i >= 0 and claimed[b, i] > k:
                claimed[b, w], owner[b, w] = claimed[b, i], owner[b, i]
                i -= 1
                w -= 1
            claimed[b, w], owner[b, w] = k, positions[pick[j]]
            w -= 1
        held[b] += m


class FileIndex:
    """The original posts of one file so far (ids, signatures, the LSH buckets they claimed), so
    that later rows of the file find them in memory instead of in the store's index, which a
    query would have to scan whole for every chunk. Per band the claimed keys are kept sorted
    with their claimant; lookups, comparisons and claims are compiled passes over a chunk's keys
    in ``band_order`` (no Python per text, no GIL). Everything sits in arrays that grow by
    doubling from ``capacity`` originals (the file's expected rows: untouched memory costs
    nothing, so nothing is copied for a file that keeps to its estimate)."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        capacity = max(capacity, 1 << 10)
        self.count = 0
        self._ids = np.empty(capacity, dtype=np.int64)
        self._sig = np.empty((capacity, PERMS), dtype=np.uint32)
        self._keys = np.empty((BANDS, capacity), dtype=np.int64)
        self._owner = np.empty((BANDS, capacity), dtype=np.int32)  # a position among the file's originals
        self._held = np.zeros(BANDS, dtype=np.int64)

    def nearest(self, sig: np.ndarray, keys: np.ndarray, order: np.ndarray,
                ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each text (signatures, band keys (n, BANDS), their ``band_order``; ``ok`` the
        texts that count): the smallest id of an original of this file it nearly duplicates
        (sharing a bucket, signatures agreeing on ``THRESHOLD``), or -1; and which of its
        buckets (n, BANDS) an original of this file holds."""
        owners = np.empty(keys.shape, dtype=np.int64)
        _lookup(self._keys, self._owner, self._held, _by_band(keys), order, owners)
        best = np.empty(len(keys), dtype=np.int64)
        ok = np.ascontiguousarray(ok)
        _closest(owners, ok, sig, self._sig, self._ids, THRESHOLD, best)
        return best, (owners >= 0) & ok[:, None]

    def add(self, ids: np.ndarray, sig: np.ndarray, keys: np.ndarray, free: np.ndarray,
            order: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Add originals, in order (``order``: their ``band_order``); each claims its buckets
        where ``free`` (n, BANDS: held by no original in the store or in the file, see
        ``nearest``) unless one before it in ``ids`` claims the same bucket. Returns the buckets
        claimed, ``(band, key, post_id)``."""
        n = len(ids)
        self._reserve(self.count + n)
        self._ids[self.count:self.count + n], self._sig[self.count:self.count + n] = ids, sig
        positions = np.arange(self.count, self.count + n, dtype=np.int32)
        self.count += n
        took, by_band = np.zeros((BANDS, n), dtype=np.bool_), _by_band(keys)
        _claim(self._keys, self._owner, self._held, by_band, order, _by_band(free), positions, took,
               np.empty(n, dtype=np.int64))
        band, row = np.nonzero(took)  # band by band
        return band.astype(np.int8), by_band[band, row], ids[row]

    def _reserve(self, size: int) -> None:
        """Room for ``size`` originals (a band claims at most one bucket per original)."""
        capacity = len(self._ids)
        if size <= capacity:
            return
        while capacity < size:
            capacity *= 2
        ids, sig = np.empty(capacity, dtype=np.int64), np.empty((capacity, PERMS), dtype=np.uint32)
        keys, owner = np.empty((BANDS, capacity), dtype=np.int64), np.empty((BANDS, capacity), dtype=np.int32)
        ids[:self.count], sig[:self.count] = self._ids[:self.count], self._sig[:self.count]
        for b, held in enumerate(self._held):
            keys[b, :held], owner[b, :held] = self._keys[b, :held], self._owner[b, :held]
        self._ids, self._sig, self._keys, self._owner = ids, sig, keys, owner
