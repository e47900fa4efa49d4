"""Sending: HTTP POST of a prepared webhook request, and SMTP for e-mail. Errors become DeliveryError."""
from __future__ import annotations

import json
import smtplib
import ssl
from email.message import EmailMessage

import httpx

from ..channels import Channel
from .formats import HttpRequest

TIMEOUT_SECONDS = 10.0


class DeliveryError(Exception):
    """A channel refused or could not be reached; the text is stored as the delivery's last error."""


def post_json(req: HttpRequest, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """POST the request; success is HTTP 2xx and, for the robots, errcode / code 0 in the reply."""
    try:
        resp = httpx.post(req.url, content=req.content, headers=req.headers, timeout=timeout)
    except httpx.HTTPError as e:
        raise DeliveryError(f"连接失败：{type(e).__name__}: {e}") from None
    text = resp.text[:300]
    if resp.status_code >= 400:
        raise DeliveryError(f"HTTP {resp.status_code}: {text}")
    try:
        reply = resp.json()
    except (json.JSONDecodeError, ValueError):
        return text  # the generic webhook may answer with anything
    if isinstance(reply, dict):
        # 企业微信 / 钉钉 answer {"errcode": 0, "errmsg": "ok"}; 飞书 {"code": 0, "msg": "success"}
        for code_key, msg_key in (("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage")):
            code = reply.get(code_key)
            if code not in (None, 0, "0"):
                raise DeliveryError(f"{code_key} {code}: {reply.get(msg_key, '')}")
    return text


def send_email(channel: Channel, message: EmailMessage, *, timeout: float = TIMEOUT_SECONDS) -> None:
    """Send over SMTP (plain, STARTTLS or SSL as configured; login when a user is set)."""
    host, port = channel.smtp_host or "", int(channel.smtp_port or (465 if channel.smtp_security == "ssl" else 25))
    try:
        if channel.smtp_security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if channel.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if channel.smtp_user:
                smtp.login(channel.smtp_user, channel.smtp_password or "")
            refused = smtp.send_message(message, from_addr=channel.mail_from, to_addrs=channel.recipients)
    except (smtplib.SMTPException, OSError) as e:
        raise DeliveryError(f"SMTP 失败：{type(e).__name__}: {e}") from None
    if refused:
        raise DeliveryError(f"部分收件人被拒：{', '.join(refused)}")
