"""Fast text features for a whole batch: hashed character n-grams and word n-grams, TF-IDF.

scikit-learn's vectorizers build and look up every n-gram string in Python, which cost
~0.3 ms a post and made feature extraction the slowest step of ``analyze``. Here character
n-grams are hashed with numpy over the batch's code points at once, and word n-grams are
looked up in a plain dict; both use sublinear TF, smoothed IDF and L2-normalised rows, as
``TfidfVectorizer(sublinear_tf=True)`` does.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
import scipy.sparse as sp

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_PRIME = np.uint64(1_000_003)


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
                h = h + np.uint64(k) * np.uint64(0x9E3779B97F4A7C15)  # n-gram length is part of the key
                h ^= h >> np.uint64(30)
                h *= _MIX1
                h ^= h >> np.uint64(27)
                h *= _MIX2
                h ^= h >> np.uint64(31)
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

    @property
    def size(self) -> int:
        return self.n_features


class WordNgrams:
    """Word unigrams and bigrams of a segmentation, with a vocabulary (names explain categories)."""

    def __init__(self, max_features: int = 100_000, min_df: int = 2, bigrams: bool = True):
        self.max_features = max_features
        self.min_df = min_df
        self.bigrams = bigrams
        self.vocabulary: dict[str, int] = {}
        self.names: list[str] = []
        self.idf: np.ndarray | None = None

    def _grams(self, tokens: Sequence[str]):
        yield from tokens
        if self.bigrams:
            for a, b in zip(tokens, tokens[1:]):
                yield f"{a} {b}"

    def fit(self, token_lists: Sequence[Sequence[str]]) -> "WordNgrams":
        df: Counter = Counter()
        for tokens in token_lists:
            df.update(set(self._grams(tokens)))
        kept = [w for w, c in df.most_common(self.max_features) if c >= self.min_df]
        self.names = sorted(kept)
        self.vocabulary = {w: i for i, w in enumerate(self.names)}
        n = len(token_lists)
        self.idf = np.array([np.log((1.0 + n) / (1.0 + df[w])) + 1.0 for w in self.names], dtype=np.float32)
        return self

    def transform(self, token_lists: Sequence[Sequence[str]]) -> sp.csr_matrix:
        get = self.vocabulary.get
        cols: list[int] = []
        counts: list[int] = []
        for tokens in token_lists:
            ids = [get(w) for w in tokens]
            if self.bigrams:
                ids += [get(a + " " + b) for a, b in zip(tokens, tokens[1:])]
            ids = [j for j in ids if j is not None]
            cols.extend(ids)
            counts.append(len(ids))
        rows = np.repeat(np.arange(len(token_lists)), counts)
        return _tfidf(rows, np.asarray(cols, np.int64), len(token_lists), len(self.names), self.idf)

    @property
    def size(self) -> int:
        return len(self.names)
