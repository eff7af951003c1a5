"""The index matching and coverage read stock from includes archived_at, which both filter
on, so it still answers them without visiting the table rows.

Revision ID: 0012
Revises: 0011
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

BEFORE = ['reference_material_id', 'lab_id', 'quantity', 'expiry_date']


def upgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_index('ix_holdings_material_stock')
        batch_op.create_index('ix_holdings_material_stock', [*BEFORE, 'archived_at'], unique=False)


def downgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_index('ix_holdings_material_stock')
        batch_op.create_index('ix_holdings_material_stock', BEFORE, unique=False)
