"""Shared vocabularies and defaults of DESIGN §4, in one place for code, pages and queries."""
from __future__ import annotations

from datetime import timedelta

SENTIMENTS = ("负面", "中性", "正面")
CATEGORIES = (
    "薪酬福利", "工时加班", "裁员离职", "骚扰歧视", "管理作风",
    "安全健康", "劳动合规", "招聘求职", "企业文化", "其他",
)
EMOTIONS = ("愤怒", "焦虑", "悲伤", "喜悦", "惊讶", "中性")
# SMP2020-EWECT labels → our emotions
EMOTION_FROM_SMP = {"angry": "愤怒", "fear": "焦虑", "sad": "悲伤", "happy": "喜悦", "surprise": "惊讶", "neutral": "中性"}
RISK_LEVELS = (1, 2, 3, 4)  # 1 = gravest

LEVELS = ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ")
LEVEL_NAMES = {"Ⅰ": "Ⅰ级 特别重大", "Ⅱ": "Ⅱ级 重大", "Ⅲ": "Ⅲ级 较大", "Ⅳ": "Ⅳ级 一般"}
LEVEL_COLORS = {"Ⅰ": "红", "Ⅱ": "橙", "Ⅲ": "黄", "Ⅳ": "蓝"}
LEVEL_HEX = {"Ⅰ": "#d62728", "Ⅱ": "#ff7f0e", "Ⅲ": "#e6b800", "Ⅳ": "#1f77b4"}


def level_rank(level: object) -> int:
    """0 for Ⅰ … 3 for Ⅳ, 4 for no or an unknown level: a sort key, gravest first."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)

# Incident status flow; each step stores its time in the named incidents column.
STATUSES = ("待研判", "已定级", "处置中", "跟踪中", "已关闭", "已复盘")
STATUS_TIME_COLUMN = {
    "待研判": "opened_at",
    "已定级": "graded_at",
    "处置中": "handling_at",
    "跟踪中": "tracking_at",
    "已关闭": "closed_at",
    "已复盘": "reviewed_at",
}
OPEN_STATUSES = STATUSES[:4]

# Default clocks by level (configurable): acknowledge, and first public response
# (the 黄金4小时 rule; official guidance: authoritative information within 5 h).
ACK_CLOCK = {"Ⅰ": timedelta(minutes=30), "Ⅱ": timedelta(hours=2), "Ⅲ": timedelta(hours=8), "Ⅳ": timedelta(hours=24)}
RESPONSE_CLOCK = {"Ⅰ": timedelta(hours=1), "Ⅱ": timedelta(hours=4), "Ⅲ": timedelta(hours=24), "Ⅳ": timedelta(hours=48)}

STATEMENT_STATUSES = ("draft", "review", "approved", "published")
STATEMENT_STATUS_NAMES = {"draft": "草稿", "review": "审核中", "approved": "已批准", "published": "已发布"}
ACTION_STATUSES = ("待办", "进行中", "已完成", "已取消")

PLATFORMS = ("微博", "脉脉", "知乎", "小红书", "新闻网站", "内部论坛")
MEDIA_TIERS = {1: "中央媒体", 2: "省级媒体", 3: "地方媒体", 4: "自媒体/论坛"}
