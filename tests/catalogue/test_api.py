import pytest
from sqlalchemy import func, select

from labnet.audit.models import AuditEntry
from labnet.catalogue.models import Event, Method
from labnet.extensions import db
from tests.helpers import assert_problem, bearer, make_event, make_holding, make_lab, make_material, make_user

MON810 = {"unique_identifier": "MON-ØØ81Ø-6", "name": "MON810", "species": "maize",
          "traits": ["insect resistance"], "elements": ["cry1ab", "35S"]}


def test_admin_adds_an_event_with_elements_by_alias(client):
    headers = bearer(make_user("admin"))
    response = client.post("/api/v1/events", json=MON810, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["unique_identifier"] == "MON-ØØ81Ø-6"
    assert body["elements"] == ["P-35S", "cry1Ab"]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


@pytest.mark.parametrize("typed", ["mon-00810-6", " MON-ØØ81Ø-6 ", "Mon-0Ø810-6"])
def test_uid_as_users_type_it_finds_the_event(client, typed):
    make_event(uid="MON-ØØ81Ø-6", name="MON810")
    db.session.commit()
    body = client.get("/api/v1/events", query_string={"q": typed}).get_json()
    assert [e["unique_identifier"] for e in body["items"]] == ["MON-ØØ81Ø-6"]


def test_the_same_uid_written_with_zeros_is_a_duplicate(client):
    make_event(uid="MON-ØØ81Ø-6")
    db.session.commit()
    headers = bearer(make_user("admin"))
    response = client.post("/api/v1/events", json=dict(MON810, unique_identifier="mon-00810-6"),
                           headers=headers)
    assert_problem(response, 409, "unique_identifier")
    assert db.session.scalar(select(func.count()).select_from(Event)) == 1


@pytest.mark.parametrize("role", [None, "lab_manager", "coordinator", "border_agent"])
def test_only_admin_writes_the_catalogue(client, role):
    headers = bearer(make_user(role)) if role else {}
    response = client.post("/api/v1/events", json=MON810, headers=headers)
    assert_problem(response, 401 if role is None else 403)
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


@pytest.mark.parametrize("change, field", [
    ({"elements": ["not-an-element"]}, "elements"),
    ({"name": "x" * 121}, "name"),
    ({"species": ""}, "species"),
    ({"unknown_field": 1}, "unknown_field"),
    ({"traits": "not a list"}, "traits"),
])
def test_bad_event_input_is_422_and_writes_nothing(client, change, field):
    headers = bearer(make_user("admin"))
    assert_problem(client.post("/api/v1/events", json=dict(MON810, **change), headers=headers),
                   422, field)
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_method_refers_to_events_by_uid(client):
    make_event(uid="MON-ØØ81Ø-6")
    db.session.commit()
    headers = bearer(make_user("admin"))
    method = {"code": "QT-EVE-ZM-X", "name": "MON810 qPCR", "technique": "qpcr",
              "specificity": "event", "event_uids": ["mon-00810-6"],
              "validation_status": "interlaboratory", "matrices": ["grain"]}
    response = client.post("/api/v1/methods", json=method, headers=headers)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["event_uids"] == ["MON-ØØ81Ø-6"]
    bad = client.post("/api/v1/methods", json=dict(method, code="other", technique="magic"),
                      headers=headers)
    assert_problem(bad, 422, "technique")
    assert db.session.scalar(select(func.count()).select_from(Method)) == 1


def test_a_material_in_stock_somewhere_cannot_be_deleted(client):
    material = make_material()
    make_holding(make_lab(), material)
    db.session.commit()
    headers = bearer(make_user("admin"))
    assert_problem(client.delete(f"/api/v1/reference-materials/{material.id}", headers=headers), 409)
    assert client.get(f"/api/v1/reference-materials/{material.id}").status_code == 200
