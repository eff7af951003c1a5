"""Passwords: strength everywhere one is set, change, and reset by mail."""
import datetime as dt

import pytest
from sqlalchemy import select, update

from labnet.accounts.models import ApiToken, PasswordReset, User
from labnet.accounts.passwords import password_problem
from labnet.database import utcnow
from labnet.extensions import db
from labnet.mail.models import OutgoingMail
from tests.helpers import PASSWORD, assert_problem, bearer, csrf_token, login, make_user, post_form

NEW_PASSWORD = "quiet lantern orbit 58"


def mails_to(address):
    return db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == address)).all()


@pytest.mark.parametrize("password, reason", [
    (" " * 12, "blank"),
    ("password1234", "most commonly used"),
    ("iloveyou12345", "too easy to guess"),
    ("aaaaaaaaaaaaaa", "too easy to guess"),
    ("short", "at least 12"),
])
def test_weak_and_common_passwords_are_refused_with_the_reason(app, password, reason):
    with app.test_request_context():
        assert reason in password_problem(password, ["ana@example.org", "Ana Moreno"])


def test_a_password_made_of_the_persons_own_name_is_refused(app):
    with app.test_request_context():
        assert "your name or email" in password_problem("ana.moreno2026",
                                                        ["ana.moreno@example.org", "Ana Moreno"])
        assert password_problem(NEW_PASSWORD, ["ana.moreno@example.org", "Ana Moreno"]) is None


@pytest.mark.parametrize("password", [" " * 12, "password1234", "qwertyuiop12"])
def test_admin_cannot_create_a_user_with_a_weak_password(client, password):
    admin = make_user("admin")
    response = client.post("/api/v1/users", headers=bearer(admin), json={
        "email": "new@example.org", "password": password, "role": "border_agent"})
    body = assert_problem(response, 422, "password")
    assert body["errors"]["password"][0]
    assert db.session.scalar(select(User).where(User.email == "new@example.org")) is None


def test_admin_users_page_shows_the_password_reason_by_the_field(client):
    admin = make_user("admin")
    login(client, admin)
    response = post_form(client, "/admin/users", {"email": "new@example.org",
                                                  "password": " " * 12, "role": "border_agent"},
                         page="/admin/users")
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "new@example.org")) is None


def test_api_password_change_needs_the_current_password(client):
    user = make_user()
    headers = bearer(user)
    response = client.post("/api/v1/users/me/password", headers=headers,
                           json={"current_password": "not my password", "password": NEW_PASSWORD})
    assert_problem(response, 422, "current_password")
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_api_password_change_refuses_a_weak_password(client):
    user = make_user()
    response = client.post("/api/v1/users/me/password", headers=bearer(user),
                           json={"current_password": PASSWORD, "password": "password1234"})
    assert_problem(response, 422, "password")
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_api_password_change_ends_sessions_and_other_tokens_but_keeps_the_one_in_use(client):
    user = make_user()
    other = bearer(user)
    current = bearer(user)
    version = user.session_version
    response = client.post("/api/v1/users/me/password", headers=current,
                           json={"current_password": PASSWORD, "password": NEW_PASSWORD})
    assert response.status_code == 204
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD) and user.session_version == version + 1
    assert client.get("/api/v1/users/me", headers=other).status_code == 401
    assert client.get("/api/v1/users/me", headers=current).status_code == 200


def test_page_password_change_keeps_this_browser_and_ends_the_others(client, app):
    user = make_user()
    headers = bearer(user)
    login(client, user)
    elsewhere = app.test_client()
    login(elsewhere, user)
    response = post_form(client, "/account/password", {"current_password": PASSWORD,
                                                       "password": NEW_PASSWORD},
                         page="/account/password")
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302  # to the login page
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401


def test_page_password_change_shows_a_weak_password_by_the_field(client):
    user = make_user()
    login(client, user)
    response = post_form(client, "/account/password", {"current_password": PASSWORD,
                                                       "password": "iloveyou12345"},
                         page="/account/password")
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_reset_answers_the_same_for_known_and_unknown_addresses(client):
    make_user(email="known@example.org")
    known = client.post("/api/v1/password-resets", json={"email": "known@example.org"})
    unknown = client.post("/api/v1/password-resets", json={"email": "ghost@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert len(mails_to("known@example.org")) == 1
    assert mails_to("ghost@example.org") == []
    page_known = post_form(client, "/password-resets", {"email": "known@example.org"})
    page_unknown = post_form(client, "/password-resets", {"email": "ghost@example.org"})
    assert page_known.status_code == page_unknown.status_code == 202
    assert page_known.get_data() == page_unknown.get_data()


def reset_link(client, user) -> str:
    client.post("/api/v1/password-resets", json={"email": user.email})
    mail = mails_to(user.email)[-1]
    return next(word for word in mail.body.split() if "/password-resets/" in word)


def test_reset_link_sets_the_password_once_and_ends_sessions_and_tokens(client):
    user = make_user()
    headers = bearer(user)
    token = reset_link(client, user).rsplit("/", 1)[1]
    assert db.session.scalar(select(PasswordReset.token_hash)) != token  # only a hash is kept
    response = client.post(f"/api/v1/password-resets/{token}", json={"password": NEW_PASSWORD})
    assert response.status_code == 204
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    again = client.post(f"/api/v1/password-resets/{token}", json={"password": "another " + NEW_PASSWORD})
    assert_problem(again, 410)
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_a_stale_reset_link_is_gone(client):
    user = make_user()
    token = reset_link(client, user).rsplit("/", 1)[1]
    db.session.execute(update(PasswordReset).values(
        expires_at=utcnow() - dt.timedelta(seconds=1)))
    db.session.commit()
    assert_problem(client.post(f"/api/v1/password-resets/{token}", json={"password": NEW_PASSWORD}), 410)
    assert client.get(f"/password-resets/{token}").status_code == 410
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_an_unknown_reset_token_is_not_found(client):
    assert_problem(client.post("/api/v1/password-resets/made-up", json={"password": NEW_PASSWORD}), 404)


def test_a_weak_password_leaves_the_reset_link_usable(client):
    user = make_user()
    token = reset_link(client, user).rsplit("/", 1)[1]
    assert_problem(client.post(f"/api/v1/password-resets/{token}", json={"password": "password1234"}),
                   422, "password")
    assert client.post(f"/api/v1/password-resets/{token}", json={"password": NEW_PASSWORD}).status_code == 204


def test_reset_pages_set_the_password(client):
    user = make_user()
    link = reset_link(client, user)
    path = link[link.index("/password-resets/"):]
    assert client.get(path).status_code == 200
    weak = client.post(path, data={"password": "            ", "csrf_token": csrf_token(client, path)})
    assert weak.status_code == 422 and 'id="password-error"' in weak.get_data(as_text=True)
    done = client.post(path, data={"password": NEW_PASSWORD, "csrf_token": csrf_token(client, "/login")})
    assert done.status_code == 302
    assert login(client, user, NEW_PASSWORD).status_code == 302
    assert db.session.scalar(select(ApiToken)) is None


def test_reset_requests_are_rate_limited_per_address(client):
    codes = [client.post("/api/v1/password-resets", json={"email": f"x{n}@example.org"}).status_code
             for n in range(11)]
    assert codes == [202] * 10 + [429]
