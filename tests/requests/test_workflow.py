"""The request workflows as tables: every status against every party, and what open requests
keep from being deleted."""
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Lab
from labnet.requests import models, workflow
from tests.helpers import assert_problem, bearer, make_event, make_holding, make_lab, make_material, make_user

HOLDER_LAB, REQUESTER_LAB, ADDRESSED_LAB, OTHER_LAB = 1, 2, 3, 4
AGENT_ID = 40

PARTIES = {
    "holder": SimpleNamespace(id=10, role="lab_manager", lab_ids=[HOLDER_LAB]),
    "requester": SimpleNamespace(id=11, role="lab_manager", lab_ids=[REQUESTER_LAB]),
    "addressed lab": SimpleNamespace(id=12, role="lab_manager", lab_ids=[ADDRESSED_LAB]),
    "agency": SimpleNamespace(id=AGENT_ID, role="border_agent", lab_ids=[]),
    "outsider": SimpleNamespace(id=13, role="lab_manager", lab_ids=[OTHER_LAB]),
    "coordinator": SimpleNamespace(id=14, role="coordinator", lab_ids=[]),
    "admin": SimpleNamespace(id=15, role="admin", lab_ids=[]),
}

# status: {party: actions}; a party not named may do nothing
MATERIAL_TABLE = {
    "pending": {"holder": ["accept", "decline"], "requester": ["cancel"]},
    "accepted": {"holder": ["ship"], "requester": ["cancel"]},
    "declined": {},
    "shipped": {"requester": ["receive"]},
    "received": {},
    "cancelled": {},
}
TESTING_TABLE = {
    "pending": {"addressed lab": ["accept", "decline"]},
    "accepted": {"addressed lab": ["receive_samples", "report"]},
    "samples_received": {"addressed lab": ["report"]},
    "declined": {},
    "reported": {"addressed lab": ["amend"]},
}
# with samples listed, the lab signs for them before it may report
TESTING_WITH_SAMPLES_TABLE = {**TESTING_TABLE,
                              "accepted": {"addressed lab": ["receive_samples"]}}
# what the inbox shows each party: never the requester's own cancelling
AWAITED_TABLE = {
    "pending": {"holder": ["accept", "decline"]},
    "accepted": {"holder": ["ship"]},
    "declined": {},
    "shipped": {"requester": ["receive"]},
    "received": {},
    "cancelled": {},
}


def a_material_request(status):
    return SimpleNamespace(status=status, requester_lab_id=REQUESTER_LAB,
                           holding=SimpleNamespace(lab_id=HOLDER_LAB))


def a_testing_request(status, samples=()):
    return SimpleNamespace(status=status, lab_id=ADDRESSED_LAB, created_by_id=AGENT_ID,
                           samples=list(samples))


def test_the_tables_cover_every_status():
    assert set(MATERIAL_TABLE) == set(AWAITED_TABLE) == set(workflow.MATERIAL_STATUSES)
    assert set(TESTING_TABLE) == set(TESTING_WITH_SAMPLES_TABLE) == set(workflow.TESTING_STATUSES)


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize("status", workflow.MATERIAL_STATUSES)
def test_material_actions(status, party):
    expected = MATERIAL_TABLE[status].get(party, [])
    assert workflow.material_actions(PARTIES[party], a_material_request(status)) == expected


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize("status", workflow.MATERIAL_STATUSES)
def test_awaited_material_actions(status, party):
    expected = AWAITED_TABLE[status].get(party, [])
    assert workflow.awaited_material_actions(PARTIES[party], a_material_request(status)) == expected


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize("status", workflow.TESTING_STATUSES)
def test_testing_actions(status, party):
    expected = TESTING_TABLE[status].get(party, [])
    assert workflow.testing_actions(PARTIES[party], a_testing_request(status)) == expected


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize("status", workflow.TESTING_STATUSES)
def test_testing_actions_when_samples_are_listed(status, party):
    expected = TESTING_WITH_SAMPLES_TABLE[status].get(party, [])
    request = a_testing_request(status, samples=[SimpleNamespace(sample_id="S1")])
    assert workflow.testing_actions(PARTIES[party], request) == expected


def test_anonymous_may_take_no_action():
    for status in workflow.MATERIAL_STATUSES:
        assert workflow.material_actions(None, a_material_request(status)) == []
    for status in workflow.TESTING_STATUSES:
        assert workflow.testing_actions(None, a_testing_request(status)) == []


def test_a_manager_of_both_labs_is_awaited_only_as_holder_before_shipping():
    both = SimpleNamespace(id=16, role="lab_manager", lab_ids=[HOLDER_LAB, REQUESTER_LAB])
    assert workflow.material_actions(both, a_material_request("pending")) == \
        ["accept", "decline", "cancel"]
    assert workflow.awaited_material_actions(both, a_material_request("pending")) == \
        ["accept", "decline"]
    assert workflow.awaited_material_actions(both, a_material_request("shipped")) == ["receive"]


def test_every_transition_leads_from_and_to_known_statuses():
    for transitions, statuses in ((workflow.MATERIAL, workflow.MATERIAL_STATUSES),
                                  (workflow.TESTING, workflow.TESTING_STATUSES)):
        for step in transitions.values():
            assert set(step.sources) <= set(statuses) and step.target in statuses
    assert set(workflow.MATERIAL_OPEN) < set(workflow.MATERIAL_STATUSES)
    assert set(workflow.TESTING_OPEN) < set(workflow.TESTING_STATUSES)


# deleting what an open request depends on

@pytest.fixture
def labs(app):
    holder_lab, requester_lab = make_lab("KE"), make_lab("UG")
    holding = make_holding(holder_lab, make_material([make_event()]))
    managers = {"holder": bearer(make_user("lab_manager", labs=[holder_lab])),
                "requester": bearer(make_user("lab_manager", labs=[requester_lab]))}
    return SimpleNamespace(holder_lab=holder_lab.id, requester_lab=requester_lab.id,
                           holding=holding.id, **managers)


def add_material_request(labs, status):
    db.session.add(models.MaterialRequest(requester_lab_id=labs.requester_lab,
                                          holding_id=labs.holding, quantity=1, status=status))
    db.session.commit()


def add_testing_request(lab_id, status):
    db.session.add(models.TestingRequest(lab_id=lab_id, commodity="maize grain", matrix="grain",
                                         events=[], elements=["P-35S"], status=status))
    db.session.commit()


def exists(model, record_id) -> bool:
    db.session.expire_all()
    return db.session.get(model, record_id) is not None


LAB_REFUSED = "This lab still has open requests; answer or close them before removing it."
HOLDING_REFUSED = "Requests for this holding are still open; answer them first."


@pytest.mark.parametrize("status", workflow.MATERIAL_STATUSES)
def test_a_holding_with_an_open_request_cannot_be_deleted_and_one_with_closed_ones_is_archived(
        client, labs, status):
    add_material_request(labs, status)
    response = client.delete(f"/api/v1/holdings/{labs.holding}", headers=labs.holder)
    assert exists(Holding, labs.holding)
    assert db.session.scalar(select(func.count()).select_from(models.MaterialRequest)) == 1
    if status in workflow.MATERIAL_OPEN:
        assert assert_problem(response, 409)["detail"] == HOLDING_REFUSED
        assert db.session.get(Holding, labs.holding).archived_at is None
    else:
        assert response.status_code == 204
        assert db.session.get(Holding, labs.holding).archived_at is not None


def test_a_holding_no_request_names_is_deleted(client, labs):
    assert client.delete(f"/api/v1/holdings/{labs.holding}", headers=labs.holder).status_code == 204
    assert not exists(Holding, labs.holding)


@pytest.mark.parametrize("side", ["holder", "requester"])
@pytest.mark.parametrize("status", workflow.MATERIAL_STATUSES)
def test_a_lab_on_either_side_of_a_material_request_is_archived_not_deleted(client, labs, status,
                                                                            side):
    add_material_request(labs, status)
    lab_id = labs.holder_lab if side == "holder" else labs.requester_lab
    response = client.delete(f"/api/v1/labs/{lab_id}", headers=getattr(labs, side))
    if status in workflow.MATERIAL_OPEN:
        assert assert_problem(response, 409)["detail"] == LAB_REFUSED
        assert db.session.get(Lab, lab_id).archived_at is None
    else:  # the other lab still reads the request: the lab leaves search, its record stays
        assert response.status_code == 204
        assert db.session.get(Lab, lab_id).archived_at is not None
        assert lab_id not in [lab["id"] for lab in client.get("/api/v1/labs").get_json()["items"]]
    assert exists(Lab, lab_id)


@pytest.mark.parametrize("status", workflow.TESTING_STATUSES)
def test_a_lab_sent_an_open_testing_request_cannot_be_deleted(client, labs, status):
    add_testing_request(labs.requester_lab, status)
    response = client.delete(f"/api/v1/labs/{labs.requester_lab}", headers=labs.requester)
    if status in workflow.TESTING_OPEN:
        assert assert_problem(response, 409)["detail"] == LAB_REFUSED
    else:  # the agency still reads its request and the report: archived, not deleted
        assert response.status_code == 204
        assert db.session.get(Lab, labs.requester_lab).archived_at is not None
    assert exists(Lab, labs.requester_lab)
