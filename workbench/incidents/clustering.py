"""Incremental clustering of posts into incidents.

Each run looks only at posts the clusterer has not seen (``incident_post_terms`` remembers the
seen ones with their terms). A new post joins, in this order:

1. the cluster of the post it reposts / replies to (``parent_external_id``) or duplicates
   (``near_dup_of``);
2. the most similar open incident or candidate cluster active within ``window`` hours, when the
   TF-IDF cosine between the post's terms and the cluster centroid reaches ``threshold`` and they
   share at least ``MIN_SHARED_TERMS`` terms;
3. else it starts a new candidate cluster.

Terms are the post's keywords (post_labels.keywords, from the NLP area) or, for posts without
them, TF-IDF keywords of its segmented text, plus ``@employer``; a centroid is the term counts of
a cluster's posts within the window (IDF from the same window). Posts are only compared with
centroids reached through an inverted index on their rarest terms, so no all-pairs work happens
even over a million posts. A candidate becomes an incident once it has ``min_posts`` posts;
smaller candidates stay unassigned (noise control).

Analysts' decisions stick: the model never moves a post it has seen, posts a person placed
(``incident_posts.added_by`` != 'model') are never touched, and a post a person took out of an
incident (``incident_post_exclusions``) never goes back into it.
"""
from __future__ import annotations

import gc
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from .. import db, vocab
from .times import local_time

WINDOW_HOURS = 72       # a post joins only clusters active within this many hours of it
THRESHOLD = 0.3         # cosine similarity needed to join a cluster
MIN_SHARED_TERMS = 2    # shared keywords needed besides the cosine
MIN_POSTS = 3           # a candidate needs this many posts to become an incident
TOP_TERMS = 30          # centroid terms kept per cluster loaded from the store
PROBE_TERMS = 4         # a post looks up clusters through its rarest terms only
MAX_POST_TERMS = 8


@dataclass
class Cluster:
    """An incident (``incident_id``) or a candidate (``candidate`` = its first post's id).

    Times are epoch seconds; ``sq`` = Σ (df·idf)² keeps the centroid norm current as posts join.
    """

    incident_id: int | None
    candidate: int | None
    n: int
    first_at: float
    last_at: float
    df: Counter = field(default_factory=Counter)
    new_posts: list[int] = field(default_factory=list)
    sq: float = 0.0

    @property
    def key(self) -> tuple[str, int]:
        return ("i", self.incident_id) if self.incident_id is not None else ("c", self.candidate)

    def add(self, weights: dict[str, float], at: float, post_id: int) -> None:
        for t, w in weights.items():
            d = self.df[t]
            self.sq += w * w * (2 * d + 1)  # (d+1)² − d²
            self.df[t] = d + 1
        self.n += 1
        self.first_at, self.last_at = min(self.first_at, at), max(self.last_at, at)
        self.new_posts.append(post_id)


def post_terms(keywords: Any, text: str, employer: str | None) -> list[str]:
    """The terms clustering compares: the post's keywords (else TF-IDF keywords of its text) and ``@employer``."""
    terms = [str(k).lower() for k in (list(keywords) if keywords is not None and not isinstance(keywords, float) else [])]
    if len(terms) < 3 and text:
        terms += _text_terms(text)
    out = list(dict.fromkeys(t for t in terms if t and t.strip()))[:MAX_POST_TERMS]
    if isinstance(employer, str) and employer.strip():
        out.append("@" + employer.strip())
    return out


def _text_terms(text: str) -> list[str]:
    """Keywords of a text through the NLP area's segmentation, else character bigrams."""
    try:
        from ..nlp import keywords as nlp_keywords
        from ..nlp import segment

        return nlp_keywords.extract(segment.tokenize(segment.normalize(text)), k=MAX_POST_TERMS)
    except ImportError:  # the NLP area is optional for clustering
        s = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
        return [s[i:i + 2] for i in range(len(s) - 1)][:MAX_POST_TERMS]


def _load_clusters(con, since: datetime) -> list[Cluster]:
    """Open incidents and candidates active since ``since``, each with its top terms."""
    frame = db.query("incident_cluster_centroids", con, since=since, open_statuses=list(vocab.OPEN_STATUSES),
                     top_terms=TOP_TERMS)
    clusters: list[Cluster] = []
    last_key = None
    first_at = (frame["first_at"] - pd.Timestamp(0, tz="UTC")).dt.total_seconds().tolist()
    last_at = (frame["last_at"] - pd.Timestamp(0, tz="UTC")).dt.total_seconds().tolist()
    # rows come ordered by cluster: one pass builds every centroid
    rows = zip(frame["kind"].tolist(), frame["cluster_id"].tolist(), frame["term"].tolist(), frame["df"].tolist(),
               frame["n_posts"].tolist(), first_at, last_at)
    for kind, cid, term, df, n, first, last in rows:
        if (kind, cid) != last_key:
            last_key = (kind, cid)
            ids = (int(cid), None) if kind == "incident" else (None, int(cid))
            clusters.append(Cluster(*ids, int(n), first, last))
        clusters[-1].df[term] = int(df)
    return clusters


def cluster(
    con: duckdb.DuckDBPyConnection,
    *,
    now: datetime | None = None,
    window_hours: float = WINDOW_HOURS,
    threshold: float = THRESHOLD,
    min_posts: int = MIN_POSTS,
) -> dict[str, Any]:
    """Place every post not yet seen (published up to ``now``); return counts and touched incidents.

    ``incident_ids``: incidents that gained posts or were created; ``changed_since``: for each, the
    hour from which its scores must be recomputed (None: all of it, a new incident).
    """
    now_ts = local_time(now)
    posts = db.query("incident_unclustered_posts", con, until=now_ts.to_pydatetime())
    result = {"posts_seen": len(posts), "joined": 0, "candidates": 0, "new_incidents": 0, "incident_ids": [],
              "changed_since": {}}
    if not len(posts):
        return result
    posts["published"] = pd.to_datetime(posts["published"]).dt.tz_convert(now_ts.tz)
    posts["terms"] = [post_terms(k, f"{t if isinstance(t, str) else ''} {x}", e) for k, t, x, e in
                      zip(posts["keywords"], posts["title"], posts["text_masked"], posts["employer"])]
    window = pd.Timedelta(hours=window_hours)
    since = (posts["published"].min() - window).to_pydatetime()
    placed = posts[posts["in_incident"]]
    fresh = posts[~posts["in_incident"]]

    # Posts a person (or the demo) already placed only get their terms remembered first,
    # so their incidents' centroids include them.
    if len(placed):
        with db.transaction(con) as cur:
            _insert_terms(cur, placed["post_id"].tolist(), placed["terms"].tolist(), [None] * len(placed))
    if not len(fresh):
        return result

    clusters = _load_clusters(con, since)
    tf = db.query("incident_term_frequency", con, since=since, until=now_ts.to_pydatetime())
    doc_freq = Counter(dict(zip(tf["term"], tf["df"].astype(int))))
    n_docs = int(tf["n_docs"].iloc[0]) if len(tf) else 0
    for terms in fresh["terms"]:
        doc_freq.update(terms)
    n_docs += len(fresh)
    idf = {t: math.log((n_docs + 1) / (c + 1)) + 1 for t, c in doc_freq.items()}
    default_idf = math.log(n_docs + 1) + 1

    for c in clusters:
        c.sq = sum((d * idf.get(t, default_idf)) ** 2 for t, d in c.df.items())
    space = _Space(clusters, idf, default_idf, window.total_seconds(), threshold)

    # Where the originals of reposts / near-duplicates already sit.
    parents = [p for p in fresh["parent_external_id"].dropna().astype(str).unique()]
    originals = [int(x) for x in fresh["near_dup_of"].dropna().unique()]
    by_key = {c.key: i for i, c in enumerate(clusters)}
    ext_cluster: dict[tuple[str, str], int] = {}
    id_cluster: dict[int, int] = {}
    if parents or originals:
        pc = db.query("incident_parent_clusters", con, parents=parents, originals=originals,
                      open_statuses=list(vocab.OPEN_STATUSES))
        for r in pc.itertuples(index=False):
            key = ("i", int(r.incident_id)) if not pd.isna(r.incident_id) else ("c", int(r.candidate))
            if key not in by_key:  # a quiet cluster outside the window: reposts still follow it
                clusters.append(Cluster(key[1] if key[0] == "i" else None, key[1] if key[0] == "c" else None,
                                        1, now_ts.timestamp(), now_ts.timestamp()))
                by_key[key] = len(clusters) - 1
            ext_cluster[(r.platform, str(r.external_id))] = by_key[key]
            id_cluster[int(r.post_id)] = by_key[key]

    # The loop below builds many small containers; pausing the cyclic GC keeps big runs linear.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        assigned = _assign(fresh, clusters, space, idf, default_idf, ext_cluster, id_cluster, result)
    finally:
        if gc_was_on:
            gc.enable()
    return _persist(con, fresh, clusters, assigned, min_posts, result)


def _assign(fresh, clusters, space, idf, default_idf, ext_cluster, id_cluster, result) -> dict[int, int]:
    """Place each fresh post (in time order): its original's cluster, else the best match, else a new candidate."""
    assigned: dict[int, int] = {}
    seconds = (fresh["published"] - pd.Timestamp(0, tz="UTC")).dt.total_seconds()
    cols = zip(fresh["post_id"].tolist(), fresh["terms"].tolist(), list(seconds), fresh["platform"].tolist(),
               fresh["external_id"].tolist(), fresh["parent_external_id"].tolist(), fresh["near_dup_of"].tolist())
    for pid, terms, at, platform, ext, parent, dup in cols:
        target = None
        if isinstance(parent, str) and (platform, parent) in ext_cluster:
            target = ext_cluster[(platform, parent)]
        elif dup is not None and not pd.isna(dup) and int(dup) in id_cluster:
            target = id_cluster[int(dup)]
        weights = {t: idf.get(t, default_idf) for t in terms}
        if target is None and terms:
            target = space.best_match(weights, at)
        if target is None:
            clusters.append(Cluster(None, pid, 0, at, at))
            target = len(clusters) - 1
            result["candidates"] += 1
        space.add(target, weights, at, pid)
        assigned[pid] = target
        if isinstance(ext, str):
            ext_cluster[(platform, ext)] = target
        id_cluster[pid] = target
    return assigned


class _Space:
    """The clusters of one run with an inverted index from term to the clusters still within the window."""

    def __init__(self, clusters: list[Cluster], idf: dict[str, float], default_idf: float, window: float,
                 threshold: float) -> None:
        self.clusters, self.idf, self.default_idf = clusters, idf, default_idf
        self.window, self.threshold = window, threshold
        self.index: dict[str, set[int]] = defaultdict(set)
        self.pruned_at = -math.inf
        self.live = list(range(len(clusters)))
        for i, c in enumerate(clusters):
            for t in c.df:
                self.index[t].add(i)

    def _prune(self, at: float) -> None:
        """Posts come in time order: clusters quiet for longer than the window leave the index."""
        if at - self.pruned_at < self.window / 4:
            return
        self.pruned_at = at
        self.live = [i for i in self.live if at - self.clusters[i].last_at <= self.window]
        index: dict[str, set[int]] = defaultdict(set)
        for i in self.live:
            for t in self.clusters[i].df:
                index[t].add(i)
        self.index = index

    def best_match(self, weights: dict[str, float], at: float) -> int | None:
        """The most similar cluster within the window (cosine ≥ threshold, enough shared terms), or None."""
        self._prune(at)
        probe = sorted(weights, key=weights.__getitem__, reverse=True)[:PROBE_TERMS]
        seen: set[int] = set()
        for t in probe:
            seen |= self.index.get(t, set())
        if not seen:
            return None
        p_norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        need = min(MIN_SHARED_TERMS, len(weights))
        best, best_sim = None, self.threshold
        for i in seen:
            c = self.clusters[i]
            if at - c.last_at > self.window or c.first_at - at > self.window:
                continue
            df = c.df
            shared = [t for t in weights if t in df]
            if len(shared) < need:
                continue
            # cosine of the post's idf vector and the centroid (df/n · idf); the n cancels out
            sim = sum(weights[t] ** 2 * df[t] for t in shared) / (p_norm * (math.sqrt(c.sq) or 1.0))
            if sim >= best_sim:
                best, best_sim = i, sim
        return best

    def add(self, i: int, weights: dict[str, float], at: float, post_id: int) -> None:
        if self.clusters[i].n == 0:
            self.live.append(i)  # a new candidate
        self.clusters[i].add(weights, at, post_id)
        for t in weights:
            self.index[t].add(i)


def _insert_terms(cur, post_ids: list[int], terms: list[list[str]], candidates: list[int | None]) -> None:
    frame = pd.DataFrame({"post_id": pd.array(post_ids, dtype="Int64"), "terms": [list(t) for t in terms],
                          "candidate": pd.array(candidates, dtype="Int64")})
    cur.register("_terms", frame)
    cur.execute("INSERT INTO incident_post_terms (post_id, terms, candidate) "
                "SELECT post_id, CAST(terms AS VARCHAR[]), candidate FROM _terms")
    cur.unregister("_terms")


def _persist(con, fresh: pd.DataFrame, clusters: list[Cluster], assigned: dict[int, int], min_posts: int,
             result: dict[str, Any]) -> dict[str, Any]:
    """Write terms, incident memberships, candidates and promoted incidents in one transaction."""
    info = fresh.set_index("post_id")
    pids = list(assigned)
    owners = [clusters[assigned[p]] for p in pids]
    members = pd.DataFrame({"incident_id": [c.incident_id for c in owners], "post_id": pids})
    members = members.dropna(subset=["incident_id"]).astype("int64")
    members["hour"] = info.loc[members["post_id"], "published"].dt.floor("h").to_numpy()
    promote = [c for c in clusters if c.incident_id is None and c.new_posts and c.n >= min_posts]
    with db.transaction(con) as cur:
        terms_of = dict(zip(fresh["post_id"], fresh["terms"]))
        _insert_terms(cur, pids, [terms_of[p] for p in pids],
                      [c.candidate if c.incident_id is None else None for c in owners])
        if len(members):
            cur.register("_members", members[["incident_id", "post_id"]])
            cur.execute(
                "INSERT INTO incident_posts (incident_id, post_id, added_by) SELECT m.incident_id, m.post_id, 'model' "
                "FROM _members m ANTI JOIN incident_post_exclusions x ON x.incident_id = m.incident_id AND x.post_id = m.post_id"
            )
            cur.unregister("_members")
        result["joined"] = len(members)
        new_ids = _promote(cur, promote, info) if promote else []
    result["new_incidents"] = len(new_ids)
    # existing incidents need rescoring only from their earliest new post's hour; new ones in full
    since = {int(k): v for k, v in members.groupby("incident_id")["hour"].min().items()} if len(members) else {}
    since.update({i: None for i in new_ids})
    result["incident_ids"] = sorted(since)
    result["changed_since"] = {i: since[i] for i in sorted(since)}
    return result


def _promote(cur, promote: list[Cluster], info: pd.DataFrame) -> list[int]:
    """Turn candidates into incidents, titled after their hottest new post, with their main category and employer."""
    rows = pd.DataFrame([(c.candidate, p) for c in promote for p in c.new_posts], columns=["candidate", "post_id"])
    rows = rows.join(info[["title", "text_masked", "hotness", "category", "employer"]], on="post_id")
    top = rows.sort_values("hotness", ascending=False).drop_duplicates("candidate").set_index("candidate")
    title = top["title"].where(top["title"].fillna("").str.strip() != "", top["text_masked"])
    def mode(col: str) -> pd.Series:
        counted = rows.dropna(subset=[col]).groupby(["candidate", col]).size().reset_index(name="n")
        return counted.sort_values(["n", col], ascending=[False, True]).drop_duplicates("candidate").set_index("candidate")[col]
    ids = [r[0] for r in cur.execute("SELECT nextval('seq_incidents') FROM range(?)", [len(promote)]).fetchall()]
    cands = [c.candidate for c in promote]
    frame = pd.DataFrame({
        "id": ids, "candidate": cands,
        "title": [" ".join(str(title[c]).split())[:40] for c in cands],
        "category": mode("category").reindex(cands).to_numpy(),
        "employer": mode("employer").reindex(cands).to_numpy(),
        "opened_at": [pd.Timestamp(c.first_at, unit="s", tz="UTC") for c in promote],
    })
    cur.register("_promoted", frame)
    cur.execute("INSERT INTO incidents (id, title, category, employer, status, opened_at) "
                "SELECT id, title, category, employer, ?, opened_at FROM _promoted", [vocab.STATUSES[0]])
    cur.execute("INSERT INTO incident_posts (incident_id, post_id, added_by) "
                "SELECT p.id, t.post_id, 'model' FROM incident_post_terms t JOIN _promoted p ON p.candidate = t.candidate")
    cur.execute("UPDATE incident_post_terms SET candidate = NULL FROM _promoted p WHERE incident_post_terms.candidate = p.candidate")
    cur.unregister("_promoted")
    return [int(i) for i in ids]
