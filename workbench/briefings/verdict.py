"""The one-sentence risk verdict and the ≤ 200-character 核心摘要 that open every briefing."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

import pandas as pd

from . import formatting as fm

SUMMARY_LIMIT = 200


def trend(published: Iterable, as_of: datetime) -> str:
    """How the talk moves: posts of the last 24 h before ``as_of`` against the 24 h before those."""
    times = pd.to_datetime(pd.Series(list(published)), utc=True)
    end = pd.Timestamp(as_of)
    last = int(((times > end - timedelta(hours=24)) & (times <= end)).sum())
    before = int(((times > end - timedelta(hours=48)) & (times <= end - timedelta(hours=24))).sum())
    if last == 0 and before == 0:
        return "已平息（近 48 小时无新帖）"
    if last >= max(1, before) * 1.5:
        return f"仍在升温（近 24 小时 {last} 条，此前 24 小时 {before} 条）"
    if last <= before * 0.5:
        return f"明显回落（近 24 小时 {last} 条，此前 24 小时 {before} 条）"
    return f"基本平稳（近 24 小时 {last} 条，此前 24 小时 {before} 条）"


def grade(level: str | None, escalated: bool = False) -> str:
    """高 for Ⅰ/Ⅱ级 or an overdue clock, 中 for Ⅲ级, 低 otherwise."""
    if level in ("Ⅰ", "Ⅱ") or escalated:
        return "高"
    return "中" if level == "Ⅲ" else "低"


def risk_sentence(level: str | None, escalated: bool, movement: str, response: dict | None = None) -> str:
    """'研判：高风险，舆情仍在升温（…），首次公开回应须在 11月20日 12时 前完成。' — one sentence."""
    parts = [f"研判：{grade(level, escalated)}风险", f"舆情{movement}"]
    if response is not None:
        if response["state"] == "已超时":
            parts.append("首次公开回应已超时，须立即回应")
        elif response["state"] == "进行中":
            parts.append(f"首次公开回应须在 {fm.cn_date(response['due_at'], with_hour=True)} 前完成")
    return fm.sentence("，".join(parts))


def summary(facts: list[str], verdict: str, limit: int = SUMMARY_LIMIT) -> str:
    """The facts (most important first) and the verdict, dropping trailing facts to stay within ``limit``."""
    kept = [fm.sentence(f) for f in facts if f]
    while kept and len("".join(kept) + verdict) > limit:
        kept.pop()
    text = fm.tidy("".join(kept) + verdict)
    return text if len(text) <= limit else text[: limit - 1] + "…"
