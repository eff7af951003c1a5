"""Network membership needs the lab's consent: an admin adds, a coordinator invites, one of
the lab's managers accepts or declines. Every refusal changes nothing."""
import pytest
from sqlalchemy import select

from labnet.audit.models import AuditEntry
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.networks.models import NetworkMembership
from tests.helpers import assert_problem, bearer, make_accreditation, make_lab, make_network, make_user


@pytest.fixture
def world(app):
    network = make_network(name="EANET")
    lab = make_lab(name="Kisumu")
    coordinator = make_user("coordinator", networks=[network])
    manager = make_user("lab_manager", labs=[lab])
    db.session.commit()
    return network, lab, coordinator, manager


def memberships():
    return sorted((m.network_id, m.lab_id, m.status)
                  for m in db.session.scalars(select(NetworkMembership)))


def audit_count():
    return len(db.session.scalars(select(AuditEntry.id)).all())


def test_a_coordinator_invites_and_the_lab_joins_only_when_its_manager_accepts(client, world):
    network, lab, coordinator, manager = world
    url = f"/api/v1/networks/{network.id}/members"
    invited = client.post(url, json={"lab_id": lab.id}, headers=bearer(coordinator))
    assert invited.status_code == 202
    assert invited.get_json() | {"joined_at": None} == {
        "network_id": network.id, "lab_id": lab.id, "status": "invited", "joined_at": None}
    # invited is not a member anywhere membership counts
    assert client.get(f"/api/v1/labs/{lab.id}").get_json()["network_ids"] == []
    body = client.get(f"/api/v1/networks/{network.id}").get_json()
    assert body["lab_ids"] == [] and body["invited_lab_ids"] == [lab.id]
    assert client.get(f"/api/v1/labs?network={network.id}").get_json()["total"] == 0

    accepted = client.post(f"{url}/{lab.id}/accept", headers=bearer(manager))
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "member"
    assert client.get(f"/api/v1/labs/{lab.id}").get_json()["network_ids"] == [network.id]
    body = client.get(f"/api/v1/networks/{network.id}").get_json()
    assert body["lab_ids"] == [lab.id] and body["invited_lab_ids"] == []
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["invite", "accept"]


def test_an_admin_adds_a_lab_at_once(client, world):
    network, lab, _, _ = world
    response = client.post(f"/api/v1/networks/{network.id}/members", json={"lab_id": lab.id},
                           headers=bearer(make_user("admin")))
    assert response.status_code == 201 and response.get_json()["lab_ids"] == [lab.id]
    assert memberships() == [(network.id, lab.id, "member")]


def test_an_admin_turns_an_invitation_into_a_membership(client, world):
    network, lab, _, _ = world
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="invited"))
    response = client.post(f"/api/v1/networks/{network.id}/members", json={"lab_id": lab.id},
                           headers=bearer(make_user("admin")))
    assert response.status_code == 201
    assert memberships() == [(network.id, lab.id, "member")]


@pytest.mark.parametrize("status, message", [("invited", "already invited to"),
                                             ("member", "a member of")])
def test_a_second_invitation_is_a_conflict(client, world, status, message):
    network, lab, coordinator, _ = world
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status=status))
    db.session.commit()
    before, entries = memberships(), audit_count()
    body = assert_problem(client.post(f"/api/v1/networks/{network.id}/members",
                                      json={"lab_id": lab.id}, headers=bearer(coordinator)), 409)
    assert message in body["detail"]
    assert memberships() == before and audit_count() == entries


@pytest.mark.parametrize("who, status, message", [
    ("coordinator", 403, "Only a manager of this lab may accept"),
    ("other manager", 403, "Only a manager of this lab may accept"),
    ("admin", 403, "Only a manager of this lab may accept"),
    ("anonymous", 401, "Log in"),
])
def test_only_the_labs_manager_accepts(client, world, who, status, message):
    network, lab, coordinator, _ = world
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="invited"))
    users = {"coordinator": coordinator, "admin": make_user("admin"),
             "other manager": make_user("lab_manager", labs=[make_lab()])}
    db.session.commit()
    before, entries = memberships(), audit_count()
    headers = bearer(users[who]) if who in users else {}
    body = assert_problem(client.post(f"/api/v1/networks/{network.id}/members/{lab.id}/accept",
                                      headers=headers), status)
    assert message in body["detail"]
    assert memberships() == before and audit_count() == entries


def test_accepting_without_an_invitation_is_refused(client, world):
    network, lab, _, manager = world
    body = assert_problem(client.post(f"/api/v1/networks/{network.id}/members/{lab.id}/accept",
                                      headers=bearer(manager)), 404)
    assert "no invitation" in body["detail"]
    assert memberships() == [] and audit_count() == 0
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="member"))
    db.session.commit()
    body = assert_problem(client.post(f"/api/v1/networks/{network.id}/members/{lab.id}/accept",
                                      headers=bearer(manager)), 409)
    assert "already a member" in body["detail"]
    assert memberships() == [(network.id, lab.id, "member")] and audit_count() == 0


@pytest.mark.parametrize("status, who, action", [
    ("invited", "manager", "decline"), ("member", "manager", "leave"),
    ("invited", "coordinator", "withdraw"), ("member", "coordinator", "remove"),
])
def test_delete_declines_leaves_or_withdraws(client, world, status, who, action):
    network, lab, coordinator, manager = world
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status=status))
    db.session.commit()
    user = manager if who == "manager" else coordinator
    response = client.delete(f"/api/v1/networks/{network.id}/members/{lab.id}",
                             headers=bearer(user))
    assert response.status_code == 204
    assert memberships() == []
    assert db.session.scalars(select(AuditEntry.action)).all() == [action]


def test_a_stranger_cannot_end_a_membership(client, world):
    network, lab, _, _ = world
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="invited"))
    stranger = make_user("lab_manager", labs=[make_lab()])
    db.session.commit()
    body = assert_problem(client.delete(f"/api/v1/networks/{network.id}/members/{lab.id}",
                                        headers=bearer(stranger)), 403)
    assert "may end this membership" in body["detail"]
    assert memberships() == [(network.id, lab.id, "invited")] and audit_count() == 0


def test_a_lab_manager_cannot_invite_their_own_lab(client, world):
    network, lab, _, manager = world
    body = assert_problem(client.post(f"/api/v1/networks/{network.id}/members",
                                      json={"lab_id": lab.id}, headers=bearer(manager)), 403)
    assert "coordinators or an admin" in body["detail"]
    assert memberships() == [] and audit_count() == 0


def test_an_invitation_gives_the_coordinator_no_rights_over_the_lab(client, world):
    """Until the lab accepts, its network's coordinator cannot verify its accreditations."""
    network, lab, coordinator, manager = world
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="invited"))
    accreditation = make_accreditation(db.session.get(Lab, lab.id))
    db.session.commit()
    url = f"/api/v1/accreditations/{accreditation.id}"
    body = assert_problem(client.patch(url, json={"verified": True}, headers=bearer(coordinator)),
                          403)
    assert "a network the lab is a member of" in body["detail"]
    assert client.get(url).get_json()["verified"] is False
    client.post(f"/api/v1/networks/{network.id}/members/{lab.id}/accept", headers=bearer(manager))
    verified = client.patch(url, json={"verified": True}, headers=bearer(coordinator))
    assert verified.status_code == 200 and verified.get_json()["verified_by"] == coordinator.id
