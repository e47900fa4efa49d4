"""Cluster centroids kept between clustering runs (the ``incident_centroids`` table).

A clustering run compares new posts with the term counts of every open incident and candidate over
the window (``clustering``). Recounting them from every window post's terms took about a second per
monitor cycle at a million posts; most clusters have not changed since the last run. So each run
keeps the centroids it ends with, and the next run reads them back — but only a centroid whose
cluster still holds exactly the posts it was counted over: ``incident_cluster_spans`` sums a mix of
the post ids of each cluster's window posts (its fingerprint), and a kept centroid is read back only
where the sums agree (``frames/incident_kept_centroids``). A person's move or split, a merge, a closed
incident or the window sliding past a post changes the sum, and that cluster is recounted from its
posts' terms (``recount``). The table is a cache: emptying it changes no grouping, only the time of
the next run.
"""
from __future__ import annotations

import sys
from datetime import datetime
from itertools import count
from typing import Iterable, NamedTuple

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import db, vocab

# the same in queries/incident_cluster_spans.sql: below 2^32, and (x mod _MOD) · _MIX stays in a BIGINT there
_MIX, _MOD = 2147483629, 4294967311


def post_mix(post_id: int) -> int:
    """A post's share of its cluster's fingerprint (the sum over its posts; as the spans query computes it)."""
    return (int(post_id) % _MOD) * _MIX % _MOD


class Spans(NamedTuple):
    """The window's clusters (one row each, ordered by kind and id) and their centroids, flat:
    cluster ``k``'s terms are ``terms[starts[k]:ends[k]]`` (most used first, ties by term) with
    counts ``dfs[...]``; ``recounted[k]``: its centroid was counted now (none was kept for its posts);
    ``prefixed["@"]`` / ``prefixed["#"]``: which of ``terms`` start with that character (employers, categories);
    ``codes``: a number per term, one per distinct term, all below ``n_codes`` (to group them by, ``clustering.Loaded``)."""

    frame: pd.DataFrame
    terms: list[str]
    dfs: list[int]
    starts: list[int]
    ends: list[int]
    recounted: list[bool]
    prefixed: dict[str, np.ndarray]
    codes: np.ndarray
    n_codes: int


def load(con: duckdb.DuckDBPyConnection, since: datetime) -> Spans:
    """Open incidents and candidates with posts since ``since``, each with its centroid over those
    posts: the kept one when it is still theirs, else recounted from the posts' terms."""
    params = {"since": since, "open_statuses": list(vocab.OPEN_STATUSES)}
    cur = con.cursor()
    table = cur.sql(db.sql_text("incident_cluster_spans"), params=params).to_arrow_table()
    frame = table.to_pandas()
    # the kept centroids still of these posts, joined in the store with the spans registered as they came
    # (Arrow keeps each list column flat; a DataFrame makes an object per row)
    cur.register("incident_spans", table.select(["kind", "cluster_id", "n_posts", "fingerprint"]).append_column(
        "row", pa.array(np.arange(table.num_rows, dtype=np.int64))))
    try:
        got = cur.sql(db.sql_text("frames/incident_kept_centroids")).to_arrow_table()
    finally:
        cur.unregister("incident_spans")
    terms_col = got.column("terms").combine_chunks() if got.num_rows else pa.array([], pa.list_(pa.string()))
    offsets = terms_col.offsets.to_numpy()
    terms, codes, words = _shared(terms_col.values)
    # (told in Arrow, not by slicing each of ~800k terms in Python)
    prefixed = {p: pc.starts_with(terms_col.values, pattern=p).fill_null(False).to_numpy(zero_copy_only=False)
                for p in "@#"}
    dfs = (got.column("dfs").combine_chunks().values.to_pylist() if got.num_rows else [])
    rows = got.column("row").to_numpy()
    first, last, held = (np.zeros(len(frame), dtype=np.int64) for _ in range(3))
    first[rows], last[rows], held[rows] = offsets[:-1], offsets[1:], 1
    starts, ends, kept = first.tolist(), last.tolist(), held.astype(bool).tolist()
    kinds, ids = frame["kind"].tolist(), frame["cluster_id"].tolist()
    stale = [i for i, ok in enumerate(kept) if not ok]
    if stale:
        counted = db.query("incident_cluster_centroids", con, since=since, open_statuses=params["open_statuses"],
                           incident_ids=[int(ids[i]) for i in stale if kinds[i] == "incident"],
                           candidates=[int(ids[i]) for i in stale if kinds[i] == "candidate"])
        where = {}  # (kind, id) → its rows' [start, end) in the recount, appended after the kept terms
        if len(counted):
            kind, cid = counted["kind"].to_numpy(), counted["cluster_id"].to_numpy()
            cuts = (cid[1:] != cid[:-1]) | (kind[1:] != kind[:-1])
            heads = [0, *(i + 1 for i in cuts.nonzero()[0].tolist())]
            base = len(terms)
            for h, e in zip(heads, [*heads[1:], len(counted)]):
                where[(kind[h], int(cid[h]))] = (base + h, base + e)
            recounted = list(map(interned, counted["term"].tolist()))
            terms += recounted
            # (a term kept in another centroid keeps its code; a new one gets a number past them all)
            code = dict(zip(words, range(len(words))))
            codes = np.concatenate([codes, np.fromiter(map(code.setdefault, recounted, count(len(words))), np.int64,
                                                       len(recounted))])
            for p in "@#":
                prefixed[p] = np.concatenate([prefixed[p], counted["term"].str.startswith(p).to_numpy(dtype=bool)])
            dfs += counted["df"].astype("int64").tolist()
        for i in stale:  # a cluster whose posts carry no terms has an empty centroid
            starts[i], ends[i] = where.get((kinds[i], int(ids[i])), (0, 0))
    return Spans(frame, terms, dfs, starts, ends, [not ok for ok in kept], prefixed, codes, int(codes.max(initial=-1)) + 1)


def _shared(values: pa.Array) -> tuple[list[str], np.ndarray, list[str]]:
    """The strings of ``values``, one object per distinct term, interned (``sys.intern``): ~700k terms of the
    window's centroids are ~24k words, and each cluster's centroid, the index and the post's own terms then
    hold the same objects — less memory to walk, and a lookup that finds a term compares it by identity.
    With each one's code (its word's position) and the distinct words."""
    if not len(values):
        return [], np.zeros(0, dtype=np.int64), []
    coded = pc.dictionary_encode(values, null_encoding="encode")  # (a null, if any, is a word of its own, as before)
    words = list(map(interned, coded.dictionary.to_pylist()))
    codes = coded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return list(map(words.__getitem__, codes.tolist())), codes, words


def interned(term: str | None) -> str | None:
    """``term`` as the one object of its value every interned term shares (``sys.intern``; None as is)."""
    return sys.intern(term) if isinstance(term, str) else term


class Kept(NamedTuple):
    """One cluster's centroid as a run ends with it."""

    kind: str
    cluster_id: int
    n_posts: int
    fingerprint: int
    last_at: datetime
    terms: list[str]
    dfs: list[int]


def save(cur: duckdb.DuckDBPyConnection, rows: Iterable[Kept], gone: Iterable[tuple[str, int]],
         horizon: datetime) -> None:
    """Keep ``rows`` (replacing their clusters' earlier rows), drop the rows of the clusters
    ``gone`` (absorbed, merged, promoted, or no longer countable) and of every cluster quiet since
    before ``horizon`` (the next run's window starts after it), inside the caller's transaction."""
    rows = list(rows)
    drop = pd.DataFrame(list(dict.fromkeys([*gone, *((r.kind, r.cluster_id) for r in rows)])),
                        columns=["kind", "cluster_id"]).astype({"cluster_id": "int64"})
    cur.execute("DELETE FROM incident_centroids WHERE last_at < ?", [horizon])
    if len(drop):
        cur.register("_centroids_gone", drop)
        cur.execute("DELETE FROM incident_centroids USING _centroids_gone g "
                    "WHERE incident_centroids.kind = g.kind AND incident_centroids.cluster_id = g.cluster_id")
        cur.unregister("_centroids_gone")
    if not rows:
        return
    table = pa.table({
        "kind": [r.kind for r in rows], "cluster_id": pa.array([r.cluster_id for r in rows], pa.int64()),
        "n_posts": pa.array([r.n_posts for r in rows], pa.int32()),
        "fingerprint": pa.array([r.fingerprint for r in rows], pa.int64()),
        "last_at": pa.array([r.last_at for r in rows], pa.timestamp("us", tz="UTC")),
        "terms": pa.array([r.terms for r in rows], pa.list_(pa.string())),
        "dfs": pa.array([r.dfs for r in rows], pa.list_(pa.int32())),
    })
    cur.register("_centroids_kept", table)
    cur.execute("INSERT INTO incident_centroids (kind, cluster_id, n_posts, fingerprint, last_at, terms, dfs) "
                "SELECT kind, cluster_id, n_posts, fingerprint, last_at, terms, dfs FROM _centroids_kept")
    cur.unregister("_centroids_kept")
