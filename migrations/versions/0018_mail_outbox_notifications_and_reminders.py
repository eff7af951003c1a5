"""Mail outbox, notifications with per-kind preferences, and reminders sent once per threshold

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-24 23:24:44.465928

"""
from alembic import op
import sqlalchemy as sa

import labnet.database


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('template', sa.String(length=100), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=32), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', labnet.database.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name=op.f('ck_outgoing_mail_status')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outgoing_mail_attempts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outgoing_mail_message_id'))
    )
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.create_index('ix_outgoing_mail_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('reminders_sent',
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.String(length=40), nullable=False),
    sa.Column('sent_at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('subject', 'record_id', 'threshold', name=op.f('pk_reminders_sent'))
    )
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.CheckConstraint("delivery IN ('immediate', 'digest', 'off')", name=op.f('ck_notification_preferences_delivery')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('mail', sa.String(length=10), nullable=False),
    sa.Column('created_at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', labnet.database.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("mail IN ('immediate', 'digest', 'digested', 'off')", name=op.f('ck_notifications_mail')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_digest', ['mail', 'user_id'], unique=False)
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')
        batch_op.drop_index('ix_notifications_digest')

    op.drop_table('notifications')
    op.drop_table('notification_preferences')
    op.drop_table('reminders_sent')
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_mail_due')

    op.drop_table('outgoing_mail')
