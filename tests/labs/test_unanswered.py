"""A lab with no active manager: `answered: false`, said on its pages, and it takes no
requests (409 with the reason, nothing written)."""
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.mail.models import OutgoingMail
from labnet.notifications.models import Notification
from labnet.requests import models as requests
from tests.helpers import (
    assert_problem,
    bearer,
    login,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_user,
    post_form,
)

SAID = "No one answers for this lab yet"


def _written():
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (requests.MaterialRequest, requests.TestingRequest, Notification,
                          OutgoingMail)]


def test_answered_means_an_active_lab_manager_in_python_and_in_sql(app):
    nobody, gone, answered = make_lab(name="A"), make_lab(name="B"), make_lab(name="C")
    make_user(labs=[gone]).active = False
    make_user(labs=[answered])
    db.session.flush()
    assert [lab.answered for lab in (nobody, gone, answered)] == [False, False, True]
    assert set(db.session.scalars(select(Lab.name).where(~Lab.answered))) == {"A", "B"}
    assert set(db.session.scalars(select(Lab.name).where(Lab.answered))) == {"C"}


def test_the_lab_api_says_whether_someone_answers(client):
    nobody, answered = make_lab(), make_lab()
    make_user(labs=[answered])
    assert client.get(f"/api/v1/labs/{nobody.id}").get_json()["answered"] is False
    assert client.get(f"/api/v1/labs/{answered.id}").get_json()["answered"] is True
    listed = {lab["id"]: lab["answered"] for lab in client.get("/api/v1/labs").get_json()["items"]}
    assert listed == {nobody.id: False, answered.id: True}


def test_a_material_request_to_an_unanswered_lab_is_409_and_writes_nothing(client):
    holding = make_holding(make_lab(name="Silent Lab"), make_material([make_event()]))
    asking = make_lab()
    headers = bearer(make_user(labs=[asking]))
    body = assert_problem(client.post("/api/v1/material-requests", headers=headers, json={
        "requester_lab_id": asking.id, "holding_id": holding.id, "quantity": 1}), 409)
    assert body["detail"].startswith(SAID) and "Silent Lab" in body["detail"]
    assert _written() == [0, 0, 0, 0]


def test_a_testing_request_to_an_unanswered_lab_is_409_and_writes_nothing(client):
    lab = make_lab(name="Silent Lab")
    headers = bearer(make_user("border_agent"))
    body = assert_problem(client.post("/api/v1/testing-requests", headers=headers, json={
        "lab_id": lab.id, "commodity": "maize grain", "matrix": "grain",
        "elements": ["P-35S"]}), 409)
    assert body["detail"].startswith(SAID)
    assert _written() == [0, 0, 0, 0]


def test_the_request_form_is_refused_with_the_reason(client):
    holding = make_holding(make_lab(name="Silent Lab"), make_material([make_event()]))
    asking = make_lab()
    login(client, make_user(labs=[asking]))
    answer = post_form(client, "/requests/material", {
        "requester_lab_id": asking.id, "holding_id": holding.id, "quantity": 1})
    assert answer.status_code == 422  # the form again, with the refusal by it
    assert SAID in answer.get_data(as_text=True)
    assert _written() == [0, 0, 0, 0]


def test_the_lab_page_and_the_directory_say_no_one_answers(client):
    silent, answered = make_lab(name="Silent Lab"), make_lab(name="Busy Lab")
    make_user(labs=[answered])
    assert SAID in client.get(f"/labs/{silent.id}").get_data(as_text=True)
    assert SAID not in client.get(f"/labs/{answered.id}").get_data(as_text=True)
    directory = client.get("/labs").get_data(as_text=True)
    assert directory.count(SAID) == 1
    assert directory.index("Busy Lab") < directory.index("Silent Lab") < directory.index(SAID)


def test_matches_say_no_one_answers_and_offer_no_request_button(client):
    event = make_event()
    material = make_material([event])
    silent, busy = make_lab(name="Silent Lab"), make_lab(name="Busy Lab")
    make_user(labs=[busy])
    make_holding(silent, material, lot="S-1")
    busy_lot = make_holding(busy, material, lot="B-1")
    asking = make_lab()
    login(client, make_user(labs=[asking]))
    page = client.get(f"/find/material?event={event.unique_identifier}&requester_lab={asking.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Silent Lab" in text and "Busy Lab" in text
    assert text.count(SAID) == 1
    assert text.count('name="holding_id"') == 1 and f'value="{busy_lot.id}"' in text
