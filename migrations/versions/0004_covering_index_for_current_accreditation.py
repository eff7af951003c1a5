"""A covering index for "does this lab have a current accreditation?".

Matching asks it for every candidate holder, lists and dashboards for every lab shown;
with this index the answer comes from the index alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accreditations_lab_id'))
        batch_op.create_index('ix_accreditations_lab_current',
                              ['lab_id', 'status', 'valid_from', 'valid_until'], unique=False)


def downgrade():
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_index('ix_accreditations_lab_current')
        batch_op.create_index(batch_op.f('ix_accreditations_lab_id'), ['lab_id'], unique=False)
