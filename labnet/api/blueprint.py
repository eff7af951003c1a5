"""The API's blueprints: flask-smorest's, with argument schemas made once."""
import functools
from functools import cache

import flask_smorest
from flask import request
from marshmallow import Schema
from webargs.flaskparser import FlaskParser

from labnet.extensions import db

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@cache
def _schema(cls: type[Schema]) -> Schema:
    return cls()


class ArgumentsParser(FlaskParser):
    """webargs' Flask parser; a schema given as a class is made once, not on every request
    (loading keeps no state in the schema, so one instance serves every request)."""

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
