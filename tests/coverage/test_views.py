import csv
import datetime as dt
import io

import pytest

from labnet.coverage import dashboard
from labnet.coverage.services import coverage
from labnet.database import today, utcnow
from labnet.errors import Unauthorized
from labnet.extensions import db
from tests.helpers import (
    csrf_token,
    login,
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


def test_dashboard_tables_and_exports(client):
    network = make_network(name="East")
    ev = make_event(uid="MON-ØØ81Ø-6")
    lab = make_lab("KE", name="Only Lab", networks=[network])
    make_capability(lab, make_method(events=[ev]))
    make_accreditation(lab, valid_until=today() + dt.timedelta(days=20))
    make_holding(lab, make_material([ev]), quantity=0, lot="EMPTY-1")
    coordinator = make_user("coordinator", networks=[network])
    db.session.commit()
    login(client, coordinator)
    page = client.get("/coverage").get_data(as_text=True)
    assert "Coverage: East" in page and "EMPTY-1" in page and "out of stock" in page
    assert "expiring" in page
    spof = client.get(f"/coverage/export/single_points_of_failure.json?network={network.id}").get_json()
    assert [e["unique_identifier"] for e in spof] == ["MON-ØØ81Ø-6"]
    csv_text = client.get(f"/coverage/export/holdings.csv?network={network.id}").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("\ufefflab_id,lab,holding_id,lot") and "EMPTY-1" in csv_text
    geo = client.get(f"/coverage/labs.geojson?network={network.id}")
    assert geo.mimetype == "application/geo+json"
    feature = geo.get_json()["features"][0]
    assert feature["properties"]["name"] == "Only Lab"
    assert feature["geometry"]["coordinates"] == [lab.longitude, lab.latitude]
    by_region = client.get("/coverage/export/countries_without_labs.json?region=014").get_json()
    assert "TZ" in {c["code"] for c in by_region} and "KE" not in {c["code"] for c in by_region}
    assert client.get("/coverage/export/nope.csv").status_code == 404
    assert client.get("/coverage?region=99x").status_code == 404


def test_dashboard_needs_a_login(client):
    assert client.get("/coverage").status_code == 302


def test_coverage_and_its_tables_refuse_a_visitor_in_the_service(app):
    network = make_network(name="East")
    db.session.commit()
    with pytest.raises(Unauthorized):
        coverage(None, network=network.id)
    with pytest.raises(Unauthorized):
        dashboard.tables(None, {"events": [], "countries": []}, network=network.id)
    with pytest.raises(Unauthorized):
        dashboard.labs_geojson(None, network=network.id)
    member = make_user("lab_manager")
    assert dashboard.labs_geojson(member, network=network.id)["features"] == []


def test_exports_are_safe_to_open_and_named_for_what_whose_and_when(client):
    network = make_network(name="SANGL Network")
    lab = make_lab("KE", name='=HYPERLINK("http://evil.example","Open me")', networks=[network])
    make_holding(lab, make_material([make_event()]), quantity=0, lot="@SUM(A1:A9)")
    coordinator = make_user("coordinator", networks=[network])
    db.session.commit()
    login(client, coordinator)
    response = client.get(f"/coverage/export/holdings.csv?network={network.id}")
    disposition = response.headers["Content-Disposition"]
    assert disposition == (f'attachment; filename="labnet-coverage-holdings-sangl-network-'
                           f'{today().isoformat()}.csv"')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0]["lab"] == "'=HYPERLINK(\"http://evil.example\",\"Open me\")"
    assert rows[0]["lot"] == "'@SUM(A1:A9)"
    empty = client.get(f"/coverage/export/stale_requests.csv?network={network.id}")
    assert empty.get_data(as_text=True) == "\ufeffkind,id,status,created_at\r\n"


def test_stale_requests_are_counted_for_all_and_listed_only_for_their_parties(client):
    from labnet.requests.models import MaterialRequest

    network = make_network(name="East")
    holder_lab = make_lab("KE", networks=[network])
    requester_lab = make_lab("UG", networks=[network])
    holding = make_holding(holder_lab, make_material([make_event()]))
    old = MaterialRequest(requester_lab_id=requester_lab.id, holding_id=holding.id, quantity=1,
                          status="pending", created_at=utcnow() - dt.timedelta(days=45))
    db.session.add(old)
    coordinator = make_user("coordinator", networks=[network])
    holder = make_user("lab_manager", labs=[holder_lab])
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"/coverage?network={network.id}").get_data(as_text=True)
    assert "1 material and 0 testing requests" in page and f"request #{old.id}" not in page
    rows = client.get(f"/coverage/export/stale_requests.json?network={network.id}").get_json()
    assert rows == []
    client.post("/logout", data={"csrf_token": csrf_token(client, "/coverage")})
    login(client, holder)
    page = client.get(f"/coverage?network={network.id}").get_data(as_text=True)
    assert f"request #{old.id}" in page


def test_territories_nobody_lives_in_are_not_listed_as_countries_without_a_lab(client):
    make_lab("KE")
    login(client, make_user("coordinator"))
    eastern = {c["code"] for c in client.get(
        "/coverage/export/countries_without_labs.json?region=014").get_json()}
    assert "TF" not in eastern and "IO" in eastern  # French Southern Territories; Chagos has people
    americas = {c["code"] for c in client.get(
        "/coverage/export/countries_without_labs.json?region=005").get_json()}
    assert "GS" not in americas and "BV" not in americas and "FK" in americas
