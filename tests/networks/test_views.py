"""Membership on the pages: the network page shows invited labs as invited, the lab page shows
its managers the invitations waiting for them, with Accept and Decline."""
from sqlalchemy import select

from labnet.extensions import db
from labnet.networks.models import NetworkMembership
from tests.helpers import csrf_token, login, make_lab, make_network, make_user, post_form


def memberships():
    return sorted((m.network_id, m.lab_id, m.status)
                  for m in db.session.scalars(select(NetworkMembership)))


def test_a_coordinator_invites_from_the_network_page(client):
    network, lab = make_network(name="EANET"), make_lab(name="Kisumu")
    coordinator = make_user("coordinator", networks=[network])
    login(client, coordinator)
    page = client.get(f"/networks/{network.id}").get_data(as_text=True)
    assert "Invite lab" in page
    response = post_form(client, f"/networks/{network.id}", {"lab_id": lab.id})
    assert response.status_code == 302
    assert memberships() == [(network.id, lab.id, "invited")]
    page = client.get(f"/networks/{network.id}").get_data(as_text=True)
    assert "Invited labs" in page and "<mark>invited</mark>" in page
    assert "No member labs yet." in page and "Withdraw invitation" in page


def test_the_labs_manager_accepts_on_the_lab_page(client):
    network, lab = make_network(name="EANET"), make_lab(name="Kisumu")
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="invited"))
    manager = make_user("lab_manager", labs=[lab])
    login(client, manager)
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "Invitations to join a network" in page and "EANET" in page
    assert f"/networks/{network.id}/members/{lab.id}/accept" in page
    assert f"/networks/{network.id}/members/{lab.id}/decline" in page
    followed = client.post(f"/networks/{network.id}/members/{lab.id}/accept",
                           data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "Invitation accepted" in followed.get_data(as_text=True)
    assert memberships() == [(network.id, lab.id, "member")]
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "Invitations to join a network" not in page


def test_the_labs_manager_declines_on_the_lab_page(client):
    network, lab = make_network(name="EANET"), make_lab(name="Kisumu")
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="invited"))
    manager = make_user("lab_manager", labs=[lab])
    login(client, manager)
    response = post_form(client, f"/networks/{network.id}/members/{lab.id}/decline", {})
    assert response.status_code == 302
    assert memberships() == []


def test_others_see_no_invitation_buttons_and_cannot_accept(client):
    network, lab = make_network(name="EANET"), make_lab(name="Kisumu")
    db.session.add(NetworkMembership(network_id=network.id, lab_id=lab.id, status="invited"))
    coordinator = make_user("coordinator", networks=[network])
    login(client, coordinator)
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "Invitations to join a network" not in page
    response = post_form(client, f"/networks/{network.id}/members/{lab.id}/accept", {})
    assert response.status_code == 403
    assert "Only a manager of this lab may accept" in response.get_data(as_text=True)
    assert memberships() == [(network.id, lab.id, "invited")]
