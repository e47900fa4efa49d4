"""BLAKE2b-128 (RFC 7693, no key) of many byte strings in one compiled pass.

``hashlib.blake2b(data, digest_size=16).hexdigest()`` is the definition (``content_hash``); the
compiled pass gives the same digests for a whole chunk of texts without a Python call per text,
and without the GIL (one import's preparing thread hashes while the other writes): per 100k
texts about 95 → 15 ms.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from numba import njit

DIGEST_BYTES = 16

_IV = np.array([0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
                0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179], dtype=np.uint64)
_SIGMA = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
], dtype=np.int64)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_digests(data: bytes, starts: np.ndarray, ends: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """The BLAKE2b-128 hex digest of each ``data[starts[d]:ends[d]]``, as a text array (``str``
    dtype) built on the digests' bytes: no Python string per digest."""
    n = len(starts)
    out = np.empty((n, 2 * DIGEST_BYTES), dtype=np.uint8)
    if n:
        _digests(np.frombuffer(data, dtype=np.uint8), np.ascontiguousarray(starts, dtype=np.int64),
                 np.ascontiguousarray(ends, dtype=np.int64), _IV, _SIGMA, _HEX, out)
    offsets = np.arange(n + 1, dtype=np.int32) * (2 * DIGEST_BYTES)
    digests = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out))
    return pd.array(digests, dtype="str")


@njit(cache=True, nogil=True, inline="always")
def _rotr(x, n):
    return (x >> np.uint64(n)) | (x << np.uint64(64 - n))


@njit(cache=True, nogil=True, inline="always")
def _g(a, b, c, d, x, y):
    a = a + b + x
    d = _rotr(d ^ a, 32)
    c = c + d
    b = _rotr(b ^ c, 24)
    a = a + b + y
    d = _rotr(d ^ a, 16)
    c = c + d
    b = _rotr(b ^ c, 63)
    return a, b, c, d


@njit(cache=True, nogil=True)
def _compress(h, m, iv, sigma, t, last):
    """One block: the working vector in 16 locals (registers), not an array."""
    v0, v1, v2, v3, v4, v5, v6, v7 = h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
    v8, v9, v10, v11, v12, v13, v14, v15 = iv[0], iv[1], iv[2], iv[3], iv[4], iv[5], iv[6], iv[7]
    v12 ^= np.uint64(t)
    if last:
        v14 = ~v14
    for r in range(12):
        s = sigma[r % 10]
        v0, v4, v8, v12 = _g(v0, v4, v8, v12, m[s[0]], m[s[1]])
        v1, v5, v9, v13 = _g(v1, v5, v9, v13, m[s[2]], m[s[3]])
        v2, v6, v10, v14 = _g(v2, v6, v10, v14, m[s[4]], m[s[5]])
        v3, v7, v11, v15 = _g(v3, v7, v11, v15, m[s[6]], m[s[7]])
        v0, v5, v10, v15 = _g(v0, v5, v10, v15, m[s[8]], m[s[9]])
        v1, v6, v11, v12 = _g(v1, v6, v11, v12, m[s[10]], m[s[11]])
        v2, v7, v8, v13 = _g(v2, v7, v8, v13, m[s[12]], m[s[13]])
        v3, v4, v9, v14 = _g(v3, v4, v9, v14, m[s[14]], m[s[15]])
    h[0] ^= v0 ^ v8
    h[1] ^= v1 ^ v9
    h[2] ^= v2 ^ v10
    h[3] ^= v3 ^ v11
    h[4] ^= v4 ^ v12
    h[5] ^= v5 ^ v13
    h[6] ^= v6 ^ v14
    h[7] ^= v7 ^ v15


@njit(cache=True, nogil=True)
def _digests(buf, starts, ends, iv, sigma, hexchars, out):
    """out[d] = the hex digest of buf[starts[d]:ends[d]] (texts under 2⁶⁴ bytes: the counter's
    high word stays 0)."""
    h = np.empty(8, dtype=np.uint64)
    block = np.zeros(128, dtype=np.uint8)
    m = block.view(np.uint64)  # little-endian words, as the machine is (x86, ARM)
    for d in range(len(starts)):
        for i in range(8):
            h[i] = iv[i]
        h[0] ^= np.uint64(0x01010000 | DIGEST_BYTES)  # no key, 16-byte digest
        s, e = starts[d], ends[d]
        t = 0
        while e - s > 128:  # every block but the last
            block[:] = buf[s:s + 128]
            t += 128
            _compress(h, m, iv, sigma, t, False)
            s += 128
        block[:] = 0
        block[:e - s] = buf[s:e]
        t += e - s
        _compress(h, m, iv, sigma, t, True)
        for i in range(DIGEST_BYTES):
            byte = (h[i // 8] >> np.uint64(8 * (i % 8))) & np.uint64(0xFF)
            out[d, 2 * i] = hexchars[byte >> np.uint64(4)]
            out[d, 2 * i + 1] = hexchars[byte & np.uint64(0xF)]
