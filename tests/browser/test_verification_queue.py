"""A coordinator works the verification queue in a real browser, with a real PDF certificate."""
import pytest
from playwright.sync_api import expect
from weasyprint import HTML

from labnet.extensions import db
from labnet.labs.models import Accreditation
from tests.browser.conftest import log_in, nav, screenshot
from tests.helpers import PASSWORD, make_accreditation, make_document, make_lab, make_network, make_user

pytestmark = pytest.mark.browser


def certificate_pdf(number: str) -> bytes:
    return HTML(string=f"""<h1>Kenya Accreditation Service</h1>
        <p>Certificate of accreditation <strong>{number}</strong></p>
        <p>Kisumu Biosafety Laboratory meets ISO/IEC 17025:2017 for the tests in the annexed
        scope: event-specific real-time PCR for MON-ØØ81Ø-6.</p>""").write_pdf()


def test_a_coordinator_verifies_one_accreditation_and_sends_another_back(app, page):
    network = make_network(name="East African GMO detection network")
    lab = make_lab(name="Kisumu Biosafety Laboratory", networks=[network])
    manager = make_user("lab_manager", email="kisumu@example.org", labs=[lab])
    coordinator = make_user("coordinator", email="coordinator@example.org", networks=[network])
    good = make_accreditation(lab)
    good.certificate_number = "KENAS-2031"
    pdf = certificate_pdf("KENAS-2031")
    assert pdf.startswith(b"%PDF")
    good.documents = [make_document(lab, "accreditation_certificate", content=pdf,
                                    title="KENAS certificate 2031")]
    lacking = make_accreditation(lab)
    lacking.certificate_number = "KENAS-1999"
    db.session.commit()
    good_id, lacking_id = good.id, lacking.id

    log_in(page, coordinator.email, PASSWORD)
    nav(page, "Verification").click()
    expect(page.get_by_role("heading", name="Accreditations awaiting verification")).to_be_visible()
    frame = page.locator("iframe.document-view")
    expect(frame).to_have_count(1)
    expect(page.get_by_text("No certificate attached.")).to_be_visible()  # the second one
    page.wait_for_timeout(1500)  # let the PDF viewer draw the certificate
    screenshot(page, "verification-1-queue")

    first = page.get_by_role("article").filter(has_text="KENAS-2031")
    first.get_by_role("button", name="Verify accreditation").click()
    expect(page.get_by_text("Accreditation verified.")).to_be_visible()
    second = page.get_by_role("article").filter(has_text="KENAS-1999")
    second.get_by_label("Note to the lab (what to correct or add)").fill(
        "Attach the certificate and its scope annex; KENAS-1999 is not on the KENAS register.")
    second.get_by_role("button", name="Send back to the lab").click()
    expect(page.get_by_text("Sent back to the lab with your note.")).to_be_visible()
    expect(page.get_by_text("Nothing awaits verification")).to_be_visible()
    screenshot(page, "verification-2-queue-worked")

    db.session.expire_all()
    assert db.session.get(Accreditation, good_id).verified is True
    assert db.session.get(Accreditation, lacking_id).verified is False

    page.context.clear_cookies()
    log_in(page, manager.email, PASSWORD)
    page.goto(f"/labs/{lab.id}")
    expect(page.get_by_text("KENAS-1999 is not on the KENAS register")).to_be_visible()
    screenshot(page, "verification-3-lab-reads-the-note")
