"""The trained model: one shared feature space, linear heads.

Features (computed once per batch, see ``features``): hashed character 1–3-gram TF-IDF of
the normalised text, word 1–2-gram TF-IDF of the segmentation, the sentiment cue counts
(``cues``), category-lexicon hits and risk-lexicon counts (``risk``). Heads: category (10),
emotion (6), severity (4, levels 1..4; read through a tuned grave threshold, see
``severity_levels``) and sentiment, either
one 3-class head or two stages — ``neutral`` (中性 vs 有倾向, trained on 3-class data only)
and ``polarity`` (负面 vs 正面, trained on every polar post incl. the binary corpora), read as
P(中性) = p, P(负面) = (1 − p)·q负, P(正面) = (1 − p)·q正; optionally two more stages, the
everyday tone (``EVERYDAY_STAGES``, mixed in by P(其他)). Each head is a logistic regression
(the category head's with a naive Bayes added to its weights, ``training.NAIVE_BAYES_BLEND``)
stored as a sparse float32 weight matrix (weights of features a head never saw are exactly 0,
so the artifact stays small). At prediction
the three heads are densified once per process and each feature block is multiplied once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import joblib
import numpy as np
import scipy.sparse as sp
from numba import njit

from .. import config, vocab
from . import lexicons
from .batchtext import BatchText
from .features import CharNgrams, WordNgrams
from .prediction import Prediction

MODELS_DIR = config.DATA_DIR / "models"
SHIPPED_FILE = MODELS_DIR / "workbench_model.joblib"
CUE_WEIGHT = 0.5   # scale of the dense cue / lexicon columns next to unit-norm TF-IDF rows
LEX_WEIGHT = 0.5
HEADS = ("sentiment", "category", "emotion")
SEVERITY_CLASSES = ("1", "2", "3", "4")
RISK_WEIGHT = 0.5
TWO_STAGE = ("neutral", "polarity")  # heads replacing "sentiment" in two-stage models
# The everyday-tone stages (same classes as TWO_STAGE): the general mood of a post that is not
# about work, mixed into the sentiment by the category head's P(其他) (``_everyday_mix``)
EVERYDAY_STAGES = ("everyday_neutral", "everyday_polarity")
NEUTRAL_CLASSES = ("有倾向", "中性")
POLARITY_CLASSES = ("负面", "正面")


@lru_cache(maxsize=1)
def _lexicon_pattern() -> tuple[lexicons.TermPattern, np.ndarray]:
    """The category lexicon's pattern and the category index of each of its terms."""
    index: dict[str, int] = {}
    for cat, terms in lexicons.category_terms().items():
        for t in terms:
            index.setdefault(t.lower(), vocab.CATEGORIES.index(cat))
    pattern = lexicons.term_pattern(index)
    return pattern, np.array([index[w] for w in pattern.words], dtype=np.int64)


def lexicon_hits(texts: Sequence[str]) -> tuple[np.ndarray, list[dict[int, list[str]]]]:
    """Per text: counts of category-lexicon terms (n × 10) and category index → terms found
    (one scan of the joined batch; counted in one step, the terms gathered from plain offsets)."""
    pattern, category_of = _lexicon_pattern()
    counts = np.zeros((len(texts), len(vocab.CATEGORIES)), dtype=np.float32)
    found: list[dict[int, list[str]]] = [{} for _ in texts]
    batch = BatchText(texts)
    docs, terms, starts, ends = batch.spans(pattern)
    cats = category_of[terms]
    np.add.at(counts, (docs, cats), 1.0)
    joined = batch.joined
    for i, c, a, b in zip(docs.tolist(), cats.tolist(), starts.tolist(), ends.tolist()):
        term = joined[a:b]
        hits = found[i].setdefault(c, [])
        if term not in hits:
            hits.append(term)
    return counts, found


@njit(cache=True, nogil=True)
def _top_features(indptr, indices, data, weights, target, eligible, k, rows):
    """Per row of ``rows`` (of a CSR matrix): the columns of its k largest positive contributions
    ``data × weights[column, target[i]]`` among ``eligible`` columns, strongest first
    (ties in column order), padded with -1."""
    top = np.full((len(rows), k), -1, dtype=np.int64)
    best = np.empty(k, dtype=np.float64)
    for i in range(len(rows)):
        r = rows[i]
        best[:] = 0.0
        for p in range(indptr[r], indptr[r + 1]):
            f = indices[p]
            if not eligible[f]:
                continue
            c = data[p] * weights[f, target[i]]
            if c <= best[k - 1]:
                continue
            j = k - 1
            while j > 0 and best[j - 1] < c:
                best[j] = best[j - 1]
                top[i, j] = top[i, j - 1]
                j -= 1
            best[j] = c
            top[i, j] = f
    return top


def _two_stage(neutral: np.ndarray, polarity: np.ndarray) -> np.ndarray:
    """P(负面, 中性, 正面) (vocab.SENTIMENTS order) from the neutral and polarity stages."""
    p_neutral = neutral[:, 1:2]
    polar = (1.0 - p_neutral) * polarity
    return np.hstack([polar[:, :1], p_neutral, polar[:, 1:]])


def _everyday_mix(sentiment: np.ndarray, everyday: np.ndarray, category: np.ndarray) -> np.ndarray:
    """The sentiment read as stance toward the employer for a workplace post and as the post's
    own tone for an everyday one (DESIGN §4): the two readings weighed by P(其他)."""
    g = category[:, vocab.CATEGORIES.index("其他")][:, None]
    return (1.0 - g) * sentiment + g * everyday


class LinearHead:
    """One head: weights W and bias b in a fixed class order; P = softmax(X @ W + b)."""

    def __init__(self, classes: Sequence[str], weights: sp.csc_matrix, bias: np.ndarray):
        self.classes = tuple(classes)
        self.weights = weights
        self.bias = bias

    def __getstate__(self) -> dict:
        # trained weights are float16 values (``from_estimator``), stored as such: half the artifact
        w = self.weights.tocsc()
        half = w.data.astype(np.float16)
        exact = np.array_equal(half.astype(np.float32), w.data)  # else a head from an older artifact
        return {"classes": self.classes, "bias": self.bias, "shape": w.shape, "indptr": w.indptr,
                "indices": w.indices, "data": half if exact else w.data}

    def __setstate__(self, state: dict) -> None:
        self.classes, self.bias = state["classes"], state["bias"]
        if "weights" in state:  # artifacts written before float16 storage
            self.weights = state["weights"]
            return
        self.weights = sp.csc_matrix((state["data"].astype(np.float32), state["indices"], state["indptr"]),
                                     shape=state["shape"])

    @classmethod
    def from_estimator(cls, est, classes: Sequence[str]) -> "LinearHead":
        """Copy a fitted multinomial LogisticRegression into ``classes`` order."""
        full_coef, full_bias = est.coef_, est.intercept_
        if full_coef.shape[0] == 1:  # two classes: sigmoid(w·x + b) is a softmax over (0, w·x + b)
            full_coef = np.vstack([np.zeros_like(full_coef), full_coef])
            full_bias = np.concatenate([[0.0], full_bias])
        order = [list(est.classes_).index(c) for c in classes]
        # rounded to float16 (a relative error of 5e-4 per weight moves no label): the artifact
        # stores half the bytes, and a model sent to a worker process stays exactly the same
        coef = full_coef[order].T.astype(np.float16).astype(np.float32)
        coef[np.abs(coef) < 1e-6] = 0.0
        return cls(classes, sp.csc_matrix(coef), full_bias[order].astype(np.float32))


class Featurizer:
    """Turns normalised texts, their words and cue counts into one sparse matrix."""

    def __init__(self, char_vectorizer: CharNgrams, word_vectorizer: WordNgrams, with_risk: bool = True):
        self.char = char_vectorizer
        self.word = word_vectorizer
        self.with_risk = with_risk  # models before the severity head had no risk-lexicon columns

    @property
    def word_offset(self) -> int:
        return self.char.size

    @property
    def n_text_features(self) -> int:
        return self.char.size + self.word.size

    def dense(self, texts: Sequence[str], cue_matrix: np.ndarray, lex_counts: np.ndarray,
              risk_matrix: np.ndarray | None = None) -> np.ndarray:
        """The dense block of a batch: cue, category-lexicon (and risk-lexicon) counts."""
        parts = [np.log1p(cue_matrix) * CUE_WEIGHT, np.log1p(lex_counts) * LEX_WEIGHT]
        if getattr(self, "with_risk", False):
            if risk_matrix is None:
                from . import risk
                risk_matrix = risk.scan_all(texts).matrix
            parts.append(np.log1p(risk_matrix) * RISK_WEIGHT)
        return np.hstack(parts).astype(np.float32)

    def transform(self, texts, tokens, cue_matrix, lex_counts, risk_matrix=None) -> sp.csr_matrix:
        """All blocks side by side (for training): characters, words, dense."""
        chars = self.char.transform([t.lower() for t in texts])
        words = self.word.transform(tokens)
        dense = self.dense(texts, cue_matrix, lex_counts, risk_matrix)
        return sp.hstack([chars, words, sp.csr_matrix(dense)], format="csr", dtype=np.float32)


# what a TrainedModel builds from its heads once per process (``_dense_weights``, ``_term_weights``, ``_term_names``)
_CACHES = ("_weights", "_char_weights", "_bias", "_columns", "_term_ok", "_explaining")


class TrainedModel:
    """Featurizer + sentiment / category / emotion heads, with its version and training record."""

    def __init__(self, version: str, featurizer: Featurizer, heads: dict[str, LinearHead], card: dict):
        self.version = version
        self.featurizer = featurizer
        self.heads = heads
        self.card = card  # sources, sizes, metrics, confusion matrices, created_at
        self._weights: np.ndarray | None = None  # word and dense blocks (``_dense_weights``)
        self._char_weights = None  # the character block, as ``features.CharWeights``
        self._bias: np.ndarray | None = None
        self._columns: dict[str, slice] = {}  # each head's columns in the dense weights
        self._term_ok: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._explaining: tuple[np.ndarray, np.ndarray | None] | None = None  # ``_term_weights``

    def features(self, texts, tokens, cue_matrix, risk_matrix=None):
        """The full feature matrix (training) and the category-lexicon terms per text."""
        lex_counts, lex_terms = lexicon_hits(texts)
        return self.featurizer.transform(texts, tokens, cue_matrix, lex_counts, risk_matrix), lex_terms

    def _head_order(self) -> tuple[str, ...]:
        """The heads in weight-column order: the sentiment head(s) first, severity last."""
        first = TWO_STAGE if "polarity" in self.heads else ("sentiment",)
        return (first + ("category", "emotion") + (("severity",) if "severity" in self.heads else ())
                + (EVERYDAY_STAGES if EVERYDAY_STAGES[1] in self.heads else ()))

    @property
    def grave_threshold(self) -> float:
        """P(severity 1 or 2) from which a post is graded grave (chosen on the validation part)."""
        return float(self.card.get("severity_rule", {}).get("grave_threshold", 0.5))

    def severity_levels(self, proba: np.ndarray) -> np.ndarray:
        """Severity 1..4 from the head's probabilities: grave (1 or 2, whichever is likelier)
        when P(1) + P(2) reaches ``grave_threshold``, else 3 or 4, whichever is likelier. A
        threshold rather than the arg max, so that the trade between missed grave posts and
        false alarms is a setting chosen on validation data."""
        grave = proba[:, 0] + proba[:, 1] >= self.grave_threshold
        return np.where(grave, np.where(proba[:, 0] >= proba[:, 1], 1, 2),
                        np.where(proba[:, 2] >= proba[:, 3], 3, 4)).astype(np.int64)

    def _dense_heads(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(head, dense weights, bias) in column order; a two-class head fitted as a sigmoid
        (its first class's weights and bias all 0) keeps only its second column."""
        heads = []
        for f in self._head_order():
            w, b = self.heads[f].weights.toarray(), np.asarray(self.heads[f].bias, dtype=np.float64)
            if w.shape[1] == 2 and b[0] == 0 and not w[:, 0].any():
                w, b = w[:, 1:], b[1:]
            heads.append((f, w, b))
        return heads

    def _dense_weights(self) -> np.ndarray:
        """All heads' weights side by side as one dense matrix, for the rows of the word and
        dense blocks (row 0 is feature ``word_offset``); the character block's rows go to
        ``_char_weights``, laid out for its compiled product. Built once per process: one
        product per block instead of one sparse product per head, and no stacking of blocks."""
        if getattr(self, "_weights", None) is None:
            heads = self._dense_heads()
            lo = self.featurizer.word_offset
            full = np.hstack([w for _f, w, _b in heads])
            self._char_weights = self.featurizer.char.weights(full[:lo])
            # C order: a sparse-dense product reads W row by row, and scipy copies a W in any
            # other order on every call (toarray of a CSC matrix is Fortran-ordered)
            self._weights = np.ascontiguousarray(full[lo:], dtype=np.float32)
            self._bias = np.concatenate([b for _f, _w, b in heads])
            self._columns, start = {}, 0
            for f, w, _b in heads:
                self._columns[f] = slice(start, start + w.shape[1])
                start += w.shape[1]
        return self._weights

    def predict(self, texts: Sequence[str], tokens: Sequence[Sequence[str]], cue_matrix: np.ndarray,
                risk_matrix: np.ndarray | None = None) -> Prediction:
        lex_counts, lex_terms = lexicon_hits(texts)
        fz = self.featurizer
        words = fz.word.transform(tokens)
        W = self._dense_weights()
        n_words = fz.word.size
        z = (fz.char.product(texts, self._char_weights, lower=True) + (words @ W[:n_words])
             + fz.dense(texts, cue_matrix, lex_counts, risk_matrix) @ W[n_words:] + self._bias)
        out = {}
        for f, cols in self._columns.items():
            zf = z[:, cols]
            if zf.shape[1] == 1:  # a sigmoid head: its first class's logit is 0
                zf = np.hstack([np.zeros_like(zf), zf])
            zf = zf - zf.max(axis=1, keepdims=True)
            e = np.exp(zf)
            out[f] = e / e.sum(axis=1, keepdims=True)
        if "polarity" in out:
            out["sentiment"] = _two_stage(out["neutral"], out["polarity"])
        if EVERYDAY_STAGES[1] in out:
            everyday = _two_stage(out[EVERYDAY_STAGES[0]], out[EVERYDAY_STAGES[1]])
            out["sentiment"] = _everyday_mix(out["sentiment"], everyday, out["category"])
        category_weights, towards_grave = self._term_weights()
        cat_idx = out["category"].argmax(axis=1)
        terms = self.category_terms(words, cat_idx, lex_terms, category_weights)
        if "severity" not in out:
            return Prediction(out["sentiment"], out["category"], out["emotion"], terms)
        # what pushed a post towards grave, for the posts the model grades above 4 only: the
        # others have nothing to explain
        raised = np.flatnonzero(self.severity_levels(out["severity"]) < 4)
        grave_terms: list[list[str]] = [[] for _ in range(len(texts))]
        found = self.category_terms(words, np.zeros(len(raised), dtype=np.int64), [{}] * len(raised),
                                    towards_grave, k=4, phrases=True, rows=raised)
        for i, t in zip(raised.tolist(), found):
            grave_terms[i] = t
        return Prediction(out["sentiment"], out["category"], out["emotion"], terms, out["severity"], grave_terms)

    def _term_weights(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The word block's weights that explain a reading, contiguous (the compiled top-k reads
        one row per word): per category, and towards grave (weight for severity 1–2 minus weight
        for 3–4; None without a severity head). Built once per process."""
        if getattr(self, "_explaining", None) is None:
            W, cols = self._dense_weights(), self._columns
            n_words = self.featurizer.word.size
            grave = None
            if "severity" in cols:
                w_sev = W[:n_words, cols["severity"]]
                grave = np.ascontiguousarray((w_sev[:, :2].mean(axis=1) - w_sev[:, 2:].mean(axis=1))[:, None])
            self._explaining = (np.ascontiguousarray(W[:n_words, cols["category"]]), grave)
        return self._explaining

    def _term_names(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(word feature names as an array with word pairs joined, which of them can be shown
        as a term: single words of 2+ characters; which as a phrase: those and word pairs);
        built once per process."""
        if getattr(self, "_term_ok", None) is None:
            names = self.featurizer.word.names
            ok = np.fromiter((" " not in n and len(n) > 1 for n in names), dtype=bool, count=len(names))
            pair = np.fromiter((" " in n for n in names), dtype=bool, count=len(names))
            joined = np.asarray([n.replace(" ", "") for n in names], dtype=object)
            self._term_ok = (joined, ok, ok | pair)
        return self._term_ok

    def category_terms(self, words: sp.csr_matrix, cat_idx: np.ndarray, lex_terms, weights: np.ndarray,
                       k: int = 5, phrases: bool = False, rows: np.ndarray | None = None) -> list[list[str]]:
        """The words that pushed each post (each of ``rows`` of ``words``: default all) towards
        class ``cat_idx`` of ``weights`` (its category, or grave for severity): lexicon hits
        first, then the words (``phrases``: and word pairs) whose TF-IDF × weight contributed
        most (one pass over the batch)."""
        all_names, single, phrase = self._term_names()
        eligible = phrase if phrases else single
        rows = np.arange(words.shape[0], dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
        top = _top_features(words.indptr, words.indices, words.data, weights,
                            np.asarray(cat_idx, dtype=np.int64), eligible, 2 * k, rows)  # 2k: room for repeats
        # -1 pads only the end of a row; most posts show their k strongest words as they are,
        # so only those are named for the whole batch (one lookup)
        found = (top >= 0).sum(axis=1)
        shown = np.minimum(found, k).tolist()
        named = all_names[np.maximum(top[:, :k], 0)].tolist()
        out = [row[:m] for row, m in zip(named, shown)]
        cats = np.asarray(cat_idx).tolist()
        # lexicon hits of the class come first, then the strongest words (all 2k named, in one lookup)
        lex = [(i, hits[cats[i]]) for i, hits in enumerate(lex_terms) if hits and hits.get(cats[i])]
        if lex:
            at = np.fromiter((i for i, _hits in lex), dtype=np.int64, count=len(lex))
            for (i, hits), names, m in zip(lex, all_names[np.maximum(top[at], 0)].tolist(), found[at].tolist()):
                terms = list(hits)
                for name in names[:m]:
                    if len(terms) >= k:
                        break
                    if name not in terms:
                        terms.append(name)
                out[i] = terms[:k]
        return out

    def set_heads(self, heads: dict[str, LinearHead]) -> None:
        """Add or replace ``heads``; what was built from the old ones is dropped and rebuilt on use."""
        self.heads.update(heads)
        self.__dict__.update(dict.fromkeys(_CACHES))

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.update(dict.fromkeys(_CACHES))  # rebuilt after loading
        return state

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path, compress=("xz", 6))
        return path


def load(path: Path) -> TrainedModel:
    """Load an artifact written by ``TrainedModel.save``."""
    return joblib.load(path)
