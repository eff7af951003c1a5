"""API tokens expire, are listed and revoked by their owner; page sessions end when idle
and after their lifetime; "sign out everywhere" ends them all."""
import datetime as dt

from sqlalchemy import select, update

from labnet.accounts import sessions
from labnet.accounts.models import ApiToken
from labnet.database import utcnow
from labnet.extensions import db
from tests.helpers import assert_problem, bearer, login, make_user, post_form


def test_an_expired_token_is_401(client):
    user = make_user()
    headers = bearer(user)
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    db.session.execute(update(ApiToken).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    db.session.commit()
    assert_problem(client.get("/api/v1/users/me", headers=headers), 401)


def test_tokens_expire_after_the_configured_lifetime(client, app):
    user = make_user()
    client.post("/api/v1/tokens", json={"email": user.email, "password": "correct horse battery staple"})
    token = db.session.scalar(select(ApiToken))
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - app.config["API_TOKEN_LIFETIME"]) < dt.timedelta(seconds=5)
    assert app.config["API_TOKEN_LIFETIME"] == dt.timedelta(days=90)


def test_the_caller_lists_their_own_live_tokens(client):
    user, other = make_user(), make_user()
    headers = bearer(user)
    bearer(user)
    bearer(other)
    revoked = bearer(user)
    client.delete("/api/v1/tokens/current", headers=revoked)
    body = client.get("/api/v1/tokens", headers=headers).get_json()
    assert body["total"] == 2
    assert set(body["items"][0]) == {"id", "created_at", "last_used_at", "expires_at"}
    owned = {t.id for t in db.session.scalars(select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))}
    assert {t["id"] for t in body["items"]} == owned


def test_revoking_another_users_token_is_404_and_changes_nothing(client):
    user, other = make_user(), make_user()
    headers = bearer(user)
    theirs = bearer(other)
    their_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == other.id))
    assert_problem(client.delete(f"/api/v1/tokens/{their_id}", headers=headers), 404)
    assert client.get("/api/v1/users/me", headers=theirs).status_code == 200


def test_revoking_ones_own_token_by_id(client):
    user = make_user()
    headers = bearer(user)
    spare = bearer(user)
    spare_id = max(db.session.scalars(select(ApiToken.id)))
    assert client.delete(f"/api/v1/tokens/{spare_id}", headers=headers).status_code == 204
    assert client.get("/api/v1/users/me", headers=spare).status_code == 401
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(client):
    user = make_user()
    headers = bearer(user)
    client.get("/api/v1/users/me", headers=headers)
    first = db.session.scalar(select(ApiToken.last_used_at))
    assert first is not None
    client.get("/api/v1/users/me", headers=headers)
    assert db.session.scalar(select(ApiToken.last_used_at)) == first
    db.session.execute(update(ApiToken).values(last_used_at=first - dt.timedelta(minutes=2)))
    db.session.commit()
    client.get("/api/v1/users/me", headers=headers)
    assert db.session.scalar(select(ApiToken.last_used_at)) > first - dt.timedelta(minutes=1)


def test_account_page_lists_tokens_and_revokes_one(client):
    user = make_user()
    headers = bearer(user)
    token_id = db.session.scalar(select(ApiToken.id))
    login(client, user)
    page = client.get("/account").get_data(as_text=True)
    assert f"#{token_id}" in page
    post_form(client, f"/account/tokens/{token_id}/revoke", {}, page="/account")
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401


class Clock:
    def __init__(self, monkeypatch):
        self.offset = 0
        real = sessions.now
        monkeypatch.setattr(sessions, "now", lambda: real() + self.offset)


def test_a_session_idle_for_two_hours_ends(client, monkeypatch):
    clock = Clock(monkeypatch)
    login(client, make_user())
    clock.offset = 2 * 3600 - 120
    assert client.get("/account").status_code == 200  # still active, and this counts
    clock.offset += 2 * 3600 - 120
    assert client.get("/account").status_code == 200
    clock.offset += 2 * 3600 + 1
    assert client.get("/account").status_code == 302  # idle too long: to the login page


def test_a_session_ends_twelve_hours_after_login_even_when_active(client, monkeypatch):
    clock = Clock(monkeypatch)
    login(client, make_user())
    for _hour in range(11):
        clock.offset += 3600
        assert client.get("/account").status_code == 200
    clock.offset += 3600 + 1
    assert client.get("/account").status_code == 302


def test_session_lifetimes_are_configurable(client, app, monkeypatch):
    clock = Clock(monkeypatch)
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", dt.timedelta(minutes=5))
    login(client, make_user())
    clock.offset = 5 * 60 + 1
    assert client.get("/account").status_code == 302


def test_no_remember_me_cookie_is_set(client):
    response = login(client, make_user())
    assert "remember_token" not in response.headers.get("Set-Cookie", "")


def test_sign_out_everywhere_ends_every_session(client, app):
    user = make_user()
    login(client, user)
    elsewhere = app.test_client()
    login(elsewhere, user)
    post_form(client, "/account/sign-out-everywhere", {}, page="/account")
    assert client.get("/account").status_code == 302
    assert elsewhere.get("/account").status_code == 302
