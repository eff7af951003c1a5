"""The notifications page, the unread count in the navigation, and the preferences page."""
from sqlalchemy import select

from labnet.extensions import db
from labnet.notifications.models import Notification, NotificationPreference
from tests.helpers import login, make_user, post_form


def _notice(user, title="Your enrolment is confirmed"):
    notice = Notification(user_id=user.id, kind="enrolment", title=title, link="/enrolments",
                          mail="off")
    db.session.add(notice)
    db.session.flush()
    return notice


def _read_at(notice_id):
    return db.session.scalar(select(Notification.read_at).where(Notification.id == notice_id))


def test_the_page_needs_a_login(client):
    assert client.get("/notifications").status_code == 302
    assert client.get("/notifications/preferences").status_code == 302


def test_an_empty_page_says_so(client):
    login(client, make_user())
    page = client.get("/notifications").get_data(as_text=True)
    assert "No notifications yet" in page and "Mark all as read" not in page
    assert 'href="/notifications/preferences"' in page


def test_unread_notices_are_counted_in_the_navigation_and_marked_read(client):
    user = make_user()
    first, second = _notice(user, "First notice"), _notice(user, "Second notice")
    _notice(make_user(), "Someone else's notice")
    login(client, user)
    page = client.get("/notifications").get_data(as_text=True)
    assert "First notice" in page and "Second notice" in page
    assert "Someone else" not in page
    assert 'aria-label="2 unread">2</mark>' in page

    opened = post_form(client, f"/notifications/{first.id}/read", {"open": "1"})
    assert opened.status_code == 302 and opened.headers["Location"] == "/enrolments"
    assert _read_at(first.id) is not None and _read_at(second.id) is None
    assert 'aria-label="1 unread">1</mark>' in client.get("/notifications").get_data(as_text=True)

    post_form(client, "/notifications/read-all", {})
    assert _read_at(second.id) is not None
    page = client.get("/notifications").get_data(as_text=True)
    assert "unread</mark>" not in page
    assert "No unread notifications" in client.get("/notifications?unread=true").get_data(as_text=True)


def test_someone_elses_notice_cannot_be_marked_read_from_the_page(client):
    notice = _notice(make_user())
    login(client, make_user())
    assert post_form(client, f"/notifications/{notice.id}/read", {}).status_code == 404
    assert _read_at(notice.id) is None


def test_preferences_are_saved_per_kind_and_a_bad_choice_changes_nothing(client):
    user = make_user()
    login(client, user)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'name="testing_report" value="immediate" id="testing_report-immediate" checked' in page
    assert post_form(client, "/notifications/preferences", {
        "testing_report": "off", "enrolment": "digest"}).status_code == 302
    chosen = dict(db.session.execute(select(NotificationPreference.kind,
                                            NotificationPreference.delivery)).all())
    assert chosen == {"testing_report": "off", "enrolment": "digest"}
    refused = post_form(client, "/notifications/preferences", {
        "testing_report": "immediate", "enrolment": "weekly"})
    assert refused.status_code == 422
    db.session.expire_all()
    assert dict(db.session.execute(select(NotificationPreference.kind,
                                          NotificationPreference.delivery)).all()) == chosen
