"""Training offers people enrolled in are archived when removed, not deleted

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 21:53:29.581901

"""
from alembic import op
import sqlalchemy as sa

import labnet.database



# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('training_offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', labnet.database.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('training_offers', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

