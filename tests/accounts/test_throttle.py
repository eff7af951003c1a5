"""Login throttling counts failures only, per account and per client address, for the
login page and the API alike, and is shared by every worker through Redis."""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest

from labnet import create_app
from labnet.accounts.models import User
from labnet.extensions import db, limiter
from tests.helpers import PASSWORD, assert_problem, csrf_token, make_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def token_attempt(client, email, password, **headers):
    return client.post("/api/v1/tokens", json={"email": email, "password": password},
                       headers=headers)


def test_successful_logins_never_count(client):
    user = make_user()
    for _ in range(15):
        assert token_attempt(client, user.email, PASSWORD).status_code == 201
    codes = [token_attempt(client, user.email, "wrong password").status_code for _ in range(11)]
    assert codes == [401] * 10 + [429]


def test_a_throttled_attempt_is_refused_before_the_password_is_checked(client, monkeypatch):
    user = make_user()
    for _ in range(10):
        token_attempt(client, user.email, "wrong password")
    checked = []
    original = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, p: checked.append(p) or original(self, p))
    response = token_attempt(client, user.email, PASSWORD)
    body = assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed attempts" in body["detail"]
    assert checked == []


def test_pages_and_api_share_one_limit(client):
    user = make_user()
    token = csrf_token(client)
    for _ in range(5):
        client.post("/login", data={"email": user.email, "password": "wrong", "csrf_token": token})
    for _ in range(5):
        token_attempt(client, user.email, "wrong")
    page = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token})
    assert page.status_code == 429 and page.headers["Retry-After"]
    assert "Too many failed attempts" in page.get_data(as_text=True)
    assert token_attempt(client, user.email, PASSWORD).status_code == 429


def test_one_address_trying_many_accounts_is_throttled(client):
    users = [make_user() for _ in range(11)]
    codes = [token_attempt(client, u.email, "wrong").status_code for u in users]
    assert codes == [401] * 10 + [429]


@pytest.fixture
def behind_proxy(app):
    """The app as deployed behind one reverse proxy (TRUSTED_PROXIES=1)."""
    proxied = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                     "TRUSTED_PROXIES": 1})
    try:
        yield proxied
    finally:
        limiter.init_app(app)  # the extension is shared: give the suite its storage back


def test_behind_a_proxy_the_forwarded_client_address_counts(behind_proxy):
    with behind_proxy.app_context():
        users = [make_user() for _ in range(12)]
        db.session.commit()
        emails = [u.email for u in users]
    client = behind_proxy.test_client()
    codes = [token_attempt(client, email, "wrong", **{"X-Forwarded-For": "203.0.113.7"}).status_code
             for email in emails[:11]]
    assert codes == [401] * 10 + [429]
    other = token_attempt(client, emails[11], PASSWORD, **{"X-Forwarded-For": "198.51.100.2"})
    assert other.status_code == 201


def test_one_account_tried_from_many_addresses_is_throttled(behind_proxy):
    with behind_proxy.app_context():
        email = make_user().email
        db.session.commit()
    client = behind_proxy.test_client()
    codes = [token_attempt(client, email, "wrong", **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code
             for n in range(11)]
    assert codes == [401] * 10 + [429]


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(client):
    users = [make_user() for _ in range(11)]
    codes = [token_attempt(client, u.email, "wrong", **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code
             for n, u in enumerate(users)]
    assert codes[-1] == 429


def _post(base, body):
    request = urllib.request.Request(f"{base}/api/v1/tokens", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_gunicorn_workers_share_the_counts_in_redis(app, database_url):
    redis = pytest.importorskip("redis")
    from benchmarks.common import BIN, free_port

    server = redis.Redis.from_url("redis://127.0.0.1:6379/13", socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    user = make_user()
    db.session.commit()
    prefix = f"labnet-test-{uuid.uuid4().hex}"
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, LABNET_ENV="development",
               RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/13", RATELIMIT_KEY_PREFIX=prefix,
               LABNET_LOGIN_THROTTLE="10 per 5 minutes")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        successes = [_post(base, {"email": user.email, "password": PASSWORD}) for _ in range(15)]
        assert successes == [201] * 15
        failures = [_post(base, {"email": user.email, "password": "wrong"}) for _ in range(11)]
        assert failures == [401] * 10 + [429]
        assert server.keys(f"*{prefix}*")  # the counts live in Redis, where both workers look
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stderr.close()
        keys = server.keys(f"*{prefix}*")
        if keys:
            server.delete(*keys)
