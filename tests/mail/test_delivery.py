"""The mail worker: what a request's life mails, through a real SMTP server; outages,
backoff, giving up, leases, and several workers on one queue."""
import datetime as dt
import logging
import threading

import pytest
from sqlalchemy import select, update

from labnet.database import utcnow
from labnet.extensions import db
from labnet.mail import queue_mail
from labnet.mail.delivery import claim, deliver_once, retry_delay
from labnet.mail.models import OutgoingMail
from tests.helpers import bearer, is_postgres, make_event, make_holding, make_lab, make_material, make_user


def _queue(count: int, prefix="to"):
    for n in range(count):
        queue_mail(f"{prefix}{n}@example.org", template="digest", user=make_user(),
                   notices=[{"title": f"notice {n}", "link": None}], link="/notifications",
                   preferences_link="http://h/p")
    db.session.commit()


def _rows():
    db.session.expire_all()
    return db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()


def _time_passes():
    """Every backoff and lease ends."""
    db.session.execute(update(OutgoingMail).where(OutgoingMail.status == "queued")
                       .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1)))
    db.session.commit()


def test_a_material_request_from_creation_to_receipt_mails_each_step_to_the_other_party(
        client, smtp_server):
    holder_lab, requester_lab = make_lab("KE", name="Holder Lab"), make_lab("UG", name="Asking Lab")
    holding = make_holding(holder_lab, make_material([make_event()]), quantity=5, lot="LOT-9")
    holder = bearer(make_user("lab_manager", email="holder@example.org", labs=[holder_lab]))
    requester = bearer(make_user("lab_manager", email="asker@example.org", labs=[requester_lab]))
    made = client.post("/api/v1/material-requests", headers=requester, json={
        "requester_lab_id": requester_lab.id, "holding_id": holding.id, "quantity": 2})
    assert made.status_code == 201, made.get_json()
    url = f"/api/v1/material-requests/{made.get_json()['id']}"
    for action, who in (("accept", holder), ("ship", holder), ("receive", requester)):
        assert client.post(f"{url}/{action}", headers=who).status_code == 200
    assert deliver_once() == {"sent": 4, "retry": 0, "failed": 0}

    number = made.get_json()["id"]
    assert smtp_server.mailbox.summary() == [
        ("holder@example.org",
         f"Material request {number}: Asking Lab asks for 2 vial of lot LOT-9"),
        ("asker@example.org", f"Material request {number} accepted: 2 vial of lot LOT-9"),
        ("asker@example.org", f"Material request {number} shipped: 2 vial of lot LOT-9"),
        ("holder@example.org", f"Material request {number} received: 2 vial of lot LOT-9"),
    ]
    _, first = smtp_server.mailbox.received[0]
    assert first["From"] and first["Message-ID"] == _rows()[0].message_id
    assert first["Content-Language"] == "en"
    assert f"/requests/material/{number}" in first.get_content()
    assert all(row.status == "sent" and row.sent_at for row in _rows())
    assert deliver_once() == {"sent": 0, "retry": 0, "failed": 0}  # nothing is sent twice
    assert len(smtp_server.mailbox.received) == 4


def test_while_smtp_is_down_everything_stays_queued_with_backoff_then_arrives_once(
        app, smtp_down, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_RETRY_SECONDS", 60)
    _queue(3)
    before = utcnow()
    assert deliver_once() == {"sent": 0, "retry": 3, "failed": 0}
    rows = _rows()
    assert [r.status for r in rows] == ["queued"] * 3 and all(r.attempts == 1 for r in rows)
    assert all(r.last_error and r.claimed_by is None for r in rows)
    assert all(r.next_attempt_at >= before + dt.timedelta(seconds=59) for r in rows)
    assert deliver_once() == {"sent": 0, "retry": 0, "failed": 0}  # waiting out the backoff

    _time_passes()
    second = utcnow()
    assert deliver_once()["retry"] == 3
    assert all(r.attempts == 2 and r.next_attempt_at >= second + dt.timedelta(seconds=119)
               for r in _rows())  # the delay doubled

    smtp_down.start()
    _time_passes()
    assert deliver_once() == {"sent": 3, "retry": 0, "failed": 0}
    _time_passes()
    assert deliver_once() == {"sent": 0, "retry": 0, "failed": 0}
    assert sorted(smtp_down.mailbox.message_ids()) == sorted(r.message_id for r in _rows())
    assert sorted(r for r, _ in smtp_down.mailbox.summary()) == [
        "to0@example.org", "to1@example.org", "to2@example.org"]
    assert all(r.status == "sent" and r.last_error is None for r in _rows())


def test_a_mail_is_given_up_after_the_last_attempt_and_the_failure_is_kept_and_logged(
        app, smtp_down, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    _queue(1)
    deliver_once()
    _time_passes()
    with caplog.at_level(logging.ERROR, logger="labnet.mail"):
        assert deliver_once() == {"sent": 0, "retry": 0, "failed": 1}
    row = _rows()[0]
    assert row.status == "failed" and row.attempts == 2 and "ConnectionRefused" in row.last_error
    assert "given up" in caplog.text and "to0@example.org" in caplog.text
    smtp_down.start()
    _time_passes()
    assert deliver_once()["sent"] == 0 and smtp_down.mailbox.received == []


def test_a_recipient_the_server_refuses_for_good_is_given_up_at_once(app, smtp_server):
    smtp_server.mailbox.refuse_rcpt.add("to0@example.org")
    _queue(2)
    assert deliver_once() == {"sent": 1, "retry": 0, "failed": 1}
    assert [r.status for r in _rows()] == ["failed", "sent"]
    assert "550" in _rows()[0].last_error


def test_a_crashed_workers_claim_is_retried_after_its_lease_with_the_same_message_id(
        app, smtp_server):
    _queue(1)
    assert claim("crashed-worker") == [_rows()[0].id]  # claimed, then the worker died
    assert deliver_once()["sent"] == 0  # another worker leaves it during the lease
    _time_passes()  # the lease ends
    assert deliver_once()["sent"] == 1
    row = _rows()[0]
    assert row.attempts == 2 and smtp_server.mailbox.message_ids() == [row.message_id]


def test_backoff_doubles_and_is_bounded():
    assert [retry_delay(n, 60).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert retry_delay(40, 60) == dt.timedelta(days=1)


def test_several_workers_draining_one_queue_deliver_each_mail_exactly_once(app, smtp_server):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    _queue(60)
    db.session.remove()
    errors = []

    def worker():
        try:
            with app.app_context():
                while deliver_once(limit=5)["sent"]:
                    pass
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    ids = smtp_server.mailbox.message_ids()
    assert len(ids) == 60 and len(set(ids)) == 60
    assert all(row.status == "sent" and row.attempts == 1 for row in _rows())


def test_a_sender_the_server_refuses_is_retried_not_given_up(app, smtp_server, monkeypatch):
    async def refuse_sender(server, session, envelope, address, mail_options):
        return "553 5.7.1 Sender address rejected"

    monkeypatch.setattr(smtp_server.mailbox, "handle_MAIL", refuse_sender, raising=False)
    _queue(1)
    assert deliver_once() == {"sent": 0, "retry": 1, "failed": 0}
    assert _rows()[0].status == "queued" and "553" in _rows()[0].last_error
