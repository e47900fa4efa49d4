"""案例库 — finished reviews as anonymised training cases: search by category and level, read, export for a training session."""
import streamlit as st

from workbench import ui, vocab
from workbench.review import cases, document

ctx = ui.context()
st.title("案例库")
st.caption("复盘定稿的事件自动成为培训案例：企业名称与别名、人员姓名已替换，个人信息已脱敏，时间以首帖发布为起点。"
           "可按类别、等级和关键词查找，选定若干案例导出为培训材料（DOCX / Markdown）。")

c1, c2, c3 = st.columns([2, 2, 2])
categories = c1.multiselect("类别", vocab.CATEGORIES, key="cases_categories", placeholder="全部类别")
levels = c2.multiselect("等级", vocab.LEVELS, format_func=vocab.LEVEL_NAMES.get, key="cases_levels", placeholder="全部等级")
q = c3.text_input("关键词（标题、复盘内容、经验教训）", key="cases_q")
found = ui.query("case_list", categories=list(categories), levels=list(levels), q=q)

if found.empty:
    st.info("没有符合条件的案例。复盘在「复盘总结」中定稿后，事件会作为培训案例出现在这里。")
    st.stop()

# A case reads its incident's whole record: the shelf names every case, and only the one being read is built.
rows = {int(r["incident_id"]): r for r in found.to_dict("records")}
titles = ui.per_version(("case_titles", tuple(rows)), lambda: cases.titles(ui.cursor(), found))
st.dataframe(
    [{"案例": titles[i], "类别": r["category"] or "未分类", "等级": vocab.LEVEL_NAMES.get(r["level"], "未定级"),
      "复盘定稿": r["updated_at"]} for i, r in rows.items()],
    hide_index=True, width="stretch", placeholder="—",
    column_config={"复盘定稿": st.column_config.DatetimeColumn("复盘更新", format="YYYY-MM-DD", timezone="Asia/Shanghai")},
)

shown = st.selectbox("阅读案例", list(rows), key="cases_read", format_func=lambda i: (
    f"{titles[i]}（{rows[i]['category'] or '未分类'} · {vocab.LEVEL_NAMES.get(rows[i]['level'], '未定级')}）"))
case = ui.per_version(("case", shown), lambda: cases.build(ui.cursor(), rows[shown]))
st.subheader(case.title)
st.caption(f"{case.category} · {case.level}")
st.markdown("**发生了什么**")
st.text(case.what_happened)
st.markdown("**时间线**")
st.dataframe(case.timeline, hide_index=True, width="stretch", placeholder="—")
left, right = st.columns(2)
left.markdown("**做得好的**")
left.text("\n".join(f"· {s}" for s in case.worked) or "（复盘未记录）")
right.markdown("**不足之处**")
right.text("\n".join(f"· {s}" for s in case.did_not) or "（复盘未记录）")
st.markdown("**发布的声明（原文，已匿名）**")
for s in case.statements:
    st.text(f"{s['渠道']}：{s['正文']}")
if not case.statements:
    st.text("（未发布声明）")
st.markdown("**经验教训**")
st.text("\n".join(f"· {s}" for s in case.lessons) or "（复盘未记录）")

st.subheader("导出培训材料")
chosen = st.multiselect("选择案例", list(rows), default=list(rows), key="cases_export",
                        format_func=titles.get, placeholder="请选择要导出的案例")
title = st.text_input("材料标题", value="舆情处置培训案例集", key="cases_title") or "舆情处置培训案例集"
if chosen:
    con = ui.cursor()  # the files are built when a button is clicked, on Streamlit's download thread
    pack = lambda: cases.training_doc(cases.cases(con.cursor(), found[found["incident_id"].isin(chosen)]), title)  # noqa: E731
    d1, d2, _ = st.columns([1, 1, 3])
    d1.download_button("下载 DOCX", lambda: document.docx_bytes(pack()), file_name=f"{title}.docx", key="cases_docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       icon=":material/description:")
    d2.download_button("下载 Markdown", lambda: document.markdown(pack()), file_name=f"{title}.md", key="cases_md",
                       mime="text/markdown", icon=":material/article:")
else:
    st.info("请至少选择一个案例。")
