"""ETag and If-Match on every editable record: a change made from a stale version is 412
and changes nothing; clients that send no If-Match keep working."""
import datetime as dt

import pytest

from labnet.extensions import db
from tests.helpers import (
    assert_problem, bearer, make_accreditation, make_capability, make_event, make_holding,
    make_lab, make_material, make_method, make_network, make_user,
)


def _records():
    """(url, a harmless change) of one record of each editable kind, and the admin's token."""
    lab = make_lab("KE", name="Versioned Lab")
    event = make_event()
    method = make_method(events=[event])
    material = make_material(events=[event])
    network = make_network("Versioned Network")
    offer_lab = make_lab("TZ")
    db.session.flush()
    from labnet.training.models import TrainingOffer

    start = dt.date.today() + dt.timedelta(days=30)
    offer = TrainingOffer(lab_id=offer_lab.id, title="qPCR", topics=["qpcr"], audience=["laboratory"],
                          modality="online", languages=["en"], start_date=start, end_date=start,
                          seats_total=5, seats_remaining=5)
    db.session.add(offer)
    records = {
        "lab": (f"/api/v1/labs/{lab.id}", {"turnaround_days": 4}),
        "accreditation": (f"/api/v1/accreditations/{make_accreditation(lab).id}", {"body": "Another accreditation body"}),
        "capability": (f"/api/v1/capabilities/{make_capability(lab, method).id}", {"lod": "0.1 %"}),
        "holding": (f"/api/v1/holdings/{make_holding(lab, material).id}", {"unit": "box of ten vials"}),
        "network": (f"/api/v1/networks/{network.id}", {"acronym": "VN"}),
        "event": (f"/api/v1/events/{event.id}", {"name": "Renamed"}),
        "method": (f"/api/v1/methods/{method.id}", {"name": "Renamed"}),
        "reference material": (f"/api/v1/reference-materials/{material.id}", {"producer": "AOCS"}),
    }
    db.session.flush()
    records["training offer"] = (f"/api/v1/training-offers/{offer.id}", {"title": "qPCR basics"})
    return records, bearer(make_user("admin"))


KINDS = ["lab", "accreditation", "capability", "holding", "network", "event", "method",
         "reference material", "training offer"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_change_from_a_stale_version_is_412_and_changes_nothing(client, kind):
    records, headers = _records()
    url, change = records[kind]
    first = client.get(url, headers=headers)
    assert first.status_code == 200
    read_version = first.headers["ETag"]
    assert read_version == '"1"'

    changed = client.patch(url, json=change, headers=dict(headers, **{"If-Match": read_version}))
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.headers["ETag"] == '"2"'
    assert client.get(url, headers=headers).headers["ETag"] == '"2"'

    before = client.get(url, headers=headers).get_json()
    stale = dict(headers, **{"If-Match": read_version})
    body = assert_problem(client.patch(url, json=change, headers=stale), 412)
    assert "changed by someone else" in body["detail"]
    if kind != "network":  # networks are not deleted
        assert_problem(client.delete(url, headers=stale), 412)
    assert client.get(url, headers=headers).get_json() == before


@pytest.mark.parametrize("if_match", ['"nonsense"', 'W/"abc"', '"99999999999"'])
def test_an_if_match_that_names_no_version_matches_nothing(client, if_match):
    records, headers = _records()
    url, change = records["lab"]
    assert_problem(client.patch(url, json=change, headers=dict(headers, **{"If-Match": if_match})), 412)


def test_without_if_match_or_with_star_a_change_applies(client):
    records, headers = _records()
    url, _ = records["lab"]
    assert client.patch(url, json={"turnaround_days": 11}, headers=headers).status_code == 200
    star = dict(headers, **{"If-Match": "*"})
    assert client.patch(url, json={"turnaround_days": 12}, headers=star).status_code == 200
    assert client.get(url, headers=headers).headers["ETag"] == '"3"'
