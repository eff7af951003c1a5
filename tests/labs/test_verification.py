"""Verification: who verifies, what it records, when it is void, and what "accredited" then
means on pages, in the directory filter and in the CSV export."""
import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from labnet.extensions import db
from labnet.labs.csv_io import all_labs, export_labs
from labnet.labs.models import Accreditation, Lab
from tests.helpers import (
    assert_problem,
    bearer,
    login,
    make_accreditation,
    make_lab,
    make_method,
    make_network,
    make_user,
)


@pytest.fixture
def world(app):
    network = make_network()
    lab = make_lab(name="Kisumu", networks=[network])
    manager = make_user("lab_manager", labs=[lab])
    coordinator = make_user("coordinator", networks=[network])
    accreditation = make_accreditation(lab)
    db.session.commit()
    return lab, manager, coordinator, accreditation


def stored(accreditation_id):
    db.session.expire_all()
    a = db.session.get(Accreditation, accreditation_id)
    return a.verified, a.verified_by_id, a.verified_at, a.version


def test_verification_records_who_and_when_read_only(client, world):
    lab, manager, coordinator, accreditation = world
    url = f"/api/v1/accreditations/{accreditation.id}"
    before = client.get(url).get_json()
    assert before["verified"] is False and before["verified_by"] is None
    assert before["verified_at"] is None
    body = client.patch(url, json={"verified": True}, headers=bearer(coordinator)).get_json()
    assert body["verified"] is True and body["verified_by"] == coordinator.id
    assert body["verified_at"] and body["last_verified_on"]
    lab_read = client.get(f"/api/v1/labs/{lab.id}").get_json()
    assert lab_read["accredited"] is True and lab_read["accreditation_verified"] is True
    # read-only: a client cannot name the verifier or the time
    after = stored(accreditation.id)
    for field, value in (("verified_by", manager.id), ("verified_at", "2020-01-01T00:00:00Z")):
        assert_problem(client.patch(url, json={field: value}, headers=bearer(manager)), 422, field)
    assert stored(accreditation.id) == after


@pytest.mark.parametrize("change", [
    {"certificate_number": "NEW-1"}, {"body": "SANAS"}, {"valid_until": "2099-01-01"},
    {"status": "suspended"}, "scope",
])
def test_any_change_to_the_record_voids_the_verification(client, world, change):
    lab, manager, coordinator, accreditation = world
    url = f"/api/v1/accreditations/{accreditation.id}"
    client.patch(url, json={"verified": True}, headers=bearer(coordinator))
    if change == "scope":
        change = {"scope_method_ids": [make_method().id]}
    body = client.patch(url, json=change, headers=bearer(manager)).get_json()
    assert body["verified"] is False and body["verified_by"] is None
    assert body["verified_at"] is None
    assert client.get(f"/api/v1/labs/{lab.id}").get_json()["accreditation_verified"] is False


def test_saving_the_same_values_keeps_the_verification(client, world):
    _, manager, coordinator, accreditation = world
    url = f"/api/v1/accreditations/{accreditation.id}"
    client.patch(url, json={"verified": True}, headers=bearer(coordinator))
    body = client.patch(url, json={"body": accreditation.body}, headers=bearer(manager)).get_json()
    assert body["verified"] is True and body["verified_by"] == coordinator.id


@pytest.mark.parametrize("who, message", [
    ("manager", "Only a coordinator of a network the lab is a member of"),
    ("other coordinator", "Only a coordinator of a network the lab is a member of"),
    ("border agent", "Only a coordinator of a network the lab is a member of"),
])
def test_only_a_coordinator_of_the_labs_network_or_an_admin_verifies(client, world, who,
                                                                        message):
    _, manager, _, accreditation = world
    users = {"manager": manager, "border agent": make_user("border_agent"),
             "other coordinator": make_user("coordinator", networks=[make_network()])}
    db.session.commit()
    before = stored(accreditation.id)
    body = assert_problem(client.patch(f"/api/v1/accreditations/{accreditation.id}",
                                       json={"verified": True}, headers=bearer(users[who])), 403)
    assert message in body["detail"]
    assert stored(accreditation.id) == before


def test_a_coordinator_cannot_edit_what_they_verify(client, world):
    _, _, coordinator, accreditation = world
    before = stored(accreditation.id)
    body = assert_problem(client.patch(f"/api/v1/accreditations/{accreditation.id}",
                                       json={"verified": True, "body": "X"},
                                       headers=bearer(coordinator)), 403)
    assert "may only verify" in body["detail"]
    assert stored(accreditation.id) == before


def test_pages_and_export_call_only_a_verified_accreditation_accredited(client, world):
    lab, manager, coordinator, accreditation = world
    login(client, manager)
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "self-declared" in page
    assert "self-declared" in client.get("/labs").get_data(as_text=True)
    assert "self-declared" in client.get("/my/labs").get_data(as_text=True)
    assert "Kisumu" not in client.get("/labs?accredited=true").get_data(as_text=True)
    out = io.StringIO()
    export_labs(out, all_labs())
    row = next(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert row["accredited"] == "false"

    client.patch(f"/api/v1/accreditations/{accreditation.id}", json={"verified": True},
                 headers=bearer(coordinator))
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "self-declared" not in page and "verified" in page
    assert "Kisumu" in client.get("/labs?accredited=true").get_data(as_text=True)
    out = io.StringIO()
    export_labs(out, all_labs())
    row = next(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert row["accredited"] == "true"


def test_verified_current_is_one_definition_in_python_and_sql(app):
    admin = make_user("admin")
    cases = {
        "verified current": dict(verified_by=admin),
        "self-declared": dict(),
        "verified but expired": dict(verified_by=admin, valid_from=dt.date(2010, 1, 1),
                                     valid_until=dt.date(2011, 1, 1)),
        "verified but suspended": dict(verified_by=admin, status="suspended"),
    }
    labs = {name: make_lab(name=name) for name in cases}
    for name, fields in cases.items():
        make_accreditation(labs[name], **fields)
    db.session.commit()
    in_sql = set(db.session.scalars(select(Lab.name).where(Lab.accreditation_verified)))
    db.session.expire_all()
    in_python = {lab.name for lab in db.session.scalars(select(Lab)) if lab.accreditation_verified}
    assert in_sql == in_python == {"verified current"}
