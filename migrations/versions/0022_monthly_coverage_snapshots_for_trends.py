"""Monthly coverage snapshots, one per scope and month, for the trends on the coverage page

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-24 23:23:42.181051

"""
from alembic import op
import sqlalchemy as sa

import labnet.database


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('coverage_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope_key', sa.String(length=40), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('events_covered', sa.Integer(), nullable=False),
    sa.Column('events_partial', sa.Integer(), nullable=False),
    sa.Column('events_gap', sa.Integer(), nullable=False),
    sa.Column('labs', sa.Integer(), nullable=False),
    sa.Column('accredited_labs', sa.Integer(), nullable=False),
    sa.Column('materials_delivered', sa.Integer(), nullable=False),
    sa.Column('median_days_to_deliver', sa.Float(), nullable=True),
    sa.Column('testing_reported', sa.Integer(), nullable=False),
    sa.Column('median_days_to_report', sa.Float(), nullable=True),
    sa.Column('recorded_at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(network_id IS NULL) <> (region_code IS NULL)', name=op.f('ck_coverage_snapshots_one_scope')),
    sa.CheckConstraint('events_covered >= 0 AND events_partial >= 0 AND events_gap >= 0 AND labs >= 0 AND accredited_labs >= 0 AND materials_delivered >= 0 AND testing_reported >= 0', name=op.f('ck_coverage_snapshots_counts')),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_coverage_snapshots_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage_snapshots')),
    sa.UniqueConstraint('scope_key', 'month', name='uq_coverage_snapshots_scope_month')
    )
    with op.batch_alter_table('coverage_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coverage_snapshots_network_id'), ['network_id'], unique=False)



def downgrade():
    with op.batch_alter_table('coverage_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coverage_snapshots_network_id'))

    op.drop_table('coverage_snapshots')
