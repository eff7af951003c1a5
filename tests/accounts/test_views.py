"""Logging in and out of the pages, and the admin's users page."""
from sqlalchemy import select

from labnet.accounts.models import ApiToken, User
from labnet.extensions import db
from tests.helpers import PASSWORD, bearer, csrf_token, login, make_lab, make_user, post_form


def test_login_sets_a_hardened_session_cookie_and_logout_ends_it_server_side(client):
    user = make_user("lab_manager")
    db.session.commit()
    response = login(client, user)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    stolen = client.get_cookie("session").value
    assert client.get("/my/labs").status_code == 200
    post_form(client, "/logout", {})
    assert client.get("/my/labs").status_code == 302  # back to login
    client.set_cookie("session", stolen)  # a copy of the old cookie is worthless now
    assert client.get("/my/labs").status_code == 302


def test_login_starts_a_new_session(client):
    user = make_user()
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_same_answer_for_unknown_email_and_wrong_password(client):
    make_user(email="known@example.org")
    db.session.commit()
    token = csrf_token(client)
    wrong = client.post("/login", data={"email": "known@example.org", "password": "x" * 12,
                                        "csrf_token": token})
    unknown = client.post("/login", data={"email": "ghost@example.org", "password": "x" * 12,
                                          "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 401
    assert "Unknown email or wrong password." in wrong.get_data(as_text=True)
    assert "Unknown email or wrong password." in unknown.get_data(as_text=True)


def test_login_is_throttled_after_repeated_failures(client):
    user = make_user()
    db.session.commit()
    token = csrf_token(client)
    codes = [client.post("/login", data={"email": user.email, "password": "wrong password!",
                                         "csrf_token": token}).status_code for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    # even the right password waits until the window passes
    assert client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 429


def test_forms_without_a_csrf_token_are_refused(client):
    user = make_user("admin")
    db.session.commit()
    login(client, user)
    response = client.post("/admin/users", data={"email": "new@example.org", "password": "x" * 14,
                                                  "role": "admin"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(User).where(User.email == "new@example.org")) is None


def test_no_open_redirect_after_login(client):
    user = make_user()
    db.session.commit()
    for target in ["https://evil.example/", "//evil.example/x", "/\\evil.example"]:
        response = client.post(f"/login?next={target}", data={
            "email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)})
        assert response.headers["Location"] == "/", target
    response = client.post("/login?next=/my/labs", data={
        "email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/my/labs"


def test_admin_creates_users_with_field_errors_next_to_fields(client):
    admin = make_user("admin")
    db.session.commit()
    login(client, admin)
    bad = post_form(client, "/admin/users", {"email": "not-an-email", "password": "short",
                                             "role": "admin"}, page="/admin/users")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert 'id="email-error"' in page
    good = post_form(client, "/admin/users", {"email": "new@example.org",
                                              "password": "a long password here", "role": "border_agent"},
                     page="/admin/users")
    assert good.status_code == 302
    assert db.session.scalar(db.select(User).where(User.email == "new@example.org")).role == "border_agent"


def test_throttling_uses_redis_when_configured(app):
    """With RATELIMIT_STORAGE_URI set, failed logins are counted in Redis, shared by workers."""
    import uuid

    import redis

    from labnet import create_app

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.RedisError:
        import pytest

        pytest.skip("no Redis server on 127.0.0.1:6379")
    prefix = f"labnet-test-{uuid.uuid4().hex}"
    shared = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": prefix,
              "WTF_CSRF_ENABLED": False, "LOGIN_THROTTLE": "3 per minute"}
    from labnet.extensions import limiter

    try:
        first, second = create_app("testing", shared), create_app("testing", shared)  # two workers
        codes = [worker.test_client().post("/login", data={"email": "x@example.org",
                                                            "password": "wrong password!"}).status_code
                 for worker in (first, second, first, second)]
        assert codes == [401, 401, 401, 429]
        server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        keys = server.keys(f"*{prefix}*")
        assert keys  # the counts live in Redis
        server.delete(*keys)
    finally:
        limiter.init_app(app)  # the extension is shared: give the suite its memory storage back



def test_admin_changes_roles_and_deactivation_ends_sessions_and_tokens(client):
    admin = make_user("admin")
    lab = make_lab()
    manager = make_user("lab_manager", labs=[lab])
    headers = bearer(manager)
    admin_headers = bearer(admin)
    response = client.patch(f"/api/v1/users/{manager.id}", headers=admin_headers,
                            json={"role": "coordinator"})
    assert response.status_code == 200
    assert response.get_json()["role"] == "coordinator" and response.get_json()["lab_ids"] == []
    off = client.patch(f"/api/v1/users/{manager.id}", headers=admin_headers, json={"active": False})
    assert off.get_json()["active"] is False
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    assert db.session.scalar(select(ApiToken.revoked_at).where(ApiToken.user_id == manager.id))
    selfish = client.patch(f"/api/v1/users/{admin.id}", headers=admin_headers, json={"active": False})
    assert selfish.status_code == 409
    assert db.session.get(User, admin.id).active is True


def test_a_tokens_last_use_is_recorded_at_most_once_an_hour(client):
    from labnet.database import utcnow

    headers = bearer(make_user())
    token = db.session.scalar(select(ApiToken))
    assert token.last_used_at is None
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    first = db.session.get(ApiToken, token.id).last_used_at
    assert first is not None and (utcnow() - first).total_seconds() < 60
    client.get("/api/v1/users/me", headers=headers)
    assert db.session.get(ApiToken, token.id).last_used_at == first  # no write on every call
