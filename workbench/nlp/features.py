"""Fast text features for a whole batch: hashed character n-grams and word n-grams, TF-IDF.

scikit-learn's vectorizers build and look up every n-gram string in Python, which cost
~0.3 ms a post and made feature extraction the slowest step of ``analyze``. Here character
n-grams are hashed with numpy over the batch's code points at once, and word n-grams are
looked up in a plain dict; both use sublinear TF, smoothed IDF and L2-normalised rows, as
``TfidfVectorizer(sublinear_tf=True)`` does.

At prediction the character block is never built: ``CharNgrams.product`` hashes, counts,
weighs and multiplies each post's n-grams by the weights in one compiled loop (numba), the
same figures as ``transform(texts) @ W`` without the sparse matrix (its sorting and copies
were a third of ``analyze``'s time).
"""
from __future__ import annotations

from collections import Counter
from itertools import repeat
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from llvmlite import ir
from llvmlite.binding import llvm_version_info
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from .segment import Segmented

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_PRIME = np.uint64(1_000_003)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _finalise(h):
    """The n-gram hash's finaliser (splitmix64), in place on a uint64 array (``_counts``) or,
    compiled as ``_mix``, on one hash (``_char_product``): one definition for both paths."""
    h ^= h >> np.uint64(30)
    h *= _MIX1
    h ^= h >> np.uint64(27)
    h *= _MIX2
    h ^= h >> np.uint64(31)
    return h


_mix = njit(cache=True, nogil=True)(_finalise)


@intrinsic
def _prefetch(typingctx, rows, row, col):
    """Ask the CPU to fetch ``rows[row, col]``'s cache line now, without waiting for it (LLVM's
    prefetch: never faults, no result)."""
    def codegen(context, builder, signature, args):
        array_type = signature.args[0]
        array = context.make_array(array_type)(context, builder, args[0])
        ptr = cgutils.get_item_pointer(context, builder, array_type, array, [args[1], args[2]], wraparound=False)
        byte_ptr, i32 = ir.IntType(8).as_pointer(), ir.IntType(32)
        name = "llvm.prefetch.p0" if llvm_version_info[0] >= 15 else "llvm.prefetch.p0i8"  # opaque pointers from LLVM 15
        fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.VoidType(), [byte_ptr, i32, i32, i32]), name)
        builder.call(fn, [builder.bitcast(ptr, byte_ptr), i32(0), i32(3), i32(1)])  # read, keep in all levels, data
        return context.get_dummy_value()
    return types.void(rows, row, col), codegen


@njit(cache=True, nogil=True)
def _char_product(cp, bounds, ngrams, n_features, rows, n_out, out):
    """out[d] = (sublinear TF-IDF, L2-normalised, of text d's hashed n-grams) @ W, for the
    texts whose code points are ``cp[bounds[d]:bounds[d + 1]]``; ``rows`` is ``CharWeights``'
    table (a bucket's idf in column 0, its weights in columns 1..n_out). A text's n-grams are
    counted in a small open-addressing table (cleared after each text), not sorted; each
    bucket's row is prefetched when its n-gram is hashed, so that the rows (a table far larger
    than the caches) arrive while the text's other n-grams are hashed."""
    longest = 1
    for d in range(len(bounds) - 1):
        longest = max(longest, bounds[d + 1] - bounds[d])
    size = 1
    while size < 2 * longest * len(ngrams):
        size *= 2
    table = np.full(size, -1, dtype=np.int64)  # bucket of a slot, -1 when free
    counts = np.zeros(size, dtype=np.int32)
    used = np.empty(longest * len(ngrams), dtype=np.int64)  # slots in first-use order
    weights = np.empty(longest * len(ngrams), dtype=np.float32)
    buckets = np.uint64(n_features)
    power_of_two = (n_features & (n_features - 1)) == 0
    low_bits = np.uint64(n_features - 1)  # h % buckets without a division, when buckets is 2^k
    second_line = min(16, rows.shape[1] - 1)  # 16 float32: where a 128-byte row's second cache line starts
    mask = size - 1
    for d in range(len(bounds) - 1):
        start, length = bounds[d], bounds[d + 1] - bounds[d]
        n_used = 0
        for k in ngrams:
            for i in range(length - k + 1):
                h = cp[start + i]
                for j in range(1, k):
                    h = h * _PRIME + cp[start + i + j]
                h = _mix(h + np.uint64(k) * _GOLDEN)
                col = np.int64(h & low_bits) if power_of_two else np.int64(h % buckets)
                _prefetch(rows, col, 0)
                _prefetch(rows, col, second_line)
                slot = (col * 40503) & mask
                while table[slot] != -1 and table[slot] != col:
                    slot = (slot + 1) & mask
                if table[slot] == -1:
                    table[slot] = col
                    used[n_used] = slot
                    n_used += 1
                counts[slot] += 1
        norm2 = 0.0
        for t in range(n_used):
            slot = used[t]
            w = (np.float32(1.0) + np.log(np.float32(counts[slot]))) * rows[table[slot], 0]
            weights[t] = w
            norm2 += np.float64(w) * np.float64(w)
        if norm2 > 0:
            norm = np.float32(np.sqrt(norm2))
            for t in range(n_used):
                if weights[t] != 0:
                    w = weights[t] / norm
                    r = table[used[t]]
                    for c in range(n_out):
                        out[d, c] += w * rows[r, 1 + c]
        for t in range(n_used):  # clear the table for the next text
            table[used[t]] = -1
            counts[used[t]] = 0


class CharWeights:
    """A weight matrix of the character block laid out for ``_char_product``: one row per
    bucket, its idf first and its weights after, padded to whole 64-byte cache lines and
    aligned to them, so that an n-gram's idf and weights arrive in one or two line fetches
    (the separate idf vector and 96-byte weight rows cost two to three, and these random reads
    were most of the product's time)."""

    def __init__(self, idf: np.ndarray, weights: np.ndarray):
        n, self.n_out = weights.shape
        width = -(-(1 + self.n_out) // 16) * 16  # 16 float32 per line
        buffer = np.zeros(n * width + 16, dtype=np.float32)
        offset = (-buffer.ctypes.data % 64) // 4
        self.rows = buffer[offset:offset + n * width].reshape(n, width)
        self.rows[:, 0] = idf
        self.rows[:, 1:1 + self.n_out] = weights


@njit(cache=True, nogil=True)
def _bigram_table(keys, cols):
    """An open-addressing hash table of the bigram keys (slot keys, -1 for empty; slot columns),
    at most half full: a lookup costs one or two probes instead of a binary search's 17."""
    size = 1
    while size < 2 * len(keys):
        size *= 2
    slot_keys = np.full(size, -1, dtype=np.int64)
    slot_cols = np.zeros(size, dtype=np.int64)
    mask = np.uint64(size - 1)
    for i in range(len(keys)):
        s = _mix(np.uint64(keys[i])) & mask
        while slot_keys[s] != -1:
            s = (s + np.uint64(1)) & mask
        slot_keys[s] = keys[i]
        slot_cols[s] = cols[i]
    return slot_keys, slot_cols


@njit(cache=True, nogil=True)
def _word_rows(ids, bounds, unigram_col, slot_keys, slot_cols, n_words, idf):
    """CSR arrays (indptr, indices, data) of the word 1–2-gram TF-IDF rows of the texts whose
    word ids (-1: unknown) are ``ids[bounds[d]:bounds[d + 1]]``: what ``_tfidf`` makes of the
    same n-grams, one text at a time, without a sparse matrix's sorting and copies. Bigrams
    are looked up in ``_bigram_table`` (empty: unigrams only)."""
    n = len(bounds) - 1
    indptr = np.zeros(n + 1, dtype=np.int64)
    indices = np.empty(2 * len(ids), dtype=np.int32)
    data = np.empty(2 * len(ids), dtype=np.float32)
    cols = np.empty(2 * max(1, len(ids)), dtype=np.int64)
    mask = np.uint64(len(slot_keys) - 1)
    nnz = 0
    for d in range(n):
        m = 0
        for i in range(bounds[d], bounds[d + 1]):
            a = ids[i]
            if a < 0:
                continue
            if unigram_col[a] >= 0:
                cols[m] = unigram_col[a]
                m += 1
            if i + 1 < bounds[d + 1] and ids[i + 1] >= 0 and len(slot_keys) > 1:
                key = a * n_words + ids[i + 1]
                s = _mix(np.uint64(key)) & mask
                while slot_keys[s] != -1 and slot_keys[s] != key:
                    s = (s + np.uint64(1)) & mask
                if slot_keys[s] == key:
                    cols[m] = slot_cols[s]
                    m += 1
        sorted_cols = cols[:m]
        sorted_cols.sort()
        start = nnz
        norm2 = 0.0
        i = 0
        while i < m:
            j = i + 1
            while j < m and sorted_cols[j] == sorted_cols[i]:
                j += 1
            w = (np.float32(1.0) + np.log(np.float32(j - i))) * idf[sorted_cols[i]]
            if w != 0:
                indices[nnz] = sorted_cols[i]
                data[nnz] = w
                norm2 += np.float64(w) * np.float64(w)
                nnz += 1
            i = j
        if norm2 > 0:
            norm = np.float32(np.sqrt(norm2))
            for t in range(start, nnz):
                data[t] = data[t] / norm
        indptr[d + 1] = nnz
    return indptr, indices[:nnz], data[:nnz]


def _tfidf(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int, idf: np.ndarray | None) -> sp.csr_matrix:
    X = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_rows, n_cols))
    X.sum_duplicates()
    if idf is None:
        return X
    X.data = (1.0 + np.log(X.data)) * idf[X.indices]
    X.eliminate_zeros()
    row_of = np.repeat(np.arange(n_rows), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=X.data.astype(np.float64) ** 2, minlength=n_rows))
    X.data /= norms[row_of].astype(np.float32)
    return X


def _idf(X: sp.csr_matrix, min_df: int) -> np.ndarray:
    df = np.bincount(X.indices, minlength=X.shape[1])
    idf = (np.log((1.0 + X.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)
    idf[df < min_df] = 0.0  # rare n-grams are noise: dropped, as min_df does
    return idf


class CharNgrams:
    """Character n-grams (default 1–3) hashed into ``n_features`` buckets."""

    def __init__(self, n_features: int = 2**19, ngrams: Sequence[int] = (1, 2, 3), min_df: int = 2):
        self.n_features = n_features
        self.ngrams = tuple(ngrams)
        self.min_df = min_df
        self.idf: np.ndarray | None = None

    def _counts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        n = len(texts)
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        joined = "\x00".join(t.replace("\x00", " ") for t in texts) + "\x00"
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=n)
        doc = np.repeat(np.arange(n), lengths)
        sep = cp == 0
        rows, cols = [], []
        with np.errstate(over="ignore"):
            for k in self.ngrams:
                m = len(cp) - k + 1
                if m <= 0:
                    continue
                h = cp[:m].copy()
                valid = ~sep[:m]
                for j in range(1, k):
                    h = h * _PRIME + cp[j:j + m]
                    valid &= ~sep[j:j + m]
                h = _finalise(h + np.uint64(k) * _GOLDEN)  # n-gram length is part of the key
                rows.append(doc[:m][valid])
                cols.append((h[valid] % np.uint64(self.n_features)).astype(np.int64))
        return np.concatenate(rows), np.concatenate(cols)

    def fit(self, texts: Sequence[str]) -> "CharNgrams":
        rows, cols = self._counts(texts)
        self.idf = _idf(_tfidf(rows, cols, len(texts), self.n_features, None), self.min_df)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows, cols = self._counts(texts)
        return _tfidf(rows, cols, len(texts), self.n_features, self.idf)

    def weights(self, weights: np.ndarray) -> CharWeights:
        """``weights`` (one row per bucket) with this vectorizer's idf, laid out for ``product``."""
        return CharWeights(self.idf, np.asarray(weights, dtype=np.float32))

    def product(self, texts: Sequence[str], weights: "np.ndarray | CharWeights", lower: bool = False) -> np.ndarray:
        """``transform(texts) @ weights`` (float32), computed per post without building the
        matrix (module docstring); ``weights`` as a matrix or, prepared once, as ``self.weights(W)``;
        ``lower``: of the lower-cased texts."""
        if not isinstance(weights, CharWeights):
            weights = self.weights(weights)
        out = np.zeros((len(texts), weights.n_out), dtype=np.float32)
        if not texts:
            return out
        joined = "".join(texts).replace("\x00", " ")
        if lower:
            lowered = joined.lower()  # one call for the batch
            if len(lowered) == len(joined):
                joined = lowered
            else:  # a character lower-cases to two (İ): the texts' bounds change
                texts = [t.lower() for t in texts]
                joined = "".join(texts).replace("\x00", " ")
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=bounds[1:])
        _char_product(cp, bounds, np.asarray(self.ngrams, dtype=np.int64), self.n_features,
                      weights.rows, weights.n_out, out)
        return out

    @property
    def size(self) -> int:
        return self.n_features


class WordNgrams:
    """Word unigrams and bigrams of a segmentation, with a vocabulary (names explain categories).

    Words are looked up once each (one C-level ``map`` over the batch's distinct words); a
    bigram is found from its two word ids in a sorted table of known pairs (a compiled binary
    search), so no bigram string is ever built at prediction time.
    """

    def __init__(self, max_features: int = 100_000, min_df: int = 2, bigrams: bool = True):
        self.max_features = max_features
        self.min_df = min_df
        self.bigrams = bigrams
        self.vocabulary: dict[str, int] = {}
        self.names: list[str] = []
        self.idf: np.ndarray | None = None
        self.word_ids: dict[str, int] = {}        # every word kept in some feature → id
        self.unigram_col = np.zeros(0, np.int64)  # word id → column, -1 when only in bigrams
        self.bigram_keys = np.zeros(0, np.int64)  # id1 * len(word_ids) + id2, found through ``_table``
        self.bigram_cols = np.zeros(0, np.int64)

    @staticmethod
    def _segmented(tokens) -> Segmented:
        return tokens if isinstance(tokens, Segmented) else Segmented.from_lists(tokens)

    def fit(self, token_lists) -> "WordNgrams":
        seg = self._segmented(token_lists)
        df: Counter = Counter()
        for tokens in seg.lists():
            grams = set(tokens)
            if self.bigrams:
                grams.update(zip(tokens, tokens[1:]))
            df.update(grams)
        kept = [g for g, c in df.most_common(self.max_features) if c >= self.min_df]
        names = sorted((g if isinstance(g, str) else " ".join(g), g) for g in kept)
        self.names = [name for name, _g in names]
        self.vocabulary = {name: i for i, name in enumerate(self.names)}
        n = seg.n
        self.idf = np.array([np.log((1.0 + n) / (1.0 + df[g])) + 1.0 for _n, g in names], dtype=np.float32)
        self._index()
        return self

    def _index(self) -> None:
        """Word ids and the unigram / bigram lookup tables, from ``names`` (a bigram's name is
        its two words joined by a space; words never contain whitespace)."""
        grams = [name.split(" ") for name in self.names]
        words = sorted({w for g in grams for w in g})
        self.word_ids = {w: i for i, w in enumerate(words)}
        self.unigram_col = np.full(len(words), -1, dtype=np.int64)
        keys, cols = [], []
        for col, g in enumerate(grams):
            if len(g) == 1:
                self.unigram_col[self.word_ids[g[0]]] = col
            else:
                keys.append(self.word_ids[g[0]] * len(words) + self.word_ids[g[1]])
                cols.append(col)
        self.bigram_keys = np.asarray(keys, dtype=np.int64)
        self.bigram_cols = np.asarray(cols, dtype=np.int64)
        self._slots = None

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "word_ids" not in state:  # an artifact written before the lookup tables existed
            self._index()

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_slots"}  # rebuilt from bigram_keys

    def _table(self) -> tuple[np.ndarray, np.ndarray]:
        """The bigram hash table (``_bigram_table``), built once per process."""
        if getattr(self, "_slots", None) is None:
            n = len(self.bigram_keys) if self.bigrams else 0
            self._slots = _bigram_table(self.bigram_keys[:n], self.bigram_cols[:n])
        return self._slots

    def transform(self, tokens) -> sp.csr_matrix:
        """TF-IDF rows of a ``Segmented`` batch (or a list of word lists)."""
        seg = self._segmented(tokens)
        codes, uniques = seg.factorized()
        known = np.fromiter(map(self.word_ids.get, uniques, repeat(-1)), dtype=np.int64, count=len(uniques))
        ids = known[codes] if len(codes) else np.zeros(0, np.int64)
        bounds = np.searchsorted(seg.doc, np.arange(seg.n + 1))
        slot_keys, slot_cols = self._table()
        indptr, indices, data = _word_rows(ids, bounds, self.unigram_col, slot_keys, slot_cols,
                                           len(self.word_ids), self.idf)
        return sp.csr_matrix((data, indices, indptr), shape=(seg.n, len(self.names)))

    @property
    def size(self) -> int:
        return len(self.names)
