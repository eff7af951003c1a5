"""Each kind reaches a user as they chose: mailed at once, in the daily digest, or not mailed
(the notice itself always appears in the app)."""
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.mail.delivery import deliver_once
from labnet.mail.models import OutgoingMail
from labnet.notifications.digest import send_digests
from labnet.notifications.models import Notification
from labnet.notifications.services import preferences, set_preferences
from tests.helpers import bearer, make_event, make_holding, make_lab, make_material, make_user


def _request_material(client, holder_choice: str | None, requests: int = 1):
    """A holder lab whose manager chose `holder_choice` for new requests; `requests` labs
    each ask it for a lot."""
    holder_lab = make_lab("KE", name="Holder Lab")
    manager = make_user(email="holder@example.org", labs=[holder_lab])
    if holder_choice:
        set_preferences(manager, {"material_request_received": holder_choice})
    material = make_material([make_event()])
    for n in range(requests):
        holding = make_holding(holder_lab, material, quantity=5, lot=f"LOT-{n}")
        lab = make_lab("UG", name=f"Asking Lab {n}")
        asker = bearer(make_user(labs=[lab]))
        answer = client.post("/api/v1/material-requests", headers=asker, json={
            "requester_lab_id": lab.id, "holding_id": holding.id, "quantity": 1})
        assert answer.status_code == 201, answer.get_json()
    return manager


def _notices(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def test_immediate_is_the_default_and_mails_at_once(client, smtp_server):
    manager = _request_material(client, None)
    assert preferences(manager)["material_request_received"] == "immediate"
    deliver_once()
    assert [r for r, _ in smtp_server.mailbox.summary()] == ["holder@example.org"]
    assert [n.mail for n in _notices(manager)] == ["immediate"]


def test_off_sends_no_mail_but_the_notice_stays_in_the_app(client, smtp_server):
    manager = _request_material(client, "off")
    deliver_once()
    assert smtp_server.mailbox.received == []
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
    notices = _notices(manager)
    assert len(notices) == 1 and notices[0].mail == "off" and "Asking Lab 0" in notices[0].title
    send_digests()
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_digest_gathers_the_days_notices_into_one_mail_sent_once(client, smtp_server):
    manager = _request_material(client, "digest", requests=2)
    deliver_once()
    assert smtp_server.mailbox.received == []  # nothing at once
    assert send_digests() == 1
    db.session.commit()
    assert send_digests() == 0  # a notice goes in one digest only
    db.session.commit()
    deliver_once()
    assert len(smtp_server.mailbox.received) == 1
    recipients, message = smtp_server.mailbox.received[0]
    assert recipients == ["holder@example.org"] and "2 notices" in str(message["Subject"])
    body = message.get_content()
    assert "Asking Lab 0" in body and "Asking Lab 1" in body and "/requests/material/" in body
    assert {n.mail for n in _notices(manager)} == {"digested"}


def test_a_choice_for_one_kind_leaves_the_others_alone(app):
    user = make_user()
    set_preferences(user, {"testing_report": "off", "enrolment": "digest"})
    set_preferences(user, {"enrolment": "immediate"})
    chosen = preferences(user)
    assert chosen["testing_report"] == "off" and chosen["enrolment"] == "immediate"
    assert chosen["lot_expiry"] == "immediate"
