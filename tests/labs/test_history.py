"""A lab's history shows each reader only what authz lets them read: the lab's public record to
anyone logged in, a request only to its parties (and admins), and nobody else's email."""
import pytest

from labnet.extensions import db
from tests.helpers import (
    bearer,
    login,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_network,
    make_user,
    post_form,
)


@pytest.fixture
def world(client):
    event = make_event(uid="MON-ØØ81Ø-6")
    lab, requester = make_lab(name="Holder Lab"), make_lab(name="Requester Lab")
    holding = make_holding(lab, make_material([event]), quantity=5)
    users = {
        "manager": make_user("lab_manager", email="holder@example.org", labs=[lab]),
        "requester": make_user("lab_manager", email="requester@example.org", labs=[requester]),
        "agent": make_user("border_agent", email="agent@example.org"),
        "other agent": make_user("border_agent"),
        "stranger": make_user("lab_manager", labs=[make_lab()]),
        "coordinator": make_user("coordinator", networks=[make_network()]),
        "admin": make_user("admin"),
    }
    db.session.commit()
    manager = bearer(users["manager"])
    assert client.patch(f"/api/v1/labs/{lab.id}", json={"turnaround_days": 2},
                        headers=manager).status_code == 200
    assert client.post("/api/v1/material-requests", headers=bearer(users["requester"]), json={
        "requester_lab_id": requester.id, "holding_id": holding.id, "quantity": 1,
    }).status_code == 201
    assert client.post("/api/v1/testing-requests", headers=bearer(users["agent"]), json={
        "lab_id": lab.id, "commodity": "maize", "matrix": "grain", "events": ["MON-ØØ81Ø-6"],
    }).status_code == 201
    return lab, users


def kinds(client, lab, user):
    body = client.get(f"/api/v1/labs/{lab.id}/history", headers=bearer(user)).get_json()
    return sorted(entry["entity_type"] for entry in body["items"]), body


@pytest.mark.parametrize("reader, expected", [
    ("manager", ["labs", "material_requests", "testing_requests"]),
    ("admin", ["labs", "material_requests", "testing_requests"]),
    ("requester", ["labs", "material_requests"]),
    ("agent", ["labs", "testing_requests"]),
    ("other agent", ["labs"]),
    ("stranger", ["labs"]),
    ("coordinator", ["labs"]),
])
def test_the_api_history_shows_requests_only_to_their_parties(client, world, reader, expected):
    lab, users = world
    seen, body = kinds(client, lab, users[reader])
    assert seen == expected and body["total"] == len(expected)


def test_history_names_roles_not_emails(client, world):
    lab, users = world
    _, body = kinds(client, lab, users["requester"])
    by = {entry["entity_type"]: entry for entry in body["items"]}
    assert by["labs"]["by"] == "a manager of Holder Lab" and by["labs"]["user_id"] is None
    assert by["material_requests"]["by"] == "you"
    assert by["material_requests"]["user_id"] == users["requester"].id
    _, body = kinds(client, lab, users["manager"])
    by = {entry["entity_type"]: entry for entry in body["items"]}
    assert by["material_requests"]["by"] == "a manager of Requester Lab"
    assert by["testing_requests"]["by"] == "a border agent"
    assert "@" not in str(body)


def test_the_history_page_shows_the_same_and_no_email(client, world):
    lab, users = world
    login(client, users["stranger"])
    page = client.get(f"/labs/{lab.id}/history").get_data(as_text=True)
    assert f"lab #{lab.id}: updated" in page and "a manager of Holder Lab" in page
    assert "material request #" not in page and "testing request #" not in page
    assert not any(email in page for email in ("holder@", "requester@", "agent@"))
    post_form(client, "/logout", {})
    login(client, users["manager"])
    page = client.get(f"/labs/{lab.id}/history").get_data(as_text=True)
    assert "material request #" in page and "testing request #" in page
    assert "a manager of Requester Lab" in page and "a border agent" in page and "you" in page
    assert "requester@example.org" not in page and "agent@example.org" not in page


def test_history_needs_a_login(client, world):
    lab, _ = world
    response = client.get(f"/api/v1/labs/{lab.id}/history")
    assert response.status_code == 401
    assert client.get(f"/labs/{lab.id}/history").status_code == 302
