"""The ingest pipeline: canonical records → validated, masked, deduplicated posts, in one transaction.

Entry points, used by the upload page, the CLI and the scrapers alike::

    ingest_records(con, records, kind=..., origin=...) -> IngestResult   # one DataFrame
    ingest_file(con, path, profile=..., mapping=...)   -> IngestResult   # open + plan + ingest
    ingest_plans(con, plans, origin=...)                -> IngestResult   # the tables of one file, planned

Rules (issue 4):

- A row is rejected (and reported with its reason) when its text is empty (a title stands in for
  a missing text) or its time is given but cannot be read. An empty time is allowed
  (``published_at`` NULL).
- Rows are posts or comments (``post_kind``); a comment keeps its own id, its post in
  ``root_external_id`` and the comment or post it answers in ``parent_external_id``, so a
  contents file and its comments file give the same store in either order.
- Exact duplicates are not inserted: same platform + kind + external id, or same platform + kind +
  normalised content hash + author (the same words from another account are a separate post,
  which the near-duplicate check links instead; comments with their own id are told apart by
  it, since "同意" twice from one reader under two posts are two comments). Checked within the
  file and against the store.
- A row's platform: its own platform column, else its site column when that names a platform,
  else the file's (its recognised shape or crawler folder), else the uploader's choice, else the
  domain of its link, else 未知 (see ``platforms``). Never a guess.
- Creator profiles (``creators`` exports) go to ``creators`` and give posts their follower counts.
- Near duplicates (MinHash-LSH, see ``neardup``) are inserted with ``near_dup_of`` = the earlier
  post they copy; nothing is deleted.
- ``source_id``: the caller's, else one ``sources`` row per kind and platform, found or created
  (``上传：微博``), so that uploads of one platform share a source and its media tier.
- Everything a file writes (posts, signatures, sources, the batch row, the audit row) is in one
  transaction: an error or a crash mid-file leaves the store as it was. Chunks are appended to
  ``posts`` as they come; DuckDB writes a transaction's large appends to the database file as
  they fill (optimistic writes), so memory stays bounded, and a rollback discards them.
"""
from __future__ import annotations

import gc
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .. import access, audit, config, db
from ..pii import mask_many, might_have_pii
from . import neardup
from .creators import followers_of, store_creators, typed_creators
from .errors import UnreadableFile
from .filekeys import FileKeys, repeats
from .fingerprint import fingerprints, normalise_many
from .plan import Plan, open_plans
from .platforms import UNKNOWN_PLATFORM, PlatformRule
from .reading import CHUNK_ROWS
from .warmup import load_compiled
from .mapping import FIELD_LABELS
from .values import (BIGINT_MAX, clean_ids, clean_region, counts_beyond_bigint, out_of_range_times, parse_counts,
                     parse_times, strip_bidi, text_or_none)

RECORD_FIELDS = (
    "platform", "external_id", "url", "title", "text", "author", "author_followers", "published_at",
    "reposts", "comments", "likes", "views", "parent_external_id", "parent_author",
    "post_kind", "root_external_id", "author_id", "site", "region", "vendor_sentiment",
)
_POST_COLUMNS = (
    "id", "source_id", "batch_id", "platform", "external_id", "url", "title", "text", "text_masked",
    "author", "author_followers", "published_at", "reposts", "comments", "likes", "views",
    "parent_external_id", "parent_author", "content_hash", "near_dup_of",
    "post_kind", "root_external_id", "author_id", "site", "region", "vendor_sentiment",
)
_ID_LABELS = {"external_id": "帖子ID", "parent_external_id": "源帖ID", "root_external_id": "所属帖子ID",
              "author_id": "作者ID"}
_COUNT_FIELDS = ("reposts", "comments", "likes", "views", "author_followers")
_KIND_LABEL = {"upload": "上传", "rss": "RSS", "web": "网页", "api": "接口", "demo": "演示"}
MAX_STORED_ERRORS = 10_000  # the batch row keeps this many; the result keeps all
# DuckDB's own memory for a process that only ingests (CLI, benchmark); its default is 80 % of RAM.
# A 1,000,000-row file stays within it (the transaction's appends go to the database file).
INGEST_MEMORY_LIMIT = "512MB"
# Unsigned posts read per query by ``index_signatures`` (a million demo-style posts stay out of memory).
SIGNING_BATCH_ROWS = 50_000

# Chunks of at least this many rows: the file's first and last ones are imported in two parts (see ``_ends_split``).
SPLIT_ENDS_FROM_ROWS = 10_000

Progress = Callable[[int, int], None]  # (rows done, estimated total rows)


@dataclass
class IngestResult:
    """The outcome of one file or one batch of records."""

    batch_id: int | None = None
    rows_read: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: int = 0
    near_duplicates: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    inserted_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)  # per table of the file (sheets)
    recognised: list[str] = field(default_factory=list)  # the shape of each table, as the page names it

    def as_json(self, file: str) -> dict[str, Any]:
        """The DESIGN §5 outcome object of ``workbench ingest --json``."""
        return {
            "file": file,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "errors": [{"row": e["row"], "reason": e["reason"]} for e in self.errors],
        }

    def summary(self, file: str) -> str:
        """One line of Chinese for people."""
        line = (f"{file}：读取 {self.rows_read} 行，新增 {self.inserted} 条，重复 {self.duplicates} 条，"
                f"拒收 {self.rejected} 行")
        if self.near_duplicates:
            line += f"（其中 {self.near_duplicates} 条为近似重复，已标注）"
        return line


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column as ``str`` with ``""`` for missing (records from scrapers may hold None/NaN)."""
    if name not in frame:
        return pd.Series("", index=frame.index, dtype="str")
    col = frame[name]
    if pd.api.types.is_string_dtype(col) and not col.isna().any():
        return col.astype("str")
    return col.astype(object).where(col.notna(), "").astype("str")


def _times(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(published_at as Asia/Shanghai timestamps, mask of given-but-unreadable times)."""
    col = frame["published_at"] if "published_at" in frame else pd.Series("", index=frame.index, dtype="str")
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        return col.dt.tz_convert(config.TIMEZONE).dt.as_unit("us"), pd.Series(False, index=frame.index)
    if pd.api.types.is_datetime64_dtype(col):  # naive: local time
        return col.dt.tz_localize(config.TIMEZONE).dt.as_unit("us"), pd.Series(False, index=frame.index)
    if col.dtype == object:  # datetime objects from scrapers, mixed with text
        col = col.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
    return parse_times(_text_column(pd.DataFrame({"t": col}), "t"))


@dataclass
class _Prepared:
    """One chunk after ``_Batch.prepare``: typed rows (with content_hash, text_masked), signatures,
    their band keys and the rows in the keys' order (``neardup.band_order``)."""

    rows: pd.DataFrame
    sig: np.ndarray
    keys: np.ndarray
    order: np.ndarray
    ok: np.ndarray
    part: str | None = None


class _Batch:
    """One ingest batch on the caller's transaction: add chunks (rows go straight into ``posts``), then finish."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, *, kind: str, origin: str, source_id: int | None,
                 actor: str | None, expected_rows: int = 1 << 16) -> None:
        self.cur = cur
        self.kind = kind
        self.origin = origin
        self.source_id = source_id
        self.actor = actor
        self.started_at = datetime.now(timezone.utc)
        self.result = IngestResult()
        self._sources: dict[str, int] = {}
        self._creators: list[pd.DataFrame] = []  # profiles wait for finish (small; written in its transaction)
        self._file = neardup.FileIndex(expected_rows)  # originals of this file, for lookups within it
        # identities of the file's inserted rows
        self._ids_seen, self._content_seen = FileKeys(expected_rows), FileKeys(expected_rows)
        # The store as it was before this file (its own connection sees committed rows only):
        # the near-duplicate lookup there needs no filter against the file's own, just written rows.
        self._before = cur.cursor()
        # Rows are found by id and ordered by what a query asks, never by where they were written:
        # without keeping the order, DuckDB appends a chunk on both cores (the 1M-row import is
        # ~6 % faster). Session scope: this batch's own cursor only.
        cur.execute("SET SESSION preserve_insertion_order = false")
        self.result.batch_id = int(cur.execute("SELECT nextval('seq_ingest_batches')").fetchall()[0][0])

    # -- counting ----------------------------------------------------------------------------
    def _count(self, part: str | None, **deltas: int) -> None:
        """Add to the file's counts and, for a file of several tables, to this table's."""
        for key, n in deltas.items():
            setattr(self.result, key, getattr(self.result, key) + n)
            if part is not None:
                counts = self.result.parts.setdefault(part, {})
                counts[key] = counts.get(key, 0) + n

    # -- validation and typing -------------------------------------------------------------
    def _reject(self, rows: pd.Index, reasons: pd.Series | str, part: str | None = None) -> None:
        if not len(rows):
            return
        reasons = [reasons] * len(rows) if isinstance(reasons, str) else list(reasons)
        where = f"{part}：" if part else ""
        self.result.errors.extend({"row": _plain(r), "reason": where + why} for r, why in zip(rows, reasons))
        self._count(part, rejected=len(rows))

    def _warn_unknown_platform(self, platforms: pd.Series) -> None:
        if platforms.eq(UNKNOWN_PLATFORM).any() and not any(w.startswith("平台未知") for w in self.result.warnings):
            self.result.warnings.append(f"平台未知：文件没有平台列，也无法从格式、路径或链接判断，也没有指定平台，"
                                        f"这些帖子记为「{UNKNOWN_PLATFORM}」（命令行用 --platform，页面上选择平台）")

    def _ids(self, rec: pd.DataFrame, name: str) -> pd.Series:
        ids, lossy = clean_ids(_text_column(rec, name))
        if lossy.any():
            self.result.warnings.append(
                f"{int(lossy.sum())} 行的{_ID_LABELS[name]}已被表格软件变成科学计数法（如 4.98e+15），无法还原，"
                "这些 ID 未保存；请把 ID 列设为文本后重新导出"
            )
            ids = ids.where(~lossy, None)
        return ids

    def _typed(self, records: pd.DataFrame, rule: PlatformRule, part: str | None = None) -> pd.DataFrame:
        """Validated, typed rows (rejected ones reported and dropped)."""
        text = _text_column(records, "text").str.strip()
        text = text.where(text.ne(""), _text_column(records, "title").str.strip())  # a video or hot-list item: its title
        empty = text.eq("")
        self._reject(records.index[empty], "正文为空", part)
        times, bad_time = _times(records)
        bad_time &= ~empty
        raw_times = _text_column(records, "published_at")
        self._reject(records.index[bad_time], "发布时间无法解析：" + raw_times[bad_time].str.slice(0, 40), part)
        odd_time = out_of_range_times(times) & ~(empty | bad_time)
        self._reject(records.index[odd_time], "发布时间超出合理范围（应在 2000-01-01 之后、不晚于明天）："
                     + raw_times[odd_time].str.slice(0, 40), part)
        bad = empty | bad_time | odd_time
        for name in _COUNT_FIELDS:
            if name in records:
                huge = counts_beyond_bigint(_text_column(records, name)) & ~bad
                self._reject(records.index[huge], f"{FIELD_LABELS[name]}超出范围（大于 {BIGINT_MAX}）：" +
                             _text_column(records, name)[huge].str.slice(0, 40), part)
                bad |= huge
        keep = ~bad
        if keep.all():  # the usual case: no row selection (it copies every column)
            rec = records
        else:
            rec, text, times = records[keep], text[keep], times[keep]
        out = pd.DataFrame(index=rec.index)
        out["text"] = text
        out["published_at"] = times
        out["platform"] = rule.resolve(rec)
        self._warn_unknown_platform(out["platform"])
        kind = _text_column(rec, "post_kind").str.strip()
        out["post_kind"] = kind.where(kind.ne(""), "post")
        absent = pd.Series(index=rec.index, dtype="str")  # a column the file does not have: all missing
        for name in _ID_LABELS:
            out[name] = self._ids(rec, name) if name in rec else absent
        for name in ("url", "title", "author", "parent_author", "site", "vendor_sentiment"):
            out[name] = text_or_none(_text_column(rec, name)) if name in rec else absent
        for name in ("title", "author", "parent_author"):  # shown as names: no hidden direction overrides
            if name in rec:
                out[name] = strip_bidi(out[name])
        out["region"] = clean_region(_text_column(rec, "region")) if "region" in rec else absent
        for name in ("reposts", "comments", "likes", "views"):
            out[name] = parse_counts(_text_column(rec, name)) if name in rec else 0
        out["author_followers"] = (parse_counts(_text_column(rec, "author_followers"), missing=None)
                                   if "author_followers" in rec
                                   else pd.arrays.IntegerArray(np.zeros(len(rec), np.int64), np.ones(len(rec), bool)))
        return out

    # -- deduplication ---------------------------------------------------------------------
    def _over(self, frame: pd.DataFrame | pa.Table, view: str, sql: str,
              on: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyRelation | None:
        """Run ``sql`` with ``frame`` as the table ``view``. Not ``register``: a frame registered
        inside a transaction stays in memory until the commit, and a file is one transaction."""
        cur = self.cur if on is None else on
        rel = cur.from_arrow(frame) if isinstance(frame, pa.Table) else cur.from_df(frame)
        return rel.query(view, sql)

    def _select(self, query: str, view: str, frame: pd.DataFrame | pa.Table,
                on: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
        """Run ``queries/QUERY.sql`` over ``frame`` as ``view`` (in this batch's transaction, or ``on``)."""
        return self._over(frame, view, db.sql_text(query), on).df()

    def _exact_duplicates(self, rows: pd.DataFrame) -> np.ndarray:
        """Boolean mask of rows already in the store, earlier in this file or earlier in this chunk.

        One query over the store as committed (the columns reach DuckDB as Arrow arrays, without
        a Python object per value) also returns the rows' identity keys; the file's own rows are
        looked up in memory (``FileKeys``), not by scanning the growing table for every chunk.
        The kept rows' keys join the file's."""
        has_id = rows["external_id"].notna().to_numpy()
        by_content = (rows["post_kind"].eq("post") | ~has_id).to_numpy()
        incoming = pa.table({  # Arrow in, numpy out: no pandas conversion either way
            "row": np.arange(len(rows)), "platform": _arrow_text(rows["platform"]), "post_kind": _arrow_text(rows["post_kind"]),
            "external_id": _arrow_text(rows["external_id"]), "content_hash": _arrow_text(rows["content_hash"]),
            "author_key": _arrow_text(rows["author"].fillna("")), "by_content": by_content,
        })
        keys = self._over(incoming, "ingest_incoming", db.sql_text("frames/ingest_duplicate_keys"), self._before).fetchnumpy()
        dup = np.asarray(keys["stored"], dtype=bool).copy()
        identities = [(np.flatnonzero(mask), np.asarray(keys[f"{name}_hi"], dtype=np.uint64),
                       np.asarray(keys[f"{name}_lo"], dtype=np.uint64), seen)
                      for mask, name, seen in ((has_id, "id", self._ids_seen), (by_content, "content", self._content_seen))]
        for at, hi, lo, seen in identities:
            dup[at] |= repeats(hi[at], lo[at]) | seen.contains(hi[at], lo[at])
        for at, hi, lo, seen in identities:
            kept = at[~dup[at]]
            seen.add(hi[kept], lo[kept])
        return dup

    def _near_duplicates(self, ids: np.ndarray, sig: np.ndarray, keys: np.ndarray, order: np.ndarray,
                         ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each row, the id of the earlier post it nearly duplicates (or -1), and which of its
        buckets (n, BANDS) an original already holds (in the store or earlier in this file).

        Candidates: the originals sharing a bucket, in the store (a query) and earlier in this
        file (``FileIndex``), then earlier in this chunk (``neardup.within``)."""
        found = np.full(len(ids), -1, dtype=np.int64)
        held = np.zeros(keys.shape, dtype=bool)
        pos = np.flatnonzero(ok)
        if len(pos):
            bands = pa.table({  # Arrow, not pandas: the numpy arrays pass without a copy
                "pos": np.repeat(pos, neardup.BANDS),
                "band": np.tile(np.arange(neardup.BANDS, dtype=np.int8), len(pos)),
                "key": keys[pos].reshape(-1),
            })
            cand = self._over(bands, "ingest_bands", db.sql_text("frames/ingest_near_dup_candidates"),
                              self._before).to_arrow_table()  # Arrow: the signatures come as one flat array
            cpos = cand["pos"].to_numpy().astype(np.int64)
            held[cpos, cand["band"].to_numpy().astype(np.int64)] = True
            flat = cand["sig"].combine_chunks().flatten() if len(cand) else pa.array([], pa.uint32())
            stored = flat.to_numpy().astype(np.uint32, copy=False).reshape(len(cand), neardup.PERMS)
            good = neardup.similarity(sig[cpos], stored) >= neardup.THRESHOLD
            if good.any():
                best = pd.Series(cand["post_id"].to_numpy().astype(np.int64)[good]).groupby(cpos[good]).min()
                found[best.index.to_numpy()] = best.to_numpy()
            in_file, hit = self._file.nearest(sig, keys, order, ok)
            held |= hit
            found = np.where((in_file >= 0) & ((found < 0) | (in_file < found)), in_file, found)
        inner = neardup.within(sig, ok, keys, order)
        local = (found == -1) & (inner >= 0)
        found[local] = ids[inner[local]]
        return found, held

    # -- writing ---------------------------------------------------------------------------
    def _source_map(self, platforms: set[str]) -> dict[str, int]:
        """Source id per platform: the caller's, else ``上传：微博`` … found or created."""
        for p in platforms - self._sources.keys():
            if self.source_id is not None:
                self._sources[p] = self.source_id
                continue
            name = f"{_KIND_LABEL.get(self.kind, self.kind)}：{p}"
            found = self.cur.execute(db.sql_text("source_by_name"), {"name": name}).fetchall()
            if not found:
                kind = self.kind if self.kind in ("upload", "rss", "web", "api") else "upload"
                found = self.cur.execute("INSERT INTO sources (name, kind) VALUES (?, ?) RETURNING id", [name, kind]).fetchall()
            self._sources[p] = int(found[0][0])
        return self._sources

    def prepare(self, records: pd.DataFrame, rule: PlatformRule = PlatformRule(), part: str | None = None,
                *, creators: bool = False) -> _Prepared | None:
        """The work on one chunk that needs no database: validate, type, fingerprint, mask, sign.

        Runs in a worker thread for the next chunk while ``store`` writes the current one. Creator
        profiles are typed and kept for ``finish``.
        """
        self._count(part, rows_read=len(records))
        if creators:
            profiles, no_id = typed_creators(records, rule.resolve(records))
            self._reject(no_id, "作者ID为空", part)
            self._warn_unknown_platform(profiles["platform"])
            self._creators.append(profiles.assign(part=part))
            return None
        rows = self._typed(records, rule, part)
        if rows.empty:
            return None
        rows["content_hash"], points = fingerprints(rows["text"])
        rows["text_masked"] = _masked_where_changed(rows["text"])
        sig, ok = neardup.signatures(points)
        keys = neardup.band_keys(sig)
        return _Prepared(rows, sig, keys, neardup.band_order(keys), ok, part)

    def store(self, prepared: _Prepared | None) -> None:
        """Deduplicate a prepared chunk against the store and the file so far, then insert it."""
        if prepared is None:
            return
        rows = prepared.rows
        dup = self._exact_duplicates(rows)
        self._count(prepared.part, duplicates=int(dup.sum()))
        keep = ~dup
        if not keep.any():
            return
        # The duplicates leave only at the insert (DuckDB's filter, as it reads the rows): a pandas
        # row selection, or an Arrow one, would copy every text column once more.
        sig, keys, ok = prepared.sig[keep], prepared.keys[keep], prepared.ok[keep]
        order = neardup.restrict(prepared.order, keep)
        n = int(keep.sum())
        ids = np.sort(self.cur.execute("SELECT nextval('seq_posts') AS id FROM range(?)", [n]).fetchnumpy()["id"]).astype(np.int64)
        near, held = self._near_duplicates(ids, sig, keys, order, ok)
        known = followers_of(self.cur, rows["platform"], rows["author_id"])
        platform_code, platforms = pd.factorize(rows["platform"])  # a handful of platforms: no dict lookup per row
        sources = self._source_map(set(platforms))
        post_id, near_dup_of = np.zeros(len(rows), dtype=np.int64), np.full(len(rows), -1, dtype=np.int64)
        post_id[keep], near_dup_of[keep] = ids, near
        posts = rows.assign(
            id=post_id,
            near_dup_of=pd.arrays.IntegerArray(np.maximum(near_dup_of, 0), near_dup_of < 0),
            batch_id=self.result.batch_id,
            source_id=np.array([sources[p] for p in platforms], dtype=np.int64)[platform_code],
            author_followers=rows["author_followers"].fillna(pd.Series(known.to_numpy(), index=rows.index)),
        )
        table = pa.Table.from_pandas(posts[list(_POST_COLUMNS)], preserve_index=False)
        self._insert("posts", table, keep)
        originals = ok & (near < 0)
        claimed = self._file.add(ids[originals], sig[originals], keys[originals], free=~held[originals],
                                 order=neardup.restrict(order, originals))
        self._index_originals(ids[originals], sig[originals], claimed)
        self._count(prepared.part, inserted=n)
        self.result.near_duplicates += int((near >= 0).sum())
        self.result.inserted_ids.extend(ids.tolist())

    def add(self, records: pd.DataFrame, rule: PlatformRule = PlatformRule(), part: str | None = None,
            *, creators: bool = False) -> None:
        """Validate, deduplicate and insert one chunk (index = row numbers for the report)."""
        self.store(self.prepare(records, rule, part, creators=creators))

    def _insert(self, table: str, frame: pd.DataFrame | pa.Table, keep: np.ndarray | None = None) -> None:
        """Append ``frame`` to ``table`` (``posts``, ``post_minhash``, ``post_lsh``); only the rows
        where ``keep`` holds, when given (an Arrow table)."""
        cols = ", ".join(frame.column_names if isinstance(frame, pa.Table) else frame.columns)
        where = ""
        if keep is not None and not keep.all():
            frame, where = frame.append_column("ingest_keep", pa.array(keep)), " WHERE ingest_keep"
        self._over(frame, "ingest_new_rows", f"INSERT INTO {table} ({cols}) SELECT {cols} FROM ingest_new_rows{where}")  # our names

    def _insert_signatures(self, ids: np.ndarray, sig: np.ndarray, keys: np.ndarray) -> None:
        """Index original posts already in the store (written outside this pipeline); each LSH
        bucket keeps its first post only, so a lookup returns at most one candidate per band
        however common the bucket is."""
        if not len(ids):
            return
        self._insert("post_minhash", _minhash_table(ids, sig))
        bands = pd.DataFrame({
            "band": np.tile(np.arange(neardup.BANDS, dtype=np.int8), len(ids)),
            "key": keys.reshape(-1),
            "post_id": np.repeat(ids, neardup.BANDS),
        }).drop_duplicates(["band", "key"])
        fresh = self._select("frames/ingest_new_lsh_buckets", "ingest_new_bands", bands)
        if len(fresh):
            self._insert("post_lsh", fresh)

    def _index_originals(self, ids: np.ndarray, sig: np.ndarray, buckets: tuple[np.ndarray, ...]) -> None:
        """Write new original posts to the near-duplicate index: their signatures, and the buckets
        ``(band, key, post_id)`` they claimed (each held by no earlier original)."""
        if not len(ids):
            return
        self._insert("post_minhash", _minhash_table(ids, sig))
        band, key, post_id = buckets
        self._insert("post_lsh", pa.table({"band": band, "key": key, "post_id": post_id}))

    def finish(self, warnings: list[str] | None = None) -> IngestResult:
        """Write the batch row and, for a person's upload, the audit row."""
        r = self.result
        r.warnings.extend(w for w in (warnings or []) if w not in r.warnings)
        self._before.close()
        for profiles in self._creators:
            part = profiles["part"].iloc[0] if len(profiles) else None
            new, known = store_creators(self.cur, profiles.drop(columns="part"), r.batch_id)
            self._count(part, inserted=new, duplicates=known)
        self.cur.execute(
            "INSERT INTO ingest_batches (id, kind, origin, source_id, actor, started_at, finished_at, rows_read, "
            "rows_inserted, rows_duplicate, rows_rejected, rows_near_dup, errors, warnings) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [r.batch_id, self.kind, self.origin, self.source_id, self.actor, self.started_at, datetime.now(timezone.utc),
             r.rows_read, r.inserted, r.duplicates, r.rejected, r.near_duplicates,
             json.dumps(r.errors[:MAX_STORED_ERRORS], ensure_ascii=False, default=str),
             json.dumps(r.warnings, ensure_ascii=False)],
        )
        if self.actor:
            audit.record(self.cur, self.actor, "ingest", "ingest_batches", r.batch_id, None, {
                "kind": self.kind, "origin": self.origin, "rows_read": r.rows_read, "inserted": r.inserted,
                "duplicates": r.duplicates, "rejected": r.rejected, "near_duplicates": r.near_duplicates,
            })
        return r


def _minhash_table(ids: np.ndarray, sig: np.ndarray) -> pa.Table:
    """Rows for ``post_minhash``: each signature as a fixed-size list of PERMS uint32 (UINTEGER[24])."""
    values = pa.array(np.ascontiguousarray(sig, dtype=np.uint32).reshape(-1))
    return pa.table({"post_id": pa.array(ids), "sig": pa.FixedSizeListArray.from_arrays(values, neardup.PERMS)})


def _masked(texts: pd.Series) -> pd.Series:
    """``mask_pii`` of every text (``str`` values), running the masker only where personal data can be."""
    maybe = np.flatnonzero(might_have_pii(texts))
    if not len(maybe):
        return texts
    out = texts.copy()
    out.iloc[maybe] = mask_many(texts.iloc[maybe].tolist())
    return out


def _masked_where_changed(texts: pd.Series) -> pd.Series:
    """``posts.text_masked`` of every text: ``_masked`` where masking changed it, else missing
    (readers take ``coalesce(text_masked, text)``). Most posts hold no personal data; storing their
    text twice cost DuckDB about 2 s of compression per million posts at import, and a third of
    the table's size."""
    masked = _masked(texts)
    return masked.where(masked != texts)


def _arrow_text(column: pd.Series) -> pa.Array:
    """A text column as an Arrow string array (missing values null), without a copy when it is Arrow-backed."""
    return pa.array(column, type=pa.large_string()) if len(column) else pa.array([], pa.large_string())


def _plain(value: Any) -> Any:
    """Row labels as JSON-friendly values (numpy ints → int)."""
    return value.item() if hasattr(value, "item") else value


def ingest_records(
    con: duckdb.DuckDBPyConnection,
    records: pd.DataFrame,
    *,
    kind: str,
    origin: str,
    source_id: int | None = None,
    platform: str | None = None,
    actor: str | None = None,
) -> IngestResult:
    """Ingest records that already have canonical columns (see ``RECORD_FIELDS``; missing ones allowed).

    ``platform`` is for rows without a platform column. Row numbers in the error report are the
    frame's index + 1 when it is a default RangeIndex, else the index labels. One transaction;
    returns the outcome.
    """
    access.require(actor, "process")
    frame = records.copy()
    if isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0:
        frame.index = frame.index + 1
    with db.transaction(con) as cur:
        batch = _Batch(cur, kind=kind, origin=origin, source_id=source_id, actor=actor)
        batch.add(frame, PlatformRule(default=platform))
        return batch.finish()


def preview_records(plan: Plan, rows: int = 20) -> pd.DataFrame:
    """The first rows as they will be read, personal data masked, platform resolved (upload screen)."""
    frame = plan.records(plan.table.preview(rows))
    if plan.kind != "creator":
        frame["platform"] = plan.rule.resolve(frame)
    if "published_at" in frame:  # as it will be stored: seconds, milliseconds and 2024年5月1日 all read alike
        times, _ = _times(frame)
        shown = times.dt.strftime("%Y-%m-%d %H:%M")
        frame["published_at"] = shown.where(times.notna(), frame["published_at"])
    for col in ("text", "title", "author", "url"):
        if col in frame:
            frame[col] = _masked(frame[col].astype(object).where(frame[col].notna(), "").astype("str"))
    return frame.drop(columns=["post_kind"], errors="ignore")


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path | bytes,
    *,
    name: str | None = None,
    profile: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    platform: str | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> IngestResult:
    """Read, recognise and ingest one file (a path, or uploaded bytes with ``name``); all or nothing.

    Each table of the file (each recognised sheet of a workbook) is read by its plan (see
    ``plan.open_plans``): an explicit ``mapping`` or saved ``profile``, else its recognised shape,
    else a saved profile matching the headers, else the recognised headers. ``platform`` is the
    uploader's choice for rows that cannot tell their own. Raises ``UnreadableFile`` (nothing
    written) when the file is not a readable table or has no text column. ``progress(done,
    total)`` after each chunk.
    """
    access.require(actor, "process")
    plans = open_plans(con, path, name=name, profile=profile, mapping=mapping, platform=platform)
    return ingest_plans(con, plans, actor=actor, progress=progress, chunk_rows=chunk_rows)


def ingest_plans(
    con: duckdb.DuckDBPyConnection,
    plans: list[Plan],
    *,
    origin: str | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> IngestResult:
    """Ingest the planned tables of one file as one batch in one transaction (see ``ingest_file``)."""
    access.require(actor, "process")
    if not plans:
        raise UnreadableFile("文件中没有可导入的表格")
    several = len(plans) > 1

    def chunks() -> Iterator[tuple[Plan, pd.DataFrame]]:
        return _ends_split(((plan, chunk) for plan in plans for chunk in plan.table.chunks(chunk_rows)), chunk_rows)

    total = sum(p.table.estimated_rows() for p in plans)

    def prepared(batch: _Batch) -> Iterator[tuple[int, _Prepared | None]]:
        for plan, chunk in chunks():
            part = plan.label if several else None
            yield len(chunk), batch.prepare(plan.records(chunk), plan.rule, part, creators=plan.kind == "creator")

    def finish(batch: _Batch) -> IngestResult:
        for plan in plans:
            bad = plan.table.bad_rows
            if bad:
                part = plan.label if several else None
                batch._count(part, rows_read=len(bad), rejected=len(bad))
                batch.result.errors.extend(bad)
        batch.result.errors.sort(key=lambda e: (not isinstance(e["row"], int), e["row"]))
        if batch.result.rows_read == 0:
            raise UnreadableFile(f"文件 {plans[0].table.name} 中没有任何数据行")
        batch.result.recognised = [p.recognition.label for p in plans if p.shape is not None]
        return batch.finish([w for plan in plans for w in plan.table.warnings])

    with db.transaction(con) as tx:
        batch = _Batch(tx, kind="upload", origin=origin or plans[0].table.name, source_id=None, actor=actor,
                       expected_rows=total)
        done = 0
        for rows, ready in _ahead(prepared(batch), meanwhile=load_compiled):
            batch.store(ready)
            done += rows
            if progress is not None:
                progress(done, max(total, done))
        return finish(batch)


def _ends_split(chunks: Iterator[tuple[Plan, pd.DataFrame]], chunk_rows: int) -> Iterator[tuple[Plan, pd.DataFrame]]:
    """The chunks, the file's first and last ones each cut in two (a quarter at the file's end)
    when chunks have ``SPLIT_ENDS_FROM_ROWS`` rows or more. Nothing can be written before a chunk
    is prepared, and after the last one is prepared only its writing is left: the two threads
    work side by side sooner, and longer, than with whole chunks at the ends. The next chunk is
    read before this one is handed on (to know the last one)."""
    quarter = chunk_rows // 4
    current = next(chunks, None)
    first = True
    while current is not None:
        upcoming = next(chunks, None)
        plan, chunk = current
        if chunk_rows >= SPLIT_ENDS_FROM_ROWS and len(chunk) > quarter:
            if first:
                yield plan, chunk.iloc[:quarter]
                chunk = chunk.iloc[quarter:]
            if upcoming is None and len(chunk) > quarter:
                yield plan, chunk.iloc[:-quarter]
                chunk = chunk.iloc[-quarter:]
        first = False
        yield plan, chunk
        current = upcoming


def _ahead(items: Iterator[Any], meanwhile: Callable[[], None] | None = None) -> Iterator[Any]:
    """``items``, each one computed in a worker thread while the caller works on the one before:
    on two cores the next chunk is read and prepared (mostly Python) while this one is written
    (mostly DuckDB, which releases the GIL). ``meanwhile`` runs on the caller's thread while the
    first item is computed (the caller has nothing else to do then)."""
    with _quick_gil_handoff(), _old_objects_frozen(), \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-prepare") as pool:
        upcoming = pool.submit(next, items, None)
        if meanwhile is not None:
            meanwhile()
        while (item := upcoming.result()) is not None:
            upcoming = pool.submit(next, items, None)
            yield item


@contextmanager
def _quick_gil_handoff() -> Iterator[None]:
    """A shorter GIL switch interval while a file is imported: the writing thread makes many
    short calls (pandas, DuckDB), and before each it waits for the GIL up to the interval (5 ms
    by default) while the preparing thread runs Python; at 0.5 ms the first chunk is written
    seconds sooner. Restored afterwards."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, 0.0005))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """The objects alive before the import (modules, the app's state: over 100,000 of them) left
    out of the garbage collector's full passes while a file is imported (``gc.freeze``): each of
    those passes otherwise walks them all, holding the GIL both threads need. Collection goes on
    for the import's own objects; afterwards everything is collected as before, except in a process
    that had frozen its start-up objects already (``workbench serve``): they stay frozen."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def index_signatures(con: duckdb.DuckDBPyConnection) -> int:
    """Add MinHash signatures for stored original posts that lack them (posts written outside this
    pipeline, such as the demo data), so that later uploads find their near duplicates. Returns
    how many posts were indexed; one transaction, read ``SIGNING_BATCH_ROWS`` posts at a time."""
    indexed, after = 0, 0
    with db.transaction(con) as cur:
        batch = None
        while True:
            todo = cur.execute(db.sql_text("ingest_posts_without_signature"),
                               {"after_id": after, "batch_rows": SIGNING_BATCH_ROWS}).df()
            if todo.empty:
                return indexed
            if batch is None:
                batch = _Batch(cur, kind="index", origin="index_signatures", source_id=None, actor=None)
            sig, ok = neardup.signatures(normalise_many(todo["text"].tolist()))
            ids = todo["id"].to_numpy(dtype=np.int64)
            batch._insert_signatures(ids[ok], sig[ok], neardup.band_keys(sig[ok]))
            indexed += int(ok.sum())
            after = int(ids[-1])
