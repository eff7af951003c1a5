from marshmallow import Schema, pre_load


class InputSchema(Schema):
    """Input schemas trim surrounding spaces from text so ' MON810 ' and 'MON810' are one."""

    @pre_load
    def strip_text(self, data, **kwargs):
        if isinstance(data, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return data
