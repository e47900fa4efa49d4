"""One alert thread per incident (DESIGN §4): triggers of one cycle become thread changes.

Every rule that fires is a *trigger* (``NewAlert``). The triggers of one evaluation that concern
the same incident become one *change* of that incident's thread, stored as one alert row and sent
as one message. The first change of a thread carries the incident's evidence and is pushed; a
later change is pushed only when it escalates — a graver level than the thread has had, or a kind
of trigger it has not had (a spike, a negative share, the incident's level, an overdue clock) —
and otherwise only updates the thread on the 预警汇报 page. Every change records its reason.
Alerts not tied to an incident (category and monitor-rule spikes, the overdue digest) are threads
of their own.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Sequence

import duckdb

from .. import db
from ..vocab import LEVEL_NAMES, LEVELS, level_rank
from .store import RULE_NAMES, NewAlert

# Which trigger heads a change when levels tie: the incident's own grading first, then an overdue
# clock (the team is late), then the volume rules.
RULE_ORDER = ("incident_level", "clock_overdue", "spike", "negative_share")
CLOCK_NAMES = {"ack": "确认超时", "response": "首次回应超时"}


def kind(rule: str, scope_key: str) -> str:
    """What sort of news a trigger is: its rule, and for an overdue clock which clock."""
    if rule == "clock_overdue" and ":" in scope_key:
        return f"clock_overdue:{scope_key.split(':', 1)[1]}"
    return rule


def kind_name(k: str) -> str:
    """The Chinese name of a trigger kind."""
    rule, _, clock = k.partition(":")
    return CLOCK_NAMES.get(clock, RULE_NAMES.get(rule, rule)) if rule == "clock_overdue" else RULE_NAMES.get(rule, rule)


@dataclass
class Thread:
    """An incident's thread as it stands: its id, the gravest level and the kinds it has had."""

    thread_id: int
    level: str | None = None
    kinds: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Change:
    """One change of a thread: stored as one alert row (``alert``) with its ``triggers``."""

    alert: NewAlert
    triggers: list[NewAlert]
    thread_id: int | None   # None: the change starts its thread
    notify: bool
    reason: str


def threads_of(con: duckdb.DuckDBPyConnection, incident_ids: Iterable[int]) -> dict[int, Thread]:
    """The existing threads of these incidents (absent: the incident has none yet)."""
    ids = sorted({int(i) for i in incident_ids})
    out: dict[int, Thread] = {}
    if not ids:
        return out
    for r in db.query("alert_thread_state", con, incident_ids=ids).to_dict("records"):
        iid = int(r["incident_id"])
        t = out.setdefault(iid, Thread(int(r["thread_id"])))
        t.thread_id = min(t.thread_id, int(r["thread_id"]))
        if isinstance(r["level"], str) and level_rank(r["level"]) < level_rank(t.level):
            t.level = r["level"]
        if isinstance(r["rule"], str):
            t.kinds.add(kind(r["rule"], str(r["scope_key"] or "")))
    return out


def decide(thread: Thread | None, level: str | None, kinds: set[str]) -> tuple[bool, str]:
    """Whether a change is pushed, and why: a new thread, a graver level, or a new kind of trigger."""
    if thread is None:
        return True, "首次预警：新建预警线程并推送"
    if level in LEVELS and level_rank(level) < level_rank(thread.level):
        before = LEVEL_NAMES.get(thread.level, "未定级")
        return True, f"升级：级别由{before}升至{LEVEL_NAMES[level]}"
    new = sorted(kinds - thread.kinds, key=lambda k: RULE_ORDER.index(k.split(":")[0]) if k.split(":")[0] in RULE_ORDER else 9)
    if new:
        return True, "升级：新的预警类型（" + "、".join(kind_name(k) for k in new) + "）"
    return False, "同一事件的后续预警：级别与类型都未升级，只更新线程，不重复推送"


def _headline(triggers: Sequence[NewAlert]) -> NewAlert:
    return min(triggers, key=lambda t: (level_rank(t.level), RULE_ORDER.index(t.rule) if t.rule in RULE_ORDER else 9))


def _trigger_evidence(t: NewAlert) -> dict[str, Any]:
    ev = t.evidence or {}
    return {"rule": t.rule, "rule_name": RULE_NAMES.get(t.rule, t.rule), "level": t.level, "scope_key": t.scope_key,
            "bucket_at": t.bucket_at, "message": t.message, **{k: ev[k] for k in
            ("explanation", "numbers", "parameters", "window", "post_count", "post_ids") if k in ev}}


def combine(triggers: Sequence[NewAlert], thread: Thread | None,
            incident_evidence: Callable[[int], Mapping[str, Any]] | None = None) -> Change:
    """The change of one incident's thread made of this cycle's ``triggers``.

    ``incident_evidence(incident_id)`` gives the incident's own evidence (its facts and top posts);
    the first change of a thread carries it, so whoever reads the thread starts from the evidence.
    """
    head = _headline(triggers)
    level = head.level
    kinds = {kind(t.rule, t.scope_key) for t in triggers}
    notify, reason = decide(thread, level, kinds)
    evidence = dict(head.evidence or {})
    iid = head.incident_id
    if thread is None and incident_evidence is not None and iid is not None:
        facts = dict(incident_evidence(iid) or {})
        evidence["incident"] = facts.get("incident")
        if not evidence.get("posts"):  # e.g. an overdue clock opens the thread: show the incident's posts
            evidence.update({k: facts[k] for k in ("post_ids", "post_count", "posts") if k in facts})
    ordered = sorted(triggers, key=lambda t: (level_rank(t.level), RULE_ORDER.index(t.rule) if t.rule in RULE_ORDER else 9))
    if len(ordered) > 1:
        evidence["explanation"] = "；".join(
            f"{RULE_NAMES.get(t.rule, t.rule)}：{(t.evidence or {}).get('explanation') or t.message}" for t in ordered)
    evidence["triggers"] = [_trigger_evidence(t) for t in ordered]
    evidence["thread"] = {"id": None if thread is None else thread.thread_id, "first": thread is None,
                          "notify": notify, "reason": reason}
    message = "；".join(dict.fromkeys(t.message for t in ordered))
    alert = replace(head, scope_kind="incident" if iid is not None else head.scope_kind,
                    scope_key=str(iid) if iid is not None else head.scope_key, level=level, message=message,
                    evidence=evidence)
    return Change(alert, list(ordered), None if thread is None else thread.thread_id, notify, reason)


def plan(con: duckdb.DuckDBPyConnection, triggers: Sequence[NewAlert],
         incident_evidence: Callable[[list[int]], Mapping[int, Mapping[str, Any]]] | None = None) -> list[Change]:
    """This cycle's triggers as thread changes: one per incident, one per alert not tied to one.
    ``incident_evidence(ids)``: id → evidence of each incident whose thread this cycle opens."""
    by_incident: dict[int, list[NewAlert]] = {}
    alone: list[NewAlert] = []
    for t in triggers:
        if t.incident_id is not None and t.scope_kind == "incident":
            by_incident.setdefault(int(t.incident_id), []).append(t)
        else:
            alone.append(t)
    threads = threads_of(con, by_incident)
    # the evidence of every thread this cycle opens, read at once
    opening = [iid for iid in by_incident if iid not in threads]
    facts = incident_evidence(opening) if incident_evidence is not None and opening else {}
    changes = [combine(ts, threads.get(iid), lambda i: facts.get(int(i))) for iid, ts in by_incident.items()]
    changes += [Change(t, [t], None, True, "不属于单一事件的预警，单独成线") for t in alone]
    return changes
