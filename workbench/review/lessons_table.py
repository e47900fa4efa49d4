"""The lessons library as a table to take away (CSV): masked and formula-safe (``workbench.exports``)."""
from __future__ import annotations

import pandas as pd

from .. import vocab
from ..exports import safe_csv_frame

COLUMNS = {"incident_id": "事件编号", "incident_title": "事件", "category": "类别", "level": "等级", "text": "经验教训",
           "tags": "标签", "created_by": "记录人", "created_at": "记录时间"}


def frame(library: pd.DataFrame) -> pd.DataFrame:
    """``lesson_library`` rows with Chinese headers, tags joined with 、, times in Beijing time."""
    out = library[list(COLUMNS)].copy()
    out["tags"] = out["tags"].map(lambda t: "、".join(t) if t is not None and len(t) else "")
    out["level"] = out["level"].map(lambda lv: vocab.LEVEL_NAMES.get(lv, "") if isinstance(lv, str) else "")
    out["incident_id"] = out["incident_id"].map(lambda i: "" if pd.isna(i) else str(int(i)))
    out["created_at"] = pd.to_datetime(out["created_at"]).dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m-%d %H:%M")
    return out.astype(object).where(out.notna(), "").rename(columns=COLUMNS)


def csv_bytes(library: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a BOM (Excel and WPS then read the Chinese right)."""
    return safe_csv_frame(frame(library)).to_csv(index=False).encode("utf-8-sig")
