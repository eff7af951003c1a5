"""notify() and queue_mail(): a notice and its mail are rows of the caller's transaction."""
import pytest
from sqlalchemy import select

from labnet.extensions import db
from labnet.mail import queue_mail
from labnet.mail.models import OutgoingMail
from labnet.notifications import notify
from labnet.notifications.models import Notification, NotificationPreference
from labnet.requests.models import MaterialRequest
from tests.helpers import make_holding, make_lab, make_material, make_user


def _request():
    holder, requester = make_lab(name="Holder Lab"), make_lab(name="Asking Lab")
    holding = make_holding(holder, make_material(), quantity=5, lot="L-7")
    request = MaterialRequest(requester_lab_id=requester.id, holding_id=holding.id, quantity=2,
                              status="pending")
    db.session.add(request)
    db.session.flush()
    return request


def test_notify_records_a_notice_and_queues_its_mail_in_the_same_transaction(app):
    request = _request()
    manager = make_user(email="manager@example.org")
    notices = notify([manager, manager, None], "material_request_received",
                     template="material_request_received", link=f"/requests/material/{request.id}",
                     request=request)
    assert len(notices) == 1
    notice = notices[0]
    assert notice.user_id == manager.id and notice.read_at is None and notice.mail == "immediate"
    assert "Asking Lab" in notice.title and "L-7" in notice.title
    mail = db.session.scalars(select(OutgoingMail)).one()
    assert mail.to_address == "manager@example.org" and mail.status == "queued"
    assert mail.subject == notice.title
    assert f"/requests/material/{request.id}" in mail.body and "://" in mail.body
    assert mail.message_id.startswith("<") and mail.message_id.endswith(">")

    db.session.rollback()  # the change rolled back: neither the notice nor its mail remains
    assert db.session.scalars(select(Notification)).all() == []
    assert db.session.scalars(select(OutgoingMail)).all() == []


def test_notify_mails_nobody_who_turned_the_kind_off_but_still_records_the_notice(app):
    request = _request()
    quiet, digest = make_user(), make_user()
    inactive = make_user()
    inactive.active = False
    db.session.add_all([
        NotificationPreference(user_id=quiet.id, kind="material_request_received", delivery="off"),
        NotificationPreference(user_id=digest.id, kind="material_request_received",
                               delivery="digest")])
    notices = notify([quiet, digest, inactive], "material_request_received",
                     template="material_request_received", link="/x", request=request)
    assert sorted((n.user_id, n.mail) for n in notices) == sorted(
        [(quiet.id, "off"), (digest.id, "digest")])
    assert db.session.scalars(select(OutgoingMail)).all() == []


def test_notify_refuses_a_kind_not_declared(app):
    with pytest.raises(ValueError):
        notify([make_user()], "no_such_kind", template="material_request_received")


def test_queue_mail_renders_in_the_language_asked_and_keeps_a_stable_message_id(app):
    request = _request()
    mail = queue_mail("someone@example.org", template="material_request_received",
                      language="xx", user=make_user(), link="/requests/material/1",
                      request=request, preferences_link="http://h/p")
    assert mail.language == "en"  # a language labnet does not speak falls back to English
    assert mail.id is not None and mail.attempts == 0
    assert mail.body.endswith("\n") and "\n" not in mail.subject
