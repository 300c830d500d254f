"""Browser tests: Playwright drives the system's Chromium against a live server, and axe checks each page.

Without /usr/bin/chromium these tests are skipped, unless REQUIRE_BROWSER is set (CI), where they fail.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Playwright's sync API keeps an event loop in the test thread; the ORM calls in test set-up are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "a-long-pass-phrase"
# Assertions wait for the page, as actions do: a loaded machine may take seconds to render after a click.
expect.set_options(timeout=30_000)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required for browser tests but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _urls_loaded():
    """Load every module's URLs and API routers once, before the first page: the live server shares this process,
    so its first request does not pay for the imports while a page load is timing out."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018


@pytest.fixture
def page(browser, live_server, _urls_loaded):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # A page.goto straight after would cancel a sign-in still on its way: wait until it has landed.
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.wait_for_load_state()


def assert_accessible(page, *, allow: tuple[str, ...] = ()) -> None:
    """Run axe on the page; fail on any serious or critical WCAG 2.2 AA violation."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    page.wait_for_load_state()
    try:
        results = Axe().run(page, options=options)
    except PlaywrightError as error:
        # A click just before may still be replacing the document: check the page it lands on.
        if "documentElement" not in str(error) and "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        results = Axe().run(page, options=options)
    problems = [
        v for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical") and v["id"] not in allow
    ]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in problems
    )
    assert not problems, f"Accessibility problems on {page.url}:\n{report}"
