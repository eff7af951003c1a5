"""Lists and matches make the same number of SQL queries whatever the size of their result."""
from contextlib import contextmanager

from sqlalchemy import event

from labnet.extensions import db
from tests.helpers import (
    bearer,
    make_accreditation,
    make_capability,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_network,
    make_user,
)


@contextmanager
def counted():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def grow(n, event_, material, method, network):
    for i in range(n):
        lab = make_lab("KE" if i % 2 else "UG", networks=[network] if i % 3 else [])
        make_accreditation(lab, [method])
        make_capability(lab, method)
        make_holding(lab, material)
    db.session.commit()


def queries(client, url, headers=None) -> int:
    with counted() as statements:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return len(statements)


def test_query_count_does_not_grow_with_the_result(client):
    ev = make_event(uid="MON-ØØ81Ø-6", elements=["P-35S"])
    material, method, network = make_material([ev]), make_method(events=[ev]), make_network()
    requester = make_lab("KE", networks=[network])
    user = make_user("lab_manager", labs=[requester])
    headers = bearer(user)
    urls = [
        ("/api/v1/labs?per_page=200", None),
        ("/api/v1/labs?event=mon-00810-6&accredited=true&per_page=200", None),
        (f"/api/v1/match/materials?event=MON-ØØ81Ø-6&requester_lab={requester.id}&limit=100", headers),
        ("/api/v1/match/testing-partners?lat=0&lon=35&events=MON-ØØ81Ø-6&accredited_only=1&limit=100", headers),
        (f"/api/v1/coverage?network={network.id}", headers),
        ("/api/v1/coverage?region=002", headers),
        (f"/api/v1/labs/{requester.id}/holdings", headers),
        ("/labs?per_page=200", None),
    ]
    grow(3, ev, material, method, network)
    small = {url: queries(client, url, h) for url, h in urls}
    grow(30, ev, material, method, network)
    large = {url: queries(client, url, h) for url, h in urls}
    assert large == small
