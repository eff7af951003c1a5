"""Form pages keep what was typed when they refuse it, and say what is wrong by each field."""
import html
import re

import pytest
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Accreditation, Lab
from labnet.requests import models as request_models
from tests.helpers import login, make_event, make_lab, make_material, make_user, post_form


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def field_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    assert tag, f"no input {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def selected(page: str, name: str) -> list[str]:
    box = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert box, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"\s*selected', box.group(1))


def checked(page: str, name: str) -> list[str]:
    return [re.search(r'value="([^"]*)"', tag).group(1) if 'value="' in tag else "on"
            for tag in re.findall(rf'<input type="checkbox"[^>]*\bname="{name}"[^>]*>', page)
            if " checked" in tag]


def message_tied_to(page: str, name: str) -> str:
    """The error message of a field, asserting the field points to it (aria-describedby)."""
    message = re.search(rf'<small class="error" id="{name}-error">(.*?)</small>', page, re.S)
    assert message, f"no message by {name}"
    field = re.search(rf'<(?:input|select|fieldset)[^>]*\bid="{name}"[^>]*>', page)
    assert field and f"{name}-error" in re.search(r'aria-describedby="([^"]*)"', field.group(0)).group(1)
    assert 'aria-invalid="true"' in field.group(0)
    return message.group(1)


@pytest.fixture
def agent_and_lab(app):
    lab = make_lab("KE", name="Kenya Plant Health Lab", accepts_external_samples=True)
    make_user("lab_manager", labs=[lab])  # someone answers for the lab: it takes requests
    make_event(uid="MON-ØØ81Ø-6", name="MON810")
    agent = make_user("border_agent")
    db.session.commit()
    return agent, lab.id


def test_a_refused_testing_request_shows_the_form_again_with_everything_typed(client, agent_and_lab):
    agent, lab_id = agent_and_lab
    login(client, agent)
    response = post_form(client, "/requests/testing", {
        "lab_id": lab_id, "commodity": "maize grain", "events": "MON-ØØ81Ø-6",
        "elements": ["P-35S", "T-nos"], "sample_count": "3", "port": "Mombasa",
        "needed_by": "not a date", "matrix": ""})
    page = text_of(response)
    assert response.status_code == 422
    assert count(request_models.TestingRequest) == 0
    assert field_value(page, "commodity") == "maize grain"
    assert field_value(page, "events") == "MON-ØØ81Ø-6"
    assert sorted(selected(page, "elements")) == ["P-35S", "T-nos"]
    assert field_value(page, "sample_count") == "3"
    assert field_value(page, "port") == "Mombasa"
    assert field_value(page, "needed_by") == "not a date"
    assert field_value(page, "lab_id") == str(lab_id)
    assert "Kenya Plant Health Lab" in page
    assert message_tied_to(page, "matrix") == "Fill this in: it is required."
    assert "year-month-day" in message_tied_to(page, "needed_by")
    assert "Missing data for required field." not in page


def test_the_matrix_of_a_testing_request_must_be_chosen(client, agent_and_lab):
    agent, lab_id = agent_and_lab
    login(client, agent)
    form = client.get(f"/requests/testing/new?lab_id={lab_id}&events=MON810")
    page = text_of(form)
    matrix = re.search(r'<select[^>]*name="matrix"[^>]*>(.*?)</select>', page, re.S)
    assert " required" in matrix.group(0)
    assert re.match(r'\s*<option value="">', matrix.group(1)), "the first option is empty"
    assert selected(page, "matrix") == []
    assert field_value(page, "events") == "MON810"
    refused = post_form(client, "/requests/testing", {
        "lab_id": lab_id, "commodity": "maize grain", "events": "MON810"})
    assert refused.status_code == 422 and count(request_models.TestingRequest) == 0
    sent = post_form(client, "/requests/testing", {
        "lab_id": lab_id, "commodity": "maize grain", "events": "MON810", "matrix": "grain"})
    assert sent.status_code == 302 and count(request_models.TestingRequest) == 1


def test_a_testing_request_the_service_refuses_keeps_its_values_and_says_why(client, agent_and_lab):
    agent, lab_id = agent_and_lab
    login(client, agent)
    response = post_form(client, "/requests/testing", {
        "lab_id": lab_id, "commodity": "soy flour", "matrix": "flour", "events": "NOT-AN-EVENT"})
    page = text_of(response)
    assert response.status_code == 422 and count(request_models.TestingRequest) == 0
    assert field_value(page, "commodity") == "soy flour"
    assert selected(page, "matrix") == ["flour"]
    assert field_value(page, "events") == "NOT-AN-EVENT"
    assert message_tied_to(page, "events")


@pytest.fixture
def manager(app):
    lab = make_lab("KE", name="Nairobi GMO Lab", city="Nairobi")
    user = make_user("lab_manager", labs=[lab])
    db.session.commit()
    return user, lab.id


def test_a_refused_lab_form_keeps_every_value_checkboxes_included(client, manager):
    user, _ = manager
    login(client, user)
    before = count(Lab)
    response = post_form(client, "/labs/new", {
        "name": "", "institution": "KEPHIS", "country": "KE", "city": "Nairobi",
        "address": "Waiyaki Way", "lab_type": "reference", "turnaround_days": "five",
        "contact_email": "lab@example.org", "matrices": ["seed", "leaf"]})
    page = text_of(response)
    assert response.status_code == 422 and count(Lab) == before
    assert field_value(page, "institution") == "KEPHIS"
    assert field_value(page, "city") == "Nairobi"
    assert field_value(page, "address") == "Waiyaki Way"
    assert field_value(page, "turnaround_days") == "five"
    assert field_value(page, "contact_email") == "lab@example.org"
    assert selected(page, "country") == ["KE"]
    assert selected(page, "lab_type") == ["reference"]
    assert sorted(checked(page, "matrices")) == ["leaf", "seed"]
    assert checked(page, "accepts_external_samples") == [], "an unticked box stays unticked"
    assert message_tied_to(page, "name") == "Fill this in: it is required."
    assert message_tied_to(page, "turnaround_days") == "Type a whole number, such as 3."


def test_an_edit_emptied_field_stays_empty_when_the_form_is_refused(client, app):
    lab = make_lab("KE", name="Holder")
    material = make_material([make_event()])
    user = make_user("lab_manager", labs=[lab])
    db.session.commit()
    login(client, user)
    response = post_form(client, f"/labs/{lab.id}/holdings/new", {
        "reference_material_id": material.id, "lot": "", "quantity": "-2", "unit": "tube",
        "expiry_date": "2031-01-31", "terms": "exchange", "mta_required": "on"})
    page = text_of(response)
    assert response.status_code == 422 and count(Holding) == 0
    assert field_value(page, "lot") == ""
    assert field_value(page, "quantity") == "-2"
    assert field_value(page, "unit") == "tube"
    assert field_value(page, "expiry_date") == "2031-01-31"
    assert selected(page, "terms") == ["exchange"]
    assert selected(page, "reference_material_id") == [str(material.id)]
    assert checked(page, "mta_required") == ["on"] and checked(page, "shareable") == []
    assert message_tied_to(page, "lot")


def test_a_refused_accreditation_keeps_its_values(client, manager):
    user, lab_id = manager
    login(client, user)
    response = post_form(client, f"/labs/{lab_id}/accreditations/new", {
        "body": "KENAS", "certificate_number": "", "valid_from": "2024-05-01",
        "valid_until": "2023-01-01", "status": "suspended"})
    page = text_of(response)
    assert response.status_code == 422 and count(Accreditation) == 0
    assert field_value(page, "body") == "KENAS"
    assert field_value(page, "valid_from") == "2024-05-01"
    assert field_value(page, "valid_until") == "2023-01-01"
    assert selected(page, "status") == ["suspended"]
    assert message_tied_to(page, "certificate_number")


def test_a_city_the_geocoder_does_not_find_is_asked_about_not_saved_at_the_centre(client, manager):
    user, _ = manager
    login(client, user)
    before = count(Lab)
    form = {"name": "Upcountry Lab", "country": "KE", "city": "Nairobbi", "lab_type": "government"}
    asked = post_form(client, "/labs/new", form)
    page = text_of(asked)
    assert asked.status_code == 422 and count(Lab) == before
    assert field_value(page, "city") == "Nairobbi"
    assert "“Nairobbi” was not found in Kenya" in message_tied_to(page, "city")
    assert 'name="at_country_centre"' in page
    corrected = post_form(client, "/labs/new", dict(form, city="Nairobi"))
    assert corrected.status_code == 302
    shown = text_of(client.get(corrected.headers["Location"]))
    assert "placed at Nairobi, Kenya" in shown and "found by the geocoder" in shown
    at_centre = post_form(client, "/labs/new", dict(form, name="Second Lab", at_country_centre="on"))
    assert at_centre.status_code == 302
    lab = db.session.scalar(select(Lab).where(Lab.name == "Second Lab"))
    assert lab.city == "Nairobbi" and lab.location_source == "country_centroid"
    assert "placed at the centre of Kenya" in text_of(client.get(at_centre.headers["Location"]))


def test_editing_a_lab_to_an_unknown_city_changes_nothing_until_the_manager_chooses(client, manager):
    user, lab_id = manager
    login(client, user)
    lab = db.session.get(Lab, lab_id)
    version, point = lab.version, (lab.latitude, lab.longitude)
    response = post_form(client, f"/labs/{lab_id}/edit", {
        "name": "Nairobi GMO Lab", "country": "KE", "city": "Atlantis", "latitude": "",
        "longitude": "", "version": version})  # as a browser posts it: coordinates emptied
    assert response.status_code == 422
    db.session.expire_all()
    lab = db.session.get(Lab, lab_id)
    assert lab.city == "Nairobi" and (lab.latitude, lab.longitude) == point
    assert field_value(text_of(response), "city") == "Atlantis"


def test_the_api_still_places_an_unknown_city_at_the_country_centre(client, manager):
    """The JSON API keeps its contract: location_source says country_centroid."""
    from tests.helpers import bearer
    user, _ = manager
    response = client.post("/api/v1/labs", headers=bearer(user), json={
        "name": "API Lab", "country": "KE", "city": "Nairobbi"})
    assert response.status_code == 201 and response.json["location_source"] == "country_centroid"


def test_long_lists_are_searchable_and_short_ones_are_checkboxes(client, manager):
    user, lab_id = manager
    login(client, user)
    page = text_of(client.get("/labs/new"))
    assert re.search(r'<input type="checkbox"[^>]*name="matrices"', page)
    assert not re.search(r'<select[^>]*name="matrices"', page)
    holding = text_of(client.get(f"/labs/{lab_id}/holdings/new"))
    assert re.search(r'<select[^>]*name="validated_method_ids"[^>]*data-searchable', holding)
    assert "Type to search; choose as many as apply." in holding
    # static files are served under content-hashed names
    assert re.search(r"vendor/tom-select/tom-select\.complete\.min\.[0-9a-f]+\.js", holding)
    assert re.search(r"js/forms\.[0-9a-f]+\.js", holding)


def test_a_refused_form_says_so_at_the_top_for_screen_readers(client, manager):
    user, _ = manager
    login(client, user)
    page = text_of(post_form(client, "/labs/new", {"name": "", "country": "KE"}))
    assert re.search(r'<p class="error" role="alert">Please correct the fields marked below', page)
    fresh = text_of(client.get("/labs/new"))
    assert 'role="alert"' not in fresh and 'aria-invalid' not in fresh
