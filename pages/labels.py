"""分类复核: review the model's labels, most uncertain first; corrections win everywhere."""
import duckdb
import streamlit as st

from workbench import labels, ui, vocab
from workbench.nlp import registry
from workbench.nlp.store import analyze_posts
from workbench.pii import mask_pii
from workbench.plaintext import inert

ctx = ui.context()
st.title("分类复核")
st.caption("按模型最不确定的帖子排在最前（主动学习）。修改情感、类别、情绪或风险等级后保存：人工标签在所有页面、事件和导出中优先于模型。")

flash = st.session_state.pop("labels_flash", None)
if flash:
    st.success(flash)

# --- filters -------------------------------------------------------------------------------
choices = ui.query("review_queue_sources")
ALL = "全部"
c1, c2, c3, c4 = st.columns(4)
platform = c1.selectbox("平台", [ALL, *sorted(choices["platform"].dropna().unique())])
source = c2.selectbox("来源", [ALL, *sorted(choices["source"].dropna().unique())])
category = c3.selectbox("类别", [ALL, *vocab.CATEGORIES])
sentiment = c4.selectbox("情感", [ALL, *vocab.SENTIMENTS])
s1, s2 = st.columns(2)
with s1:
    incident = ui.incident_filter("labels_incident", "所属事件", "全部帖子", with_status=True,
                                  help="只看归入该事件的帖子（含并入它的事件的帖子），此时不受侧栏时间范围限制")
q = s2.text_input("正文包含", key="labels_q", placeholder="如：欠薪、裁员、工号")
c5, c6, c7 = st.columns([2, 1, 1])
low, high = c5.slider("类别置信度", 0.0, 1.0, (0.0, 1.0), step=0.05)
only_unreviewed = c6.checkbox("只看未复核", value=False)
limit = c7.number_input("显示条数", min_value=10, max_value=2000, value=200, step=50)

params = labels.queue_params(
    **({} if incident else ctx.params),  # an incident's posts whatever their dates
    platform=None if platform == ALL else platform,
    source=None if source == ALL else source,
    category=None if category == ALL else category,
    sentiment=None if sentiment == ALL else sentiment,
    min_confidence=None if low <= 0 else low,
    max_confidence=None if high >= 1 else high,
    only_unreviewed=only_unreviewed,
    limit=limit,
    incident_id=incident or None,
    q=q,
)
queue = ui.query("review_queue", **params)

# --- the queue: only the label columns are editable ----------------------------------------
st.subheader(f"待复核队列（{len(queue)} 条）")
if queue.empty:
    st.info("当前筛选条件与时间范围内没有已分析的帖子。可调整侧栏时间范围或筛选条件，或在下方分析新帖子。")
else:
    st.caption("不确定度 = 0.6 ×（1 − 类别置信度）+ 0.4 ×（1 − |情感得分|），越高越该先看；已复核的帖子排在最后。")
    view = labels.editor_view(queue)
    columns = {
        "post_id": st.column_config.NumberColumn("帖子ID", format="%d"),
        "uncertainty": st.column_config.ProgressColumn("不确定度", min_value=0.0, max_value=1.0, format="%.2f"),
        "sentiment": st.column_config.SelectboxColumn("情感", options=list(vocab.SENTIMENTS), required=True),
        "sentiment_source": "情感来源",
        "category": st.column_config.SelectboxColumn("类别", options=list(vocab.CATEGORIES), required=True),
        "category_source": "类别来源",
        "emotion": st.column_config.SelectboxColumn("情绪", options=list(vocab.EMOTIONS), required=True),
        "emotion_source": "情绪来源",
        "risk_level": st.column_config.SelectboxColumn(
            "风险等级", options=list(vocab.RISK_LEVELS), required=True, help="1 最严重（伤亡、群体事件、刑事指控、央媒）… 4 一般"
        ),
        "risk_level_source": "风险来源",
        "text_masked": st.column_config.TextColumn("正文（已脱敏）", width="medium", help="双击单元格可看全文；下方「判定依据」显示所选帖子全文"),
        "category_confidence": st.column_config.NumberColumn("类别置信度", format="%.2f"),
        "sentiment_score": st.column_config.NumberColumn("情感得分", format="%+.2f"),
        "platform": "平台",
        "source": "来源",
        "published_at": st.column_config.DatetimeColumn("发布时间", format="YYYY-MM-DD HH:mm"),
        "reviews": st.column_config.NumberColumn("复核次数", format="%d"),
    }
    round_no = st.session_state.get("labels_round", 0)
    with st.form(f"label_form_{round_no}"):
        edited = st.data_editor(
            view,
            column_config=columns,
            disabled=[c for c in view.columns if c not in labels.EDITABLE_COLUMNS],
            hide_index=True,
            num_rows="fixed",
            width="stretch",
            key=f"label_editor_{round_no}", placeholder="—"
        )
        b1, b2 = st.columns(2)
        save = b1.form_submit_button("保存修改", type="primary")
        accept_all = b2.form_submit_button(
            f"接受本页模型标签（{len(view)} 条）", help="把本页帖子中尚未人工复核的标签记为人工确认"
        )
    if save or accept_all:
        try:
            if save:
                changed = ui.perform(labels.apply_editor_changes, ui.cursor(), view, edited, ctx.user)
                message = f"已保存 {len(changed)} 处修改" if changed else "没有修改需要保存"
            else:
                n = ui.perform(labels.accept, ui.cursor(), view["post_id"].tolist(), ctx.user)
                message = f"已确认 {n} 个模型标签"
        except ValueError as e:  # bad labels, or a role that may not write
            ui.show_error(str(e))
        else:
            ui.written(message)
            st.session_state["labels_flash"] = message
            st.session_state["labels_round"] = round_no + 1
            st.rerun()

    # --- why the model decided so --------------------------------------------------------
    st.subheader("判定依据")
    snippets = dict(zip(view["post_id"], view["text_masked"].fillna("").str.slice(0, 40)))
    picked = st.selectbox("查看帖子", list(snippets), format_func=lambda i: f"#{i} {snippets[i]}")
    info = labels.explain(ui.cursor(), picked)
    if info:
        st.caption(inert(labels.explanation_caption(info)))
        st.text(mask_pii("\n".join(t for t in (info["title"], info["text_masked"]) if t)))
        with st.expander("查看原文（未脱敏；须填写理由，记入审计日志）"):
            reason = st.text_input("查看理由", key=f"reveal_reason_{picked}", placeholder="如：核实举报人联系方式")
            if st.button("查看原文", key=f"reveal_{picked}"):
                try:
                    original = labels.reveal_original(ui.cursor(), picked, ctx.user, reason)
                except ValueError as e:
                    ui.show_error(str(e))
                else:
                    st.text("\n".join(f"{name}：{original[field] or '—'}" for field, name in labels.REVEALED_NAMES.items()))
        st.dataframe(labels.explanation_table(info), hide_index=True, width="stretch", placeholder="—")
        st.text(f"关键词：{'、'.join(info['keywords']) or '—'}")
        st.caption(f"模型版本：{info['model_version'] or '—'} · 分析时间：{info['analyzed_at']:%Y-%m-%d %H:%M}")
        history = labels.label_history(ui.cursor(), picked)
        if not history.empty:
            st.dataframe(labels.history_view(history), hide_index=True, width="stretch", placeholder="—")

# --- (re)analysis ------------------------------------------------------------------------------
st.subheader("重新分析")
pending = int(ui.query("label_unanalyzed_count")["posts"].iloc[0])
a1, a2 = st.columns(2)
analyze_new = a1.button(f"分析未分析的帖子（{pending} 条）", disabled=pending == 0)
reanalyze = a2.button("重新分析全部帖子", help="换用新模型版本后，用当前启用的模型重新分析所有帖子；人工标签保留且仍优先")
if analyze_new or reanalyze:
    bar = st.progress(0.0, text="正在分析……")

    def _progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"已分析 {done} / {total} 条")

    try:
        n = analyze_posts(ui.cursor(), reanalyze=reanalyze, progress=_progress)
    except duckdb.TransactionException:
        ui.show_error("另一个会话正在写入这些帖子的分析结果，请稍后重试（已完成的批次已保存）")
    else:
        ui.written(f"已分析 {n} 条帖子")
        st.session_state["labels_flash"] = f"已分析 {n} 条帖子"
        st.rerun()

# --- model versions ----------------------------------------------------------------------------
st.subheader("模型版本")
versions = registry.list_versions(ui.cursor())
if versions.empty:
    st.info("尚无登记的模型版本：分析使用随附模型（或词典基线）。")
else:
    st.dataframe(labels.versions_view(versions), hide_index=True, width="stretch", placeholder="—")

r1, r2 = st.columns([1, 2])
fast = r2.checkbox("快速训练", help="只用部分训练数据，几十秒即可看到候选版本的效果；正式启用前建议完整训练")
if r1.button("用复核标签重新训练", help="用人工复核过的标签训练候选版本，在其未参与训练的复核标签上与当前版本比较"):
    try:
        with st.spinner("正在训练候选版本……"):
            # Imported on the click: scikit-learn and scipy take ≈2 s to load, which a first visit
            # would otherwise wait for whenever it comes before `workbench serve`'s warm-up ends.
            from workbench.nlp import training

            st.session_state["labels_candidate"] = training.retrain_with_reviews(ui.cursor(), ctx.user, fast=fast)
    except (ValueError, KeyError) as e:
        ui.show_error(f"重新训练失败：{e.args[0] if e.args else e}")
    else:
        ui.written("候选版本已训练，确认后才会启用")

candidate = st.session_state.get("labels_candidate")
if candidate:
    st.markdown(f"**候选版本 {candidate['version']}**：在 {candidate['heldout_size']} 条未参与训练的复核标签上与当前启用版本比较")
    st.dataframe(
        labels.metrics_side_by_side(candidate["candidate_metrics"], candidate["active_metrics"]),
        hide_index=True,
        width="stretch", placeholder="—"
    )
    if candidate.get("candidate_blind"):
        st.markdown("在盲测集（另行手写、从不参与训练与调参）上的比较，含严重帖召回率与误报率：")
        st.dataframe(
            labels.metrics_side_by_side(candidate["candidate_blind"], candidate["active_blind"]),
            hide_index=True,
            width="stretch", placeholder="—"
        )
    k1, k2 = st.columns(2)
    if k1.button("确认启用", type="primary"):
        try:
            ui.perform(registry.activate, ui.cursor(), candidate["version"], ctx.user)
        except (KeyError, ValueError) as e:
            ui.show_error(f"启用失败：{e.args[0] if e.args else e}")
        else:
            del st.session_state["labels_candidate"]
            message = f"已启用模型版本 {candidate['version']}；点击「重新分析全部帖子」用它更新已有帖子"
            ui.written(message)
            st.session_state["labels_flash"] = message
            st.rerun()
    if k2.button("暂不启用"):
        del st.session_state["labels_candidate"]
        st.rerun()

if not versions.empty:
    shown = st.selectbox("混淆矩阵", versions["version"].tolist(), help="在该版本的验证数据上：行为真实标签，列为模型判断")
    for field, matrix in registry.confusion(ui.cursor(), shown).items():
        st.markdown(f"**{labels.FIELD_NAMES.get(field, field)}**")
        level = (lambda v: f"{v} 级") if field == "risk_level" else str  # risk levels are numbers: say what they are
        st.dataframe(matrix.rename(index=level, columns=level), width="stretch", placeholder="—")
