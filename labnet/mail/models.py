from labnet.database import UTCDateTime, one_of, utcnow
from labnet.extensions import db

# queued: waiting to be sent, or claimed by a worker until `next_attempt_at` (its lease);
# sent: the SMTP server accepted it; failed: given up after the last attempt
STATUSES = ("queued", "sent", "failed")


class OutgoingMail(db.Model):
    """One mail in the outbox, rendered when it was queued (in the recipient's language)."""

    __tablename__ = "outgoing_mail"
    id = db.Column(db.Integer, primary_key=True)
    to_address = db.Column(db.String(254), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    language = db.Column(db.String(8), nullable=False, default="en")
    template = db.Column(db.String(100), nullable=False)
    # set once, when queued: a resend after a crash carries the same Message-ID
    message_id = db.Column(db.String(255), nullable=False, unique=True)
    status = db.Column(db.String(10), nullable=False, default="queued")
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    # the worker holding the lease; another worker may claim the mail once the lease ends
    claimed_by = db.Column(db.String(32))
    last_error = db.Column(db.String(500))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    sent_at = db.Column(UTCDateTime)

    __table_args__ = (
        db.CheckConstraint(one_of("status", STATUSES), name="status"),
        db.CheckConstraint("attempts >= 0", name="attempts"),
        db.Index("ix_outgoing_mail_due", "status", "next_attempt_at"),
    )
