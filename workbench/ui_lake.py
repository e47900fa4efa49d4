"""The sidebar's 数据库 part: which Parquet lake the pages read beside the DuckDB file.

A setting, not an action: a switch and a folder (no buttons, so read-only pages such as 态势总览
stay without any). Turning the switch on attaches the folder, off detaches it; both are audited.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import access, db, ui
from .lake import attach, store


def lake_setting(actor: str) -> None:
    """Show the attached lake; the switch and folder attach or detach one (administrators only:
    for other accounts both are shown disabled)."""
    con = db.connect()  # the process's connection itself (a cursor would not carry the lake views' read path)
    lake = attach.attached(con)
    may_change = access.allows(actor, "configure")
    st.session_state.setdefault("lake_dir", lake or "")
    with st.expander("数据湖（Parquet）：" + ("已挂载" if lake else "未挂载"), expanded=False):
        wanted = st.toggle("页面一并读取数据湖", value=lake is not None, disabled=not may_change,
                           help="开启后，各页面读取库内帖子与数据湖中的帖子（workbench lake export 写出，仅脱敏文本）"
                                + ("" if may_change else "；挂载或卸下需要管理员账号"))
        path = st.text_input("数据湖目录", key="lake_dir", placeholder="/data/lake", disabled=not may_change)
        if lake:
            st.caption(f"已挂载 `{lake}`（{_exports(lake)} 次导出）")
    if not may_change:
        return
    if wanted and (lake is None or Path(path.strip() or ".").resolve() != Path(lake)):
        ui.write(attach.attach, "已挂载数据湖：页面一并显示湖中帖子", con, path, actor, rerun=True)
    elif not wanted and lake:
        ui.write(attach.detach, "已卸下数据湖", con, actor, rerun=True)


def _exports(lake: str) -> int:
    try:
        return len(store.manifest(Path(lake))["exports"])
    except ValueError as e:  # a damaged manifest: say so, keep the page
        ui.show_error(str(e))
        return 0
