"""Enrolments are only ever enrolled: the CHECK constraint drops "cancelled", never set.

Autogenerate does not compare CHECK constraints, so this one is written by hand. No row can
hold "cancelled" (nothing ever set it), so narrowing the constraint needs no data change.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_enrolments_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_enrolments_status'),
                                         "status IN ('enrolled')")


def downgrade():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_enrolments_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_enrolments_status'),
                                         "status IN ('enrolled', 'cancelled')")
