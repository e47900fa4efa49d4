"""Accounts of the web app: local ones (argon2 hashes, lock-out) and OIDC sign-in; see ``access`` for roles."""
from .store import (DEMO_PASSWORD, LoginFailed, account, actor_for, add, authenticate, count, ensure_demo_accounts,
                    listing, set_disabled, set_password, set_role, unlock)

__all__ = ["DEMO_PASSWORD", "LoginFailed", "account", "actor_for", "add", "authenticate", "count",
           "ensure_demo_accounts", "listing", "set_disabled", "set_password", "set_role", "unlock"]
