"""Incremental grouping of posts into incidents: one real-world event, one incident.

Each run looks only at posts the clusterer has not seen (``incident_post_terms`` remembers the
seen ones with their terms). A new post joins, in this order:

1. the cluster of the post it reposts / replies to (``parent_external_id``, on its own platform
   or, failing that, a news article or post elsewhere it shares) or duplicates (``near_dup_of``):
   short reactions (「真的假的？」「求后续」) follow their parent;
2. the most similar open incident or candidate cluster active within ``window`` hours, when the
   similarity reaches ``threshold``. Similarity is the TF-IDF cosine between the post's terms and
   the cluster's centroid, where terms are the post's keywords and the character bigrams of its
   title and text (so paraphrases that share names, places and details meet), plus a bonus when
   both are about the same monitored employer (``entities``: aliases and misspellings resolve to
   one name) and when they share a category. Posts about two different employers never join; a post
   naming no employer joins an employer's incident only on a detail that incident owns (``_Space.owns``:
   most of the window's grouped posts using it are the incident's — the workshop, the victim, the
   site — not the season's or the trade's words that background around it uses as much);
3. else the incident holding its author's last post in the window, when it has ``AUTHOR_THRESHOLD``
   of its weight on terms the incident uses (``_follow_up``: a victim's family, a striking courier
   post updates over days in words of their own; 「匿名用户」 is nobody in particular);
4. else it starts a new candidate cluster — unless it is an advert (``is_advert``: a job ad, a
   promotion, a shopper's note — mild, not negative, no risk term, about recruiting or nothing at
   work; or a recruiting post graded grave on its trade's words alone), which starts nothing: it
   names the employer and place of an event without being part of it.
   It joins a cluster only as in 1, or, when glad (正面), on wording as in 2 when the cluster is not
   mostly grave (praise of a positive story reads like an advert; a promotion beside a fire must not
   join it, nor an enrolment ad its school's dispute) or as its author's follow-up as in 3
   (「钱到账了！」 is the event's outcome).

Who a post is about is the employer its text names, else the one its author's name stands for (an
employer's own account, a workplace forum's company label: ``entities.Matcher.account_employer``).

A candidate becomes an incident (``_promote``) when it has ``min_posts`` posts (in ``MIN_THREADS``
threads when it names no employer: a post and the replies under it are one voice) or, naming a
monitored employer, one post with ``REACH`` hotness that tells of trouble (displeased or graver than
mild; for praise, any), and it is negative (a post at content risk ≤ 3, a monitor rule matched, or
most posts 负面 and a far-reaching one complaining about work: low-reach displeasure is a monitored employer's
ordinary week; a neutral or glad post graded 2–3 with no risk-lexicon term in its evidence is the season's news
the model read as grave, not a post at risk, and a displeased one is one writer's grumble until ``MIN_THREADS``
such posts start threads of their own or one about work reaches ``REACH``: ``_told_risk``) or clearly positive (``tone.is_praise``:
most posts 正面, or a good deed told in neutral reports with nothing graded as trouble), about a
monitored employer and spread (one post with ``REACH`` hotness or ``min_posts`` threads, and told in
``MIN_THREADS`` threads at least: a 正面 incident, tracked but never alerted on; glad posts naming nobody wait for a name). A story opened on its grave words but told gladly (a rescue, with no monitor rule matched:
``tone.is_told_gladly``) opens as 正面 too; an incident's tone is read again whenever it grows (``tone.turned``). Chatter — mild,
low-reach, unrelated posts — therefore never forms one. A mild post (content risk 4: a job ad, a
promotion, a grumble) is compared on what it says, not on the employer it names, and joins a grave
event only on wording the event's posts repeat (``MILD_LEAST``); a left-over candidate is gathered
into an incident that opened or grew (``ABSORB_THRESHOLD`` when it is grave and names no employer:
the early posts of an event, written before anyone named the company; a thread of them begun at most
``EARLY_THREAD_HOURS`` before the incident's first post is looked up by the terms the incident holds, not by its
own rarest words, ``_early_thread``); a left-over grave post about harm naming
no employer joins the one open accident whose reports repeat a place it names (``_grave_event_there``: a
relative's cry, a neighbour's 「是不是哪个厂出事了」, a notice naming only the county). The incident is opened at detection time
(``now``), its first post's time kept as ``first_post_at``; its title says who and what happened
(``naming``). After placing posts, a merge pass joins open incidents of one employer (or a
fragment naming none into a named one) whose centroids are alike (a single pass in time order can
split an event before its details repeat), never two incidents named after two employers (the
employer an incident was named after counts, not only what its posts in the window say: its
unnamed tail is no fragment of another employer's event); an incident probes with the rarest terms another
incident holds too, its very rarest being its own; a named incident the window shows only the last
few posts of is not merged (its tail is no sign of which event it was). A fragment whose wording drifted (the inquiry
after an accident) joins its event on less wording when the rest says it is one (``_kin``: one
employer, one kind of event, a fragment's size, started after it; a lone far-reaching report the
classifier put in another category joins its employer's event told in its tone when no other incident
of the employer in that tone is of the report's kind; a lone grave post about harm, in new words, joins its
employer's accident as its sequel, ``_sequel_of``: the victim's son, the wife at the ward); an incident most of
whose wording another incident of its employer holds, told in one tone, is part of it whatever its size or rare
details (``_told_alike``: one event told in everyday words repeats few of them; of another main kind, only as a
small part of a mostly grave event begun while it was told). An incident of ``MIN_POSTS`` posts begun more than
``SECOND_EVENT_HOURS`` after another incident of its employer began is never merged into it (``_second_event``: the
employer's second event that week, sharing its name, town and trade's words) unless both tell of one main kind of
event (``_later_chapter``: a week-long dispute's later protest), but may go into another (its own event's other
incident); nor is such an incident put into its employer's incident begun more than ``OLDER_EVENT_HOURS`` after it
(``_older_event``: an older event whose early posts aged out of the window looks the smaller), unless of one main kind.

Terms are kept per post in ``incident_post_terms`` (``@employer`` among them); a centroid is the
term counts of a cluster's posts within the window (IDF from the same window), kept between runs
(``centroids``) and recounted only for the clusters whose posts changed since. Posts are only
compared with centroids reached through an inverted index on their rarest terms, so no all-pairs
work happens even over a million posts.

Analysts' decisions stick: the model never moves a post it has seen, posts a person placed
(``incident_post_terms.added_by`` != 'model') are never touched, a post a person took out of an
incident (``incident_post_exclusions``) never goes back into it, and incidents a person edited are
never merged by the model.
"""
from __future__ import annotations

import math
import re
import sys
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import chain, compress, repeat
from operator import add, and_, attrgetter, itemgetter, mul, not_, truediv
from typing import Any, Callable, NamedTuple

import duckdb
import numpy as np
import pandas as pd

from .. import collector, db, vocab
from ..nlp import risk as risk_lexicon
from . import centroids, entities, membership, naming, opening, specificity, titles, tone
from . import carried as carried_state
from .times import local_time

WINDOW_HOURS = 72       # a post joins only clusters active within this many hours of it
THRESHOLD = 0.5         # similarity needed to join a cluster (coverage plus the bonuses below), tuned on S1
EMPLOYER_BONUS = 0.15   # post and cluster about the same monitored employer
CATEGORY_BONUS = 0.05   # post and cluster share their main category
MILD_MARGIN = 0.1       # extra similarity a content-risk-4 post needs (and no employer bonus)
MIN_SHARED_TERMS = 2    # specific terms (``specificity``: a place, a detail, a keyword, the employer) a post must share
MIN_POSTS = 3           # a candidate needs this many posts to become an incident …
MIN_THREADS = 2         # … in this many threads when it names no employer (a post with no parent among them starts one) …
REACH = 2000.0          # … or one post this hot that tells of trouble (likes + 5·comments + 10·reposts + 0.1·views)
ABSORB_THRESHOLD = 0.3  # similarity at which a left-over grave candidate naming no employer joins an incident that opened or grew
EARLY_THREAD_HOURS = 12  # a left-over thread begun at most this long before an incident's first post may be its early posts
MERGE_THRESHOLD = 0.5   # similarity at which a smaller open incident merges into a larger one
KIN_MERGE_THRESHOLD = 0.2  # … or, of one employer and one kind of event (``_kin``), this similarity
KIN_UNNAMED_THRESHOLD = 0.3  # … the similarity a left-over candidate naming no employer needs to join that way
KIN_SIZE_RATIO = 2.0      # … and the larger holds at least this many times its posts
KIN_CATEGORY_SHARE = 0.1   # one kind of event: the smaller's main category used by this share of the larger's posts
KIN_OTHER_KIND_THRESHOLD = 0.35  # … or, of another category, this similarity on details the larger owns (``_kin``)
KIN_ALIKE_THRESHOLD = 0.4  # … or, an incident of one employer, this similarity whatever else (``_told_alike``)
AUTHOR_THRESHOLD = 0.2  # similarity at which an author's follow-up that matched nothing joins the incident of their last post
ANONYMOUS = "匿名"       # an author name holding this is a platform's placeholder, shared by many people
TOP_TERMS = 400         # centroid terms kept per cluster loaded from the store
PROBE_TERMS = 20        # a post looks up clusters through its rarest terms only …
WIDE_TERM_CLUSTERS = 50 # … each listing at most this many live clusters, …
EMPLOYER_PROBE_LIMIT = 200  # … and its employer's live clusters, when there are at most this many
MAX_KEYWORDS = 8
MAX_BIGRAMS = 24        # character bigrams kept per post
WIDE_USE = 0.1          # share of a cluster's posts using a term for it to count fully
MILD_LEAST = 2          # … and used by at least this many, for a mild post joining a grave event
OWNED_DETAILS = 2       # details an employer's incident must own (``_Space.owns``) for a post naming no employer to join it
ADVERT_CATEGORIES = ("招聘求职", "其他")  # what a mild, non-negative post about no work matter is labelled (``is_advert``)
# a sentiment score (P(正面) − P(负面)) at or below this leaves 负面 at least a third of the model's
# belief (P(负面) ≥ −score): however the label fell, the post may well be negative (``is_advert``)
NEGATIVE_MARGIN = -1 / 3


@dataclass(slots=True)
class Cluster:
    """An incident (``incident_id``) or a candidate (``candidate`` = its first post's id).

    Times are epoch seconds; ``df`` counts how many of its posts use each term.
    """

    incident_id: int | None
    candidate: int | None
    n: int
    first_at: float
    last_at: float
    df: Counter = field(default_factory=Counter)
    new_posts: list[int] = field(default_factory=list)
    curated: bool = False  # a person placed all its posts: only replies and reposts follow them in
    grave: int = 0  # its posts at content risk ≤ 3: a cluster with none is mild (promotions, job ads, chatter)
    # for the kept centroids (``centroids``): the sum of its posts' ``post_mix``, whether ``df`` counts
    # every term of them (not cut to ``TOP_TERMS`` when loaded, not a stub), and whether this run changed it
    fingerprint: int = 0
    complete: bool = True
    changed: bool = False
    # "@" / "#" → the cached top employer / category, kept up to date as posts come in
    # (asked for every candidate cluster of every post: recounting df each time dominated at 1M posts)
    _tops: dict = field(default_factory=dict, repr=False, compare=False)
    into: "Cluster | None" = field(default=None, repr=False, compare=False)  # the cluster that absorbed it (``carried``)
    # its row in the window ``_load_window`` read while ``df`` still holds just the terms read there (-1 once it
    # takes a post or absorbs another): a ``_Space`` lists such clusters' terms from the load's arrays (``Loaded``)
    row: int = field(default=-1, repr=False, compare=False)

    @property
    def employer(self) -> str | None:
        """The employer most of its posts are about."""
        tops = self._tops  # (cached: asked of every cluster a post or candidate is compared with)
        return tops["@"] if "@" in tops else self._top("@")

    @property
    def category(self) -> str | None:
        """Its posts' most common category."""
        return self._top("#")

    def _top(self, prefix: str) -> str | None:
        if prefix not in self._tops:
            self._tops[prefix] = _top(self.df, prefix)
        return self._tops[prefix]

    @property
    def doubled(self) -> bool:
        """Its size crossed a power of two with this run's posts: worth a new title (a few more
        posts in a big incident rarely change what most of them say, and retitling every grown
        incident each cycle cost a second at a million posts)."""
        return self.n.bit_length() > (self.n - len(self.new_posts)).bit_length()

    @property
    def key(self) -> tuple[str, int]:
        return ("i", self.incident_id) if self.incident_id is not None else ("c", self.candidate)

    def add(self, weights: dict[str, float], at: float, post_id: int, grave: bool = False) -> None:
        df, tops = self.df, self._tops
        tops.pop("kinds", None)
        count = df.get  # (dict.get: a Counter's own lookup of a new term calls its __missing__ in Python)
        marked = list(compress(weights, map(str.startswith, weights, repeat(("@", "#")))))
        if len({t[0] for t in marked}) == len(marked):
            # (at most one employer and one category term, the usual: no count the top tracking compares
            # with moves but the term's own, so every term is counted at once in C: ×10k posts a cycle)
            dict.update(df, zip(weights, map((1).__add__, map(count, weights, repeat(0)))))
            for t in marked:
                self._track(t, df[t])
        else:
            for t in weights:
                d = count(t, 0) + 1
                df[t] = d
                if t[0] in "@#":
                    self._track(t, d)
        self.n += 1
        self.grave += grave
        self.first_at, self.last_at = min(self.first_at, at), max(self.last_at, at)
        self.new_posts.append(post_id)
        self.fingerprint += centroids.post_mix(post_id)
        self.changed = True
        self.row = -1

    def _track(self, t: str, d: int) -> None:
        """Keep the cached top employer / category current as term ``t`` reaches count ``d``."""
        tops = self._tops
        if t[0] in tops:
            # counts only grow here, so the top term moves only to the term just counted
            best, df = tops[t[0]], self.df
            if best is None or (t[1:] != best and (d > df[t[0] + best] or (d == df[t[0] + best] and t[1:] < best))):
                tops[t[0]] = t[1:]

    def absorb(self, other: "Cluster") -> None:
        """Take in another cluster's posts (a merge); the other is left empty, never a target again."""
        self.df.update(other.df)
        self._tops.clear()
        self.n += other.n
        self.grave += other.grave
        self.first_at, self.last_at = min(self.first_at, other.first_at), max(self.last_at, other.last_at)
        self.fingerprint += other.fingerprint
        self.complete = self.complete and other.complete
        self.changed = other.changed = True
        self.row = -1
        other.n = 0
        other.into = self


# Characters that carry no event detail: a bigram holding one is never a term.
_STOP_CHARS = set("的了是我你他她它们这那在有和就都也还吗呢吧啊呀哈嘛么个一不没很太又被把给让跟与及之其为着过到说要会能可以去来上下里")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _kept_runs(stop: set[str]) -> re.Pattern:
    """Runs of CJK characters holding no stop character: their neighbours are exactly the bigrams
    ``post_terms`` keeps (found by the regex engine, not by two set lookups per pair ×10k posts)."""
    ranges, low = [], 0x4E00
    for c in sorted(ord(ch) for ch in stop if "\u4e00" <= ch <= "\u9fff"):
        if c > low:
            ranges.append((low, c - 1))
        low = c + 1
    ranges.append((low, 0x9FFF))
    return re.compile("[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]+")


_KEPT_RUNS = _kept_runs(_STOP_CHARS)


def _top(df: Counter, prefix: str) -> str | None:
    best, n = None, 0
    for t, d in df.items():
        if t.startswith(prefix) and (d > n or (d == n and best is not None and t < best)):
            best, n = t, d
    return best[1:] if best else None


def post_terms(keywords: Any, text: str, employer: str | None, category: str | None = None) -> list[str]:
    """The terms clustering compares: the post's keywords, the character bigrams of its text
    (title first; none holding a stop character), ``@employer`` and ``#category``."""
    kws = [str(k).lower() for k in (list(keywords) if keywords is not None and not isinstance(keywords, float) else [])]
    out = list(dict.fromkeys(t for t in kws[:MAX_KEYWORDS] if t and t.strip()))
    bigrams: list[str] = []
    for run in _KEPT_RUNS.findall(text or ""):  # (pairs of neighbours, not a slice per position: ×10k posts a cycle)
        bigrams += map(add, run, run[1:])
    out += [b for b in dict.fromkeys(bigrams) if b not in out][:MAX_BIGRAMS]
    if isinstance(employer, str) and employer.strip():
        out.append("@" + employer.strip())
    if isinstance(category, str) and category:
        out.append("#" + category)
    return list(map(sys.intern, out))  # (the objects the window's centroids hold: ``centroids._shared``)


class Loaded(NamedTuple):
    """Which loaded cluster (its ``Cluster.row``) holds which term: every pair of ``_load_window``'s centroids
    (cut to ``TOP_TERMS``), grouped by term. Pair ``k`` is row ``rows[k]`` holding ``terms[of[k]]``; the pairs
    of a term are consecutive (``codes``: one per distinct term), their rows ascending; ``n_rows`` clusters."""

    rows: np.ndarray
    codes: np.ndarray
    of: np.ndarray
    terms: list[str]
    n_rows: int

    @classmethod
    def of_centroids(cls, spans: "centroids.Spans", starts: np.ndarray, ends: np.ndarray) -> "Loaded":
        """The pairs of row ``k`` holding ``spans.terms[starts[k]:ends[k]]`` (grouped by ``spans.codes``)."""
        lengths = ends - starts
        rows = np.repeat(np.arange(len(starts), dtype=np.int64), lengths)
        of = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        codes = spans.codes[of]
        # (stable: each term's rows stay ascending; a radix sort when the codes fit 16 bits, ~24k terms: 5× sooner)
        order = np.argsort(codes.astype(np.uint16) if spans.n_codes <= 1 << 16 else codes, kind="stable")
        return cls(rows[order], codes[order], of[order], spans.terms, len(starts))

    def list_terms(self, positions: list[int], clusters: list[Cluster], index: dict[str, set[int]]) -> list[int]:
        """Put the clusters at ``positions`` of ``clusters`` whose ``df`` is still as loaded (``Cluster.row``) into
        the empty ``index`` (term → the positions holding it, the sets ``_Space._build_index`` makes: one
        ``set`` made from a slice per term, not one ``set.add`` per pair, ~600k at a million posts); return
        the other positions, in order."""
        at_row = np.full(self.n_rows, -1, dtype=np.int64)
        rest = []
        for i in positions:
            row = clusters[i].row
            if row < 0:
                rest.append(i)
            else:
                at_row[row] = i
        at = at_row[self.rows]
        kept = at >= 0
        at, codes, of = at[kept], self.codes[kept], self.of[kept]
        if not len(at):
            return rest
        firsts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        bounds = [*firsts.tolist(), len(at)]
        members = at.tolist()
        index.update(zip(map(self.terms.__getitem__, of[firsts].tolist()),
                         map(set, map(members.__getitem__, map(slice, bounds[:-1], bounds[1:])))))
        return rest


def _load_clusters(con, since: datetime) -> list[Cluster]:
    """Open incidents and candidates active since ``since``, each with its top ``TOP_TERMS`` terms
    (centroids kept from the last run where still theirs, ``centroids.load``)."""
    return _load_window(con, since)[0]


def _load_window(con, since: datetime) -> tuple[list[Cluster], Loaded | None]:
    """``_load_clusters``' clusters (each knowing its ``row``) and which holds which term (``Loaded``)."""
    spans = centroids.load(con, since)
    heads = spans.frame
    if not len(heads):
        return [], None
    epoch = pd.Timestamp(0, tz="UTC")
    first_at = (heads["first_at"] - epoch).dt.total_seconds().tolist()
    last_at = (heads["last_at"] - epoch).dt.total_seconds().tolist()
    terms, dfs = spans.terms, spans.dfs
    starts = np.asarray(spans.starts, dtype=np.int64)
    full_ends = np.asarray(spans.ends, dtype=np.int64)
    ends = np.minimum(full_ends, starts + TOP_TERMS)
    # each cluster's top employer / category: its first "@" / "#" term among those kept (most used, then
    # the least term, as ``_top`` picks), found for all clusters at once instead of by a scan of each centroid
    tops = {}
    for prefix in "@#":
        rows = np.append(np.flatnonzero(spans.prefixed[prefix]), len(terms))  # (a sentinel past the end)
        hit = rows[np.searchsorted(rows, starts)]  # the first such row at or after each cluster's start
        tops[prefix] = [terms[i][1:] if i < e else None for i, e in zip(hit.tolist(), ends.tolist())]
    clusters: list[Cluster] = []
    new_counter = Counter.__new__
    for k, c, n, first, last, curated, grave, fp, start, end, full_end, recounted, employer, category in zip(
            heads["kind"].tolist(), heads["cluster_id"].tolist(), heads["n_posts"].tolist(), first_at, last_at,
            heads["curated"].tolist(), heads["n_grave"].tolist(), heads["fingerprint"].tolist(), starts.tolist(),
            ends.tolist(), full_ends.tolist(), spans.recounted, tops["@"], tops["#"]):
        ids = (int(c), None) if k == "incident" else (None, int(c))
        df = new_counter(Counter)  # (as Counter() makes it, without its Python __init__: ×40k)
        dict.update(df, zip(terms[start:end], dfs[start:end]))  # (Counter's own update checks its argument's type: slow ×40k)
        clusters.append(Cluster(*ids, int(n), first, last, df,
                                curated=bool(curated), grave=int(grave), fingerprint=int(fp),
                                complete=end == full_end, changed=recounted,
                                _tops={"@": employer, "#": category}, row=len(clusters)))
    return clusters, Loaded.of_centroids(spans, starts, ends)


def cluster(
    con: duckdb.DuckDBPyConnection,
    *,
    now: datetime | None = None,
    window_hours: float | None = None,
    threshold: float | None = None,
    min_posts: int | None = None,
    unseen: pd.DataFrame | None = None,
    carried: "carried_state.Carried | None" = None,
) -> dict[str, Any]:
    """Place every post not yet seen (published up to ``now``); return counts and touched incidents.

    ``incident_ids``: incidents that gained posts or were created; ``changed_since``: for each, the
    hour from which its scores must be recomputed (None: all of it, a new incident). ``unseen``: those
    posts as ``unseen_posts`` reads them, when the caller has them already (a rebuild reads a day's at once).
    ``carried``: the window's clusters kept in memory since the caller's last call (a rebuild's
    cycles, ``carried.Carried``) instead of read from the store; the same clusters either way.
    """
    window_hours = WINDOW_HOURS if window_hours is None else window_hours
    threshold = THRESHOLD if threshold is None else threshold
    min_posts = MIN_POSTS if min_posts is None else min_posts
    now_ts = local_time(now)
    posts = unseen_posts(con, now_ts.to_pydatetime()) if unseen is None else unseen.reset_index(drop=True)
    result = {"posts_seen": len(posts), "joined": 0, "candidates": 0, "new_incidents": 0, "incident_ids": [],
              "changed_since": {}}
    if not len(posts):
        return result
    posts["published"] = pd.to_datetime(posts["published"]).dt.tz_convert(now_ts.tz)
    names = entities.store_matcher(con)
    # (columns read as lists: iterating an Arrow-backed string column yields each value in Python, ×10k)
    texts = [f"{t if isinstance(t, str) else ''} {x if isinstance(x, str) else ''}"
             for t, x in zip(posts["title"].tolist(), posts["text_masked"].tolist())]
    employers = [e if isinstance(e, str) and e else names.post_employer(t, a)
                 for e, t, a in zip(posts["employer"].tolist(), texts, posts["author"].tolist())]
    texts = [names.without_names(t) for t in texts]  # who it is about counts once, as @employer
    posts["about"] = employers
    posts["terms"] = [post_terms(k, t, e, c)
                      for k, t, e, c in zip(posts["keywords"].tolist(), texts, employers, posts["category"].tolist())]
    window = pd.Timedelta(hours=window_hours)
    since = (posts["published"].min() - window).to_pydatetime()
    placed = posts[posts["in_incident"]]
    fresh = posts[~posts["in_incident"]]

    # Posts a person (or the demo) already placed only get their terms remembered first,
    # so their incidents' centroids include them.
    if len(placed):
        if carried is not None:
            carried.refuse()  # (a person's placements: only the store tells what they make of its clusters)
        with db.transaction(con) as cur:
            _insert_terms(cur, placed["post_id"].tolist(), placed["terms"].tolist(), [None] * len(placed))
    if not len(fresh):
        return result
    # Loading, placing and persisting build many small containers (a Counter per cluster, a dict
    # per post): pausing the cyclic GC keeps big runs linear.
    with collector.paused():
        return _place(con, fresh, since, now_ts, window, threshold, min_posts, names, result, carried)


def unseen_posts(con: duckdb.DuckDBPyConnection, until: datetime) -> pd.DataFrame:
    """The posts published up to ``until`` the clusterer has not seen, in time order, with what ``cluster`` reads of them."""
    after = int(db.query("incident_seen_bound", con)["after"].iloc[0])
    return db.query("incident_unclustered_posts", con, until=until, after=after)


def _place(con, fresh: pd.DataFrame, since: datetime, now_ts: pd.Timestamp, window: pd.Timedelta, threshold: float,
           min_posts: int, names: "entities.Matcher", result: dict[str, Any],
           carried: "carried_state.Carried | None" = None) -> dict[str, Any]:
    """``cluster``'s work on the fresh posts: compare them with the window's clusters, place them, persist."""
    parents = [p for p in fresh["parent_external_id"].dropna().astype(str).unique()]
    originals = [int(x) for x in fresh["near_dup_of"].dropna().unique()]
    authors = sorted({a for a in fresh["author"].tolist() if is_identity(a)})
    # the window's term counts and where the fresh posts' originals and authors' last posts sit, read by
    # the store in a thread of its own while the window's clusters are loaded in Python (reads of what is
    # committed, which nothing writes before ``_persist``: the same rows, sooner)
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(_lookups, con, since, now_ts, parents, originals, authors, carried is None)
        clusters = carried.clusters(con, since, now_ts.to_pydatetime()) if carried is not None else None
        from_store = clusters is None
        loaded = None
        if from_store:
            carried = None
            clusters, loaded = _load_window(con, since)
        tf, pc, ac = ahead.result()
    if from_store:
        if tf is None:  # (carried state that could not answer: the counts were not asked for ahead)
            tf = db.query("incident_term_frequency", con, since=since, until=now_ts.to_pydatetime())
        # (columns read as lists: zipping the Series themselves yields each value through pandas)
        doc_freq = Counter(dict(zip(map(centroids.interned, tf["term"].tolist()), tf["df"].astype(int).tolist())))
        n_docs = int(tf["n_docs"].iloc[0]) if len(tf) else 0
    else:
        doc_freq, n_docs = carried.doc_freq()
    doc_freq.update(chain.from_iterable(fresh["terms"]))  # (counted in one C pass, not one update per post)
    n_docs += len(fresh)
    idf = {t: math.log((n_docs + 1) / (c + 1)) + 1 for t, c in doc_freq.items()}
    default_idf = math.log(n_docs + 1) + 1

    space = _Space(clusters, idf, default_idf, window.total_seconds(), threshold, loaded=loaded)

    # Where the originals of reposts / near-duplicates already sit.
    by_key = {c.key: i for i, c in enumerate(clusters)}
    ext_cluster: dict[tuple[str, str], int] = {}
    id_cluster: dict[int, int] = {}
    if pc is not None:
        for r in pc.itertuples(index=False):
            key = ("i", int(r.incident_id)) if not pd.isna(r.incident_id) else ("c", int(r.candidate))
            if key not in by_key:  # a quiet cluster outside the window: reposts still follow it
                clusters.append(Cluster(key[1] if key[0] == "i" else None, key[1] if key[0] == "c" else None,
                                        1, now_ts.timestamp(), now_ts.timestamp(), complete=False))
                by_key[key] = len(clusters) - 1
            ext_cluster[(r.platform, str(r.external_id))] = ext_cluster[("*", str(r.external_id))] = by_key[key]
            id_cluster[int(r.post_id)] = by_key[key]

    # Where each author of a fresh post last posted (their follow-ups go there when nothing else places them).
    author_cluster: dict[tuple[str, str], int] = {}
    if ac is not None:
        for r in ac.itertuples(index=False):  # latest first: the first row per author wins
            key = ("i", int(r.incident_id)) if not pd.isna(r.incident_id) else ("c", int(r.candidate))
            if key in by_key:  # a cluster quiet for longer than the window takes no follow-ups
                author_cluster.setdefault((r.platform, r.author), by_key[key])

    assigned = _assign(fresh, clusters, space, idf, default_idf, ext_cluster, id_cluster, author_cluster, result)
    return _persist(con, fresh, clusters, assigned, min_posts, result, now_ts, names, space, carried)


def _lookups(con, since: datetime, now_ts: pd.Timestamp, parents: list[str], originals: list[int], authors: list[str],
             term_counts: bool) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    """``_place``'s reads of the store: the window's term counts (when ``term_counts``), the clusters
    holding the fresh posts' originals, and those of their authors' latest posts (None: nothing asked)."""
    tf = db.query("incident_term_frequency", con, since=since, until=now_ts.to_pydatetime()) if term_counts else None
    pc = (db.query("incident_parent_clusters", con, parents=parents, originals=originals,
                   open_statuses=list(vocab.OPEN_STATUSES)) if parents or originals else None)
    ac = (db.query("incident_author_clusters", con, authors=authors, since=since,
                   open_statuses=list(vocab.OPEN_STATUSES)) if authors else None)
    return tf, pc, ac


def _assign(fresh, clusters, space, idf, default_idf, ext_cluster, id_cluster, author_cluster,
            result) -> dict[int, int | None]:
    """Place each fresh post (in time order): its original's cluster, else the best match, else the
    cluster of its author's last post when it is a follow-up (``_follow_up``), else a new candidate;
    an advert (``is_advert``) with no original, and no glad follow-up of its author's, is placed
    nowhere (None)."""
    assigned: dict[int, int | None] = {}
    # (as Python floats: each post's time is compared with every cluster's it meets, slowly as NumPy scalars)
    seconds = (fresh["published"] - pd.Timestamp(0, tz="UTC")).dt.total_seconds()
    mild = (fresh["risk_level"].fillna(4) >= 4).tolist()
    categories = fresh["category"].tolist()  # (as lists: see ``cluster``)
    category = [c if isinstance(c, str) and c else None for c in categories]
    adverts = [is_advert(r, s, c, t, v) for r, s, c, t, v in
               zip(fresh["risk_level"].tolist(), fresh["sentiment"].tolist(), categories, fresh["risk_terms"].tolist(),
                   fresh["sentiment_score"].tolist())]
    cols = zip(fresh["post_id"].tolist(), fresh["terms"].tolist(), seconds.tolist(), fresh["platform"].tolist(),
               fresh["external_id"].tolist(), fresh["parent_external_id"].tolist(), fresh["near_dup_of"].tolist(), mild,
               [e if isinstance(e, str) and e else None for e in fresh["about"].tolist()], category, adverts,
               fresh["author"].tolist(), fresh["sentiment"].tolist())
    idf_of = idf.get
    for pid, terms, at, platform, ext, parent, dup, is_mild, employer, cat, advert, author, sentiment in cols:
        me = (platform, author) if is_identity(author) else None
        target = None
        if isinstance(parent, str) and (platform, parent) in ext_cluster:
            target = ext_cluster[(platform, parent)]
        elif isinstance(parent, str) and ("*", parent) in ext_cluster:
            target = ext_cluster[("*", parent)]  # a post sharing a news article or another platform's post
        elif dup is not None and not pd.isna(dup) and int(dup) in id_cluster:
            target = id_cluster[int(dup)]
        weights = dict(zip(terms, map(idf_of, terms, repeat(default_idf))))  # (no Python loop per term)
        # a glad word from someone who posted in an event (「十月的钱今早到账了！」) reads like an
        # advert (mild, about nothing at work) but is the event's outcome: it may follow its author;
        # a neutral one (a newspaper's next story, a notice) may not
        if target is None and advert and sentiment == "正面" and me in author_cluster:
            target = _follow_up(space, author_cluster[me], weights, at, employer)
        if target is None and advert and terms and sentiment == "正面" and employer:
            # praise of a positive story reads like an advert (glad, about nothing at work): it may join
            # a story on wording, never a grave event (a promotion beside a fire names its place only);
            # a neutral one (an enrolment ad, a notice) is the employer's business as usual; one naming no
            # employer (the sky after a typhoon, a breakfast shop) is its writer's own day, as praise naming
            # none is for opening a story (``_worth_an_incident``): only a reply, repost or follow-up places it
            target = space.best_match(weights, at, employer, cat, mild=True, into_grave=False)
        if target is None and advert:
            assigned[pid] = None  # seen, placed nowhere: an advert never starts a candidate
            continue
        if target is None and terms:
            target = space.best_match(weights, at, employer, cat, mild=is_mild)
        if target is None and me in author_cluster:
            target = _follow_up(space, author_cluster[me], weights, at, employer)
        if target is None:
            clusters.append(Cluster(None, pid, 0, at, at))
            target = len(clusters) - 1
            result["candidates"] += 1
        space.add(target, weights, at, pid, grave=not is_mild)
        assigned[pid] = target
        if isinstance(ext, str):
            ext_cluster[(platform, ext)] = ext_cluster[("*", ext)] = target
        id_cluster[pid] = target
        if me is not None:
            author_cluster[me] = target
    return assigned


def is_identity(author: Any) -> bool:
    """Whether an author name stands for one person or account (a platform's 「匿名用户」 stands for many)."""
    return isinstance(author, str) and bool(author.strip()) and ANONYMOUS not in author


def _follow_up(space: "_Space", i: int, weights: dict[str, float], at: float, employer: str | None) -> int | None:
    """The incident ``i`` holding an author's last post, when their new post (which matched nothing
    on its own) reads as a follow-up of it: within the window, no other employer, and at least
    ``AUTHOR_THRESHOLD`` of its weight on terms the incident uses. A victim's sister, a striking
    courier or a worker's daughter posts updates over days in words of their own (「谢谢大家」
    「今天签了协议」) that no stranger's post repeats: the author is the thread. Only into an
    incident: a person's own posts about their day, each a candidate, must not make one."""
    c = space.clusters[i]
    if c.incident_id is None or c.curated or c.n == 0 or at - c.last_at > space.window:
        return None
    theirs = c.employer
    if employer and theirs and employer != theirs:
        return None  # a commentator who moved on to another employer's event
    squares, mass = space.wording(weights)
    if not mass:
        return None
    return i if space._similarity(squares, mass, c) >= AUTHOR_THRESHOLD else None


# ``best_match``'s upper bound of a similarity is held to this much less: a sum of ≤ TOP_TERMS weights
# rounds by less than 1e-12 of itself, so a cluster it turns away could not have won
BOUND_SLACK = 1e-9
_centroid = attrgetter("df")


class _Space:
    """The clusters of one run with an inverted index from term to the clusters still within the window."""

    def __init__(self, clusters: list[Cluster], idf: dict[str, float], default_idf: float, window: float,
                 threshold: float, *, only: list[int] | None = None, in_time_order: bool = True,
                 census: "_Space | None" = None, loaded: Loaded | None = None) -> None:
        """Index ``clusters`` (or just those at the positions ``only``). ``in_time_order``: posts
        come in time order, so clusters that fell quiet leave the index; passes over clusters
        in any other order (absorbing, merging) keep the whole index. ``census``: the space whose
        index counts the window's grouped posts per term for ``owns`` (this one by default; a pass
        over some of the window's clusters counts over all of them). ``loaded``: the window's terms as
        loaded (``Loaded``), to index the clusters still as loaded faster; the same index without."""
        self.clusters, self.idf, self.default_idf = clusters, idf, default_idf
        self.loaded = loaded
        self.window, self.threshold = window, threshold
        self.index: dict[str, set[int]] = defaultdict(set)
        # the indexed clusters holding some "@employer" term: any other has no top employer; and per
        # "@employer" term the clusters holding it now (in time order: the index itself, which ``add``
        # keeps current; otherwise kept current by ``grew`` while the index stays as built)
        self.named: set[int] = set()
        self.all_named = False  # (set by ``_build_index``)
        self.holding: dict[str, set[int]] = self.index
        self.in_time_order = in_time_order
        self.census = self if census is None else census
        self.pruned_at = -math.inf if in_time_order else math.inf
        self.live = list(range(len(clusters))) if only is None else list(only)
        self._of_employer: dict[str, tuple[list[Cluster], int, float]] = {}  # (``of_employer``)
        if not in_time_order:  # (in time order the first post's ``_prune`` builds it, for the clusters live then)
            self._build_index()

    def _build_index(self) -> None:
        index: dict[str, set[int]] = defaultdict(set)
        clusters = self.clusters
        lists = index.__getitem__
        rest = self.live if self.loaded is None else self.loaded.list_terms(self.live, clusters, index)
        # (each term's set found and added to in C, the other clusters in one pass)
        dfs = [clusters[i].df for i in rest]
        deque(map(set.add, map(lists, chain.from_iterable(dfs)), chain.from_iterable(map(repeat, rest, map(len, dfs)))),
              maxlen=0)
        self.index = index
        self._of_employer = {}
        self.named = set().union(*(ids for t, ids in index.items() if t[0] == "@"))
        self.holding = index if self.in_time_order else {t: set(ids) for t, ids in index.items() if t[0] == "@"}
        # every indexed cluster names some employer (``may_find``; an absorb never makes a cluster unnamed)
        self.all_named = self.named.issuperset(self.live)

    def grew(self, i: int) -> None:
        """Cluster ``i`` absorbed another (a pass not in time order): note the employers it holds
        now, so that other employers' clusters are still dropped exactly (``best_match``); the
        probing index stays as it was built."""
        self._of_employer.clear()  # (a cluster's employer, size and start may have moved)
        for t in self.clusters[i].df:
            if t[0] == "@":
                self.holding.setdefault(t, set()).add(i)
                self.named.add(i)

    def of_employer(self, employer: str) -> tuple[list[Cluster], int, float]:
        """The indexed incidents whose employer is ``employer``, in index order, with the most posts
        one holds and the earliest first post among them (``_kin``'s pairs of a named fragment). In a
        pass not in time order they are listed once per employer until a cluster grows (``grew``):
        ~26k left-over candidates a cycle ask for a few hundred employers."""
        got = self._of_employer.get(employer)
        if got is None:
            clusters = self.clusters
            found = [o for o in map(clusters.__getitem__, sorted(self.index.get("@" + employer, ())))
                     if o.incident_id is not None and o.employer == employer]
            got = (found, max([o.n for o in found], default=0), min([o.first_at for o in found], default=math.inf))
            if not self.in_time_order:  # (in time order the index moves with every post)
                self._of_employer[employer] = got
        return got

    def may_find(self, terms: dict[str, Any], employer: str | None) -> bool:
        """Whether ``best_match`` could find any cluster for a post or group with these terms
        (the keys of ``terms``) about ``employer``. False means it finds None: every indexed cluster
        is another employer's (a pass not in time order, whose index is as built), or none of its
        probing terms nor its employer is indexed in a list ``best_match`` reads. Far cheaper than probing."""
        index = self.index
        if employer:
            if not self.in_time_order and self.all_named and not self.holding.get("@" + employer):
                return False  # (``best_match`` drops every named cluster not holding its employer)
            if "@" + employer in index and len(index["@" + employer]) <= EMPLOYER_PROBE_LIMIT:
                return True
        return any(t[0] not in "@#" and len(index[t]) <= WIDE_TERM_CLUSTERS for t in index.keys() & terms.keys())

    def _prune(self, at: float) -> None:
        """Posts come in time order: clusters quiet for longer than the window leave the index."""
        if at - self.pruned_at < self.window / 4:
            return
        self.pruned_at = at
        self.live = [i for i in self.live if at - self.clusters[i].last_at <= self.window]
        self._build_index()

    def best_match(self, weights: dict[str, float], at: float, employer: str | None = None,
                   category: str | None = None, mild: bool = False, larger_than: int | None = None,
                   rank: dict[int, int] | None = None, threshold: float | None = None, held: int = 0,
                   into_grave: bool = True, own: Counter | None = None) -> int | None:
        """The most similar cluster within the window (similarity plus the employer and category
        bonuses ≥ threshold, enough shared specific terms, never another employer's), or None.
        A ``mild`` post (content risk 4: a promotion, a job ad, a grumble) gets no employer bonus
        and needs ``MILD_MARGIN`` more: naming the employer does not make it part of an event.
        ``larger_than`` / ``rank`` (merging): only clusters ranked before that rank qualify.
        ``threshold``: instead of the space's own. ``held``: probe only with terms that many
        clusters of the index hold (merging: 2, the probing incident is indexed too).
        ``into_grave``: False leaves out clusters most of whose posts are grave (content risk ≤ 3).
        Naming no employer, it joins an employer's incident only on details that incident owns
        (``owns``; ``own``: how many of the probing group's posts use each term, when it is a group)."""
        if at - self.pruned_at >= self.window / 4:  # (``_prune``'s own test, asked here: once per post)
            self._prune(at)
        # (the cheap ways to find nothing come first: most posts and left-over candidates find nothing)
        index = self.index
        # Candidates: the clusters holding one of the post's rarest terms, and the employer's
        # clusters unless it has so many live ones that comparing with all of them would cost
        # more than it finds. A term in very many live clusters (a phrase of the season, a
        # template's words) finds nothing particular: its list is not read.
        # (a whole incident, merging, probes with the rarest terms ``held`` clusters of the index
        # hold, itself and another: its very rarest are its own, details one post gave, and find nothing)
        if held:  # (the held terms picked in C, in the post's order: a whole incident has up to TOP_TERMS)
            probe = list(compress(weights, map(held.__le__, map(len, map(index.get, weights, repeat(()))))))
            probe = [t for t in probe if t[0] not in "@#"]
        else:
            probe = list(compress(weights, map(not_, map(str.startswith, weights, repeat(("@", "#"))))))  # (in C)
        if len(probe) > PROBE_TERMS:  # (which terms, not their order, decides the clusters found: sort only to cut)
            probe = sorted(probe, key=weights.__getitem__, reverse=True)[:PROBE_TERMS]
        listed = list(map(index.get, probe, repeat(())))
        seen: set[int] = set().union(*compress(listed, map(WIDE_TERM_CLUSTERS.__ge__, map(len, listed))))
        same_employer = index.get("@" + employer, ()) if employer else ()
        if len(same_employer) <= EMPLOYER_PROBE_LIMIT:
            seen.update(same_employer)
        if employer:
            # another employer's clusters are never a match (below): drop them at once, as sets — the
            # clusters naming no employer, and those holding this one, stay (``holding`` follows every
            # change of the clusters' employers: ``add`` in time order, ``grew`` after an absorb)
            holders = self.holding.get("@" + employer)
            seen = (seen - self.named) | (seen & holders) if holders else seen - self.named
        if larger_than is not None:  # (merging: most clusters found are smaller, asked before the post's terms are read)
            seen = {i for i in seen if rank.get(id(self.clusters[i]), larger_than) < larger_than}
        if not seen:
            return None
        telling = list(filter(specificity.is_specific, weights))  # (no Python loop: asked ~40k times a cycle)
        if len(telling) < MIN_SHARED_TERMS:
            return None  # nothing in the post says which event it is about (chatter, a bare reaction)
        best, best_sim = None, (self.threshold if threshold is None else threshold) + (MILD_MARGIN if mild else 0.0)
        telling_set = set(telling)  # (counted against each centroid's keys in C, not term by term in Python)
        window, clusters = self.window, self.clusters
        order = sorted(seen)  # in cluster order, so that a tie goes the same way every run
        # the post and the cluster must share what happened, not just everyday words (asked first, for
        # all clusters at once in C: it turns most away, and every check before the similarity only turns away)
        shares = list(map(and_, map(dict.keys, map(_centroid, map(clusters.__getitem__, order))), repeat(telling_set)))
        pairs = list(compress(zip(order, shares), map(MIN_SHARED_TERMS.__le__, map(len, shares))))
        if not pairs:
            return None
        # the post's side of the similarity
        # (a mild post is compared on what it says, not on whom it names: its @employer term does not count)
        scored = {t: w for t, w in weights.items() if t[0] != "@"} if mild else weights  # (read only)
        squares, mass = self._squares(scored)
        if not mass:
            return None  # none of its terms is used by another post: it cannot share anything
        keys, values = list(squares), list(squares.values())
        # A cluster holds at most the telling terms it shares and every everyday word of the post
        # (``loose``): one that could not beat the best so far even so is turned away before its
        # similarity is summed (most are; those short of the threshold with any bonus at once, in C).
        # The bound is summed in another order than the similarity: it is held to ``BOUND_SLACK`` less,
        # far more than their rounding can differ.
        loose = sum(compress(values, map(not_, map(telling_set.__contains__, keys))))
        told = dict(zip(telling_set, map(squares.get, telling_set, repeat(0.0))))
        need = (best_sim - EMPLOYER_BONUS - CATEGORY_BONUS - BOUND_SLACK) * mass - loose
        # (each cluster's shared telling weight, summed once: the bound with its own bonuses below reads it again)
        told_sums = list(map(sum, map(map, repeat(told.__getitem__), map(itemgetter(1), pairs))))
        for (i, shared), told_sum in compress(zip(pairs, told_sums), map(need.__le__, told_sums)):
            c = clusters[i]
            df = c.df
            n = c.n
            if c.curated or n == 0 or at - c.last_at > window or c.first_at - at > window:
                continue
            if not into_grave and c.grave * 2 > n:
                continue
            tops = c._tops
            theirs = tops["@"] if "@" in tops else c.employer  # (the property's call cost showed at 1M posts)
            if employer and theirs and employer != theirs:
                continue  # two employers are two events
            same_category = bool(category) and category == (tops["#"] if "#" in tops else c.category)
            bonus = employer and employer == theirs and same_category and not mild
            if (told_sum + loose) / mass + BOUND_SLACK + (EMPLOYER_BONUS if bonus else 0.0) \
                    + (CATEGORY_BONUS if same_category else 0.0) < best_sim:
                continue
            # a mild post joining a grave event (a promotion beside a death) must share what its posts keep saying
            # (``_similarity`` written out: asked of ~5 clusters per post, its call cost showed)
            full = max(float(MILD_LEAST if mild and c.grave * 2 > n else 1), n * WIDE_USE)
            # (the post's terms the cluster holds picked in C, summed in the post's order: the same sum)
            if full <= 1.0:
                sim = sum(compress(values, map(df.__contains__, keys))) / mass
            else:
                uses = list(map(df.__contains__, keys))
                sim = sum(map(mul, compress(values, uses), map(min, repeat(1.0), map(
                    truediv, map(df.__getitem__, compress(keys, uses)), repeat(full))))) / mass
            # one employer's two events in one week differ in kind: the bonus needs both to agree
            sim += EMPLOYER_BONUS if bonus else 0.0
            sim += CATEGORY_BONUS if same_category else 0.0
            if sim > best_sim or (sim == best_sim and best is None):
                # an incident is joined on two details, one word's overlapping bigrams counting once, and so
                # is any cluster by a mild post: chatter sharing one word of the day (a holiday) joins nothing
                # (asked of a would-be best only: the same choice as filtering first, at a fraction of the cost)
                if (c.incident_id is not None or mild) and details(shared) < MIN_SHARED_TERMS:
                    continue
                if c.incident_id is not None and not employer and theirs and not self.owns(c, shared, own):
                    continue
                best, best_sim = i, sim
        return best

    def owns(self, c: Cluster, shared: set[str], own: Counter | None = None, least: int = OWNED_DETAILS) -> bool:
        """Whether ``c`` owns ``least`` (``OWNED_DETAILS``) of the ``shared`` terms: it holds most of the window's
        grouped posts using each (``census``: the clusters of the window; the probing post, or group
        ``own``, counted as one). A post naming no employer belongs to an employer's event by what
        that event's posts keep saying (the workshop, the victim, the site); the season's and the
        trade's words (年终奖, 安全大检查, 骑手) are used as much by the posts around it, and
        background that shares them is not part of the event. (Posts placed nowhere, adverts and
        shoppers' notes, are not counted: a positive story's retellings often are those.)"""
        census = self.census
        owned = 0
        for t in shared:
            if t[0] in "@#":
                continue
            holders = census.index.get(t, ())
            if len(holders) > WIDE_TERM_CLUSTERS:
                continue  # a term in very many clusters is nobody's
            # (a cluster absorbed into another this run is empty and counts nothing)
            others = (sum(census.clusters[j].df.get(t, 0) for j in holders if census.clusters[j].n)
                      - (own.get(t, 0) if own else 0) + 1)
            if c.df[t] * 2 > others:
                owned += 1
                if owned >= least:
                    return True
        return False

    def wording(self, weights: dict[str, float]) -> tuple[dict[str, float], float]:
        """A post's own words (its @employer and #category terms aside) as ``_similarity`` reads
        them (``_squares``) — what an author's follow-up or an incident's fragment is judged on, where
        who and what kind are checked apart."""
        return self._squares({t: w for t, w in weights.items() if t[0] not in "@#"})

    def lone_weight(self) -> float:
        """A term weighs less than this when some other post in the window uses it too (one post's
        own term weighs ``default_idf`` − log 2): only such terms can be shared, and count in a mass."""
        return self.default_idf - math.log(2) - 1e-9

    def _squares(self, weights: dict[str, float]) -> tuple[dict[str, float], float]:
        """The post's terms' squared idf weights, and its mass: their sum over the terms some other post in
        the window uses too (a term no other post uses cannot be shared: it does not dilute the share)."""
        # (each made in C, in the post's order: ``best_match`` asks ~15k times a cycle)
        squares = dict(zip(weights, map(mul, weights.values(), weights.values())))
        return squares, sum(compress(squares.values(), map(self.lone_weight().__gt__, weights.values())))

    @staticmethod
    def _similarity(squares: dict[str, float], mass: float, c: Cluster, least: int = 1) -> float:
        """How much of the post the cluster holds: the share of the post's squared idf weight
        (``mass``) that lies on terms the cluster's posts use, a term counting fully once
        ``WIDE_USE`` of them (and at least ``least``) use it.
        Unlike a cosine with the whole centroid it does not fall as a big event gathers wording."""
        full = max(float(least), c.n * WIDE_USE)
        df = c.df
        if full <= 1.0:  # every term it uses counts fully (most clusters are a post or a few): the same sum, cheaper
            return sum(compress(squares.values(), map(df.__contains__, squares))) / mass
        uses = list(map(df.__contains__, squares))  # (picked in C, summed in the post's order: the same sum)
        return sum(map(mul, compress(squares.values(), uses), map(min, repeat(1.0), map(
            truediv, map(df.__getitem__, compress(squares, uses)), repeat(full))))) / mass

    def add(self, i: int, weights: dict[str, float], at: float, post_id: int, grave: bool = False) -> None:
        if self.clusters[i].n == 0:
            self.live.append(i)  # a new candidate
        self.clusters[i].add(weights, at, post_id, grave)
        # (each term's set found and added to in C, as ``_build_index`` does: ×10k posts a cycle)
        deque(map(set.add, map(self.index.__getitem__, weights), repeat(i)), maxlen=0)
        if any(map(str.startswith, weights, repeat("@"))):  # (asked in C: ×10k posts a cycle)
            self.named.add(i)


def details(shared: set[str]) -> int:
    """How many details a set of shared terms tells: a word's overlapping bigrams (平安夜 gives 平安
    and 安夜) and a keyword holding one of them are one detail, not two or three — two posts that
    share one word of the season (平安夜, 跨年) share one thing, not the two ``MIN_SHARED_TERMS`` asks."""
    if len(shared) < MIN_SHARED_TERMS or len(shared) > 2 * MIN_SHARED_TERMS + 1:
        return len(shared)  # too few to join anyway, or more than one word's chain of bigrams could explain
    pairs = [t for t in shared if len(t) == 2 and t[0] not in "@#"]
    heads = sum(1 for b in pairs if not any(o[1] == b[0] and o != b for o in pairs))
    return heads + sum(1 for t in shared if len(t) != 2 and not any(b in t for b in pairs))


def is_advert(risk_level: Any, sentiment: Any, category: Any, risk_terms: Any, score: Any = None) -> bool:
    """A job ad, a promotion or a consumer's note: mild (content risk 4), not negative, naming no
    risk term, and about recruiting (招聘求职) or nothing at work (其他) — or a recruiting post, not
    negative, graded 2–3 on evidence that holds no risk-lexicon term. It names the employer an
    event is about, and often its place, but says nothing about what happened: it never starts a
    candidate, and joins a grave event only as a reply or repost of one of its posts.
    Not negative means neither labelled 负面 nor read with a sentiment ``score`` (the model's, when
    no person set the label) at or below ``NEGATIVE_MARGIN``: an insider's 「作业票是后补的」 read
    中性 at −0.41 is a near tie between 中性 and 负面 that a refit of the model flips, not an advert."""
    risk = 4 if risk_level is None or pd.isna(risk_level) else int(risk_level)
    terms = [] if risk_terms is None or isinstance(risk_terms, float) else list(risk_terms)
    if sentiment == "负面" or (score is not None and not pd.isna(score) and float(score) <= NEGATIVE_MARGIN):
        return False
    # a job ad for crane drivers or punch-press workers is graded grave on its trade's words: evidence
    # holding no term of the risk lexicon is the model's alone (the gravest grade, 1, is never a job ad's)
    if category == "招聘求职" and risk >= 2 and not any(risk_lexicon.lexicon_term(t) for t in terms):
        return True
    return risk >= 4 and not terms and category in ADVERT_CATEGORIES


def _insert_terms(cur, post_ids: list[int], terms: list[list[str]], candidates: list[int | None]) -> None:
    frame = pd.DataFrame({"post_id": pd.array(post_ids, dtype="Int64"), "terms": [list(t) for t in terms],
                          "candidate": pd.array(candidates, dtype="Int64")})
    cur.register("_terms", frame)
    cur.execute("INSERT INTO incident_post_terms (post_id, terms, candidate) "
                "SELECT post_id, CAST(terms AS VARCHAR[]), candidate FROM _terms")
    cur.unregister("_terms")


def _persist(con, fresh: pd.DataFrame, clusters: list[Cluster], assigned: dict[int, int], min_posts: int,
             result: dict[str, Any], now: pd.Timestamp, names: "entities.Matcher", space: "_Space",
             carried: "carried_state.Carried | None" = None) -> dict[str, Any]:
    """Write terms, incident memberships, candidates and promoted incidents in one transaction,
    then merge open incidents that turned out to be one event."""
    info = fresh.set_index("post_id")
    pids = list(assigned)
    owners = [None if assigned[p] is None else clusters[assigned[p]] for p in pids]
    members = pd.DataFrame({"incident_id": [None if c is None else c.incident_id for c in owners], "post_id": pids})
    members = members.dropna(subset=["incident_id"]).astype("int64")
    # (as the column's own array: a NumPy array of ~6k Timestamp objects was parsed back one by one)
    members["hour"] = info.loc[members["post_id"], "published"].dt.floor("h").array
    touched = [c for c in clusters if c.incident_id is None and c.new_posts]
    with db.transaction(con) as cur:
        terms_of = dict(zip(fresh["post_id"].tolist(), fresh["terms"].tolist()))
        _insert_terms(cur, pids, [terms_of[p] for p in pids],
                      [c.candidate if c is not None and c.incident_id is None else None for c in owners])
        membership.add_posts(cur, members[["incident_id", "post_id"]], added_by="model", at=now)
        result["joined"] = len(members)
        promote = _worth_an_incident(cur, touched, min_posts) if touched else {}
        promoted = [c for c in touched if c.candidate in promote]
        new_ids = _promote(cur, promoted, promote, now, names) if promote else []
        for c, iid in zip(promoted, new_ids):
            c.incident_id = iid
        grown_clusters = [clusters[i] for i in set(assigned.values()) - {None} if clusters[i].incident_id is not None]
        absorbed_into = _absorb_candidates(cur, clusters, grown_clusters, space, now)
        grown = {int(c.incident_id) for c in grown_clusters if c.doubled} - set(new_ids)
        # one that took fewer posts, here or from the left-over candidates, still has its tone read again:
        # a rescue told gladly once enough posts tell it, a positive story turned grave (its rescuer died)
        # alerts again (``tone.turned``)
        took = {int(c.incident_id) for c in grown_clusters} | absorbed_into
        grown |= set(tone.turned(cur, sorted(took - grown - set(new_ids))))
        if grown:
            retitle(cur, sorted(grown), names, now=now)
    result["new_incidents"] = len(new_ids)
    # existing incidents need rescoring only from their earliest new post's hour; new ones in full
    since = {int(k): v for k, v in members.groupby("incident_id")["hour"].min().items()} if len(members) else {}
    since.update({i: None for i in [*new_ids, *absorbed_into]})
    merged = merge_similar(con, clusters, space)
    for gone, kept in merged.items():
        since.pop(gone, None)
        since[kept] = None  # its history changed: rescore in full
    result["merged"] = len(merged)
    if carried is not None:
        carried.keep(clusters, fresh)  # (the next cycle's clusters from memory: no centroids to keep)
    else:
        horizon = fresh["published"].max() - pd.Timedelta(seconds=space.window)
        with db.transaction(con) as cur:
            _keep_centroids(cur, clusters, horizon)
    result["incident_ids"] = sorted(since)
    result["changed_since"] = {i: since[i] for i in sorted(since)}
    return result


def keep_centroids(con: duckdb.DuckDBPyConnection, *, now: datetime | None = None,
                   window_hours: float | None = None) -> int:
    """Count the centroids of the window before ``now`` and keep them for the next run; returns
    how many. A store clustered by code that kept none would otherwise have its first cycle recount
    every cluster of the window (as every cycle did before); nothing else changes."""
    now_ts = local_time(now)
    since = now_ts - pd.Timedelta(hours=WINDOW_HOURS if window_hours is None else window_hours)
    with collector.paused():
        clusters = _load_clusters(con, since.to_pydatetime())
        with db.transaction(con) as cur:
            _keep_centroids(cur, clusters, since)
    return sum(1 for c in clusters if c.changed)


def _keep_centroids(cur, clusters: list[Cluster], horizon: pd.Timestamp) -> None:
    """Keep the centroids this run changed for the next run (``centroids.save``): those still
    complete and active after ``horizon``; the rest (absorbed, merged away, cut to ``TOP_TERMS``)
    are dropped and will be recounted from their posts when needed."""
    changed = [c for c in clusters if c.changed]
    gone = [*(("candidate", int(c.candidate)) for c in changed if c.candidate is not None),
            *(("incident", int(c.incident_id)) for c in changed if c.incident_id is not None)]
    edge = horizon.timestamp()
    rows = []
    for c in changed:
        if c.n == 0 or not c.complete or c.last_at < edge:
            continue
        kind, cid = ("incident", c.incident_id) if c.incident_id is not None else ("candidate", c.candidate)
        # as incident_cluster_centroids orders them (most used first, ties by term): by term, then stably by
        # count, most first (no Python key function per term: a grown incident holds hundreds)
        ordered = sorted(sorted(c.df.items()), key=itemgetter(1), reverse=True)
        rows.append(centroids.Kept(kind, int(cid), c.n, c.fingerprint, pd.Timestamp(c.last_at, unit="s", tz="UTC"),
                                   [t for t, _ in ordered], [d for _, d in ordered]))
    centroids.save(cur, rows, gone, horizon.to_pydatetime())


def _absorb_candidates(cur, clusters: list[Cluster], grown: list[Cluster], space: "_Space",
                       now: pd.Timestamp) -> set[int]:
    """Candidate clusters that match an incident which was opened or grew in this run join it:
    early posts of an event that did not name it yet (a single pass in time order had nothing to
    put them with) are gathered once the event is known; a grave candidate that is a fragment of
    any open incident (``_kin``: the official statement, the inquiry) joins it too. Returns the
    incidents that took some."""
    grown_ids = {id(c) for c in grown}
    grown_at = [i for i, c in enumerate(clusters) if id(c) in grown_ids]
    targets = _Space(clusters, space.idf, space.default_idf, space.window, space.threshold, only=grown_at,
                     in_time_order=False, census=space, loaded=space.loaded)
    # a candidate about an employer no target is about can join none (two employers are two events):
    # most left-over candidates are skipped on that before any comparison (kept a superset as targets grow)
    employers = {clusters[i].employer for i in grown_at}
    # a grave candidate (named, or unnamed with company) may also be a fragment of any open
    # incident, grown or not (``_kin``): a lone unnamed grave post is too little to tell
    kin = _Space(clusters, space.idf, space.default_idf, space.window, space.threshold, in_time_order=False,
                 only=[i for i, c in enumerate(clusters) if c.incident_id is not None and c.n > 0 and not c.curated],
                 loaded=space.loaded)
    position = {id(clusters[i]): i for i in kin.live}
    # a grave named post left alone may be a lone report of its employer's event (``_kin``)
    # (only those whose employer has an incident in ``kin``: ``_kin`` finds nothing for the others)
    praise = _praise(cur, [clusters[i] for i in kin.live],
                     [c for c in clusters if c.incident_id is None and c.n == 1 and c.grave and c.employer
                      and kin.index.get("@" + c.employer)])
    moves = []
    weight, default_idf = space.idf.get, space.default_idf  # (bound once: ~27k left-over candidates a cycle)
    telling = set(filter(specificity.is_specific, targets.index))  # the targets' telling terms (their index stays as built)
    began = {i: clusters[i].first_at for i in grown_at}  # (before this pass's absorbs move them earlier: ``_early_thread``)
    starts = sorted(began.values())
    for c in clusters:
        if c.incident_id is not None or c.n == 0:
            continue
        employer = c.employer  # (asked once: a property, and the candidate does not change before it moves)
        kin_worthy = c.grave > 0 and (employer is not None or c.n >= 2)
        if not kin_worthy and employer is not None and employer not in employers and None not in employers:
            continue
        if not kin_worthy and len(c.df.keys() & telling) < MIN_SHARED_TERMS:
            continue  # shares too little that is telling with every target to join one (most: one-off chatter)
        df = c.df
        # (most left-over candidates are about an employer none of this run's few targets is about,
        # or share no term with them: asked first, cheaply)
        findable = targets.may_find(df, employer)
        # a mild candidate all of whose posts are about recruiting (a job ad, a job seeker's question) names
        # the employer and its place but tells nothing of what happened: like an advert (``is_advert``), it
        # joins no event on wording (nor do replies under it that read as recruiting too, 「出了人命还招人？」)
        if findable and not c.grave and c.df.get("#招聘求职", 0) == c.n:
            findable = False
        # a named candidate's kin are its employer's incidents only (``_kin`` reads no other): with none
        # open, it finds nothing, and most of the window's left-over candidates are such (asked before
        # their weights are made)
        if not findable and not (kin_worthy and (employer is None or kin.index.get("@" + employer))):
            continue
        # (no Python loop per term; made by ``_kin`` itself when only it reads them: most find nothing first)
        weights = dict(zip(df, map(weight, df, repeat(default_idf)))) if findable else None
        # an early post of a grave event that did not name it yet joins on less than a new post needs
        # (a mild candidate is not held to a mild post's bar here: on the tuning week that kept out two
        # promotions but also the rumours and updates of a strike, 「要倒闭了？」「件今天全到了」)
        threshold = min(space.threshold, ABSORB_THRESHOLD) if c.grave and not employer else None
        target = targets.best_match(weights, c.last_at, employer, c.category, threshold=threshold,
                                    own=df) if findable else None
        if target is None and findable and c.n >= 2:
            target = _early_thread(c, weights, targets, threshold, began, starts)
        if target is not None:
            into = clusters[target]
        else:
            into = _kin(c, weights, kin, praise) if kin_worthy else None
        if into is not None:
            moves.append((int(into.incident_id), int(c.candidate)))
            into.absorb(c)
            at = target if target is not None else position[id(into)]
            targets.grew(at)
            kin.grew(at)
            employers.add(into.employer)
    # what is still left: a grave post about harm naming no employer that tells of an open accident's
    # place (``_grave_event_there``: a relative's cry, a neighbour's 「是不是哪个厂出事了」)
    for c in clusters:
        if c.incident_id is None and c.n and c.grave and not c.curated and c.employer is None:
            into = _grave_event_there(c, kin)
            if into is not None:
                moves.append((int(into.incident_id), int(c.candidate)))
                into.absorb(c)
                kin.grew(position[id(into)])
    if not moves:
        return set()
    frame = pd.DataFrame(moves, columns=["incident_id", "candidate"])
    cur.register("_absorb", frame)
    placed = cur.execute("SELECT a.incident_id, t.post_id FROM incident_post_terms t "
                         "JOIN _absorb a ON a.candidate = t.candidate").df()
    cur.execute("UPDATE incident_post_terms SET candidate = NULL FROM _absorb a WHERE incident_post_terms.candidate = a.candidate")
    cur.unregister("_absorb")
    membership.add_posts(cur, placed, added_by="model", at=now)
    return {m[0] for m in moves}


def _early_thread(c: Cluster, weights: dict[str, float], targets: "_Space", threshold: float | None,
                  began: dict[int, float], starts: list[float]) -> int | None:
    """The incident (a position in ``targets``) that left-over candidate ``c`` of two or more posts is the
    early thread of: a post and the replies under it (or a few posts that found each other) begun at most
    ``EARLY_THREAD_HOURS`` before the incident's first post (``began``), that ``best_match`` takes it into
    when probing with the terms the targets hold. A thread's rarest terms are its own and its replies'
    words (「哪个厂啊？」「好像是北辰，说萃取车间那边漏了」): probing with them finds no incident, however
    alike the thread as a whole is, and an event's first thread — told before anyone named the company,
    the name often in a reply — stayed apart from the incident opened hours later. Threads begun long
    before the incident, or after it began (a trade's chatter, 「这行今年是不是不太行了？」, a job
    seeker's 「哪家厂招人靠谱？」), are not its early posts: they join on the rarest-term probe alone.
    ``starts``: the values of ``began``, sorted (most left-over threads have no target begun after them)."""
    first = bisect_left(starts, c.first_at)
    if first == len(starts) or starts[first] - c.first_at > EARLY_THREAD_HOURS * 3600:
        return None
    target = targets.best_match(weights, c.last_at, c.employer, c.category, threshold=threshold, own=c.df, held=1)
    if target is None:
        return None
    lead = began.get(target, -math.inf) - c.first_at
    return target if 0 <= lead <= EARLY_THREAD_HOURS * 3600 else None


def _worth_an_incident(cur, touched: list[Cluster], min_posts: int) -> dict[int, dict[str, Any]]:
    """Candidate leader id → its stats, for the candidates that become incidents: enough posts
    (or one post with enough reach), and negative (a post at content risk ≤ 3 that tells of trouble — one
    graded 1, one whose evidence holds a risk-lexicon term, or negative ones starting ``MIN_THREADS``
    threads or one about work with ``REACH`` (``_told_risk``) — a monitor rule
    matched, or most posts 负面 and a far-reaching complaint about work among them) or clearly
    positive, naming a monitored employer and spread (``tone.is_praise``, one with ``REACH`` hotness or
    ``min_posts`` threads, in ``MIN_THREADS`` threads at least: a tracked 正面 incident)."""
    # on the run's own cursor: its candidates are not committed yet
    stats = cur.execute(db.sql_text("incident_candidate_stats"), {"candidates": [int(c.candidate) for c in touched],
                                                                     "not_work": list(ADVERT_CATEGORIES),
                                                                     "lexicon": list(risk_lexicon.lexicon_terms())}).df()
    named = {int(c.candidate) for c in touched if c.employer}
    out = {}
    for r in stats.itertuples(index=False):
        n = int(r.n_posts)
        min_risk = 4 if r.min_risk is None or pd.isna(r.min_risk) else int(r.min_risk)
        # praise is tracked for an employer the team watches: glad posts naming none (a boss's early
        # finish before 平安夜, a lottery win) are each writer's own day; they wait for a name
        positive = tone.is_praise(n, int(r.n_positive), min_risk, int(r.n_negative)) and int(r.n_rule_matched) == 0
        if positive and int(r.candidate) not in named:
            continue
        # praise becomes a tracked story when it spreads (one post with ``REACH``) or is told in
        # ``min_posts`` threads: a staff post about its 开工红包 and a reply or two under it are one
        # writer's day, a rescue or free buses home are shared far beyond them
        spread = r.max_hotness is not None and not pd.isna(r.max_hotness) and float(r.max_hotness) >= REACH
        # and, however far one post spread, only once another thread tells it too: an employer's 年会 clip
        # or a customer's note, shared widely, with the replies under it, is one voice
        if positive and (int(r.n_threads) < MIN_THREADS or (not spread and int(r.n_threads) < min_posts)):
            continue
        # one far-reaching post is enough when it names a monitored employer: a complaint or a report of
        # something grave, or praise for a positive story (a popular driver's tips or a 年会 topic naming
        # one, with a grumble under it, is neither: the reach is not the grumble's); an unnamed one waits
        # for company (alone it would be a fragment of some event the next posts will name)
        hottest = r.max_hotness if positive else r.max_telling_hotness
        viral = (hottest is not None and not pd.isna(hottest) and float(hottest) >= REACH
                 and int(r.candidate) in named)
        # a post and the replies under it are one conversation: naming no employer, an event is told in
        # more than one thread (a rumour, its denial and a shrug under one post are not three voices);
        # a thread naming a watched employer is the team's business at once
        named_or_told = int(r.candidate) in named or int(r.n_threads) >= MIN_THREADS
        big = (n >= min_posts and named_or_told) or viral
        if not big:
            continue
        # trouble is something told (a post at content risk ≤ 3), a rule the team set, or displeasure
        # about work that spread: displeasure among a few low-reach posts is how a monitored employer's
        # ordinary week reads (开门红 targets, a rumoured bonus cut, a grumble under it)
        # the far-reaching post must itself complain about work: a displeased queue at a restaurant, a
        # car buyer's price hunt or a job seeker's interview day (其他, 招聘求职) spreading under a watched
        # name is no workplace incident (a grave post or a rule match still makes one)
        complaint = r.max_work_complaint_hotness
        complained_far = complaint is not None and not pd.isna(complaint) and float(complaint) >= REACH
        displeased = int(r.n_negative) * 2 > n and viral and complained_far
        # a neutral or glad post graded 2–3 on its wording alone (no risk-lexicon term in the evidence: a
        # news flash about 两会, a holiday-gift poll, a nurse's day with 「请问是明视吗？」 under it) tells of
        # nothing grave, whoever it names: a watched name makes it the team's business only once a post
        # is displeased, graded 1 or backed by the lexicon (or a rule the team set matched); one displeased
        # post graded 2–3 on its wording alone is one writer's mood until another thread tells it or it
        # spreads (``_told_risk``)
        told = _told_risk(r)
        negative = not positive and (displeased or told <= 3 or int(r.n_rule_matched) > 0)
        if negative or positive:
            out[int(r.candidate)] = {"polarity": "负面" if negative else "正面", "first_post_at": r.first_post_at}
    return out


def _told_risk(r) -> int:
    """The gravest content risk among a candidate's posts that tell of trouble (a row of
    ``incident_candidate_stats``), 4 when none does. A displeased post graded 2–3 on its wording alone
    (no risk-lexicon term in its evidence: a rumour about the year-end bonus, a queue at the tills, the
    smell of a warehouse of returns) is one writer's mood, and the replies under it are the same
    conversation: it tells of trouble once ``MIN_THREADS`` such posts start threads of their own (another
    writer tells the same displeasure) or one about work reaches ``REACH`` (a milker's unpaid months, shared
    far before anyone names the farm). A post graded 1 or backed by the lexicon tells of it alone."""
    far = r.max_grumble_hotness is not None and not pd.isna(r.max_grumble_hotness) and float(r.max_grumble_hotness) >= REACH
    told = r.min_told_risk if int(r.n_grumble_threads) >= MIN_THREADS or far else r.min_lexicon_risk
    return 4 if told is None or pd.isna(told) else int(told)


def _promote(cur, promote: list[Cluster], stats: dict[int, dict[str, Any]], now: pd.Timestamp,
             names: "entities.Matcher | None") -> list[int]:
    """Turn candidates into incidents opened now (detection), titled after their posts, with their
    main category, employer and stance (``opening.open_incidents`` sets first_post_at)."""
    cands = [int(c.candidate) for c in promote]
    posts_of = _by_group(cur.execute(db.sql_text("incident_title_inputs"), {"incident_ids": [], "candidates": cands}).df())
    heads = pd.DataFrame({
        "key": cands,
        "category": [c.category for c in promote],
        "employer": [_mode(posts_of(k)["employer"]) or c.employer for k, c in zip(cands, promote)],
        "polarity": [_opening_polarity(stats[c], posts_of(c)) for c in cands],
    })
    heads["title"] = [_title_of(posts_of(k), e, c, p, names)
                      for k, e, c, p in zip(heads["key"], heads["employer"], heads["category"], heads["polarity"])]
    members = cur.execute("SELECT candidate AS key, post_id FROM incident_post_terms WHERE list_contains(?, candidate)",
                          [cands]).df()
    ids = opening.open_incidents(cur, heads, members, opened_at=now.to_pydatetime())
    cur.execute("UPDATE incident_post_terms SET candidate = NULL WHERE list_contains(?, candidate)", [cands])
    return ids


def _opening_polarity(stats: dict[str, Any], posts: pd.DataFrame) -> str:
    """A new incident's tone: as ``_worth_an_incident`` found it, unless a story it opened on for its grave
    words is told gladly all the same or told as a rescue (``tone.is_told_gladly``, ``tone.is_told_as_rescue``;
    never when a monitor rule the team set matched it: ``tone.read``)."""
    if stats["polarity"] == "负面":
        read = tone.read(posts)
        if read is not None and read.rule in ("told_gladly", "rescue"):
            return "正面"
    return stats["polarity"]


def retitle(cur, incident_ids: list[int], names: "entities.Matcher | None" = None, *, now: pd.Timestamp | None = None) -> None:
    """Give the incidents the title their posts now suggest (``titles.retitle`` keeps the history
    and never overwrites a person's name)."""
    posts_of = _by_group(cur.execute(db.sql_text("incident_title_inputs"), {"incident_ids": [int(i) for i in incident_ids],
                                                                           "candidates": []}).df())
    heads = cur.execute("SELECT id, employer, category, polarity, polarity_source FROM incidents WHERE list_contains(?, id)",
                        [[int(i) for i in incident_ids]]).fetchall()
    rows = []
    for iid, employer, category, polarity, polarity_by in heads:
        posts = posts_of(iid)
        # as an event grows its posts say better who it is about and whether it is praise (unless a person said)
        employer = _mode(posts["employer"]) or employer
        if polarity_by != tone.PERSON:
            polarity = tone.stance(posts) or polarity
        rows.append((int(iid), employer, polarity, _title_of(posts, employer, category, polarity, names)))
    if not rows:
        return
    # set-based: a statement or three per incident cost seconds when a cycle grew a few hundred
    frame = pd.DataFrame(rows, columns=["id", "employer", "polarity", "title"])
    cur.register("incident_retitles", frame[["id", "employer", "polarity"]])
    try:
        cur.execute(db.sql_text("frames/incident_retitle_heads"))
    finally:
        cur.unregister("incident_retitles")
    titles.retitle_many(cur, frame["id"].tolist(), frame["title"].tolist(), at=None if now is None else now.to_pydatetime())


def _by_group(inputs: pd.DataFrame):
    """``group id → its rows`` of a title-inputs frame, split once (filtering the whole frame per
    group cost time in proportion to groups × rows)."""
    groups = {k: g for k, g in inputs.groupby("group_id", sort=False)}
    empty = inputs.iloc[:0]
    return lambda key: groups.get(key, empty)


def _mode(values: pd.Series) -> str | None:
    """The most frequent non-empty value (ties: the one seen first)."""
    counts = Counter(v for v in values.tolist() if isinstance(v, str) and v)
    return counts.most_common(1)[0][0] if counts else None


def _title_of(posts: pd.DataFrame, employer: str | None, category: str | None, polarity: str | None,
              names: "entities.Matcher | None") -> str:
    """``naming.title`` from a group's posts: what their risk terms and keywords say happened,
    and the place most of them name."""
    employer, category, polarity = (v if isinstance(v, str) and v else None for v in (employer, category, polarity))
    # (columns read as lists: iterating an Arrow-backed column yields each value through pandas, slowly;
    # each group's terms counted in one C pass, not one Counter.update per post)
    # (a post not analysed yet has no terms: None or NA)
    risk = Counter(chain.from_iterable(t for t in posts["risk_terms"].tolist() if isinstance(t, (list, np.ndarray))))
    kws = Counter(chain.from_iterable(t for t in posts["keywords"].tolist() if isinstance(t, (list, np.ndarray))))
    texts = [f"{t if isinstance(t, str) else ''} {x if isinstance(x, str) else ''}"
             for t, x in zip(posts["title"].tolist(), posts["text_masked"].tolist())]
    what = naming.happening(risk, kws, category, polarity or "负面")
    where = naming.place(texts, employer, _aliases(names).get(employer, ()))
    return naming.title(employer, where, what)


def _aliases(names: "entities.Matcher | None") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for alias, emp in (names.employer_of.items() if names else []):
        out.setdefault(emp, []).append(alias)
    return out


def event_types(c: Cluster) -> dict[str, float]:
    """The share of a cluster's posts in each category, 其他 (not about work) left out: what kind of
    event its posts tell of, as the per-post classifier sees it."""
    if "kinds" in c._tops:  # (kept until the cluster takes a post or absorbs another: asked for every pair)
        return c._tops["kinds"]
    counts = {t[1:]: d for t, d in c.df.items() if t[0] == "#" and t[1:] != "其他"}
    total = sum(counts.values())
    c._tops["kinds"] = out = {k: d / total for k, d in counts.items()} if total else {}
    return out


def same_kind(small: Cluster, large: Cluster, ties: bool = True) -> bool:
    """Whether a smaller incident tells of the kind of event a larger one does: the smaller's main
    category (其他 aside) is used by at least ``KIN_CATEGORY_SHARE`` of the larger's posts. Follow-ups of
    one event (an overwork collapse, then the overtime inquiry) share some kind; a second event at one
    employer (a strike, then a harassment report) is another kind altogether. When the smaller's
    posts split evenly over categories (a witness's 安全健康, a victim's sister's 薪酬福利), each of
    them is its main one: a tie is no sign of which, and the name a category sorts by is none.
    ``ties``: False when the answer must rest on one main kind (``_kin``'s twins, whose kinds lift its
    size and order checks: an incident the window shows only a few posts of, split evenly, is no
    proof of one event — a layoff's tail beside its employer's collapse); a tie then keeps one, the
    name sorting last, as the twins were tuned on."""
    mine, theirs = event_types(small), event_types(large)
    if not mine or not theirs:
        return False
    if not ties:
        return theirs.get(_main_kind(mine), 0.0) >= KIN_CATEGORY_SHARE
    top = max(mine.values())
    return any(theirs.get(k, 0.0) >= KIN_CATEGORY_SHARE for k, share in mine.items() if share == top)


def _main_kind(kinds: dict[str, float]) -> str | None:
    """The category most of a cluster's posts are in, from its ``event_types`` (其他 aside; a tie kept
    as ``same_kind`` without ties keeps it); None when they tell no kind (all 其他)."""
    return max(kinds, key=lambda k: (kinds[k], k)) if kinds else None


def _kin(c: Cluster, weights: dict[str, float] | Callable[[], dict[str, float]] | None, targets: "_Space",
         praise: dict[tuple[str, int], bool | None] | None = None, leave: frozenset[int] = frozenset()) -> Cluster | None:
    """A larger open incident the smaller ``c`` is a fragment of, on evidence beyond wording: the
    same employer (or ``c`` names none), the same kind of event (``same_kind``), within the window,
    ``KIN_SIZE_RATIO`` times its size and, when ``c`` is named, started before it (unless both are
    its employer's grave incidents of one kind: one event's rumours and reports, or its employer's
    mostly grave incidents first told within hours of each other, whatever their kinds: one event's
    first reports from two sides, ``_first_told_together``); then at least
    ``KIN_MERGE_THRESHOLD`` of ``c``'s weight on terms the larger one uses (``KIN_UNNAMED_THRESHOLD``
    when ``c`` names no employer: an unnamed fragment, incident or left-over candidate, needs more).
    One event's wording drifts over days (first reports, the official statement, the inquiry), so its fragments share
    less of it than a post joining needs; the other checks keep a second event at one employer
    apart. A named incident or grave left-over candidate of another category (``same_kind`` says no: the
    classifier spreads one event over 安全健康 / 工时加班 / 劳动合规 …) joins only at ``KIN_OTHER_KIND_THRESHOLD`` and on
    details the larger owns (``_Space.owns``; first reports told together aside) — or, a lone named
    post (an incident on its reach, or a grave left-over candidate), at ``KIN_MERGE_THRESHOLD`` when its employer's larger incident is told
    in its tone (``praise``: ``Cluster.key`` → mostly glad) and no other incident of the employer in
    that tone is of its kind. Failing all that, a lone grave post about harm joins its employer's
    accident as its sequel (``_sequel_of``) when no other incident of the employer is of its kind.
    The most similar such incident, or None. ``weights``: ``c``'s, or what makes them once a pair gets
    that far (None: its idf weights in ``targets``). ``leave``: ``id()`` of incidents it may not join
    (``_merge_target``: those ``_second_event`` or ``_older_event`` keeps it apart from)."""
    employer = c.employer  # (a property, asked here and of each pair: ``c`` does not change here)
    if not (employer or c.grave):
        return None  # an unnamed fragment joins only when it tells of something grave
    if employer:
        # its employer's incidents, listed once per employer (``_Space.of_employer``): a left-over
        # candidate (no twin, no sequel) gets past the size and start checks below only with one of them
        # at least ``KIN_SIZE_RATIO`` times its size and started before it; most have none (~24k a cycle)
        mine, most, earliest = targets.of_employer(employer)
        if c.incident_id is None and (most < KIN_SIZE_RATIO * c.n or earliest > c.first_at):
            return None
    else:  # (an unnamed one's telling words are read at once)
        weights = _kin_weights(c, weights, targets)
    # its telling terms, listed once a pair gets that far (a left-over candidate's whole centroid is
    # read here, and for most named fragments no pair does: with fewer than MIN_SHARED_TERMS none could)
    telling = None if employer else _telling_words(weights)
    if telling is not None and len(telling) < MIN_SHARED_TERMS:
        return None
    squares, mass = None, 0.0  # (its wording, made once a pair gets that far: for most fragments none does)
    if employer:
        near = targets.index.get("@" + employer, ())
    else:  # the incidents holding one of its telling terms (a term in very many finds nothing particular)
        near = set().union(*(l for t in telling if len(l := targets.index.get(t, ())) <= WIDE_TERM_CLUSTERS))
    best, best_sim = None, KIN_MERGE_THRESHOLD if employer else KIN_UNNAMED_THRESHOLD
    # a lone far-reaching post of its employer's event that the classifier put in another category:
    # the most similar such event in its tone, unless another incident of the employer in its tone is
    # of its kind (the category breaks the tie: one employer's two events in one week)
    lone = praise is not None and bool(employer) and c.n == 1 and praise.get(c.key) is not None
    tone = praise.get(c.key) if lone else None
    weak, weak_sim, near_ok = None, KIN_MERGE_THRESHOLD, []  # (which of these are in its tone is asked last)
    sequel = None  # a lone grave report opened while its employer's accident went on (``_sequel_of``)
    # (``c``'s side of the two pair tests, asked once: for a left-over candidate, most calls, neither can hold)
    may_sequel, may_twin = _may_be_sequel(c, praise), _may_be_told_together(c)
    # in index order, so that a tie goes the same way every run
    for other in mine if employer else map(targets.clusters.__getitem__, sorted(near)):
        theirs = other.employer
        if other is c or not theirs or other.incident_id is None or (leave and id(other) in leave):
            continue
        if employer and theirs != employer:
            continue
        if c.last_at - other.last_at > targets.window or other.first_at - c.last_at > targets.window:
            continue
        if lone:
            near_ok.append(other)
        if other.n < c.n:
            continue
        if sequel is None and may_sequel:
            sequel = _sequel_of(c, other, praise)
        # a named grave incident beside another of its employer that is mostly grave, each of the
        # other's kind, is one event told twice (the first rumours, then the named reports) whatever
        # their sizes and order — and beside one merely grave when both tell mainly of one kind (an event
        # told in threads holds more mild replies, 「真的假的？」, than grave posts; an employer's second
        # event, a layoff beside a pay dispute, tells mainly of another); otherwise a fragment is small
        # beside its event and started after it (two events of a like size are two events)
        together = may_twin and _first_told_together(c, other)
        if other.n < KIN_SIZE_RATIO * c.n or (employer and other.first_at > c.first_at):
            # (the cheap checks first: ``same_kind`` builds both kinds, and this runs for every pair)
            twin = together or (c.incident_id is not None and bool(employer) and c.grave > 0
                                and other.grave > 0 and same_kind(c, other, ties=False)
                                and same_kind(other, c, ties=False)
                                and (other.grave * 2 > other.n or _main_kind(event_types(c)) == _main_kind(event_types(other))))
            if not twin:
                continue
        if telling is None:
            weights = _kin_weights(c, weights, targets)
            telling = _telling_words(weights)
        shared = [t for t in telling if t in other.df]
        if len(shared) < MIN_SHARED_TERMS or details(set(shared)) < MIN_SHARED_TERMS:
            continue
        # the classifier spreads one event's posts over categories (the injury, the hours behind it,
        # the compensation, the labour bureau's inquiry): of another kind, a named incident or grave
        # left-over candidate joins on more wording and on details the larger owns (its site, victim,
        # workshop), which a second event at the employer lacks
        kind = same_kind(c, other)
        if not kind and not employer:
            continue
        if squares is None:
            squares, mass = targets.wording(weights)
            if not mass:
                return None
        sim = targets._similarity(squares, mass, other)
        if not kind and not together and (sim < KIN_OTHER_KIND_THRESHOLD or not targets.owns(other, set(shared), c.df)):
            # of another category on less wording: a lone post of its employer's event told in its tone
            # (one post repeats no detail of its own to tell a second event by)
            if lone and sim > weak_sim and praise.get(other.key) == tone:
                weak, weak_sim = other, sim
            continue
        if sim > best_sim:
            best, best_sim = other, sim
    if best is None and weak is not None and not any(same_kind(c, o) for o in near_ok
                                                     if o.n and praise.get(o.key) == tone):
        # (another incident of the employer in its tone, of its kind: asked only here, where it decides)
        return weak
    if best is None and sequel is not None and _rival(c, near, targets, praise) is None:
        # (asked last, of the few sequels only: it reads the kinds of all the employer's incidents)
        return sequel
    if best is None and c.incident_id is not None and employer:
        # (asked last: most named incidents left here are their employer's only one in the window)
        return _told_alike(c, [o for o in mine if id(o) not in leave] if leave else mine, weights, targets, praise)
    return best


def _told_alike(c: Cluster, mine: list[Cluster], weights: dict[str, float] | Callable[[], dict[str, float]] | None,
                targets: "_Space", praise: dict[tuple[str, int], bool | None] | None = None) -> Cluster | None:
    """The incident of ``c``'s employer (``mine``), as large as ``c`` at least and within the window, that
    holds ``KIN_ALIKE_THRESHOLD`` of ``c``'s wording (the most similar), or None; mainly of another kind
    than ``c`` (``_main_kind``; a ``c`` whose posts are all 其他 has none), only when ``c`` is small beside
    it and was still being told when it began (the first voices of an event, then its reports; not the tail
    of one that ended before the other began) and the larger is mostly grave (an accident, a strike, whose
    side stories the classifier spreads over kinds: as ``_kin``'s twins). One event's fragments told in the
    words its posts keep using (「恒鑫那边昨晚死了个人」, 「这是鸿步的吧，我表妹在那」) may repeat none of its rare details, be of a
    like size, start first or be read as another kind: ``_kin``'s other checks each turn some of them
    away. Two events at one employer share its world's words (its name, its town, 工资, 加班) but far
    less of their wording than that; one of like size telling another kind stays apart on that alone, and
    so does one told in another tone (``praise``: a rescue by the employer's staff, read 其他 and glad, told
    in the words its layoff's incident picked up from it, is a second event)."""
    kinds = event_types(c)
    near = [other for other in mine
            if other is not c and other.n >= c.n and other.incident_id is not None and other.employer == c.employer
            and c.last_at - other.last_at <= targets.window and other.first_at - c.last_at <= targets.window
            and (not praise or praise.get(c.key) == praise.get(other.key))
            and not (kinds and _main_kind(kinds) != _main_kind(event_types(other))
                     and (other.n < KIN_SIZE_RATIO * c.n or other.first_at > c.last_at or other.grave * 2 <= other.n))]
    if not near:  # (most: their employer's only incident in the window; its wording is never made)
        return None
    squares, mass = targets.wording(_kin_weights(c, weights, targets))
    if not mass:
        return None
    best, best_sim = None, KIN_ALIKE_THRESHOLD
    for other in near:
        sim = targets._similarity(squares, mass, other)
        if sim >= best_sim and (best is None or sim > best_sim):
            best, best_sim = other, sim
    return best


def _kin_weights(c: Cluster, weights: dict[str, float] | Callable[[], dict[str, float]] | None,
                 targets: "_Space") -> dict[str, float]:
    """``_kin``'s ``weights`` made (most fragments leave before they are read)."""
    if isinstance(weights, dict):
        return weights
    return weights() if weights is not None else dict(zip(c.df, map(targets.idf.get, c.df, repeat(targets.default_idf))))


TWIN_HOURS = 6.0  # one event's first reports, told from two sides, come out within this many hours of each other
# the risk lexicon's groups that name a harm (a death, a beating, a protest, dust, harassment or wage theft), not a
# complaint's evidence (投诉, 律师, 毁约: 可信投诉), its scale (多人受害) or its outlet (央媒)
HARM_GROUPS = frozenset({"伤亡", "聚集", "刑事", "职业病", "严重指控"})


def _first_told_together(c: Cluster, other: Cluster) -> bool:
    """Whether two named incidents of one employer, each mostly grave (content risk ≤ 3), were first told
    within ``TWIN_HOURS`` of each other, naming a harm of the risk lexicon in common (``HARM_GROUPS``: 殴打, 爆炸, 欠薪 …):
    one event's first reports from two sides (a witness's clip of a beating, the local news of it an hour
    later), which the classifier often reads as two kinds of event (管理作风 / 安全健康) and which share
    less wording than one post joining another needs. ``_kin`` takes them for one event whatever their
    sizes and kinds, on ``KIN_MERGE_THRESHOLD`` of wording. Two events of one employer begun the same
    day (a layoff at its office, overtime at its plant) share its world's words, not what happened."""
    if not (_may_be_told_together(c) and other.incident_id is not None
            and c.employer == other.employer and other.grave * 2 > other.n
            and abs(c.first_at - other.first_at) <= TWIN_HOURS * 3600):
        return False
    theirs = other.df
    return any(t in theirs and t[0] not in "@#" and risk_lexicon.lexicon_group(t) in HARM_GROUPS for t in c.df)


def _may_be_told_together(c: Cluster) -> bool:
    """``c``'s side of ``_first_told_together``: a named incident, mostly grave."""
    return c.incident_id is not None and bool(c.employer) and c.grave * 2 > c.n


SEQUEL_HARM_SHARE = 0.5  # share of an event's posts about harm to health (安全健康) for it to be an accident
SEQUEL_HOURS = 48.0      # a sequel starts within this many hours of the accident's first post (the days after it)


def _sequel_of(c: Cluster, other: Cluster, praise: dict[tuple[str, int], bool | None] | None) -> Cluster | None:
    """``other`` when the named one-post incident ``c`` reads as a sequel of it: ``other`` is its
    employer's accident (mostly grave, at least ``SEQUEL_HARM_SHARE`` of its posts about harm to health,
    ``KIN_SIZE_RATIO`` times larger, started before it and at most ``SEQUEL_HOURS`` before) and ``c``
    is a grave post about harm, neither glad. The days after a death are told in new words (a
    victim's son, a wife at the ward, a driver passing the gate) that share no detail with the
    reports, and each far-reaching one opens an incident of its own; ``_kin``'s wording tests
    cannot find its event."""
    if not _may_be_sequel(c, praise):
        return None
    if (other.grave * 2 <= other.n or other.n < KIN_SIZE_RATIO * c.n or other.first_at > c.first_at
            or c.first_at - other.first_at > SEQUEL_HOURS * 3600):
        return None
    if praise.get(c.key) is not False or praise.get(other.key) is not False:
        return None  # (a rescue beside an accident at one employer is a second event)
    if not event_types(c).get("安全健康"):
        # a post about another work matter (a forced transfer's 确认书 to sign) or about nothing at
        # work (a rescue on the quay by the yard) may be the employer's second event taking shape
        return None
    return other if event_types(other).get("安全健康", 0.0) >= SEQUEL_HARM_SHARE else None


THERE_LEAD_HOURS = 6.0  # a grave post naming no employer may come this many hours before its event's first post
THERE_SHARE = 0.2       # … and tells of its place: a detail at least this share of the accident's posts use


def _grave_event_there(c: Cluster, targets: "_Space") -> Cluster | None:
    """The one open accident a left-over candidate naming no employer tells of by its place, or None.
    The candidate holds a grave post (content risk ≤ 3) and tells mainly of harm to health (its main kind,
    ``_main_kind``, is 安全健康); the accident is a mostly grave incident with at least ``SEQUEL_HARM_SHARE``
    of its posts about harm to health, begun at most ``THERE_LEAD_HOURS`` after the candidate and active
    within the window before it, whose posts keep naming a detail the candidate names: a bigram unlisted
    in the corpora (``specificity.is_unlisted``: the county, the town, the mine, the site), used by
    ``THERE_SHARE`` and at least ``MILD_LEAST`` of its posts, that it owns (``_Space.owns``: most of the
    window's posts using it are the incident's).
    A relative's first cry, a neighbour asking 「是不是哪个厂出事了」, a notice naming only the county
    and a reflection days later name no employer and share one such detail with the reports: too little
    wording to join on, but a person places them by where and what happened. Two accidents there: no
    telling which. Background naming the place (the heat-relief news of its city, a job ad) is mild, of
    another kind, or names a place few of the accident's posts name or many other clusters use."""
    kinds = event_types(c)
    if not kinds or _main_kind(kinds) != "安全健康":
        return None  # (harm to health: a wage dispute or a layoff has no place of its own to tell it by)
    # its bigrams unlisted in the corpora (``specificity.is_unlisted``) that few incidents hold: the words
    # of ordinary posts (急诊, 蜡烛), however telling, name no place a person would place it by
    telling = {t for t in c.df if specificity.is_unlisted(t) and len(targets.index.get(t, ())) <= WIDE_TERM_CLUSTERS}
    found = None
    for i in sorted(set().union(*map(targets.index.get, telling, repeat(())))):
        other = targets.clusters[i]
        if other is c or other.incident_id is None or not other.n or other.curated or other.grave * 2 <= other.n:
            continue
        if c.first_at < other.first_at - THERE_LEAD_HOURS * 3600 or c.first_at - other.last_at > targets.window:
            continue
        if event_types(other).get("安全健康", 0.0) < SEQUEL_HARM_SHARE:
            continue  # not an accident
        # a detail its reports keep naming (``THERE_SHARE`` of them): one report's stray words (已转, 记者从)
        # or a city a few of them mention (运城, where the heat-relief news is) are no place to tell it by
        named = max(float(MILD_LEAST), other.n * THERE_SHARE)
        if not targets.owns(other, {t for t in telling if other.df.get(t, 0) >= named}, c.df, least=1):
            continue
        if found is not None:
            return None  # two accidents there: no telling which
        found = other
    return found


def _may_be_sequel(c: Cluster, praise: dict[tuple[str, int], bool | None] | None) -> bool:
    """``c``'s first side of ``_sequel_of``: a named one-post incident with a grave post (and tones known)."""
    return not (c.n > 1 or not c.grave or praise is None or c.incident_id is None or not c.employer)


def _rival(c: Cluster, near: set[int], targets: "_Space",
           praise: dict[tuple[str, int], bool | None] | None) -> Cluster | None:
    """Another incident of ``c``'s employer, not glad, of ``c``'s kind and not an accident itself:
    when there is one, ``c`` may be its fragment (one employer's second event), and no sequel."""
    for i in sorted(near):
        other = targets.clusters[i]
        if (other is not c and other.n and other.incident_id is not None and other.employer == c.employer
                and praise.get(other.key) is False and same_kind(c, other)
                and event_types(other).get("安全健康", 0.0) < SEQUEL_HARM_SHARE):
            return other
    return None


def _telling_words(weights: dict[str, float]) -> list[str]:
    """The terms of ``weights`` that say which event it is (``specificity``), its employer aside."""
    return [t for t in filter(specificity.is_specific, weights) if t[0] != "@"]  # (picked in C: ~10k calls a cycle)


def _praise(con, clusters: list[Cluster], lone: list[Cluster]) -> dict[tuple[str, int], bool | None]:
    """``Cluster.key`` → whether most of its posts are glad (正面), for the ``lone`` named one-post
    clusters and the incidents among ``clusters`` of their employers (``_kin``'s lone reports of
    another category): a rescue and a wage dispute at one employer are two events whatever their
    words share. A left-over candidate's post tells its tone or is None: a neutral post nobody
    took up (a job ad the classifier read as grave, a notice) is no report of an event."""
    employers = {c.employer for c in lone if c.employer}
    ids = [int(c.incident_id) for c in clusters if c.incident_id is not None and c.n and c.employer in employers]
    candidates = [int(c.candidate) for c in lone if c.incident_id is None]
    if not employers or not ids:
        return {}
    # (on the caller's cursor: a left-over candidate's posts are not committed yet)
    counts = con.execute(db.sql_text("incident_praise_counts"), {"ids": ids, "candidates": candidates}).df()
    out: dict[tuple[str, int], bool | None] = {}
    for k, i, n, p, d in zip(*(counts[c].tolist() for c in ("kind", "id", "n_posts", "n_positive", "n_negative"))):
        glad = int(p) * 2 > int(n)
        out[(k, int(i))] = glad if k == "i" or glad or int(d) * 2 > int(n) else None
    return out


SECOND_EVENT_HOURS = 24.0  # an employer's incident of MIN_POSTS posts begun this many hours after another began is a second event
# (48 h until the replay of S1–S93 showed the merge pass joining an employer's two events of two kinds begun 29–38 h
# apart; at 24 h four weeks' pairs stay apart and one more week's merge, 42 → 39 of 93, at B-cubed F1 0.8646 → 0.8639)


def _second_event(c: Cluster, other: Cluster, began: dict[int, float]) -> bool:
    """Whether the incident ``c`` is a second event at ``other``'s employer rather than part of ``other``
    (the merge pass leaves them apart): ``c`` is told by ``MIN_POSTS`` posts at least and its first post
    came more than ``SECOND_EVENT_HOURS`` after ``other``'s (``began``: incident id → its first post's
    time over its whole life, epoch seconds; the window may show only an incident's later posts). An
    employer's two events in one week (a strike at one plant, layoffs at its research centre two days
    later) share its name, its town and its trade's words, on which the merge pass's similarity and
    ``_kin``'s fragments join them, whatever kinds the classifier reads in them; one event's later
    chapters (the inquiry, the settlement) join it as a post or two, or before they gather into an
    incident of their own. Told as the same main kind of event (``_later_chapter``), it is that event's
    later chapter, however late."""
    after = _hours_after(c, other, began)
    return after is not None and after > SECOND_EVENT_HOURS and not _later_chapter(c, other)


OLDER_EVENT_HOURS = 12.0  # an employer's incident begun this many hours before another is not that other's first reports
# (24 h until the replay of S1–S93 showed the merge pass joining an employer's two events of two kinds, the smaller begun
# 12.6–22.2 h before the larger; at 12 h four more weeks' pairs stay apart, 39 → 35 of 93, at B-cubed F1 0.8639 → 0.8635)


def _older_event(c: Cluster, other: Cluster, began: dict[int, float]) -> bool:
    """Whether the incident ``c`` is an earlier event of ``other``'s employer rather than ``other``'s first
    reports (the merge pass leaves them apart): ``c`` is told by ``MIN_POSTS`` posts at least and its first
    post came more than ``OLDER_EVENT_HOURS`` before ``other``'s (``began``: over each one's whole life).
    The merge pass ranks incidents by the posts the window shows, and an older event's early posts age
    out of it first: it looks the smaller of the two and would go into its employer's younger event
    (``_second_event`` asks only of the later-begun one). One event's first reports gather into its
    incident within hours of its burst; half a day earlier, they were another event, unless both tell of one
    main kind (``_later_chapter``)."""
    after = _hours_after(c, other, began)
    return after is not None and -after > OLDER_EVENT_HOURS and not _later_chapter(other, c)


def _hours_after(c: Cluster, other: Cluster, began: dict[int, float]) -> float | None:
    """How many hours after ``other``'s first post ``c``'s came (negative: before), over their whole lives
    (``began``), when ``c`` is an incident of ``MIN_POSTS`` posts at least about ``other``'s employer;
    else None (a post or two, another employer's: never a second event)."""
    employer = c.employer
    if not employer or employer != other.employer or c.n < MIN_POSTS:
        return None
    mine, theirs = began.get(int(c.incident_id)), began.get(int(other.incident_id))
    return None if mine is None or theirs is None else (mine - theirs) / 3600.0


def _later_chapter(c: Cluster, other: Cluster) -> bool:
    """Whether ``c``, begun days after its employer's incident ``other``, tells of the same main kind of
    event (``event_types``, 其他 aside): a week-long dispute's later chapter (the wages paid short, the
    second protest) stays of its kind, while an employer's second event that week is of another (a
    strike, then layoffs at its research centre; a protest, then a driver's good deed)."""
    mine = _main_kind(event_types(c))
    return mine is not None and mine == _main_kind(event_types(other))


def _named_apart(mine: str | None, theirs: str | None) -> bool:
    """Whether two incidents were named after two different employers (two employers, two events)."""
    return bool(mine and theirs and mine != theirs)


def _told_together(c: Cluster, weights: dict[str, float], space: "_Space") -> dict[str, float]:
    """``c``'s wording as its posts tell it together, for ``_kin`` in the merge pass: each term's weight
    scaled by the square root of the share of ``c``'s posts using it, so that its squared weight in the
    similarity counts by that share — the words most of its posts use fully, one post's own details by
    1/n. Summed as one bag of words, whether a post or two rich in their own details (an update, a
    long account) were in moved an incident's similarity to its employer's other incident across
    ``KIN_MERGE_THRESHOLD``, and one post's label (content risk 3 or 4, 中性 or 负面) decides where such
    a post goes: two events of one employer merged, or not, on one label. Terms no other post of the
    window uses keep their weight: they stay out of the similarity's mass (``_Space._squares``), as before."""
    if c.n <= 1:
        return weights
    lone = space.lone_weight()
    df, n = c.df, c.n
    return {t: w * math.sqrt(min(1.0, df[t] / n)) if w < lone else w for t, w in weights.items()}


def _merge_target(c: Cluster, weights: dict[str, float], targets: "_Space", rank: dict[int, int],
                  praise: dict[tuple[str, int], bool | None], began: dict[int, float], space: "_Space") -> Cluster | None:
    """The larger incident the merge pass puts ``c`` into: the most similar (``best_match``), else the one
    it is a fragment of (``_kin``), passing over those it is a second event beside (``_second_event``) or
    an earlier event before (``_older_event``):
    the next such may be its own event's other incident (one event's reports split in two before they
    met, beside the employer's earlier event)."""
    leave: set[int] = set()
    while True:
        # (an incident left is ranked with ``c``, so that ``best_match`` passes over it: only once one is left)
        ranks = {**rank, **dict.fromkeys(leave, rank[id(c)])} if leave else rank
        i = targets.best_match(weights, c.last_at, c.employer, c.category, larger_than=rank[id(c)], rank=ranks,
                               held=2, own=c.df)
        into = targets.clusters[i] if i is not None else _kin(c, partial(_told_together, c, weights, space), targets,
                                                              praise, frozenset(leave))
        if into is None or not (_second_event(c, into, began) or _older_event(c, into, began)):
            return into
        leave.add(id(into))


def merge_similar(con, clusters: list[Cluster], space: "_Space") -> dict[int, int]:
    """Merge open model-made incidents that turned out to be one event: a smaller incident whose
    posts a larger one holds (the same similarity as a post joining, at ``MERGE_THRESHOLD``, same
    rules on employers and categories), or that is a fragment of it by employer, kind of event, size
    and time (``_kin``), goes into the larger; one index over them all, smallest
    first. Returns merged id → kept id. Incidents a person edited (a rename, a move, a split) are
    left as they are."""
    live = [c for c in clusters if c.incident_id is not None and c.n > 0 and not c.curated]
    if len(live) < 2:
        return {}
    ids = [int(c.incident_id) for c in live]
    edited = set(db.query("incident_person_edited", con, ids=ids)["incident_id"].astype(int))
    live = [c for c in live if int(c.incident_id) not in edited]
    # who an incident is about is what its whole life says (the employer it is named after): the
    # window may show only its unnamed tail (the replies, 「求后续」) once its named posts aged out,
    # and that tail is no fragment of another employer's event
    life = db.query("incident_life_heads", con, ids=ids)
    whole = dict(zip(life["incident_id"].astype(int), life["n_posts"].astype(int)))
    named_as = {int(i): e for i, e in zip(life["incident_id"], life["employer"]) if isinstance(e, str) and e}
    # when each began over its whole life (the window may show only its later posts: ``_second_event``)
    began = dict(zip(life["incident_id"].astype(int).tolist(),
                     (life["first_at"] - pd.Timestamp(0, tz="UTC")).dt.total_seconds().tolist()))
    # a named incident with posts before the window, of which the window shows fewer than a
    # candidate needs, is judged on its tail (the settlement, the thanks): too little to call it a
    # fragment of another of its employer's incidents (an unnamed one has no such neighbour to confuse)
    settled = {id(c) for c in live if (c.employer or int(c.incident_id) in named_as) and c.n < MIN_POSTS
               and whole.get(int(c.incident_id), 0) > c.n}
    by_employer = Counter(c.employer for c in live if c.employer)
    # (the tones of every incident of an employer with more than one: ``_kin``'s lone reports and ``_told_alike``)
    praise = _praise(con, live, [c for c in live if c.employer and by_employer[c.employer] > 1])
    rank = {id(c): r for r, c in enumerate(sorted(live, key=lambda c: (-c.n, c.incident_id)))}  # 0 = largest
    targets = _Space(live, space.idf, space.default_idf, space.window, MERGE_THRESHOLD, in_time_order=False,
                     census=space, loaded=space.loaded)
    position = {id(c): k for k, c in enumerate(live)}
    merged: dict[int, int] = {}
    for c in sorted(live, key=lambda c: -rank[id(c)]):  # smallest first
        if id(c) in settled:
            continue
        weights = dict(zip(c.df, map(space.idf.get, c.df, repeat(space.default_idf))))  # (no Python loop per term)
        into = _merge_target(c, weights, targets, rank, praise, began, space)
        if into is None or _named_apart(named_as.get(int(c.incident_id)), named_as.get(int(into.incident_id))):
            continue
        merged[int(c.incident_id)] = int(into.incident_id)
        into.absorb(c)
        targets.grew(position[id(into)])
    if merged:
        from . import editing

        # one transaction, no rescoring per merge: the run's result asks for the kept incidents'
        # scores in full (rescoring each merge on its own cost most of a big run's time)
        with db.transaction(con) as cur:
            for gone, kept_id in merged.items():
                editing.merge_on(cur, [gone], kept_id, "model")
            # the kept incident now holds the named reports too: its employer and title follow its posts
            # (an event's unnamed first posts opened it as 「某单位……」)
            retitle(cur, sorted(set(merged.values())), entities.store_matcher(cur))
    return merged
