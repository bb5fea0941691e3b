"""Logging in and out of the pages in a real browser, with the API's accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser


def test_a_wrong_password_is_refused_and_the_name_stays(browsing: Browsing) -> None:
    page = browsing.page
    browsing.open("/login")
    page.get_by_label("Name").fill("analyst")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    assert "Wrong name or password" in page.locator("#login-error").inner_text()
    assert page.get_by_label("Name").input_value() == "analyst"
    assert page.get_by_label("Password").input_value() == ""
    assert page.locator(".signed-in").inner_text() == "Public view"


def test_a_page_that_needs_an_account_leads_to_the_login_and_back(browsing: Browsing) -> None:
    page = browsing.page
    browsing.open("/queue")
    assert page.locator(".error-message[data-code=not_authenticated]").count() == 1
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Name").fill("analyst")
    page.get_by_label("Password").fill(browsing.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/queue")
    assert page.get_by_role("heading", level=1).inner_text() == "Verification queue"
    assert page.get_by_role("link", name="Report an incident").count() == 1


def test_logging_out_revokes_the_session_even_for_a_copied_cookie(browsing: Browsing) -> None:
    page = browsing.page
    browsing.login("lna.delegate", fresh=True)
    cookies = page.context.cookies()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(browsing.url("/"))
    assert page.locator(".signed-in").inner_text() == "Public view"
    page.context.add_cookies(cookies)  # the old cookie, replayed
    browsing.open("/incidents/new")
    assert page.locator(".error-message[data-code=not_authenticated]").count() == 1
