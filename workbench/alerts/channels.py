"""Delivery channels: where alerts are pushed (企业微信 / 钉钉 / 飞书 robots, a JSON webhook, e-mail).

Edited on the 预警汇报 page (audited; secrets never shown in full nor written to the audit log).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping
from urllib.parse import urlparse

import duckdb
import pandas as pd

from .. import access, audit, db
from ..vocab import LEVELS

KINDS = {
    "wecom": "企业微信群机器人",
    "dingtalk": "钉钉自定义机器人",
    "feishu": "飞书自定义机器人",
    "webhook": "通用 JSON Webhook",
    "email": "电子邮件（SMTP）",
}
SMTP_SECURITY = {"none": "不加密", "starttls": "STARTTLS", "ssl": "SSL/TLS"}
SECRET_FIELDS = ("secret", "smtp_password")
EDITABLE = (
    "name", "kind", "url", "secret", "smtp_host", "smtp_port", "smtp_security", "smtp_user",
    "smtp_password", "mail_from", "mail_to", "min_level", "active",
)


@dataclass(frozen=True)
class Channel:
    """One configured channel (a row of ``alert_channels``)."""

    id: int
    name: str
    kind: str
    url: str | None = None
    secret: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str = "none"
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_from: str | None = None
    mail_to: str | None = None
    min_level: str = "Ⅳ"
    active: bool = True

    def accepts(self, level: str | None) -> bool:
        """Whether an alert of ``level`` is grave enough for this channel (no level counts as Ⅳ)."""
        rank = LEVELS.index(level) if level in LEVELS else len(LEVELS) - 1
        return rank <= LEVELS.index(self.min_level if self.min_level in LEVELS else "Ⅳ")

    @property
    def recipients(self) -> list[str]:
        """The e-mail recipients (comma, semicolon or space separated)."""
        raw = (self.mail_to or "").replace(";", ",").replace(" ", ",")
        return [x for x in (p.strip() for p in raw.split(",")) if x]


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def _from_row(row: Mapping[str, Any]) -> Channel:
    names = {f.name for f in fields(Channel)}
    data = {k: _clean(v) for k, v in row.items() if k in names}
    if data.get("smtp_port") is not None:
        data["smtp_port"] = int(data["smtp_port"])
    data["active"] = bool(data.get("active"))
    data["smtp_security"] = data.get("smtp_security") or "none"
    data["min_level"] = data.get("min_level") or "Ⅳ"
    return Channel(**data)


def load_channels(con: duckdb.DuckDBPyConnection, *, active_only: bool = False) -> list[Channel]:
    """Every channel (or only the active ones), by name."""
    df = db.query("alert_channels", con)
    out = [_from_row(r) for r in df.to_dict("records")]
    return [c for c in out if c.active] if active_only else out


def mask_secret(value: str | None) -> str:
    """'abcdef123456' → '••••3456' (the UI and the audit log never show a secret)."""
    if not value:
        return ""
    return "••••" + value[-4:] if len(value) > 8 else "••••"


def channels_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Channels for display: secrets and passwords masked, the webhook key hidden in URLs."""
    rows = []
    for c in load_channels(con):
        rows.append({
            "id": c.id, "name": c.name, "kind": KINDS.get(c.kind, c.kind), "url": mask_url(c.url),
            "secret": mask_secret(c.secret), "smtp": f"{c.smtp_host}:{c.smtp_port}" if c.smtp_host else "",
            "smtp_security": SMTP_SECURITY.get(c.smtp_security, c.smtp_security) if c.kind == "email" else "",
            "mail_to": c.mail_to or "", "min_level": c.min_level, "active": c.active,
        })
    return pd.DataFrame(rows, columns=["id", "name", "kind", "url", "secret", "smtp", "smtp_security", "mail_to", "min_level", "active"])


def mask_url(url: str | None) -> str:
    """A webhook address without its query (robot keys / access tokens live there)."""
    if not url:
        return ""
    p = urlparse(url)
    return f"{p.scheme}://{p.netloc}{p.path}" + ("?••••" if p.query else "")


def _validate(data: dict[str, Any]) -> dict[str, Any]:
    name = str(data.get("name") or "").strip()
    if not name:
        raise ValueError("渠道名称不能为空")
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"渠道类型只能是：{'、'.join(KINDS.values())}")
    if data.get("min_level") not in LEVELS:
        raise ValueError("最低级别只能是 Ⅰ / Ⅱ / Ⅲ / Ⅳ")
    out = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in EDITABLE}
    out["name"] = name
    for k, v in list(out.items()):
        if v == "":
            out[k] = None
    if kind == "email":
        if not out.get("smtp_host"):
            raise ValueError("邮件渠道需要 SMTP 服务器地址")
        try:
            port = int(out.get("smtp_port") or 25)
        except (TypeError, ValueError):
            raise ValueError("SMTP 端口须为数字") from None
        if not 0 < port < 65536:
            raise ValueError("SMTP 端口须在 1–65535 之间")
        out["smtp_port"] = port
        if (out.get("smtp_security") or "none") not in SMTP_SECURITY:
            raise ValueError("SMTP 加密方式只能是 none / starttls / ssl")
        if not out.get("mail_from") or "@" not in out["mail_from"]:
            raise ValueError("请填写发件人邮箱")
        if not Channel(id=0, name=name, kind=kind, mail_to=out.get("mail_to")).recipients:
            raise ValueError("请填写至少一个收件人邮箱")
    else:
        url = out.get("url") or ""
        p = urlparse(url)
        if p.scheme not in ("http", "https") or not p.netloc:
            raise ValueError("Webhook 地址须以 http:// 或 https:// 开头")
    out["smtp_security"] = out.get("smtp_security") or "none"
    out["active"] = bool(out.get("active", True))
    return out


def _audit_view(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    view = {k: v for k, v in data.items() if k in EDITABLE or k == "id"}
    for k in SECRET_FIELDS:
        if view.get(k):
            view[k] = mask_secret(view[k])
    if view.get("url"):
        view["url"] = mask_url(view["url"])
    return view


def save_channel(con: duckdb.DuckDBPyConnection, data: Mapping[str, Any], actor: str, channel_id: int | None = None) -> int:
    """Create (``channel_id`` None) or update a channel; audited. An empty secret on update keeps the old one."""
    access.require(actor, "configure")
    data = dict(data)
    if channel_id is not None:
        with db.transaction(con) as cur:
            before = audit.row_dict(cur, "SELECT * FROM alert_channels WHERE id = ?", [int(channel_id)])
        if before is None:
            raise ValueError(f"渠道 {channel_id} 不存在")
        for k in SECRET_FIELDS:  # the form shows secrets masked; blank means "unchanged"
            if not data.get(k):
                data[k] = before.get(k)
        merged = {**{k: before.get(k) for k in EDITABLE}, **data}
    else:
        before, merged = None, {"min_level": "Ⅳ", "active": True, **data}
    clean = _validate(merged)
    cols = list(EDITABLE)
    with db.transaction(con) as cur:
        clash = cur.execute(
            "SELECT id FROM alert_channels WHERE name = ? AND id <> ?", [clean["name"], int(channel_id or -1)]
        ).fetchone()
        if clash:
            raise ValueError(f"已有名为「{clean['name']}」的渠道")
        values = [clean.get(c) for c in cols]
        if channel_id is None:
            placeholders = ", ".join("?" for _ in cols)
            new_id = cur.execute(
                f"INSERT INTO alert_channels ({', '.join(cols)}, created_by) VALUES ({placeholders}, ?) RETURNING id",
                [*values, actor],
            ).fetchone()[0]
            audit.record(cur, actor, "create", "alert_channels", new_id, None, _audit_view({"id": new_id, **clean}))
            return int(new_id)
        # column names come from the EDITABLE constant, never from input; values are bound
        assignments = ", ".join(f"{c} = ?" for c in cols)
        cur.execute(f"UPDATE alert_channels SET {assignments}, updated_at = now() WHERE id = ?", [*values, int(channel_id)])
        audit.record(cur, actor, "update", "alert_channels", channel_id, _audit_view(before), _audit_view({"id": channel_id, **clean}))
        return int(channel_id)


def delete_channel(con: duckdb.DuckDBPyConnection, channel_id: int, actor: str) -> None:
    """Remove a channel (audited); its past delivery records stay."""
    access.require(actor, "configure")
    with db.transaction(con) as cur:
        before = audit.row_dict(cur, "SELECT * FROM alert_channels WHERE id = ?", [int(channel_id)])
        if before is None:
            raise ValueError(f"渠道 {channel_id} 不存在")
        cur.execute("DELETE FROM alert_channels WHERE id = ?", [int(channel_id)])
        audit.record(cur, actor, "delete", "alert_channels", channel_id, _audit_view(before), None)
