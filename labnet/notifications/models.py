from labnet.database import UTCDateTime, one_of, utcnow
from labnet.extensions import db
from labnet.notifications.kinds import DELIVERIES, KINDS, MAIL_STATES


class Notification(db.Model):
    """A notice to one user, written in the transaction of the change it tells of."""

    __tablename__ = "notifications"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(40), nullable=False)
    title = db.Column(db.String(300), nullable=False)  # in the recipient's language
    link = db.Column(db.String(500))
    mail = db.Column(db.String(10), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    read_at = db.Column(UTCDateTime)

    __table_args__ = (
        # kinds are checked by notify(), not by a CHECK: a new kind needs no migration
        db.CheckConstraint(one_of("mail", MAIL_STATES), name="mail"),
        db.Index("ix_notifications_user_unread", "user_id", "read_at"),
        db.Index("ix_notifications_digest", "mail", "user_id"),
    )

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(db.Model):
    """How a user gets mail of one kind of notice (no row: the default, immediate)."""

    __tablename__ = "notification_preferences"
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind = db.Column(db.String(40), primary_key=True)
    delivery = db.Column(db.String(10), nullable=False)

    __table_args__ = (
        db.CheckConstraint(one_of("delivery", tuple(DELIVERIES)), name="delivery"),
    )
