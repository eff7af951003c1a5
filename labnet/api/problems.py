"""RFC 9457 problem+json answers for every API error."""
import logging

from flask import current_app, g, json, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from labnet import transactions
from labnet.api.messages import translated_messages
from labnet.errors import DomainError

PROBLEM_TYPE = "application/problem+json"

# HTTP errors' titles in the reader's language (werkzeug names them in English)
HTTP_TITLES = {
    400: _l("Bad request"), 401: _l("Login required"), 403: _l("Forbidden"),
    404: _l("Not found"), 405: _l("Method not allowed"), 406: _l("Not acceptable"),
    409: _l("Conflict"), 410: _l("Gone"), 412: _l("Precondition failed"),
    413: _l("Request too large"), 415: _l("Unsupported media type"),
    422: _l("Unprocessable input"), 428: _l("Precondition required"),
    429: _l("Too many requests"), 500: _l("Internal server error"),
    503: _l("Service unavailable"),
}

# werkzeug's English descriptions of the errors labnet answers most, in plain words
HTTP_DETAILS = {
    404: _l("The requested URL was not found on the server."),
    405: _l("The method is not allowed for the requested URL."),
    429: _l("Too many requests: wait a moment, then try again."),
}


def http_title(code: int, name: str) -> str:
    title = HTTP_TITLES.get(code)
    return str(title) if title is not None else name


def http_detail(error: HTTPException) -> str:
    """werkzeug's description, in the reader's language when it is the default one."""
    code = error.code or 500
    default = type(error).description
    if code in HTTP_DETAILS and (not error.description or error.description == default):
        return str(HTTP_DETAILS[code])
    return error.description or ""


def problem(status: int, title: str, detail: str = "", errors: dict | None = None, headers=None,
            members: dict | None = None):
    body = {"status": status, "title": str(title), "detail": str(detail or title)}
    if errors:
        body["errors"] = errors
    body.update(members or {})
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_errors(messages) -> dict:
    """webargs nests messages by location ({"json": {"name": [...]}}); clients want fields."""
    if not isinstance(messages, dict):
        return {"_schema": translated_messages(
            messages if isinstance(messages, list) else [str(messages)])}
    flat: dict = {}
    for location, fields in messages.items():
        if location in ("json", "query", "form", "view_args", "headers", "files") \
                and isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return translated_messages(flat)


def wants_problem() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def http_error_answer(error: HTTPException):
    """Answer an HTTP error: problem+json on the API, an HTML page elsewhere."""
    code = error.code or 500
    transactions.refuse()
    _log_refusal(code, error.description or "")
    if code >= 500 and not isinstance(error, HTTPException):
        error = InternalServerError()
    headers = {}
    data = getattr(error, "data", None) or {}
    if getattr(error, "response", None) is not None and code == 429:
        headers["Retry-After"] = error.response.headers.get("Retry-After", "60")
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    title = http_title(code, error.name)
    if not wants_problem():
        return render_template("errors.html", status=code, title=title,
                               detail=http_detail(error) if code < 500 else ""), code, headers
    errors = None
    if "errors" in data:
        errors = data["errors"]
    elif "messages" in data:
        errors = flatten_errors(data["messages"])
    detail = data.get("message") or (http_detail(error) if code < 500 else "")
    if code == 422 and errors:
        detail = _("Some fields are invalid: %(fields)s", fields=", ".join(sorted(map(str, errors))))
    return problem(code, title, detail, errors, headers)


def _log_refusal(status: int, detail: str) -> None:
    if status in (401, 403):
        # the API's actor as far as authentication got; the page session otherwise
        user = g.get("actor")
        if user is None and not request.path.startswith("/api/") and current_user.is_authenticated:
            user = current_user
        logging.getLogger("labnet.authz").warning(
            "refused %s %s %s for user %s from %s: %s", status, request.method, request.path,
            getattr(user, "id", None), request.remote_addr, detail)


def database_unavailable_answer(error):
    """The database does not answer: 503, and the request changed nothing."""
    logging.getLogger("labnet").error("database unavailable on %s %s: %s", request.method,
                                      request.path, type(error).__name__)
    try:
        transactions.refuse()
    except Exception:  # the connection is gone; the pool replaces it on the next checkout
        pass
    detail = _("The registry's database does not answer right now; nothing was changed. Try "
               "again shortly.")
    title = _("Service unavailable")
    if not wants_problem():
        return render_template("errors.html", status=503, title=title,
                               detail=detail), 503, {"Retry-After": "30"}
    return problem(503, title, detail, headers={"Retry-After": "30"})


def domain_error_answer(error: DomainError):
    transactions.refuse()
    _log_refusal(error.status, error.detail)
    headers = getattr(error, "headers", None) or {}
    if not wants_problem():
        return render_template("errors.html", status=error.status, title=error.title,
                               detail=error.detail), error.status, headers
    return problem(error.status, error.title, error.detail, error.errors, headers=headers,
                   members=error.members)


def unexpected_error_answer(error: Exception):
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return database_unavailable_answer(error)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return http_error_answer(InternalServerError())


def stale_record_answer(error):
    """Someone else's change reached the record between our read and our UPDATE."""
    transactions.refuse()
    detail = _("This record was changed by someone else meanwhile; nothing was changed. Read "
               "it again, then make your change.")
    if not wants_problem():
        return render_template("errors.html", status=412, title=_("Changed meanwhile"),
                               detail=detail), 412
    return problem(412, _("Precondition failed"), detail)
