"""Who may write what: roles, permissions and the check every write function makes.

Three roles (issue 12): 领导 ``leader`` reads every page and downloads briefings but writes
nothing; 分析员 ``analyst`` runs the process (labels, levels, incidents, alerts, plans,
statements, actions, tracking, reviews, uploads); 管理员 ``admin`` also manages sources,
rules, entities, channels, alert rules, clocks, models and users.

A person acting through the web app is an :class:`Actor`: the account name (a ``str``, so
the audit log and every ``created_by`` column store it unchanged) carrying its role. Write
functions call ``require(actor, permission)`` before writing. A plain ``str`` actor is a
process on the server itself (the CLI, the monitor, a notebook, a test): it already holds the
database file, so no role check could stop it; the web app never passes one.
"""
from __future__ import annotations

ROLES = ("leader", "analyst", "admin")
ROLE_NAMES = {"leader": "领导", "analyst": "分析员", "admin": "管理员"}

# permission -> (Chinese name of the act, roles allowed)
PERMISSIONS: dict[str, tuple[str, frozenset[str]]] = {
    "export": ("下载简报与导出", frozenset(ROLES)),
    "process": ("处置操作（标签、事件、预警、方案、声明、行动、跟踪、复盘、上传）", frozenset({"analyst", "admin"})),
    "configure": ("管理采集源、规则、主体词、推送渠道、预警规则、时限与模型", frozenset({"admin"})),
    "force": ("强制批准本人起草的声明", frozenset({"admin"})),
    "users": ("管理账号", frozenset({"admin"})),
    "audit": ("查看审计日志", frozenset({"admin"})),
}


class Forbidden(ValueError):
    """A write the actor's role does not allow; the message is for the user (Chinese).

    A ``ValueError``, so every page's write path shows it as a clear message, never a traceback.
    """


class Actor(str):
    """An account acting through the web app: its name (what the audit log records) and role."""

    role: str

    def __new__(cls, name: str, role: str) -> "Actor":
        if role not in ROLES:
            raise ValueError(f"未知角色「{role}」，可选：{' / '.join(ROLES)}")
        obj = super().__new__(cls, name)
        obj.role = role
        return obj

    @property
    def role_name(self) -> str:
        """The role in Chinese (领导 / 分析员 / 管理员)."""
        return ROLE_NAMES[self.role]


def role_of(actor: str) -> str | None:
    """The actor's role, or None for a process on the server (a plain ``str``)."""
    return getattr(actor, "role", None)


def allows(actor: str, permission: str) -> bool:
    """Whether ``actor`` may do ``permission`` (processes on the server may do everything)."""
    role = role_of(actor)
    return role is None or role in PERMISSIONS[permission][1]


def require(actor: str, permission: str) -> None:
    """Raise :class:`Forbidden` unless ``actor`` may do ``permission``."""
    if not allows(actor, permission):
        what, roles = PERMISSIONS[permission]
        who = "、".join(ROLE_NAMES[r] for r in ROLES if r in roles)
        raise Forbidden(f"{ROLE_NAMES[role_of(actor)]}「{actor}」无权{what}：需要{who}账号。")
