"""The enrolment API: one active enrolment per user and offer, cancellation, listing, and
resizing an offer; under PostgreSQL, the same rules with many clients at once."""
import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from labnet.database import today
from labnet.extensions import db
from labnet.training.models import Enrolment, TrainingOffer
from tests.helpers import assert_problem, bearer, is_postgres, make_lab, make_user


def make_offer(lab, seats=5, starts_in=10):
    offer = TrainingOffer(lab_id=lab.id, title="GMO screening for border staff", topics=["sampling"],
                          audience=["border"], modality="in_person", languages=["en"],
                          start_date=today() + dt.timedelta(days=starts_in),
                          end_date=today() + dt.timedelta(days=starts_in + 1),
                          seats_total=seats, seats_remaining=seats)
    db.session.add(offer)
    db.session.flush()
    return offer


def stored_seats(offer_id):
    """(seats_total, seats_remaining, seats held by active enrolments)."""
    db.session.expire_all()
    total, remaining = db.session.execute(select(TrainingOffer.seats_total, TrainingOffer.seats_remaining)
                                          .where(TrainingOffer.id == offer_id)).one()
    held = db.session.scalar(select(func.coalesce(func.sum(Enrolment.seats), 0)).where(
        Enrolment.offer_id == offer_id, Enrolment.status == "enrolled"))
    return total, remaining, held


def active_per_user(offer_id):
    return db.session.execute(
        select(Enrolment.user_id, func.count()).where(Enrolment.offer_id == offer_id,
                                                      Enrolment.status == "enrolled")
        .group_by(Enrolment.user_id)).all()


@pytest.fixture
def offer(app):
    return make_offer(make_lab("KE", name="Trainer"))


def test_enrol_list_and_cancel(client, offer):
    agent = make_user("border_agent")
    headers = bearer(agent)
    created = client.post(f"/api/v1/training-offers/{offer.id}/enrolments", json={"seats": 2},
                          headers=headers)
    assert created.status_code == 201, created.get_json()
    enrolment = created.get_json()
    assert enrolment["status"] == "enrolled" and enrolment["offer_title"] == offer.title
    assert enrolment["start_date"] == offer.start_date.isoformat()
    listed = client.get("/api/v1/enrolments", headers=headers).get_json()
    assert listed["total"] == 1 and listed["page"] == 1 and listed["per_page"] == 50
    assert [e["id"] for e in listed["items"]] == [enrolment["id"]]
    assert stored_seats(offer.id) == (5, 3, 2)
    url = f"/api/v1/enrolments/{enrolment['id']}/cancel"
    cancelled = client.post(url, headers=headers)
    assert cancelled.status_code == 200
    assert cancelled.get_json()["status"] == "cancelled" and cancelled.get_json()["cancelled_at"]
    assert stored_seats(offer.id) == (5, 5, 0)
    body = assert_problem(client.post(url, headers=headers), 409)
    assert "cannot be cancelled again" in body["detail"]
    assert stored_seats(offer.id) == (5, 5, 0)
    assert client.get(f"/api/v1/training-offers/{offer.id}").get_json()["seats_remaining"] == 5


def test_a_second_enrolment_is_409_and_changes_nothing(client, offer):
    headers = bearer(make_user("border_agent"))
    url = f"/api/v1/training-offers/{offer.id}/enrolments"
    assert client.post(url, json={}, headers=headers).status_code == 201
    body = assert_problem(client.post(url, json={"seats": 2}, headers=headers), 409)
    assert "already enrolled" in body["detail"]
    assert stored_seats(offer.id) == (5, 4, 1)
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1


def test_enrolling_for_a_lab_one_does_not_manage_is_403(client, offer):
    own, other = make_lab("UG"), make_lab("TZ")
    headers = bearer(make_user("lab_manager", labs=[own]))
    url = f"/api/v1/training-offers/{offer.id}/enrolments"
    body = assert_problem(client.post(url, json={"lab_id": other.id}, headers=headers), 403)
    assert "manage" in body["detail"]
    assert_problem(client.post(url, json={"lab_id": 999_999}, headers=headers), 422, "lab_id")
    assert_problem(client.post(url, json={"lab_id": "x"}, headers=headers), 422, "lab_id")
    assert stored_seats(offer.id) == (5, 5, 0)
    assert client.post(url, json={"lab_id": own.id}, headers=headers).get_json()["lab_id"] == own.id


def test_cancel_refusals_change_nothing(client, offer):
    agent = make_user("border_agent")
    headers = bearer(agent)
    enrolment = client.post(f"/api/v1/training-offers/{offer.id}/enrolments", json={},
                            headers=headers).get_json()
    url = f"/api/v1/enrolments/{enrolment['id']}/cancel"
    assert_problem(client.post(url), 401)
    assert_problem(client.post(url, headers=bearer(make_user("lab_manager"))), 404)
    body = assert_problem(client.post(url, headers=bearer(make_user("admin"))), 403)
    assert "Only the person enrolled" in body["detail"]
    assert_problem(client.post("/api/v1/enrolments/999999/cancel", headers=headers), 404)
    db.session.get(TrainingOffer, offer.id).start_date = today()
    db.session.commit()
    body = assert_problem(client.post(url, headers=headers), 409)
    assert "already started" in body["detail"]
    assert stored_seats(offer.id) == (5, 4, 1)
    assert db.session.get(Enrolment, enrolment["id"]).status == "enrolled"


def test_the_list_is_the_callers_and_paginated(client, offer):
    mine, theirs = make_user("border_agent"), make_user("border_agent")
    later = make_offer(offer.lab, starts_in=20)
    headers = bearer(mine)
    for offer_id in (later.id, offer.id):
        client.post(f"/api/v1/training-offers/{offer_id}/enrolments", json={}, headers=headers)
    client.post(f"/api/v1/training-offers/{offer.id}/enrolments", json={}, headers=bearer(theirs))
    page = client.get("/api/v1/enrolments?per_page=1&page=2", headers=headers).get_json()
    assert page["total"] == 2 and [e["offer_id"] for e in page["items"]] == [later.id]
    assert_problem(client.get("/api/v1/enrolments?per_page=0", headers=headers), 422, "per_page")
    assert_problem(client.get("/api/v1/enrolments?page=0", headers=headers), 422, "page")
    assert_problem(client.get("/api/v1/enrolments"), 401)


def test_resizing_an_offer_keeps_the_seats_taken(client, offer):
    manager = bearer(make_user("lab_manager", labs=[offer.lab]))
    client.post(f"/api/v1/training-offers/{offer.id}/enrolments", json={"seats": 3},
                headers=bearer(make_user("border_agent")))
    url = f"/api/v1/training-offers/{offer.id}"
    etag = client.get(url).headers["ETag"]
    resized = client.patch(url, json={"seats_total": 4}, headers=dict(manager, **{"If-Match": etag}))
    assert resized.status_code == 200, resized.get_json()
    assert (resized.get_json()["seats_total"], resized.get_json()["seats_remaining"]) == (4, 1)
    assert resized.headers["ETag"] != etag
    body = assert_problem(client.patch(url, json={"seats_total": 2}, headers=manager), 409,
                          "seats_total")
    assert "3 seats of this training are taken" in body["detail"]
    assert_problem(client.patch(url, json={"seats_total": 9, "title": "Renamed"},
                                headers=dict(manager, **{"If-Match": etag})), 412)
    assert stored_seats(offer.id) == (4, 1, 3)
    assert db.session.get(TrainingOffer, offer.id).title == offer.title


def test_an_offer_people_enrolled_in_is_archived_not_deleted(client, offer):
    agent, manager = make_user("border_agent"), make_user("lab_manager", labs=[offer.lab])
    enrolment = client.post(f"/api/v1/training-offers/{offer.id}/enrolments", json={},
                            headers=bearer(agent)).get_json()
    assert client.delete(f"/api/v1/training-offers/{offer.id}", headers=bearer(manager)).status_code == 204
    archived = client.get(f"/api/v1/training-offers/{offer.id}").get_json()
    assert archived["archived_at"] is not None
    assert offer.id not in [o["id"] for o in client.get("/api/v1/training-offers").get_json()["items"]]
    # the enrollee still reads their enrolment; nobody new can enrol
    mine = client.get("/api/v1/enrolments", headers=bearer(agent)).get_json()["items"]
    assert [e["id"] for e in mine] == [enrolment["id"]]
    assert_problem(client.post(f"/api/v1/training-offers/{offer.id}/enrolments", json={},
                               headers=bearer(make_user("border_agent"))), 409)
    # and the lab that trained them is archived, not deleted from under them
    assert client.delete(f"/api/v1/labs/{offer.lab_id}", headers=bearer(manager)).status_code == 204
    assert db.session.get(TrainingOffer, offer.id).lab.archived_at is not None
    assert [e["id"] for e in client.get("/api/v1/enrolments", headers=bearer(agent)).get_json()["items"]] \
        == [enrolment["id"]]


def test_an_offer_nobody_enrolled_in_is_deleted(client, offer):
    manager, offer_id = make_user("lab_manager", labs=[offer.lab]), offer.id
    assert client.delete(f"/api/v1/training-offers/{offer_id}", headers=bearer(manager)).status_code == 204
    assert db.session.get(TrainingOffer, offer_id) is None


def test_openapi_describes_the_enrolment_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/enrolments"]
    assert "post" in paths["/api/v1/enrolments/{enrolment_id}/cancel"]


# many clients at once (PostgreSQL)

def run_together(calls):
    """Run each call in its own thread, all released at once; their answers' status codes."""
    barrier = threading.Barrier(len(calls))
    statuses = []

    def run(call):
        barrier.wait()
        statuses.append(call())

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.postgres_only
def test_resizing_while_people_enrol_never_breaks_the_count(app, client):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    offer = make_offer(make_lab("KE"), seats=11)
    manager = bearer(make_user("lab_manager", labs=[offer.lab]))
    people = [bearer(make_user("border_agent")) for _ in range(30)]
    url = f"/api/v1/training-offers/{offer.id}"

    def enrol(headers):
        with app.test_client() as own:
            return ("enrol", own.post(f"{url}/enrolments", json={}, headers=headers).status_code)

    def resize():
        with app.test_client() as own:
            return ("resize", own.patch(url, json={"seats_total": 10}, headers=manager).status_code)

    answers = run_together([resize] + [lambda h=h: enrol(h) for h in people])
    assert all(status < 500 for _, status in answers), answers
    enrolled = sum(1 for kind, status in answers if kind == "enrol" and status == 201)
    resize_status = next(status for kind, status in answers if kind == "resize")
    assert {status for kind, status in answers if kind == "enrol"} <= {201, 409}
    total, remaining, held = stored_seats(offer.id)
    assert held == enrolled <= total
    assert remaining == total - held
    if resize_status == 200:
        assert total == 10 and held == 10
    else:  # the eleven seats were all taken before the resize: it was refused
        assert resize_status == 409 and total == 11 and held == 11
    assert all(count == 1 for _, count in active_per_user(offer.id))
    print(f"resize {resize_status}; {enrolled} enrolled, {len(people) - enrolled} refused; "
          f"seats_total {total}, seats_remaining {remaining}")


@pytest.mark.postgres_only
def test_a_double_submitted_enrolment_is_made_once(app, client):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    offer = make_offer(make_lab("KE"), seats=50)
    headers = bearer(make_user("border_agent"))
    url = f"/api/v1/training-offers/{offer.id}/enrolments"

    def enrol():
        with app.test_client() as own:
            return own.post(url, json={"seats": 2}, headers=headers).status_code

    statuses = run_together([enrol] * 24)
    assert sorted(statuses) == [201] + [409] * 23, statuses
    total, remaining, held = stored_seats(offer.id)
    assert (total, remaining, held) == (50, 48, 2)
    assert [count for _, count in active_per_user(offer.id)] == [1]


@pytest.mark.postgres_only
def test_concurrent_cancels_return_the_seats_once(app, client):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    offer = make_offer(make_lab("KE"), seats=5)
    headers = bearer(make_user("border_agent"))
    enrolment = client.post(f"/api/v1/training-offers/{offer.id}/enrolments", json={"seats": 3},
                            headers=headers).get_json()

    def cancel():
        with app.test_client() as own:
            return own.post(f"/api/v1/enrolments/{enrolment['id']}/cancel",
                            headers=headers).status_code

    statuses = run_together([cancel] * 24)
    assert sorted(statuses) == [200] + [409] * 23, statuses
    assert stored_seats(offer.id) == (5, 5, 0)
