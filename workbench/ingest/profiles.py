"""Named column-mapping profiles (table ``mapping_profiles``): save, list, find, match."""
from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

import duckdb

from .. import access, audit, db
from .mapping import guess_platform, header_signature, propose_mapping, validate_mapping


def list_profiles(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every saved profile, newest first, with ``mapping`` and ``headers`` decoded."""
    df = db.query("ingest_mapping_profiles", con)
    out = []
    for rec in df.to_dict("records"):
        rec["mapping"] = json.loads(rec["mapping"])
        rec["headers"] = json.loads(rec["headers"])
        out.append(rec)
    return out


def get_profile(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any] | None:
    """The profile called ``name``, or None."""
    return next((p for p in list_profiles(con) if p["name"] == name), None)


def match_profile(con: duckdb.DuckDBPyConnection, headers: Sequence[str]) -> dict[str, Any] | None:
    """The saved profile for a file with these headers: same header set first, else the newest
    profile whose mapped columns all exist in the file."""
    profiles = list_profiles(con)
    sig = header_signature(headers)
    for p in profiles:
        if p["signature"] == sig:
            return p
    present = set(headers)
    fits = [p for p in profiles if p["mapping"] and set(p["mapping"].values()) <= present]
    return max(fits, key=lambda p: len(p["mapping"]), default=None)


def save_profile(con: duckdb.DuckDBPyConnection, name: str, headers: Sequence[str], mapping: Mapping[str, str | None],
                 *, platform: str | None = None, actor: str) -> int:
    """Save (or replace) a named profile; audited. Raises ValueError with a Chinese reason."""
    access.require(actor, "process")
    name = (name or "").strip()
    if not name:
        raise ValueError("请填写映射方案名称")
    clean = validate_mapping(mapping, list(headers))
    after = {"name": name, "mapping": clean, "platform": platform, "headers": list(headers)}
    with db.transaction(con) as cur:
        before = audit.row_dict(cur, "SELECT id, name, mapping, platform FROM mapping_profiles WHERE name = ?", [name])
        params = [header_signature(headers), json.dumps(list(headers), ensure_ascii=False),
                  json.dumps(clean, ensure_ascii=False), platform or None]
        if before is None:
            pid = cur.execute(
                "INSERT INTO mapping_profiles (signature, headers, mapping, platform, created_by, name) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", params + [actor, name]).fetchall()[0][0]
        else:
            pid = before["id"]
            cur.execute("UPDATE mapping_profiles SET signature = ?, headers = ?, mapping = ?, platform = ?, "
                        "updated_at = now() WHERE id = ?", params + [pid])
        audit.record(cur, actor, "save" if before is None else "update", "mapping_profiles", pid, before, after)
    return int(pid)


def suggest_mapping(con: duckdb.DuckDBPyConnection, headers: Sequence[str]) -> tuple[dict[str, str], str | None, str | None]:
    """What the upload screen proposes: ``(mapping, platform, profile name or None)`` — a saved
    profile matching the headers, else the recognised headers."""
    saved = match_profile(con, headers)
    if saved is not None:
        return dict(saved["mapping"]), saved["platform"] or guess_platform(headers), saved["name"]
    return propose_mapping(headers), guess_platform(headers), None
