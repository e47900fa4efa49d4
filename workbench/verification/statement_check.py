"""Statements use verified facts only: the claims ledger as a source of 口径 findings.

For each claim a text mentions (``wording.stance``):
- denies a claim verified 属实 → 阻断 否认属实; denies one 部分属实 → 阻断 否认部分属实;
- states a claim verified 不实 → 阻断 认定不实;
- states or denies a claim still 待核实 / 核实中 → 阻断 未核实 (no fact before it is checked);
- states a claim 部分属实 → 提示 (say it as the finding puts it); states or denies one 无法核实 → 提示.
A talking point that cites a ledger entry ('核实#N') whose verdict was reopened or withdrawn → 阻断.
Findings have the shape of the 统一口径 check's (kind, severity, key, message).
"""
from __future__ import annotations

import duckdb

from .. import db
from ..response.consistency import BLOCKING, WARNING
from . import claims, wording

RULES = {
    # (status, stance): (kind, severity, message template)
    ("属实", wording.DENIES): ("否认属实", BLOCKING, "声明否认了已核实为属实的说法「{text}」"),
    ("部分属实", wording.DENIES): ("否认部分属实", BLOCKING, "声明否认了核实为部分属实的说法「{text}」（核实结论：{finding}）"),
    ("不实", wording.ASSERTS): ("认定不实", BLOCKING, "声明认定了已核实为不实的说法「{text}」"),
    ("待核实", wording.ASSERTS): ("未核实", BLOCKING, "声明陈述了尚待核实的说法「{text}」，核实前不能对外认定"),
    ("待核实", wording.DENIES): ("未核实", BLOCKING, "声明否认了尚待核实的说法「{text}」，核实前不能对外否认"),
    ("核实中", wording.ASSERTS): ("未核实", BLOCKING, "声明陈述了正在核实的说法「{text}」，核实前不能对外认定"),
    ("核实中", wording.DENIES): ("未核实", BLOCKING, "声明否认了正在核实的说法「{text}」，核实前不能对外否认"),
    ("部分属实", wording.ASSERTS): ("部分属实", WARNING, "「{text}」仅部分属实，请按核实结论表述：{finding}"),
    ("无法核实", wording.ASSERTS): ("无法核实", WARNING, "「{text}」无法核实，不宜作为事实陈述"),
    ("无法核实", wording.DENIES): ("无法核实", WARNING, "「{text}」无法核实，不宜直接否认"),
}


def findings_for(body: str, ledger_rows: list[dict]) -> list[dict]:
    """The findings of ``body`` against ledger rows ({id, text, phrases, status, finding})."""
    out = []
    for c in ledger_rows:
        stance = wording.stance(claims.wordings(c["text"], c.get("phrases")), body)
        rule = RULES.get((c["status"], stance))
        if rule:
            kind, severity, template = rule
            finding = c.get("finding") if isinstance(c.get("finding"), str) and c.get("finding") else "未填写"
            out.append({"kind": kind, "severity": severity, "key": claims.cite_key(c["id"]),
                        "message": template.format(text=c["text"], finding=finding),
                        "explanation": f"核实台账 {claims.cite_key(c['id'])}「{c['text']}」现为「{c['status']}」，"
                                       f"声明{stance}了这一说法"})
    return out


def citation_findings(points: list[dict], ledger_rows: list[dict]) -> list[dict]:
    """Talking points citing a ledger entry that is no longer a verdict one may cite."""
    by_key = {claims.cite_key(c["id"]): c for c in ledger_rows}
    out = []
    for p in points:
        if not p["key"].startswith(claims.CITE_PREFIX):
            continue
        c = by_key.get(p["key"].split()[0])
        if c is None or c["status"] not in claims.CITABLE:
            state = "已从台账删除" if c is None else f"现为「{c['status']}」"
            out.append({"kind": "口径引用失效", "severity": BLOCKING, "key": p["key"],
                        "message": f"口径「{p['key']}」引用的核实条目{state}，请更新口径",
                        "explanation": f"口径要点引用 {p['key'].split()[0]}，只有已核实为属实、部分属实或不实的条目可以引用"})
    return out


def findings(con: duckdb.DuckDBPyConnection, incident_id: int, body: str) -> list[dict]:
    """The ledger's findings on a statement ``body`` of the incident (an extra source for the
    统一口径 check: ``response.statements.check``)."""
    rows = claims.ledger(con, incident_id).to_dict("records")
    points = db.query("talking_point_list", con, incident_id=int(incident_id)).to_dict("records")
    return findings_for(body, rows) + citation_findings(points, rows)
