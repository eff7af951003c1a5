"""Lots count what they were given and can be archived; one open material request per
requesting lab and lot.

`holdings.quantity_given` is every unit a lot was given: its stock plus the units of its
accepted, shipped and received requests (filled in from them here). `holdings.archived_at`
marks a lot its holder removed while requests name it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 21:30:22.000839

"""
from alembic import op
import sqlalchemy as sa

import labnet.database


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OPEN = "status IN ('pending', 'accepted', 'shipped')"
HOLDS_STOCK = "status IN ('accepted', 'shipped', 'received')"


def upgrade():
    duplicates = op.get_bind().execute(sa.text(
        f"SELECT requester_lab_id, holding_id, count(*) FROM material_requests WHERE {OPEN} "
        "GROUP BY requester_lab_id, holding_id HAVING count(*) > 1")).all()
    if duplicates:
        raise RuntimeError(
            "These labs have more than one open request for the same lot (requester lab, "
            f"holding, count): {duplicates}. Have them cancel or decline the extra ones, then "
            "upgrade again.")

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quantity_given', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('archived_at', labnet.database.UTCDateTime(timezone=True),
                                      nullable=True))
    op.execute(
        "UPDATE holdings SET quantity_given = quantity + COALESCE((SELECT sum(r.quantity) "
        f"FROM material_requests r WHERE r.holding_id = holdings.id AND r.{HOLDS_STOCK}), 0)")
    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.alter_column('quantity_given', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(op.f('ck_holdings_quantity_within_given'),
                                         'quantity <= quantity_given')

    with op.batch_alter_table('material_requests', schema=None) as batch_op:
        batch_op.create_index('uq_material_requests_one_open', ['requester_lab_id', 'holding_id'],
                              unique=True, sqlite_where=sa.text(OPEN),
                              postgresql_where=sa.text(OPEN))


def downgrade():
    with op.batch_alter_table('material_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_material_requests_one_open')

    with op.batch_alter_table('holdings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_holdings_quantity_within_given'), type_='check')
        batch_op.drop_column('archived_at')
        batch_op.drop_column('quantity_given')
