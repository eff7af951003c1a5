"""The SMTP fixtures of the mail and notification tests."""
from tests.mailbox import smtp_down, smtp_server  # noqa: F401
