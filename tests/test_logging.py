import logging

from labnet.audit.models import AuditEntry
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.logs import UTCFormatter
from tests.helpers import PASSWORD, bearer, make_lab, make_user


def test_logins_refusals_and_changes_are_logged_without_secrets(client, caplog):
    caplog.set_level(logging.INFO, logger="labnet")
    user = make_user("lab_manager", email="ana@example.org")
    other = make_lab()
    db.session.commit()
    client.post("/api/v1/tokens", json={"email": user.email, "password": "wrong password 1"})
    token = client.post("/api/v1/tokens", json={"email": user.email,
                                                "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.patch(f"/api/v1/labs/{other.id}", json={"name": "x"}, headers=headers)
    created = client.post("/api/v1/labs", json={"name": "Mine", "country": "KE"}, headers=headers)
    text = caplog.text
    assert "api login failed for 'ana@example.org' from 127.0.0.1" in text
    assert f"api login user {user.id} from 127.0.0.1" in text
    assert f"refused 403 PATCH /api/v1/labs/{other.id} for user {user.id} from 127.0.0.1" in text
    assert f"create labs #{created.get_json()['id']} by user {user.id} from 127.0.0.1" in text
    assert PASSWORD not in text and "wrong password 1" not in text and token not in text


def test_audit_rows_are_written_in_the_same_transaction_as_the_change(client, failing_statement):
    headers = bearer(make_user("lab_manager"))
    failing_statement("INSERT INTO audit_entries")  # the lab is flushed; its audit row fails
    response = client.post("/api/v1/labs", json={"name": "Mine", "country": "KE"}, headers=headers)
    assert response.status_code == 500
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Lab)) == 0


def test_log_times_are_utc():
    record = logging.LogRecord("labnet", logging.INFO, __file__, 1, "x", None, None)
    record.created = 0
    assert UTCFormatter("%(asctime)s", "%Y-%m-%dT%H:%M:%S").format(record) == "1970-01-01T00:00:00"
