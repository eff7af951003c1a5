"""The API's blueprints: flask-smorest's, with argument schemas made once."""
from functools import cache

import flask_smorest
from marshmallow import Schema
from webargs.flaskparser import FlaskParser


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
