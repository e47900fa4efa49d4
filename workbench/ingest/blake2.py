"""BLAKE2b-128 of many texts in one compiled call (numba, without the GIL).

The import fingerprints every post (``fingerprint.content_hashes``): ``hashlib`` would need a
Python call, an encoded ``bytes`` object and a hex string per text, all holding the GIL the
writing thread waits for. This is the same function (RFC 7693, no key, 16-byte digest, over
the text's UTF-8), checked against ``hashlib.blake2b`` in tests/ingest.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .codepoints import CodePoints

_IV = np.array([
    0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
    0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179,
], dtype=np.uint64)
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
DIGEST_BYTES = 16


@njit(cache=True, nogil=True, inline="always")
def _rotr(x, n):
    return (x >> np.uint64(n)) | (x << np.uint64(64 - n))


@njit(cache=True, nogil=True, inline="always")
def _g(v, a, b, c, d, x, y):
    v[a] = v[a] + v[b] + x
    v[d] = _rotr(v[d] ^ v[a], 32)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 24)
    v[a] = v[a] + v[b] + y
    v[d] = _rotr(v[d] ^ v[a], 16)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 63)


@njit(cache=True, nogil=True)
def _compress(h, block, count, last, v, m, iv, sigma):
    """BLAKE2b's F: fold one 128-byte block into the state ``h`` (``count`` bytes so far)."""
    for i in range(16):
        w = np.uint64(0)
        for k in range(8):
            w |= np.uint64(block[8 * i + k]) << np.uint64(8 * k)
        m[i] = w
    for i in range(8):
        v[i] = h[i]
        v[i + 8] = iv[i]
    v[12] ^= np.uint64(count)
    if last:
        v[14] = ~v[14]
    for r in range(12):
        s = sigma[r % 10]
        _g(v, 0, 4, 8, 12, m[s[0]], m[s[1]])
        _g(v, 1, 5, 9, 13, m[s[2]], m[s[3]])
        _g(v, 2, 6, 10, 14, m[s[4]], m[s[5]])
        _g(v, 3, 7, 11, 15, m[s[6]], m[s[7]])
        _g(v, 0, 5, 10, 15, m[s[8]], m[s[9]])
        _g(v, 1, 6, 11, 12, m[s[10]], m[s[11]])
        _g(v, 2, 7, 8, 13, m[s[12]], m[s[13]])
        _g(v, 3, 4, 9, 14, m[s[14]], m[s[15]])
    for i in range(8):
        h[i] ^= v[i] ^ v[i + 8]


@njit(cache=True, nogil=True)
def _utf8(cp, buf, at):
    """Write code point ``cp`` as UTF-8 at ``buf[at:]``; returns the new end."""
    if cp < 0x80:
        buf[at] = cp
        return at + 1
    if cp < 0x800:
        buf[at] = 0xC0 | (cp >> 6)
        buf[at + 1] = 0x80 | (cp & 0x3F)
        return at + 2
    if cp < 0x10000:
        buf[at] = 0xE0 | (cp >> 12)
        buf[at + 1] = 0x80 | ((cp >> 6) & 0x3F)
        buf[at + 2] = 0x80 | (cp & 0x3F)
        return at + 3
    buf[at] = 0xF0 | (cp >> 18)
    buf[at + 1] = 0x80 | ((cp >> 12) & 0x3F)
    buf[at + 2] = 0x80 | ((cp >> 6) & 0x3F)
    buf[at + 3] = 0x80 | (cp & 0x3F)
    return at + 4


@njit(cache=True, nogil=True)
def _hex_digests(codes, bounds, iv, sigma, hexdigits, out):
    """out[d] = the hex BLAKE2b-128 digest of the UTF-8 of ``codes[bounds[d]:bounds[d + 1]]``."""
    longest = 0
    for d in range(len(bounds) - 1):
        longest = max(longest, bounds[d + 1] - bounds[d])
    data = np.zeros(4 * longest + 128, dtype=np.uint8)
    h = np.empty(8, dtype=np.uint64)
    v = np.empty(16, dtype=np.uint64)
    m = np.empty(16, dtype=np.uint64)
    for d in range(len(bounds) - 1):
        size = 0
        for i in range(bounds[d], bounds[d + 1]):
            size = _utf8(codes[i], data, size)
        for i in range(8):
            h[i] = iv[i]
        h[0] ^= np.uint64(0x01010000 | 16)  # no key, 16-byte digest
        done = 0
        while size - done > 128:
            _compress(h, data[done:done + 128], done + 128, False, v, m, iv, sigma)
            done += 128
        for i in range(size, done + 128):  # the last block, zero-padded
            data[i] = 0
        _compress(h, data[done:done + 128], size, True, v, m, iv, sigma)
        for k in range(16):
            byte = (h[k // 8] >> np.uint64(8 * (k % 8))) & np.uint64(0xFF)
            out[d, 2 * k] = hexdigits[byte >> np.uint64(4)]
            out[d, 2 * k + 1] = hexdigits[byte & np.uint64(0xF)]


def hex_digests(points: CodePoints) -> list[str]:
    """``hashlib.blake2b(text.encode(), digest_size=16).hexdigest()`` of each text."""
    n = len(points)
    width = 2 * DIGEST_BYTES
    out = np.empty((n, width), dtype=np.uint8)
    if n:
        _hex_digests(points.codes, points.bounds, _IV, _SIGMA, _HEX, out)
    joined = out.tobytes().decode("ascii")
    return [joined[i:i + width] for i in range(0, n * width, width)]
