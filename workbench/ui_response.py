"""Streamlit pieces shared by the 应对策划 / 跟踪反馈 / 复盘总结 pages."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
import streamlit as st

from . import ui
from .response import clock


def local_times(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every time-zone-aware column shown in Beijing time."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_convert(clock.TZ).dt.strftime("%Y-%m-%d %H:%M")
    return out


def response_clock(incident) -> None:
    """The incident's first-response clock (an ``Incident`` view, configured lengths) as a metric:
    countdown, overdue, or when it was met."""
    c = incident.clocks()["response"]
    hours = f"{c['length'].total_seconds() / 3600:g} 小时"
    if c["done_at"] is not None:
        st.metric("首次公开回应", clock.fmt(c["done_at"]), "按时" if not c["late"] else "超时",
                  delta_color="normal" if not c["late"] else "inverse")
    elif c["state"] == "已停止":
        st.metric("首次回应时限", "已停止", help="事件已关闭，时限不再计算")
    else:
        text = clock.countdown(c["due_at"], None)
        st.metric("首次回应时限", text, f"时限 {hours}（{clock.fmt(c['due_at'])}）",
                  delta_color="inverse" if c["overdue"] else "off",
                  help="自立案（发现）或人工定级起算；时限按级别在事件设置中配置")


def keyed(incident_id: int):
    """Widget keys of one incident's forms, e.g. ``k("plan_title")`` → 'plan_title_12'.

    Every form on an incident page keys its widgets by the incident: a text typed for one incident
    never shows (or gets saved) under another, and Streamlit drops the state of widgets a run does
    not draw, so switching incidents clears what was left unsaved.
    """
    suffix = int(incident_id)
    return lambda name: f"{name}_{suffix}"


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
    st.dataframe(local_times(df[list(columns)]), hide_index=True, column_config=columns, placeholder="—")


def status_form(key: str, label: str, rows: pd.DataFrame, statuses, write, actor: str) -> None:
    """Pick one row (by id, shown by title) and a new status; ``write(con, id, status, actor)``."""
    with st.form(key):
        picked = st.selectbox(label, [int(i) for i in rows["id"]], key=f"{key}_pick",
                              format_func=dict(zip(rows["id"].astype(int), rows["title"])).get)
        status = st.selectbox("新状态", statuses, key=f"{key}_status")
        if st.form_submit_button(f"更新{label}状态"):
            run_write(write, f"{label}状态已更新", ui.cursor(), picked, status, actor)


def owner_due_form(key: str, label: str, rows: pd.DataFrame, write, actor: str) -> None:
    """Pick one row (by id, shown by title) and change its owner and deadline;
    ``write(con, id, owner, due, actor)`` (audited by the domain function)."""
    names = dict(zip(rows["id"].astype(int), rows["title"]))
    st.markdown(f"**修改{label}负责人与时限**")
    # the pick is outside the form so the fields below show the picked row's current values
    picked = st.selectbox(label, list(names), key=f"{key}_pick", format_func=names.get)
    row = rows[rows["id"].astype(int) == picked].iloc[0]
    with st.form(key):
        owner = st.text_input("负责人", value=str(row["owner"] or ""), key=f"{key}_owner_{picked}")
        due = due_picker("时限", f"{key}_due_{picked}", row["due_at"])
        if st.form_submit_button(f"保存{label}负责人与时限"):
            run_write(write, f"{label}负责人与时限已更新", ui.cursor(), picked, owner, due, actor)
