"""The API's blueprints: flask-smorest's, with argument schemas made once."""
import functools
from functools import cache

import flask_smorest
from flask import request
from marshmallow import Schema
from webargs.core import missing
from webargs.flaskparser import FlaskParser

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
                return result
            return serialize(as_stored)
        return decorator
