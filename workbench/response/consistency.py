"""The 统一口径 check: does a statement say what the talking points say, and nothing they forbid?

Each finding explains itself (which point, what was expected, what was found). Findings of
severity 阻断 block approval unless the approver overrides with a reason; 提示 only warns.

- 缺少要点: a 必含 point is covered when at least ``COVERAGE`` of its distinct terms (Chinese
  character bigrams and numbers) appear in the statement.
- 数字不一致: a number with a unit (人, 元, %, 天 …) in the statement that differs from every
  number with that unit in the talking points (dates — 月/日 — only warn).
- 禁用表述: a phrase listed in a 禁用 point; 不宜表述: a phrase on the playbook's general list.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

BLOCKING, WARNING = "阻断", "提示"
COVERAGE = 0.5

_UNIT_ALIASES = {"名": "人", "位": "人", "号": "日", "％": "%"}
_DATE_UNITS = {"月", "日"}
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(万元|亿元|个月|小时|％|%|人|名|位|元|天|日|号|月|周|倍|家|起|次|万)")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_PHRASE_SPLIT = re.compile(r"[，,、；;\n|/]+")


@dataclass(frozen=True)
class Finding:
    """One thing the check found."""

    kind: str       # 缺少要点 | 数字不一致 | 禁用表述 | 不宜表述
    severity: str   # 阻断 | 提示
    key: str        # the talking point concerned ('' for the general list)
    message: str


def _terms(text: str) -> set[str]:
    terms = {m.group(0) for m in _DIGITS.finditer(text.replace(",", ""))}
    for run in _HAN_RUN.findall(text):
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            terms.add(run)
    return terms


def _numbers(text: str) -> list[tuple[str, str]]:
    """(number, unit) pairs, e.g. '120 名员工' → ('120', '人')."""
    out = []
    for m in _NUMBER.finditer(text):
        value = m.group(1).replace(",", "")
        unit = _UNIT_ALIASES.get(m.group(2), m.group(2))
        out.append((value, unit))
    return out


def coverage(point_value: str, body: str) -> float:
    """Share of the point's distinct terms that appear in ``body`` (1.0 for a point without terms)."""
    terms = _terms(point_value)
    if not terms:
        return 1.0
    body_terms = _terms(body)
    return len(terms & body_terms) / len(terms)


def check(body: str, points: list[dict], general_forbidden: list[str] = ()) -> list[dict]:
    """Compare a statement ``body`` with talking ``points`` ({key, value, kind}); return findings."""
    findings: list[Finding] = []
    for p in points:
        kind, key, value = p.get("kind") or "必含", p["key"], p["value"]
        if kind == "禁用":
            for phrase in filter(None, (s.strip() for s in _PHRASE_SPLIT.split(value))):
                if phrase in body:
                    findings.append(Finding("禁用表述", BLOCKING, key, f"使用了口径禁止的表述「{phrase}」"))
        elif kind == "必含":
            share = coverage(value, body)
            if share < COVERAGE:
                findings.append(Finding(
                    "缺少要点", BLOCKING, key,
                    f"未体现口径要点「{key}」：{value}（覆盖 {share:.0%}，需 ≥ {COVERAGE:.0%}）",
                ))
    findings += _number_findings(body, points)
    for phrase in general_forbidden:
        if phrase and phrase in body and not any(f.kind == "禁用表述" and phrase in f.message for f in findings):
            findings.append(Finding("不宜表述", WARNING, "", f"「{phrase}」容易激化情绪，建议改写"))
    return [asdict(f) for f in findings]


def _number_findings(body: str, points: list[dict]) -> list[Finding]:
    agreed: dict[str, dict[str, str]] = {}  # unit → number → the point key that states it
    for p in points:
        if (p.get("kind") or "必含") == "禁用":
            continue
        for value, unit in _numbers(p["value"]):
            agreed.setdefault(unit, {}).setdefault(value, p["key"])
    findings = []
    for value, unit in dict.fromkeys(_numbers(body)):
        known = agreed.get(unit)
        if known and value not in known:
            stated = "、".join(f"{v}{unit}（「{k}」）" for v, k in known.items())
            severity = WARNING if unit in _DATE_UNITS else BLOCKING
            findings.append(Finding(
                "数字不一致", severity, next(iter(known.values())),
                f"声明写「{value}{unit}」，口径为 {stated}",
            ))
    return findings


def blocking(findings: list[dict]) -> list[dict]:
    """The findings that block approval."""
    return [f for f in findings if f["severity"] == BLOCKING]
