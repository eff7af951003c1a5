"""GET /api/v1/notifications and POST /api/v1/notifications/<id>/read: one's own only."""
from sqlalchemy import select

from labnet.database import utcnow
from labnet.extensions import db
from labnet.notifications.models import Notification
from tests.helpers import assert_problem, bearer, make_user


def _notice(user, title="A notice", read=False):
    notice = Notification(user_id=user.id, kind="enrolment", title=title, link="/enrolments",
                          mail="off", read_at=utcnow() if read else None)
    db.session.add(notice)
    db.session.flush()
    return notice


def test_the_list_is_the_callers_own_paginated_newest_first(client):
    me, other = make_user(), make_user()
    first, second = _notice(me, "first"), _notice(me, "second", read=True)
    _notice(other, "not mine")
    headers = bearer(me)
    body = client.get("/api/v1/notifications?per_page=1", headers=headers).get_json()
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 1
    assert [n["title"] for n in body["items"]] == ["second"]
    body = client.get("/api/v1/notifications?unread=true", headers=headers).get_json()
    assert [n["id"] for n in body["items"]] == [first.id]
    item = body["items"][0]
    assert item["read"] is False and item["kind"] == "enrolment" and item["kind_label"]
    assert item["link"] == "/enrolments" and item["read_at"] is None
    assert second.id  # read ones leave the unread list only


def test_marking_read_is_idempotent_and_leaves_the_unread_list(client):
    me = make_user()
    notice = _notice(me)
    headers = bearer(me)
    answer = client.post(f"/api/v1/notifications/{notice.id}/read", headers=headers)
    assert answer.status_code == 200 and answer.get_json()["read"] is True
    read_at = answer.get_json()["read_at"]
    again = client.post(f"/api/v1/notifications/{notice.id}/read", headers=headers)
    assert again.status_code == 200 and again.get_json()["read_at"] == read_at
    assert client.get("/api/v1/notifications?unread=true", headers=headers).get_json()["total"] == 0


def test_someone_elses_notification_is_404_and_stays_unread(client):
    owner, intruder = make_user(), make_user("admin")
    notice = _notice(owner)
    assert_problem(client.post(f"/api/v1/notifications/{notice.id}/read",
                               headers=bearer(intruder)), 404)
    assert_problem(client.post("/api/v1/notifications/999999/read", headers=bearer(owner)), 404)
    assert db.session.scalar(select(Notification.read_at).where(Notification.id == notice.id)) is None


def test_anonymous_callers_are_401(client):
    notice = _notice(make_user())
    assert_problem(client.get("/api/v1/notifications"), 401)
    assert_problem(client.post(f"/api/v1/notifications/{notice.id}/read"), 401)
    assert db.session.scalar(select(Notification.read_at).where(Notification.id == notice.id)) is None


def test_bad_query_input_is_422(client):
    headers = bearer(make_user())
    assert_problem(client.get("/api/v1/notifications?unread=maybe", headers=headers), 422, "unread")
    assert_problem(client.get("/api/v1/notifications?per_page=201", headers=headers), 422,
                   "per_page")
    assert_problem(client.get("/api/v1/notifications?page=0", headers=headers), 422, "page")


def test_preferences_are_read_and_chosen_per_kind_and_bad_choices_are_422(client):
    user = make_user()
    headers = bearer(user)
    chosen = client.get("/api/v1/notifications/preferences", headers=headers).get_json()
    assert chosen["testing_report"] == "immediate" and set(chosen) >= {"enrolment", "lot_expiry"}
    answer = client.put("/api/v1/notifications/preferences", headers=headers,
                        json={"testing_report": "digest"})
    assert answer.status_code == 200 and answer.get_json()["testing_report"] == "digest"
    assert_problem(client.put("/api/v1/notifications/preferences", headers=headers,
                              json={"enrolment": "weekly"}), 422, "enrolment")
    assert_problem(client.put("/api/v1/notifications/preferences", headers=headers,
                              json={"no_such_kind": "off"}), 422, "no_such_kind")
    assert_problem(client.get("/api/v1/notifications/preferences"), 401)
    chosen = client.get("/api/v1/notifications/preferences", headers=headers).get_json()
    assert chosen["testing_report"] == "digest" and chosen["enrolment"] == "immediate"


def test_read_all_marks_only_the_callers_own(client):
    me, other = make_user(), make_user()
    _notice(me), _notice(me, read=True)
    theirs = _notice(other)
    answer = client.post("/api/v1/notifications/read-all", headers=bearer(me))
    assert answer.status_code == 200 and answer.get_json() == {"marked_read": 1}
    assert db.session.scalar(select(Notification.read_at).where(Notification.id == theirs.id)) is None
    assert_problem(client.post("/api/v1/notifications/read-all"), 401)
