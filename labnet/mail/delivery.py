"""Sending the outbox through SMTP, safely with several workers at once.

A worker claims due mail with one conditional UPDATE (on PostgreSQL its candidates are
chosen with FOR UPDATE SKIP LOCKED, so workers take different rows without waiting): the
claim sets a lease (`next_attempt_at` moved to now + MAIL_LEASE_SECONDS) and the worker's
token, and is committed before anything is sent. The outcome is recorded only if the lease
is still this worker's. A worker that dies holding a lease leaves the mail queued: another
claims it when the lease ends. A failed attempt is retried after MAIL_RETRY_SECONDS, doubled
per attempt; after MAIL_MAX_ATTEMPTS (or a permanent 5xx refusal) the mail is `failed`,
logged and kept with its last error. Nothing is lost while the SMTP server is down.

The residual window: if a worker dies after the SMTP server accepted a mail and before it
recorded `sent`, the mail is sent again when the lease ends. The resend carries the same
Message-ID (set when the mail was queued), so mail clients and most servers recognise it as
the same message; it cannot be avoided without the SMTP server taking part in the commit.
"""
import datetime as dt
import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import select, update

from labnet.database import utcnow
from labnet.extensions import db
from labnet.mail.models import OutgoingMail

log = logging.getLogger("labnet.mail")
BATCH = 50


def retry_delay(attempts: int, base_seconds: int) -> dt.timedelta:
    """Exponential backoff: base, 2 x base, 4 x base... after the 1st, 2nd, 3rd failure,
    at most a day."""
    return dt.timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), 86_400))


def claim(token: str, limit: int = BATCH) -> list[int]:
    """Claim up to `limit` due mails for this worker and commit the claim; their ids."""
    now = utcnow()
    due = (OutgoingMail.status == "queued", OutgoingMail.next_attempt_at <= now)
    candidates = (select(OutgoingMail.id).where(*due)
                  .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    lease = dt.timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    # the conditions are repeated on the row updated: a row another worker claimed meanwhile
    # no longer matches, and is left to it
    claimed = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id.in_(candidates.scalar_subquery()), *due)
        .values(claimed_by=token, next_attempt_at=now + lease,
                attempts=OutgoingMail.attempts + 1)
        .returning(OutgoingMail.id).execution_options(synchronize_session=False)).scalars().all()
    db.session.commit()
    return sorted(claimed)


def as_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = mail.message_id
    message["Date"] = format_datetime(mail.created_at)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    message["Content-Language"] = mail.language  # after set_content, which resets Content-*
    return message


def _connect(config) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                        timeout=config["MAIL_TIMEOUT_SECONDS"])
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def _permanent(error: Exception) -> bool:
    """A 5xx answer about this mail (its recipient or its content): retrying will not change
    it. A refused sender is the configuration's fault, not the mail's: it is retried."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600 \
        and not isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError)


def _record(mail_id: int, token: str, **values) -> bool:
    """Record an outcome if this worker still holds the mail's lease, and commit."""
    done = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id == mail_id, OutgoingMail.claimed_by == token,
                                   OutgoingMail.status == "queued")
        .values(claimed_by=None, **values).returning(OutgoingMail.id)
        .execution_options(synchronize_session=False)).first()
    db.session.commit()
    return done is not None


def _failed(mail: OutgoingMail, token: str, error: Exception, permanent: bool = False) -> str:
    config = current_app.config
    reason = f"{type(error).__name__}: {error}"[:500]
    if mail.attempts >= config["MAIL_MAX_ATTEMPTS"] or permanent:
        _record(mail.id, token, status="failed", last_error=reason)
        log.error("mail %s to %s given up after %s attempt(s): %s", mail.id, mail.to_address,
                  mail.attempts, reason)
        return "failed"
    delay = retry_delay(mail.attempts, config["MAIL_RETRY_SECONDS"])
    _record(mail.id, token, next_attempt_at=utcnow() + delay, last_error=reason)
    log.warning("mail %s to %s not sent (attempt %s), retried in %s s: %s", mail.id,
                mail.to_address, mail.attempts, int(delay.total_seconds()), reason)
    return "retry"


def deliver_once(limit: int = BATCH) -> dict[str, int]:
    """One pass: claim what is due, send it over one SMTP connection, record each outcome.
    Answers how many were sent, left for a retry, and given up."""
    token = uuid.uuid4().hex
    counts = {"sent": 0, "retry": 0, "failed": 0}
    ids = claim(token, limit)
    if not ids:
        return counts
    config = current_app.config
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.id.in_(ids))
                               .order_by(OutgoingMail.id)).all()
    db.session.commit()
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as error:
        for mail in mails:  # no server to talk to: every claimed mail waits its backoff
            counts[_failed(mail, token, error)] += 1
        return counts
    try:
        for mail in mails:
            try:
                smtp.send_message(as_message(mail, config["MAIL_DEFAULT_SENDER"]))
            except (OSError, smtplib.SMTPException) as error:
                counts[_failed(mail, token, error, _permanent(error))] += 1
                if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                    smtp = _reconnect(smtp, config)
                continue
            if _record(mail.id, token, status="sent", sent_at=utcnow(), last_error=None):
                counts["sent"] += 1
                log.info("mail %s sent to %s (%s)", mail.id, mail.to_address, mail.message_id)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return counts


def _reconnect(smtp, config):
    try:
        smtp.close()
        return _connect(config)
    except (OSError, smtplib.SMTPException):
        return smtp  # the next send fails and waits its backoff
