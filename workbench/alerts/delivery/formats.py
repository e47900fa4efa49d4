"""The real message formats of each channel kind, and the robots' signing.

企业微信 group robot: POST {"msgtype": "markdown", "markdown": {"content": …}} (content ≤ 4096 bytes).
钉钉 custom robot: POST {"msgtype": "markdown", "markdown": {"title", "text"}} to the webhook with
  ``timestamp`` (ms) and ``sign`` query parameters, sign = urlencode(base64(HMAC-SHA256(key=secret,
  msg=f"{timestamp}\\n{secret}"))).
飞书 custom robot: POST {"timestamp", "sign", "msg_type": "interactive", "card": …} with timestamp in
  seconds and sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")).
Generic webhook: our own JSON (the alert with its evidence); with a secret, the header
  ``X-Workbench-Signature: sha256=<hex HMAC of the body>`` lets the receiver check it.
E-mail: a UTF-8 plain-text message with a Chinese subject.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pandas as pd

from ...pii import mask_pii
from ...vocab import LEVEL_NAMES
from ..store import RULE_NAMES, SCOPE_NAMES
from ..timeutil import to_local

WECOM_MAX_BYTES = 4096
TEXT_MAX_CHARS = 3500   # 钉钉 / 飞书 bodies stay far below their 20 KB limits
FEISHU_TEMPLATE = {"Ⅰ": "red", "Ⅱ": "orange", "Ⅲ": "yellow", "Ⅳ": "blue"}
WECOM_COLOR = {"Ⅰ": "warning", "Ⅱ": "warning", "Ⅲ": "comment", "Ⅳ": "info"}
APP_HINT = "请在工作台「预警汇报」页确认处理。"


@dataclass(frozen=True)
class HttpRequest:
    """One webhook call: where, the exact bytes, and the JSON they encode (for tests and logs)."""

    url: str
    body: dict[str, Any]
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AlertText:
    """The parts of an alert every format is built from."""

    alert_id: int
    level: str | None
    title: str
    message: str
    lines: list[str]              # "label：value" facts
    posts: list[dict[str, Any]]   # masked excerpts with links
    explanation: str
    raw: dict[str, Any]           # the alert row with evidence, for the generic webhook


def _plain(text: Any, limit: int = 120) -> str:
    """Untrusted text made inert for chat markdown: one line, no tags, links or mentions."""
    s = mask_pii(" ".join(str(text or "").split()))
    for a, b in (("<", "＜"), (">", "＞"), ("[", "［"), ("]", "］"), ("`", "'"), ("@", "＠")):
        s = s.replace(a, b)
    return s[:limit] + ("…" if len(s) > limit else "")


def _safe_url(url: Any) -> str | None:
    u = mask_pii(str(url or ""))
    return u if u.startswith(("http://", "https://")) and not any(c in u for c in " ()<>\n") else None


def _json_scalar(value: Any) -> Any:
    """NaN / NaT (from DataFrame rows) become null: strict JSON receivers reject NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, (datetime, pd.Timestamp)):
        return to_local(value).isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rule_names(alert: Mapping[str, Any], evidence: Mapping[str, Any]) -> str:
    """The rules that fired in this thread change ('发帖量突增、负面占比上升'), else the alert's rule."""
    names = [t.get("rule_name") or RULE_NAMES.get(t.get("rule"), t.get("rule")) for t in evidence.get("triggers") or []]
    names = [n for n in dict.fromkeys(names) if n]
    return "、".join(names) if names else RULE_NAMES.get(alert.get("rule"), alert.get("rule") or "预警")


def alert_text(alert: Mapping[str, Any]) -> AlertText:
    """Gather title, facts and masked posts of an alert row (with ``evidence`` as dict or JSON text).

    A later change of an incident's thread (pushed because it escalated) says so in its title and
    gives the thread and the reason."""
    evidence = alert.get("evidence") or {}
    if isinstance(evidence, str):
        evidence = json.loads(evidence) if evidence else {}
    level = alert.get("level")
    alert_id = int(alert.get("alert_id", alert.get("id")) or 0)
    thread = alert.get("thread_id")
    thread = None if thread is None or (isinstance(thread, float) and math.isnan(thread)) else int(thread)
    update = thread is not None and thread != alert_id
    rule_name = _rule_names(alert, evidence)
    level_name = LEVEL_NAMES.get(level, "未定级")
    title = f"【舆情预警{'升级' if update else ''}·{level_name}】{rule_name}"
    created = alert.get("created_at")
    lines = [f"级别：{level_name}", f"规则：{rule_name}"]
    if alert.get("scope_kind"):
        lines.append(f"范围：{SCOPE_NAMES.get(alert['scope_kind'], alert['scope_kind'])}「{_plain(alert.get('scope_label'), 60)}」")
    if isinstance(created, datetime):
        lines.append(f"时间：{to_local(created):%Y-%m-%d %H:%M}")
    lines.append(f"预警编号：{alert_id}")
    if update:
        lines.append(f"预警线程：#{thread}（同一事件的后续预警）")
        if isinstance(alert.get("reason"), str) and alert["reason"]:
            lines.append(f"推送原因：{_plain(alert['reason'], 120)}")
    posts = []
    for p in (evidence.get("posts") or [])[:3]:
        posts.append({"excerpt": _plain(p.get("excerpt"), 80), "platform": _plain(p.get("platform"), 20), "url": _safe_url(p.get("url"))})
    raw = {k: _json_scalar(v) for k, v in alert.items() if k != "evidence"}
    raw["evidence"] = evidence
    return AlertText(
        alert_id=alert_id, level=level, title=title,
        message=_plain(alert.get("message"), 300), lines=lines, posts=posts,
        explanation=_plain(evidence.get("explanation"), 400), raw=raw,
    )


def summary_text(rows: list[Mapping[str, Any]], shown_one_by_one: int) -> AlertText:
    """One message standing for many alert rows (a channel's overflow in one delivery run)."""
    levels = [r.get("level") if r.get("level") in LEVEL_NAMES else None for r in rows]
    by_level = {LEVEL_NAMES.get(lv, "未定级"): levels.count(lv) for lv in dict.fromkeys(levels)}
    counts = "、".join(f"{name} {n} 条" for name, n in by_level.items())
    gravest = next((lv for lv in levels if lv), None)
    lines = [f"本轮已逐条推送 {shown_one_by_one} 条，其余 {len(rows)} 条合并于此：{counts}"]
    lines += [f"#{int(r['alert_id'])} {RULE_NAMES.get(r.get('rule'), r.get('rule') or '预警')}：{_plain(r.get('message'), 60)}"
              for r in rows[:10]]
    if len(rows) > 10:
        lines.append(f"……另 {len(rows) - 10} 条")
    ids = [int(r["alert_id"]) for r in rows]
    return AlertText(
        alert_id=0, level=gravest, title=f"【舆情预警·汇总】另有 {len(rows)} 条预警",
        message=f"待推送预警过多，{len(rows)} 条合并为本条汇总，请到工作台查看全部。", lines=lines, posts=[],
        explanation="", raw={"summary": True, "count": len(rows), "by_level": by_level, "alert_ids": ids},
    )


def markdown_body(t: AlertText, *, wecom: bool = False) -> str:
    """The Markdown text shared by the robots (企业微信 adds its colour tags)."""
    head = f'<font color="{WECOM_COLOR.get(t.level, "comment")}">{t.title}</font>' if wecom else f"**{t.title}**"
    parts = [f"### {head}" if not wecom else head, "", t.message, ""]
    parts += [f"> {line}" for line in t.lines]
    if t.explanation:
        parts += ["", f"依据：{t.explanation}"]
    if t.posts:
        parts += ["", "代表帖子（已脱敏）："]
        for i, p in enumerate(t.posts, 1):
            link = f" [原帖]({p['url']})" if p["url"] else ""
            parts.append(f"{i}. {p['platform']}：{p['excerpt']}{link}")
    parts += ["", APP_HINT]
    return "\n".join(parts)


def _cut_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "…"


def _cut(text: str, limit: int = TEXT_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_bytes(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")


JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉 signature (base64, before URL encoding) of ``timestamp_ms`` with ``secret``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书 signature: the key is "timestamp\\nsecret", the message is empty."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode("utf-8"), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _with_query(url: str, extra: Mapping[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(extra.items())
    return urlunsplit(parts._replace(query=urlencode(query)))  # urlencode quotes the base64 sign


def wecom_request(url: str, t: AlertText) -> HttpRequest:
    """企业微信 group robot markdown message."""
    body = {"msgtype": "markdown", "markdown": {"content": _cut_bytes(markdown_body(t, wecom=True), WECOM_MAX_BYTES)}}
    return HttpRequest(url, body, _json_bytes(body), dict(JSON_HEADERS))


def dingtalk_request(url: str, secret: str | None, t: AlertText, now: datetime) -> HttpRequest:
    """钉钉 custom robot markdown message, signed when the robot has a secret."""
    body = {"msgtype": "markdown", "markdown": {"title": t.title, "text": _cut(markdown_body(t))}}
    if secret:
        ts = int(now.timestamp() * 1000)
        url = _with_query(url, {"timestamp": str(ts), "sign": dingtalk_sign(secret, ts)})
    return HttpRequest(url, body, _json_bytes(body), dict(JSON_HEADERS))


def feishu_request(url: str, secret: str | None, t: AlertText, now: datetime) -> HttpRequest:
    """飞书 custom robot interactive card, signed when the robot has a secret."""
    md = "\n".join([t.message, "", *t.lines] + ([f"依据：{t.explanation}"] if t.explanation else []))
    elements: list[dict[str, Any]] = [{"tag": "div", "text": {"tag": "lark_md", "content": _cut(md)}}]
    if t.posts:
        post_lines = [
            f"{i}. {p['platform']}：{p['excerpt']}" + (f" [原帖]({p['url']})" if p["url"] else "")
            for i, p in enumerate(t.posts, 1)
        ]
        elements += [{"tag": "hr"}, {"tag": "div", "text": {"tag": "lark_md", "content": "代表帖子（已脱敏）：\n" + "\n".join(post_lines)}}]
    elements.append({"tag": "note", "elements": [{"tag": "plain_text", "content": APP_HINT}]})
    body: dict[str, Any] = {}
    if secret:
        ts = int(now.timestamp())
        body.update({"timestamp": str(ts), "sign": feishu_sign(secret, ts)})
    body.update({
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {"template": FEISHU_TEMPLATE.get(t.level, "blue"), "title": {"tag": "plain_text", "content": t.title}},
            "elements": elements,
        },
    })
    return HttpRequest(url, body, _json_bytes(body), dict(JSON_HEADERS))


def webhook_request(url: str, secret: str | None, t: AlertText, now: datetime) -> HttpRequest:
    """Generic JSON webhook: the alert and its evidence; HMAC-signed body when a secret is set."""
    body = {
        "event": "alert",
        "sent_at": to_local(now).isoformat(),
        "title": t.title,
        "text": markdown_body(t),
        "alert": t.raw,
    }
    content = _json_bytes(body)
    body = json.loads(content)  # what the receiver sees (datetimes as text)
    headers = dict(JSON_HEADERS)
    if secret:
        headers["X-Workbench-Signature"] = "sha256=" + hmac.new(secret.encode("utf-8"), content, hashlib.sha256).hexdigest()
    return HttpRequest(url, body, content, headers)


def email_message(sender: str, recipients: list[str], t: AlertText, now: datetime) -> EmailMessage:
    """A UTF-8 plain-text e-mail with a Chinese subject (encoded per RFC 2047 by the email package)."""
    msg = EmailMessage()
    msg["Subject"] = f"{t.title}：{t.message[:60]}"
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(now.timestamp(), localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] if "@" in sender else None)
    lines = [t.title, "", t.message, "", *t.lines]
    if t.explanation:
        lines += ["", f"依据：{t.explanation}"]
    if t.posts:
        lines += ["", "代表帖子（已脱敏）："]
        lines += [f"{i}. {p['platform']}：{p['excerpt']}" + (f"\n   {p['url']}" if p["url"] else "") for i, p in enumerate(t.posts, 1)]
    lines += ["", APP_HINT]
    msg.set_content("\n".join(lines), charset="utf-8")
    return msg
