"""The window's clusters carried in memory from one replayed cycle to the next (``rebuild``).

A monitor cycle reads the window's open incidents and candidates back from the store
(``clustering._load_clusters``: every cluster's posts since the window's start, their centroid cut
to ``TOP_TERMS`` terms), counts the window's term frequencies (``incident_term_frequency``) and
keeps its centroids for the next run (``centroids``). A rebuild runs about 120 cycles back to back
in one process, and at a million posts that reading and keeping cost about a second a cycle for
clusters most of which no cycle changed. ``Carried`` keeps every window post's terms and the
cluster holding it in memory instead, follows what each cycle did to its clusters (posts placed,
candidates promoted, absorbed or merged away: ``Cluster.new_posts``, ``.into``) and hands the next
cycle exactly the clusters a reload would give: the posts that slid out of the window subtracted,
each centroid's full counts cut to ``TOP_TERMS`` most used terms (ties by term) with its
``complete`` flag, in the reload's order (candidates, then incidents, by id). A cluster no cycle
changed is handed on as the same object.

It is carried only while the model placed every post (a person's placement makes a cluster
``curated``, a post without terms counts in it, which the store alone tells): with any, or once a
cycle meets a post a person placed, it hands out nothing and each cycle reads the store as the
monitor does.
"""
from __future__ import annotations

import heapq
from collections import Counter
from itertools import accumulate, chain
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import db, vocab
from . import centroids

if TYPE_CHECKING:
    from .clustering import Cluster

_EPOCH = pd.Timestamp(0, tz="UTC")


def _seconds(at: datetime) -> float:
    """Epoch seconds as the clusterer computes them (a Timedelta's ``total_seconds``)."""
    return (pd.Timestamp(at) - _EPOCH).total_seconds()


def _uncount(counts: Counter, posts_terms: list[list[str]]) -> None:
    """Take some posts' terms out of ``counts``, dropping a term no post uses any more (a reload lists none such)."""
    for t, k in Counter(chain.from_iterable(posts_terms)).items():  # (counted in C first: each term once)
        d = counts[t] - k
        if d:
            counts[t] = d
        else:
            del counts[t]


def _terms_of(con: duckdb.DuckDBPyConnection, post_ids: list[int]) -> dict[int, list[str]]:
    """Seen posts' terms (none: an empty list), read as Arrow: a DataFrame of ~250k list cells makes an
    array per cell and cost about a second at a million posts."""
    if not post_ids:
        return {}
    cur = con.cursor()
    cur.register("incident_seen", pa.table({"post_id": pa.array(post_ids, pa.int64())}))
    try:
        table = cur.sql(db.sql_text("frames/incident_seen_post_terms")).to_arrow_table()
    finally:
        cur.unregister("incident_seen")
    col = table.column("terms").combine_chunks()
    flat = pc.list_flatten(col).to_pylist()  # (a NULL list holds nothing here)
    ends = accumulate(pc.list_value_length(col).fill_null(0).to_pylist())
    out, start = {}, 0
    for pid, end in zip(table.column("post_id").to_pylist(), ends):
        out[pid] = flat[start:end]
        start = end
    return out


class _Held:
    """One cluster's posts in the window and their full term counts; ``cluster``: the object a
    reload would give for them, once made (None: make it anew)."""

    __slots__ = ("posts", "df", "grave", "fingerprint", "cluster")

    def __init__(self) -> None:
        self.posts: dict[int, tuple[float, bool]] = {}  # post id → (epoch seconds, grave)
        self.df: Counter = Counter()
        self.grave = 0
        self.fingerprint = 0
        self.cluster: Cluster | None = None

    def add(self, post_id: int, at: float, grave: bool, terms: list[str]) -> None:
        self.posts[post_id] = (at, grave)
        self.df.update(terms)
        self.grave += grave
        self.fingerprint += centroids.post_mix(post_id)
        self.cluster = None

    def drop(self, post_ids: list[int], terms: list[list[str]]) -> None:
        for post_id in post_ids:
            _, grave = self.posts.pop(post_id)
            self.grave -= grave
            self.fingerprint -= centroids.post_mix(post_id)
        _uncount(self.df, terms)
        self.cluster = None

    def take(self, other: "_Held") -> None:
        self.posts.update(other.posts)
        self.df.update(other.df)
        self.grave += other.grave
        self.fingerprint += other.fingerprint
        self.cluster = None


class Carried:
    """The state a rebuild passes to each ``clustering.cluster`` call (see the module's docstring)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything: the next cycle reads the store (and, when it may, starts carrying again)."""
        self.ready = False
        self.refused = False  # a person placed posts: never carried again in this rebuild
        self.held: dict[tuple[str, int], _Held] = {}
        self.owner: dict[int, tuple[str, int]] = {}  # a window post → the cluster holding it
        self.terms: dict[int, list[str]] = {}  # every seen window post's terms
        self.seen: list[tuple[float, int]] = []  # seen window posts, a heap by time (an upload may bring old ones)
        self.edge = -float("inf")  # the window's start at the last cycle
        self.doc: Counter = Counter()  # how many seen window posts use each term

    def refuse(self) -> None:
        """A cycle met a post a person placed: read the store from now on."""
        self.reset()
        self.refused = True

    # --- handing a cycle its clusters -------------------------------------------------------

    def clusters(self, con: duckdb.DuckDBPyConnection, since: datetime, now: datetime) -> "list[Cluster] | None":
        """The window's clusters as ``clustering._load_clusters(con, since)`` gives them at ``now``, or
        None when not carried (the caller reads the store)."""
        if self.refused:
            return None
        edge = _seconds(since)
        if self.ready and edge < self.edge:
            self.reset()  # (a cycle whose window starts earlier needs posts that already left: read them again)
        if not self.ready and not self._start(con, since, _seconds(now)):
            return None
        self._slide(edge)
        self.edge = edge
        from .clustering import Cluster, TOP_TERMS

        out = []
        for key in sorted(self.held):  # ("c" before "i", then by id: a reload's candidates, then incidents)
            h = self.held[key]
            c = h.cluster
            if c is None:
                # most used first, ties by term, as a reload orders them (two sorts in C: the second keeps
                # the first's order among equal counts)
                ordered = sorted(h.df.items())
                ordered.sort(key=itemgetter(1), reverse=True)
                cut = ordered[:TOP_TERMS]
                df = Counter()
                dict.update(df, cut)
                tops = {p: next((t[1:] for t, _ in cut if t[0] == p), None) for p in "@#"}
                times = [at for at, _ in h.posts.values()]
                ids = (key[1], None) if key[0] == "i" else (None, key[1])
                c = h.cluster = Cluster(*ids, len(h.posts), min(times), max(times), df, grave=h.grave,
                                        fingerprint=h.fingerprint, complete=len(ordered) <= TOP_TERMS,
                                        _tops=tops)
            out.append(c)
        return out

    def doc_freq(self) -> tuple[Counter, int]:
        """The window's term frequencies over the posts clustered so far and how many there are
        (``incident_term_frequency`` for the window ``clusters`` was last given), a copy."""
        return (Counter(self.doc), len(self.seen)) if self.doc else (Counter(), 0)

    def _start(self, con: duckdb.DuckDBPyConnection, since: datetime, now: float) -> bool:
        """Read the window's seen posts and their clusters from the store; False when a person placed
        any post, or when the store has seen posts published after ``now`` (clustered ahead of the
        rebuild: its cycles' term frequencies would leave them out)."""
        if bool(db.query("incident_person_placed", con)["placed"].iloc[0]):
            self.refused = True
            return False
        rows = db.query("incident_window_seen_posts", con, since=since, open_statuses=list(vocab.OPEN_STATUSES))
        at = (pd.to_datetime(rows["published"], utc=True) - _EPOCH).dt.total_seconds().tolist()
        if at and max(at) > now:
            self.refused = True
            return False
        grave = (rows["risk_level"].fillna(4) <= 3).tolist()
        post_ids = [int(p) for p in rows["post_id"].tolist()]
        terms_of = _terms_of(con, post_ids)
        for pid, when, candidate, incident, g in zip(
                post_ids, at, rows["candidate"].tolist(), rows["incident_id"].tolist(), grave):
            terms = terms_of[pid]
            self._seen(pid, when, terms)
            if incident is not None and not pd.isna(incident):
                key = ("i", int(incident))
            elif candidate is not None and not pd.isna(candidate):
                key = ("c", int(candidate))
            else:
                continue
            self._hold(key, pid, when, bool(g), terms)
        self.ready = True
        return True

    def _seen(self, post_id: int, at: float, terms: list[str]) -> None:
        self.terms[post_id] = terms
        heapq.heappush(self.seen, (at, post_id))
        self.doc.update(terms)

    def _hold(self, key: tuple[str, int], post_id: int, at: float, grave: bool, terms: list[str]) -> None:
        h = self.held.get(key)
        if h is None:
            h = self.held[key] = _Held()
        h.add(post_id, at, grave, terms)
        self.owner[post_id] = key

    def _slide(self, edge: float) -> None:
        """Posts published before ``edge`` leave the window: out of the term frequencies and their clusters."""
        seen, owner, held = self.seen, self.owner, self.held
        gone: list[int] = []
        while seen and seen[0][0] < edge:
            gone.append(heapq.heappop(seen)[1])
        if not gone:
            return
        terms = [self.terms.pop(pid) for pid in gone]
        _uncount(self.doc, terms)
        by_cluster: dict[tuple[str, int], tuple[list[int], list[list[str]]]] = {}
        for pid, t in zip(gone, terms):
            key = owner.pop(pid, None)
            if key is not None:
                ids, lists = by_cluster.setdefault(key, ([], []))
                ids.append(pid)
                lists.append(t)
        for key, (ids, lists) in by_cluster.items():
            h = held[key]
            h.drop(ids, lists)
            if not h.posts:
                del held[key]

    # --- following what a cycle did ---------------------------------------------------------

    def keep(self, clusters: "list[Cluster]", fresh: pd.DataFrame) -> None:
        """After a cycle placed ``fresh`` (every post it saw, in time order) among ``clusters``:
        note its posts, its new candidates and incidents, and the clusters absorbed or merged away."""
        seconds = (fresh["published"] - _EPOCH).dt.total_seconds().tolist()
        grave = (fresh["risk_level"].fillna(4) < 4).tolist()  # (as ``_assign`` tells a mild post)
        info = {}
        for pid, terms, at, g in zip(fresh["post_id"].tolist(), fresh["terms"].tolist(), seconds, grave):
            self._seen(pid, at, terms)
            info[pid] = (at, g, terms)
        changed = [c for c in clusters if c.changed]
        for c in changed:  # posts placed: in the cluster the cycle started them in (a candidate by its first post)
            key = ("c", c.candidate) if c.candidate is not None else ("i", c.incident_id)
            for pid in c.new_posts:
                at, g, terms = info[pid]
                self._hold(key, pid, at, g, terms)
            if key not in self.held:
                continue  # (a quiet cluster's stub that took nothing)
            if c.key != key:  # promoted: the candidate is an incident now
                self.held[c.key] = self.held.pop(key)
                for pid in self.held[c.key].posts:
                    self.owner[pid] = c.key
            self.held[c.key].cluster = None
        for c in changed:  # absorbed or merged away: its posts are the final holder's
            if c.into is None:
                continue
            into = c.into
            while into.into is not None:
                into = into.into
            gone = self.held.pop(c.key, None)
            if gone is None:
                continue
            h = self.held.get(into.key)
            if h is None:
                h = self.held[into.key] = _Held()
            h.take(gone)
            for pid in gone.posts:
                self.owner[pid] = into.key
