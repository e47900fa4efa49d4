"""The 统一口径 check: does a statement say what the talking points say, and nothing they forbid?

The check is a list of independent finding functions (``FINDERS``); each reads a ``Draft`` (the
statement, the talking points, the general list of discouraged phrases, and any further sources
of facts in ``sources``) and returns its findings. A new source of findings is one more function
in the list. Every finding explains itself: which point, what was expected, what was found, and
how they were compared. Findings of severity 阻断 block approval unless the approver overrides
with a reason (``statements.transition``); 提示 only warns.

- 缺少要点 (阻断): a 必含 point is covered when at least ``COVERAGE`` of its distinct terms
  (Chinese character bigrams and numbers) appear in the statement.
- 数值矛盾 (阻断): a date, duration, amount, count of people or share in the statement that equals
  none of the talking points' quantities of the same kind, compared as values
  (``quantities``: 一个月 = 30 天, 350 万元 = 3,500,000 元, 20号 = 20日).
- 禁用表述 (阻断): a phrase listed in a 禁用 point; 不宜表述 (提示): a phrase on the playbook's general list.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Mapping

from . import quantities as q

BLOCKING, WARNING = "阻断", "提示"
COVERAGE = 0.5

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_PHRASE_SPLIT = re.compile(r"[，,、；;\n|/]+")


@dataclass(frozen=True)
class Finding:
    """One thing the check found, with how it was found (``explanation``)."""

    kind: str       # 缺少要点 | 数值矛盾 | 禁用表述 | 不宜表述 | (added finders' own kinds)
    severity: str   # 阻断 | 提示
    key: str        # the talking point concerned ('' for the general list)
    message: str
    explanation: str = ""


@dataclass(frozen=True)
class Draft:
    """What a statement is checked against."""

    body: str
    points: list[dict]                                  # {key, value, kind}
    general_forbidden: tuple[str, ...] = ()
    sources: Mapping[str, Any] = field(default_factory=dict)  # further facts for added finders


def _kind(point: dict) -> str:
    return point.get("kind") or "必含"


def _terms(text: str) -> set[str]:
    terms = {m.group(0) for m in _DIGITS.finditer(text.replace(",", ""))}
    for run in _HAN_RUN.findall(text):
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            terms.add(run)
    return terms


def coverage(point_value: str, body: str) -> float:
    """Share of the point's distinct terms that appear in ``body`` (1.0 for a point without terms)."""
    terms = _terms(point_value)
    if not terms:
        return 1.0
    return len(terms & _terms(body)) / len(terms)


def _forbidden(point: dict) -> list[str]:
    return [s for s in (x.strip() for x in _PHRASE_SPLIT.split(point["value"])) if s]


def missing_points(d: Draft) -> list[Finding]:
    """必含 points the statement does not carry (term coverage below ``COVERAGE``)."""
    out = []
    body_terms = _terms(d.body)
    for p in d.points:
        if _kind(p) != "必含":
            continue
        terms = _terms(p["value"])
        share = coverage(p["value"], d.body)
        if share < COVERAGE:
            missing = "、".join(sorted(terms - body_terms)[:8])
            out.append(Finding(
                "缺少要点", BLOCKING, p["key"],
                f"未体现口径要点「{p['key']}」：{p['value']}（覆盖 {share:.0%}，需 ≥ {COVERAGE:.0%}）",
                f"要点的 {len(terms)} 个词（二字词与数字）在声明中出现 {len(terms & body_terms)} 个；缺少：{missing}",
            ))
    return out


def forbidden_phrases(d: Draft) -> list[Finding]:
    """Phrases a 禁用 point lists that the statement uses."""
    return [
        Finding("禁用表述", BLOCKING, p["key"], f"使用了口径禁止的表述「{phrase}」",
                f"口径要点「{p['key']}」（禁用）列出了此表述")
        for p in d.points if _kind(p) == "禁用" for phrase in _forbidden(p) if phrase in d.body
    ]


def quantity_contradictions(d: Draft) -> list[Finding]:
    """Dates, durations, amounts, counts of people and shares that differ, as values, from every
    quantity of the same kind in the talking points (禁用 points state no facts)."""
    agreed: dict[str, list[tuple[q.Quantity, str]]] = {}
    for p in d.points:
        if _kind(p) != "禁用":
            for x in q.quantities(p["value"]):
                agreed.setdefault(x.kind, []).append((x, p["key"]))
    out, seen = [], set()
    for x in q.quantities(d.body):
        known = agreed.get(x.kind)
        if not known or any(x.same_as(k) for k, _ in known) or (x.kind, x.value) in seen:
            continue
        seen.add((x.kind, x.value))
        stated = "、".join(f"「{k.text}」（「{key}」）" for k, key in known)
        out.append(Finding(
            "数值矛盾", BLOCKING, known[0][1],
            f"{x.kind}不一致：声明写「{x.text}」，口径为 {stated}",
            "按数值比较：" + "；".join([x.describe(), *(k.describe() for k, _ in known)]),
        ))
    return out


def discouraged_phrases(d: Draft) -> list[Finding]:
    """Phrases of the playbook's general list (warnings), unless a 禁用 point already forbids them."""
    forbidden = {phrase for p in d.points if _kind(p) == "禁用" for phrase in _forbidden(p)}
    return [
        Finding("不宜表述", WARNING, "", f"「{phrase}」容易激化情绪，建议改写", "应对预案的通用不宜表述清单")
        for phrase in d.general_forbidden if phrase and phrase in d.body and phrase not in forbidden
    ]


Finder = Callable[[Draft], list[Finding]]
FINDERS: list[Finder] = [missing_points, forbidden_phrases, quantity_contradictions, discouraged_phrases]


def check(body: str, points: list[dict], general_forbidden=(), *, sources: Mapping[str, Any] | None = None,
          finders: list[Finder] | None = None) -> list[dict]:
    """Compare a statement ``body`` with talking ``points`` ({key, value, kind}); return the
    findings of every finder (``FINDERS`` unless given) as dicts."""
    draft = Draft(body, list(points), tuple(general_forbidden), sources or {})
    return [asdict(f) for finder in (FINDERS if finders is None else finders) for f in finder(draft)]


def blocking(findings: list[dict]) -> list[dict]:
    """The findings that block approval."""
    return [f for f in findings if f["severity"] == BLOCKING]
