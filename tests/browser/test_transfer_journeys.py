"""Transfers in a real browser: a lot asked for across a border (address, agreement, permit),
shipped and received; a consignment's samples from the border to a report PDF."""
import re

import pytest
from playwright.sync_api import expect

from labnet.database import today
from labnet.extensions import db
from tests.browser.conftest import ARTIFACTS, log_in, nav, screenshot
from tests.helpers import (
    PASSWORD,
    make_capability,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_user,
)

pytestmark = pytest.mark.browser


def test_agent_sends_two_samples_lab_reports_per_sample_agent_downloads_the_report(
        app, page, browser, live_server):
    pypdfium2 = pytest.importorskip("pypdfium2")
    event = make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    lab = make_lab("KE", name="Mombasa Plant Health Laboratory", lat=-4.05, lon=39.66)
    make_capability(lab, make_method(events=[event]))
    manager = make_user("lab_manager", email="lab@example.org", labs=[lab])
    agent = make_user("border_agent", email="agent@example.org")
    db.session.commit()

    # the agent sends the consignment's two sealed samples
    log_in(page, agent.email, PASSWORD)
    nav(page, "Find testing partner").click()
    page.get_by_label("Port or city").fill("Mombasa")
    page.get_by_label("Country").select_option("KE")
    events = page.get_by_role("combobox", name="Events (UIDs, comma-separated)")
    events.fill("mon-00810-6")  # a searchable choice: type, then choose the suggestion
    page.locator(".ts-dropdown [role=option]", has_text="MON-ØØ81Ø-6").click()
    page.get_by_role("button", name="Find labs").click()
    partner = page.locator("article.partner").first
    partner.get_by_text("Send a testing request to this lab").click()
    partner.get_by_label("Commodity").fill("yellow maize grain")
    partner.locator("select[name=matrix]").select_option("grain")  # the matrix is required
    partner.get_by_label("Goods as declared").fill("yellow maize grain, bulk, 12 000 t")
    partner.get_by_label("Country of origin").select_option("ZA")
    partner.get_by_label("Consignment reference").fill("BL-MSC-778812")
    for number, (sample, seal, mass) in enumerate(
            [("KE-MBA-001", "S-448812", "2500"), ("KE-MBA-002", "S-448813", "2480")], start=1):
        partner.get_by_label(f"Sample {number} id").fill(sample)
        partner.get_by_label(f"Sample {number} seal").fill(seal)
        partner.get_by_label(f"Sample {number} mass (g)").fill(mass)
    screenshot(page, "custody-1-agent-request-form")
    partner.get_by_role("button", name="Send testing request").click()
    heading = page.get_by_role("heading", name=re.compile(r"Testing request #\d+ pending"))
    expect(heading).to_be_visible()
    expect(page.get_by_role("cell", name="S-448813")).to_be_visible()
    request_url = page.url

    # the lab accepts, signs for the samples and reports per sample
    lab_context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    lab_page = lab_context.new_page()
    lab_page.set_default_timeout(15000)
    log_in(lab_page, manager.email, PASSWORD)
    lab_page.goto(request_url)
    lab_page.get_by_role("button", name="Accept").click()
    lab_page.get_by_label("Received on").fill(today().isoformat())
    lab_page.get_by_label("Condition on arrival").select_option("intact")
    lab_page.get_by_role("radio", name="Yes").check()
    lab_page.get_by_role("button", name="Sign for the samples").click()
    expect(lab_page.get_by_text("Samples signed for.")).to_be_visible()
    lab_page.get_by_role("radio", name="Detected", exact=True).check()
    uid = "MON-ØØ81Ø-6"
    lab_page.get_by_label(f"Outcome for {uid} in KE-MBA-001").select_option("detected")
    lab_page.get_by_label(f"GM % for {uid} in KE-MBA-001").fill("0.42")
    lab_page.get_by_label(f"Uncertainty for {uid} in KE-MBA-001").fill("0.08")
    lab_page.get_by_label(f"LOD for {uid} in KE-MBA-001").fill("0.04 %")
    lab_page.get_by_label(f"Method code for {uid} in KE-MBA-001").fill("QT-EVE-ZM-020")
    lab_page.get_by_label(f"Outcome for {uid} in KE-MBA-002").select_option("not_detected")
    lab_page.get_by_label(f"LOD for {uid} in KE-MBA-002").fill("0.04 %")
    lab_page.get_by_label("Report reference").fill("KPHIL-2026-031")
    screenshot(lab_page, "custody-2-lab-report-form")
    lab_page.get_by_role("button", name="Send result to the agency").click()
    expect(lab_page.get_by_role("heading", name=re.compile(r"Testing request #\d+ reported"))).to_be_visible()
    lab_context.close()

    # the agent reads the result and downloads the report
    page.reload()
    expect(page.get_by_role("cell", name="0.42 ± 0.08 %")).to_be_visible()
    expect(page.get_by_text("Samples received by the lab")).to_be_visible()
    screenshot(page, "custody-3-agent-reads-result")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "custody-testing-report.pdf"
    download.value.save_as(pdf_path)
    document = pypdfium2.PdfDocument(str(pdf_path))
    document[0].render(scale=1.5).to_pil().save(ARTIFACTS / "custody-4-report-pdf-page-1.png")
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    for words in ("KE-MBA-001", "KE-MBA-002", "S-448812", "S-448813", "KPHIL-2026-031",
                  "0.42 ± 0.08", "not detected", "QT-EVE-ZM-020", "BL-MSC-778812",
                  "South Africa", "Mombasa Plant Health Laboratory", "samples received"):
        assert words in text, words


def test_a_lab_requests_a_lot_under_an_agreement_and_follows_it_to_receipt(app, page, browser,
                                                                        live_server):
    event = make_event(uid="MON-ØØ81Ø-6", name="MON810")
    holder_lab = make_lab("ZA", name="Pretoria GMO Laboratory")
    holding = make_holding(holder_lab, make_material([event], code="ERM-BF413f"), quantity=6,
                           lot="BF413f-2026-1")
    holding.terms, holding.cost_recovery = "cost_recovery", "ZAR 800 per vial plus courier"
    holding.mta_required = True
    holding.mta_text = "The recipient uses the material for detection and research only."
    requester_lab = make_lab("KE", name="Kisumu Biosafety Laboratory")
    requester = make_user("lab_manager", email="kisumu@example.org", labs=[requester_lab])
    holder = make_user("lab_manager", email="pretoria@example.org", labs=[holder_lab])
    db.session.commit()

    log_in(page, requester.email, PASSWORD)
    nav(page, "Find material").click()
    page.get_by_role("combobox", name="Event (OECD UID, as you type it)").fill("mon-00810-6")
    page.locator(".ts-dropdown [role=option]", has_text="MON-ØØ81Ø-6").click()
    page.get_by_role("button", name="Find holders").click()
    page.get_by_role("button", name=re.compile("Request 1")).click()
    expect(page.get_by_text("ZAR 800 per vial plus courier")).to_be_visible()
    expect(page.get_by_text("for detection and research only")).to_be_visible()
    page.get_by_label("Purpose").fill("Positive control for MON810 event-specific qPCR")
    page.get_by_role("textbox", name="Shipping address").fill("Kisumu Biosafety Laboratory, Kisumu, Kenya")
    page.get_by_label("Who receives the parcel").fill("Dr J. Otieno, +254 700 000000")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Import permit reference").fill("NBA/KE/2026/118")
    page.get_by_label("Accepted by (name)").fill("Dr J. Otieno")
    page.get_by_label(re.compile(r"^Title")).fill("Head of laboratory")
    page.get_by_role("button", name="Send the request to the holder").click()
    # the address was not confirmed: the form comes back with what was typed
    expect(page.locator("#shipping_address_confirmed-error")).to_be_visible()
    expect(page.get_by_role("textbox", name="Shipping address")).to_have_value(
        "Kisumu Biosafety Laboratory, Kisumu, Kenya")
    page.get_by_label("I confirm this shipping address is right").check()
    screenshot(page, "transfer-1-request-form")
    page.get_by_role("button", name="Send the request to the holder").click()
    expect(page.get_by_role("heading", name=re.compile(r"Material request #\d+ pending"))).to_be_visible()
    request_url = page.url

    holder_context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    holder_page = holder_context.new_page()
    holder_page.set_default_timeout(15000)
    log_in(holder_page, holder.email, PASSWORD)
    holder_page.goto(request_url)
    holder_page.get_by_role("button", name="Accept").click()
    holder_page.get_by_label("Courier").fill("DHL Express")
    holder_page.get_by_label("Tracking number").fill("JD014600003")
    holder_page.get_by_label("Shipped").select_option("dry_ice")
    holder_page.get_by_role("button", name="Mark as shipped").click()
    holder_context.close()

    page.reload()
    page.get_by_label("The parcel arrived").select_option("intact")
    page.get_by_label("Note (what was wrong").fill("Dry ice left on arrival.")
    page.get_by_role("button", name="Confirm receipt").click()
    expect(page.get_by_role("heading", name=re.compile(r"Material request #\d+ received"))).to_be_visible()
    expect(page.get_by_text("Courier DHL Express, tracking number JD014600003")).to_be_visible()
    expect(page.get_by_text("Material transfer agreement accepted by Dr J. Otieno")).to_be_visible()
    screenshot(page, "transfer-2-request-timeline")
