"""Material transfers across borders (address, MTA, permit, shipment, receipt) and the chain
of custody of testing requests (consignment, samples, receipt, per-sample results)

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-24 23:30:00

"""
from alembic import op
import sqlalchemy as sa

import labnet.database

OLD_TESTING = "status IN ('pending', 'accepted', 'declined', 'reported')"
NEW_TESTING = "status IN ('pending', 'accepted', 'samples_received', 'declined', 'reported')"
SHIPPING = ("shipping_conditions IS NULL OR shipping_conditions IN "
            "('ambient', 'cooled', 'frozen', 'dry_ice')")
RECEIPT = "{} IS NULL OR {} IN ('intact', 'damaged', 'thawed', 'other')"


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('testing_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.String(length=60), nullable=False),
    sa.Column('seal', sa.String(length=60), nullable=True),
    sa.Column('mass_g', sa.Float(), nullable=False),
    sa.CheckConstraint('mass_g > 0', name=op.f('ck_testing_samples_mass_g')),
    sa.ForeignKeyConstraint(['request_id'], ['testing_requests.id'], name=op.f('fk_testing_samples_request_id_testing_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_testing_samples')),
    sa.UniqueConstraint('request_id', 'sample_id', name='uq_testing_samples_request_sample')
    )
    with op.batch_alter_table('testing_samples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_testing_samples_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mta_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('cost_recovery', sa.String(length=500), nullable=True))

    with op.batch_alter_table('material_request_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=True))

    with op.batch_alter_table('material_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shipping_address', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('shipping_contact', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('shipping_address_confirmed_at', labnet.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('mta_accepted_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('mta_accepted_title', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('mta_accepted_at', labnet.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('mta_text_accepted', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('import_permit_needed', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('import_permit_reference', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('courier', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('tracking_number', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('shipping_conditions', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('receipt_condition', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('receipt_note', sa.String(length=2000), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_material_requests_shipping_conditions'),
                                         SHIPPING)
        batch_op.create_check_constraint(batch_op.f('ck_material_requests_receipt_condition'),
                                         RECEIPT.format('receipt_condition', 'receipt_condition'))

    with op.batch_alter_table('testing_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results', sa.JSON(), server_default='[]', nullable=False))

    with op.batch_alter_table('testing_request_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=True))

    with op.batch_alter_table('testing_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consignment_commodity', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('origin_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('consignment_reference', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('consignment_lot', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('samples_received_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('samples_condition', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('seals_intact', sa.Boolean(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_testing_requests_origin_country_countries'), 'countries', ['origin_country'], ['code'])
        batch_op.create_check_constraint(batch_op.f('ck_testing_requests_samples_condition'),
                                         RECEIPT.format('samples_condition', 'samples_condition'))
        batch_op.drop_constraint(batch_op.f('ck_testing_requests_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_testing_requests_status'), NEW_TESTING)



def downgrade():
    # the samples are with the lab: the first version knew that request as accepted
    op.execute("UPDATE testing_requests SET status = 'accepted' WHERE status = 'samples_received'")
    with op.batch_alter_table('testing_requests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_testing_requests_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_testing_requests_status'), OLD_TESTING)
        batch_op.drop_constraint(batch_op.f('ck_testing_requests_samples_condition'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_testing_requests_origin_country_countries'), type_='foreignkey')
        batch_op.drop_column('seals_intact')
        batch_op.drop_column('samples_condition')
        batch_op.drop_column('samples_received_on')
        batch_op.drop_column('consignment_lot')
        batch_op.drop_column('consignment_reference')
        batch_op.drop_column('origin_country')
        batch_op.drop_column('consignment_commodity')

    with op.batch_alter_table('testing_request_steps', schema=None) as batch_op:
        batch_op.drop_column('details')

    with op.batch_alter_table('testing_reports', schema=None) as batch_op:
        batch_op.drop_column('results')

    with op.batch_alter_table('material_requests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_material_requests_receipt_condition'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_material_requests_shipping_conditions'), type_='check')
        batch_op.drop_column('receipt_note')
        batch_op.drop_column('receipt_condition')
        batch_op.drop_column('shipping_conditions')
        batch_op.drop_column('tracking_number')
        batch_op.drop_column('courier')
        batch_op.drop_column('import_permit_reference')
        batch_op.drop_column('import_permit_needed')
        batch_op.drop_column('mta_text_accepted')
        batch_op.drop_column('mta_accepted_at')
        batch_op.drop_column('mta_accepted_title')
        batch_op.drop_column('mta_accepted_name')
        batch_op.drop_column('shipping_address_confirmed_at')
        batch_op.drop_column('shipping_contact')
        batch_op.drop_column('shipping_address')

    with op.batch_alter_table('material_request_steps', schema=None) as batch_op:
        batch_op.drop_column('details')

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_column('cost_recovery')
        batch_op.drop_column('mta_text')

    with op.batch_alter_table('testing_samples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_testing_samples_request_id'))

    op.drop_table('testing_samples')
