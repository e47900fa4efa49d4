"""Paths and settings, read once.

The database is chosen as DESIGN §5 says: an explicit path, else ``$WORKBENCH_DB``,
else ``data/workbench.duckdb`` inside the project.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
QUERIES_DIR = PROJECT_DIR / "queries"
MIGRATIONS_DIR = QUERIES_DIR / "migrations"
DEFAULT_DB = DATA_DIR / "workbench.duckdb"
# Labelled public corpora (read in place, never committed; see ../shared/data/README.md).
SHARED_DATA_DIR = Path(os.environ.get("WORKBENCH_SHARED_DATA", PROJECT_DIR.parent / "shared" / "data"))
TIMEZONE = "Asia/Shanghai"
# DuckDB would take 80 % of RAM; a bounded limit keeps big uploads within budget (spills to disk).
MEMORY_LIMIT = os.environ.get("WORKBENCH_MEMORY_LIMIT", "1GB")


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file to use: ``explicit``, else ``$WORKBENCH_DB``, else the default."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("WORKBENCH_DB")
    return Path(env) if env else DEFAULT_DB
