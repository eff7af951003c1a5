"""The daily digest: one mail per user gathering the notices they chose to get that way and
that no digest has carried yet (`flask labnet send-digests`, run once a day)."""
from sqlalchemy import select, update

from labnet.accounts.models import User
from labnet.extensions import db
from labnet.mail.services import absolute_url, queue_mail
from labnet.notifications.kinds import PREFERENCES_PATH
from labnet.notifications.models import Notification


def send_digests() -> int:
    """Queue each waiting user's digest; answers how many were queued. Each user's notices
    are taken in one conditional UPDATE, so two runs at once never mail a notice twice."""
    user_ids = db.session.scalars(select(Notification.user_id).where(
        Notification.mail == "digest").distinct().order_by(Notification.user_id)).all()
    queued = 0
    for user_id in user_ids:
        taken = db.session.execute(
            update(Notification).where(Notification.user_id == user_id,
                                       Notification.mail == "digest")
            .values(mail="digested")
            .returning(Notification.id, Notification.title, Notification.link,
                       Notification.created_at)
            .execution_options(synchronize_session=False)).all()
        user = db.session.get(User, user_id)
        if not taken or user is None or not user.active:
            continue
        notices = [{"title": n.title, "link": absolute_url(n.link), "created_at": n.created_at}
                   for n in sorted(taken, key=lambda n: (n.created_at, n.id))]
        queue_mail(user.email, template="digest", language=user.language, user=user,
                   notices=notices, link=absolute_url("/notifications"),
                   preferences_link=absolute_url(PREFERENCES_PATH))
        queued += 1
    return queued
