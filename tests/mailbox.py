"""A real SMTP server on loopback (aiosmtpd) that keeps the messages it accepts, for the mail
and notification tests; and a loopback port where nothing listens, for an SMTP outage."""
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Collects what the server accepted, in order: (recipients, parsed message)."""

    def __init__(self):
        self.received = []
        self.refuse_rcpt = set()  # addresses answered with 550
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def summary(self) -> list[tuple[str, str]]:
        """(recipient, subject) of each message, in the order they arrived."""
        return [(", ".join(rcpts), str(message["Subject"])) for rcpts, message in self.received]

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for _, message in self.received]


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.mailbox = Mailbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A running SMTP server that the app's mail worker is pointed at."""
    server = SmtpServer(free_port())
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 5)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down(app, monkeypatch):
    """An SMTP server not yet started (nothing listens on its port); `.start()` brings it up."""
    server = SmtpServer(free_port())
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 5)
    yield server
    server.stop()
