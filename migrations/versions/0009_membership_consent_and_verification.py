"""Network membership needs the lab's consent (a status: invited or member); accreditations
record who verified them and when; audit entries name the other party of an exchange, so a
lab's history shows requests and enrolments only to their parties.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 21:29:49.878640

"""
from alembic import op
import sqlalchemy as sa

import labnet.database


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verified_at', labnet.database.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_accreditations_verified_by_id_users'), 'users',
                                    ['verified_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('party_lab_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('party_user_id', sa.Integer(), nullable=True))

    # every existing membership was made before consent was asked: it stays a membership
    with op.batch_alter_table('network_memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='member',
                                      nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_network_memberships_status'),
                                         "status IN ('invited', 'member')")

    # the other party of the exchanges already recorded in labs' histories
    op.execute("UPDATE audit_entries SET party_lab_id = (SELECT requester_lab_id "
               "FROM material_requests WHERE material_requests.id = audit_entries.entity_id) "
               "WHERE entity_type = 'material_requests'")
    op.execute("UPDATE audit_entries SET party_user_id = (SELECT created_by_id "
               "FROM testing_requests WHERE testing_requests.id = audit_entries.entity_id) "
               "WHERE entity_type = 'testing_requests'")
    op.execute("UPDATE audit_entries SET party_user_id = (SELECT user_id "
               "FROM enrolments WHERE enrolments.id = audit_entries.entity_id), "
               "party_lab_id = (SELECT lab_id "
               "FROM enrolments WHERE enrolments.id = audit_entries.entity_id) "
               "WHERE entity_type = 'enrolments'")


def downgrade():
    # invitations never accepted are not memberships: they go with the status
    op.execute("DELETE FROM network_memberships WHERE status <> 'member'")
    with op.batch_alter_table('network_memberships', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_network_memberships_status'), type_='check')
        batch_op.drop_column('status')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('party_user_id')
        batch_op.drop_column('party_lab_id')

    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_accreditations_verified_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('verified_at')
        batch_op.drop_column('verified_by_id')
