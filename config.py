"""Configuration classes. Values come from the environment (a `.env` file may supply it)."""
import datetime as dt
import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

load_dotenv(BASE_DIR / ".env")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random one kept under instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():  # created readable by its owner only, never for a moment by others
        descriptor = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'labnet.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = None  # filled lazily by create_app so importing config writes nothing
    LABNET_GEOCODER = os.environ.get("LABNET_GEOCODER", "offline")
    LABNET_GEOCODER_USER_AGENT = os.environ.get("LABNET_GEOCODER_USER_AGENT", "labnet-registry")
    LABNET_MAP_TILE_URL = os.environ.get("LABNET_MAP_TILE_URL", "")
    # Where rate limits and failed-login counts live. The default, memory://, holds them in
    # each process: with several gunicorn workers or hosts, each counts alone (an attacker
    # gets workers x the limit). Set redis://host:6379/N to share them.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # keeps apart the counts of several labnets (or test runs) sharing one Redis
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")
    # failed logins (password or two-factor code) allowed per account and per client address
    LOGIN_THROTTLE = os.environ.get("LABNET_LOGIN_THROTTLE", "10 per 5 minutes")
    # password reset mails asked for, per client address (each mails a stranger's inbox)
    PASSWORD_RESET_LIMIT = os.environ.get("LABNET_PASSWORD_RESET_LIMIT", "10 per hour")
    # the public account-request form, per client address
    ACCOUNT_REQUEST_LIMIT = os.environ.get("LABNET_ACCOUNT_REQUEST_LIMIT", "5 per hour")
    # reverse proxies in front of labnet whose X-Forwarded-For is believed (0: none, the
    # client's address is the connection's)
    TRUSTED_PROXIES = int(os.environ.get("LABNET_TRUSTED_PROXIES", "0"))
    # page sessions end after this long idle, and this long after login whatever happens
    SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=int(os.environ.get("LABNET_SESSION_IDLE_MINUTES",
                                                                   "120")))
    SESSION_ABSOLUTE_LIFETIME = dt.timedelta(
        hours=int(os.environ.get("LABNET_SESSION_LIFETIME_HOURS", "12")))
    API_TOKEN_LIFETIME = dt.timedelta(days=int(os.environ.get("LABNET_TOKEN_LIFETIME_DAYS", "90")))
    PASSWORD_RESET_LIFETIME = dt.timedelta(hours=1)
    INVITATION_LIFETIME = dt.timedelta(days=int(os.environ.get("LABNET_INVITATION_DAYS", "7")))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    # labnet never sets a remember-me cookie; were one set, it would not outlive a session
    REMEMBER_COOKIE_DURATION = SESSION_ABSOLUTE_LIFETIME
    WTF_CSRF_TIME_LIMIT = None

    API_TITLE = "labnet"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    JSON_SORT_KEYS = False
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # pages and JSON compressed for slow links (static files: labnet/assets.py)
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br"]
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/plain", "text/csv", "text/javascript",
                          "application/json", "application/geo+json", "application/problem+json",
                          "image/svg+xml"]
    # documents (labnet/documents): one file at most 10 MB (the upload endpoints alone accept
    # a body that large), a lab's files together at most LABNET_DOCUMENT_QUOTA_MB
    LABNET_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    LABNET_DOCUMENT_QUOTA_MB = int(os.environ.get("LABNET_DOCUMENT_QUOTA_MB", "200"))
    # where contents are kept: "module:Class" with put/open/exists (labnet/documents/storage.py)
    LABNET_DOCUMENT_STORAGE = os.environ.get("LABNET_DOCUMENT_STORAGE",
                                             "labnet.documents.storage:FileStorage")
    LABNET_DOCUMENT_DIR = os.environ.get("LABNET_DOCUMENT_DIR", "")  # empty: instance/documents

    # mail: queued in the outbox, sent by `flask labnet deliver-mail`
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "false").lower() in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "labnet <noreply@labnet.invalid>")
    MAIL_TIMEOUT_SECONDS = int(os.environ.get("MAIL_TIMEOUT_SECONDS", "30"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))  # doubled per attempt
    MAIL_LEASE_SECONDS = int(os.environ.get("MAIL_LEASE_SECONDS", "300"))
    # links in mail are made absolute with this (the site as its users reach it)
    LABNET_BASE_URL = os.environ.get("LABNET_BASE_URL", "")


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SECRET_KEY = "test-secret-key-not-for-production"
    LABNET_GEOCODER = "offline"
    RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None):
    return CONFIGS[name or os.environ.get("LABNET_ENV", "development")]


def resolve_secret_key(app_config: dict) -> None:
    if not app_config.get("SECRET_KEY"):
        app_config["SECRET_KEY"] = _secret_key()
