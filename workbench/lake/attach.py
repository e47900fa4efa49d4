"""Attaching a lake: the app's named queries read ``posts`` and ``post_labels`` through views.

While a lake is attached, schema ``lake`` holds views of the same names that union the DuckDB
tables with the lake's Parquet (``queries/lake/*.sql``), and ``db.query`` reads with
``search_path = lake,main``; writers keep writing the tables. The attachment is stored in the
database (``lake_attachments``), so the CLI, the app and notebooks on that file all see it.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from .. import access, audit, db
from . import store

READ_PATH = "lake,main"


def attached(con: duckdb.DuckDBPyConnection) -> str | None:
    """The folder of the lake attached to ``con``'s store, or None."""
    row = db.query("lake_attached", con)
    return None if row.empty else str(row["path"].iloc[0])


def attach(con: duckdb.DuckDBPyConnection, lake: str | Path, actor: str) -> Path:
    """Attach the lake folder ``lake`` (made by ``workbench lake export``) to the store; audited
    (an administrator's setting)."""
    access.require(actor, "configure")
    path = Path(str(lake).strip()).expanduser()
    if not str(lake).strip():
        raise ValueError("请填写数据湖目录")
    if not store.is_lake(path):
        raise ValueError(f"不是数据湖目录（没有 {store.MANIFEST}，先用 workbench lake export 导出）：{path}")
    path = path.resolve()
    before = attached(con)
    with db.transaction(con) as cur:
        cur.execute("UPDATE lake_attachments SET detached_at = now(), detached_by = ? WHERE detached_at IS NULL", [actor])
        cur.execute("INSERT INTO lake_attachments (path, attached_by) VALUES (?, ?)", [str(path), actor])
        audit.record(cur, actor, "attach", "lake_attachments", str(path), {"path": before}, {"path": str(path)})
    activate(con, path)
    return path


def detach(con: duckdb.DuckDBPyConnection, actor: str) -> str | None:
    """Stop reading the attached lake (the tables alone again); returns the folder detached."""
    access.require(actor, "configure")
    before = attached(con)
    if before is None:
        return None
    with db.transaction(con) as cur:
        cur.execute("UPDATE lake_attachments SET detached_at = now(), detached_by = ? WHERE detached_at IS NULL", [actor])
        audit.record(cur, actor, "detach", "lake_attachments", before, {"path": before}, {"path": None})
    db.set_read_path(con, None)
    return before


def activate(con: duckdb.DuckDBPyConnection, lake: Path) -> bool:
    """(Re)create the ``lake`` views over ``lake`` and point ``con``'s named queries at them.
    A lake with no files yet is not read (read_parquet of nothing fails); returns whether it is."""
    if not store.files(lake):
        db.set_read_path(con, None)
        return False
    cur = con.cursor()
    store.create_row_view(cur, lake)
    cur.execute(db.sql_text("lake/lake_union_views"))
    db.set_read_path(con, READ_PATH)
    return True


def restore(con: duckdb.DuckDBPyConnection) -> None:
    """On connecting: read the attached lake again (views rebuilt, so new columns of the tables
    show); a lake folder that is gone or unreadable leaves the tables alone."""
    try:
        lake = attached(con)
        if lake is not None:
            activate(con, Path(lake))
    except (duckdb.Error, OSError, ValueError):
        db.set_read_path(con, None)
