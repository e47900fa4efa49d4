"""``workbench.analyze``: one row of labels, scores and explanations per post (DESIGN §5).

The whole batch goes through each step at once: normalisation, one segmentation call over
the joined batch, cue and risk lexicons (one regex scan of the joined batch each), then the
model's vectorised transform and linear classifiers. The content risk level is the severity
head's grade, never milder than a floor term of the risk lexicon (``risk``); its evidence
(``risk_terms``) is the lexicon terms found, then the words that pushed the model towards grave.
Posts with no words at all (empty, emoji only) are read as neutral 其他 without asking the model.

Large batches are split over worker processes (``n_jobs``): the caller's process analyses the
first part, the workers the others; each worker receives the model once, when the pool starts.
Every process then keeps numpy's BLAS to one thread: OpenBLAS's idle threads spin, and with a
process per core they took the cores the other processes were working on (2 processes on 2
cores ran 1.3× one process; with one BLAS thread each, 1.4–1.6×).
"""
from __future__ import annotations

import os
import pickle
import re
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController, threadpool_limits

from .. import collector, vocab
from . import cues, keywords, risk, segment

COLUMNS = [
    "sentiment", "sentiment_score", "category", "category_confidence", "emotion",
    "risk_level", "risk_terms", "keywords", "has_pii", "text_masked",
    "category_terms", "sentiment_cues", "risk_source", "model_version",
]
RISK_SOURCES = ("词典", "模型", "词典+模型")  # what set risk_level: a floor term, the model, or both agreeing
_HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
PARALLEL_MIN = 4_000  # below this, starting work in other processes costs more than it saves
CHUNK = 2_500  # posts per piece of work handed to a process (smaller pieces cost more per post)
_pool_lock = threading.Lock()
_pool: dict = {"key": None, "executor": None}
_worker_model = None


def analyze(texts: Sequence[str | None], *, model=None, con=None, n_jobs: int | None = 1) -> pd.DataFrame:
    """Analyse ``texts``; one row per text, in order, with the columns of ``COLUMNS``.

    ``model`` defaults to the active version of ``con``'s store (else of the configured
    store, else the shipped model; see ``registry.current_model``). None and non-string
    items are read as empty posts; very long posts are truncated for the model.
    ``n_jobs``: processes to use (default 1: pages, tests and the store writer never start
    worker processes behind the caller's back); None = for batches of ``PARALLEL_MIN`` posts or
    more, this process plus one per core left idle by others (``_idle_cores``). The results are
    the same either way.
    """
    from . import registry

    model = model or registry.current_model(con)
    raw = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]
    if n_jobs is None:
        n_jobs = _idle_cores() if len(raw) >= PARALLEL_MIN else 1
    n_jobs = max(1, min(n_jobs, len(raw) // 1000 or 1))
    if n_jobs == 1:
        return _analyze_here(raw, model)
    with threadpool_limits(limits=1, user_api="blas"):
        return _analyze_shared(raw, model, n_jobs)


def _analyze_shared(raw: list[str], model, n_jobs: int) -> pd.DataFrame:
    """Share ``raw`` between this process and ``n_jobs - 1`` workers in chunks handed out as
    each side gets free: on a shared machine a worker's core may be busy, and a fixed split
    would leave this process waiting for it."""
    executor = _executor(model, n_jobs - 1)
    size = min(CHUNK, -(-len(raw) // n_jobs))
    bounds = list(range(0, len(raw), size)) + [len(raw)]
    chunks = list(zip(bounds[:-1], bounds[1:]))
    frames: dict[int, pd.DataFrame] = {}
    pending: dict[int, Future] = {}

    def collect(i: int) -> None:
        try:
            frames[i] = pending.pop(i).result()
        except BrokenProcessPool:  # a worker died (e.g. killed): do its part here instead
            _pool["key"] = None
            frames[i] = _analyze_here(raw[chunks[i][0]:chunks[i][1]], model)

    front, back = 0, len(chunks) - 1  # this process works from the front, the workers from the back
    while front <= back:
        for i in [i for i, f in pending.items() if f.done()]:
            collect(i)
        while len(pending) < 2 * (n_jobs - 1) and front < back:  # each worker: one chunk queued behind its current one
            a, b = chunks[back]
            pending[back] = executor.submit(_in_worker, raw[a:b])
            back -= 1
        if front <= back:
            a, b = chunks[front]
            frames[front] = _analyze_here(raw[a:b], model)
            front += 1
    for i in list(pending):
        collect(i)
    return pd.concat([frames[i] for i in range(len(chunks))], ignore_index=True)


def _idle_cores() -> int:
    """This process plus the cores nobody else is using (1-minute load average, which counts
    this process too): on a busy shared machine a worker only competes with this process."""
    cores = os.cpu_count() or 1
    try:
        others = max(os.getloadavg()[0] - 1.0, 0.0)
    except OSError:  # no load average on this platform
        others = 0.0
    return max(1, min(cores, 1 + int(cores - 1 - others + 0.5)))


def _executor(model, workers: int) -> ProcessPoolExecutor:
    """The worker pool for ``model`` (started on first use, kept for later batches)."""
    import multiprocessing as mp

    key = (id(model), getattr(model, "version", None), workers)
    with _pool_lock:
        if _pool["key"] != key:
            if _pool["executor"] is not None:
                _pool["executor"].shutdown(wait=False, cancel_futures=True)
            # forkserver: workers do not inherit the caller's threads and locks (DuckDB, Streamlit)
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload([__name__])
            _pool["executor"] = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                                    initargs=(pickle.dumps(model, protocol=5),))
            _pool["key"] = key
        return _pool["executor"]


def _init_worker(model_bytes: bytes) -> None:
    global _worker_model
    threadpool_limits(limits=1, user_api="blas")  # for the worker's life (module docstring)
    _worker_model = pickle.loads(model_bytes)


def _in_worker(texts: list[str]) -> pd.DataFrame:
    return _analyze_here(texts, _worker_model)


# What every piece of personal data holds, before full-width folding: an @ between an e-mail's
# characters (not a Weibo @mention), or 11 digits as a phone's 3-4-4 (phones, IDs and cards,
# grouped or not, all contain such a run). Few posts do. A separator is never a newline.
_MAYBE_PII = re.compile(
    r"[0-9０-９]{3}(?:[^\S\n]|[\-－])?[0-9０-９]{4}(?:[^\S\n]|[\-－])?[0-9０-９]{4}"
    r"|[A-Za-z0-9._%+\-Ａ-Ｚａ-ｚ０-９．＿％＋－][@＠][A-Za-z0-9\-Ａ-Ｚａ-ｚ０-９－]"
)


def _mask(raw: list[str]) -> list[str]:
    """``mask_many`` of the texts that can hold personal data (most posts have none, and are
    returned as they are): those ``_MAYBE_PII`` finds something in. Every match of it holds
    three digits in a row or an @, so one vectorised pass over the batch's code points picks
    the posts to search (a fifth of them), instead of the regex trying every character."""
    from ..pii import mask_many

    maybe = [i for i in _digits_or_at(raw)
             if _MAYBE_PII.search(raw[i].replace("\n", " "))]  # a newline inside a post is whitespace to pii
    out = list(raw)
    for i, m in zip(maybe, mask_many([raw[i] for i in maybe])):
        out[i] = m
    return out


def _digits_or_at(raw: list[str]) -> list[int]:
    """The texts holding three digits in a row (ASCII or full-width) or an @ / ＠, in order."""
    if not raw:
        return []
    cp = np.frombuffer("\n".join(raw).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    digit = ((cp >= 0x30) & (cp <= 0x39)) | ((cp >= 0xFF10) & (cp <= 0xFF19))  # the newline joining them is none
    hit = (cp == 0x40) | (cp == 0xFF20)
    hit[:-2] |= digit[:-2] & digit[1:-1] & digit[2:]
    starts = np.cumsum([0] + [len(t) + 1 for t in raw[:-1]])
    return np.unique(np.searchsorted(starts, np.flatnonzero(hit), side="right") - 1).tolist()


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """The process's BLAS thread pools (found once: ``threadpool_limits`` looks them up per call)."""
    return ThreadpoolController()


def _analyze_here(raw: list[str], model) -> pd.DataFrame:
    """``analyze`` of cleaned inputs in this process, with BLAS on this thread only: its one
    product (the dense cue block, ~60 columns) gains nothing from a second thread, whose
    spinning after each call cost ~10 µs of CPU a post on the other core."""
    with collector.paused(), _blas().limit(limits=1, user_api="blas"):
        return _analyze_batch(raw, model)


def _analyze_batch(raw: list[str], model) -> pd.DataFrame:
    n = len(raw)
    norm = segment.normalize_all(raw)
    tokens = segment.segment_all(norm)
    cue_lists, cue_matrix = cues.find_all(norm)
    scan = risk.scan_all(norm)
    pred = model.predict(norm, tokens, cue_matrix, scan.matrix)
    masked = _mask(raw)

    sent = np.asarray(pred.sentiment_proba, dtype=float)
    cat = np.asarray(pred.category_proba, dtype=float)
    emo = np.asarray(pred.emotion_proba, dtype=float)
    empty = np.array([not _HAS_WORDS.search(t) for t in norm], dtype=bool)
    if empty.any():  # nothing to read: neutral, 其他, no terms
        sent[empty] = [0.0, 1.0, 0.0]
        cat[empty] = np.eye(len(vocab.CATEGORIES))[vocab.CATEGORIES.index("其他")]
        emo[empty] = np.eye(len(vocab.EMOTIONS))[vocab.EMOTIONS.index("中性")]

    levels, risk_terms, risk_source = _risk(model, pred, scan, empty)
    cat_idx = cat.argmax(axis=1)
    cat_terms = [[] if nothing else list(t) for nothing, t in zip(empty.tolist(), pred.category_terms)]
    labels = {  # object columns: pandas would copy each into an Arrow string array, ~2 µs per post
        "sentiment": np.asarray(vocab.SENTIMENTS, dtype=object)[sent.argmax(axis=1)] if n else [],
        "category": np.asarray(vocab.CATEGORIES, dtype=object)[cat_idx] if n else [],
        "emotion": np.asarray(vocab.EMOTIONS, dtype=object)[emo.argmax(axis=1)] if n else [],
        "text_masked": masked,
        "model_version": [f"{model.version}+{segment.BACKEND}"] * n,
    }
    df = pd.DataFrame({
        "sentiment_score": np.clip(sent[:, 2] - sent[:, 0], -1.0, 1.0).round(4).astype("float64") if n else np.zeros(0),
        "category_confidence": cat.max(axis=1).round(4).astype("float64") if n else np.zeros(0),
        "risk_level": np.asarray(levels, dtype="int64"),
        "risk_terms": pd.Series(risk_terms, dtype=object),
        "keywords": pd.Series(keywords.extract_all(tokens), dtype=object),
        "has_pii": np.array([m != t for m, t in zip(masked, raw)], dtype=bool),  # masking changed it
        "category_terms": pd.Series(cat_terms, dtype=object),
        "sentiment_cues": pd.Series(cue_lists, dtype=object),
        "risk_source": pd.Series(risk_source, dtype=object),
        **{name: pd.Series(values, dtype=object) for name, values in labels.items()},
    }, index=pd.RangeIndex(n))
    return df[COLUMNS]


def _risk(model, pred, scan: "risk.RiskScan", empty: np.ndarray) -> tuple[np.ndarray, list[list[str]], list[str | None]]:
    """(risk level, evidence terms, what set the level) per post: the severity head's grade,
    raised to the gravest floor term found; evidence only for posts above level 4."""
    floors = np.asarray(scan.floor_levels, dtype=np.int64)
    if pred.severity_proba is None:  # a model from before the severity head: the lexicon's floor alone
        model_levels, model_terms = np.full(len(floors), risk.NO_RISK, dtype=np.int64), [[] for _ in floors]
    else:
        model_levels, model_terms = model.severity_levels(np.asarray(pred.severity_proba)), pred.severity_terms
    model_levels[empty] = risk.NO_RISK
    levels = np.minimum(floors, model_levels)
    terms: list[list[str]] = [[] for _ in range(len(levels))]
    sources: list[str | None] = [None] * len(levels)
    by_floor, by_model = (floors == levels).tolist(), (model_levels == levels).tolist()
    lexicon_terms = scan.terms
    for i in np.flatnonzero(levels < risk.NO_RISK).tolist():  # most posts are level 4: nothing to explain
        found = lexicon_terms[i]
        if by_model[i]:  # the model's own reasons count only where it set the level
            own = model_terms[i]
            terms[i] = (list(found) + [t for t in own if not any(t in f or f in t for f in found)]) if found else list(own)
        else:
            terms[i] = list(found)
        sources[i] = RISK_SOURCES[2] if by_floor[i] and by_model[i] else RISK_SOURCES[0] if by_floor[i] else RISK_SOURCES[1]
    return levels, terms, sources
