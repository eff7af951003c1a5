"""Requests for an account, decided by the coordinators of the lab's networks (admins for a
new lab); and the labs no one answers for."""
from sqlalchemy import func, select

from labnet.accounts.models import AccountRequest, User
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.mail.models import OutgoingMail
from tests.helpers import csrf_token, login, make_lab, make_network, make_user, post_form


def ask(client, **fields):
    fields.setdefault("email", "asker@example.org")
    fields.setdefault("name", "Ama Asker")
    return post_form(client, "/account-requests/new", fields, page="/account-requests/new")


def mails_to(address):
    return db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == address)).all()


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AccountRequest)
                             .where(AccountRequest.status == "pending"))


def test_a_request_for_an_existing_lab_goes_to_its_networks_coordinators(client):
    network = make_network()
    lab = make_lab(networks=[network])
    coordinator = make_user("coordinator", networks=[network])
    outsider = make_user("coordinator", networks=[make_network()])
    assert ask(client, lab_id=str(lab.id)).status_code == 201
    assert len(mails_to(coordinator.email)) == 1 and mails_to(outsider.email) == []
    login(client, outsider)
    assert "Ama Asker" not in client.get("/account-requests").get_data(as_text=True)
    request_id = db.session.scalar(select(AccountRequest.id))
    refused = post_form(client, f"/account-requests/{request_id}/approve", {}, page="/account")
    assert refused.status_code == 403
    assert db.session.scalar(select(User).where(User.email == "asker@example.org")) is None
    assert pending_count() == 1


def test_approving_opens_the_account_and_mails_a_set_password_link(client):
    network = make_network()
    lab = make_lab(networks=[network])
    coordinator = make_user("coordinator", networks=[network])
    ask(client, lab_id=str(lab.id))
    login(client, coordinator)
    assert "Ama Asker" in client.get("/account-requests").get_data(as_text=True)
    request_id = db.session.scalar(select(AccountRequest.id))
    assert post_form(client, f"/account-requests/{request_id}/approve", {},
                     page="/account-requests").status_code == 302
    user = db.session.scalar(select(User).where(User.email == "asker@example.org"))
    assert user.role == "lab_manager" and user.lab_ids == [lab.id]
    body = mails_to("asker@example.org")[-1].body
    assert "/password-resets/" in body
    again = post_form(client, f"/account-requests/{request_id}/approve", {},
                      page="/account-requests")
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.email == "asker@example.org")) == 1


def test_a_new_lab_is_decided_by_admins_only(client):
    coordinator = make_user("coordinator", networks=[make_network()])
    admin = make_user("admin")
    ask(client, new_lab_name="Kisumu Seed Lab", new_lab_country_code="KE", new_lab_city="Kisumu")
    assert len(mails_to(admin.email)) == 1 and mails_to(coordinator.email) == []
    request_id = db.session.scalar(select(AccountRequest.id))
    login(client, coordinator)
    assert post_form(client, f"/account-requests/{request_id}/approve", {},
                     page="/account").status_code == 403
    post_form(client, "/logout", {}, page="/account")
    login(client, admin)
    post_form(client, f"/account-requests/{request_id}/approve", {}, page="/account-requests")
    lab = db.session.scalar(select(Lab).where(Lab.name == "Kisumu Seed Lab"))
    assert lab.country_code == "KE" and lab.city == "Kisumu"
    user = db.session.scalar(select(User).where(User.email == "asker@example.org"))
    assert user.lab_ids == [lab.id]


def test_refusing_needs_a_reason_and_mails_it(client):
    admin = make_user("admin")
    ask(client, new_lab_name="Kisumu Seed Lab", new_lab_country_code="KE")
    request_id = db.session.scalar(select(AccountRequest.id))
    login(client, admin)
    post_form(client, f"/account-requests/{request_id}/refuse", {"reason": ""}, page="/account-requests")
    assert pending_count() == 1
    post_form(client, f"/account-requests/{request_id}/refuse",
              {"reason": "We could not confirm this lab exists."}, page="/account-requests")
    assert pending_count() == 0
    assert "could not confirm" in mails_to("asker@example.org")[-1].body
    assert db.session.scalar(select(User).where(User.email == "asker@example.org")) is None


def test_one_pending_request_per_address(client):
    lab = make_lab()
    assert ask(client, lab_id=str(lab.id)).status_code == 201
    again = ask(client, email="ASKER@example.org", lab_id=str(lab.id))
    assert again.status_code == 422 and "A request is already pending." in again.get_data(as_text=True)
    assert pending_count() == 1


def test_a_request_needs_a_lab(client):
    response = ask(client)
    assert response.status_code == 422
    assert pending_count() == 0


def test_the_public_form_is_rate_limited(client):
    lab = make_lab()
    codes = [ask(client, email=f"asker{n}@example.org", lab_id=str(lab.id)).status_code
             for n in range(6)]
    assert codes == [201] * 5 + [429]
    assert pending_count() == 5


def test_labs_no_one_answers_for(client):
    network = make_network()
    managed = make_lab(name="Managed lab", networks=[network])
    make_user("lab_manager", labs=[managed])
    orphan = make_lab(name="Orphan lab", networks=[network])
    lapsed = make_lab(name="Lapsed lab", networks=[network])
    gone = make_user("lab_manager", labs=[lapsed])
    gone.active = False
    elsewhere = make_lab(name="Elsewhere lab", networks=[make_network()])
    coordinator = make_user("coordinator", networks=[network])
    login(client, coordinator)
    page = client.get("/labs/unanswered").get_data(as_text=True)
    assert "Orphan lab" in page and "Lapsed lab" in page
    assert "Managed lab" not in page and "Elsewhere lab" not in page
    assert f"/invitations/new?lab_id={orphan.id}" in page
    post_form(client, "/logout", {}, page="/account")
    login(client, make_user("admin"))
    assert "Elsewhere lab" in client.get("/labs/unanswered").get_data(as_text=True)
    assert elsewhere.id


def test_lab_managers_do_not_see_the_unanswered_labs(client):
    login(client, make_user("lab_manager"))
    assert client.get("/labs/unanswered").status_code == 403
    assert client.get("/account-requests").status_code == 403
    assert csrf_token(client, "/account")
