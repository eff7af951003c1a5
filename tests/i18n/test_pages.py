"""labnet in five languages: pages render in each, the API's problem details follow
Accept-Language, a user's stored choice wins over the browser's, Arabic reads right to
left, and the footer's switch sets the language of a visitor or of a signed-in user."""
import re

import pytest

from labnet.accounts.models import User
from labnet.extensions import db
from tests.helpers import (
    assert_problem,
    bearer,
    csrf_token,
    login,
    make_accreditation,
    make_capability,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_network,
    make_user,
    post_form,
)

LANGUAGES = ("en", "fr", "es", "pt", "ar")
# the navigation's "Labs" in each language: a page in that language shows it
LABS = {"en": "Labs", "fr": "Laboratoires", "es": "Laboratorios", "pt": "Laboratórios",
        "ar": "المختبرات"}


@pytest.fixture
def world(client):
    network = make_network("Eastern Africa GMO Network")
    event = make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    method = make_method(events=[event])
    lab = make_lab("KE", name="KEPHIS Lab", networks=[network], city="Nairobi")
    make_accreditation(lab, methods=[method])
    make_capability(lab, method)
    holding = make_holding(lab, make_material([event]), quantity=3)
    admin = make_user("admin")
    db.session.commit()
    return {"network": network.id, "event": event.unique_identifier, "lab": lab.id,
            "holding": holding.id, "admin": admin}


def representative_pages(world) -> list[str]:
    lab, event = world["lab"], world["event"]
    return [
        "/", "/labs", f"/labs/{lab}", f"/labs/{lab}/history", f"/labs/{lab}/edit",
        f"/labs/{lab}/accreditations/new", f"/labs/{lab}/capabilities/new",
        f"/labs/{lab}/holdings/new", f"/holdings/{world['holding']}/edit",
        f"/labs/{lab}/training/new", f"/networks/{world['network']}", f"/events/{event}",
        "/admin/catalogue", "/admin/users", f"/find/material?event={event}&lat=-1.3&lon=36.8",
        f"/find/testing-partner?events={event}&country=KE", "/find/training", "/screening",
        f"/coverage?network={world['network']}", "/requests/", "/enrolments", "/labs?page=99",
        "/no-such-page",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_representative_pages_render_in_each_language(client, world, language):
    login(client, world["admin"])
    for path in representative_pages(world):
        response = client.get(path, headers={"Accept-Language": language})
        page = response.get_data(as_text=True)
        assert response.status_code == (404 if path == "/no-such-page" else 200), (path, language)
        assert f'lang="{language}"' in page, (path, language)
        if path != "/no-such-page":
            assert LABS[language] in page, (path, language)


def test_visitor_pages_and_login_render_in_each_language(client, world):
    for language in LANGUAGES:
        for path in ("/", "/labs", f"/labs/{world['lab']}", "/screening", "/login"):
            response = client.get(path, headers={"Accept-Language": language})
            assert response.status_code == 200 and LABS[language] in response.get_data(as_text=True)


def test_arabic_pages_read_right_to_left_and_the_others_left_to_right(client, world):
    page = client.get("/labs", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    page = client.get("/labs", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page


def test_accept_language_fr_gives_french_problem_details(client):
    response = client.get("/api/v1/labs/999999", headers={"Accept-Language": "fr"})
    body = assert_problem(response, 404)
    assert body["title"] == "Introuvable"
    assert body["detail"] == "laboratoire introuvable (identifiant 999999)."


def test_french_validation_messages_are_plain(client, world):
    response = client.post("/api/v1/networks", json={}, headers={
        **bearer(world["admin"]), "Accept-Language": "fr"})
    body = assert_problem(response, 422, "name")
    assert body["errors"]["name"] == ["Ce champ est obligatoire."]
    assert body["title"] == "Saisie impossible à traiter"


def test_problem_types_and_codes_stay_the_same_in_every_language(client):
    answers = [client.get("/api/v1/labs/999999", headers={"Accept-Language": language}).get_json()
               for language in LANGUAGES]
    assert {a["status"] for a in answers} == {404}
    assert {tuple(sorted(a)) for a in answers} == {tuple(sorted(answers[0]))}
    assert len({a["title"] for a in answers}) == len(LANGUAGES)


def test_a_users_stored_language_wins_over_the_browsers(client, world):
    user = db.session.get(User, world["admin"].id)
    user.language = "es"
    db.session.commit()
    login(client, user)
    page = client.get("/labs", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="es"' in page and LABS["es"] in page
    response = client.get("/api/v1/labs/999999", headers={**bearer(user), "Accept-Language": "fr"})
    assert assert_problem(response, 404)["title"] == "No encontrado"


def test_a_visitor_chooses_a_language_kept_in_the_session(client, world):
    response = post_form(client, "/language", {"language": "pt", "next": "/labs?q=x"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/labs?q=x")
    page = client.get("/labs", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="pt"' in page


def test_a_signed_in_user_chooses_a_language_stored_on_the_account(client, world):
    login(client, world["admin"])
    response = post_form(client, "/language", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert db.session.get(User, world["admin"].id).language == "ar"
    assert 'dir="rtl"' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_the_language_switch_refuses_unknown_languages_and_foreign_sites(client, world):
    login(client, world["admin"])
    response = post_form(client, "/language", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
    assert db.session.get(User, world["admin"].id).language is None


def test_the_language_switch_needs_the_csrf_token(client, world):
    csrf_token(client)
    response = client.post("/language", data={"language": "fr", "next": "/"})
    assert response.status_code == 400
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_the_footer_offers_each_language_named_in_itself(client):
    page = client.get("/").get_data(as_text=True)
    footer = page[page.index("<footer"):]
    for name in ("English", "français", "español", "português", "العربية"):
        assert name in footer
    assert re.search(r'<form method="post" action="/language"', footer)


def test_dates_numbers_and_country_names_follow_the_language(client, world):
    login(client, world["admin"])
    page = client.get(f"/labs/{world['lab']}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Kenya" in page
    page = client.get("/labs?country=KE", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "كينيا" in page  # Kenya, from CLDR
    page = client.get("/labs", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert 'lang="en"' in page  # a language labnet does not speak falls back to English


def test_times_are_shown_in_the_users_time_zone_and_an_unknown_zone_reads_utc(app, world):
    from datetime import UTC, datetime

    from flask import g
    from flask_babel import refresh

    from labnet.web import page_datetime

    noon = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    user = db.session.get(User, world["admin"].id)
    for zone, shown in (("Africa/Nairobi", "3:00"), ("Mars/Olympus_Mons", "12:00"), (None, "12:00")):
        user.time_zone = zone
        with app.test_request_context(headers={"Accept-Language": "en"}):
            g.actor = user
            refresh()  # the test shares one app context: forget the zone read before
            assert shown in page_datetime(noon), zone
