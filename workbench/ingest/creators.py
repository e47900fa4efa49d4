"""Author profiles from crawler "creators" exports (table ``creators``).

A profile row needs the author's id (user id or creator hash); its follower count then reaches
every stored post by that author that lacks one, and posts ingested later find it too. Counted
like posts: a profile not seen before is inserted, a known one is a duplicate (its figures are
refreshed), a row without an id is rejected.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from .. import db
from .values import clean_ids, parse_counts, text_or_none


def typed_creators(records: pd.DataFrame, platforms: pd.Series) -> tuple[pd.DataFrame, pd.Index]:
    """``(profiles, rows without an author id)`` from canonical creator records."""

    def text(name: str) -> pd.Series:
        if name not in records:
            return pd.Series("", index=records.index, dtype="str")
        return records[name].astype(object).where(records[name].notna(), "").astype("str")

    ids, _ = clean_ids(text("author_id"))
    missing = ids.isna()
    keep = ~missing
    out = pd.DataFrame({
        "platform": platforms[keep].astype("str"),
        "author_id": ids[keep],
        "author": text_or_none(text("author")[keep]),
        "followers": parse_counts(text("author_followers")[keep], missing=None),
        "following": parse_counts(text("following")[keep], missing=None),
        "region": text_or_none(text("region")[keep]),
        "description": text_or_none(text("description")[keep]),
    }, index=records.index[keep])
    return out, records.index[missing]


def store_creators(cur: duckdb.DuckDBPyConnection, profiles: pd.DataFrame, batch_id: int) -> tuple[int, int]:
    """Write profiles (the last row of an author wins) on the caller's transaction; returns
    ``(new profiles, known profiles refreshed)``."""
    if profiles.empty:
        return 0, 0
    frame = profiles.drop_duplicates(["platform", "author_id"], keep="last").reset_index(drop=True)
    frame.insert(0, "row", range(len(frame)))
    frame["batch_id"] = batch_id
    cur.register("ingest_creators", frame)
    try:
        known = len(cur.execute(db.sql_text("frames/ingest_known_creators")).fetchall())
        cur.execute(db.sql_text("frames/ingest_upsert_creators"))
        cur.execute(db.sql_text("frames/ingest_followers_to_posts"))
    finally:
        cur.unregister("ingest_creators")
    return len(frame) - known, known + (len(profiles) - len(frame))


def followers_of(cur: duckdb.DuckDBPyConnection, platforms: pd.Series, author_ids: pd.Series) -> pd.Series:
    """The stored follower count of each row's author (NA where none), by position."""
    out = pd.Series(pd.NA, index=range(len(platforms)), dtype="Int64")
    has = author_ids.notna().to_numpy()
    if not has.any():
        return out
    authors = pd.DataFrame({"row": range(len(platforms)), "platform": platforms.to_numpy(),
                            "author_id": author_ids.to_numpy()})[has]
    cur.register("ingest_authors", authors)
    try:
        found = cur.execute(db.sql_text("frames/ingest_creator_followers")).df()
    finally:
        cur.unregister("ingest_authors")
    if len(found):
        out.iloc[found["row"].to_numpy()] = found["followers"].to_numpy()
    return out
