"""Every page in real headless Chromium (Debian's package) against `workbench serve` on 127.0.0.1,
signed in as an analyst."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import browser, login, open_from_nav, server  # noqa: F401  (fixtures)
from test_pages_smoke import PAGES

from workbench import db
from workbench.incidents import record

ROOT = Path(__file__).resolve().parents[2]


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
    assert urlparse(page.url).path.rstrip("/").endswith(name) or name == "overview"  # (the picker adds ?incident=)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert errors[seen:] == []


# ---- every page in Chinese: no Streamlit English defaults, no None / nan, Chinese chart dates --------------

# Words Streamlit, Plotly or the browser would show in English if a page forgot to say them in Chinese.
ENGLISH_DEFAULTS = [
    "Choose options", "Choose an option", "No options to select", "No results", "empty", "Deploy", "Page not found",
    "Drag and drop", "Browse files", "Upload", "per file", "Running", "Clear all", "Press Enter", "Made with",
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]
MISSING = ["None", "nan", "NaN", "NaT", "null", "undefined"]

# Text a person can see: text nodes with a visible box, not Material icon ligatures, not zero-size text;
# Plotly's SVG text (axes, legends, annotations) included.
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim(), el = node.parentElement;
    if (!text || !el || el.closest('[data-testid="stIconMaterial"], script, style, noscript, [aria-hidden="true"]')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || parseFloat(cs.fontSize) === 0) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || cs.clip === 'rect(0px, 0px, 0px, 0px)') continue;
    out.push(text);
  }
  // a field shows its value, or its placeholder while empty (Streamlit's «Choose an option» lives there)
  for (const f of document.querySelectorAll('input:not([type=hidden]):not([type=file]), textarea')) {
    const r = f.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    const shown = f.value || f.placeholder;
    if (shown) out.push(shown.trim());
  }
  return out;
}"""


@pytest.fixture(scope="module")
def screenshots():
    """benchmarks/out/screenshots/ (ignored by git): pytest's own tmp folders are pruned after three runs."""
    folder = ROOT / "benchmarks" / "out" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\n页面截图：{folder}")


def _open_settled(browser, url: str, role: str = "analyst"):
    """A new tab at ``url``, signed in on the way (a new tab is a new session: the login comes first
    and then leads to the address asked for), once the page has settled."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, url, role)
    page.locator("h1").first.wait_for(timeout=90_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    # elements still loading show as grey skeletons; every Plotly chart has drawn its axes
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
                           ".every(c => c.querySelector('.xtick, .main-svg .infolayer'))", timeout=60_000)
    return page, errors


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_only_chinese_and_no_missing_values(name, server, browser, screenshots):  # noqa: F811
    page, errors = _open_settled(browser, f"{server}/{name}")
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 12_000)})
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    shot = screenshots / f"{name}.png"
    page.screenshot(path=str(shot))
    print(f"{PAGES[name]}：{shot}")
    texts = page.evaluate(VISIBLE_TEXT)
    joined = "\n".join(texts)
    english = [w for w in ENGLISH_DEFAULTS if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", joined)]
    missing = [t for t in texts if any(re.search(rf"(?<![A-Za-z]){m}(?![A-Za-z])", t) for m in MISSING)]
    assert not english, (name, english, [t for t in texts if any(w in t for w in english)][:10])
    assert not missing, (name, missing[:10])
    assert PAGES[name] in joined
    assert not errors, errors
    page.close()


def test_deep_links_open_the_incident_and_the_overview_has_its_own_address(server, browser, demo_db_file):
    expected = next(i for i in record.listing(db.connect(demo_db_file, migrate=False)) if i.id == 3).label
    db.close_all()
    page, _ = _open_settled(browser, f"{server}/assess?incident=3")
    assert page.locator('input[aria-label="事件"]').input_value() == expected  # the picker shows the linked incident
    assert "?incident=3" in page.url
    # its tone, with the counts that decided it (a 正面 incident is tracked, never alerted on)
    assert page.get_by_text(re.compile(r"^事件倾向：(正面|负面)。按帖子看为(正面|负面).*帖中正面 \d+、负面 \d+")).count() == 1
    page.close()
    page, _ = _open_settled(browser, f"{server}/overview")
    assert page.get_by_text("Page not found").count() == 0
    assert page.url.endswith("/overview")
    page.close()


def test_from_a_headline_number_to_a_post_card_in_chromium(server, browser):
    page, errors = _open_settled(browser, f"{server}/overview")
    page.get_by_text("负面占比", exact=True).last.click()  # the drill-down choice, not the metric label
    page.get_by_text("所选时间范围内情感为负面的帖子", exact=False).wait_for(timeout=60_000)
    page.close()
    page, errors = _open_settled(browser, f"{server}/search")
    box = page.get_by_label("正文包含")
    box.fill("欠薪")
    box.press("Enter")
    page.wait_for_function("() => [...document.querySelectorAll('h3')].some(h => /^帖子 #\\d+/.test(h.textContent))",
                           timeout=60_000)
    page.get_by_text("处理经过", exact=True).wait_for(timeout=30_000)
    assert "post=" in page.url
    assert not errors, errors
    page.close()
