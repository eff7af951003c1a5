import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from labnet.database import today
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Lab
from labnet.matching.materials import match_materials
from tests.helpers import (
    assert_problem,
    bearer,
    clean_database,
    geopy_km,
    login,
    make_accreditation,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_network,
    make_user,
)


def test_ranking_network_then_subregion_then_distance(client):
    event = make_event(uid="MON-ØØ81Ø-6", elements=["T-nos", "P-35S", "cry1Ab"])
    event.traits = ["insect resistance"]
    material = make_material([event])
    network = make_network()
    requester = make_lab("KE", name="Requester", lat=-1.28, lon=36.82, networks=[network])
    far_partner = make_lab("ZA", name="Network partner", lat=-25.7, lon=28.2, networks=[network])
    neighbour = make_lab("UG", name="Neighbour", lat=0.35, lon=32.6)
    near_outsider = make_lab("ET", name="Addis", lat=9.0, lon=38.7)
    lima = make_lab("PE", name="Lima", lat=-12.0, lon=-77.0)
    make_holding(requester, material)           # own holding never matches
    h_lima = make_holding(lima, material)
    h_partner = make_holding(far_partner, material, expiry=today() + dt.timedelta(days=30))
    h_neighbour = make_holding(neighbour, material)
    h_addis = make_holding(near_outsider, material)
    make_holding(lima, material, quantity=0)     # out of stock
    make_holding(lima, material, expiry=today() - dt.timedelta(days=1))  # expired
    make_holding(lima, material, shareable=False)
    user = make_user("lab_manager", labs=[requester])
    db.session.commit()
    response = client.get(f"/api/v1/match/materials?event=mon-00810-6&requester_lab={requester.id}",
                          headers=bearer(user))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["event"]["unique_identifier"] == "MON-ØØ81Ø-6"
    assert body["event"]["elements"] == ["P-35S", "T-nos", "cry1Ab"]
    assert body["event"]["traits"] == ["insect resistance"]
    ids = [m["holding_id"] for m in body["matches"]]
    # Kenya, Uganda and Ethiopia are all Eastern Africa (014); South Africa is Southern Africa
    assert ids == [h_partner.id, h_neighbour.id, h_addis.id, h_lima.id] and body["total"] == 4
    first = body["matches"][0]
    assert first["same_network"] and not first["same_subregion"]
    assert body["matches"][1]["same_subregion"]
    assert f"shares the network {network.name}" in first["reasons"]  # it has no acronym
    assert body["matches"][0]["expiry_date"] == h_partner.expiry_date.isoformat()
    expected_km = geopy_km((-1.28, 36.82), (0.35, 32.6))
    assert body["matches"][1]["distance_km"] == expected_km


def test_filters_certified_accredited_validated_and_quantity(client):
    event = make_event()
    certified, in_house = make_material([event]), make_material([event], kind="in_house")
    method = make_method(events=[event])
    a, b = make_lab("KE"), make_lab("UG")
    make_accreditation(a, verified_by=make_user("admin"))
    make_accreditation(b)  # self-declared: not "accredited" for a filter
    h_a = make_holding(a, certified, quantity=2, methods=[method])
    h_b = make_holding(b, in_house, quantity=10)
    user = make_user("border_agent")
    db.session.commit()
    headers = bearer(user)

    def ids(extra):
        url = f"/api/v1/match/materials?event={event.unique_identifier}&lat=0&lon=35&{extra}"
        return [m["holding_id"] for m in client.get(url, headers=headers).get_json()["matches"]]

    assert sorted(ids("")) == sorted([h_a.id, h_b.id])
    assert ids("certified_only=true") == [h_a.id]
    assert ids("accredited_only=1") == [h_a.id]
    assert ids("verified_only=true") == [h_a.id]
    assert ids("validated_only=TRUE") == [h_a.id]
    assert ids("quantity=5") == [h_b.id]


def test_match_refusals(client):
    make_event(uid="AAA-00001-1")
    db.session.commit()
    assert_problem(client.get("/api/v1/match/materials?event=AAA-00001-1&lat=0&lon=0"), 401)
    headers = bearer(make_user())
    assert_problem(client.get("/api/v1/match/materials?event=AAA-00001-1", headers=headers),
                   422, "requester_lab")
    assert_problem(client.get("/api/v1/match/materials?event=NOPE&lat=0&lon=0", headers=headers), 404)
    assert_problem(client.get("/api/v1/match/materials?event=AAA-00001-1&lat=0&lon=0&limit=101",
                              headers=headers), 422, "limit")
    # an event nobody holds: a lab that does not exist is still refused, a real one gets none
    assert_problem(client.get("/api/v1/match/materials?event=AAA-00001-1&requester_lab=999999",
                              headers=headers), 404)
    lab = make_lab("KE")
    db.session.commit()
    empty = client.get(f"/api/v1/match/materials?event=AAA-00001-1&requester_lab={lab.id}",
                       headers=headers)
    assert empty.status_code == 200 and empty.get_json()["total"] == 0


def brute_force(event, requester, quantity):
    """The rule of the contract, written out naively over every holding."""
    on = today()
    req_networks = {n.id for n in requester.networks}
    found = []
    for holding in db.session.scalars(select(Holding)):
        material_events = {e.id for e in holding.reference_material.events}
        if (event.id in material_events and holding.shareable and holding.quantity >= quantity
                and (holding.expiry_date is None or holding.expiry_date >= on)
                and holding.lab_id != requester.id):
            lab = holding.lab
            same_network = bool(req_networks & {n.id for n in lab.networks})
            same_sub = lab.country.subregion_code == requester.country.subregion_code
            distance = geopy_km((requester.latitude, requester.longitude),
                                (lab.latitude, lab.longitude))
            found.append(((not same_network, not same_sub, distance is None, distance or 0.0,
                           holding.id), holding.id))
    return [h for _, h in sorted(found)]


countries = st.sampled_from(["KE", "UG", "ZA", "PE", "IN", "BR"])
lab_spec = st.tuples(countries, st.floats(-60, 60), st.floats(-170, 170), st.booleans())
holding_spec = st.tuples(st.integers(0, 5), st.integers(0, 1), st.integers(0, 4),
                         st.sampled_from([None, -5, 30]), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(labs=st.lists(lab_spec, min_size=2, max_size=6),
       holdings=st.lists(holding_spec, max_size=12), quantity=st.integers(1, 3),
       limit=st.sampled_from([1, 3, 100]))
def test_material_matching_agrees_with_brute_force(app, labs, holdings, quantity, limit):
    clean_database()
    event, other = make_event(), make_event()
    materials = [make_material([event]), make_material([other])]
    network = make_network()
    made = [make_lab(c, lat=lat, lon=lon, networks=[network] if member else [])
            for c, lat, lon, member in labs]
    for lab_index, material_index, stock, expiry, shareable in holdings:
        make_holding(made[lab_index % len(made)], materials[material_index], quantity=stock,
                     expiry=None if expiry is None else today() + dt.timedelta(days=expiry),
                     shareable=shareable)
    db.session.commit()
    requester = db.session.get(Lab, made[0].id)
    actor = make_user("admin")
    result = match_materials(actor, event.unique_identifier, quantity=quantity,
                             requester_lab=requester.id, limit=limit)
    expected = brute_force(event, requester, quantity)
    # only the first `limit` get exact distances, yet they are exactly the brute force's first
    assert [m["holding_id"] for m in result["matches"]] == expected[:limit]
    assert result["total"] == len(expected)
    db.session.rollback()


def test_an_archived_lot_leaves_matching_coverage_and_the_lab_page(client):
    from labnet.database import utcnow

    event = make_event()
    network = make_network("Archive Net")
    lab = make_lab("KE", networks=[network])
    kept = make_holding(lab, make_material([event]), quantity=3)
    archived = make_holding(lab, make_material([event]), quantity=3, lot="OLD-LOT")
    archived.archived_at = utcnow()
    user = make_user("coordinator", networks=[network])
    db.session.commit()
    headers = bearer(user)
    url = f"/api/v1/match/materials?event={event.unique_identifier}&lat=0&lon=35"
    assert [m["holding_id"] for m in client.get(url, headers=headers).get_json()["matches"]] == [kept.id]
    kept_id = kept.id
    db.session.delete(db.session.get(type(kept), kept_id))
    db.session.commit()
    coverage = client.get(f"/api/v1/coverage?network={network.id}", headers=headers).get_json()
    row = next(e for e in coverage["events"] if e["unique_identifier"] == event.unique_identifier)
    assert row["labs_with_material"] == 0
    login(client, user)
    assert "OLD-LOT" not in client.get(f"/labs/{lab.id}").get_data(as_text=True)
