"""Domain errors raised by services; the edges map them to HTTP answers.

Titles are marked lazily and read in the language of the request that shows them; details
are translated where they are raised (`gettext` with named placeholders).
"""
from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 400
    title = _l("Bad request")

    def __init__(self, detail: str = "", errors: dict | None = None, **members):
        super().__init__(detail or str(self.title))
        self.detail = str(detail or self.title)
        self.errors = errors or {}
        # further members of the problem answer, such as `suggestions`
        self.members = members


class Invalid(DomainError):
    status = 422
    title = _l("Unprocessable input")


class NotFound(DomainError):
    status = 404
    title = _l("Not found")


class Unauthorized(DomainError):
    status = 401
    title = _l("Login required")


class Forbidden(DomainError):
    status = 403
    title = _l("Forbidden")


class Conflict(DomainError):
    status = 409
    title = _l("Conflict")


class Gone(DomainError):
    """A single-use link or token that was used, or has expired."""

    status = 410
    title = "Gone"


class PreconditionFailed(DomainError):
    """The client changed a record from a version that is no longer current (If-Match)."""

    status = 412
    title = _l("Precondition failed")


class TooManyAttempts(DomainError):
    """Too many failed attempts (logins, two-factor codes): wait `retry_after` seconds."""

    status = 429
    title = _l("Too many attempts")

    def __init__(self, detail: str = "", retry_after: int = 60):
        super().__init__(detail)
        self.headers = {"Retry-After": str(max(1, int(retry_after)))}


class TooLarge(DomainError):
    """An upload larger than a file may be."""

    status = 413
    title = _l("Content too large")
