"""Fields with the conventions of the API contract."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

COUNTRY = validate.Regexp(r"^[A-Za-z]{2}$", error=_l("An ISO 3166-1 alpha-2 code, e.g. KE."))
M49 = validate.Regexp(r"^\d{3}$", error=_l("An M49 code: 3 digits, e.g. 014."))

# ids are 32-bit on every supported database; a larger number names nothing
MAX_ID = 2**31 - 1


def Id(**kwargs) -> fields.Integer:
    """A record id in input: a whole number from 1 to 2^31-1."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)

class Prebuilt(fields.Nested):
    """Objects a service already built from JSON values (numbers, strings, lists, ISO dates):
    documented by their schema, sent as they are instead of copied field by field. The
    OpenAPI conformance tests hold them to that schema."""

    def _serialize(self, nested_obj, attr, obj, **kwargs):
        return nested_obj


TRUE = {"true", "1"}
FALSE = {"false", "0"}


class QueryBool(fields.Field):
    """true/false/1/0, case-insensitive; anything else is refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValidationError(_("Must be one of true, false, 1, 0."))

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else bool(value)


class CommaList(fields.Field):
    """A comma-separated list in a query string: `events=A,B`. Empty items are dropped."""

    def __init__(self, max_items: int = 50, max_length: int = 100, **kwargs):
        super().__init__(**kwargs)
        self.max_items = max_items
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list):
            value = ",".join(map(str, value))
        items = [part.strip() for part in str(value).split(",") if part.strip()]
        if len(items) > self.max_items:
            raise ValidationError(_("At most %(num)s items.", num=self.max_items))
        if any(len(item) > self.max_length for item in items):
            raise ValidationError(_("Each item is at most %(num)s characters.", num=self.max_length))
        return items

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else ",".join(value)


def text(max_length: int, required: bool = False, **kwargs):
    """A trimmed text field of bounded length."""
    validators = [validate.Length(min=1 if required else 0, max=max_length)]
    return fields.String(required=required, validate=validators, **kwargs)


def short_list(max_items: int = 50, max_length: int = 100, **kwargs):
    return fields.List(fields.String(validate=validate.Length(min=1, max=max_length)),
                       validate=validate.Length(max=max_items), **kwargs)
