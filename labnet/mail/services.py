"""Queueing mail: rendered from templates/mail/<template>.txt in the recipient's language and
written to the outbox in the caller's transaction, so a change and the mail it causes are
committed (or rolled back) together."""
import uuid

from flask import current_app, has_request_context, request
from flask_babel import force_locale

from labnet.extensions import db
from labnet.i18n import LANGUAGES
from labnet.mail.models import OutgoingMail


def mail_language(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def absolute_url(link: str | None) -> str | None:
    """A link for a mail: paths are made absolute with LABNET_BASE_URL (or the host of the
    request being answered), since a mail is read outside the site."""
    if not link or "://" in link:
        return link
    base = current_app.config.get("LABNET_BASE_URL") or (
        request.host_url if has_request_context() else "http://127.0.0.1:5000/")
    return base.rstrip("/") + "/" + link.lstrip("/")


def render_mail(template: str, language: str | None, **context) -> tuple[str, str]:
    """The subject (one line) and body of templates/mail/<template>.txt, in `language`."""
    page = current_app.jinja_env.get_template(f"mail/{template}.txt")
    with force_locale(mail_language(language)):
        env = page.new_context(context)
        subject = " ".join("".join(page.blocks["subject"](env)).split())
        body = "".join(page.blocks["body"](env)).strip() + "\n"
    return subject, body


def _message_id() -> str:
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    domain = sender.rpartition("@")[2].strip("> ") or "labnet.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def queue_rendered(to_address: str, subject: str, body: str, *, template: str,
                   language: str | None) -> OutgoingMail:
    mail = OutgoingMail(to_address=to_address, subject=subject[:300], body=body,
                        language=mail_language(language), template=template,
                        message_id=_message_id(), status="queued", attempts=0)
    db.session.add(mail)
    return mail


def queue_mail(to_address: str, *, template: str, language: str | None = None,
               **context) -> OutgoingMail:
    """Write one mail to `to_address` into the outbox, in the current transaction; the worker
    sends it once the transaction has committed. `link`, if given, is made absolute."""
    if "link" in context:
        context["link"] = absolute_url(context["link"])
    subject, body = render_mail(template, language, **context)
    mail = queue_rendered(to_address, subject, body, template=template, language=language)
    db.session.flush()
    return mail
