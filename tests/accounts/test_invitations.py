"""Invitations: who may invite whom, the mailed single-use link, and accepting it."""
import datetime as dt

from sqlalchemy import func, select, update

from labnet.accounts.models import Invitation, User
from labnet.database import utcnow
from labnet.extensions import db
from labnet.mail.models import OutgoingMail
from tests.helpers import assert_problem, bearer, csrf_token, login, make_lab, make_network, make_user, post_form

PASSWORD = "quiet lantern orbit 58"


def invitation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Invitation))


def invite(client, actor, **body):
    body.setdefault("email", "new.manager@example.org")
    body.setdefault("role", "lab_manager")
    return client.post("/api/v1/invitations", headers=bearer(actor), json=body)


def mailed_token(address: str) -> str:
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == address)
                              .order_by(OutgoingMail.id.desc())).first()
    link = next(word for word in mail.body.split() if "/invitations/" in word)
    return link.rsplit("/", 1)[1]


def test_admin_invites_any_role_and_the_mail_carries_the_link(client):
    admin, network = make_user("admin"), make_network()
    response = invite(client, admin, email="cora@example.org", role="coordinator",
                      network_ids=[network.id])
    assert response.status_code == 201
    token = mailed_token("cora@example.org")
    assert db.session.scalar(select(Invitation.token_hash)) != token  # only a hash is kept
    accepted = client.post(f"/api/v1/invitations/{token}/accept",
                           json={"name": "Cora", "password": PASSWORD})
    assert accepted.status_code == 201
    user = db.session.scalar(select(User).where(User.email == "cora@example.org"))
    assert user.role == "coordinator" and user.network_ids == [network.id]


def test_coordinator_invites_a_manager_for_a_lab_of_their_network(client):
    network = make_network()
    lab = make_lab(networks=[network])
    coordinator = make_user("coordinator", networks=[network])
    assert invite(client, coordinator, lab_ids=[lab.id]).status_code == 201
    token = mailed_token("new.manager@example.org")
    client.post(f"/api/v1/invitations/{token}/accept", json={"name": "Nia", "password": PASSWORD})
    user = db.session.scalar(select(User).where(User.email == "new.manager@example.org"))
    assert user.role == "lab_manager" and user.lab_ids == [lab.id]


def test_coordinator_cannot_invite_for_a_lab_outside_their_networks(client):
    mine, other = make_network(), make_network()
    outside = make_lab(networks=[other])
    coordinator = make_user("coordinator", networks=[mine])
    assert_problem(invite(client, coordinator, lab_ids=[outside.id]), 403)
    assert invitation_count() == 0
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_coordinator_cannot_invite_other_roles(client):
    network = make_network()
    lab = make_lab(networks=[network])
    coordinator = make_user("coordinator", networks=[network])
    for role, extra in (("coordinator", {"network_ids": [network.id]}), ("admin", {}),
                        ("border_agent", {})):
        assert_problem(invite(client, coordinator, role=role, **extra), 403)
    assert_problem(invite(client, coordinator, lab_ids=[]), 403)  # a manager of no lab
    assert invitation_count() == 0
    assert lab.id


def test_lab_managers_and_border_agents_cannot_invite(client):
    lab = make_lab()
    for role in ("lab_manager", "border_agent"):
        assert_problem(invite(client, make_user(role, labs=[lab] if role == "lab_manager" else []),
                              lab_ids=[lab.id]), 403)
    assert_problem(client.post("/api/v1/invitations", json={"email": "x@example.org",
                                                            "role": "lab_manager"}), 401)
    assert invitation_count() == 0


def test_inviting_someone_who_has_an_account_is_409(client):
    admin = make_user("admin")
    existing = make_user("border_agent")
    assert_problem(invite(client, admin, email=existing.email, role="border_agent"), 409, "email")


def test_an_invitation_works_once(client):
    admin = make_user("admin")
    invite(client, admin, role="border_agent")
    token = mailed_token("new.manager@example.org")
    assert client.post(f"/api/v1/invitations/{token}/accept",
                       json={"name": "Bo", "password": PASSWORD}).status_code == 201
    again = client.post(f"/api/v1/invitations/{token}/accept",
                        json={"name": "Eve", "password": "another " + PASSWORD})
    assert_problem(again, 410)
    assert db.session.scalar(select(User.name).where(User.email == "new.manager@example.org")) == "Bo"


def test_an_expired_invitation_is_gone(client):
    admin = make_user("admin")
    invite(client, admin, role="border_agent")
    token = mailed_token("new.manager@example.org")
    db.session.execute(update(Invitation).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    db.session.commit()
    assert_problem(client.post(f"/api/v1/invitations/{token}/accept",
                               json={"name": "Bo", "password": PASSWORD}), 410)
    assert client.get(f"/invitations/{token}").status_code == 410
    assert db.session.scalar(select(User).where(User.email == "new.manager@example.org")) is None


def test_a_weak_password_leaves_the_invitation_usable(client):
    admin = make_user("admin")
    invite(client, admin, role="border_agent")
    token = mailed_token("new.manager@example.org")
    assert_problem(client.post(f"/api/v1/invitations/{token}/accept",
                               json={"name": "Bo", "password": " " * 12}), 422, "password")
    assert client.post(f"/api/v1/invitations/{token}/accept",
                       json={"name": "Bo", "password": PASSWORD}).status_code == 201


def test_an_unknown_invitation_is_not_found(client):
    assert_problem(client.post("/api/v1/invitations/made-up/accept",
                               json={"name": "Bo", "password": PASSWORD}), 404)


def test_invite_and_accept_pages(client, app):
    network = make_network()
    lab = make_lab(networks=[network])
    coordinator = make_user("coordinator", networks=[network])
    login(client, coordinator)
    form = client.get(f"/invitations/new?lab_id={lab.id}").get_data(as_text=True)
    assert f'<option value="{lab.id}" selected' in form
    sent = post_form(client, "/invitations/new", {"email": "nia@example.org", "role": "lab_manager",
                                                  "lab_ids": str(lab.id)}, page="/invitations/new")
    assert sent.status_code == 302
    token = mailed_token("nia@example.org")
    visitor = app.test_client()
    path = f"/invitations/{token}"
    weak = visitor.post(path, data={"name": "Nia", "password": "password1234",
                                    "csrf_token": csrf_token(visitor, path)})
    assert weak.status_code == 422 and 'id="password-error"' in weak.get_data(as_text=True)
    done = visitor.post(path, data={"name": "Nia", "password": PASSWORD,
                                    "csrf_token": csrf_token(visitor, path)})
    assert done.status_code == 302
    assert visitor.get("/account").status_code == 200
