"""The sidebar's 数据库 part: which Parquet lake the pages read beside the DuckDB file."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import config, ui
from .lake import attach, store


def lake_setting() -> None:
    """Show the attached lake and let the user attach another or detach it (audited writes)."""
    con = ui._connection(str(config.db_path()))
    lake = attach.attached(con)
    with st.expander("数据湖（Parquet）：" + ("已挂载" if lake else "未挂载"), expanded=False):
        if lake:
            exports = store.manifest(Path(lake))["exports"] if store.is_lake(Path(lake)) else []
            st.caption(f"页面读取库内帖子与 `{lake}` 中的帖子（{len(exports)} 次导出）")
            if st.button("卸下数据湖", key="lake_detach"):
                ui.write(attach.detach, "已卸下数据湖", con, _actor(), rerun=True)
        path = st.text_input("数据湖目录", key="lake_dir", placeholder="/data/lake（workbench lake export 写出）")
        if st.button("挂载", key="lake_attach"):
            ui.write(attach.attach, "已挂载数据湖：页面一并显示湖中帖子", con, path, _actor(), rerun=True)


def _actor() -> str:
    return (st.session_state.get("user") or ui.DEFAULT_USER).strip()
