"""Notices: recorded in the transaction of the change they tell of, mailed per the
recipient's preference for their kind, read and marked read by their recipient only."""
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from labnet import authz
from labnet.database import get_or_404, utcnow
from labnet.errors import NotFound
from labnet.extensions import db
from labnet.mail.services import absolute_url, queue_rendered, render_mail
from labnet.notifications.kinds import DEFAULT_DELIVERY, DELIVERIES, KINDS, PREFERENCES_PATH
from labnet.notifications.models import Notification, NotificationPreference


def deliveries(user_ids, kind: str) -> dict[int, str]:
    """Each user's choice for this kind of notice (the default where they made none)."""
    chosen = dict(db.session.execute(
        select(NotificationPreference.user_id, NotificationPreference.delivery).where(
            NotificationPreference.user_id.in_(list(user_ids)),
            NotificationPreference.kind == kind)).all())
    return {user_id: chosen.get(user_id, DEFAULT_DELIVERY) for user_id in user_ids}


def notify(recipients, kind: str, *, template: str, link: str | None = None,
           **context) -> list[Notification]:
    """Record a notice for each active recipient (a User; duplicates and None are skipped), and
    queue its mail now, keep it for the daily digest, or send none, as each prefers for `kind`.
    The title is the subject of templates/mail/<template>.txt in the recipient's language."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of notification: {kind}")
    users = list({user.id: user for user in recipients if user is not None and user.active}
                 .values())
    if not users:
        return []
    db.session.flush()  # the change being told of has its ids and values
    chosen = deliveries([user.id for user in users], kind)
    notices = []
    for user in users:
        subject, body = render_mail(
            template, user.language, user=user, link=absolute_url(link),
            preferences_link=absolute_url(PREFERENCES_PATH), **context)
        delivery = chosen[user.id]
        notice = Notification(user_id=user.id, kind=kind, title=subject[:300], link=link,
                              mail=delivery)
        db.session.add(notice)
        notices.append(notice)
        if delivery == "immediate":
            queue_rendered(user.email, subject, body, template=template, language=user.language)
    db.session.flush()
    return notices


# the recipient's notices

def notifications_query(actor, unread: bool | None = None):
    authz.require(authz.is_logged_in(actor), actor)
    stmt = (select(Notification).where(authz.notifications_visible(actor, Notification.user_id))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))
    if unread is True:
        stmt = stmt.where(Notification.read_at.is_(None))
    elif unread is False:
        stmt = stmt.where(Notification.read_at.is_not(None))
    return stmt


def unread_count(actor) -> int:
    if actor is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == actor.id, Notification.read_at.is_(None)))


def mark_read(actor, notification_id: int) -> Notification:
    """Mark one of the actor's notices read (someone else's is 404: it is not theirs to see)."""
    authz.require(authz.is_logged_in(actor), actor)
    notice = get_or_404(Notification, notification_id, "notification")
    if not authz.owns_notification(actor, notice):
        raise NotFound(_("No notification with id %(id)s.", id=notification_id))
    db.session.execute(update(Notification).where(
        Notification.id == notice.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False))
    db.session.expire(notice, ["read_at"])
    return notice


def mark_all_read(actor) -> int:
    authz.require(authz.is_logged_in(actor), actor)
    return db.session.execute(update(Notification).where(
        Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount


# preferences

def preferences(actor) -> dict[str, str]:
    """The actor's choice for every kind, in the order of KINDS."""
    authz.require(authz.is_logged_in(actor), actor)
    chosen = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery).where(
            NotificationPreference.user_id == actor.id)).all())
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in KINDS}


def set_preferences(actor, choices: dict[str, str]) -> dict[str, str]:
    """Record the actor's choices (kinds not named keep theirs); one row per kind chosen."""
    authz.require(authz.is_logged_in(actor), actor)
    for kind, delivery in choices.items():
        if kind not in KINDS or delivery not in DELIVERIES:
            continue  # the schema refused these already
        db.session.merge(NotificationPreference(user_id=actor.id, kind=kind, delivery=delivery))
    db.session.flush()
    return preferences(actor)
