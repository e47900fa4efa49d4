"""Values as people write them in exports: times, counts, IDs → typed columns (vectorised).

Every function takes a pandas Series of text (``""`` for missing) and returns a typed Series
plus, where a value can be wrong, a boolean mask of cells that were given but unparsable.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import config

# "2024年5月1日 12时30分" → "2024-5-1 12:30"; "2024/5/1" and "2024.5.1" → "2024-5-1".
_DATE_SEP = re.compile(r"(?<=\d)\s*[年/.]\s*(?=\d)|(?<=\d)\s*月\s*(?=\d)")
_DAY_MARK = re.compile(r"(?<=\d)\s*日\s*")
_HOUR_MARK = re.compile(r"(?<=\d)\s*[时點点]\s*(?=\d)")
_MINUTE_MARK = re.compile(r"(?<=\d)\s*分\s*(?=\d)")
_TRAILING_MARK = re.compile(r"\s*[时点分秒]\s*$")
_ZONED = r"(?:[zZ]|[+-]\d{2}:?\d{2}|UTC|GMT)$"
# Weibo's API time, as weibo-crawler's comments keep it: "Wed May 01 12:00:00 +0800 2024".
_WEIBO_API = r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}$"
_UNIX = r"^\d{9,13}(?:\.\d+)?$"
_EXCEL_SERIAL = r"^[2-7]\d{4}(?:\.\d+)?$"  # 1954..2173 as spreadsheet day numbers


def _arrow(s: pd.Series) -> pa.Array:
    """The Arrow array behind a text Series, in one chunk (frames read by Arrow come chunked)."""
    arr = pa.array(s)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _localise(naive: pd.Series) -> pd.Series:
    return naive.dt.tz_localize(config.TIMEZONE, ambiguous="NaT", nonexistent="NaT")


def parse_times(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse publication times; naive values are Asia/Shanghai, zoned ones keep their zone.

    Accepts ``2024-05-01 12:00``, ``2024/5/1``, ``2024年5月1日 12:00``, ISO 8601 with a zone,
    Unix seconds (10 digits) or milliseconds (13 digits), spreadsheet day numbers. Returns ``(times, bad)`` where
    ``times`` is tz-aware (Asia/Shanghai) and ``bad`` marks non-empty cells that did not parse.
    """
    s = raw.astype("str").str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype=f"datetime64[us, {config.TIMEZONE}]")
    empty = s.eq("") | s.str.lower().isin(["nan", "none", "null", "nat"])
    todo = ~empty

    # Fast path (Arrow, C++): the plain formats that most exports use.
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        if not todo.any():
            break
        part = _arrow(s[todo])
        got = pc.strptime(part, format=fmt, unit="us", error_is_null=True)
        hit = np.asarray(pc.is_valid(got), dtype=bool)
        if hit.any():
            naive = pd.Series(got.filter(pc.is_valid(got)).to_numpy(zero_copy_only=False), index=s.index[todo][hit])
            out[naive.index] = _localise(naive.astype("datetime64[us]"))
            todo &= out.isna()

    unix = todo & s.str.fullmatch(_UNIX) if todo.any() else todo  # the usual file: every time read above
    if unix.any():
        num = pd.to_numeric(s[unix], errors="coerce")
        millis = num.where(num >= 1e11, num * 1000.0).round()  # 13 digits are milliseconds
        stamps = pd.to_datetime(millis, unit="ms", utc=True, errors="coerce")
        out[unix] = stamps.dt.tz_convert(config.TIMEZONE).dt.as_unit("us")
        todo &= ~unix

    api = todo & s.str.fullmatch(_WEIBO_API) if todo.any() else todo
    if api.any():
        stamps = pd.to_datetime(s[api], format="%a %b %d %H:%M:%S %z %Y", errors="coerce", utc=True)
        ok = stamps.notna()
        out[stamps.index[ok]] = stamps[ok].dt.tz_convert(config.TIMEZONE).dt.as_unit("us")
        todo &= out.isna()

    serial = todo & s.str.fullmatch(_EXCEL_SERIAL) if todo.any() else todo
    if serial.any():  # a date cell that lost its date format: days since 1899-12-30
        days = pd.to_numeric(s[serial], errors="coerce")
        naive = pd.Timestamp("1899-12-30") + pd.to_timedelta((days * 86400).round(), unit="s")
        out[serial] = _localise(naive).dt.as_unit("us")
        todo &= ~serial

    for attempt in range(2):
        if not todo.any():
            break
        part = s[todo]
        if attempt == 1:  # slow path only for the rows the fast path could not read
            part = (
                part.str.replace(_DATE_SEP, "-", regex=True)
                .str.replace(_DAY_MARK, " ", regex=True)
                .str.replace(_HOUR_MARK, ":", regex=True)
                .str.replace(_MINUTE_MARK, ":", regex=True)
                .str.replace(_TRAILING_MARK, "", regex=True)
                .str.strip()
            )
        zoned = part.str.contains(_ZONED, regex=True)
        if (~zoned).any():
            naive = pd.to_datetime(part[~zoned], format="ISO8601", errors="coerce")
            ok = naive.notna()
            out[naive.index[ok]] = _localise(naive[ok]).dt.as_unit("us")
        if zoned.any():
            z = part[zoned].str.replace(r"\s*(UTC|GMT)$", "+00:00", regex=True)
            aware = pd.to_datetime(z, format="ISO8601", errors="coerce", utc=True)
            ok = aware.notna()
            out[aware.index[ok]] = aware[ok].dt.tz_convert(config.TIMEZONE).dt.as_unit("us")
        todo &= out.isna()
    return out, todo


_COUNT = r"^(?P<num>\d+(?:\.\d+)?)(?P<unit>万|w|亿|k|千)?\+?$"
_UNIT = {"万": 10_000, "w": 10_000, "亿": 100_000_000, "k": 1_000, "千": 1_000}


BIGINT_MAX = 2**63 - 1
EARLIEST_TIME = pd.Timestamp("2000-01-01", tz=config.TIMEZONE)
FUTURE_SLACK = pd.Timedelta(days=1)


def out_of_range_times(times: pd.Series, now: pd.Timestamp | None = None) -> pd.Series:
    """True where a parsed time cannot be a post's: before 2000-01-01 or more than a day ahead
    (a 9999-12-31 or 0001-01-01 placeholder would otherwise break every date range shown)."""
    now = pd.Timestamp.now(tz=config.TIMEZONE) if now is None else now
    return times.notna() & ((times < EARLIEST_TIME) | (times > now + FUTURE_SLACK))


def counts_beyond_bigint(raw: pd.Series) -> pd.Series:
    """True where a count cell holds a number too big for a BIGINT column (it would wrap)."""
    s = raw.astype("str")
    big = pd.Series(False, index=s.index)
    maybe = (s.str.len() >= 19).to_numpy(dtype=bool)  # fewer characters cannot hold 19 digits
    if not maybe.any():
        return big
    s = s[maybe].str.strip().str.replace(r"[,，\s]", "", regex=True)
    long_digits = s.str.fullmatch(r"\d{19,}(?:\.\d+)?(?:万|w|W|亿|k|K|千)?\+?").fillna(False).astype(bool)
    for i, cell in s[long_digits].items():
        m = re.fullmatch(_COUNT, cell.lower())
        big[i] = bool(m) and int(m["num"].split(".")[0]) * _UNIT.get(m["unit"], 1) > BIGINT_MAX
    return big


def parse_counts(raw: pd.Series, *, missing: int | None = 0) -> pd.Series:
    """Engagement counts: ``1.2万`` → 12000, ``10w+`` → 100000, ``1,234`` → 1234.

    Empty or non-numeric cells (Weibo shows the word 转发 / 赞 for zero) become ``missing``;
    a number beyond BIGINT becomes NA (``counts_beyond_bigint`` finds those to reject them).
    Returns a nullable Int64 Series.
    """
    s = raw.astype("str").str.strip()
    arr = _arrow(s)
    plain = np.asarray(pc.match_substring_regex(arr, r"^\d{1,18}$").fill_null(False), dtype=bool)
    out = pd.Series(pd.NA, index=s.index, dtype="Int64")
    if plain.any():  # fast path (Arrow): bare digits
        out[plain] = pc.cast(arr.filter(pa.array(plain)), pa.int64()).to_numpy()
    long = (s.str.len() == 19).to_numpy(dtype=bool).copy()  # checked on the few cells of that length only
    long[long] = s[long].str.fullmatch(r"\d{19}").to_numpy(dtype=bool)
    for i in np.flatnonzero(long):  # 19 digits: exact, up to BIGINT's last value
        n = int(s.iloc[i])
        out.iloc[i] = n if n <= BIGINT_MAX else pd.NA
    slow = ~plain & ~long & s.ne("").to_numpy()
    if slow.any():  # "1.2万", "10w+", "1,234", "3.5k" — still in Arrow
        t = pc.utf8_lower(pc.replace_substring_regex(arr.filter(pa.array(slow)), r"[,，\s]", ""))
        parts = pc.extract_regex(t, _COUNT)
        matched = pc.and_(pc.is_valid(parts), pc.not_equal(parts.field("num"), ""))
        digits = pc.if_else(matched, parts.field("num"), pa.scalar(None, pa.string()))
        num = pc.cast(digits, pa.float64()).to_numpy(zero_copy_only=False)
        unit = parts.field("unit").to_numpy(zero_copy_only=False)
        mult = np.array([_UNIT.get(u, 1) for u in unit], dtype=float) if len(unit) else np.ones(0)
        value = np.round(num * mult)
        value[value >= float(BIGINT_MAX)] = np.nan  # never wraps to a negative number
        out[slow] = pd.array(np.where(np.isnan(value), np.nan, value), dtype="Float64").astype("Int64")
    if missing is not None:
        out = out.fillna(missing)
    return out


_FLOAT_ID = r"^(\d+)\.0+$"


def clean_ids(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """IDs as text exactly as written (trimmed); ``None`` where empty.

    Returns ``(ids, lossy)``: ``lossy`` marks IDs that look like a spreadsheet already turned
    them into floats (``4.98e+15``), whose digits cannot be recovered.
    """
    s = raw.astype("str").str.strip()
    dotted = s.str.contains(".", regex=False)
    if dotted.any():  # rare: "12.0" from a float column
        s = s.where(~dotted, s.str.replace(_FLOAT_ID, r"\1", regex=True))
    lossy = dotted & s.str.contains(r"^\d(?:\.\d+)?[eE]\+\d+$", regex=True)
    s = s.where(s.ne("") & ~s.str.lower().isin(["nan", "none", "null"]), None)
    return s, lossy.fillna(False).astype(bool)


_REGION_PREFIX = r"^\s*(?:IP\s*属地\s*[:：]?|发布于|来自)\s*"


def clean_region(raw: pd.Series) -> pd.Series:
    """A region as shown with a post: ``IP属地：广东`` / ``发布于 广东`` → ``广东``; ``None`` where empty."""
    s = raw.astype("str")
    given = s.ne("").to_numpy(dtype=bool)
    if given.any():  # the prefix pattern runs in Python: only on cells that hold something
        s = s.copy()
        s[given] = s[given].str.replace(_REGION_PREFIX, "", regex=True)
    return text_or_none(s)


# Bidirectional controls (LRE..RLO, LRI..PDI, LRM/RLM): they can make 「张三」 display as something else.
_BIDI = "[\u202a-\u202e\u2066-\u2069\u200e\u200f]"


def strip_bidi(values: pd.Series) -> pd.Series:
    """Names and titles without bidirectional control characters (None stays None)."""
    return values.str.replace(_BIDI, "", regex=True) if len(values) else values


def text_or_none(raw: pd.Series) -> pd.Series:
    """Trimmed text, ``None`` where empty."""
    s = raw.astype("str").str.strip()
    return s.where(s.ne(""), None)


def empty_mask(raw: pd.Series) -> pd.Series:
    """True where a cell holds no visible text."""
    return raw.astype("str").str.strip().eq("").to_numpy(dtype=bool) if len(raw) else np.zeros(0, bool)
