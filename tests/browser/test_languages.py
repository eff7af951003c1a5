"""labnet in French and in Arabic in a real browser: the pages read in the chosen language,
Arabic right to left with the layout mirrored. Screenshots land in tests/artifacts/."""
import re

import pytest
from playwright.sync_api import expect

from labnet.extensions import db
from tests.browser.conftest import log_in, screenshot
from tests.helpers import (
    PASSWORD,
    make_accreditation,
    make_capability,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_network,
    make_user,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def network_with_a_lab(app):
    network = make_network("Eastern Africa GMO Network")
    event = make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    method = make_method(events=[event])
    lab = make_lab("KE", name="KEPHIS Plant Health Laboratory", networks=[network], city="Nairobi")
    make_accreditation(lab, methods=[method])
    make_capability(lab, method)
    make_holding(lab, make_material([event]), quantity=4)
    coordinator = make_user("coordinator", email="coordinator@example.org", networks=[network])
    db.session.commit()
    return {"lab": lab.id, "network": network.id, "coordinator": coordinator.email}


def choose_language(page, name):
    page.locator("footer").get_by_role("combobox").select_option(label=name)
    page.locator("footer").get_by_role("button").click()


def test_a_visitor_reads_labnet_in_french_then_in_arabic_right_to_left(page, network_with_a_lab):
    lab = network_with_a_lab["lab"]
    page.goto("/")
    choose_language(page, "français")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Les laboratoires qui détectent les OVM partagent ce qu’ils ont")
    screenshot(page, "i18n-fr-home")
    page.goto(f"/labs/{lab}")
    expect(page.get_by_text("Méthodes de détection")).to_be_visible()
    screenshot(page, "i18n-fr-lab")

    choose_language(page, "العربية")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="طرائق الكشف")).to_be_visible()
    # mirrored: the page's first column starts at the right edge
    heading = page.get_by_role("heading", level=1).bounding_box()
    width = page.viewport_size["width"]
    assert heading["x"] + heading["width"] > width / 2
    screenshot(page, "i18n-ar-lab")
    page.goto("/screening")
    # the title, then the glossary's help link for the term "screening", in Arabic too
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(re.compile(r"^تفسير نتيجة فحص أولي"))
    expect(title.get_by_role("link")).to_have_accessible_name("ما معنى «الفحص الأولي»؟")
    screenshot(page, "i18n-ar-screening")


def test_a_coordinator_keeps_arabic_across_pages_and_reads_the_coverage(page, network_with_a_lab):
    log_in(page, network_with_a_lab["coordinator"], PASSWORD)
    page.goto(f"/coverage?network={network_with_a_lab['network']}")
    expect(page.locator("#map")).to_have_attribute("data-ready", "1")
    screenshot(page, "i18n-en-coverage")  # to hold the Arabic one against
    choose_language(page, "العربية")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", name="الأحداث حسب الحالة")).to_be_visible()
    expect(page.locator("#map")).to_have_attribute("data-ready", "1")  # the map drew its lab
    screenshot(page, "i18n-ar-coverage")
    page.goto("/labs")
    expect(page.get_by_role("cell", name="كينيا")).to_be_visible()  # Kenya, from CLDR
    screenshot(page, "i18n-ar-directory")
    choose_language(page, "français")
    page.goto("/requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boîte de réception")
    screenshot(page, "i18n-fr-inbox")
