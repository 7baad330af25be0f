"""Shared fixtures of the browser journeys: Debian's Chromium driven by Playwright against live_server.

No browser is downloaded: the tests use /usr/bin/chromium (CI installs it with apt) and are skipped,
with the reason, where it is missing.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@dataclass
class Session:
    """One person's browser context against the live server, with screenshot and axe helpers."""

    page: object
    base_url: str
    journey: str

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def menu(self, menu: str, item: str):
        """Open a menu of the main navigation and follow one of its links."""
        navigation = self.page.get_by_role("navigation")
        navigation.get_by_role("button", name=menu).click()
        navigation.get_by_role("link", name=item).click()
        return self.page

    def fits_its_width(self) -> bool:
        """Nothing sticks out sideways (a navigation bar too wide for the window scrolls the whole page)."""
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    def shot(self, name: str) -> list[Path]:
        """Save the page at desktop and at phone width (390 px) under tests/artifacts/."""
        ARTIFACTS.mkdir(exist_ok=True)
        paths = []
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            self.page.set_viewport_size(size)
            path = ARTIFACTS / f"{self.journey}-{name}-{label}.png"
            self.page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        self.page.set_viewport_size(DESKTOP)
        return paths

    def axe_violations(self, impacts=("serious", "critical")) -> list[dict]:
        """Run the vendored axe-core on the current page; the violations of the given impacts."""
        # evaluate() runs through the DevTools protocol, which the page's strict CSP (no inline scripts)
        # does not govern; add_script_tag would be refused by it.
        self.page.evaluate(AXE.read_text() + "\n;undefined")
        result = self.page.evaluate("async () => await axe.run(document)")
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in impacts
        ]

    def log_in(self, email: str, password: str):
        page = self.go("/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        return page


TAB_REACH = 250  # Tab presses allowed to reach the next element a journey uses (a long page, wrapped once)

# The element (or, for a radio button, its group) has the focus; the focus is visible on it (or, for
# Bootstrap's hidden .btn-check input, on its label).
HAS_FOCUS = """(e) => { const a = document.activeElement; return a === e ||
    (e.type === 'radio' && a && a.type === 'radio' && a.name === e.name && a.form === e.form); }"""
FOCUS_VISIBLE = """(e) => { const t = e.classList.contains('btn-check') && e.labels.length ? e.labels[0] : e;
    const s = getComputedStyle(t); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
    || s.boxShadow !== 'none'; }"""


def _reach_by_keyboard(locator):
    """Press Tab until the locator's element has the focus (arrow keys within a radio group), as someone
    without a mouse would, and check that the focus is visible there. Returns the element."""
    page = locator.page
    element = locator.element_handle()
    for _ in range(TAB_REACH):
        if element.evaluate(HAS_FOCUS):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"{locator} cannot be reached with the Tab key")
    for _ in range(20):
        if element.evaluate("(e) => document.activeElement === e"):
            break
        page.keyboard.press("ArrowDown")  # within a radio group: moves to, and checks, the next option
    else:
        raise AssertionError(f"{locator} cannot be reached with the arrow keys in its group")
    assert element.evaluate(FOCUS_VISIBLE), f"the focus on {locator} is not visible"
    return element


def keyboard_only(monkeypatch):
    """From here on every click, check, fill and choice of a journey reaches its element with the keyboard
    (see _reach_by_keyboard) and acts with it: Enter on links and buttons, Space on boxes; text and choices
    are entered on the focused field. A journey then passes only if it can be done without a mouse."""
    from playwright.sync_api import Locator

    typed = {name: getattr(Locator, name) for name in ("fill", "select_option", "set_input_files")}

    def click(self, *args, **kwargs):
        element = _reach_by_keyboard(self)
        kind = element.evaluate("(e) => e.type")
        self.page.keyboard.press("Space" if kind in ("checkbox", "radio") else "Enter")

    def check(self, *args, **kwargs):
        element = _reach_by_keyboard(self)
        if not element.is_checked():
            self.page.keyboard.press("Space")

    def on_focused(name):
        def act(self, *args, **kwargs):
            _reach_by_keyboard(self)
            return typed[name](self, *args, **kwargs)

        return act

    monkeypatch.setattr(Locator, "click", click)
    monkeypatch.setattr(Locator, "check", check)
    for name in typed:
        monkeypatch.setattr(Locator, name, on_focused(name))


@pytest.fixture(params=["mouse", "keyboard"])
def open_session(browser, live_server, request, monkeypatch):
    """open_session(journey) -> a fresh browser context (own cookies) at desktop width. Each journey runs
    twice: with the mouse, and with the keyboard only (keyboard_only)."""
    contexts = []
    keyboard = request.param == "keyboard"
    if keyboard:
        keyboard_only(monkeypatch)

    def _open(journey: str) -> Session:
        # reduced motion: Bootstrap then skips its transitions, so a focus ring is there when checked
        context = browser.new_context(viewport=DESKTOP, locale="en-GB", reduced_motion="reduce" if keyboard else None)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Session(
            page=context.new_page(), base_url=live_server.url, journey=f"{journey}-keyboard" if keyboard else journey
        )

    yield _open
    for context in contexts:
        context.close()
