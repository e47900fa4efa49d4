"""Writing analyses to the store: run ``workbench.analyze`` over posts in batches.

Each batch is one transaction that replaces the posts' ``analyses`` rows (DELETE + INSERT
from an Arrow table registered with DuckDB, never row by row), so a crash leaves whole
batches, and re-running picks up where it stopped.
"""
from __future__ import annotations

from typing import Callable, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from .. import db

# The analyses columns written from analyze()'s output (analyzed_at defaults to now()).
_SCHEMA = pa.schema(
    [
        ("post_id", pa.int64()),
        ("sentiment", pa.string()),
        ("sentiment_score", pa.float64()),
        ("category", pa.string()),
        ("category_confidence", pa.float64()),
        ("emotion", pa.string()),
        ("risk_level", pa.int32()),
        ("risk_terms", pa.list_(pa.string())),
        ("risk_source", pa.string()),
        ("keywords", pa.list_(pa.string())),
        ("category_terms", pa.list_(pa.string())),
        ("has_pii", pa.bool_()),
        ("model_version", pa.string()),
    ]
)
_COLUMNS = ", ".join(_SCHEMA.names)
_LIST_COLUMNS = [f.name for f in _SCHEMA if pa.types.is_list(f.type)]


def analysis_input(posts: pd.DataFrame) -> list[str]:
    """The text analysed for each post: its title (news, forum threads) before its body."""
    titles = posts["title"].fillna("").astype(str).str.strip()
    texts = posts["text"].fillna("").astype(str)
    return [f"{t}。{x}" if t and not x.startswith(t) else x for t, x in zip(titles, texts)]


def analysis_rows(post_ids: Sequence[int], result: pd.DataFrame) -> pa.Table:
    """``analyze`` output for ``post_ids`` as an Arrow table shaped like ``analyses``."""
    frame = pd.DataFrame({"post_id": list(post_ids)})
    for name in _SCHEMA.names[1:]:
        if name in result.columns:
            col = result[name].reset_index(drop=True)
            if name in _LIST_COLUMNS:
                col = col.map(lambda v: None if v is None or (not hasattr(v, "__len__") and pd.isna(v)) else [str(x) for x in v])
            frame[name] = col
        else:
            frame[name] = None
    return pa.Table.from_pandas(frame, schema=_SCHEMA, preserve_index=False)


def write_analyses(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> int:
    """Replace the analyses of the posts in ``rows`` in one transaction; returns the row count."""
    with db.transaction(con) as cur:
        cur.register("new_analyses", rows)
        try:
            cur.execute("DELETE FROM analyses WHERE post_id IN (SELECT post_id FROM new_analyses)")
            cur.execute(f"INSERT INTO analyses ({_COLUMNS}) SELECT {_COLUMNS} FROM new_analyses")
        finally:
            cur.unregister("new_analyses")
    return rows.num_rows


def analyze_posts(
    con: duckdb.DuckDBPyConnection,
    post_ids: Sequence[int] | None = None,
    *,
    reanalyze: bool = False,
    batch_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
    n_jobs: int | None = 1,
) -> int:
    """Analyse posts and store the results; returns how many posts were analysed.

    Without ``post_ids``: every post lacking an analysis, or every post when ``reanalyze``.
    With ``post_ids``: those posts (only the ones lacking an analysis unless ``reanalyze``).
    ``progress(done, total)`` is called before the first and after every batch. ``n_jobs`` as
    for ``analyze`` (the CLI's re-analysis passes None: idle cores help a batch job).
    """
    from .. import analyze

    if batch_size < 1:
        raise ValueError("batch_size 必须为正整数")
    ids = db.query(
        "label_posts_to_analyze",
        con,
        post_ids=None if post_ids is None else [int(i) for i in post_ids],
        reanalyze=bool(reanalyze),
    )["post_id"].tolist()
    total = len(ids)
    if progress:
        progress(0, total)
    done = 0
    for i in range(0, total, batch_size):
        chunk = ids[i : i + batch_size]
        posts = db.query("label_post_texts", con, post_ids=chunk)
        result = analyze(analysis_input(posts), con=con, n_jobs=n_jobs)
        done += write_analyses(con, analysis_rows(posts["post_id"].tolist(), result))
        if progress:
            progress(done, total)
    return done
