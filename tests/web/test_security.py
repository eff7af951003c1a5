import os
import stat

import pytest

from labnet import create_app
from labnet.extensions import db
from tests.helpers import bearer, login, make_lab, make_user


def test_security_headers_on_pages_api_and_errors(client):
    for url in ["/", "/labs", "/api/v1/labs", "/api/v1/labs/999", "/nope"]:
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers  # only in production (HTTPS)


def test_authenticated_answers_are_not_cached(client):
    user = make_user()
    assert "no-store" not in client.get("/labs").headers.get("Cache-Control", "")
    assert client.get("/api/v1/users/me", headers=bearer(user)).headers["Cache-Control"] == "no-store"
    login(client, user)
    assert client.get("/labs").headers["Cache-Control"] == "no-store"


def test_no_cors_for_other_origins(client):
    response = client.get("/api/v1/labs", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_lab_names_are_escaped(client):
    lab = make_lab(name="<script>alert(1)</script>")
    db.session.commit()
    for url in [f"/labs/{lab.id}", "/labs"]:
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_inline_scripts_in_pages(client):
    import re

    for url in ["/", "/labs", "/login", "/screening"]:
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert " style=" not in page, url


def test_generic_500_page_has_no_traceback(client, failing_statement):
    failing_statement("FROM labs", error=ZeroDivisionError)
    response = client.get("/")
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
    assert "ZeroDivisionError" not in response.get_data(as_text=True)


def test_production_refuses_a_default_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")
    monkeypatch.setenv("SECRET_KEY", "dev")
    with pytest.raises(RuntimeError):
        create_app("production")
    monkeypatch.setenv("SECRET_KEY", "x7" * 32)
    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/login", base_url="https://labnet.example")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_a_new_sqlite_database_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "labnet.sqlite"
    old_umask = os.umask(0o022)  # what a default shell gives: files readable by everyone
    try:
        create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # an older file, made before: tightened at the next start
    create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
