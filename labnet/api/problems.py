"""RFC 9457 problem+json answers for every API error."""
from flask import current_app, json, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from labnet.errors import DomainError

PROBLEM_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str = "", errors: dict | None = None, headers=None):
    body = {"status": status, "title": title, "detail": detail or title}
    if errors:
        body["errors"] = errors
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_errors(messages) -> dict:
    """webargs nests messages by location ({"json": {"name": [...]}}); clients want fields."""
    if not isinstance(messages, dict):
        return {"_schema": messages if isinstance(messages, list) else [str(messages)]}
    flat: dict = {}
    for location, fields in messages.items():
        if location in ("json", "query", "form", "view_args", "headers", "files") \
                and isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat


def wants_problem() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def http_error_answer(error: HTTPException):
    """Answer an HTTP error: problem+json on the API, an HTML page elsewhere."""
    code = error.code or 500
    _rollback()
    if code >= 500 and not isinstance(error, HTTPException):
        error = InternalServerError()
    headers = {}
    data = getattr(error, "data", None) or {}
    if getattr(error, "response", None) is not None and code == 429:
        headers["Retry-After"] = error.response.headers.get("Retry-After", "60")
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    if not wants_problem():
        return render_template("errors.html", status=code, title=error.name,
                               detail=error.description if code < 500 else ""), code, headers
    errors = None
    if "errors" in data:
        errors = data["errors"]
    elif "messages" in data:
        errors = flatten_errors(data["messages"])
    detail = data.get("message") or (error.description if code < 500 else "")
    if code == 422 and errors:
        detail = "Some fields are invalid: " + ", ".join(sorted(map(str, errors)))
    return problem(code, error.name, detail, errors, headers)


def _rollback() -> None:
    """A refused request changes nothing: drop whatever the service had flushed."""
    from labnet.extensions import db

    db.session.rollback()


def domain_error_answer(error: DomainError):
    _rollback()
    if not wants_problem():
        return render_template("errors.html", status=error.status, title=error.title,
                               detail=error.detail), error.status
    return problem(error.status, error.title, error.detail, error.errors)


def unexpected_error_answer(error: Exception):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return http_error_answer(InternalServerError())
