"""How requests end their transaction: reads that succeed commit (PostgreSQL's prepared
statements then survive the request); failures roll back and change nothing."""
import contextlib

import sqlalchemy as sa

from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import bearer, make_lab, make_user


@contextlib.contextmanager
def transaction_ends():
    ends = []
    commit = lambda conn: ends.append("commit")  # noqa: E731
    rollback = lambda conn: ends.append("rollback")  # noqa: E731
    sa.event.listen(db.engine, "commit", commit)
    sa.event.listen(db.engine, "rollback", rollback)
    try:
        yield ends
    finally:
        sa.event.remove(db.engine, "commit", commit)
        sa.event.remove(db.engine, "rollback", rollback)


def test_a_read_that_succeeds_ends_with_commit(client):
    url, headers = f"/api/v1/labs/{make_lab('KE').id}", bearer(make_user())
    db.session.commit()  # the test's own data, before counting
    with transaction_ends() as ends:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert ends == ["commit"]


def test_a_read_that_fails_rolls_back(client):
    headers = bearer(make_user())
    db.session.commit()
    with transaction_ends() as ends:
        response = client.get("/api/v1/labs/999999", headers=headers)
    assert response.status_code == 404
    assert "commit" not in ends and ends[-1] == "rollback"


def test_a_refused_write_still_rolls_back_and_changes_nothing(client):
    lab_id = make_lab("KE", name="Before").id
    other_manager = bearer(make_user("lab_manager"))
    db.session.commit()
    with transaction_ends() as ends:
        response = client.patch(f"/api/v1/labs/{lab_id}", json={"name": "After"},
                                headers=other_manager)
    assert response.status_code == 403
    assert "commit" not in ends
    assert db.session.get(Lab, lab_id).name == "Before"
