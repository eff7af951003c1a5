"""labnet: the registry and matching service for LMO detection laboratories."""
from pathlib import Path

from flask import Flask

from config import config_for, resolve_secret_key
from labnet.jsonprovider import OrjsonProvider

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.json = OrjsonProvider(app)
    app.config.from_object(config_for(config_name))
    if overrides:
        app.config.update(overrides)
    resolve_secret_key(app.config)

    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from labnet import models  # noqa: F401  (the whole schema, for Alembic)
    from labnet.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from labnet import logs, security, transactions

    logs.init_app(app)
    security.init_app(app)
    transactions.init_app(app)

    from labnet.accounts import auth

    auth.init_app(app)


def register_blueprints(app: Flask) -> None:
    from labnet import api, pages

    api.init_app(app)
    pages.init_app(app)


def register_commands(app: Flask) -> None:
    from labnet import cli

    cli.init_app(app)
