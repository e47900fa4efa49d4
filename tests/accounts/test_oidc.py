"""Sign-in through the company's identity provider: which account and role its claims give.

The provider itself is not run here (an OIDC server is out of reach offline); the login page's
button is tested in test_login_page.py, the mapping from claims to an account here."""
import pytest

from workbench import accounts
from workbench.accounts import oidc

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "workbench", "client_secret": "s", "server_metadata_url": "http://idp/.well-known/openid-configuration"}
CONFIG = oidc.settings({"auth": AUTH, "workbench_oidc": {"role_claim": "groups",
                                                        "roles": {"admin": ["pr-admins"], "analyst": ["pr-team"],
                                                                  "leader": ["executives"]}}})


def test_settings_come_from_the_auth_section_only_when_it_names_a_provider():
    assert oidc.settings({}) is None
    assert oidc.settings({"auth": {"redirect_uri": "x", "cookie_secret": "y"}}) is None
    assert CONFIG.provider is None and CONFIG.role_claim == "groups"
    named = oidc.settings({"auth": {"redirect_uri": "x", "cookie_secret": "y", "company": dict(AUTH)}})
    assert (named.provider, named.label) == ("company", "company")


def test_the_highest_role_the_claim_names_wins():
    assert oidc.role_from_claims({"groups": ["pr-team"]}, CONFIG) == "analyst"
    assert oidc.role_from_claims({"groups": ["executives", "pr-admins"]}, CONFIG) == "admin"
    assert oidc.role_from_claims({"groups": "leader"}, CONFIG) == "leader"  # a role's own name counts
    assert oidc.role_from_claims({"groups": ["staff"]}, CONFIG) is None
    assert oidc.role_from_claims({}, CONFIG) is None


def test_an_entry_in_the_users_table_wins_and_a_disabled_one_keeps_the_person_out(store):
    claims = {"email": "wangmin@example.com", "groups": ["pr-admins"]}
    assert oidc.actor_from_claims(store, claims, CONFIG).role == "admin"  # from the claim
    accounts.add(store, "wangmin@example.com", "leader", None, "命令行:root")  # OIDC-only account
    actor = oidc.actor_from_claims(store, claims, CONFIG)
    assert (actor, actor.role) == ("wangmin@example.com", "leader")
    accounts.set_disabled(store, "wangmin@example.com", True, "命令行:root")
    assert oidc.actor_from_claims(store, claims, CONFIG) is None


def test_no_role_and_no_account_means_no_entry(store):
    assert oidc.actor_from_claims(store, {"email": "visitor@example.com", "groups": ["staff"]}, CONFIG) is None
    assert oidc.actor_from_claims(store, {"groups": ["pr-team"]}, CONFIG) is None  # no name at all


def test_an_oidc_only_account_cannot_sign_in_with_a_password(store):
    accounts.add(store, "wangmin@example.com", "analyst", None, "命令行:root")
    with pytest.raises(accounts.LoginFailed, match="^账号或密码错误$"):
        accounts.authenticate(store, "wangmin@example.com", "")


def test_an_identity_provider_sign_in_is_audited_and_clears_failed_attempts(store):
    from conftest import audit_rows

    from workbench.accounts import store as account_store

    accounts.add(store, "wangmin@example.com", "analyst", "long-enough-1", "命令行:root")
    for _ in range(account_store.MAX_FAILURES - 1):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(store, "wangmin@example.com", "guess")
    actor = oidc.actor_from_claims(store, {"email": "wangmin@example.com"}, CONFIG)
    account_store.record_login(store, actor, "oidc")
    assert audit_rows(store, "users")[0][:2] == ("wangmin@example.com", "login")
    assert '"oidc"' in audit_rows(store, "users")[0][5]
    with pytest.raises(accounts.LoginFailed, match="账号或密码错误"):  # the count started again: not locked
        accounts.authenticate(store, "wangmin@example.com", "guess")
    assert account_store.locked_until(store, "wangmin@example.com") is None
