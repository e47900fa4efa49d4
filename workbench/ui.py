"""Streamlit glue shared by every page: the store, the sidebar context, cached queries.

The only module besides ``workbench/ui_*.py`` that imports streamlit. Pages call these
helpers and the plain functions of the other ``workbench`` modules; they hold no SQL.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Callable
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from . import access, config, db
from .access import Actor
from .plaintext import inert

TZ = ZoneInfo(config.TIMEZONE)


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path)


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on this process's connection to the configured database."""
    return _connection(str(config.db_path())).cursor()


def masked(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as a page may show it: personal data masked in its post-derived columns
    (``pii.SHOWN_FIELDS``). ``query`` does this itself; pages call it on frames that domain
    functions return."""
    from .exports import masked_frame
    from .pii import SHOWN_FIELDS

    return masked_frame(df, SHOWN_FIELDS)


# Keyed by the store version (db.store_version): a write makes the next rerun read afresh. The TTL
# only bounds how long a result of a write that bypassed the version (none known) could live.
@st.cache_data(ttl=3600, max_entries=2000, show_spinner=False)
def _cached(path: str, version: int, name: str, params: tuple[tuple[str, Any], ...], mask: bool) -> pd.DataFrame:
    df = db.query(name, _connection(path), **dict(params))
    return masked(df) if mask else df


def query(name: str, /, *, mask: bool = True, **params: Any) -> pd.DataFrame:
    """The named query's result, cached until the store is next written (``db.store_version``);
    personal data masked in every post-derived column (title, author, url, text, incident titles,
    alert messages …). ``mask=False`` only for the team's own settings that a form edits (a
    source's address)."""
    return _cached(str(config.db_path()), db.store_version(), name, tuple(sorted(params.items())), mask)


@st.cache_resource(max_entries=256, show_spinner=False)
def _derived(path: str, version: int, tick: int | None, key: tuple, _compute: Callable[[], Any]) -> Any:
    return _compute()


def per_version(key: tuple, compute: Callable[[], Any], *, per_minute: bool = False, every: int | None = None) -> Any:
    """``compute()`` once per store version for ``key`` (and once a minute, or ``every`` seconds, when
    it reads the clock, e.g. time left on a deadline), shared by every session: heavy views of the
    store that a rerun which changed nothing should not rebuild (the incident picker, clocks of every
    open incident, a word cloud). ``key`` names the computation and every input that is not in the
    store; the result is shared, so treat it as read-only."""
    seconds = every or (60 if per_minute else None)
    tick = int(datetime.now(TZ).timestamp() // seconds) if seconds else None
    return _derived(str(config.db_path()), db.store_version(), tick, key, compute)


PICKER_ORDER_SECONDS = 300


FLASH_KEY = "_flash"


def written(message: str | None = None, *, rerun: bool = False) -> None:
    """Call after every write: moves the store version, so every cached result and view is read
    afresh and every page shows the new state (other sessions' results for the new version stay).

    ``rerun`` redraws the page at once; ``message`` then waits for ``show_flash`` on the redrawn page.
    """
    db.changed()
    if message:
        st.toast(inert(message), icon=":material/check_circle:")
    if rerun:
        if message:
            st.session_state[FLASH_KEY] = message
        st.rerun()


def show_flash() -> None:
    """The message of the last write that redrew the page, shown once (pages call it at the top)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(inert(message), icon=":material/check_circle:")


def perform(action: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Run one domain write ``action(*args, **kwargs)`` and return its result: under the process's
    writer lock (it waits for a running monitor step rather than conflicting with it) and retried
    on DuckDB's concurrency conflict (``db.retry_on_conflict``), so no user sees a raw conflict."""
    from .monitor.scheduler import writer_lock

    with writer_lock(config.db_path()):
        return db.retry_on_conflict(action, *args, **kwargs)


def write(action: Callable[..., Any], message: str, *args: Any, rerun: bool = False, **kwargs: Any) -> bool:
    """Run one domain write ``action(*args, **kwargs)`` (see ``perform``): bad input or a write the
    account's role does not allow (ValueError) shows its Chinese message and keeps the form;
    success goes through ``written`` (``rerun`` redraws the page)."""
    try:
        perform(action, *args, **kwargs)
    except ValueError as e:
        show_error(str(e))
        return False
    written(message, rerun=rerun)
    return True


def ensure_store() -> None:
    """Create and migrate the database; on the very first start, load the demo data."""
    if st.session_state.get("_store_ready"):
        return
    cur = cursor()
    empty = cur.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    fresh = cur.execute("SELECT count(*) FROM ingest_batches").fetchone()[0] == 0
    if empty and fresh and config.db_path() == config.DEFAULT_DB:
        from .demo import load_demo

        with st.spinner("首次启动：正在生成演示数据……"):
            load_demo(_connection(str(config.db_path())))
        written()
    elif not empty:
        from .accounts import count, ensure_demo_accounts

        if count(cur) == 0 and db.query("demo_batch_count", cur)["batches"].iloc[0]:
            ensure_demo_accounts(cur)  # a demo store loaded before accounts existed gets its demo accounts
    st.session_state["_store_ready"] = True


# Streamlit 1.67 has no locale setting: its file uploader says «Upload» and «200MB per file • CSV…».
# This static style (no user text in it) swaps those words for Chinese ones.
CHINESE_CHROME = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "把文件拖到这里，或点「选择文件」；单个文件不超过 200 MB"; font-size: 0.875rem; }
</style>"""


def chinese_chrome() -> None:
    """Put Streamlit's own English words (where no parameter changes them) into Chinese."""
    st.html(CHINESE_CHROME)


@dataclass(frozen=True)
class Context:
    """What the sidebar sets for every page: the signed-in account and the time range."""

    user: Actor  # the signed-in account: every write's actor, never a text field
    start: datetime
    end: datetime

    @property
    def params(self) -> dict[str, Any]:
        """The shared filter parameters every query may bind."""
        return {"start": self.start, "end": self.end}

    def can(self, permission: str) -> bool:
        """Whether the signed-in account may do ``permission`` (see ``workbench.access``)."""
        return access.allows(self.user, permission)


def _latest_post_day() -> date:
    df = query("post_time_span")
    latest = df["latest"].iloc[0] if len(df) else None
    if latest is None or pd.isna(latest):
        return datetime.now(TZ).date()
    return pd.Timestamp(latest).tz_convert(TZ).date()


def _sane_day(day: date) -> date:
    """A picked day kept where date arithmetic cannot overflow (a stale deep link, a bad preset)."""
    return min(max(day, date(2000, 1, 1)), date(2100, 12, 31))


def sidebar(actor: Actor) -> Context:
    """Draw the shared sidebar (database, signed-in account, time range) and remember its context."""
    latest = _latest_post_day()
    default_range = (latest - timedelta(days=29), latest)
    # Defaults go through session state, so tests and deep links may preset them without warnings.
    st.session_state.setdefault("time_range", default_range)
    with st.sidebar:
        st.caption(f"数据库：`{config.db_path()}`")
        from .ui_lake import lake_setting

        lake_setting(actor)
        account_box(actor)
        picked = st.date_input("时间范围", key="time_range", help="默认：最新数据之前的 30 天")
    start_day, end_day = picked if isinstance(picked, (tuple, list)) and len(picked) == 2 else default_range
    start_day, end_day = _sane_day(start_day), _sane_day(end_day)
    ctx = Context(
        user=actor,
        start=datetime.combine(start_day, time.min, TZ),
        end=datetime.combine(end_day + timedelta(days=1), time.min, TZ),
    )
    st.session_state["ctx"] = ctx
    return ctx


def account_box(actor: Actor) -> None:
    """The signed-in account and its role, with the way out (in the sidebar)."""
    from .ui_auth import sign_out

    st.text(f"当前账号：{actor}（{actor.role_name}）")
    if not access.allows(actor, "process"):
        st.caption("只读账号：可查看各页、下载简报，页面上的写操作会被拒绝。")
    st.button("退出登录", key="sign_out", on_click=sign_out, icon=":material/logout:")


def context() -> Context:
    """The sidebar context of this run (pages call this first)."""
    ctx = st.session_state.get("ctx")
    if ctx is None:
        st.stop()  # only the router's run (after sign-in) sets the context
    return ctx


FOCUS_KEY = "focus_incident"
NO_INCIDENTS = "暂无事件。事件由监测周期（采集监测 › 立即采集，或 `workbench monitor`）发现并立案后，会出现在这里。"


BAD_LINK_KEY = "_incident_bad_link"  # an unknown ?incident= value, reported once


def _linked_incident(ids) -> int | None:
    """The incident the address asks for (``?incident=ID``), or None; an unknown ID says so once,
    in Chinese, and is ignored."""
    raw = st.query_params.get("incident")
    if raw is None:
        return None
    try:
        wanted = int(raw)
    except ValueError:
        wanted = None
    if wanted in ids:  # ids: a dict or set of the incidents on offer
        return wanted
    if st.session_state.get(BAD_LINK_KEY) != raw:
        st.session_state[BAD_LINK_KEY] = raw
        show_error(f"链接中的事件「{raw}」不存在、已被合并或不在当前筛选范围内，已改为显示列表中的事件。")
    return None


PICKER_LIMIT = 100  # options a long incident list sends to the browser (11k options cost it seconds)


def narrowed(key: str, labels: dict[int, str], keep: tuple[Any, ...] = (), *, where: Any = None) -> list[int]:
    """The ids of ``labels`` (in its order) that an incident list offers: all of them when they are at
    most ``PICKER_LIMIT``; else a search box (key ``{key}_find``: an incident number or words of its
    name, drawn in ``where``, default here) and the first ``PICKER_LIMIT`` matches, an exact number
    first. ``keep`` (the current choice) stays offered, last, so a widget never loses its value."""
    ids = list(labels)
    if len(ids) <= PICKER_LIMIT:
        return ids
    box = where or st
    q = box.text_input("查找事件", key=f"{key}_find", placeholder="编号或名称中的词",
                       help=f"共 {len(ids):,} 个事件，列表只列出排在最前的 {PICKER_LIMIT} 个；"
                            "输入编号或名称中的词查找其余事件").strip().lstrip("#").strip()
    if q:
        exact = [int(q)] if q.isdigit() and int(q) in labels else []
        needle = q.lower()
        matched = exact + [i for i in ids if needle in labels[i].lower() and i not in exact][:PICKER_LIMIT]
        if not matched:
            box.caption(inert(f"没有编号或名称含「{q}」的事件。"))
    else:
        matched = ids[:PICKER_LIMIT]
    return [*matched, *(k for k in keep if k in labels and k not in matched)]


def pick_incident(key: str, options: pd.DataFrame | None = None, *, label: str = "事件",
                  empty: str = NO_INCIDENTS):
    """The one incident picker of every incident page; returns the chosen ``Incident`` view or None.

    Every incident is named one way, '#12 Ⅱ级 标题（处置中）', and listed in one order
    (``record.urgency_order``: open incidents whose clocks run first, gravest and most urgent on top).
    The page may pass its own ``options`` rows (e.g. filtered). A long list offers its first
    ``PICKER_LIMIT`` and a search box (``narrowed``); a new search opens its first match. The choice
    follows the user from page to page, and the address carries it (``?incident=ID``), so a link
    opens that incident.
    """
    from .incidents import clocks, record

    rows = query("incident_options") if options is None else options
    if rows.empty:
        st.info(empty, icon=":material/info:")
        return None

    id_column = "id" if "id" in rows else "incident_id"
    names = incident_labels(rows)
    current, shown, focus = (st.session_state.get(k) for k in (key, f"_shown_{key}", FOCUS_KEY))
    if current not in names or current == shown:  # not a choice the user has just made in this picker
        linked = _linked_incident(names)
        st.session_state[key] = next(i for i in (linked, focus, current, next(iter(names))) if i in names)
    pick_col, find_col = st.columns([3, 1]) if len(names) > PICKER_LIMIT else (st, None)
    offered = narrowed(key, names, (st.session_state[key],), where=find_col)
    searched = st.session_state.get(f"{key}_find") or ""
    if searched != st.session_state.get(f"_searched_{key}", ""):  # a new search opens its first match
        st.session_state[f"_searched_{key}"] = searched
        if searched.strip():  # (clearing the box keeps the incident that is open)
            st.session_state[key] = offered[0]
    chosen = pick_col.selectbox(label, offered, format_func=names.get, key=key)
    st.session_state[FOCUS_KEY] = st.session_state[f"_shown_{key}"] = chosen
    st.query_params["incident"] = str(chosen)
    return record.from_row(rows[rows[id_column] == chosen].iloc[0].to_dict(), clocks.load_config(cursor()))


def incident_labels(rows: pd.DataFrame) -> dict[int, str]:
    """Every incident of ``rows`` (incidents' own columns: ``id`` or ``incident_id``, level, title,
    status and the clock columns) named the one way, '#12 Ⅱ级 标题（处置中）', in the order every
    picker lists them (``record.urgency_order``). Built once per store version for a set of incidents,
    whatever the order of ``rows``: pages whose queries list the same incidents share it."""
    from .incidents import clocks, record

    id_column = "id" if "id" in rows else "incident_id"
    ids = rows[id_column].to_numpy(dtype="int64")
    # The key names the set of incidents by a digest: a tuple of thousands of ids costs Streamlit's
    # cache ≈0.1 s to hash on every run, and pages differ only in the order they list them.
    digest = hashlib.blake2b(np.sort(ids).tobytes(), digest_size=16).hexdigest()

    def ordered() -> dict[int, str]:
        named = {int(i): record.label(i, lv, t, s) for i, lv, t, s in zip(
            ids.tolist(), rows["level"].tolist(), rows["title"].tolist(), rows["status"].tolist())}
        return {i: named[i] for i in record.urgency_order(rows, clocks.load_config(cursor()))}

    # The order follows the clocks, but time left moves alike for every incident: it changes only when
    # a clock runs out or stops (a write), so a few minutes' refresh keeps it right at a fraction of the work.
    return per_version(("incident_labels", len(ids), digest), ordered, every=PICKER_ORDER_SECONDS)


def incident_filter(key: str, label: str, everything: str, *, with_status: bool = False, help: str | None = None) -> int:
    """A filter box over every incident ('#12 标题'), first choice ``everything`` (returned as 0);
    a long list is searchable (``narrowed``)."""
    names = incident_names(with_status=with_status)
    left, right = st.columns([3, 1]) if len(names) > PICKER_LIMIT else (st, None)
    offered = narrowed(key, names, (st.session_state.get(key),), where=right)
    return left.selectbox(label, [0, *offered], key=key, help=help,
                          format_func=lambda i: everything if i == 0 else names[i])


def incident_names(*, with_status: bool = False) -> dict[int, str]:
    """Every incident's short name for a filter box, '#12 标题' (``with_status``: '#12 标题（处置中）'),
    built once per store version (a dict of every incident is costly to rebuild on each rerun)."""
    def build() -> dict[int, str]:
        rows = query("incident_options")[["id", "title", "status"]]
        return {int(i): f"#{int(i)} {t}" + (f"（{s}）" if with_status else "") for i, t, s in rows.itertuples(index=False)}

    return per_version(("incident_names", with_status), build)


def csv_download(df: pd.DataFrame, file_name: str, key: str, label: str = "下载 CSV（已脱敏）") -> None:
    """The table's CSV export, the project's way: personal data masked, no cell a spreadsheet runs
    as a formula, UTF-8 with BOM for Excel. (``workbench serve`` turns off st.dataframe's own
    toolbar download, which would send the table as it is.)"""
    from .exports import safe_csv_frame

    st.download_button(label, safe_csv_frame(df).to_csv(index=False).encode("utf-8-sig"), file_name=file_name,
                       mime="text/csv", key=key)


class Progress:
    """A long job's progress on the page: an ``st.status`` box whose label names the current step,
    with a bar. Use as ``with ui.Progress("正在采集……") as step: job(progress=step)``; the job
    calls ``step(text, share)`` (share 0..1) as it goes."""

    def __init__(self, label: str):
        self.label = label

    def __enter__(self) -> "Progress":
        self.box = st.status(self.label, expanded=True)
        self.box.__enter__()
        self.bar = st.progress(0.0, text=self.label)
        return self

    def __call__(self, text: str, share: float) -> None:
        self.bar.progress(min(max(share, 0.0), 1.0), text=text)
        self.box.update(label=f"{self.label}（{text}）")

    def __exit__(self, kind, error, tb) -> bool:
        if error is None:
            self.bar.progress(1.0, text="完成")
        self.box.update(label=f"{self.label.rstrip('…')}{'：完成' if error is None else '：未完成'}",
                        state="complete" if error is None else "error", expanded=False)
        self.box.__exit__(kind, error, tb)
        return False


def show_error(message: str) -> None:
    """A clear message in Chinese; never a traceback for bad input."""
    st.error(inert(message), icon=":material/error:")
