"""Whether a lab is accredited (a current accreditation, verified) answered from one index

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 21:50:32.907719

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accreditations_lab_current'))
        batch_op.create_index('ix_accreditations_lab_current', ['lab_id', 'status', 'verified', 'valid_from', 'valid_until'], unique=False)



def downgrade():
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_index('ix_accreditations_lab_current')
        batch_op.create_index(batch_op.f('ix_accreditations_lab_current'), ['lab_id', 'status', 'valid_from', 'valid_until'], unique=False)

