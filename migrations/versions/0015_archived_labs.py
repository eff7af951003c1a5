"""Labs others depend on are archived when removed, not deleted

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 22:02:15.764391

"""
from alembic import op
import sqlalchemy as sa

import labnet.database


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', labnet.database.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

