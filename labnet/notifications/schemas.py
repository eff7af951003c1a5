from marshmallow import Schema, fields, validate

from labnet.api.fields import QueryBool
from labnet.api.pagination import PageArgs
from labnet.notifications.kinds import DELIVERIES, KINDS


class NotificationSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = fields.String(dump_only=True, metadata={"enum": list(KINDS)})
    kind_label = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    link = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    read = fields.Boolean(dump_only=True)
    read_at = fields.DateTime(dump_only=True, allow_none=True)


class NotificationQuery(PageArgs):
    unread = QueryBool(load_default=None, metadata={
        "description": "true: only notices not yet read; false: only those read."})


class ReadAllSchema(Schema):
    marked_read = fields.Integer(dump_only=True)


# the preferences form and API: one choice per kind
PreferencesSchema = Schema.from_dict(
    {kind: fields.String(validate=validate.OneOf(list(DELIVERIES))) for kind in KINDS},
    name="PreferencesSchema")
