"""A lab manager reads the notice of a request addressed to their lab, marks it read and
chooses how such notices reach them, in a real browser (and on a 360 px phone)."""
import pytest
from playwright.sync_api import expect

from labnet.extensions import db
from tests.browser.conftest import log_in, screenshot
from tests.helpers import PASSWORD, bearer, make_event, make_holding, make_lab, make_material, make_user

pytestmark = pytest.mark.browser


def test_a_manager_reads_a_notice_marks_it_read_and_chooses_a_digest(app, page, client):
    holder_lab, asking_lab = make_lab(name="Mombasa Biosafety Lab"), make_lab(name="Kampala Lab")
    holding = make_holding(holder_lab, make_material([make_event()]), lot="BF413f-1")
    manager = make_user(email="holder@example.org", labs=[holder_lab])
    asker = bearer(make_user(labs=[asking_lab]))
    db.session.commit()
    assert client.post("/api/v1/material-requests", headers=asker, json={
        "requester_lab_id": asking_lab.id, "holding_id": holding.id,
        "quantity": 1}).status_code == 201

    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, manager.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name="Notifications")
    nav.get_by_role("button", name="Menu").click()  # below 1024 px the links fold behind it
    expect(link.locator("mark")).to_have_text("1")
    link.click()
    expect(page.get_by_text("Kampala Lab asks for 1 vial of lot BF413f-1")).to_be_visible()
    screenshot(page, "notifications-1-unread-360px")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("1 notification(s) marked read.")).to_be_visible()
    nav.get_by_role("button", name="Menu").click()
    expect(link).to_be_visible()
    expect(link.locator("mark")).to_have_count(0)

    page.get_by_role("link", name="Choose which notifications you get by mail").click()
    page.get_by_role("group", name="A material request addressed to my lab").get_by_label(
        "In a daily digest").check()
    screenshot(page, "notifications-2-preferences-360px")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(page.get_by_role("group", name="A material request addressed to my lab").get_by_label(
        "In a daily digest")).to_be_checked()
