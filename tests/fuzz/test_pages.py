"""Fuzzing the HTML pages: every filter of every search page and every field of the main
forms, with text a hostile or careless user could send (NUL, control characters, scripts,
formulas, digits by the thousand, right-to-left marks). No answer is a 5xx, and a refused
form changes nothing. Runs on SQLite and PostgreSQL (which refuses NUL in text)."""
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from labnet.accounts.models import User
from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import login, make_event, make_holding, make_lab, make_material, make_user, post_form

NASTY = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\r\n", "'; DROP TABLE labs; --", "<script>alert(1)</script>",
    "=HYPERLINK(\"x\")", "9" * 5000, "-1", "0", "2147483648", "1e309", "NaN", "\u202eevil",
    "MON-ØØ81Ø-6", "mon-00810-6", "P-35S", "KE", "014", "%", "_", "\\", "Ø" * 300,
])
VALUE = st.one_of(NASTY, st.text(max_size=40), st.integers().map(str))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

SEARCH_PAGES = {
    "/labs": ["q", "country", "region", "network", "event", "element", "accredited", "page",
              "per_page"],
    "/find/material": ["event", "requester_lab", "lat", "lon", "quantity", "certified_only",
                       "accredited_only", "validated_only", "limit"],
    "/find/testing-partner": ["events", "elements", "city", "country", "lat", "lon", "matrix",
                              "max_turnaround_days", "accredited_only", "limit"],
    "/find/training": ["topic", "audience", "modality", "language", "requester_lab", "seats"],
    "/coverage": ["region", "network", "status"],
}


@pytest.fixture
def manager(client):
    lab = make_lab("KE", name="Fuzz Lab")
    make_holding(lab, make_material([make_event(uid="MON-ØØ81Ø-6")]))
    user = make_user("lab_manager", labs=[lab])
    db.session.commit()
    login(client, user)
    return user


@pytest.mark.parametrize("path", sorted(SEARCH_PAGES))
def test_search_pages_answer_any_query_without_a_server_error(client, manager, path):
    names = SEARCH_PAGES[path]

    @SETTINGS
    @given(st.dictionaries(st.sampled_from(names), VALUE, max_size=len(names)))
    def search(args):
        response = client.get(f"{path}?{urlencode(args)}")
        assert response.status_code < 500, (path, args, response.status_code)

    search()


LAB_FIELDS = ["name", "institution", "country", "city", "address", "latitude", "longitude",
              "lab_type", "turnaround_days", "matrices", "contact_email",
              "accepts_external_samples"]


def test_the_lab_form_answers_any_input_and_a_refusal_changes_nothing(client, manager):
    @SETTINGS
    @given(st.dictionaries(st.sampled_from(LAB_FIELDS), VALUE, max_size=len(LAB_FIELDS)))
    def register(form):
        before = db.session.scalar(select(func.count()).select_from(Lab))
        response = post_form(client, "/labs/new", form)
        assert response.status_code < 500, (form, response.status_code)
        after = db.session.scalar(select(func.count()).select_from(Lab))
        assert after == before + (1 if response.status_code == 302 else 0)

    register()


def test_the_screening_form_and_login_answer_any_input(client):
    users = db.session.scalar(select(func.count()).select_from(User))

    @SETTINGS
    @given(st.lists(VALUE, max_size=4), st.lists(VALUE, max_size=4), VALUE, VALUE, VALUE)
    def submit(positive, negative, species, email, password):
        response = post_form(client, "/screening", {"positive": positive, "negative": negative,
                                                    "species": species})
        assert response.status_code < 500, (positive, negative, species)
        response = post_form(client, "/login", {"email": email, "password": password})
        assert response.status_code < 500, (email, password)

    submit()
    assert db.session.scalar(select(func.count()).select_from(User)) == users
