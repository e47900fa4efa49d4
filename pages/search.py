"""帖子检索 — find posts by text, author, platform, time and label; open one with its labels, incident and history."""
import streamlit as st

from workbench import labels, ui, ui_response as ur, vocab
from workbench.posts import search as posts
from workbench.response import clock

ctx = ui.context()
st.title("帖子检索")
st.caption("按正文、作者、平台、时间和标签查找帖子（正文已脱敏）；选中一条即可查看它的标签及判断依据、所属事件和处理经过。")

ALL = "全部"
incident_names = ui.incident_names()
platforms = ui.query("review_queue_sources")["platform"].dropna().unique()

wanted = st.query_params.get("incident")  # a link such as 预警汇报's 「查看该事件的全部帖子」
if wanted and wanted.isdigit() and int(wanted) in incident_names and st.session_state.get("_search_incident_link") != wanted:
    st.session_state["_search_incident_link"] = wanted
    st.session_state["search_incident"] = int(wanted)
    st.session_state["search_span"] = "全部时间"

c1, c2, c3 = st.columns([2, 1, 1])
q = c1.text_input("正文包含", key="search_q", placeholder="如：欠薪、996、裁员")
author = c2.text_input("作者包含", key="search_author", placeholder="账号名的一部分")
platform = c3.selectbox("平台", [ALL, *sorted(platforms)], key="search_platform")
c4, c5, c6, c7, c8 = st.columns(5)
sentiment = c4.selectbox("情感", [ALL, *vocab.SENTIMENTS], key="search_sentiment")
category = c5.selectbox("类别", [ALL, *vocab.CATEGORIES], key="search_category")
emotion = c6.selectbox("情绪", [ALL, *vocab.EMOTIONS], key="search_emotion")
risk = c7.selectbox("风险等级", [ALL, *vocab.RISK_LEVELS], key="search_risk", help="1 级最严重 … 4 级一般",
                    format_func=lambda v: v if v == ALL else f"{v} 级")
span = c8.selectbox("时间", ["侧栏时间范围", "全部时间"], key="search_span")
incident = ui.incident_filter("search_incident", "所属事件", "全部（含未归入事件的帖子）")

pick = lambda v: None if v in (ALL, 0) else v  # noqa: E731
params = posts.search_params(
    **(ctx.params if span == "侧栏时间范围" else {}), q=q, author=author, platform=pick(platform),
    sentiment=pick(sentiment), category=pick(category), emotion=pick(emotion), risk_level=pick(risk),
    incident_id=pick(incident),
)
found = ui.query("post_search", **params)
st.subheader(f"检索结果（{len(found)} 条{'，只显示最新的 ' + str(params['limit']) + ' 条' if len(found) >= params['limit'] else ''}）")

linked = st.query_params.get("post")
if found.empty and linked is None:
    st.info("没有符合条件的帖子。可以放宽条件，或把「时间」改为全部时间。")
if not found.empty:
    st.dataframe(
        posts.results_view(found)[["post_id", "published_at", "platform", "author", "text_masked", "sentiment", "category",
                                   "emotion", "risk_level", "incident", "engagement"]],
        hide_index=True, width="stretch",
        column_config={
            "post_id": st.column_config.NumberColumn("帖子", format="%d"),
            "published_at": st.column_config.DatetimeColumn("发布时间", format="YYYY-MM-DD HH:mm", timezone="Asia/Shanghai"),
            "platform": "平台", "author": "作者", "text_masked": st.column_config.TextColumn("正文（已脱敏）", width="large"),
            "sentiment": "情感", "category": "类别", "emotion": "情绪", "risk_level": "风险等级", "incident": "所属事件",
            "engagement": st.column_config.NumberColumn("互动", help="转发 + 评论 + 点赞"),
        }, placeholder="—"
    )

# ---- one post: labels, incident, history --------------------------------------------------------
options = [int(i) for i in found["post_id"]]
fresh = linked is not None and linked.isdigit() and linked != st.session_state.get("_search_linked")
kept = st.session_state.get("search_post")
if fresh:  # a link (e.g. from 态势总览) opens its post whatever the filters, as long as it stays chosen
    st.session_state["search_post"] = st.session_state["_search_from_link"] = kept = int(linked)
if kept is not None and kept == st.session_state.get("_search_from_link"):
    options = [kept, *(i for i in options if i != kept)]
elif kept not in options:
    st.session_state.pop("search_post", None)
if options:
    excerpts = dict(zip(found["post_id"].astype(int), found["text_masked"].str.slice(0, 40)))
    post_id = st.selectbox("打开帖子", options, key="search_post",
                           format_func=lambda i: f"#{i} {excerpts.get(i, '（链接打开的帖子）')}")
    st.session_state["_search_linked"] = str(post_id)
    st.query_params["post"] = str(post_id)
    card = posts.card(ui.cursor(), post_id)
    if card is None:
        ui.show_error(f"帖子 #{post_id} 不存在。")
    else:
        info = card.post
        st.subheader(f"帖子 #{post_id}")
        st.caption(labels.explanation_caption(info))
        st.text("\n".join(t for t in (info["title"], info["text_masked"]) if t))
        if info.get("url"):
            st.link_button("打开原帖", info["url"], icon=":material/open_in_new:")
        left, right = st.columns(2)
        with left:
            st.markdown("**标签与判断依据**")
            st.dataframe(labels.explanation_table(info), hide_index=True, width="stretch", placeholder="—")
            st.caption(f"关键词：{'、'.join(info['keywords']) or '—'}")
        with right:
            st.markdown("**所属事件**")
            if card.incidents.empty:
                st.info("这条帖子没有归入任何事件。")
            for r in card.incidents.itertuples():
                name = f"#{int(r.incident_id)} {vocab.LEVEL_NAMES.get(r.level, '未定级')} {r.title}（{r.status}）"
                st.page_link("pages/assess.py", label=name, icon=":material/open_in_new:",
                             query_params={"incident": str(int(r.incident_id))})
                st.caption(f"由{'模型' if r.added_by == 'model' else r.added_by}于 {clock.fmt(r.added_at)} 归入"
                           + ("（原事件已并入此事件）" if r.via_merge else ""))
        st.markdown("**处理经过**")
        ur.table(card.history.fillna({"actor": "—"}), {"at": "时间", "kind": "类型", "event": "经过", "actor": "操作人"}, "暂无记录。")
