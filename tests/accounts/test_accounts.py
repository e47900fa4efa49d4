"""Local accounts: argon2 hashes, sign-in, lock-out after repeated failures, roles and disabling."""
from datetime import datetime, timedelta, timezone

import pytest
from conftest import audit_rows

from workbench import access, accounts
from workbench.access import Actor
from workbench.accounts import store as account_store

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
ADMIN = Actor("管理员甲", "admin")


def test_a_password_is_stored_only_as_an_argon2id_hash(store):
    accounts.add(store, "王敏", "analyst", "s3cret-pass", ADMIN)
    hashed = accounts.account(store, "王敏")["password_hash"]
    assert hashed.startswith("$argon2id$") and "s3cret-pass" not in hashed
    actor = accounts.authenticate(store, "王敏", "s3cret-pass", now=T0)
    assert (actor, actor.role) == ("王敏", "analyst")
    actor_, action, entity, name, before, after = audit_rows(store, "users")[1]
    assert (actor_, action, name) == ("管理员甲", "create", "王敏") and "argon2" not in after


def test_wrong_password_and_unknown_name_get_the_same_answer(store):
    accounts.add(store, "王敏", "analyst", "s3cret-pass", ADMIN)
    for name, password in (("王敏", "wrong-pass"), ("无此人", "s3cret-pass"), ("", "")):
        with pytest.raises(accounts.LoginFailed, match="^账号或密码错误$"):
            accounts.authenticate(store, name, password, now=T0)


def test_five_failures_in_fifteen_minutes_lock_the_account_even_for_the_right_password(store):
    accounts.add(store, "王敏", "analyst", "s3cret-pass", ADMIN)
    for minute in range(account_store.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed, match="账号或密码错误"):
            accounts.authenticate(store, "王敏", "guess", now=T0 + timedelta(minutes=minute))
    last = T0 + timedelta(minutes=account_store.MAX_FAILURES - 1)
    with pytest.raises(accounts.LoginFailed, match="已锁定至 17:19"):  # last failure 09:04 UTC + 15 min, Beijing time
        accounts.authenticate(store, "王敏", "s3cret-pass", now=last + timedelta(minutes=14))
    assert accounts.authenticate(store, "王敏", "s3cret-pass", now=last + timedelta(minutes=15, seconds=1)) == "王敏"


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(store):
    accounts.add(store, "王敏", "analyst", "s3cret-pass", ADMIN)
    for i in range(account_store.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(store, "王敏", "guess", now=T0 + timedelta(minutes=4 * i))
    assert accounts.authenticate(store, "王敏", "s3cret-pass", now=T0 + timedelta(minutes=17)) == "王敏"


def test_an_admin_can_unlock_and_a_success_clears_the_count(store):
    accounts.add(store, "王敏", "analyst", "s3cret-pass", ADMIN)
    for _ in range(account_store.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(store, "王敏", "guess", now=T0)
    accounts.unlock(store, "王敏", ADMIN)
    assert accounts.authenticate(store, "王敏", "s3cret-pass", now=T0 + timedelta(seconds=1)) == "王敏"
    assert audit_rows(store, "users")[1][:2] == ("管理员甲", "unlock")


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(store):
    accounts.add(store, "王敏", "analyst", "s3cret-pass", ADMIN)
    accounts.set_disabled(store, "王敏", True, ADMIN)
    with pytest.raises(accounts.LoginFailed, match="已停用"):
        accounts.authenticate(store, "王敏", "s3cret-pass", now=T0)
    assert accounts.actor_for(store, "王敏") is None
    accounts.set_disabled(store, "王敏", False, ADMIN)
    accounts.set_role(store, "王敏", "leader", ADMIN)
    assert accounts.actor_for(store, "王敏").role == "leader"


def test_only_admins_manage_accounts_and_the_last_admin_stays(store):
    accounts.add(store, "管理员甲", "admin", "s3cret-pass", "命令行:root")  # the first admin, from the server
    with pytest.raises(access.Forbidden, match="分析员「王敏」无权管理账号"):
        accounts.add(store, "李四", "admin", "s3cret-pass", Actor("王敏", "analyst"))
    with pytest.raises(ValueError, match="最后一个启用的管理员"):
        accounts.set_disabled(store, "管理员甲", True, ADMIN)
    with pytest.raises(ValueError, match="最后一个启用的管理员"):
        accounts.set_role(store, "管理员甲", "leader", ADMIN)
    with pytest.raises(ValueError, match="已存在"):
        accounts.add(store, "管理员甲", "admin", "s3cret-pass", ADMIN)
    with pytest.raises(ValueError, match="密码至少 8 个字符"):
        accounts.add(store, "李四", "analyst", "short", ADMIN)
    with pytest.raises(ValueError, match="角色只能是"):
        accounts.add(store, "李四", "boss", "s3cret-pass", ADMIN)
    with pytest.raises(ValueError, match="控制字符"):
        accounts.add(store, "李\u202e四", "analyst", "s3cret-pass", ADMIN)


def test_the_demo_store_has_three_accounts_with_the_demo_password(demo_store):
    assert accounts.listing(demo_store)[["name", "role"]].values.tolist() == [
        ["admin", "admin"], ["analyst", "analyst"], ["leader", "leader"]]
    for name in ("admin", "analyst", "leader"):
        assert accounts.authenticate(demo_store, name, "demo1234").role == name


def test_a_store_without_demo_data_starts_with_no_accounts(store):
    assert accounts.count(store) == 0


def test_the_readme_names_the_demo_accounts_and_their_password():
    from conftest import ROOT

    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 登录与角色"):]
    assert all(f"`{name}`" in section for name in account_store.DEMO_ACCOUNTS)
    assert f"`{accounts.DEMO_PASSWORD}`" in section
    assert "workbench users add 名称 --role admin" in section
