"""Every page in real headless Chromium (Debian's package) against `workbench serve` on 127.0.0.1,
signed in as an analyst."""
from __future__ import annotations

import pytest

from browser import browser, login, open_from_nav, server  # noqa: F401  (fixtures)
from test_pages_smoke import PAGES


@pytest.fixture(scope="module")
def signed_in(server, browser):  # noqa: F811
    """One browser tab signed in as the demo analyst, with the script errors it met."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, server, "analyst")
    yield page, errors
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_in_chromium(name, signed_in):
    page, errors = signed_in
    seen = len(errors)
    title = PAGES[name]
    open_from_nav(page, title)
    assert title in page.title()
    assert page.url.rstrip("/").endswith(name) or name == "overview"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert errors[seen:] == []
