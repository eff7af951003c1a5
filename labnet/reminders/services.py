"""Reminders to a lab's managers (`flask labnet send-reminders`, run once a day): an
accreditation expiring within 90 and within 30 days, or expired; a lot expiring within 60
days, or out of stock; a lab record not reconfirmed for RECONFIRM_AFTER_DAYS.

Each goes out once per record and threshold: the threshold's key (with the date it counts
from, so a renewed accreditation or a record confirmed again is reminded anew) is inserted
into `reminders_sent` or skipped when there already, in one statement; two runs at once
insert it once, the second waiting for the first on the unique key. A record whose lab no
one answers for is left until someone does.
"""
import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from labnet.database import today, utcnow
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Accreditation, Lab
from labnet.labs.services import RECONFIRM_AFTER_DAYS
from labnet.notifications import notify
from labnet.reminders.models import ReminderSent

ACCREDITATION_DAYS = (30, 90)  # the nearest threshold reached is the one reminded
LOT_DAYS = 60
OUT_OF_STOCK = "out_of_stock"


def _first_time(subject: str, record_id: int, threshold: str) -> bool:
    """Record that this reminder goes out; False when it already went (or is going) out."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    inserted = db.session.execute(
        insert(ReminderSent).values(subject=subject, record_id=record_id, threshold=threshold,
                                    sent_at=utcnow())
        .on_conflict_do_nothing().returning(ReminderSent.record_id)).first()
    return inserted is not None


def _remind(lab, subject: str, record_id: int, threshold: str, kind: str, **context) -> bool:
    managers = [user for user in lab.managers if user.active]
    if not managers or not _first_time(subject, record_id, threshold):
        return False
    notify(managers, kind, template=f"reminder_{subject}", link=f"/labs/{lab.id}", lab=lab,
           **context)
    return True


def accreditation_threshold(valid_until: dt.date, on: dt.date) -> str | None:
    if valid_until < on:
        return "expired"
    for days in ACCREDITATION_DAYS:
        if valid_until <= on + dt.timedelta(days=days):
            return f"{days}d"
    return None


def remind_accreditations(on: dt.date) -> int:
    sent = 0
    rows = db.session.scalars(
        select(Accreditation).join(Lab, Lab.id == Accreditation.lab_id)
        .where(Accreditation.status == "active", Accreditation.valid_until.is_not(None),
               Accreditation.valid_until <= on + dt.timedelta(days=max(ACCREDITATION_DAYS)),
               Lab.archived_at.is_(None)).order_by(Accreditation.id))
    for accreditation in rows:
        threshold = accreditation_threshold(accreditation.valid_until, on)
        key = f"{threshold}:{accreditation.valid_until.isoformat()}"
        sent += _remind(accreditation.lab, "accreditation", accreditation.id, key,
                        "accreditation_expiry", accreditation=accreditation,
                        expired=threshold == "expired")
    return sent


def remind_lots(on: dt.date) -> int:
    # a lot given stock again is reminded again when it next runs out
    db.session.execute(delete(ReminderSent).where(
        ReminderSent.subject == "holding", ReminderSent.threshold == OUT_OF_STOCK,
        ReminderSent.record_id.in_(select(Holding.id).where(Holding.quantity > 0))))
    sent = 0
    rows = db.session.scalars(
        select(Holding).join(Lab, Lab.id == Holding.lab_id)
        .where(Holding.archived_at.is_(None), Lab.archived_at.is_(None),
               (Holding.quantity == 0)
               | (Holding.expiry_date <= on + dt.timedelta(days=LOT_DAYS)))
        .order_by(Holding.id))
    for holding in rows:
        if holding.expiry_date is not None and holding.expiry_date <= on + dt.timedelta(days=LOT_DAYS):
            sent += _remind(holding.lab, "holding", holding.id,
                            f"{LOT_DAYS}d:{holding.expiry_date.isoformat()}", "lot_expiry",
                            holding=holding, reason="expiry", expired=holding.expiry_date < on)
        if holding.quantity == 0:
            sent += _remind(holding.lab, "holding", holding.id, OUT_OF_STOCK, "lot_expiry",
                            holding=holding, reason=OUT_OF_STOCK, expired=False)
    return sent


def remind_reconfirmations(now: dt.datetime) -> int:
    sent = 0
    due = now - dt.timedelta(days=RECONFIRM_AFTER_DAYS)
    rows = db.session.scalars(select(Lab).where(Lab.archived_at.is_(None), Lab.confirmed_at < due)
                              .order_by(Lab.id))
    for lab in rows:
        sent += _remind(lab, "lab", lab.id, f"reconfirm:{lab.confirmed_at.date().isoformat()}",
                        "lab_reconfirmation", confirmed_at=lab.confirmed_at)
    return sent


def send_reminders() -> dict[str, int]:
    """Queue every reminder due today; answers how many of each kind went out."""
    return {"accreditations": remind_accreditations(today()), "lots": remind_lots(today()),
            "lab records": remind_reconfirmations(utcnow())}
