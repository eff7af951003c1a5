"""labnet: the registry and matching service for LMO detection laboratories."""
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

import labnet.models  # noqa: F401  (the whole schema, for Alembic)
from config import config_for, resolve_secret_key
from labnet import api, assets, cli, health, i18n, inputs, logs, security, transactions, web
from labnet.accounts import account_views, auth
from labnet.accounts import api as accounts_api
from labnet.accounts import views as accounts_views
from labnet.api.problems import (
    database_unavailable_answer,
    domain_error_answer,
    http_error_answer,
    stale_record_answer,
    unexpected_error_answer,
)
from labnet.catalogue import api as catalogue_api
from labnet.catalogue import views as catalogue_views
from labnet.coverage import api as coverage_api
from labnet.coverage import atlas as coverage_atlas
from labnet.coverage import views as coverage_views
from labnet.database import protect_sqlite_file
from labnet.documents import api as documents_api
from labnet.documents import uploads as document_uploads
from labnet.documents import views as documents_views
from labnet.errors import DomainError
from labnet.extensions import compress, csrf, db, limiter, login_manager, migrate
from labnet.holdings import api as holdings_api
from labnet.holdings import views as holdings_views
from labnet.jsonprovider import OrjsonProvider
from labnet.labs import api as labs_api
from labnet.labs import views as labs_views
from labnet.matching import api as matching_api
from labnet.matching import views as matching_views
from labnet.networks import api as networks_api
from labnet.networks import views as networks_views
from labnet.notifications import api as notifications_api
from labnet.notifications import views as notifications_views
from labnet.onboarding import api as onboarding_api
from labnet.onboarding import views as onboarding_views
from labnet.proficiency import api as proficiency_api
from labnet.proficiency import views as proficiency_views
from labnet.reference import api as reference_api
from labnet.requests import api as requests_api
from labnet.requests import views as requests_views
from labnet.training import api as training_api
from labnet.training import views as training_views
from labnet.web import help as help_views

ROOT = Path(__file__).resolve().parent.parent

API_BLUEPRINTS = (reference_api.blp, *catalogue_api.blueprints, accounts_api.blp, labs_api.blp,
                  networks_api.blp, holdings_api.blp, training_api.blp, requests_api.blp,
                  matching_api.blp, coverage_api.blp, notifications_api.blp, onboarding_api.blp,
                  documents_api.blp, proficiency_api.blp)
PAGE_BLUEPRINTS = (labs_views.bp, networks_views.bp, holdings_views.bp, training_views.bp,
                   accounts_views.bp, account_views.bp, catalogue_views.bp, matching_views.bp,
                   requests_views.bp, coverage_views.bp, coverage_atlas.bp, notifications_views.bp,
                   onboarding_views.bp, help_views.bp, documents_views.bp, proficiency_views.bp,
                   health.bp)


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
    register_error_handlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    protect_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    compress.init_app(app)
    assets.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    logs.init_app(app)
    security.init_app(app)
    inputs.init_app(app)
    transactions.init_app(app)
    auth.init_app(app)
    web.init_app(app)
    document_uploads.init_app(app)


def register_blueprints(app: Flask) -> None:
    api.init_app(app)
    for blueprint in API_BLUEPRINTS:
        api.register_blueprint(blueprint)
    for blueprint in PAGE_BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    """problem+json on the API, an HTML page elsewhere; a refused request changes nothing."""
    app.register_error_handler(HTTPException, http_error_answer)
    app.register_error_handler(DomainError, domain_error_answer)
    app.register_error_handler(Exception, unexpected_error_answer)
    app.register_error_handler(StaleDataError, stale_record_answer)
    for unavailable in (OperationalError, InterfaceError):
        app.register_error_handler(unavailable, database_unavailable_answer)


def register_commands(app: Flask) -> None:
    cli.init_app(app)
