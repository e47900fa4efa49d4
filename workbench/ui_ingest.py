"""The upload panel of page 采集监测: file → proposed mapping (correctable) → preview → import.

Streamlit only draws here; reading, mapping, profiles and the pipeline live in
``workbench.ingest`` and are the same functions the CLI and notebooks use.
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from . import ui
from .exports import safe_csv_frame
from .ingest.errors import UnreadableFile
from .ingest.mapping import CANONICAL, FIELD_LABELS, validate_mapping
from .ingest.followup import process_new_posts
from .ingest.pipeline import IngestResult, ingest_file, preview_records
from .ingest.profiles import list_profiles, save_profile, suggest_mapping
from .ingest.reading import TableFile, open_table
from .vocab import PLATFORMS

_FORMATS = ["csv", "tsv", "txt", "xlsx", "json", "jsonl"]
_NONE = "（不导入）"
_AUTO = "（按文件中的平台列或自动识别）"


def _open(uploaded: Any) -> TableFile | None:
    try:
        return open_table(uploaded.getvalue(), uploaded.name)
    except UnreadableFile as e:
        ui.show_error(str(e))
        return None


def _mapping_editor(table: TableFile, key: str) -> tuple[dict[str, str], str | None, str | None]:
    """Selectboxes for each canonical field, pre-set from a saved profile or the recognised headers."""
    proposed, platform, profile = suggest_mapping(ui.cursor(), table.columns)
    if profile:
        st.info(f"已自动套用映射方案「{profile}」（表头与该方案一致）。", icon="🧭")
    else:
        st.caption("已按常见表头自动识别列；如有错误请在下面更正。")
    options = [_NONE, *table.columns]
    chosen: dict[str, str] = {}
    cols = st.columns(3)
    for i, field in enumerate(CANONICAL):
        current = proposed.get(field)
        with cols[i % 3]:
            pick = st.selectbox(
                FIELD_LABELS[field] + ("（必填）" if field == "text" else ""),
                options,
                index=options.index(current) if current in options else 0,
                key=f"{key}:map:{field}",
            )
        if pick != _NONE:
            chosen[field] = pick
    platform_options = [_AUTO, *PLATFORMS]
    picked = st.selectbox(
        "默认平台（文件中没有平台列时使用）",
        platform_options,
        index=platform_options.index(platform) if platform in platform_options else 0,
        key=f"{key}:platform",
    )
    return chosen, (None if picked == _AUTO else picked), profile


def _save_profile_form(table: TableFile, mapping: dict[str, str], platform: str | None, profile: str | None, user: str) -> None:
    with st.form("ingest_save_profile", clear_on_submit=False, border=False):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        name = c1.text_input("保存为映射方案（下次同样表头的文件自动套用）", value=profile or "",
                             placeholder="如：微博爬虫导出")
        if c2.form_submit_button("保存映射方案"):
            try:
                save_profile(ui.cursor(), name, table.columns, mapping, platform=platform, actor=user)
            except ValueError as e:
                ui.show_error(str(e))
            else:
                ui.written(f"映射方案「{name.strip()}」已保存")


def show_outcome(result: IngestResult, file: str) -> None:
    """The outcome report of one file: counts, warnings, rejected rows with reasons, what went in."""
    st.subheader(f"导入结果：{file}")
    c = st.columns(5)
    c[0].metric("读取行数", result.rows_read)
    c[1].metric("新增", result.inserted)
    c[2].metric("重复（未入库）", result.duplicates, help="同平台同帖子ID，或同平台同作者且正文归一化后相同")
    c[3].metric("拒收", result.rejected, help="正文为空、发布时间无法解析、行格式错误等，原因见下表")
    c[4].metric("近似重复（已入库并标注）", result.near_duplicates,
                help="与已有帖子高度相似（如加前缀转发、少量改写），记录在 near_dup_of，不删除")
    for warning in result.warnings:
        st.warning(warning, icon="⚠️")
    if result.errors:
        errors = pd.DataFrame(result.errors).rename(columns={"row": "行号", "reason": "原因"})
        errors["行号"] = errors["行号"].astype(str)
        st.markdown("**被拒收的行**（行号为表头之后的第几条记录）")
        st.dataframe(errors, hide_index=True, width="stretch")
        st.download_button("下载拒收明细 CSV", safe_csv_frame(errors).to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"拒收明细_{file}.csv", mime="text/csv")
    if result.batch_id and result.inserted:
        st.markdown("**新入库的帖子**（前 50 条，已脱敏）")
        st.dataframe(ui.query("ingest_batch_posts", batch_id=result.batch_id, limit=50), hide_index=True, width="stretch")


def upload_panel(ctx: ui.Context) -> None:
    """The 上传文件 tab: upload, check the mapping, preview, import with progress, see the outcome."""
    uploaded = st.file_uploader(
        "上传导出文件（CSV / TSV / XLSX / JSON / JSONL；编码 UTF-8、UTF-8 BOM、GBK 自动识别）",
        type=_FORMATS, key="ingest_upload",
    )
    last = st.session_state.get("ingest_last_result")
    if uploaded is None:
        if last:
            show_outcome(*last)
        return
    table = _open(uploaded)
    if table is None:
        return
    st.caption(f"格式 {table.format.upper()}" + (f" · 编码 {table.encoding}" if table.encoding else "")
               + (f" · 分隔符 {table.delimiter!r}" if table.delimiter else "") + f" · {len(table.columns)} 列")
    key = f"{uploaded.name}:{uploaded.size}"
    with st.expander("列映射", expanded=True):
        mapping, platform, profile = _mapping_editor(table, key)
        try:
            validate_mapping(mapping, table.columns)
        except ValueError as e:
            ui.show_error(str(e))
            return
        _save_profile_form(table, mapping, platform, profile, ctx.user)
    st.markdown("**预览**（按当前映射，前 20 行，已脱敏）")
    preview = preview_records(table, mapping).rename(columns=FIELD_LABELS)
    st.dataframe(preview, hide_index=True, width="stretch")
    with st.expander("已保存的映射方案"):
        saved = list_profiles(ui.cursor())
        st.dataframe(pd.DataFrame([{"名称": p["name"], "平台": p["platform"] or "", "映射列数": len(p["mapping"]),
                                    "保存人": p["created_by"] or ""} for p in saved]) if saved else pd.DataFrame(),
                     hide_index=True)

    if st.button("开始导入", type="primary", key="ingest_start"):
        bar = st.progress(0.0, text="正在导入……")

        def progress(done: int, total: int) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"已处理 {done:,} 行")

        try:
            result = ingest_file(ui.cursor(), uploaded.getvalue(), name=uploaded.name, mapping=mapping,
                                 platform=platform, actor=ctx.user, progress=progress)
        except UnreadableFile as e:
            bar.empty()
            ui.show_error(str(e))
            return
        bar.progress(0.0, text="正在分析新帖……")
        process_new_posts(ui.cursor(), result.inserted_ids,
                          progress=lambda done, total: bar.progress(min(done / max(total, 1), 1.0),
                                                                    text=f"已分析 {done:,} / {total:,} 条"))
        bar.progress(1.0, text="导入完成")
        st.session_state["ingest_last_result"] = (result, uploaded.name)
        ui.written(f"{uploaded.name}：新增 {result.inserted} 条")
        show_outcome(result, uploaded.name)
    elif last and last[1] == uploaded.name:
        show_outcome(*last)
