"""Archived lots leave the index matching and coverage read stock from (a partial index).

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

COLUMNS = ['reference_material_id', 'lab_id', 'quantity', 'expiry_date']


def upgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_index('ix_holdings_material_stock')
        batch_op.create_index('ix_holdings_material_stock', COLUMNS, unique=False,
                              postgresql_where=sa.text('archived_at IS NULL'),
                              sqlite_where=sa.text('archived_at IS NULL'))


def downgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_index('ix_holdings_material_stock')
        batch_op.create_index('ix_holdings_material_stock', COLUMNS, unique=False)
