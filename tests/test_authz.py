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
# network 7 invited lab 10 and it has not accepted: invitations are not in network_ids
INVITED_LAB = SimpleNamespace(id=10, network_ids=[])
NETWORK = SimpleNamespace(id=7)
# lab 20 asks lab 10 for material; agent 6 asks lab 10 to test
MATERIAL_REQUEST = SimpleNamespace(requester_lab_id=20, holding=SimpleNamespace(lab_id=10))
TESTING_REQUEST = SimpleNamespace(lab_id=10, created_by_id=6)
# agent 6 is enrolled in a training
ENROLMENT = SimpleNamespace(user_id=6)


def entry(entity_type, lab_id=10, party_lab_id=None, party_user_id=None):
    """An audit entry filed in a lab's history."""
    return SimpleNamespace(entity_type=entity_type, lab_id=lab_id, party_lab_id=party_lab_id,
                           party_user_id=party_user_id)

ACTIONS = {
    "create a lab": lambda a: authz.can_create_lab(a),
    "edit the lab": lambda a: authz.can_edit_lab(a, LAB),
    "verify the lab's accreditation": lambda a: authz.can_verify_accreditation(a, LAB),
    "read the lab's history": lambda a: authz.can_read_lab_history(a, LAB),
    "read a change to the lab's record in its history": lambda a: authz.can_read_history_entry(
        a, entry("accreditations")),
    "read a change to the lab's membership in its history": lambda a: authz.can_read_history_entry(
        a, entry("networks")),
    "read the material request in the holder's history": lambda a: authz.can_read_history_entry(
        a, entry("material_requests", party_lab_id=20)),
    "read the testing request in the lab's history": lambda a: authz.can_read_history_entry(
        a, entry("testing_requests", party_user_id=6)),
    "read user 5's enrolment in the lab's history": lambda a: authz.can_read_history_entry(
        a, entry("enrolments", party_user_id=5)),
    "verify an accreditation of a lab only invited": lambda a: authz.can_verify_accreditation(
        a, INVITED_LAB),
    "see the verification queue": lambda a: authz.can_see_verification_queue(a),
    "upload a document of the lab": lambda a: authz.can_upload_document(a, LAB),
    "know of the lab's document attached to nothing": lambda a: not authz.document_hidden(
        a, LAB, set()),
    "read the lab's document attached to nothing": lambda a: authz.can_read_document(
        a, LAB, set()),
    "read the lab's accreditation certificate": lambda a: authz.can_read_document(
        a, LAB, {"accreditation"}),
    "read the certificate of the lab's lot": lambda a: authz.can_read_document(
        a, LAB, {"holding"}),
    "read the lab's proficiency-test report": lambda a: authz.can_read_document(
        a, LAB, {"proficiency_test"}),
    "read the lab's proficiency-test results": lambda a: authz.can_read_proficiency_tests(a, LAB),
    "manage the network's members": lambda a: authz.can_manage_members(a, NETWORK),
    "add members without an invitation": lambda a: authz.adds_members_at_once(a),
    "accept or decline the lab's invitation": lambda a: authz.can_answer_invitation(a, 10),
    "end the lab's membership": lambda a: authz.can_end_membership(a, NETWORK, 10),
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
    "enrol for lab 10": lambda a: authz.can_enrol_for_lab(a, 10),
    "read the enrolment": lambda a: authz.can_read_enrolment(a, ENROLMENT),
    "cancel the enrolment": lambda a: authz.can_cancel_enrolment(a, ENROLMENT),
}

LOGGED_IN = set(ACTORS) - {"anonymous"}
EXPECTED = {
    "create a lab": {"admin", "manager of the lab", "manager of another lab"},
    "edit the lab": {"admin", "manager of the lab"},
    "verify the lab's accreditation": {"admin", "coordinator of the lab's network"},
    "see the verification queue": {"admin", "coordinator of the lab's network",
                                   "coordinator of another network"},
    "upload a document of the lab": {"admin", "manager of the lab"},
    "know of the lab's document attached to nothing": {"admin", "coordinator of the lab's network",
                                                        "manager of the lab"},
    "read the lab's document attached to nothing": {"admin", "coordinator of the lab's network",
                                                    "manager of the lab"},
    "read the lab's accreditation certificate": LOGGED_IN,
    "read the certificate of the lab's lot": LOGGED_IN,
    "read the lab's proficiency-test report": {"admin", "coordinator of the lab's network",
                                               "manager of the lab"},
    "read the lab's proficiency-test results": LOGGED_IN,
    "read the lab's history": LOGGED_IN,
    "read a change to the lab's record in its history": LOGGED_IN,
    "read a change to the lab's membership in its history": LOGGED_IN,
    "read the material request in the holder's history": {"admin", "manager of the lab",
                                                          "manager of another lab"},
    "read the testing request in the lab's history": {"admin", "manager of the lab",
                                                      "border agent who sent the request"},
    "read user 5's enrolment in the lab's history": {"admin", "manager of the lab",
                                                     "manager of another lab"},
    "verify an accreditation of a lab only invited": {"admin"},
    "manage the network's members": {"admin", "coordinator of the lab's network"},
    "add members without an invitation": {"admin"},
    "accept or decline the lab's invitation": {"manager of the lab"},
    "end the lab's membership": {"admin", "coordinator of the lab's network", "manager of the lab"},
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
    "enrol for lab 10": {"manager of the lab"},
    "read the enrolment": {"admin", "border agent who sent the request"},
    "cancel the enrolment": {"border agent who sent the request"},
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
    """Which of `rows` an SQL condition keeps, in an in-memory table (text columns where the
    first row holds text, whole numbers elsewhere)."""
    metadata = sa.MetaData()
    types = [sa.String if isinstance(value, str) else sa.Integer for value in rows[0][1:]]
    table = sa.Table("t", metadata, sa.Column("row", sa.Integer, primary_key=True),
                     *(sa.Column(name, kind) for name, kind in zip(columns, types, strict=True)))
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), [dict(zip(("row", *columns), r, strict=True)) for r in rows])
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


@pytest.mark.parametrize("name", sorted(ACTORS))
def test_history_visible_in_sql_as_in_python(name):
    actor = ACTORS[name]
    # (row, kind, lab whose history, other lab named, other user named)
    rows = [(1, "labs", 10, None, None), (2, "accreditations", 10, None, None),
            (3, "capabilities", 30, None, None), (4, "holdings", 30, None, None),
            (5, "training_offers", 30, None, None), (6, "networks", 30, None, None),
            (7, "material_requests", 10, 20, None), (8, "material_requests", 30, 40, None),
            (9, "material_requests", 20, 30, None), (10, "testing_requests", 10, None, 6),
            (11, "testing_requests", 30, None, 7), (12, "enrolments", 30, None, 5),
            (13, "enrolments", 30, 20, 99), (14, "enrolments", 10, None, 99)]
    columns = ("entity_type", "lab_id", "party_lab_id", "party_user_id")
    in_sql = _visible_rows(lambda *cols: authz.history_visible(actor, *cols), columns, rows)
    in_python = {r[0] for r in rows if authz.can_read_history_entry(
        actor, SimpleNamespace(**dict(zip(columns, r[1:], strict=True))))}
    assert in_sql == in_python
    # the public record for anyone logged in, exchanges only for their parties
    public = {1, 2, 3, 4, 5, 6}
    expected = {
        "anonymous": set(), "admin": {r[0] for r in rows},
        "coordinator of the lab's network": public, "coordinator of another network": public,
        "manager of the lab": public | {7, 10, 14},
        "manager of another lab": public | {7, 9, 12, 13},
        "border agent who sent the request": public | {10},
        "another border agent": public | {11},
    }
    assert in_python == expected[name]
