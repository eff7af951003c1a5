"""A live server on loopback and Debian's chromium driven by Playwright."""
import os
import re
import shutil
import threading
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from labnet.accounts.models import User
from labnet.extensions import db

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI; scripts/test.sh installs it")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, email, password):
    """Log in through the login page, with the two-factor step when the account has it on
    (the code computed from the account's secret, as the person's phone would)."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main form").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url or "/login/code" in url)
    if "/login/code" in page.url:
        page.get_by_label(re.compile("Code")).fill(two_factor_code(email))
        page.locator("main form").get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/login" not in url)


def two_factor_code(email) -> str:
    """The account's current code (its last used step forgotten, so a second login within the
    same 30 s is not refused as a replay)."""
    user = db.session.scalar(sa.select(User).where(User.email == email))
    db.session.execute(sa.update(User).where(User.id == user.id).values(totp_last_step=None))
    db.session.commit()
    return pyotp.TOTP(user.totp_secret).now()


def nav(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)
