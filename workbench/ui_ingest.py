"""The upload panel of page 采集监测: files → the shape each table is recognised as and the mapping
it will use (a generic table's mapping correctable, saved as a profile) → the platform when the
file cannot tell → preview → import with progress → counts per file.

Streamlit only draws here; reading, recognition, plans and the pipeline live in
``workbench.ingest`` and are the same functions the CLI and notebooks use. Imports go through the
process's writer lock, so they wait for a scheduled cycle's writing step instead of racing it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from . import config, ui
from .access import Forbidden
from .exports import masked_frame, safe_csv_frame
from .ingest.errors import UnreadableFile
from .ingest.followup import process_new_posts
from .ingest.mapping import CANONICAL, FIELD_LABELS
from .ingest.pipeline import IngestResult, ingest_plans, preview_records
from .ingest.plan import Plan, kind_label, plan_table, tables_to_read
from .ingest.platforms import UPLOAD_PLATFORMS
from .ingest.profiles import list_profiles, save_profile, suggest_mapping
from .ingest.reading import TableFile, open_tables
from .ingest.shapes import Recognition, recognise
from .monitor.scheduler import writer_lock
from .plaintext import inert

_FORMATS = ["csv", "tsv", "txt", "xlsx", "json", "jsonl", "db", "sqlite", "sqlite3"]
_NONE = "（不导入）"
_AUTO = "（按各行的平台列、来源或链接判断）"
_LAST = "ingest_last_results"
_PLATFORM_LABEL = "默认平台（文件中没有平台列时使用）"
_PREVIEW_LABELS = {**FIELD_LABELS, "root_external_id": "所属帖子ID", "following": "关注数", "description": "简介"}


@dataclass
class _Outcome:
    """One imported file, kept in the session for the results section."""

    file: str
    result: IngestResult
    followup: dict[str, Any]


# ---------------------------------------------------------------- one table

def _mapping_editor(table: TableFile, key: str) -> tuple[dict[str, str], str | None, str | None]:
    """Selectboxes for each canonical field, pre-set from a saved profile or the recognised headers."""
    proposed, platform, profile = suggest_mapping(ui.cursor(), table.columns)
    if profile:
        st.info(f"已自动套用映射方案「{profile}」（表头与该方案一致）。", icon=":material/explore:")
    else:
        st.caption("未识别为已知工具的导出格式：已按常见表头自动对应各列，如有错误请在下面更正。")
    options = [_NONE, *table.columns]
    chosen: dict[str, str] = {}
    cols = st.columns(3)
    for i, field in enumerate(CANONICAL):
        current = proposed.get(field)
        with cols[i % 3]:
            pick = st.selectbox(
                FIELD_LABELS[field] + ("（必填）" if field == "text" else ""), options,
                index=options.index(current) if current in options else 0, key=f"{key}:map:{field}",
            )
        if pick != _NONE:
            chosen[field] = pick
    return chosen, (platform if profile else None), profile


def _save_profile_form(table: TableFile, mapping: dict[str, str], platform: str | None, profile: str | None,
                       user: str, key: str) -> None:
    with st.form(f"ingest_save_profile:{key}", clear_on_submit=False, border=False):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        name = c1.text_input("保存为映射方案（下次同样表头的文件自动套用）", value=profile or "",
                             placeholder="如：内部论坛导出")
        if c2.form_submit_button("保存映射方案"):
            try:
                with writer_lock(config.db_path()):
                    save_profile(ui.cursor(), name, table.columns, mapping, platform=platform, actor=user)
            except ValueError as e:
                ui.show_error(str(e))
            else:
                ui.written(f"映射方案「{name.strip()}」已保存")


def _platform_choice(plan: Plan, key: str, saved: str | None) -> tuple[str | None, bool]:
    """``(the uploader's platform, ready)``: asks when some rows cannot tell their platform."""
    unknown = plan.unknown_platform_rows()
    options = list(UPLOAD_PLATFORMS)
    if unknown:
        st.warning(f"无法从文件判断平台：前几行中有 {unknown} 行既没有平台列，也无法从格式、文件路径或链接判断。"
                   "请选择这些行的平台：", icon=":material/help:")
        pick = st.selectbox(_PLATFORM_LABEL, options, index=options.index(saved) if saved in options else None,
                            placeholder="请选择平台", key=f"{key}:platform")
        return pick, pick is not None
    if plan.shape is not None:
        return None, True
    choices = [_AUTO, *options]
    pick = st.selectbox(_PLATFORM_LABEL, choices, index=choices.index(saved) if saved in choices else 0,
                        key=f"{key}:platform")
    return (None if pick == _AUTO else pick), True


def _describe(table: TableFile, recognition: Recognition) -> None:
    facts = [f"格式 {table.format.upper()}"]
    if table.encoding:
        facts.append(f"编码 {table.encoding}")
    if table.sheet:
        facts.append(f"工作表 {table.sheet}")
    facts.append(f"{len(table.columns)} 列")
    if recognition.platform:
        facts.append(f"平台 {recognition.platform}（依据：{recognition.platform_from}）")
    st.caption(inert(" · ".join(facts)))


def _table_panel(table: TableFile, key: str, user: str) -> Plan | None:
    """Recognition, mapping, platform and preview of one table; the plan when it is ready to import."""
    recognition = recognise(table.columns, path=table.path, sheet=table.sheet)
    shape = recognition.shape
    if shape is not None:
        line = f"识别为 **{inert(shape.label)}**（{kind_label(shape.kind)}）"
        if recognition.schema:
            line += f"，{inert(recognition.schema)} 格式"
        st.markdown(line)
        if recognition.ambiguous:
            others = "、".join(s.label for s in recognition.ambiguous)
            st.caption(inert(f"表头同样符合：{others}；平台请在下面选择"))
        plan: Plan | None = Plan(table, recognition)
        saved = None
    else:
        st.markdown("识别为 **通用导出**（按表头对应各列）")
        mapping, saved, profile = _mapping_editor(table, key)
        try:
            plan = plan_table(ui.cursor(), table, mapping=mapping)
            plan.profile = profile
        except UnreadableFile as e:
            ui.show_error(str(e))
            plan = None
    _describe(table, plan.recognition if plan else recognition)
    if plan is None:
        return None
    platform, ready = _platform_choice(plan, key, saved)
    plan.platform = platform
    if shape is None:
        _save_profile_form(table, plan.mapping or {}, platform, plan.profile, user, key)
    st.markdown("**将使用的对应关系**")
    preview = table.preview(20)
    st.dataframe(plan.mapping_table(preview), hide_index=True, width="stretch", placeholder="—")
    st.markdown("**预览**（按上面的对应关系，前 20 行，已脱敏）")
    st.dataframe(preview_records(plan).rename(columns=_PREVIEW_LABELS), hide_index=True, width="stretch", placeholder="—")
    return plan if ready else None


def _file_panel(uploaded: Any, index: int, user: str) -> list[Plan] | None:
    """Every table of one uploaded file; None when it cannot be imported as it stands."""
    try:
        tables = tables_to_read(open_tables(uploaded.getvalue(), uploaded.name))
    except UnreadableFile as e:
        ui.show_error(str(e))
        return None
    plans: list[Plan | None] = []
    for n, table in enumerate(tables):
        with st.expander(inert(uploaded.name + (f" · {table.sheet}" if table.sheet else "")), expanded=True):
            plans.append(_table_panel(table, f"{uploaded.name}:{uploaded.size}:{index}:{n}", user))
    return [p for p in plans if p is not None] if all(p is not None for p in plans) else None


# ---------------------------------------------------------------- outcome

def _summary_table(outcomes: list[_Outcome]) -> pd.DataFrame:
    rows = []
    for o in outcomes:
        r = o.result
        parts = r.parts or {o.file: {"rows_read": r.rows_read, "inserted": r.inserted, "duplicates": r.duplicates,
                                     "rejected": r.rejected}}
        for name, counts in parts.items():
            rows.append({"文件": name, "识别为": "、".join(r.recognised) or "通用导出",
                         "读取": counts.get("rows_read", 0), "新增": counts.get("inserted", 0),
                         "重复": counts.get("duplicates", 0), "拒收": counts.get("rejected", 0)})
    return pd.DataFrame(rows)


def show_outcome(result: IngestResult, file: str, followup: dict[str, Any] | None = None) -> None:
    """The outcome report of one file: counts, warnings, rejected rows with reasons, what went in."""
    st.subheader(f"导入结果：{inert(file)}")
    c = st.columns(5)
    c[0].metric("读取行数", result.rows_read)
    c[1].metric("新增", result.inserted)
    c[2].metric("重复（未入库）", result.duplicates, help="同平台同类型同ID，或同平台同作者且正文归一化后相同")
    c[3].metric("拒收", result.rejected, help="正文为空、发布时间无法解析、行格式错误等，原因见下表")
    c[4].metric("近似重复（已入库并标注）", result.near_duplicates,
                help="与已有帖子高度相似（如加前缀转发、少量改写），记录在 near_dup_of，不删除")
    followup = followup or {}
    if followup.get("analyzed"):
        st.caption(f"已分析新帖 {followup['analyzed']} 条，按监测规则标注 {followup.get('tagged', 0)} 条。")
    for label, name in (("新事件", "incidents"), ("新预警", "alerts")):
        found = followup.get(name)
        if found:
            st.markdown(f"**{label}**")
            st.dataframe(pd.DataFrame(found) if not isinstance(found, pd.DataFrame) else found, hide_index=True, placeholder="—")
    for warning in result.warnings:
        st.warning(inert(warning), icon=":material/warning:")
    if result.errors:
        errors = masked_frame(pd.DataFrame(result.errors)).rename(columns={"row": "行号", "reason": "原因"})
        errors["行号"] = errors["行号"].astype(str)
        st.markdown("**被拒收的行**（行号为表头之后的第几条记录）")
        st.dataframe(errors, hide_index=True, width="stretch", placeholder="—")
        ui.csv_download(errors, f"拒收明细_{file}.csv", f"ingest_errors:{file}", label="下载拒收明细 CSV")
    if result.batch_id and result.inserted_ids:
        st.markdown("**新入库的帖子**（前 50 条，已脱敏）")
        st.dataframe(ui.query("ingest_batch_posts", batch_id=result.batch_id, limit=50), hide_index=True, width="stretch",
                     placeholder="—", column_config={
                         "id": st.column_config.NumberColumn("帖子", format="%d"), "platform": "平台", "external_id": "平台帖子ID",
                         "author": "作者", "published_at": st.column_config.DatetimeColumn(
                             "发布时间", format="YYYY-MM-DD HH:mm", timezone="Asia/Shanghai"),
                         "text_masked": st.column_config.TextColumn("正文（已脱敏）", width="large"), "reposts": "转发",
                         "comments": "评论", "likes": "点赞",
                         "near_dup_of": st.column_config.NumberColumn("近似重复于", format="%d", help="与之高度相似的已有帖子")})


def show_outcomes(outcomes: list[_Outcome]) -> None:
    st.subheader("本次导入")
    st.dataframe(_summary_table(outcomes), hide_index=True, width="stretch", placeholder="—")
    for o in outcomes:
        show_outcome(o.result, o.file, o.followup)


def _import(files: list[tuple[Any, list[Plan]]], user: str) -> list[_Outcome]:
    outcomes = []
    for uploaded, plans in files:
        bar = st.progress(0.0, text=f"正在导入 {uploaded.name} ……")

        def progress(done: int, total: int, name: str = uploaded.name) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"{name}：已处理 {done:,} 行")

        try:
            with writer_lock(config.db_path()):
                result = ingest_plans(ui.cursor(), plans, origin=uploaded.name, actor=user, progress=progress)
        except (UnreadableFile, Forbidden) as e:
            bar.empty()
            ui.show_error(str(e))
            continue
        bar.progress(0.0, text=f"{uploaded.name}：正在分析新帖……")
        with writer_lock(config.db_path()):
            followup = process_new_posts(
                ui.cursor(), result.inserted_ids,
                progress=lambda done, total: bar.progress(min(done / max(total, 1), 1.0), text=f"已分析 {done:,} / {total:,} 条"))
        bar.progress(1.0, text=f"{uploaded.name}：导入完成")
        outcomes.append(_Outcome(uploaded.name, result, dict(followup or {})))
    return outcomes


def upload_panel(ctx: ui.Context) -> None:
    """The 上传文件 tab: upload, check what was recognised, preview, import with progress, see the outcome."""
    uploaded = st.file_uploader(
        "上传导出文件（可多选：CSV / TSV / XLSX / JSON / JSONL / TrendRadar 数据库；编码 UTF-8、UTF-8 BOM、GBK 自动识别）",
        type=_FORMATS, key="ingest_upload", accept_multiple_files=True,
    )
    last: list[_Outcome] | None = st.session_state.get(_LAST)
    if not uploaded:
        if last:
            show_outcomes(last)
        return
    st.caption("已识别 MediaCrawler（7 个平台的内容 / 评论 / 作者）、weibo-crawler、weibo-search、思通舆情、TrendRadar "
               "的导出格式；其他文件按表头对应各列。")
    ready: list[tuple[Any, list[Plan]]] = []
    for index, f in enumerate(uploaded):
        plans = _file_panel(f, index, ctx.user)
        if plans is not None:
            ready.append((f, plans))
    with st.expander("已保存的映射方案"):
        saved = list_profiles(ui.cursor())
        st.dataframe(pd.DataFrame([{"名称": p["name"], "平台": p["platform"] or "", "映射列数": len(p["mapping"]),
                                    "保存人": p["created_by"] or ""} for p in saved]) if saved else pd.DataFrame(),
                     hide_index=True, placeholder="—")
    blocked = len(ready) < len(uploaded)
    if blocked:
        st.info("有文件还不能导入（见上面的提示）；可以先处理好，或取消选择该文件。")
    if st.button("开始导入", type="primary", key="ingest_start", disabled=blocked):
        outcomes = _import(ready, ctx.user)
        if outcomes:
            st.session_state[_LAST] = outcomes
            ui.written("；".join(f"{o.file}：新增 {o.result.inserted} 条" for o in outcomes))
            show_outcomes(outcomes)
    elif last and {o.file for o in last} <= {f.name for f in uploaded}:
        show_outcomes(last)
