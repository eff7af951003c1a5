"""Users' journeys in a real browser: Debian's chromium driven by Playwright."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from labnet.demo.catalogue import load_catalogue
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Lab
from tests.browser.conftest import log_in, nav, screenshot
from tests.helpers import PASSWORD, bearer, make_lab, make_user

pytestmark = pytest.mark.browser


def test_lab_manager_registers_a_lab_with_accreditation_method_and_holding(app, page):
    load_catalogue()
    manager = make_user("lab_manager", email="manager@example.org")
    db.session.commit()
    log_in(page, manager.email, PASSWORD)
    nav(page, "My labs").click()
    expect(page.get_by_text("You do not manage a lab yet.")).to_be_visible()
    page.get_by_role("button", name="Register a lab").click()
    page.get_by_label("Name").fill("Kisumu Biosafety Laboratory")
    page.get_by_label("Country").select_option("KE")
    page.get_by_label("City").fill("Kisumu")
    page.get_by_label("Turnaround (days)").fill("7")
    page.get_by_label("grain", exact=True).check()  # a short list: checkboxes
    page.get_by_label("seed", exact=True).check()
    screenshot(page, "manager-1-register-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Kisumu Biosafety Laboratory")).to_be_visible()
    expect(page.get_by_text("placed at Kisumu, Kenya")).to_be_visible()

    page.get_by_role("link", name="Add an accreditation").click()
    page.get_by_label("Accreditation body").fill("KENAS")
    page.get_by_label("Certificate number").fill("KENAS-2031")
    page.get_by_label("Valid from").fill("2025-03-01")
    scope = page.get_by_role("combobox", name="Scope: methods covered")  # searchable: type, choose
    scope.fill("00-012")
    page.locator(".ts-dropdown [role=option]", has_text="QL-ELE-00-012").click()
    page.get_by_role("button", name="Save accreditation").click()
    # the lab's own word until a coordinator of one of its networks verifies it
    expect(page.get_by_role("article").locator("mark", has_text="self-declared")).to_be_visible()

    page.get_by_role("link", name="Add a method from the catalogue").click()
    page.get_by_label("Method from the catalogue").select_option(label="QL-ELE-00-012: P-35S screening, real-time PCR")
    page.get_by_role("button", name="Add method").click()
    expect(page.get_by_text("P-35S screening, real-time PCR")).to_be_visible()

    page.get_by_role("link", name="Add a holding").click()
    page.get_by_role("button", name="Save holding").click()  # empty form: errors by the fields
    expect(page.locator("#lot-error")).to_be_visible()
    page.get_by_label("Reference material").select_option(label="ERM-BF413f")
    page.get_by_role("textbox", name="Lot", exact=True).fill("BF413f-2026-1")
    page.get_by_label("Stock (units)").fill("6")
    page.get_by_label("Expiry date").fill("2029-12-31")
    page.get_by_role("button", name="Save holding").click()
    expect(page.get_by_role("cell", name="BF413f-2026-1")).to_be_visible()
    screenshot(page, "manager-2-lab-page")

    lab = db.session.scalar(select(Lab).where(Lab.name == "Kisumu Biosafety Laboratory"))
    assert lab.location_source == "geocoded" and lab.accredited and len(lab.capabilities) == 1
    assert db.session.scalar(select(Holding.quantity).where(Holding.lab_id == lab.id)) == 6


def test_border_agent_finds_a_partner_and_sends_a_testing_request(app, page):
    from tests.helpers import make_capability, make_event, make_method

    event = make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    lab = make_lab("KE", name="Mombasa Plant Health Laboratory", lat=-4.05, lon=39.66)
    make_capability(lab, make_method(events=[event]))
    make_user("lab_manager", email="mombasa@example.org", labs=[lab])  # someone answers its requests
    far = make_lab("ZA", name="Pretoria GMO Laboratory", lat=-25.7, lon=28.2)
    make_capability(far, make_method(events=[event]))
    agent = make_user("border_agent", email="agent@example.org")
    db.session.commit()
    log_in(page, agent.email, PASSWORD)
    nav(page, "Find testing partner").click()
    page.get_by_label("Port or city").fill("Mombasa")
    page.get_by_label("Country").select_option("KE")
    events = page.get_by_role("combobox", name="Events (UIDs, comma-separated)")
    events.fill("mon-00810")  # suggestions from the catalogue by UID or name
    page.locator(".ts-dropdown [role=option]", has_text="MON-ØØ81Ø-6").click()
    page.get_by_role("button", name="Find labs").click()
    expect(page.get_by_text("Distances from Mombasa, Kenya")).to_be_visible()
    partners = page.locator("article.partner header")
    expect(partners.first).to_contain_text("Mombasa Plant Health Laboratory")
    expect(partners.nth(1)).to_contain_text("Pretoria GMO Laboratory")
    screenshot(page, "border-1-partners")
    first = page.locator("article.partner").first
    first.get_by_text("Send a testing request to this lab").click()
    first.get_by_label("Commodity").fill("yellow maize grain")
    first.get_by_role("button", name="Send testing request").click()
    # the matrix was not chosen: the form comes back with what was typed and says so by the field
    expect(page.locator("#matrix-error")).to_have_text("Fill this in: it is required.")
    expect(page.locator(".error-summary")).to_contain_text("Matrix: Fill this in: it is required.")
    expect(page.get_by_label("Commodity")).to_have_value("yellow maize grain")
    expect(page.locator(".ts-control .item", has_text="MON-ØØ81Ø-6")).to_be_visible()
    screenshot(page, "border-2-refused-request-kept")
    page.locator("select#matrix").select_option("grain")
    page.get_by_role("button", name="Send testing request").click()
    expect(page.get_by_role("heading", name=re.compile("Testing request #\\d+ pending"))).to_be_visible()
    expect(page.get_by_text("Test for: MON-ØØ81Ø-6")).to_be_visible()
    screenshot(page, "border-3-request-sent")


def test_coordinator_dashboard_counts_match_the_api_and_the_map_shows_labs(app, page, client):
    from labnet.demo.seed import seed_demo

    result = seed_demo()
    db.session.commit()
    assert result["labs"] >= 40
    from labnet.accounts.models import User

    coordinator = db.session.scalar(select(User).where(User.role == "coordinator"))
    network_id = coordinator.network_ids[0]
    api = client.get(f"/api/v1/coverage?network={network_id}", headers=bearer(coordinator)).get_json()
    log_in(page, coordinator.email, "labnet-demo-2026")
    nav(page, "Coverage").click()
    for status, count in api["summary"].items():
        expect(page.locator(f'#summary [data-count="{status}"]')).to_have_text(str(count))
    expect(page.locator('#summary [data-count="labs"]')).to_have_text(str(api["labs"]))
    expect(page.locator("#map")).to_have_attribute("data-ready", re.compile(r"[1-9]\d*"))
    markers = page.locator("#map path.leaflet-interactive")
    assert markers.count() > api["labs"]  # country shapes plus one marker per located lab
    screenshot(page, "coordinator-dashboard-map")
