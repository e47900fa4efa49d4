"""Local accounts: argon2id password hashes in the ``users`` table, sign-in with lock-out.

Lock-out rule: 5 wrong passwords for one name within 15 minutes lock it; the lock ends 15
minutes after the last of them (or when an admin runs ``workbench users unlock``). A locked
name is refused without checking the password. A success clears the count.
"""
from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .. import access, audit, db
from ..access import Actor

MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 8
DEMO_PASSWORD = "demo1234"
DEMO_ACCOUNTS = {"analyst": "analyst", "leader": "leader", "admin": "admin"}  # name -> role
ENTITY = "users"

_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters


class LoginFailed(ValueError):
    """Sign-in refused; the message is for the user (Chinese) and never says which part was wrong."""


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Unknown names are checked against this, so a wrong name takes as long as a wrong password.
    return _hasher.hash("no such account")


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(timezone.utc)


def clean_name(name: str) -> str:
    """The account name as stored: trimmed, 1–64 characters, no control or format characters."""
    text = (name or "").strip()
    if not text:
        raise ValueError("请填写账号名")
    if len(text) > 64:
        raise ValueError("账号名最多 64 个字符")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise ValueError("账号名不能含控制字符")
    return text


def _check_role(role: str) -> str:
    if role not in access.ROLES:
        raise ValueError(f"角色只能是 {' / '.join(access.ROLES)}（{'、'.join(access.ROLE_NAMES.values())}），收到「{role}」")
    return role


def _check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise ValueError(f"密码至少 {MIN_PASSWORD} 个字符")
    return password


def _row(cur: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    return audit.row_dict(cur, db.sql_text("account_credentials"), {"name": name})


def _public(row: dict | None) -> dict | None:
    """An account row as the audit log keeps it: never the hash."""
    if row is None:
        return None
    return {"name": row["name"], "role": row["role"], "disabled": bool(row["disabled"]),
            "oidc_only": row["password_hash"] is None}


def add(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str | None, actor: str) -> str:
    """Create an account; ``password=None`` makes one that signs in only through the identity
    provider (OIDC). Returns the stored name."""
    access.require(actor, "users")
    name = clean_name(name)
    _check_role(role)
    hashed = None if password is None else _hasher.hash(_check_password(password))
    with db.transaction(con) as cur:
        if _row(cur, name) is not None:
            raise ValueError(f"账号「{name}」已存在")
        cur.execute("INSERT INTO users (name, role, password_hash, created_by) VALUES (?, ?, ?, ?)",
                    [name, role, hashed, str(actor)])
        audit.record(cur, actor, "create", ENTITY, name, None, _public(_row(cur, name)))
    return name


def _change(con: duckdb.DuckDBPyConnection, name: str, actor: str, action: str, sql: str, params: list) -> None:
    """One update of one account, audited, refusing to leave the store without an enabled admin."""
    access.require(actor, "users")
    with db.transaction(con) as cur:
        before = _row(cur, name)
        if before is None:
            raise ValueError(f"账号「{name}」不存在")
        cur.execute(sql, [*params, name])
        after = _row(cur, name)
        if before["role"] == "admin" and not before["disabled"] and (after["role"] != "admin" or after["disabled"]):
            left = cur.execute("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled").fetchone()[0]
            if left == 0:
                raise ValueError("不能停用或降级最后一个启用的管理员账号")
        audit.record(cur, actor, action, ENTITY, name, _public(before), _public(after))


def set_role(con: duckdb.DuckDBPyConnection, name: str, role: str, actor: str) -> None:
    """Give an account another role."""
    _change(con, name, actor, "set_role", "UPDATE users SET role = ? WHERE name = ?", [_check_role(role)])


def set_disabled(con: duckdb.DuckDBPyConnection, name: str, disabled: bool, actor: str) -> None:
    """Disable an account (it can no longer sign in; open sessions end at their next step) or enable it."""
    _change(con, name, actor, "disable" if disabled else "enable",
            "UPDATE users SET disabled = ? WHERE name = ?", [bool(disabled)])


def set_password(con: duckdb.DuckDBPyConnection, name: str, password: str, actor: str) -> None:
    """Replace an account's password."""
    hashed = _hasher.hash(_check_password(password))
    _change(con, name, actor, "set_password", "UPDATE users SET password_hash = ? WHERE name = ?", [hashed])


def unlock(con: duckdb.DuckDBPyConnection, name: str, actor: str) -> None:
    """End a lock-out now (the failed attempts before it no longer count)."""
    access.require(actor, "users")
    with db.transaction(con) as cur:
        cur.execute("INSERT INTO login_attempts (name, outcome) VALUES (?, 'unlock')", [name])
        audit.record(cur, actor, "unlock", ENTITY, name)


def locked_until(con: duckdb.DuckDBPyConnection, name: str, now: datetime | None = None) -> datetime | None:
    """When the lock on ``name`` ends, or None when it is not locked."""
    at = _now(now)
    times = [t.to_pydatetime() for t in
             db.query("account_recent_failures", con, name=name, since=at - 2 * LOCK_WINDOW)["at"]]
    ends = [times[i + MAX_FAILURES - 1] + LOCK_WINDOW for i in range(len(times) - MAX_FAILURES + 1)
            if times[i + MAX_FAILURES - 1] - times[i] <= LOCK_WINDOW]
    return max(ends) if ends and max(ends) > at else None


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str, now: datetime | None = None) -> Actor:
    """Check a local account's password; the signed-in :class:`Actor`, or :class:`LoginFailed`."""
    at = _now(now)
    name = (name or "").strip()
    until = locked_until(con, name, at) if name else None
    if until is not None:
        _attempt(con, name, "locked", at)
        raise LoginFailed(f"该账号连续 {MAX_FAILURES} 次密码错误，已锁定至 "
                          f"{until.astimezone(timezone(timedelta(hours=8))):%H:%M}（北京时间）；也可请管理员解锁。")
    row = account(con, name) if name else None
    hashed = row["password_hash"] if row else None
    try:
        ok = _hasher.verify(hashed or _dummy_hash(), password or "") and hashed is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        _attempt(con, name or "（空）", "bad_password", at)
        raise LoginFailed("账号或密码错误")
    if row["disabled"]:
        _attempt(con, name, "disabled", at)
        raise LoginFailed("该账号已停用，请联系管理员")
    actor = Actor(row["name"], row["role"])
    record_login(con, actor, "password", at)
    return actor


def record_login(con: duckdb.DuckDBPyConnection, actor: Actor, method: str, now: datetime | None = None) -> None:
    """Note a successful sign-in (``password`` or ``oidc``): it clears failed attempts and is audited."""
    with db.transaction(con) as cur:
        cur.execute("INSERT INTO login_attempts (name, \"at\", outcome) VALUES (?, ?, 'ok')", [str(actor), _now(now)])
        audit.record(cur, actor, "login", ENTITY, str(actor), None, {"method": method})


def _attempt(con: duckdb.DuckDBPyConnection, name: str, outcome: str, at: datetime) -> None:
    con.cursor().execute("INSERT INTO login_attempts (name, \"at\", outcome) VALUES (?, ?, ?)", [name, at, outcome])


def account(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    """One account's row (name, role, password_hash, disabled), or None."""
    return _row(con.cursor(), name)


def actor_for(con: duckdb.DuckDBPyConnection, name: str) -> Actor | None:
    """The account's current :class:`Actor`, or None when it is gone or disabled (a session
    checks this at every step, so a role change or a disabling takes effect at once)."""
    row = account(con, name)
    if row is None or row["disabled"]:
        return None
    return Actor(row["name"], row["role"])


def count(con: duckdb.DuckDBPyConnection) -> int:
    """How many accounts exist (none: the login page says how to create the first admin)."""
    return int(con.cursor().execute("SELECT count(*) FROM users").fetchone()[0])


def listing(con: duckdb.DuckDBPyConnection):
    """Every account (no hashes), as a DataFrame."""
    return db.query("account_list", con)


def ensure_demo_accounts(con: duckdb.DuckDBPyConnection, actor: str = "演示数据") -> list[str]:
    """The three demo accounts (analyst / leader / admin, password ``demo1234``), where missing."""
    made = []
    for name, role in DEMO_ACCOUNTS.items():
        if account(con, name) is None:
            made.append(add(con, name, role, DEMO_PASSWORD, actor))
    return made
