"""Shared fixtures: every test gets its own DuckDB file and clean Streamlit caches.

``store``       a migrated, empty database (connection)
``demo_store``  a copy of the demo database, built once per session
``open_page``   AppTest of the real entry point, signed in (role analyst unless told), switched to one page
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench import config, db
from workbench.serve import router_owns_pages

router_owns_pages()  # AppTest runs the app as `workbench serve` does: the router owns pages/

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
DEMO_ANCHOR = "2026-11-20"  # demo dates are anchored, so tests see the same data every day


def _clear_streamlit_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def db_path(tmp_path, monkeypatch) -> Path:
    """Point WORKBENCH_DB at a fresh file for this test only."""
    path = tmp_path / "test.duckdb"
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    _clear_streamlit_caches()
    yield path
    _clear_streamlit_caches()
    db.close_all()


@pytest.fixture
def store(db_path):
    """A migrated, empty store."""
    return db.connect(db_path)


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """The demo database, generated once per test session."""
    from workbench.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = db.connect(path)
    load_demo(con, anchor=DEMO_ANCHOR)
    db.close_all()
    return path


@pytest.fixture
def demo_store(demo_db_file, db_path):
    """A private copy of the demo store for this test."""
    shutil.copy(demo_db_file, db_path)
    return db.connect(db_path)


TEST_PASSWORD = "test-pass-1234"


def account(name: str, role: str = "analyst") -> str:
    """Make sure the test store has a local account ``name`` with ``role`` (password TEST_PASSWORD)."""
    from workbench import accounts

    con = db.connect()
    row = accounts.account(con, name)
    if row is None:
        accounts.add(con, name, role, TEST_PASSWORD, "测试夹具")
    elif row["role"] != role:
        accounts.set_role(con, name, role, "测试夹具")
    return name


def sign_in(at, name: str, password: str = TEST_PASSWORD):
    """Sign an AppTest session in through the login page's form."""
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click().run()
    return at


@pytest.fixture
def open_page():
    """Run the app from its entry point, sign in as ``user`` with ``role`` (an account is made in the
    test's store if needed) and switch to ``pages/NAME.py``; returns the AppTest."""
    from streamlit.testing.v1 import AppTest

    def _open(name: str, role: str = "analyst", user: str = "测试员"):
        account(user, role)
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
        sign_in(at, user)
        assert not at.exception, [e.value for e in at.exception]
        at.switch_page(f"pages/{name}.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open


@pytest.fixture
def open_link():
    """Open ``pages/NAME.py`` as a link ``/NAME?k=v…`` would: the login comes first, then the signed-in
    analyst lands on the linked page with its query (AppTest from the entry point)."""
    from streamlit.testing.v1 import AppTest

    def _open(name: str, **params: str):
        account("测试员", "analyst")
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
        at.switch_page(f"pages/{name}.py")
        for k, v in params.items():
            at.query_params[k] = str(v)
        at.run()  # the login page, remembering the address
        sign_in(at, "测试员")
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open


def audit_rows(con, entity: str | None = None):
    """Audit rows (optionally of one entity), newest first: what a page test checks after a write."""
    sql = "SELECT actor, action, entity, entity_id, before, after FROM audit_log"
    params = []
    if entity:
        sql += " WHERE entity = ?"
        params.append(entity)
    return con.execute(sql + " ORDER BY id DESC", params).fetchall()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")  # Debian's, installed by make test


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used a served app (``browser.server``) shows the end of the server's output."""
    report = yield
    log = getattr(item.funcargs.get("server") if hasattr(item, "funcargs") else None, "log", None)
    if report.failed and log is not None and Path(log).exists():
        lines = Path(log).read_text(encoding="utf-8", errors="replace").splitlines()
        report.sections.append(("server output (last 60 lines)", "\n".join(lines[-60:])))
    return report
