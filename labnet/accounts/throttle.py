"""Login throttling by failures only: per account and per client address, one limit for
the login page, the two-factor step and `POST /api/v1/tokens`.

Counts live in Flask-Limiter's storage (the `limits` library): Redis when
RATELIMIT_STORAGE_URI names it, so every worker and host shares them; otherwise this
process's memory, which holds only for a single process. Successful logins never count.
A throttled attempt is refused before the password is looked at.
"""
import math
import time

from flask import current_app, request
from flask_babel import gettext as _
from limits import parse
from limits.strategies import MovingWindowRateLimiter

from labnet.errors import TooManyAttempts
from labnet.extensions import limiter

NAMESPACE = "login-failures"


def _limit():
    return parse(current_app.config["LOGIN_THROTTLE"])


def _keys(account: str) -> list[tuple[str, str, str]]:
    # RATELIMIT_KEY_PREFIX keeps apart several labnets (or test runs) sharing one Redis; the
    # address is the real client's: ProxyFix rewrites remote_addr behind trusted proxies
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "labnet"
    return [(prefix, "account", (account or "").strip().lower()[:254]),
            (prefix, "address", request.remote_addr or "unknown")]


def _window():
    return MovingWindowRateLimiter(limiter.storage)


def refuse_if_throttled(account: str) -> None:
    """429 with Retry-After when this account or this address has failed too often lately."""
    limit, window = _limit(), _window()
    waits = []
    for key in _keys(account):
        if not window.test(limit, NAMESPACE, *key):
            reset = window.get_window_stats(limit, NAMESPACE, *key).reset_time
            waits.append(math.ceil(reset - time.time()))
    if waits:
        wait = max(1, *waits)
        raise TooManyAttempts(
            _("Too many failed attempts. Wait %(minutes)d minute(s), then try again.",
              minutes=math.ceil(wait / 60)), retry_after=wait)


def note_failure(account: str) -> None:
    limit, window = _limit(), _window()
    for key in _keys(account):
        window.hit(limit, NAMESPACE, *key)
