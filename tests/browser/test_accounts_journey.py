"""An admin's first page login: made to enrol in two-factor, then the account page."""
import re

import pyotp
import pytest
from playwright.sync_api import expect

from labnet.extensions import db
from tests.browser.conftest import log_in, screenshot
from tests.helpers import PASSWORD, bearer, make_user

pytestmark = pytest.mark.browser


def test_admin_enrols_in_two_factor_then_manages_the_account(app, page):
    admin = make_user("admin", email="ada@example.org", two_factor=False)
    db.session.commit()
    bearer(admin)
    log_in(page, admin.email, PASSWORD)
    expect(page).to_have_url(re.compile("/account/two-factor$"))
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.locator("figure.qr svg")).to_be_visible()
    screenshot(page, "accounts-1-two-factor-setup")
    page.goto("/admin/users")  # nothing else until enrolled
    expect(page).to_have_url(re.compile("/account/two-factor$"))
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot(page, "accounts-2-recovery-codes")
    page.get_by_role("button", name="I have kept them").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_text("Two-factor authentication:")).to_contain_text("on")
    expect(page.locator("table tbody tr")).to_have_count(1)  # the API token
    screenshot(page, "accounts-3-account-page")
    page.set_viewport_size({"width": 360, "height": 780})
    screenshot(page, "accounts-4-account-page-phone")
    # the page's own content fits a phone (the main navigation is collapsed elsewhere)
    assert page.evaluate("document.querySelector('main').getBoundingClientRect().right") <= 361
