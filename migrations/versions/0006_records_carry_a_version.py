"""Editable records carry a version: the ETag of the API and of edit forms, checked by
every UPDATE.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 21:21:12.329915

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('capabilities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('methods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('reference_materials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('training_offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))



def downgrade():
    with op.batch_alter_table('training_offers', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('reference_materials', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('methods', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('capabilities', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_column('version')

