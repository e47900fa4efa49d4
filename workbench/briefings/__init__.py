"""Briefings: 舆情日报 (one day) and 舆情专报 (one incident), built as data and rendered to DOCX / Markdown.

    daily.build_daily(con, day) -> Briefing
    incident.build_incident(con, incident_id) -> Briefing
    render_docx.to_docx(briefing) -> bytes
    render_md.to_markdown(briefing, image_dir=None) -> str
    fonts.cjk_font_path() -> Path | None                  # a CJK font file for charts and word clouds
"""
