"""Mail: an outbox written in the transaction of the change that causes it, and a worker
(`flask labnet deliver-mail`) that sends it through SMTP."""
from labnet.mail.services import queue_mail

__all__ = ["queue_mail"]
