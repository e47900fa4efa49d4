"""Quantities in Chinese text read as values: 日期, 时长, 金额, 人数, 比例 and other counted things.

``12 月 20 日`` and ``20号`` are dates (month, day); ``一个月``, ``30 天``, ``两周`` and ``48 小时``
are durations in days; ``350 万元`` and ``3,500,000 元`` are the same amount in 元; ``120 名`` and
``一百二十人`` the same number of people. Arabic and Chinese numerals both count. The 统一口径
check compares statements with talking points through these values, not through their wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DATE, DURATION, AMOUNT, PEOPLE, SHARE = "日期", "时长", "金额", "人数", "比例"

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千万半]+)"
_APPROX = r"(余|多)?"

# Dates first: their spans are blanked before durations are read, so 12月 in 12月20日 is no duration.
_FULL_DATE = re.compile(rf"(?:(\d{{4}})\s*年\s*)?{_NUM}\s*月\s*{_NUM}\s*[日号]")
_DAY_ONLY = re.compile(rf"{_NUM}\s*[日号]")
_DURATION = re.compile(rf"{_NUM}\s*{_APPROX}\s*(个月|个多月|个星期|星期|周|个工作日|工作日|天|日|个小时|小时|年)")
_AMOUNT = re.compile(rf"{_NUM}\s*{_APPROX}\s*(亿元|万元|元)")
_PEOPLE = re.compile(rf"{_NUM}\s*{_APPROX}\s*(万人|万名|名|位|人)")
_SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％)")

_DAYS = {"个月": 30, "个多月": 30, "个星期": 7, "星期": 7, "周": 7, "个工作日": 1, "工作日": 1, "天": 1, "日": 1,
         "个小时": 1 / 24, "小时": 1 / 24, "年": 365}
_YUAN = {"亿元": 1e8, "万元": 1e4, "元": 1}


@dataclass(frozen=True)
class Quantity:
    """One quantity: its kind, its value (days, 元, people, % or (month, day)) and the text it came from."""

    kind: str
    value: object
    text: str
    approximate: bool = False

    def same_as(self, other: "Quantity") -> bool:
        """Equal as values; a date without a month matches any month; 余/多 allows 10 % more."""
        if self.kind != other.kind:
            return False
        if self.kind == DATE:
            (m1, d1), (m2, d2) = self.value, other.value
            return d1 == d2 and (m1 is None or m2 is None or m1 == m2)
        a, b = float(self.value), float(other.value)
        if self.approximate or other.approximate:
            low, high = min(a, b), max(a, b)
            return high <= low * 1.1 + 1e-9
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))

    def describe(self) -> str:
        """The value in a comparable unit, e.g. '一个月 = 30 天', '350万元 = 3,500,000 元'."""
        if self.kind == DATE:
            month, day = self.value
            return f"{self.text} = {month}月{day}日" if month else f"{self.text} = {day}日（未写月份）"
        unit = {DURATION: "天", AMOUNT: "元", PEOPLE: "人", SHARE: "%"}.get(self.kind, "")
        value = float(self.value)
        shown = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{self.text} = {shown} {unit}".rstrip()


def cn_number(text: str) -> float | None:
    """'120', '3,500', '一百二十', '两', '十五', '三万五千', '半' as a number; None if not a number."""
    t = text.replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    if t == "半":
        return 0.5
    total, section, digit = 0, 0, None
    for ch in t:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = "　" * (b - a)
    return "".join(chars)


def quantities(text: str) -> list[Quantity]:
    """Every date, duration, amount, count of people and share in ``text``, in reading order."""
    found: list[tuple[int, Quantity]] = []
    spans: list[tuple[int, int]] = []
    for m in _FULL_DATE.finditer(text):
        month, day = cn_number(m.group(2)), cn_number(m.group(3))
        if month and day and 1 <= month <= 12 and 1 <= day <= 31:
            found.append((m.start(), Quantity(DATE, (int(month), int(day)), m.group(0).replace(" ", ""))))
            spans.append(m.span())
    rest = _blank(text, spans)
    for m in _DAY_ONLY.finditer(rest):
        day = cn_number(m.group(1))
        within = rest[m.end():m.end() + 1] == "内"  # 3日内: a duration, read below
        if day and day == int(day) and 1 <= day <= 31 and not within and not m.group(0).startswith("工作"):
            found.append((m.start(), Quantity(DATE, (None, int(day)), m.group(0).replace(" ", ""))))
            spans.append(m.span())
    rest = _blank(text, spans)
    for pattern, kind in ((_DURATION, DURATION), (_PEOPLE, PEOPLE), (_AMOUNT, AMOUNT)):
        for m in pattern.finditer(rest):
            number = cn_number(m.group(1))
            unit = m.group(3)
            if number is None or (unit == "年" and number > 100):  # 2026年 is a year, not a duration
                continue
            value = number * (_DAYS[unit] if kind == DURATION else _YUAN[unit] if kind == AMOUNT
                              else 10000 if unit.startswith("万") else 1)
            approximate = bool(m.group(2)) or "多" in unit
            found.append((m.start(), Quantity(kind, value, m.group(0).replace(" ", ""), approximate)))
        rest = _blank(rest, [m.span() for m in pattern.finditer(rest)])
    for m in _SHARE.finditer(rest):
        found.append((m.start(), Quantity(SHARE, float(m.group(1)), m.group(0).replace(" ", ""))))
    return [q for _, q in sorted(found, key=lambda x: x[0])]
