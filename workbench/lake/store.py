"""Writing and reading the lake folder.

Layout: ``DIR/posts/platform=…/published_date=…/export-NNNNNN-<uuid>.parquet`` and
``DIR/manifest.json``. Files are only ever added: a relabelled post is written again by a later
export with a higher ``export_seq``, and readers keep each post's newest copy. Each row carries its
``label_stamp`` (when its labels last changed), which is how the next export knows what changed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from .. import db

MANIFEST = "manifest.json"
POSTS = "posts"
PARTITIONS = ("platform", "published_date")


@dataclass
class Export:
    """What one ``export`` wrote: its sequence number, the rows new to the lake, the rows written
    again because their labels changed, and the files (relative to the lake folder)."""

    seq: int
    new: int = 0
    relabelled: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.new + self.relabelled


def manifest(lake: Path) -> dict:
    """The lake's manifest (``{"format": 1, "exports": [...]}``; empty for a new folder)."""
    path = Path(lake) / MANIFEST
    if not path.is_file():
        return {"format": 1, "exports": []}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(f"数据湖清单无法读取：{path}（{e}）") from None


def files(lake: Path) -> list[str]:
    """Absolute paths of every Parquet file the manifest lists, oldest export first."""
    lake = Path(lake)
    return [str(lake / f) for e in manifest(lake)["exports"] for f in e["files"]]


def is_lake(path: Path) -> bool:
    """Whether ``path`` is a lake folder (it has a manifest)."""
    return (Path(path) / MANIFEST).is_file()


def _exported_stamps(cur: duckdb.DuckDBPyConnection, lake: Path) -> pa.Table:
    """(id, label_stamp) of each post's newest copy in the lake."""
    listed = files(lake)
    if not listed:
        return pa.table({"id": pa.array([], pa.int64()), "label_stamp": pa.array([], pa.timestamp("us", "UTC"))})
    return pa.Table.from_pandas(cur.execute(db.sql_text("lake/lake_stamps"), {"files": listed}).df(), preserve_index=False)


def export(con: duckdb.DuckDBPyConnection, lake: str | Path) -> Export:
    """Write the posts that are new or relabelled since the last export to ``lake``, masked text
    only, partitioned by platform and publication day (Asia/Shanghai); record it in the manifest."""
    from ..pii import mask_pii

    lake = Path(lake)
    if lake.exists() and not lake.is_dir():
        raise ValueError(f"数据湖应为目录：{lake}")
    lake.mkdir(parents=True, exist_ok=True)
    book = manifest(lake)
    seq = 1 + max((e["seq"] for e in book["exports"]), default=0)
    cur = con.cursor()  # the store's own tables: never the lake views (db.query's read path)
    exported = _exported_stamps(cur, lake)
    cur.register("lake_exported", exported)
    rows = cur.execute(db.sql_text("frames/lake_export_rows")).df()
    done = Export(seq=seq)
    if rows.empty:
        return done
    known = set(exported.column("id").to_pylist())
    done.relabelled = int(rows["id"].isin(known).sum())
    done.new = len(rows) - done.relabelled
    rows["title"] = rows["title"].map(lambda t: mask_pii(t) if isinstance(t, str) else t)  # titles can hold numbers too
    rows["export_seq"] = seq
    cur.register("lake_batch", rows)
    target = str(lake / POSTS).replace("'", "''")
    written = cur.execute(
        # pandas made the day a timestamp: a date again, so partitions read published_date=2026-11-20
        f"COPY (SELECT * REPLACE (CAST(published_date AS DATE) AS published_date) FROM lake_batch) "
        f"TO '{target}' (FORMAT parquet, PARTITION_BY ({', '.join(PARTITIONS)}), "
        f"FILENAME_PATTERN 'export-{seq:06d}-{{uuid}}', APPEND, RETURN_FILES)").fetchone()
    done.files = sorted(str(Path(f).resolve().relative_to(lake.resolve())) for f in written[1])
    book["exports"].append({"seq": seq, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                            "new": done.new, "relabelled": done.relabelled, "files": done.files})
    tmp = lake / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(book, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(lake / MANIFEST)  # readers see the old manifest or the new one, never half of one
    return done


def glob(lake: Path) -> str:
    """The lake's Parquet files as one glob (every export's files, present and future)."""
    return str(Path(lake).resolve() / POSTS / "**" / "*.parquet")


def create_row_view(cur: duckdb.DuckDBPyConnection, lake: Path) -> None:
    """``lake.lake_rows`` on ``cur``'s database: each lake post in its newest copy."""
    literal = "'" + glob(lake).replace("'", "''") + "'"  # DDL takes no parameters; a quoted literal
    cur.execute("CREATE SCHEMA IF NOT EXISTS lake")
    cur.execute(db.sql_text("lake/lake_rows_view").replace("{files}", literal))


def current_posts(lake: str | Path) -> pd.DataFrame:
    """The lake's posts, each in its newest copy (masked text in ``text_masked``), ordered by id."""
    lake = Path(lake)
    if not is_lake(lake):
        raise ValueError(f"不是数据湖目录（没有 {MANIFEST}）：{lake}")
    if not files(lake):
        return pd.DataFrame({"id": pd.Series([], dtype="int64"), "text_masked": pd.Series([], dtype=object)})
    mem = duckdb.connect()
    create_row_view(mem, lake)
    return mem.execute("SELECT * FROM lake.lake_rows ORDER BY id").df()
