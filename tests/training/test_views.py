"""Training pages: "My enrolments" with its cancel button, and enrolling from the finder."""
import datetime as dt

from labnet.database import today
from labnet.extensions import db
from labnet.training.models import Enrolment, TrainingOffer
from tests.helpers import csrf_token, login, make_lab, make_user, post_form


def make_offer(lab, seats=3):
    offer = TrainingOffer(lab_id=lab.id, title="Sampling at the border", topics=["sampling"],
                          audience=["border"], modality="in_person", languages=["en"],
                          start_date=today() + dt.timedelta(days=7),
                          end_date=today() + dt.timedelta(days=8), seats_total=seats,
                          seats_remaining=seats, country_code="KE")
    db.session.add(offer)
    db.session.flush()
    return offer


def test_enrol_from_the_finder_then_cancel_on_my_enrolments(client):
    offer = make_offer(make_lab("KE", name="Trainer"))
    agent = make_user("border_agent")
    db.session.commit()
    offer_id = offer.id
    login(client, agent)
    finder = client.get("/find/training?topic=sampling").get_data(as_text=True)
    assert f"/requests/enrol/{offer_id}" in finder and 'href="/enrolments"' in finder
    enrolled = client.post(f"/requests/enrol/{offer_id}", data={"csrf_token": csrf_token(client)},
                           follow_redirects=True)
    assert "You are enrolled." in enrolled.get_data(as_text=True)
    twice = client.post(f"/requests/enrol/{offer_id}", data={"csrf_token": csrf_token(client)},
                        follow_redirects=True)
    assert "already enrolled" in twice.get_data(as_text=True)
    assert db.session.query(Enrolment).count() == 1
    page = client.get("/enrolments").get_data(as_text=True)
    enrolment = db.session.query(Enrolment).one()
    assert "Sampling at the border" in page and f"/enrolments/{enrolment.id}/cancel" in page
    done = client.post(f"/enrolments/{enrolment.id}/cancel",
                       data={"csrf_token": csrf_token(client, "/enrolments")}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "is cancelled" in text and f"/enrolments/{enrolment.id}/cancel" not in text
    db.session.expire_all()
    assert db.session.get(TrainingOffer, offer_id).seats_remaining == 3
    again = client.post(f"/enrolments/{enrolment.id}/cancel",
                        data={"csrf_token": csrf_token(client, "/enrolments")}, follow_redirects=True)
    assert "cannot be cancelled again" in again.get_data(as_text=True)
    assert db.session.get(TrainingOffer, offer_id).seats_remaining == 3


def test_cancel_needs_the_enrollee_and_the_csrf_token(client):
    offer = make_offer(make_lab("KE"))
    agent, stranger = make_user("border_agent"), make_user("border_agent")
    enrolment = Enrolment(offer_id=offer.id, user_id=agent.id, seats=1, status="enrolled")
    offer.seats_remaining = 2
    db.session.add(enrolment)
    db.session.commit()
    enrolment_id, offer_id = enrolment.id, offer.id
    assert client.get("/enrolments").status_code == 302  # to the login
    login(client, stranger)
    assert "not enrolled in any training" in client.get("/enrolments").get_data(as_text=True)
    assert post_form(client, f"/enrolments/{enrolment_id}/cancel", {}).status_code == 404
    post_form(client, "/logout", {})
    login(client, agent)
    assert client.post(f"/enrolments/{enrolment_id}/cancel", data={}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment_id).status == "enrolled"
    assert db.session.get(TrainingOffer, offer_id).seats_remaining == 2


def test_enrolling_from_the_finder_for_a_lab_one_does_not_manage_is_refused(client):
    offer = make_offer(make_lab("KE"))
    other = make_lab("UG")
    manager = make_user("lab_manager", labs=[make_lab("TZ")])
    db.session.commit()
    login(client, manager)
    refused = post_form(client, f"/requests/enrol/{offer.id}", {"lab_id": other.id})
    assert refused.status_code == 403
    assert db.session.query(Enrolment).count() == 0


def test_enrolling_for_an_impossible_lab_id_is_refused_and_changes_nothing(client):
    offer = make_offer(make_lab("KE"))
    manager = make_user("lab_manager", labs=[make_lab("TZ")])
    db.session.commit()
    login(client, manager)
    refused = post_form(client, f"/requests/enrol/{offer.id}", {"lab_id": "9" * 30},
                        page="/find/training")
    assert refused.status_code == 302  # back to the finder, with the refusal shown
    assert db.session.query(Enrolment).count() == 0
    assert db.session.get(TrainingOffer, offer.id).seats_remaining == 3
