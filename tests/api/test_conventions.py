"""The API's conventions: problem+json errors, pagination, authentication."""
import pytest
from sqlalchemy import func, select

from labnet.catalogue.models import Event
from labnet.extensions import db
from tests.helpers import PASSWORD, PROBLEM, assert_problem, bearer, make_event, make_user


def test_unknown_id_is_404_problem(client):
    assert_problem(client.get("/api/v1/labs/999999"), 404)
    assert_problem(client.get("/api/v1/no-such-thing"), 404)


def test_wrong_method_is_405_problem_with_allow(client):
    response = client.put("/api/v1/labs")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("query, field", [
    ("per_page=0", "per_page"), ("per_page=201", "per_page"), ("page=0", "page"),
    ("page=abc", "page"), ("accredited=maybe", "accredited"), ("country=KEN", "country"),
])
def test_bad_query_is_422_naming_the_field(client, query, field):
    assert_problem(client.get(f"/api/v1/labs?{query}"), 422, field)


def test_pagination_envelope(client):
    for n in range(3):
        make_event(uid=f"AAA-{n:05d}-1")
    db.session.commit()
    body = client.get("/api/v1/events?page=2&per_page=2").get_json()
    assert body["page"] == 2 and body["per_page"] == 2 and body["total"] == 3
    assert [e["unique_identifier"] for e in body["items"]] == ["AAA-00002-1"]


def test_malformed_json_is_refused_and_changes_nothing(client):
    admin = make_user("admin")
    headers = bearer(admin)
    response = client.post("/api/v1/events", data="{not json", headers=headers,
                           content_type="application/json")
    assert response.status_code in (400, 422) and response.mimetype == PROBLEM
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_unexpected_error_is_a_generic_500_problem(client, failing_statement):
    failing_statement("FROM labs")
    body = assert_problem(client.get("/api/v1/labs"), 500)
    assert "injected" not in body["detail"] and "labs" not in body["detail"]


def test_token_login_use_and_revoke(client):
    user = make_user("lab_manager", email="ana@example.org")
    db.session.commit()
    response = client.post("/api/v1/tokens", json={"email": "ANA@example.org",
                                                   "password": PASSWORD})
    assert response.status_code == 201
    headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
    assert client.get("/api/v1/users/me", headers=headers).get_json()["id"] == user.id
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204
    assert_problem(client.get("/api/v1/users/me", headers=headers), 401)


def test_unknown_email_and_wrong_password_get_the_same_answer(client):
    make_user(email="known@example.org")
    db.session.commit()
    wrong = client.post("/api/v1/tokens", json={"email": "known@example.org", "password": "x" * 12})
    unknown = client.post("/api/v1/tokens", json={"email": "nobody@example.org",
                                                  "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


def test_tokens_are_stored_hashed(client):
    from labnet.accounts.models import ApiToken

    user = make_user()
    token = bearer(user)["Authorization"].split()[1]
    stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored[0]) == 64


def test_malformed_authorization_header_is_401(client):
    assert_problem(client.get("/api/v1/users/me", headers={"Authorization": "Basic abc"}), 401)
    assert_problem(client.get("/api/v1/users/me", headers={"Authorization": "Bearer nope"}), 401)


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_openapi_document_describes_the_contract(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ["/api/v1/labs", "/api/v1/labs/{lab_id}", "/api/v1/events", "/api/v1/networks",
                 "/api/v1/labs/{lab_id}/holdings", "/api/v1/tokens", "/api/v1/countries"]:
        assert path in spec["paths"], path


def test_ids_beyond_32_bits_name_nothing(client):
    assert_problem(client.get("/api/v1/labs/99999999999999999999"), 404)
    headers = bearer(make_user("lab_manager"))
    response = client.post("/api/v1/material-requests", headers=headers, json={
        "requester_lab_id": 1, "holding_id": 10**30, "quantity": 1})
    assert_problem(response, 422, "holding_id")


def test_json_answers_follow_the_contract_encoding(app):
    """Dates as YYYY-MM-DD, numeric keys as strings, text as UTF-8 (not escaped)."""
    from datetime import date
    from decimal import Decimal

    with app.test_request_context():
        response = app.json.response({"expires": date(2027, 3, 31), 56: "Lesotho",
                                      "name": "Laboratório Central", "price": Decimal("1.50")})
    assert response.mimetype == "application/json"
    assert response.get_json() == {"expires": "2027-03-31", "56": "Lesotho",
                                   "name": "Laboratório Central", "price": "1.50"}
    assert "Laboratório".encode() in response.get_data()
    # integers beyond 64 bits (echoed from a client) still encode
    assert app.json.loads(app.json.dumps({"id": 10**30, "on": date(2027, 3, 31)})) == {
        "id": 10**30, "on": "2027-03-31"}
