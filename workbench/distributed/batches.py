"""The one batch function every engine runs, and the model it carries to the workers.

``analyze_batch`` keeps a batch's id columns and adds the ``analyze`` columns; the engines differ
only in how batches reach it. ``shipped``/``model_from`` move the model as bytes, loaded at most
once per worker process (``_loaded`` outlives the batches and tasks a reused worker runs).
"""
from __future__ import annotations

import pickle
import threading
from typing import Callable, Sequence

import pandas as pd
import pyarrow as pa

from ..nlp.analyze import COLUMNS

ID_COLUMNS = ("id", "post_id", "external_id", "编号", "ID")
TEXT_COLUMNS = ("text", "content", "正文", "内容", "text_masked")  # a lake holds masked text only
LIST_COLUMNS = ("risk_terms", "keywords", "category_terms", "sentiment_cues")

# Arrow types of the analyze columns: Spark's and Ray's output schemas come from here.
ANALYZE_SCHEMA = pa.schema([
    ("sentiment", pa.string()), ("sentiment_score", pa.float64()), ("category", pa.string()),
    ("category_confidence", pa.float64()), ("emotion", pa.string()), ("risk_level", pa.int64()),
    ("risk_terms", pa.list_(pa.string())), ("keywords", pa.list_(pa.string())), ("has_pii", pa.bool_()),
    ("text_masked", pa.string()), ("category_terms", pa.list_(pa.string())),
    ("sentiment_cues", pa.list_(pa.string())), ("risk_source", pa.string()), ("model_version", pa.string()),
])
assert ANALYZE_SCHEMA.names == COLUMNS, "ANALYZE_SCHEMA must follow nlp.analyze.COLUMNS"

_lock = threading.Lock()
_loaded: dict[str, object] = {}
loads = 0  # models unpickled by this process (tests check the model is not shipped per batch)


def id_columns(columns: Sequence[str]) -> list[str]:
    """The input's id columns (id / post_id / external_id / 编号 / ID), kept on every output row."""
    return [c for c in columns if str(c) in ID_COLUMNS]


def text_column(columns: Sequence[str]) -> str | None:
    """The column holding post text (text / content / 正文 / 内容 / text_masked, case-insensitive)."""
    lower = {str(c).strip().lower(): c for c in columns}
    return next((lower[n.lower()] for n in TEXT_COLUMNS if n.lower() in lower), None)


def analyze_batch(batch: pd.DataFrame, text_col: str, keep: Sequence[str], model, *,
                  n_jobs: int | None = 1) -> pd.DataFrame:
    """``batch``'s ``keep`` columns followed by ``workbench.analyze`` of its ``text_col``."""
    from ..nlp.analyze import analyze

    result = analyze(batch[text_col].tolist(), model=model, n_jobs=n_jobs)
    return pd.concat([batch[list(keep)].reset_index(drop=True), result], axis=1)


def shipped(model) -> tuple[str, bytes]:
    """(version key, bytes) of ``model``: what a driver sends to its workers once."""
    return str(getattr(model, "version", id(model))), pickle.dumps(model, protocol=5)


def model_from(key: str, payload: Callable[[], bytes]) -> object:
    """The model ``key`` in this process, unpickled from ``payload()`` the first time only."""
    global loads
    with _lock:
        model = _loaded.get(key)
        if model is None:
            model = _loaded[key] = pickle.loads(payload())
            loads += 1
        return model


def current_model(con=None):
    """The model the plain function would use (the store's active version, else the shipped one)."""
    from ..nlp import registry

    return registry.current_model(con)
