from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates

from labnet.api.fields import Id, text
from labnet.api.schema_base import InputSchema
from labnet.catalogue.models import MATRICES
from labnet.database import today
from labnet.proficiency.models import PT_RESULTS


class ProficiencyTestSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    lab_id = fields.Integer(dump_only=True)
    provider = text(160, required=True)
    scheme = text(160, required=True)
    round = text(60, required=True)
    date = fields.Date(required=True, metadata={"description": "When the round was assessed; "
                                                "not in the future"})
    matrix = fields.String(allow_none=True, validate=validate.OneOf(MATRICES))
    targets = fields.List(fields.String(validate=validate.Length(min=1, max=60)), required=True,
                          validate=validate.Length(min=1, max=50), metadata={
                              "description": "Events (UID, name or alias) or genetic elements "
                                             "(code or alias); answered as the catalogue names them"})
    result = fields.String(required=True, validate=validate.OneOf(PT_RESULTS))
    z_score = fields.Float(allow_none=True, validate=validate.Range(min=-100, max=100))
    document_ids = fields.List(Id(), validate=validate.Length(max=20), load_default=list)
    created_at = fields.DateTime(dump_only=True)

    @validates("date")
    def not_in_the_future(self, value, **kwargs):
        if value > today():
            raise ValidationError(_("A proficiency test cannot be dated in the future."))
