"""Evidence: documents and what they back, the verifier's note, proficiency tests, lot
characterisation, limits of quantification, each lab's document quota

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-24 23:27:57.128954

"""
from alembic import op
import sqlalchemy as sa

import labnet.database


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("content_type IN ('application/pdf', 'image/png', 'image/jpeg')", name=op.f('ck_documents_content_type')),
    sa.CheckConstraint("kind IN ('accreditation_certificate', 'accreditation_scope', 'material_certificate', 'characterisation_report', 'validation_report', 'pt_report', 'test_report', 'other')", name=op.f('ck_documents_kind')),
    sa.CheckConstraint('size > 0', name=op.f('ck_documents_size_positive')),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_documents_lab_id_labs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_lab_id'), ['lab_id'], unique=False)

    op.create_table('proficiency_tests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=160), nullable=False),
    sa.Column('scheme', sa.String(length=160), nullable=False),
    sa.Column('round', sa.String(length=60), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('matrix', sa.String(length=20), nullable=True),
    sa.Column('targets', labnet.database.StringList(), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('z_score', sa.Float(), nullable=True),
    sa.Column('created_at', labnet.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("result IN ('satisfactory', 'questionable', 'unsatisfactory')", name=op.f('ck_proficiency_tests_result')),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_proficiency_tests_lab_id_labs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proficiency_tests'))
    )
    with op.batch_alter_table('proficiency_tests', schema=None) as batch_op:
        batch_op.create_index('ix_proficiency_tests_lab_result_date', ['lab_id', 'result', 'date'], unique=False)

    op.create_table('accreditation_documents',
    sa.Column('accreditation_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['accreditation_id'], ['accreditations.id'], name=op.f('fk_accreditation_documents_accreditation_id_accreditations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_accreditation_documents_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('accreditation_id', 'document_id', name=op.f('pk_accreditation_documents'))
    )
    with op.batch_alter_table('accreditation_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accreditation_documents_document_id'), ['document_id'], unique=False)

    op.create_table('proficiency_test_documents',
    sa.Column('proficiency_test_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_proficiency_test_documents_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proficiency_test_id'], ['proficiency_tests.id'], name=op.f('fk_proficiency_test_documents_proficiency_test_id_proficiency_tests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proficiency_test_id', 'document_id', name=op.f('pk_proficiency_test_documents'))
    )
    with op.batch_alter_table('proficiency_test_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proficiency_test_documents_document_id'), ['document_id'], unique=False)

    op.create_table('holding_documents',
    sa.Column('holding_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_holding_documents_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['holding_id'], ['holdings.id'], name=op.f('fk_holding_documents_holding_id_holdings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('holding_id', 'document_id', name=op.f('pk_holding_documents'))
    )
    with op.batch_alter_table('holding_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holding_documents_document_id'), ['document_id'], unique=False)

    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_back_note', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('sent_back_at', labnet.database.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('capabilities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('loq', sa.String(length=60), nullable=True))

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('characterisation_method', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('characterised_value', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('homogeneity', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('stability', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('characterisation_report_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_holdings_characterisation_report_id_documents'), 'documents', ['characterisation_report_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_bytes', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(op.f('ck_labs_document_bytes'), 'document_bytes >= 0')



def downgrade():
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_labs_document_bytes'), type_='check')
        batch_op.drop_column('document_bytes')

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_holdings_characterisation_report_id_documents'), type_='foreignkey')
        batch_op.drop_column('characterisation_report_id')
        batch_op.drop_column('stability')
        batch_op.drop_column('homogeneity')
        batch_op.drop_column('characterised_value')
        batch_op.drop_column('characterisation_method')

    with op.batch_alter_table('capabilities', schema=None) as batch_op:
        batch_op.drop_column('loq')

    with op.batch_alter_table('accreditations', schema=None) as batch_op:
        batch_op.drop_column('sent_back_at')
        batch_op.drop_column('sent_back_note')

    with op.batch_alter_table('holding_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holding_documents_document_id'))

    op.drop_table('holding_documents')
    with op.batch_alter_table('proficiency_test_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proficiency_test_documents_document_id'))

    op.drop_table('proficiency_test_documents')
    with op.batch_alter_table('accreditation_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accreditation_documents_document_id'))

    op.drop_table('accreditation_documents')
    with op.batch_alter_table('proficiency_tests', schema=None) as batch_op:
        batch_op.drop_index('ix_proficiency_tests_lab_result_date')

    op.drop_table('proficiency_tests')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_lab_id'))

    op.drop_table('documents')
