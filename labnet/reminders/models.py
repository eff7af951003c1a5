from labnet.database import UTCDateTime, utcnow
from labnet.extensions import db


class ReminderSent(db.Model):
    """That the reminder of one record at one threshold went out: its key is unique, so
    `send-reminders` inserts it or skips it, once, however many runs race."""

    __tablename__ = "reminders_sent"
    # accreditation, holding or lab
    subject = db.Column(db.String(20), primary_key=True)
    record_id = db.Column(db.Integer, primary_key=True)
    # the threshold and the date it counts from (a renewed accreditation is reminded again)
    threshold = db.Column(db.String(40), primary_key=True)
    sent_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
