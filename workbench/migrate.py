"""Apply ``queries/migrations/NNNN_*.sql`` in order, each in one transaction.

Applied files are recorded in ``schema_migrations``; running again changes nothing.
"""
from __future__ import annotations

import duckdb

from . import config


def pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Migration file names not yet applied, in order."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    done = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
    files = sorted(p.name for p in config.MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    return [f for f in files if f not in done]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every pending migration; return the names applied."""
    applied = []
    for name in pending(con):
        sql = (config.MIGRATIONS_DIR / name).read_text(encoding="utf-8")
        cur = con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute(sql)
            cur.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")
        applied.append(name)
    return applied
