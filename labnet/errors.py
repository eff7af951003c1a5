"""Domain errors raised by services; the edges map them to HTTP answers."""


class DomainError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str = "", errors: dict | None = None, **members):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors or {}
        # further members of the problem answer, such as `suggestions`
        self.members = members


class Invalid(DomainError):
    status = 422
    title = "Unprocessable input"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Unauthorized(DomainError):
    status = 401
    title = "Login required"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class Gone(DomainError):
    """A single-use link or token that was used, or has expired."""

    status = 410
    title = "Gone"


class PreconditionFailed(DomainError):
    """The client changed a record from a version that is no longer current (If-Match)."""

    status = 412
    title = "Precondition failed"


class TooManyAttempts(DomainError):
    """Too many failed attempts (logins, two-factor codes): wait `retry_after` seconds."""

    status = 429
    title = "Too many attempts"

    def __init__(self, detail: str = "", retry_after: int = 60):
        super().__init__(detail)
        self.headers = {"Retry-After": str(max(1, int(retry_after)))}


class TooLarge(DomainError):
    """An upload larger than a file may be."""

    status = 413
    title = "Content too large"
