"""The sidebar's 数据库 part: which Parquet lake the pages read beside the DuckDB file."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import access, db, ui
from .lake import attach, store


def lake_setting(actor: str) -> None:
    """Show the attached lake and let an administrator attach another or detach it (audited writes)."""
    con = db.connect()  # the process's connection itself (a cursor would not carry the lake views' read path)
    lake = attach.attached(con)
    may_change = access.allows(actor, "configure")
    with st.expander("数据湖（Parquet）：" + ("已挂载" if lake else "未挂载"), expanded=False):
        if lake:
            try:
                exports = len(store.manifest(Path(lake))["exports"])
            except ValueError as e:  # a damaged manifest: say so, keep the page
                ui.show_error(str(e))
                exports = 0
            st.caption(f"页面读取库内帖子与 `{lake}` 中的帖子（{exports} 次导出）")
            if may_change and st.button("卸下数据湖", key="lake_detach"):
                ui.write(attach.detach, "已卸下数据湖", con, actor, rerun=True)
        if not may_change:
            st.caption("挂载或卸下数据湖需要管理员账号。")
            return
        path = st.text_input("数据湖目录", key="lake_dir", placeholder="/data/lake（workbench lake export 写出）")
        if st.button("挂载", key="lake_attach"):
            ui.write(attach.attach, "已挂载数据湖：页面一并显示湖中帖子", con, path, actor, rerun=True)

