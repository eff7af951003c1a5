"""Help and printing in a real browser: the API reference renders under its policy, a testing
request prints without navigation and with the date it was generated."""
import re

import pytest
from playwright.sync_api import expect

from labnet.extensions import db
from labnet.requests import services
from tests.browser.conftest import log_in, screenshot
from tests.helpers import PASSWORD, make_event, make_lab, make_user

pytestmark = pytest.mark.browser


def test_a_testing_request_prints_with_its_report_without_navigation_and_with_its_date(app, page):
    make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    make_event(uid="SYN-BTØ11-1", name="Bt11", elements=["P-35S", "T-nos"])
    lab = make_lab("KE", name="Mombasa Plant Health Laboratory")
    agent = make_user("border_agent", email="printer@example.org")
    manager = make_user("lab_manager", labs=[lab])
    request = services.create_testing_request(agent, {
        "lab_id": lab.id, "commodity": "yellow maize grain", "matrix": "grain",
        "events": ["MON810", "Bt11"], "elements": ["P-35S"], "sample_count": 2, "port": "Mombasa"})
    services.act_on_testing_request(manager, request.id, "accept", {})
    services.act_on_testing_request(manager, request.id, "report", {
        "detected": ["MON810", "P-35S"], "not_detected": [],
        "not_tested": [{"target": "Bt11", "reason": "no event-specific reagent in stock"}],
        "report_reference": "KEPHIS-2026-0042"})
    db.session.commit()
    log_in(page, agent.email, PASSWORD)
    page.goto(f"/requests/testing/{request.id}")
    expect(page.get_by_role("button", name="Print", exact=True)).to_be_visible()
    expect(page.locator(".generated-on")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".generated-on")).to_be_visible()
    expect(page.locator(".generated-on")).to_contain_text("generated on")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print", exact=True)).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(page.get_by_role("heading", name=re.compile(r"Testing request #\d+"))).to_be_visible()
    expect(page.get_by_text("KEPHIS-2026-0042").first).to_be_visible()
    expect(page.get_by_text("no event-specific reagent in stock")).to_be_visible()
    screenshot(page, "print-testing-request")


def test_the_api_reference_renders_its_operations(app, page):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto("/")
    page.get_by_role("link", name="API reference").click()
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    labs = page.locator(".opblock-summary", has_text="/api/v1/labs").first
    labs.click()  # an operation opened: its parameters and response models render
    expect(page.locator(".opblock-body").first).to_be_visible()
    page.locator(".opblock-body button.tablinks", has_text="Schema").first.click()
    expect(page.locator(".opblock-body .model-box").first).to_be_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshot(page, "api-reference").with_name("api-reference-top.png")))
    assert violations == [], "Swagger UI runs under the site's strict policy"


def test_a_city_not_found_is_asked_about_and_the_choice_is_said(app, page):
    manager = make_user("lab_manager", email="asker@example.org")
    db.session.commit()
    log_in(page, manager.email, PASSWORD)
    page.goto("/labs/new")
    page.get_by_label("Name").fill("Upcountry Seed Laboratory")
    page.get_by_label("Country").select_option("KE")
    page.get_by_label("City").fill("Nairobbi")
    page.get_by_label("seed", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#city-error")).to_contain_text("“Nairobbi” was not found in Kenya")
    expect(page.get_by_role("group", name=re.compile("the lab was not saved"))).to_be_visible()
    expect(page.get_by_label("City", exact=True)).to_have_value("Nairobbi")
    expect(page.get_by_label("seed", exact=True)).to_be_checked()
    screenshot(page, "lab-form-city-not-found")
    page.get_by_label("Place the lab at the centre of the country").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("placed at the centre of Kenya")).to_be_visible()


def test_the_coverage_dashboard_prints_without_the_map_and_forms(app, page):
    make_lab("KE", name="Nairobi GMO Lab")
    coordinator = make_user("coordinator", email="coordinator-print@example.org")
    db.session.commit()
    log_in(page, coordinator.email, PASSWORD)
    page.goto("/coverage?region=014")
    page.emulate_media(media="print")
    expect(page.locator(".generated-on")).to_contain_text("Coverage: Eastern Africa")
    expect(page.locator("#map")).to_be_hidden()
    expect(page.locator("main form").first).to_be_hidden()
    expect(page.locator("#events")).to_be_visible()
    screenshot(page, "print-coverage-dashboard")
