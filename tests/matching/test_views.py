"""The matching pages: each answers from the same services as the API."""
from labnet.extensions import db
from tests.helpers import (
    csrf_token,
    login,
    make_capability,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_user,
)

SEND = "Send a testing request to this lab"


def _partner_network():
    event = make_event(uid="MON-ØØ81Ø-6", elements=["P-35S"])
    lab = make_lab("KE", name="Coast Lab", lat=-4.0, lon=39.6)
    make_user("lab_manager", labs=[lab])  # someone answers for it: it takes requests
    make_capability(lab, make_method(events=[event]))
    return event, lab


def test_only_a_border_agent_is_offered_to_send_a_testing_request(client):
    _partner_network()
    agent, manager = make_user("border_agent"), make_user("lab_manager")
    db.session.commit()
    url = "/find/testing-partner?events=MON-00810-6&lat=-1.3&lon=36.8"
    login(client, agent)
    page = client.get(url).get_data(as_text=True)
    assert "Coast Lab" in page and SEND in page
    client.post("/logout")
    login(client, manager)
    page = client.get(url).get_data(as_text=True)
    assert "Coast Lab" in page and SEND not in page


def test_partner_search_from_a_city_or_a_country(client):
    _partner_network()
    user = make_user("border_agent")
    db.session.commit()
    login(client, user)
    page = client.get("/find/testing-partner?events=MON-00810-6&city=Atlantis&country=KE")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Coast Lab" in text and "(country centre: city not found)" in text
    unknown = client.get("/find/testing-partner?events=MON-00810-6&country=XX")
    assert unknown.status_code == 422 and "Unknown country." in unknown.get_data(as_text=True)


def test_material_training_and_screening_pages(client):
    event = make_event(uid="MON-ØØ81Ø-6", elements=["P-35S"])
    requester, holder = make_lab("UG", name="Asking Lab"), make_lab("KE", name="Holding Lab")
    make_holding(holder, make_material([event]))
    manager = make_user("lab_manager", labs=[requester])
    db.session.commit()
    login(client, manager)
    page = client.get("/find/material?event=MON-00810-6")
    assert page.status_code == 200 and "Holding Lab" in page.get_data(as_text=True)
    assert client.get("/find/material?event=NOPE-1").status_code == 422
    assert client.get("/find/training").status_code == 200
    screening = client.get("/screening")
    assert screening.status_code == 200 and "maize" in screening.get_data(as_text=True)


def test_screening_page_reads_assays_and_controls_and_links_to_testing_partners(client):
    make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    make_event(uid="SYN-BTØ11-1", name="Bt11", elements=["P-35S", "T-nos"])
    make_lab("DE")
    db.session.commit()
    token = csrf_token(client, "/screening")
    page = client.post("/screening", data={
        "csrf_token": token, "positive": ["P-35S"], "negative_methods": "",
        "control_CaMV": "", "control_taxon": "negative", "country": "DE"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text
    assert "This test is invalid" in text
    assert "P-35S is positive without a negative CaMV control" in text
    assert "no record" in text
    assert "/find/testing-partner?events=MON-%C3%98%C3%9881%C3%98-6&amp;country=DE" in text
    assert "/find/testing-partner?events=MON-%C3%98%C3%9881%C3%98-6,SYN-BT%C3%9811-1" in text \
        or "events=MON-%C3%98%C3%9881%C3%98-6%2CSYN-BT%C3%9811-1" in text
    refused = client.post("/screening", data={"csrf_token": token, "positive": ["P-35S"],
                                              "positive_methods": "NOT-A-CODE"})
    assert refused.status_code == 422 and "Unknown element, method code or control" in \
        refused.get_data(as_text=True)
