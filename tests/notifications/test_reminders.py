"""`send-reminders`: once per record and threshold, however often (or concurrently) it runs."""
import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from labnet.database import today, utcnow
from labnet.extensions import db
from labnet.mail.models import OutgoingMail
from labnet.notifications.models import Notification
from labnet.reminders.models import ReminderSent
from labnet.reminders.services import accreditation_threshold, send_reminders
from tests.helpers import is_postgres, make_accreditation, make_holding, make_lab, make_material, make_user


def _days(n):
    return today() + dt.timedelta(days=n)


def _titles(user):
    return sorted(db.session.scalars(select(Notification.title)
                                     .where(Notification.user_id == user.id)))


def _mails():
    return db.session.scalar(select(func.count()).select_from(OutgoingMail))


def test_thresholds_of_an_accreditation():
    on = today()
    assert accreditation_threshold(on + dt.timedelta(days=91), on) is None
    assert accreditation_threshold(on + dt.timedelta(days=90), on) == "90d"
    assert accreditation_threshold(on + dt.timedelta(days=30), on) == "30d"
    assert accreditation_threshold(on, on) == "30d"
    assert accreditation_threshold(on - dt.timedelta(days=1), on) == "expired"


def test_each_reminder_is_queued_once_when_run_twice(app):
    lab = make_lab(name="Lab Nairobi")
    manager = make_user(labs=[lab])
    make_accreditation(lab, valid_until=_days(80), valid_from=_days(-300))
    make_accreditation(lab, valid_until=_days(20), valid_from=_days(-300))
    make_accreditation(lab, valid_until=_days(-3), valid_from=_days(-300))
    make_accreditation(lab, valid_until=_days(200))  # not due
    material = make_material()
    make_holding(lab, material, expiry=_days(45), lot="SOON")
    make_holding(lab, material, quantity=0, lot="EMPTY")
    make_holding(lab, material, expiry=_days(400), lot="LATER")
    lab.confirmed_at = utcnow() - dt.timedelta(days=400)
    db.session.flush()

    assert send_reminders() == {"accreditations": 3, "lots": 2, "lab records": 1}
    first = _titles(manager)
    assert len(first) == 6 and _mails() == 6
    assert any("expired" in t for t in first) and any("out of stock: EMPTY" in t for t in first)
    assert any("SOON" in t for t in first) and not any("LATER" in t for t in first)
    assert any("confirm the record of Lab Nairobi" in t for t in first)

    assert send_reminders() == {"accreditations": 0, "lots": 0, "lab records": 0}
    assert _titles(manager) == first and _mails() == 6


def test_a_renewed_accreditation_or_a_restocked_lot_is_reminded_again(app):
    lab = make_lab()
    manager = make_user(labs=[lab])
    accreditation = make_accreditation(lab, valid_until=_days(25))
    holding = make_holding(lab, make_material(), quantity=0)
    send_reminders()
    accreditation.valid_until = _days(60)  # renewed, and later due again
    holding.quantity = holding.quantity_given = 3
    db.session.flush()
    assert send_reminders() == {"accreditations": 1, "lots": 0, "lab records": 0}
    holding.quantity = 0
    db.session.flush()
    assert send_reminders()["lots"] == 1
    assert len(_titles(manager)) == 4


def test_a_lab_no_one_answers_for_is_reminded_once_someone_does(app):
    lab = make_lab()
    make_accreditation(lab, valid_until=_days(10))
    assert send_reminders()["accreditations"] == 0
    assert db.session.scalar(select(func.count()).select_from(ReminderSent)) == 0
    make_user(labs=[lab])
    assert send_reminders()["accreditations"] == 1


def test_two_runs_at_once_queue_each_reminder_once(app):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    labs = [make_lab() for _ in range(5)]
    for lab in labs:
        make_user(labs=[lab])
        make_accreditation(lab, valid_until=_days(15))
    db.session.commit()
    db.session.remove()
    barrier, errors = threading.Barrier(3), []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                send_reminders()
                db.session.commit()
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 5
    assert _mails() == 5
