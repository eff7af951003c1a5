"""Security headers on every response, and refusing to run production with a weak key."""
import os
from urllib.parse import urlsplit

from flask import request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

WEAK_KEYS = {"", "dev", "change-me", "secret", "test-secret-key-not-for-production"}


def check_production_secret(app) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    key = os.environ.get("SECRET_KEY", "")
    if key in WEAK_KEYS or len(key) < 32:
        raise RuntimeError("In production SECRET_KEY must be set in the environment to a random "
                           "value of at least 32 characters.")


def content_security_policy(tile_url: str) -> str:
    images = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        images += f" {parts.scheme}://{parts.netloc.replace('a.', '*.', 1)}"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def trust_proxies(app) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, the client's address (throttling, logs) and
    scheme are the ones they forward; with none, forwarded headers are ignored."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def init_app(app) -> None:
    check_production_secret(app)
    trust_proxies(app)
    policy = content_security_policy(app.config.get("LABNET_MAP_TILE_URL", ""))

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("X-Frame-Options", "DENY")  # a framed document view says SAMEORIGIN
        response.headers["Referrer-Policy"] = "same-origin"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        authenticated = "Authorization" in request.headers or (
            current_user and current_user.is_authenticated)
        shared = "public" in response.headers.get("Cache-Control", "")  # the same for everyone
        if authenticated and not request.path.startswith("/static/") and not shared:
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        elif response.mimetype == "text/html" and "Cache-Control" not in response.headers:
            # a visitor's page is kept but asked for again each time: a 304 when unchanged
            response.headers["Cache-Control"] = "private, no-cache"
            response.vary.add("Cookie")
            if request.method == "GET" and response.status_code == 200:
                response.add_etag()
                response.make_conditional(request)
        return response
