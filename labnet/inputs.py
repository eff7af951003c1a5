"""Input that no handler should see: refused with 400 before the database could choke on it.

PostgreSQL refuses NUL characters in text; Python's json accepts lone surrogates (which no
database can store), integers of thousands of digits (which Python then cannot print) and
nesting deep enough to exhaust the stack. Request bodies are therefore parsed by orjson,
which refuses all of those, and every text of a request (query string, form, JSON) is
checked for NUL and lone surrogates.
"""
import orjson
from flask import request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest


def refused_text(text: str) -> str | None:
    """Why this text cannot be stored, or None."""
    if "\x00" in text:
        return _("Text may not contain NUL characters.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("Text must be valid Unicode (a lone surrogate was sent).")
    return None


def _check(value, where: str) -> None:
    """Walk a parsed JSON value (iteratively: its depth is already bounded by orjson)."""
    stack = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            problem = refused_text(item)
            if problem:
                raise BadRequest(f"{path}: {problem}")
        elif isinstance(item, dict):
            for key, sub in item.items():
                problem = refused_text(key)
                if problem:
                    raise BadRequest(f"{path}: {problem}")
                stack.append((sub, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((sub, f"{path}[{i}]") for i, sub in enumerate(item))


def parse_json(data: bytes | str):
    """A request body as JSON, or BadRequest saying why not: orjson refuses nesting deeper
    than 1024, integers beyond 64 bits, invalid UTF-8 and lone surrogates."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise BadRequest(_("The body is not valid JSON: %(error)s.", error=error)) from None
    _check(value, "body")
    return value


def refuse_unstorable_text() -> None:
    """Before any handler: query-string and form values must be storable text."""
    for source, values in (("query", request.args), ("form", request.form)):
        for key, value in values.items(multi=True):
            problem = refused_text(key) or refused_text(value)
            if problem:
                raise BadRequest(f"{source} field {key!r}: {problem}")


def init_app(app) -> None:
    app.before_request(refuse_unstorable_text)
