"""Streamlit pieces shared by the 应对策划 / 跟踪反馈 / 复盘总结 pages."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
import streamlit as st

from . import ui, vocab
from .response import clock

FOCUS_KEY = "response_focus_incident"


def local_times(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every time-zone-aware column shown in Beijing time."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_convert(clock.TZ).dt.strftime("%Y-%m-%d %H:%M")
    return out


def _label(row: pd.Series) -> str:
    level = vocab.LEVEL_NAMES.get(row["level"], "未定级") if isinstance(row["level"], str) else "未定级"
    return f"#{int(row['id'])} [{row['status']}] {level} · {row['title']}"


def pick_incident(key: str) -> dict | None:
    """The incident selector (open incidents first); None with a friendly note when there is none."""
    options = ui.query("plan_incident_options")
    if options.empty:
        st.info("暂无事件。事件由「采集监测 / 影响评估」发现并立案后，会出现在这里。", icon="ℹ️")
        return None
    ids = [int(i) for i in options["id"]]
    focus = st.session_state.get(FOCUS_KEY)
    index = ids.index(focus) if focus in ids else 0
    labels = {int(r["id"]): _label(r) for _, r in options.iterrows()}
    chosen = st.selectbox("事件（处置中的在前）", ids, index=index, format_func=labels.get, key=key)
    st.session_state[FOCUS_KEY] = chosen
    return options[options["id"] == chosen].iloc[0].to_dict()


def response_clock(incident: dict) -> None:
    """The incident's first-response clock as a metric: countdown, overdue, or when it was met."""
    due = clock.response_due(incident["opened_at"], incident["level"])
    if incident.get("first_response_at") is not None and not pd.isna(incident["first_response_at"]):
        met = due is None or clock.as_time(incident["first_response_at"]) <= due
        st.metric("首次公开回应", clock.fmt(incident["first_response_at"]),
                  "按时" if met else "超时", delta_color="normal" if met else "inverse")
    elif due is None:
        st.metric("首次回应时限", "未定级", help="定级后按等级计算时限")
    else:
        text = clock.countdown(due, None)
        limit = vocab.RESPONSE_CLOCK[incident["level"]]
        st.metric("首次回应时限", text, f"时限 {limit.total_seconds() / 3600:g} 小时（{clock.fmt(due)}）",
                  delta_color="inverse" if text.startswith("已超时") else "off")


def due_picker(label: str, key: str, default: datetime | None = None) -> datetime:
    """A date + time input returning an aware Beijing time (default: 24 h from now)."""
    default = clock.as_time(default) or (clock.now_or() + timedelta(hours=24))
    default = default.astimezone(clock.TZ)
    c1, c2 = st.columns(2)
    day = c1.date_input(f"{label}（日期）", value=default.date(), key=f"{key}_date")
    at = c2.time_input(f"{label}（时间）", value=time(default.hour, default.minute), key=f"{key}_time")
    return datetime.combine(day, at, clock.TZ)




def run_write(fn, success: str, *args, **kwargs) -> None:
    """Run a write and redraw the page with ``success`` at the top (see ``ui.write``)."""
    ui.write(fn, success, *args, rerun=True, **kwargs)


def table(rows: pd.DataFrame | list[dict], columns: dict, empty: str | None = None) -> None:
    """Show ``columns`` of ``rows`` ({name: Chinese label or column config}) in Beijing time,
    or the friendly ``empty`` note when there are no rows."""
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    if df.empty:
        if empty:
            st.info(empty)
        return
    st.dataframe(local_times(df[list(columns)]), hide_index=True, column_config=columns)


def status_form(key: str, label: str, rows: pd.DataFrame, statuses, write, actor: str) -> None:
    """Pick one row (by id, shown by title) and a new status; ``write(con, id, status, actor)``."""
    with st.form(key):
        picked = st.selectbox(label, [int(i) for i in rows["id"]], key=f"{key}_pick",
                              format_func=dict(zip(rows["id"].astype(int), rows["title"])).get)
        status = st.selectbox("新状态", statuses, key=f"{key}_status")
        if st.form_submit_button(f"更新{label}状态"):
            run_write(write, f"{label}状态已更新", ui.cursor(), picked, status, actor)
