"""Labs keep a folded search key (name, institution, city without case or accents)

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-24 23:40:00

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

# the fold of labnet.database as it was when this revision was written
_UNSPLIT = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
                          "þ": "th", "ð": "d"})


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNSPLIT)


def upgrade():
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=600), nullable=False,
                                      server_default=''))
    labs = sa.table('labs', sa.column('id'), sa.column('name'), sa.column('institution'),
                    sa.column('city'), sa.column('search_key'))
    connection = op.get_bind()
    rows = connection.execute(sa.select(labs.c.id, labs.c.name, labs.c.institution,
                                        labs.c.city)).all()
    for row in rows:
        key = "\n".join(_fold(part) for part in (row.name, row.institution, row.city))[:600]
        connection.execute(labs.update().where(labs.c.id == row.id).values(search_key=key))


def downgrade():
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.drop_column('search_key')
