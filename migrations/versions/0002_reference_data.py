"""Load the shipped reference data: M49 regions, ISO 3166 countries, genetic elements.

The loader only inserts what is missing, so running it again after a package update adds
new countries without touching existing rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

from labnet.reference.loader import load_reference_data

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    load_reference_data(op.get_bind())


def downgrade():
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM element_aliases"))
    bind.execute(sa.text("DELETE FROM elements"))
    bind.execute(sa.text("DELETE FROM countries"))
    # children before parents
    for _ in range(4):
        bind.execute(sa.text(
            "DELETE FROM regions WHERE code NOT IN "
            "(SELECT parent_code FROM regions WHERE parent_code IS NOT NULL)"))
