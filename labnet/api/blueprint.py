"""The API's blueprints: flask-smorest's, with argument schemas made once."""
import functools
from functools import cache

import flask_smorest
from flask import g, request
from marshmallow import Schema
from webargs.core import missing
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from labnet.extensions import db
from labnet.inputs import parse_json

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@cache
def _schema(cls: type[Schema]) -> Schema:
    return cls()


class ArgumentsParser(FlaskParser):
    """webargs' Flask parser; a schema given as a class is made once, not on every request
    (loading keeps no state in the schema, so one instance serves every request). JSON
    bodies are parsed strictly (labnet/inputs.py)."""

    def load_json(self, req, schema):
        if not req.is_json:
            return missing
        body = req.get_data(cache=True)
        return parse_json(body) if body.strip() else missing

    def load_files(self, req, schema):
        """A multipart/form-data body: its files and its other fields, loaded by one schema
        (so that OpenAPI documents the whole body)."""
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)

    def _get_schema(self, argmap, req):
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            return _schema(argmap)
        return super()._get_schema(argmap, req)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = ArgumentsParser()

    def response(self, *args, **kwargs):
        """flask-smorest's response, answering a write with the records as stored: what the
        service flushed is read back (relationship order, values set by SQL) before the
        answer is serialized; the transaction still commits after the response."""
        serialize = super().response(*args, **kwargs)

        def decorator(view):
            @functools.wraps(view)
            def as_stored(*view_args, **view_kwargs):
                result = view(*view_args, **view_kwargs)
                if request.method not in SAFE_METHODS:
                    db.session.flush()
                    db.session.expire_all()
                version = getattr(result, "version", None)
                if isinstance(version, int):
                    g.record_version = version
                return result

            serialized = serialize(as_stored)

            @functools.wraps(serialized)
            def with_etag(*view_args, **view_kwargs):
                response = serialized(*view_args, **view_kwargs)
                if g.get("record_version") is not None:
                    response.set_etag(str(g.record_version))
                return response
            return with_etag
        return decorator


def if_match() -> int | None:
    """The version a client says it changes (If-Match: "3"), None when it does not say
    (or says *); a tag that is no version at all matches nothing (-1)."""
    tags = request.if_match
    if not tags or tags.star_tag:
        return None
    for tag in tags.as_set():
        if tag.isdigit() and len(tag) < 10:
            return int(tag)
    return -1
