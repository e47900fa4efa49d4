"""Building and rendering a briefing in one call (used by the page and the ``report`` command)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb

from .model import Briefing

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "md": "text/markdown"}


def build(con: duckdb.DuckDBPyConnection, *, day: date | str | None = None, incident_id: int | None = None,
          now: datetime | None = None) -> Briefing:
    """The 日报 of ``day`` or the 专报 of ``incident_id`` (exactly one of them)."""
    if (day is None) == (incident_id is None):
        raise ValueError("请指定日期（日报）或事件编号（专报）之一")
    if day is not None:
        from .daily import build_daily

        return build_daily(con, day, now=now)
    from .incident import build_incident

    return build_incident(con, int(incident_id), now=now)


def render(briefing: Briefing, fmt: str, *, image_dir: Path | None = None) -> bytes:
    """The document as bytes: 'docx', or 'md' (UTF-8; charts as PNG files in ``image_dir`` if given)."""
    if fmt == "docx":
        from .render_docx import to_docx

        return to_docx(briefing)
    if fmt == "md":
        from .render_md import to_markdown

        return to_markdown(briefing, image_dir=image_dir, image_prefix=f"{briefing.file_stem()}_").encode("utf-8")
    raise ValueError(f"格式只能是 docx 或 md：{fmt}")
