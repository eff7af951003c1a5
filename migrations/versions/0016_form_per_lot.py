"""A lot records its own form (producers change the form between batches)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 22:08:10.486093

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint('form', "form IS NULL OR form IN ('matrix_powder', 'genomic_dna', 'plasmid_dna', 'seed', 'leaf', 'other')")



def downgrade():
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_constraint('form', type_='check')
        batch_op.drop_column('form')

