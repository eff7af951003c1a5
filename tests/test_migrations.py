"""Migrations run down and up again on the test database, and the models match them."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from labnet.extensions import db
from labnet.reference.models import Country


def test_downgrade_to_base_and_upgrade_again(app):
    downgrade(revision="base")
    assert "labs" not in inspect(db.engine).get_table_names()
    upgrade()
    assert {"labs", "holdings", "audit_entries"} <= set(inspect(db.engine).get_table_names())
    assert db.session.scalar(select(func.count()).select_from(Country)) > 240


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                db.metadata)
    assert diff == []


def test_reference_loader_is_idempotent(app):
    from labnet.reference.loader import load_reference_data

    with db.engine.begin() as conn:
        assert load_reference_data(conn) == {"regions": 0, "countries": 0, "elements": 0}
