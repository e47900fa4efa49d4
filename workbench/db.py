"""The DuckDB store: one connection per process and file, a fresh cursor per query.

Streamlit sessions run as threads, so callers never share a cursor: ``cursor()`` hands
out a new one each time. Values are only ever bound as parameters; SQL text comes from
``queries/NAME.sql`` files (see ``query``).
"""
from __future__ import annotations

import random
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import duckdb
import pandas as pd

from . import config

_lock = threading.Lock()
_connections: dict[Path, duckdb.DuckDBPyConnection] = {}
# id(connection) -> search_path its named queries read with (workbench.lake: views over an attached lake)
_read_paths: dict[int, str] = {}


def connect(path: str | Path | None = None, *, migrate: bool = True) -> duckdb.DuckDBPyConnection:
    """The process-wide connection to ``path`` (see ``config.db_path``), migrated on first use."""
    resolved = config.db_path(path).resolve()
    with _lock:
        con = _connections.get(resolved)
        if con is None:
            resolved.parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(resolved))
            # GLOBAL: every cursor (a connection of its own in DuckDB) inherits the zone.
            con.execute(f"SET GLOBAL TimeZone = '{config.TIMEZONE}'")
            con.execute("SET memory_limit = ?", [config.MEMORY_LIMIT])
            if migrate:
                from .migrate import migrate as run_migrations

                run_migrations(con)
            _connections[resolved] = con
        else:
            return con
    if migrate:
        from .lake.attach import restore

        restore(con)
    return con


def cursor(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the process-wide connection (safe to use from one thread)."""
    return connect(path).cursor()


def close_all() -> None:
    """Close every cached connection (tests and the CLI's end)."""
    with _lock:
        for con in _connections.values():
            con.close()
        _connections.clear()
        _read_paths.clear()


def set_read_path(con: duckdb.DuckDBPyConnection, search_path: str | None) -> None:
    """Make ``query`` on ``con`` resolve table names through ``search_path`` (None: the tables).

    Only named queries read this way; transactions and writers always see the tables themselves.
    """
    if search_path:
        _read_paths[id(con)] = search_path
    else:
        _read_paths.pop(id(con), None)


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    """The text of ``queries/NAME.sql``.

    ``frames/NAME`` names a query that reads a DataFrame the caller registers as a view (the
    ingest pipeline's lookups); those are not standalone, so ``query_names`` leaves them out.
    """
    root = config.QUERIES_DIR.resolve()
    path = (root / f"{name}.sql").resolve()
    if not path.is_file() or not path.is_relative_to(root) or path.parent.name == "migrations":
        raise KeyError(f"没有名为 {name} 的查询（queries/{name}.sql 不存在）")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Every named query in ``queries/`` (migrations excluded)."""
    return sorted(p.stem for p in config.QUERIES_DIR.glob("*.sql"))


def query(name: str, con: duckdb.DuckDBPyConnection | None = None, /, **params: Any) -> pd.DataFrame:
    """Run the named query with ``$param`` values bound and return a DataFrame.

    Parameters the SQL does not use are ignored, so callers may pass a shared filter set.
    ``name`` and ``con`` are positional-only, so a query may itself take ``$name``.
    """
    sql = sql_text(name)
    root = con if con is not None else connect()
    cur = root.cursor()
    read_path = _read_paths.get(id(root))
    if read_path:
        cur.execute(f"SET search_path = '{read_path}'")  # set_read_path's schemas, never user input
    bound = {k: v for k, v in params.items() if f"${k}" in sql}
    return cur.execute(sql, bound).df()


def query_params(name: str) -> list[str]:
    """The ``$names`` a query expects, in order of first use."""
    import re

    seen: list[str] = []
    for m in re.finditer(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql_text(name)):
        if m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


_version_lock = threading.Lock()
_version = 0


def store_version() -> int:
    """A counter that every committed write of this process bumps (``transaction``, ``changed``).

    Cached page results are keyed by it, so the next rerun after a write reads afresh. One process
    holds a DuckDB file for writing, so the writes that count are this process's own.
    """
    return _version


def changed() -> None:
    """Mark the store as written (``transaction`` does this on commit; writers outside a transaction
    call it, and ``ui.written`` does for every page write)."""
    global _version
    with _version_lock:
        _version += 1


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside BEGIN … COMMIT; any exception rolls everything back."""
    cur = con.cursor() if con is not None else cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    else:
        cur.execute("COMMIT")
        changed()


T = TypeVar("T")
CONFLICT_ATTEMPTS = 50
_retrying = threading.RLock()  # re-entrant: a retried write may retry a step of its own


def is_conflict(error: BaseException) -> bool:
    """Whether ``error`` is DuckDB's optimistic-concurrency conflict ("Conflict on update"): two
    transactions of this process changed the same row, and the later one was rolled back."""
    return isinstance(error, duckdb.TransactionException) and "conflict" in str(error).lower()


def retry_on_conflict(action: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run the write ``action(*args, **kwargs)``, again when it meets a concurrency conflict.

    The one write path of pages (``ui.write``) and of concurrent callers. A conflict rolls the
    action's transaction back (``transaction``), so running it again saves it once; an action
    made of several transactions must skip what an earlier run committed (label corrections do).
    Writers that lost a conflict retry one at a time, with a short jittered back-off, so they do
    not collide with each other again; only a fresh writer can still beat them to the row.
    """
    try:
        return action(*args, **kwargs)
    except duckdb.TransactionException as e:
        if not is_conflict(e):
            raise
    with _retrying:
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return action(*args, **kwargs)
            except duckdb.TransactionException as e:
                if not is_conflict(e) or attempt == CONFLICT_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0, 0.002 * min(attempt, 10)))  # back-off, not a wait for a result
    raise AssertionError("unreachable")
