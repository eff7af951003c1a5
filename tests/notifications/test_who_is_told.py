"""Who is told of what, as mail arrives at the SMTP server: testing requests and their
reports, enrolments, accreditations awaiting verification."""
import datetime as dt

from labnet.database import today
from labnet.extensions import db
from labnet.mail.delivery import deliver_once
from labnet.training.models import TrainingOffer
from tests.helpers import bearer, make_event, make_holding, make_lab, make_material, make_network, make_user


def test_a_testing_request_goes_to_the_lab_and_each_answer_and_report_to_the_agent(
        client, smtp_server):
    make_event(uid="MON-ØØ81Ø-6")
    lab = make_lab("KE", name="Mombasa Lab")
    manager = bearer(make_user(email="lab@example.org", labs=[lab]))
    make_user(email="away@example.org", labs=[lab]).active = False  # not told
    agent = bearer(make_user("border_agent", email="agent@example.org"))
    created = client.post("/api/v1/testing-requests", headers=agent, json={
        "lab_id": lab.id, "commodity": "maize grain", "matrix": "grain",
        "events": ["MON-ØØ81Ø-6"], "sample_count": 2})
    number = created.get_json()["id"]
    url = f"/api/v1/testing-requests/{number}"
    assert client.post(f"{url}/accept", headers=manager).status_code == 200
    body = {"report_reference": "KE-1", "not_detected": ["MON-ØØ81Ø-6"]}
    assert client.post(f"{url}/report", headers=manager, json=body).status_code == 200
    assert client.post(f"{url}/amend", headers=manager, json=body).status_code == 200
    deliver_once()
    assert smtp_server.mailbox.summary() == [
        ("lab@example.org", f"Testing request {number}: 2 sample(s) of maize grain to test"),
        ("agent@example.org", f"Testing request {number} accepted by Mombasa Lab"),
        ("agent@example.org", f"Testing report ready: request {number} (maize grain)"),
        ("agent@example.org", f"Testing report amended: request {number} (maize grain)"),
    ]
    report = smtp_server.mailbox.received[2][1].get_content()
    assert "Not detected: MON-ØØ81Ø-6" in report and f"/requests/testing/{number}" in report


def test_a_declined_material_request_tells_the_requester_why(client, smtp_server):
    holder_lab, asking_lab = make_lab(name="Holder Lab"), make_lab(name="Asking Lab")
    holding = make_holding(holder_lab, make_material([make_event()]), lot="L-1")
    holder = bearer(make_user(email="holder@example.org", labs=[holder_lab]))
    asker = bearer(make_user(email="asker@example.org", labs=[asking_lab]))
    number = client.post("/api/v1/material-requests", headers=asker, json={
        "requester_lab_id": asking_lab.id, "holding_id": holding.id, "quantity": 1}).get_json()["id"]
    assert client.post(f"/api/v1/material-requests/{number}/decline", headers=holder,
                       json={"reason": "This lot is kept for our own proficiency test."}
                       ).status_code == 200
    deliver_once()
    assert [r for r, _ in smtp_server.mailbox.summary()] == ["holder@example.org",
                                                             "asker@example.org"]
    assert "kept for our own proficiency test" in smtp_server.mailbox.received[1][1].get_content()


def test_an_enrolment_confirmed_then_cancelled_is_mailed_to_the_enrollee(client, smtp_server):
    lab = make_lab(name="Training Lab")
    offer = TrainingOffer(lab_id=lab.id, title="qPCR screening", topics=["qPCR"],
                          audience=["laboratory"], modality="in_person", languages=["en"],
                          start_date=today() + dt.timedelta(days=10),
                          end_date=today() + dt.timedelta(days=11), seats_total=5,
                          seats_remaining=5)
    db.session.add(offer)
    db.session.flush()
    person = bearer(make_user("border_agent", email="trainee@example.org"))
    enrolment = client.post(f"/api/v1/training-offers/{offer.id}/enrolments", headers=person,
                            json={"seats": 2}).get_json()
    assert client.post(f"/api/v1/enrolments/{enrolment['id']}/cancel",
                       headers=person).status_code == 200
    deliver_once()
    assert smtp_server.mailbox.summary() == [
        ("trainee@example.org", "Enrolment confirmed: qPCR screening"),
        ("trainee@example.org", "Enrolment cancelled: qPCR screening")]


def test_an_accreditation_to_verify_goes_to_the_coordinators_else_the_admins(
        client, smtp_server):
    network = make_network()
    member, loner = make_lab(name="Member Lab", networks=[network]), make_lab(name="Loner Lab")
    make_user("coordinator", email="coordinator@example.org", networks=[network])
    make_user("coordinator", email="other-network@example.org", networks=[make_network()])
    make_user("admin", email="admin@example.org")
    for lab, email in ((member, "m@example.org"), (loner, "l@example.org")):
        headers = bearer(make_user(email=email, labs=[lab]))
        answer = client.post(f"/api/v1/labs/{lab.id}/accreditations", headers=headers, json={
            "body": "KENAS", "certificate_number": f"C-{lab.id}",
            "valid_from": (today() - dt.timedelta(days=10)).isoformat()})
        assert answer.status_code == 201, answer.get_json()
    deliver_once()
    assert [(r, s.split(":")[1].split(",")[0].strip()) for r, s in smtp_server.mailbox.summary()] \
        == [("coordinator@example.org", "Member Lab"), ("admin@example.org", "Loner Lab")]
