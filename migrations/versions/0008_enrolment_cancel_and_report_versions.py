"""Enrolments can be cancelled and are held once per user and offer; testing reports account
for every target (not_tested) and keep their versions.

- enrolments: status may be "cancelled" (CHECK written by hand: autogenerate does not compare
  CHECK constraints), `cancelled_at`, and a partial unique index: one enrolled row per user and
  offer. Duplicates that exist already are merged first: the earliest enrolment takes the
  seats of the later ones, which become cancelled, so no seat changes hands.
- testing_requests: `not_tested`; testing_reports: one row per version of a report. Reports
  made before this revision become version 1, and the targets they did not mention are
  recorded as not tested, so no reader takes silence for "not detected".

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-24 21:27:57.578418

"""
from alembic import op
import sqlalchemy as sa

import labnet.database


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None

UNSTATED = "Not stated in the report (made before untested targets were recorded)."

enrolments = sa.table('enrolments', sa.column('id', sa.Integer), sa.column('offer_id', sa.Integer),
                      sa.column('user_id', sa.Integer), sa.column('seats', sa.Integer),
                      sa.column('status', sa.String), sa.column('cancelled_at', sa.DateTime))
requests = sa.table('testing_requests', sa.column('id', sa.Integer), sa.column('status', sa.String),
                    sa.column('events', sa.JSON), sa.column('elements', sa.JSON),
                    sa.column('detected', sa.JSON), sa.column('not_detected', sa.JSON),
                    sa.column('not_tested', sa.JSON), sa.column('report_reference', sa.String),
                    sa.column('updated_at', sa.DateTime))
steps = sa.table('testing_request_steps', sa.column('id', sa.Integer),
                 sa.column('request_id', sa.Integer), sa.column('status', sa.String),
                 sa.column('actor_id', sa.Integer), sa.column('at', sa.DateTime))
reports = sa.table('testing_reports', sa.column('request_id', sa.Integer),
                   sa.column('number', sa.Integer), sa.column('detected', sa.JSON),
                   sa.column('not_detected', sa.JSON), sa.column('not_tested', sa.JSON),
                   sa.column('report_reference', sa.String), sa.column('actor_id', sa.Integer),
                   sa.column('at', sa.DateTime))


def _merge_duplicate_enrolments(conn):
    first = {}
    rows = conn.execute(sa.select(enrolments.c.id, enrolments.c.offer_id, enrolments.c.user_id,
                                  enrolments.c.seats)
                        .where(enrolments.c.status == 'enrolled').order_by(enrolments.c.id)).all()
    for row in rows:
        key = (row.offer_id, row.user_id)
        if key not in first:
            first[key] = row.id
            continue
        conn.execute(enrolments.update().where(enrolments.c.id == first[key])
                     .values(seats=enrolments.c.seats + row.seats))
        conn.execute(enrolments.update().where(enrolments.c.id == row.id)
                     .values(status='cancelled'))


def _first_report_versions(conn):
    for request in conn.execute(sa.select(requests).where(requests.c.status == 'reported')).all():
        said = set(request.detected or []) | set(request.not_detected or [])
        not_tested = [{"target": t, "reason": UNSTATED}
                      for t in list(request.events or []) + list(request.elements or [])
                      if t not in said]
        step = conn.execute(sa.select(steps.c.actor_id, steps.c.at)
                            .where(steps.c.request_id == request.id, steps.c.status == 'reported')
                            .order_by(steps.c.id.desc()).limit(1)).first()
        conn.execute(requests.update().where(requests.c.id == request.id)
                     .values(not_tested=not_tested))
        conn.execute(reports.insert().values(
            request_id=request.id, number=1, detected=request.detected or [],
            not_detected=request.not_detected or [], not_tested=not_tested,
            report_reference=request.report_reference or '',
            actor_id=step.actor_id if step else None,
            at=step.at if step else request.updated_at))


def upgrade():
    op.create_table('testing_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('detected', labnet.database.StringList(), nullable=False),
    sa.Column('not_detected', labnet.database.StringList(), nullable=False),
    sa.Column('not_tested', sa.JSON(), nullable=False),
    sa.Column('report_reference', sa.String(length=120), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('number >= 1', name=op.f('ck_testing_reports_number')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_testing_reports_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['testing_requests.id'], name=op.f('fk_testing_reports_request_id_testing_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_testing_reports')),
    sa.UniqueConstraint('request_id', 'number', name='uq_testing_reports_request_number')
    )
    with op.batch_alter_table('testing_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_testing_reports_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('testing_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_tested', sa.JSON(), server_default='[]', nullable=False))

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', labnet.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_enrolments_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_enrolments_status'),
                                         "status IN ('enrolled', 'cancelled')")

    conn = op.get_bind()
    _merge_duplicate_enrolments(conn)
    _first_report_versions(conn)

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('uq_enrolments_active_user_offer', ['offer_id', 'user_id'], unique=True, sqlite_where=sa.text("status = 'enrolled'"), postgresql_where=sa.text("status = 'enrolled'"))


def downgrade():
    # cancelled enrolments hold no seats; before this revision there was no such status
    op.execute(enrolments.delete().where(enrolments.c.status == 'cancelled'))
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('uq_enrolments_active_user_offer', sqlite_where=sa.text("status = 'enrolled'"), postgresql_where=sa.text("status = 'enrolled'"))
        batch_op.drop_constraint(batch_op.f('ck_enrolments_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_enrolments_status'),
                                         "status IN ('enrolled')")
        batch_op.drop_column('cancelled_at')

    with op.batch_alter_table('testing_requests', schema=None) as batch_op:
        batch_op.drop_column('not_tested')

    with op.batch_alter_table('testing_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_testing_reports_request_id'))

    op.drop_table('testing_reports')
