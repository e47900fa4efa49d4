"""Sign-in through the company's identity provider (OIDC, Streamlit's ``st.login``).

Configured in ``.streamlit/secrets.toml``: Streamlit's own ``[auth]`` section (redirect_uri,
cookie_secret, client_id, client_secret, server_metadata_url; or one ``[auth.NAME]`` per
provider) and, optionally, the workbench's ``[workbench_oidc]``::

    [workbench_oidc]
    name_claim = "email"          # the claim that names the account (default: email)
    role_claim = "groups"         # the claim that carries roles (default: roles)
    [workbench_oidc.roles]        # claim values per role; a role's own name always counts
    admin = ["pr-admins"]
    analyst = ["pr-team"]
    leader = ["executives"]

Which role a person gets: an entry in the ``users`` table (``workbench users add NAME --role R
--oidc``) wins, and a disabled entry refuses the person; without one, the role claim decides
(the highest role it names); with neither, the person is not let in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import duckdb

from .. import access
from ..access import Actor
from . import store

NAME_CLAIMS = ("email", "preferred_username", "sub")


@dataclass(frozen=True)
class Settings:
    """What the login page needs to offer the identity provider and map its claims."""

    provider: str | None            # None: the single unnamed [auth] provider (st.login())
    label: str                      # the button's provider name
    name_claim: str = "email"
    role_claim: str = "roles"
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)


def settings(secrets: Mapping[str, Any]) -> Settings | None:
    """The OIDC settings from the secrets, or None when ``[auth]`` is not configured."""
    auth = secrets.get("auth") if secrets else None
    if not auth:
        return None
    named = [k for k, v in auth.items() if isinstance(v, Mapping)]
    provider = None if "client_id" in auth or not named else named[0]
    if provider is None and "client_id" not in auth:
        return None  # [auth] without any provider: st.login() would fail
    extra = secrets.get("workbench_oidc") or {}
    roles = {r: tuple(str(v) for v in (extra.get("roles") or {}).get(r, ())) for r in access.ROLES}
    return Settings(provider=provider, label=str(extra.get("label") or provider or "企业统一身份认证"),
                    name_claim=str(extra.get("name_claim") or "email"),
                    role_claim=str(extra.get("role_claim") or "roles"), roles=roles)


def account_name(claims: Mapping[str, Any], config: Settings) -> str | None:
    """The account name the claims give (the configured claim, else email / username / subject)."""
    for claim in (config.name_claim, *NAME_CLAIMS):
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def role_from_claims(claims: Mapping[str, Any], config: Settings) -> str | None:
    """The highest role the role claim names (by a configured value or the role's own name)."""
    raw = claims.get(config.role_claim)
    values = {raw} if isinstance(raw, str) else {str(v) for v in (raw or ())}
    for role in reversed(access.ROLES):  # admin, analyst, leader: the highest match wins
        if role in values or values & set(config.roles.get(role, ())):
            return role
    return None


def actor_from_claims(con: duckdb.DuckDBPyConnection, claims: Mapping[str, Any], config: Settings) -> Actor | None:
    """The signed-in :class:`Actor` for an identity provider's claims, or None (not let in)."""
    name = account_name(claims, config)
    if name is None:
        return None
    row = store.account(con, name)
    if row is not None:
        return None if row["disabled"] else Actor(row["name"], row["role"])
    role = role_from_claims(claims, config)
    return Actor(name, role) if role else None
