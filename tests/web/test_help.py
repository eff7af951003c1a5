"""Help: the glossary, inline help by field labels, the API reference, print views."""
import re

import pytest

from labnet.extensions import db
from labnet.web.glossary import TERMS
from tests.helpers import login, make_event, make_lab, make_user, post_form

REQUIRED_TERMS = ["element", "event", "uid", "matrix", "method-only", "reference-material", "lot",
                  "certified", "accreditation", "scope", "verified", "proficiency-testing",
                  "screening", "construct-specific", "event-specific"]


def test_the_glossary_defines_every_term_of_the_forms_with_its_source(client):
    page = client.get("/help/glossary")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for anchor in REQUIRED_TERMS:
        assert f'<dt id="{anchor}">' in text, anchor
    cited = [anchor for anchor, _, _, source in TERMS if source is not None]
    assert len(cited) >= 12 and text.count("<cite>") == len(cited)
    assert "MON-ØØ81Ø-6" in text and "ISO/IEC 17043" in text


def test_every_page_links_the_glossary_and_the_api_reference_not_raw_json(client):
    footer = client.get("/").get_data(as_text=True).split("<footer", 1)[1]
    assert 'href="/help/glossary"' in footer and 'href="/api/docs"' in footer
    assert "openapi.json" not in footer


def test_the_api_reference_page_loads_the_vendored_swagger_ui_from_static_files(client):
    page = client.get("/api/docs")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    # static files are served under content-hashed names
    assert re.search(r"vendor/swagger-ui/swagger-ui-bundle\.[0-9a-f]+\.js", text)
    assert re.search(r"js/api-docs\.[0-9a-f]+\.js", text)
    assert 'data-spec-url="/api/v1/openapi.json"' in text
    assert not re.search(r"<script>(?!</script>)|<script(?![^>]*\bsrc=)[^>]*>", text), "no inline script"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe" not in policy
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    bundle.close()
    assert bundle.status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.fixture
def manager(app):
    lab = make_lab("KE")
    user = make_user("lab_manager", labs=[lab])
    db.session.commit()
    return user, lab.id


@pytest.mark.parametrize("url, terms", [
    ("/labs/new", ["matrix"]),
    ("/labs/{lab}/holdings/new", ["reference-material", "lot"]),
    ("/labs/{lab}/accreditations/new", ["accreditation", "scope"]),
])
def test_labels_that_use_a_term_link_to_its_glossary_entry(client, manager, url, terms):
    user, lab_id = manager
    login(client, user)
    page = client.get(url.format(lab=lab_id)).get_data(as_text=True)
    for term in terms:
        link = re.search(rf'<a href="/help/glossary#{term}" class="term-help"[^>]*>(.*?)</a>', page, re.S)
        assert link, term
        assert 'class="visually-hidden"' in link.group(1), "the link has words for a screen reader"


def test_print_views_have_a_print_button_and_a_generated_on_line(client, manager):
    make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    agent, (_, lab_id) = make_user("border_agent"), manager
    db.session.commit()
    assert "data-print" not in client.get("/screening").get_data(as_text=True), \
        "nothing to print before a result"
    screening = post_form(client, "/screening", {"positive": ["P-35S"]}, page="/screening")
    text = screening.get_data(as_text=True)
    assert screening.status_code == 200 and "data-print" in text and "generated on" in text
    assert re.search(r'class="print-only">.*Positive: P-35S', text, re.S), "the input is printed"
    login(client, agent)
    sent = post_form(client, "/requests/testing", {
        "lab_id": lab_id, "commodity": "maize grain", "matrix": "grain", "events": "MON810"})
    request_page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "data-print" in request_page and "generated on" in request_page
    login(client, make_coordinator())
    dashboard = client.get("/coverage?region=014").get_data(as_text=True)
    assert "data-print" in dashboard and "generated on" in dashboard
    assert re.search(r'href="/static/css/print\.[0-9a-f]+\.css" media="print"', dashboard)


def make_coordinator():
    user = make_user("coordinator")
    db.session.commit()
    return user
