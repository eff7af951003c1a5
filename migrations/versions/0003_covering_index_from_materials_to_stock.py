"""A covering index from a material to the labs holding stock of it.

Matching and coverage start from an event's reference materials; with this index the
database reads only the holdings of those materials, however large the table grows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

import labnet.database


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holdings_reference_material_id'))
        batch_op.create_index('ix_holdings_material_stock', ['reference_material_id', 'lab_id', 'quantity', 'expiry_date'], unique=False)



def downgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_index('ix_holdings_material_stock')
        batch_op.create_index(batch_op.f('ix_holdings_reference_material_id'), ['reference_material_id'], unique=False)

