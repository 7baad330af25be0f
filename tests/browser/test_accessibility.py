"""WCAG 2.1 AA on every page: axe-core in Chromium on every page of every role, not only the journeys' steps.

The pages come from the role x URL matrix (tests/security/url_matrix.py): each URL that answers a GET is
opened by its owner persona on the matrix's own objects, so a new page is checked the day it gets its
matrix line. allauth's pages (sign in, reset, two-factor) are added by path. A page passes with no serious
or critical violation.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import TODAY
from tests.security.url_matrix import MATRIX

pytestmark = [pytest.mark.browser]

ANONYMOUS_PAGES = ("/accounts/login/", "/accounts/password/reset/")
SIGNED_IN_PAGES = {"leader": ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/")}


def _pages(world):
    """(persona, path) of every GET page in the matrix, built on the matrix's objects."""
    pages = []
    # All builders share one database here (each matrix test has its own): the exchange visit is accepted
    # through the documents gate, so it is built before the documents' builders add requirements.
    for name, case in sorted(MATRIX.items(), key=lambda item: (not item[0].startswith("exchanges:"), item[0])):
        if case.method != "get" or case.secret:
            continue
        pages.append((case.owner, reverse(name, kwargs=case.kwargs(world))))
    for persona, paths in SIGNED_IN_PAGES.items():
        pages += [(persona, path) for path in paths]
    return pages


@pytest.fixture
def live_world(transactional_db, world, time_machine):
    """The matrix's personas on TODAY, with the clock ticking (the browser waits in real time)."""
    time_machine.move_to(TODAY, tick=True)
    return world


def _html_pages(pages, world):
    """The pages that answer 200 with a whole HTML page (not a download, a feed, a fragment or a redirect),
    with a client per persona."""
    clients, html = {}, []
    for persona, path in pages:
        if persona not in clients:
            clients[persona] = Client()
            if persona is not None:
                clients[persona].force_login(getattr(world, persona))
        response = clients[persona].get(path)
        response.close()  # a download holds its file open until closed
        # a fragment that htmx swaps into a page (progress, matching status) is checked as part of its page
        if (
            response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and b"<html" in response.content
        ):
            html.append((persona, path))
    return html, clients


def test_every_page_of_every_role_has_no_serious_accessibility_violation(browser, live_server, live_world):
    from tests.browser.conftest import Session

    pages, clients = _html_pages([(None, path) for path in ANONYMOUS_PAGES] + _pages(live_world), live_world)
    assert len(pages) > 60, f"only {len(pages)} pages answer: the matrix's objects no longer open"
    sessions, found = {}, {}
    for persona, path in pages:
        if persona not in sessions:
            context = browser.new_context(locale="en-GB")
            if persona is not None:
                cookie = clients[persona].cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
            sessions[persona] = Session(page=context.new_page(), base_url=live_server.url, journey="a11y")
        session = sessions[persona]
        session.go(path)
        violations = session.axe_violations()
        if violations:
            found[f"{persona or 'anonymous'} {path}"] = violations
    for session in sessions.values():
        session.page.context.close()
    report = "\n".join(
        f"{page}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}" for page, vs in found.items() for v in vs
    )
    assert not found, f"{len(found)} of {len(pages)} pages have serious or critical violations:\n{report}"


def test_the_skip_link_is_the_first_stop_and_leads_past_the_navigation(browser, live_server, live_world):
    context = browser.new_context(locale="en-GB", reduced_motion="reduce")
    client = Client()
    client.force_login(live_world.leader)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/leader/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).position") != "absolute"  # shown on focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    context.close()
