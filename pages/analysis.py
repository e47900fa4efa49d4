"""分析研判 — one incident's timeline, propagation path, key nodes, word cloud, emotions and demands,
and the analyst's 研判结论."""
import streamlit as st

from workbench import ui, ui_response as ur
from workbench.analysis import demands, emotions, key_nodes, propagation, timeline, words
from workbench.analysis.reach import HOTNESS_FORMULA
from workbench.incidents import editing

ctx = ui.context()
st.title("分析研判")
st.caption("选定事件，看它如何发生、经谁扩散、大家在说什么、情绪如何、诉求是什么，然后写下研判结论。")
ui.show_flash()

incident = ui.pick_incident("analysis_incident")
if incident is None:
    st.stop()
iid = incident.id
brief = ui.query("analysis_incident_brief", incident_id=iid).iloc[0]
all_posts = ui.query("analysis_incident_posts", incident_id=iid)

platforms = sorted(all_posts["platform"].unique())
picked = st.multiselect("平台", platforms, default=platforms, key=f"analysis_platforms_{iid}",
                        placeholder="请选择平台")
posts = all_posts[all_posts["platform"].isin(picked)]
tree = propagation.repost_tree(posts)

c1, c2, c3, c4 = st.columns(4)
c1.metric("帖子数", len(posts), help="该事件关联的帖子（按所选平台）")
c2.metric("负面占比", f"{(posts['sentiment'] == '负面').mean():.0%}" if len(posts) else "—",
          help="情感以人工复核为准，否则为模型判断")
c3.metric("转发/回复", int((tree["depth"] > 0).sum()) if len(tree) else 0, help="指向本事件内另一帖子的转发或回复")
c4.metric("平台数", posts["platform"].nunique())
if posts.empty:
    st.info("该事件在所选平台上没有帖子。")

t_time, t_path, t_nodes, t_words, t_mood, t_note = st.tabs(["时间线", "传播路径", "关键节点", "词云", "情绪与诉求", "研判结论"])

with t_time:
    events = timeline.event_labels(ui.query("analysis_incident_events", incident_id=iid))
    st.plotly_chart(timeline.timeline_figure(timeline.volume_by_sentiment(posts), events), key="analysis_timeline")
    st.caption("柱：各时段帖子数（按情感堆叠）；虚线：立案、定级、回应等处置节点与声明发布。")
    st.subheader("热门帖子")
    top = key_nodes.key_posts(tree, top=10)
    st.dataframe(ur.local_times(top.drop(columns=["post_id"])), hide_index=True, column_config={
        "published_at": "发布时间", "platform": "平台", "author": "作者", "text_masked": "内容（已脱敏）",
        "hotness": st.column_config.NumberColumn("热度", format="%.0f", help=HOTNESS_FORMULA), "descendants": "带动转发/回复",
        "reposts": "转发", "comments": "评论", "likes": "点赞", "views": "阅读", "sentiment": "情感",
        "sentiment_source": "情感来源", "url": st.column_config.LinkColumn("链接")}, placeholder="—")
    ui.csv_download(top, f"热门帖子_事件{iid}.csv", "analysis_top_csv")

with t_path:
    chains = propagation.cascades(tree)
    if chains.empty:
        st.info("没有转发或回复链。")
    else:
        st.plotly_chart(propagation.path_figure(tree), key="analysis_path")
        st.caption("每一行是一条传播链（以首发作者标注）；点为帖子，大小表示热度，连线指向被转发/回复的帖子。")
        st.dataframe(ur.local_times(chains), hide_index=True, column_config={
            "root_post_id": "首发帖", "platform": "平台", "author": "首发作者", "size": "链上帖子数",
            "max_depth": "最深层级", "hotness": st.column_config.NumberColumn("热度合计", format="%.0f", help=HOTNESS_FORMULA),
            "first_at": "首发时间", "last_at": "最近转发", "text_masked": "首发内容（已脱敏）"}, placeholder="—")

with t_nodes:
    st.dataframe(key_nodes.key_authors(tree, top=15), hide_index=True, column_config={
        "author": "作者", "platform": "平台", "followers": "粉丝数", "posts": "帖子数",
        "hotness": st.column_config.NumberColumn("热度合计", format="%.0f", help=HOTNESS_FORMULA), "spread": "带动转发/回复",
        "media_tier": "媒体层级", "why": "排名依据"}, placeholder="—")

with t_words:
    freqs = ui.per_version(("word_frequencies", iid, tuple(picked)), lambda: words.word_frequencies(
        posts, drop=[brief["employer"]] if isinstance(brief["employer"], str) else []))
    png = ui.per_version(("wordcloud", iid, tuple(picked)), lambda: words.wordcloud_png(freqs))  # once per incident version
    if png is None:
        st.info("没有可统计的词。")
    else:
        left, right = st.columns([3, 1])
        left.image(png, caption="词云：帖子自身文字的高频词（不含转发链与企业名），字号表示出现次数")
        right.dataframe(words.top_words(freqs), hide_index=True, column_config={"word": "词", "count": "次数"}, placeholder="—")

with t_mood:
    left, right = st.columns(2)
    dist = emotions.emotion_distribution(posts)
    left.subheader("情绪分布")
    left.plotly_chart(emotions.emotion_figure(dist), key="analysis_emotions")
    left.caption(f"六类情绪（SMP2020-EWECT）；其中 {dist.attrs['human_corrected']} 条为人工复核标签。")
    right.subheader("主要诉求")
    asks = demands.demand_summary(posts["text_masked"])
    if asks.empty:
        right.info("未发现明确诉求。")
    else:
        right.dataframe(asks, hide_index=True, column_config={
            "theme": "诉求", "posts": "提及帖子数", "share": st.column_config.NumberColumn("占比", format="percent"),
            "example": "典型表述"}, placeholder="—")
        right.caption("按“要求 / 希望 / 请… / 还我 / 退还 / 补缴 / 道歉”等表述识别，再按关键词归类。")

with t_note:
    with st.form("analysis_conclusion"):
        text = st.text_area("研判结论", value=brief["summary"] if isinstance(brief["summary"], str) else "",
                            height=160, placeholder="事件性质、扩散态势、主要诉求、风险判断与建议……")
        if st.form_submit_button("保存研判结论"):
            ur.run_write(editing.set_summary, "研判结论已保存", ui.cursor(), iid, text, ctx.user)
