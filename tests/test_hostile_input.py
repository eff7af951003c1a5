"""Input that once reached the database or the interpreter and came back as a 500: each is
now a 4xx with a plain message, and changes nothing. Run on SQLite and PostgreSQL (which
refuses NUL in text)."""
import pytest
from sqlalchemy import func, select

from labnet.accounts.models import ApiToken
from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import PASSWORD, assert_problem, bearer, login, make_lab, make_network, make_user, post_form

JSON = {"Content-Type": "application/json"}


def _counts():
    return (db.session.scalar(select(func.count()).select_from(ApiToken)),
            db.session.scalar(select(func.count()).select_from(Lab)))


@pytest.mark.parametrize("body, why", [
    ('{"email": "ana\\u0000@example.org", "password": "x"}', "NUL"),
    ('{"email": "ana@example.org", "password": "\\ud800"}', "surrogate"),
    ("[" * 5000 + "]" * 5000, "JSON"),
    ('{"email": "ana@example.org", "password": ' + "9" * 5000 + "}", "JSON"),
])
def test_the_token_endpoint_refuses_unstorable_bodies(client, body, why):
    make_user(email="ana@example.org")
    before = _counts()
    problem = assert_problem(client.post("/api/v1/tokens", data=body, headers=JSON), 400)
    assert why in problem["detail"]
    assert _counts() == before


def test_a_nul_in_a_text_field_of_a_write_changes_nothing(client):
    headers = dict(bearer(make_user("lab_manager")), **JSON)
    before = _counts()
    body = '{"name": "Lab\\u0000", "country": "KE"}'
    assert_problem(client.post("/api/v1/labs", data=body, headers=headers), 400)
    assert _counts() == before


@pytest.mark.parametrize("query", ["q=a%00b", "country=K%00", "a%00=1"])
def test_nul_in_a_filter_is_400(client, query):
    assert_problem(client.get(f"/api/v1/labs?{query}"), 400)
    assert client.get(f"/labs?{query}").status_code == 400


def test_nul_in_a_page_form_is_400(client):
    response = post_form(client, "/login", {"email": "a\x00b@example.org", "password": "x"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["99999999999999999999", "-5", "0", "abc"])
def test_any_page_number_on_an_html_page_shows_a_page(client, page):
    make_lab("KE")
    admin = make_user("admin")
    assert client.get(f"/labs?page={page}").status_code in (200, 422)
    login(client, admin)
    assert client.get(f"/admin/users?page={page}").status_code == 200
    lab = make_lab("KE")
    assert client.get(f"/labs/{lab.id}/history?page={page}").status_code == 200


def test_a_next_with_line_breaks_goes_home(client):
    user = make_user()
    response = post_form(client, "/login?next=/labs%0d%0aSet-Cookie:%20x=1",
                         {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_an_impossible_lab_id_in_a_membership_form_is_not_found(client):
    admin = make_user("admin")
    network = make_network("Net")
    login(client, admin)
    response = post_form(client, f"/networks/{network.id}", {"lab_id": "9" * 30})
    assert response.status_code in (200, 422)
    assert "Unknown lab" in response.get_data(as_text=True) or "No lab" in response.get_data(as_text=True)
