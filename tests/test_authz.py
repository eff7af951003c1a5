"""The permission predicates themselves, as a table: role x action x ownership, every cell.

Fast and database-free; tests/test_permissions.py holds the same rules over HTTP. The SQL
forms of "who sees which requests" are held to their Python forms row by row.
"""
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from labnet import authz


def user(uid, role, labs=(), networks=()):
    return SimpleNamespace(id=uid, role=role, lab_ids=list(labs), network_ids=list(networks))


ACTORS = {
    "anonymous": None,
    "admin": user(1, "admin"),
    "coordinator of the lab's network": user(2, "coordinator", networks=[7]),
    "coordinator of another network": user(3, "coordinator", networks=[8]),
    "manager of the lab": user(4, "lab_manager", labs=[10]),
    "manager of another lab": user(5, "lab_manager", labs=[20]),
    "border agent who sent the request": user(6, "border_agent"),
    "another border agent": user(7, "border_agent"),
}
LAB = SimpleNamespace(id=10, network_ids=[7])
NETWORK = SimpleNamespace(id=7)
# lab 20 asks lab 10 for material; agent 6 asks lab 10 to test
MATERIAL_REQUEST = SimpleNamespace(requester_lab_id=20, holding=SimpleNamespace(lab_id=10))
TESTING_REQUEST = SimpleNamespace(lab_id=10, created_by_id=6)

ACTIONS = {
    "create a lab": lambda a: authz.can_create_lab(a),
    "edit the lab": lambda a: authz.can_edit_lab(a, LAB),
    "verify the lab's accreditation": lambda a: authz.can_verify_accreditation(a, LAB),
    "read the lab's history": lambda a: authz.can_read_lab_history(a, LAB),
    "manage the network's members": lambda a: authz.can_manage_members(a, NETWORK),
    "edit networks": lambda a: authz.can_edit_network(a),
    "edit the catalogue": lambda a: authz.can_edit_catalogue(a),
    "manage users": lambda a: authz.can_manage_users(a),
    "see holdings, matches, coverage": lambda a: authz.can_see_private(a),
    "see coverage": lambda a: authz.can_see_coverage(a),
    "enrol": lambda a: authz.can_enrol(a),
    "request material for lab 20": lambda a: authz.can_request_material(a, 20),
    "act as holder of the material request": lambda a: authz.holds_material_request(a, MATERIAL_REQUEST),
    "act as requester of the material request": lambda a: authz.requests_material_request(a, MATERIAL_REQUEST),
    "read the material request": lambda a: authz.can_read_material_request(a, MATERIAL_REQUEST),
    "send testing requests": lambda a: authz.can_create_testing_request(a),
    "answer the testing request": lambda a: authz.answers_testing_request(a, TESTING_REQUEST),
    "read the testing request": lambda a: authz.can_read_testing_request(a, TESTING_REQUEST),
    "have My labs": lambda a: authz.has_own_labs(a),
}

LOGGED_IN = set(ACTORS) - {"anonymous"}
EXPECTED = {
    "create a lab": {"admin", "manager of the lab", "manager of another lab"},
    "edit the lab": {"admin", "manager of the lab"},
    "verify the lab's accreditation": {"admin", "coordinator of the lab's network"},
    "read the lab's history": LOGGED_IN,
    "manage the network's members": {"admin", "coordinator of the lab's network"},
    "edit networks": {"admin"},
    "edit the catalogue": {"admin"},
    "manage users": {"admin"},
    "see holdings, matches, coverage": LOGGED_IN,
    "see coverage": LOGGED_IN,
    "enrol": LOGGED_IN,
    "request material for lab 20": {"manager of another lab"},
    "act as holder of the material request": {"manager of the lab"},
    "act as requester of the material request": {"manager of another lab"},
    "read the material request": {"admin", "manager of the lab", "manager of another lab"},
    "send testing requests": {"border agent who sent the request", "another border agent"},
    "answer the testing request": {"manager of the lab"},
    "read the testing request": {"admin", "manager of the lab", "border agent who sent the request"},
    "have My labs": {"manager of the lab", "manager of another lab"},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_cell_of_the_permission_table(action):
    allowed = {name for name, actor in ACTORS.items() if ACTIONS[action](actor)}
    assert allowed == EXPECTED[action]


def test_the_table_names_every_action():
    assert set(EXPECTED) == set(ACTIONS)


def test_require_tells_anonymous_from_refused():
    from labnet.errors import Forbidden, Unauthorized

    authz.require(True, None)
    with pytest.raises(Unauthorized):
        authz.require(False, None)
    with pytest.raises(Forbidden):
        authz.require(False, ACTORS["admin"])


def test_an_admin_may_not_demote_or_deactivate_themselves():
    admin = ACTORS["admin"]
    other = SimpleNamespace(id=99)
    assert authz.may_change_own_account(admin, other, {"role": "border_agent", "active": False})
    assert authz.may_change_own_account(admin, admin, {"name": "Renamed"})
    assert not authz.may_change_own_account(admin, admin, {"role": "coordinator"})
    assert not authz.may_change_own_account(admin, admin, {"active": False})


def _visible_rows(condition_for, columns, rows):
    """Which of `rows` an SQL condition keeps, in an in-memory table."""
    metadata = sa.MetaData()
    table = sa.Table("t", metadata, sa.Column("row", sa.Integer, primary_key=True),
                     *(sa.Column(name, sa.Integer) for name in columns))
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), [dict(zip(("row", *columns), r)) for r in rows])
        condition = condition_for(*(table.c[name] for name in columns))
        return {r for (r,) in connection.execute(sa.select(table.c.row).where(condition))}


@pytest.mark.parametrize("name", sorted(ACTORS))
def test_material_requests_visible_in_sql_as_in_python(name):
    actor = ACTORS[name]
    # (row, requesting lab, holding lab)
    rows = [(1, 20, 10), (2, 10, 30), (3, 30, 40), (4, 20, 40)]
    in_sql = _visible_rows(lambda requester, holder: authz.material_requests_visible(
        actor, requester, holder), ("requester", "holder"), rows)
    in_python = {r for r, requester, holder in rows if authz.can_read_material_request(
        actor, SimpleNamespace(requester_lab_id=requester, holding=SimpleNamespace(lab_id=holder)))}
    assert in_sql == in_python


@pytest.mark.parametrize("name", sorted(ACTORS))
def test_testing_requests_visible_in_sql_as_in_python(name):
    actor = ACTORS[name]
    # (row, addressed lab, sent by user)
    rows = [(1, 10, 6), (2, 20, 6), (3, 20, 7), (4, 10, 7)]
    in_sql = _visible_rows(lambda lab, sender: authz.testing_requests_visible(
        actor, lab, sender), ("lab", "sender"), rows)
    in_python = {r for r, lab, sender in rows if authz.can_read_testing_request(
        actor, SimpleNamespace(lab_id=lab, created_by_id=sender))}
    assert in_sql == in_python
