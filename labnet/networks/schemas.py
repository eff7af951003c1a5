"""Networks in the API: their records, filters and membership input."""
from marshmallow import Schema, fields, validate

from labnet.api.fields import M49, Id, text
from labnet.api.pagination import PageArgs
from labnet.api.schema_base import InputSchema


class NetworkSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    name = text(160, required=True)
    acronym = text(30, allow_none=True)
    description = text(2000, allow_none=True)
    region = fields.String(attribute="region_code", allow_none=True, validate=M49)
    lab_ids = fields.Function(lambda n: [lab.id for lab in n.labs], dump_only=True)
    invited_lab_ids = fields.Function(lambda n: [lab.id for lab in n.invited_labs],
                                      dump_only=True)
    coordinator_ids = fields.Function(lambda n: [u.id for u in n.coordinators], dump_only=True)


class NetworkQuery(PageArgs):
    q = fields.String(validate=validate.Length(max=100))
    region = fields.String(validate=M49)


class MemberSchema(Schema):
    lab_id = Id(required=True)


class MembershipSchema(Schema):
    """A lab's place in a network: `invited` until one of its managers accepts, then `member`."""
    network_id = fields.Integer()
    lab_id = fields.Integer()
    status = fields.String()
    joined_at = fields.DateTime()
