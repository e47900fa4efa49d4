"""Playbooks (应对预案) by category × level, read from ``data/playbooks.json``.

A playbook says which roles to staff, which talking-point keys to prepare, which actions to
start and by when; deadlines are multiples of the level's first-response clock as configured
(``incidents.clocks.load_config``), so a Ⅰ-level incident gets the same steps on a tighter clock.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from .. import config
from .clock import as_time

PLAYBOOKS_FILE = config.DATA_DIR / "playbooks.json"


@lru_cache(maxsize=None)
def load(path: str | Path = PLAYBOOKS_FILE) -> dict:
    """The playbook document (cached)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def forbidden_phrases() -> list[str]:
    """Phrases no statement should use whatever the incident (checked as warnings)."""
    return list(load().get("forbidden_phrases", []))


@dataclass
class Playbook:
    """What to do for one category at one level."""

    category: str
    level: str
    strategy: str
    roles: list[str]
    talking_points: list[dict]          # {key, template}
    actions: list[dict] = field(default_factory=list)  # {title, role, due_factor, due_hours}
    response_hours: float = 0.0         # the level's configured first-response clock


def for_incident(category: str | None, level: str | None, clocks: Mapping[str, Mapping[str, Any]]) -> Playbook:
    """The playbook for ``category`` × ``level`` (unknown values fall back to 其他 / Ⅳ); ``clocks``
    are the configured clock lengths (``incidents.clocks.load_config``)."""
    doc = load()
    cat = category if category in doc["categories"] else "其他"
    lvl = level if level in doc["levels"] else "Ⅳ"
    by_cat, by_level = doc["categories"][cat], doc["levels"][lvl]
    clock_hours = clocks["response"][lvl].total_seconds() / 3600
    roles = list(dict.fromkeys(by_level["roles"] + by_cat["roles"]))
    actions = [
        {**a, "due_hours": round(a["due_factor"] * clock_hours, 2)}
        for a in by_level["actions"] + by_cat["actions"]
    ]
    return Playbook(cat, lvl, by_level["strategy"], roles, list(by_cat["talking_points"]), actions, clock_hours)


def action_due(start, action: dict) -> datetime | None:
    """The absolute deadline of a playbook action for an incident whose clocks run from ``start``."""
    begin = as_time(start)
    return None if begin is None else begin + timedelta(hours=action["due_hours"])
