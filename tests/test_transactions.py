"""How requests and commands end their transaction: the response decides (below 400
commits, otherwise rolls back), a refused page action changes nothing even when it
redirects, and a command commits once at its end. Reads that succeed commit too
(PostgreSQL's prepared statements then survive the request)."""
import contextlib

import pytest
import sqlalchemy as sa

from labnet import transactions
from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import bearer, clean_database, make_lab, make_user


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


def _lab_names():
    return set(db.session.scalars(sa.select(Lab.name)))


def _write_in_request(app, status, refuse_between=False):
    """A request that flushes two labs (with a refusal between them, if asked) and ends with
    `status`; what the database keeps afterwards."""
    with app.test_request_context(), app.app_context():
        db.session.add(make_lab("KE", name="First"))
        db.session.flush()
        if refuse_between:
            transactions.refuse()
        db.session.add(make_lab("KE", name="Second"))
        db.session.flush()
        transactions.end(status)
    return _lab_names()


def test_the_response_decides_commit_or_rollback(app):
    assert _write_in_request(app, 201) == {"First", "Second"}
    clean_database()
    assert _write_in_request(app, 422) == set()
    clean_database()
    assert _write_in_request(app, 500) == set()


def test_a_refused_page_action_changes_nothing_even_when_it_redirects(app):
    assert _write_in_request(app, 302, refuse_between=True) == set()


def test_a_command_commits_once_at_its_end_or_not_at_all(app):
    with transaction_ends() as ends, transactions.committed():
        make_lab("KE", name="Imported")
        make_lab("KE", name="Also imported")
    assert ends == ["commit"] and _lab_names() == {"Imported", "Also imported"}
    clean_database()
    with pytest.raises(RuntimeError), transactions.committed():
        make_lab("KE", name="Half")
        raise RuntimeError("interrupted")
    assert _lab_names() == set()
