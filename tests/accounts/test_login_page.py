"""The login page (AppTest from the entry point): nothing but the login before sign-in, the way to
the first admin on a store without accounts, the identity provider's button when configured, and
the signed-in account — never a typed name — as every write's actor."""
import pytest
from conftest import APP, account, audit_rows, sign_in

from workbench import accounts

LOGIN_TITLE = "登录 · 职场舆情处置工作台"


def _fresh():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(APP), default_timeout=120)


def test_before_sign_in_every_page_is_the_login(demo_store):
    at = _fresh().run()
    assert [t.value for t in at.title] == [LOGIN_TITLE]
    assert not at.sidebar.button and not at.dataframe and not at.metric
    at.switch_page("pages/labels.py").run()  # a deep link before sign-in: still only the login
    assert [t.value for t in at.title] == [LOGIN_TITLE]
    assert not at.dataframe and not at.metric


def test_a_deep_link_opens_its_page_once_signed_in(demo_store):
    account("李文", "analyst")
    at = _fresh().run()
    at.switch_page("pages/assess.py").run()
    sign_in(at, "李文")
    assert [t.value for t in at.title][:1] == ["影响评估"]


def test_a_store_without_accounts_says_how_to_make_the_first_admin(store):
    at = _fresh().run()
    assert any("workbench users add 名称 --role admin" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "oidc_login"]  # no identity provider configured


def test_the_identity_provider_button_shows_when_auth_is_configured(store):
    at = _fresh()
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "workbench", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    at.secrets["workbench_oidc"] = {"label": "集团统一身份认证"}
    at.run()
    assert at.button(key="oidc_login").label == "使用集团统一身份认证登录"
    assert at.text_input(key="login_name")  # local accounts still work beside it


def test_wrong_password_shows_a_chinese_error_and_stays_on_the_login(store):
    account("王敏")
    at = sign_in(_fresh().run(), "王敏", "not-the-password")
    assert any(e.value == "账号或密码错误" for e in at.error)
    assert [t.value for t in at.title] == [LOGIN_TITLE]


def test_the_audit_actor_is_the_signed_in_account_not_a_typed_name(demo_store, open_page):
    iid = demo_store.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]
    at = open_page("assess", user="王敏")
    at.session_state["user"] = "董事长王总<script>alert(1)</script>"  # the old sidebar field's key: ignored
    at.selectbox(key="assess_incident").set_value(iid).run()
    at.selectbox(key="override_level").set_value("Ⅰ")
    at.text_area(key="override_reason").set_value("扩散到央媒")
    at.button(key="FormSubmitter:assess_override-调整级别").click().run()
    assert not at.exception
    assert audit_rows(demo_store, "incidents")[0][:2] == ("王敏", "override_level")


def test_a_leader_is_refused_on_the_page_and_nothing_is_written(demo_store, open_page):
    iid = demo_store.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]
    at = open_page("assess", role="leader", user="赵总")
    before = demo_store.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    at.selectbox(key="assess_incident").set_value(iid).run()
    at.selectbox(key="override_level").set_value("Ⅰ")
    at.text_area(key="override_reason").set_value("领导想调")
    at.button(key="FormSubmitter:assess_override-调整级别").click().run()
    assert any("领导「赵总」无权处置操作" in e.value for e in at.error)
    assert demo_store.execute("SELECT level_override FROM incidents WHERE id = ?", [iid]).fetchone()[0] is None
    assert demo_store.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_navigation_shows_the_admin_pages_only_to_admins(demo_store, open_page):
    at = open_page("overview", role="analyst")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/audit.py")  # not registered for an analyst
    at = open_page("audit", role="admin", user="管理员甲")
    assert [t.value for t in at.title] == ["审计日志"]


def test_disabling_an_account_ends_its_open_session(store, open_page):
    at = open_page("overview", user="王敏")
    accounts.set_disabled(store, "王敏", True, "命令行:root")
    at.run()
    assert [t.value for t in at.title] == [LOGIN_TITLE]
    assert any("已停用" in e.value for e in at.error)


def test_sign_out_returns_to_the_login(store, open_page):
    at = open_page("overview")
    at.sidebar.button(key="sign_out").click().run()
    assert [t.value for t in at.title] == [LOGIN_TITLE]


def test_the_audit_page_filters_by_actor_and_exports_masked_csv(demo_store, open_page):
    from workbench.response import talking_points

    iid = demo_store.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]
    talking_points.set_point(demo_store, iid, "联系人", "请致电 13812345678", "王敏")
    at = open_page("audit", role="admin", user="管理员甲")
    at.selectbox(key="audit_actor").set_value("王敏").run()
    rows = at.dataframe[0].value
    assert set(rows["actor"]) == {"王敏"} and len(rows) == 1
    assert "138****5678" in rows["after"].iloc[0] and "13812345678" not in rows["after"].iloc[0]
    at.selectbox(key="audit_actor").set_value("管理员甲").run()
    assert set(at.dataframe[0].value["action"]) == {"login"}


def test_a_demo_store_loaded_before_accounts_existed_gets_the_demo_accounts(demo_store):
    demo_store.execute("DELETE FROM users")  # as a store demo-loaded by an earlier version
    at = sign_in(_fresh().run(), "leader", accounts.DEMO_PASSWORD)
    assert "当前账号：leader（领导）" in [t.value for t in at.sidebar.text]
