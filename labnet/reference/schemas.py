"""How the shipped reference data reads in the API."""
from marshmallow import Schema, fields


class ElementSchema(Schema):
    id = fields.Integer(dump_only=True)
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    source_organism = fields.String()
    aliases = fields.Method("alias_list")

    def alias_list(self, element):
        return [a.alias for a in element.aliases if a.alias != element.code]
