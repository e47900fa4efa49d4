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

library = ui.per_version(("cases", tuple(categories), tuple(levels), q), lambda: cases.cases(ui.cursor(), found))
st.dataframe(
    [{"案例": c.title, "类别": c.category, "等级": c.level, "做得好的": len(c.worked), "不足之处": len(c.did_not),
      "经验教训": len(c.lessons)} for c in library],
    hide_index=True, width="stretch",
    column_config={"做得好的": st.column_config.NumberColumn("做得好的（条）"),
                   "不足之处": st.column_config.NumberColumn("不足之处（条）"),
                   "经验教训": st.column_config.NumberColumn("经验教训（条）")}, placeholder="—"
)

by_id = {c.incident_id: c for c in library}
shown = st.selectbox("阅读案例", list(by_id), format_func=lambda i: f"{by_id[i].title}（{by_id[i].category} · {by_id[i].level}）",
                     key="cases_read")
case = by_id[shown]
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
chosen = st.multiselect("选择案例", list(by_id), default=list(by_id), key="cases_export",
                        format_func=lambda i: by_id[i].title, placeholder="请选择要导出的案例")
title = st.text_input("材料标题", value="舆情处置培训案例集", key="cases_title")
if chosen:
    pack = cases.training_doc([by_id[i] for i in chosen], title or "舆情处置培训案例集")
    d1, d2, _ = st.columns([1, 1, 3])
    docx = ui.per_version(("cases_docx", tuple(chosen), title), lambda: document.docx_bytes(pack))
    d1.download_button("下载 DOCX", docx, file_name=f"{title or '培训案例集'}.docx", key="cases_docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       icon=":material/description:")
    d2.download_button("下载 Markdown", document.markdown(pack), file_name=f"{title or '培训案例集'}.md", key="cases_md",
                       mime="text/markdown", icon=":material/article:")
else:
    st.info("请至少选择一个案例。")
