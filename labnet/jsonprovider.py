"""JSON responses encoded by orjson.

A match answers with twenty explained holders (about 8 KB); the standard library spends
longer encoding that than the rest of the response takes. The API's request bodies are parsed
strictly by its arguments parser (labnet/inputs.py).
"""
from datetime import date

import orjson
from flask.json.provider import DefaultJSONProvider

# int keys (coverage counts by M49 code) become strings, as the standard library does
OPTIONS = orjson.OPT_NON_STR_KEYS


class OrjsonProvider(DefaultJSONProvider):
    @staticmethod
    def default(o):
        if isinstance(o, date):  # the contract's dates, where Flask would write an HTTP date
            return o.isoformat()
        return DefaultJSONProvider.default(o)

    def _encode(self, obj) -> bytes:
        try:
            return orjson.dumps(obj, default=self.default, option=OPTIONS)
        except TypeError:  # an integer beyond 64 bits, echoed from a client: Python's encoder
            return super().dumps(obj).encode()

    def dumps(self, obj, **kwargs) -> str:
        if kwargs:  # indent, sort_keys...: only the standard library knows them
            return super().dumps(obj, **kwargs)
        return self._encode(obj).decode()

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(self._encode(obj), mimetype=self.mimetype)
