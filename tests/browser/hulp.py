"""Shared steps of the browser tests."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD


def inloggen(page, username, password=PASSWORD):
    """Log in through the real login form (fresh cookies) and wait for the next page's heading."""
    page.context.clear_cookies()
    page.goto(reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
