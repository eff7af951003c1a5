"""Two-factor: enrolment with a QR code, codes at login (pages and API), recovery codes,
admins and coordinators made to enrol, turning it off."""
import re

import pyotp
from sqlalchemy import select, update

from labnet.accounts.models import RecoveryCode, User
from labnet.extensions import db
from tests.helpers import PASSWORD, TOTP_SECRET, assert_problem, csrf_token, login, make_lab, make_user, post_form


def fresh_code(user) -> str:
    """The current code, with the record of the last used one cleared (a code works once)."""
    db.session.execute(update(User).where(User.id == user.id).values(totp_last_step=None))
    db.session.commit()
    return pyotp.TOTP(TOTP_SECRET).now()


def test_an_enrolled_account_needs_otp_for_a_token(client):
    user = make_user(two_factor=True)
    without = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert_problem(without, 401, "otp")
    wrong = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD,
                                                 "otp": "000000"})
    assert_problem(wrong, 401)
    right = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD,
                                                 "otp": fresh_code(user)})
    assert right.status_code == 201 and right.get_json()["token"]


def test_a_code_is_accepted_only_once(client):
    user = make_user(two_factor=True)
    code = fresh_code(user)
    first = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD, "otp": code})
    assert first.status_code == 201
    replay = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD, "otp": code})
    assert_problem(replay, 401)


def test_accounts_without_two_factor_get_tokens_with_email_and_password(client):
    user = make_user("lab_manager")
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201


def test_admins_without_two_factor_still_get_api_tokens(client):
    admin = make_user("admin", two_factor=False)
    response = client.post("/api/v1/tokens", json={"email": admin.email, "password": PASSWORD})
    assert response.status_code == 201


def test_page_login_asks_for_the_code_after_the_password(client):
    user = make_user(two_factor=True)
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/login/code"
    assert client.get("/account").status_code == 302  # not logged in yet
    token = csrf_token(client, "/login/code")
    wrong = client.post("/login/code", data={"code": "123456", "csrf_token": token})
    assert wrong.status_code == 401
    assert client.get("/account").status_code == 302
    right = client.post("/login/code", data={"code": fresh_code(user), "csrf_token": token})
    assert right.status_code == 302
    assert client.get("/account").status_code == 200


def test_the_code_step_without_a_password_first_sends_back_to_login(client):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_code_guesses_are_throttled(client):
    user = make_user(two_factor=True)
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    token = csrf_token(client, "/login/code")
    codes = [client.post("/login/code", data={"code": f"{n:06d}", "csrf_token": token}).status_code
             for n in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    refused = client.post("/login/code", data={"code": fresh_code(user), "csrf_token": token})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert client.get("/account").status_code == 302


def enrol(client, user) -> list[str]:
    login(client, user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page and "<script" not in page.split("<main", 1)[-1].split("</main>")[0]
    db.session.expire_all()
    secret = db.session.get(User, user.id).totp_secret
    assert secret in page
    wrong = post_form(client, "/account/two-factor", {"code": "000000"}, page="/account/two-factor")
    assert wrong.status_code == 422
    done = post_form(client, "/account/two-factor", {"code": pyotp.TOTP(secret).now()},
                     page="/account/two-factor")
    assert done.status_code == 200
    return re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.get_data(as_text=True))


def test_enrolment_confirms_a_code_and_shows_ten_recovery_codes_once(client):
    user = make_user("lab_manager")
    codes = enrol(client, user)
    assert len(codes) == len(set(codes)) == 10
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in codes}
    assert codes[0] not in client.get("/account/two-factor").get_data(as_text=True)


def test_a_recovery_code_logs_in_once(client):
    user = make_user("lab_manager")
    codes = enrol(client, user)
    for expected in (201, 401):
        response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD,
                                                       "otp": codes[0]})
        assert response.status_code == expected


def test_admins_and_coordinators_without_two_factor_can_only_enrol(client):
    lab = make_lab()
    for role in ("admin", "coordinator"):
        user = make_user(role, two_factor=False)
        login(client, user)
        for path in ("/", "/admin/users", f"/labs/{lab.id}", "/account"):
            response = client.get(path)
            assert response.status_code == 302, (role, path)
            assert response.headers["Location"] == "/account/two-factor"
        assert client.get("/account/two-factor").status_code == 200
        assert_problem(client.get("/api/v1/users/me"), 403)
        post_form(client, "/logout", {}, page="/account/two-factor")


def test_lab_managers_without_two_factor_use_the_pages(client):
    user = make_user("lab_manager")
    login(client, user)
    assert client.get("/account").status_code == 200


def test_turning_two_factor_off_needs_the_password_and_a_code(client):
    user = make_user("lab_manager", two_factor=True)
    login(client, user)
    post_form(client, "/account/two-factor/disable", {"password": "wrong password", "code": fresh_code(user)},
              page="/account")
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled
    post_form(client, "/account/two-factor/disable", {"password": PASSWORD, "code": "000000"},
              page="/account")
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled
    post_form(client, "/account/two-factor/disable", {"password": PASSWORD, "code": fresh_code(user)},
              page="/account")
    db.session.expire_all()
    assert not db.session.get(User, user.id).two_factor_enabled


def test_demo_admins_and_coordinators_are_enrolled_and_log_in_with_their_code(client):
    from labnet.demo.seed import seed_demo

    result = seed_demo()
    db.session.commit()
    for email, role, secret in result["users"]:
        assert bool(secret) == (role in ("admin", "coordinator")), role
        otp = {"otp": pyotp.TOTP(secret).now()} if secret else {}
        response = client.post("/api/v1/tokens", json={"email": email,
                                                       "password": result["password"], **otp})
        assert response.status_code == 201, email
