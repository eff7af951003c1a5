"""Test fixtures: one migrated database per run (SQLite, or PostgreSQL when TEST_DATABASE_URL
is set), emptied of everything but the shipped reference data after each test."""
import os
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from hypothesis import settings

from labnet import create_app
from labnet.extensions import db, limiter
from tests.helpers import IsolatedClient, clean_database

# CI explores the same examples every run; local runs keep exploring new ones
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")



def _fresh_database(tmp_path_factory):
    """A URL of a brand-new database, and a function that drops it."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        path = tmp_path_factory.mktemp("db") / "labnet.sqlite"
        return f"sqlite:///{path}", lambda: None
    url = sa.engine.make_url(base)
    name = f"labnet_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url, drop = _fresh_database(tmp_path_factory)
    yield url
    drop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url,
                                 "LABNET_DOCUMENT_DIR": str(tmp_path_factory.mktemp("documents"))})
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(autouse=True)
def _app_context(request, app):
    if "app" not in request.fixturenames and "client" not in request.fixturenames:
        yield
        return
    with app.app_context():
        limiter.reset()
        yield
        db.session.remove()
        clean_database()


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()





@pytest.fixture
def failing_statement(app):
    """Make the database fail a statement: `failing_statement("INSERT INTO labs", after=2)`
    lets the first two matching statements through and raises on the next ones. The fault
    enters where production faults do, at the driver, instead of through a patched import."""
    listeners = []

    def arm(fragment: str, after: int = 0, error: type[Exception] = RuntimeError):
        seen = {"count": 0}

        def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
            if fragment in statement:
                seen["count"] += 1
                if seen["count"] > after:
                    raise error(f"injected fault on: {fragment}")

        sa.event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
        listeners.append(before_cursor_execute)
        return seen

    yield arm
    for listener in listeners:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
