"""Running `workbench ingest --json` against a database file of the test, and reading it back."""
from __future__ import annotations

import json
from contextlib import redirect_stdout
from io import StringIO

from workbench import db
from workbench.cli import main


def ingest(db_file, *paths, expect: int = 0) -> list[dict]:
    """`workbench --db FILE ingest PATH… --json --no-analyze`: one report per file."""
    out = StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(db_file), "ingest", *map(str, paths), "--json", "--no-analyze"]) == expect
    return [json.loads(line) for line in out.getvalue().splitlines()]


def counts(report: dict) -> tuple:
    """``(rows_read, inserted, duplicates, rejected)`` of one report."""
    return report["rows_read"], report["inserted"], report["duplicates"], report["rejected"]


def rows(db_file, sql: str, params=()) -> list[tuple]:
    """The rows of a query on the file, the connection closed afterwards."""
    con = db.connect(db_file)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        db.close_all()
