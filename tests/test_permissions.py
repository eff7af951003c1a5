"""The permission truth table: every write of the API and of the pages, by every role, on
records of one's own and of others. Every cell asserts the status; every refusal asserts that
the database did not change at all."""
import datetime as dt

import pytest
from sqlalchemy import select

from labnet.database import today
from labnet.extensions import db
from labnet.requests import models as requests_models
from labnet.requests.models import MaterialRequest
from labnet.training.models import TrainingOffer
from tests.helpers import (
    REFERENCE_TABLES,
    bearer,
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

ROLES = ["anonymous", "admin", "own_manager", "other_manager", "own_coordinator",
         "other_coordinator", "border_agent"]


def build_world():
    network, other_network = make_network(name="Own network"), make_network(name="Other network")
    event = make_event(uid="MON-ØØ81Ø-6")
    method, method2 = make_method(events=[event]), make_method(events=[event])
    lab_a = make_lab("KE", name="Lab A", networks=[network])
    lab_b = make_lab("UG", name="Lab B")
    accreditation = make_accreditation(lab_a, [method])
    capability = make_capability(lab_a, method)
    material = make_material([event])
    holding = make_holding(lab_a, material, quantity=10)
    offer = TrainingOffer(lab_id=lab_a.id, title="qPCR", topics=["qPCR"], audience=["laboratory"],
                          modality="online", languages=["en"],
                          start_date=today() + dt.timedelta(days=30),
                          end_date=today() + dt.timedelta(days=31), seats_total=5, seats_remaining=5)
    db.session.add(offer)
    users = {
        "admin": make_user("admin"), "own_manager": make_user("lab_manager", labs=[lab_a]),
        "other_manager": make_user("lab_manager", labs=[lab_b]),
        "own_coordinator": make_user("coordinator", networks=[network]),
        "other_coordinator": make_user("coordinator", networks=[other_network]),
        "border_agent": make_user("border_agent"),
    }
    request = MaterialRequest(requester_lab_id=lab_b.id, holding_id=holding.id, quantity=2,
                              status="pending")
    testing = requests_models.TestingRequest(lab_id=lab_a.id, created_by_id=users["border_agent"].id,
                             commodity="maize", matrix="grain", events=["MON-ØØ81Ø-6"],
                             status="pending")
    db.session.add_all([request, testing])
    db.session.commit()
    return {"network": network.id, "lab_a": lab_a.id, "lab_b": lab_b.id,
            "accreditation": accreditation.id, "capability": capability.id, "method2": method2.id,
            "material": material.id, "holding": holding.id, "offer": offer.id,
            "request": request.id, "testing": testing.id, "users": users,
            "other_manager_id": users["other_manager"].id}


def fingerprint() -> dict:
    """Every row of every table that users can change."""
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name not in REFERENCE_TABLES | {"api_tokens", "users"}:
            rows[table.name] = sorted(map(repr, db.session.execute(select(table)).all()))
    return rows


OWNERS = ("admin", "own_manager")
API = [
    # name, method, url, body, {role: status} (others 403; anonymous 401 unless given)
    ("edit lab", "PATCH", "/labs/{lab_a}", {"name": "Renamed"}, {r: 200 for r in OWNERS}),
    ("delete lab with open requests", "DELETE", "/labs/{lab_a}", None, {r: 409 for r in OWNERS}),
    ("register lab", "POST", "/labs", {"name": "New", "country": "KE"},
     {"admin": 201, "own_manager": 201, "other_manager": 201}),
    ("add accreditation", "POST", "/labs/{lab_a}/accreditations",
     {"body": "KENAS", "certificate_number": "N-1", "valid_from": "2025-01-01"},
     {r: 201 for r in OWNERS}),
    ("verify accreditation", "PATCH", "/accreditations/{accreditation}", {"verified": True},
     {"admin": 200, "own_coordinator": 200}),
    ("edit accreditation", "PATCH", "/accreditations/{accreditation}", {"body": "SANAS"},
     {r: 200 for r in OWNERS}),
    ("remove accreditation", "DELETE", "/accreditations/{accreditation}", None,
     {r: 204 for r in OWNERS}),
    ("add capability", "POST", "/labs/{lab_a}/capabilities", {"method_id": "{method2}"},
     {r: 201 for r in OWNERS}),
    ("edit capability", "PATCH", "/capabilities/{capability}", {"lod": "0.05 %"},
     {r: 200 for r in OWNERS}),
    ("remove capability", "DELETE", "/capabilities/{capability}", None, {r: 204 for r in OWNERS}),
    ("add holding", "POST", "/labs/{lab_a}/holdings",
     {"reference_material_id": "{material}", "lot": "NEW", "quantity": 3}, {r: 201 for r in OWNERS}),
    ("change stock", "PATCH", "/holdings/{holding}", {"quantity": 99}, {r: 200 for r in OWNERS}),
    ("remove holding with open request", "DELETE", "/holdings/{holding}", None,
     {r: 409 for r in OWNERS}),
    ("offer training", "POST", "/training-offers",
     {"lab_id": "{lab_a}", "title": "T", "audience": ["border"], "modality": "online",
      "start_date": "2030-01-01", "end_date": "2030-01-02", "seats_total": 3},
     {r: 201 for r in OWNERS}),
    ("edit training", "PATCH", "/training-offers/{offer}", {"title": "New title"},
     {r: 200 for r in OWNERS}),
    ("enrol", "POST", "/training-offers/{offer}/enrolments", {},
     {r: 201 for r in ROLES if r != "anonymous"}),
    ("create network", "POST", "/networks", {"name": "Another"}, {"admin": 201}),
    ("edit network", "PATCH", "/networks/{network}", {"description": "x"}, {"admin": 200}),
    ("add member", "POST", "/networks/{network}/members", {"lab_id": "{lab_b}"},
     {"admin": 201, "own_coordinator": 201}),
    ("remove member", "DELETE", "/networks/{network}/members/{lab_a}", None,
     {"admin": 204, "own_coordinator": 204}),
    ("add event", "POST", "/events",
     {"unique_identifier": "NEW-1", "name": "n", "species": "maize"}, {"admin": 201}),
    ("create user", "POST", "/users",
     {"email": "x@example.org", "password": "long enough password", "role": "admin"},
     {"admin": 201}),
    ("change a user's role", "PATCH", "/users/{other_manager_id}", {"role": "coordinator"},
     {"admin": 200}),
    ("request material", "POST", "/material-requests",
     {"requester_lab_id": "{lab_b}", "holding_id": "{holding}", "quantity": 1},
     {"other_manager": 201}),
    ("accept material request", "POST", "/material-requests/{request}/accept", None,
     {"own_manager": 200, "admin": 403, "other_manager": 403, "own_coordinator": 404,
      "other_coordinator": 404, "border_agent": 404}),
    ("cancel material request", "POST", "/material-requests/{request}/cancel", None,
     {"other_manager": 200, "admin": 403, "own_manager": 403, "own_coordinator": 404,
      "other_coordinator": 404, "border_agent": 404}),
    ("send testing request", "POST", "/testing-requests",
     {"lab_id": "{lab_a}", "commodity": "soy", "matrix": "grain", "events": ["MON-ØØ81Ø-6"]},
     {"border_agent": 201}),
    ("accept testing request", "POST", "/testing-requests/{testing}/accept", None,
     {"own_manager": 200, "admin": 403, "border_agent": 403, "other_manager": 404,
      "own_coordinator": 404, "other_coordinator": 404}),
]


def fill(value, world):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return world[value[1:-1]]
    if isinstance(value, str):
        return value.format(**world)
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, method, url, body, allowed", API, ids=[a[0] for a in API])
def test_api_permission_table(client, role, name, method, url, body, allowed):
    world = build_world()
    headers = {} if role == "anonymous" else bearer(world["users"][role])
    before = fingerprint()
    response = client.open(f"/api/v1{fill(url, world)}", method=method, headers=headers,
                           json=fill(body, world) if body is not None else None)
    expected = allowed.get(role, 401 if role == "anonymous" else 403)
    assert response.status_code == expected, response.get_data(as_text=True)
    if expected >= 400:
        assert fingerprint() == before


PAGES = [
    # name, url, form fields, {role: status}; refused page posts are 403 or a redirect to log in
    ("edit lab form", "/labs/{lab_a}/edit", {"name": "Renamed", "country": "KE"}, {r: 302 for r in OWNERS}),
    ("add holding form", "/labs/{lab_a}/holdings/new",
     {"reference_material_id": "{material}", "lot": "P1", "quantity": "2"}, {r: 302 for r in OWNERS}),
    ("confirm lab", "/labs/{lab_a}/confirm", {}, {r: 302 for r in OWNERS}),
    ("verify accreditation button", "/accreditations/{accreditation}/verify", {},
     {"admin": 302, "own_coordinator": 302}),
    ("add member form", "/networks/{network}", {"lab_id": "{lab_b}"},
     {"admin": 302, "own_coordinator": 302}),
    ("accept request button", "/requests/material/{request}/accept", {}, {"own_manager": 302}),
    ("change role form", "/admin/users/{other_manager_id}", {"role": "border_agent"}, {"admin": 302}),
    ("delete unused method button", "/admin/catalogue/method/{method2}/delete", {}, {"admin": 302}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, url, form, allowed", PAGES, ids=[p[0] for p in PAGES])
def test_page_permission_table(client, role, name, url, form, allowed):
    world = build_world()
    if role != "anonymous":
        login(client, world["users"][role])
    before = fingerprint()
    response = post_form(client, fill(url, world), fill(form, world))
    if role in allowed:
        assert response.status_code == allowed[role], response.get_data(as_text=True)[:500]
        assert fingerprint() != before
    else:
        if role == "anonymous":
            assert response.status_code in (302, 401)
            assert "/login" in response.headers.get("Location", "/login")
        else:
            assert response.status_code in (403, 404) or "error" in (
                response.headers.get("Location", "") + str(_flashes(client)))
        assert fingerprint() == before


def _flashes(client):
    with client.session_transaction() as session:
        return session.get("_flashes", [])
