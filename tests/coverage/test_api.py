import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labnet.coverage.services import coverage, status_of
from labnet.database import today
from labnet.extensions import db
from tests.helpers import (
    assert_problem,
    bearer,
    clean_database,
    make_capability,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_network,
    make_user,
)


def test_coverage_of_a_region_by_event_with_countries_without_labs(client):
    covered, method_only, material_only, gap = (make_event(uid=f"E-{i}") for i in range(4))
    ke, ug = make_lab("KE"), make_lab("UG")
    make_lab("PE")
    make_capability(ke, make_method(events=[covered]))
    make_capability(ug, make_method(events=[method_only]))
    make_capability(ke, make_method(events=[gap], validation="not_validated"))
    make_holding(ug, make_material([covered]))
    make_holding(ke, make_material([material_only]))
    make_holding(ke, make_material([gap]), quantity=0)
    db.session.commit()
    headers = bearer(make_user("coordinator"))
    body = client.get("/api/v1/coverage?region=014", headers=headers).get_json()
    statuses = {e["unique_identifier"]: e["status"] for e in body["events"]}
    assert statuses == {"E-0": "covered", "E-1": "method_only", "E-2": "material_only", "E-3": "gap"}
    assert body["summary"] == {"covered": 1, "method_only": 1, "material_only": 1, "gap": 1}
    countries = {c["code"]: c["labs"] for c in body["countries"]}
    assert countries["KE"] == 1 and countries["UG"] == 1 and countries["TZ"] == 0
    assert "PE" not in countries
    csv_text = client.get("/api/v1/coverage.csv?region=002", headers=headers).get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("\ufeffunique_identifier,name,status")  # BOM for spreadsheets
    assert "E-0,E-0,covered,1,1" in csv_text
    assert_problem(client.get("/api/v1/coverage?region=014"), 401)
    assert_problem(client.get("/api/v1/coverage", headers=headers), 422, "region")
    assert_problem(client.get("/api/v1/coverage?region=999", headers=headers), 404)
    unknown = client.get("/api/v1/coverage?region=014&events=E-0,NOPE-1", headers=headers)
    assert_problem(unknown, 422, "events")
    assert unknown.get_json()["errors"]["events"] == ["Unknown event: NOPE-1"]
    named = client.get("/api/v1/coverage?region=014&events=e-1,E-0", headers=headers).get_json()
    assert [e["unique_identifier"] for e in named["events"]] == ["E-0", "E-1"]


def brute_force(event, labs):
    on = today()
    with_method = {lab.id for lab in labs for c in lab.capabilities
                   if c.method.specificity == "event" and c.method.validated
                   and event in c.method.events}
    from sqlalchemy import select

    from labnet.holdings.models import Holding

    with_material = {h.lab_id for h in db.session.scalars(select(Holding))
                     if h.lab_id in {lab.id for lab in labs} and h.quantity > 0
                     and (h.expiry_date is None or h.expiry_date >= on)
                     and event in h.reference_material.events}
    return status_of(len(with_method), len(with_material)), len(with_method), len(with_material)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(labs=st.lists(st.tuples(st.sampled_from(["KE", "UG", "PE"]), st.booleans()),
                     min_size=1, max_size=5),
       caps=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2), st.booleans()), max_size=8),
       holdings=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(0, 2),
                                   st.booleans()), max_size=8))
def test_coverage_statuses_agree_with_brute_force(app, labs, caps, holdings):
    clean_database()
    events = [make_event() for _ in range(3)]
    network = make_network()
    made = [make_lab(c, networks=[network] if member else []) for c, member in labs]
    methods = [make_method(events=[e]) for e in events] + \
              [make_method(events=[e], validation="not_validated") for e in events]
    seen = set()
    for lab_index, event_index, validated in caps:
        key = (lab_index % len(made), event_index, validated)
        if key not in seen:
            seen.add(key)
            make_capability(made[key[0]], methods[event_index + (0 if validated else 3)])
    for lab_index, event_index, stock, expired in holdings:
        make_holding(made[lab_index % len(made)], make_material([events[event_index]]),
                     quantity=stock,
                     expiry=today() - dt.timedelta(days=1) if expired else None)
    db.session.commit()
    actor = make_user("admin")
    for scope, labs_in_scope in (
            ({"region": "014"}, [lab for lab in made if lab.country_code in ("KE", "UG")]),
            ({"network": network.id}, [lab for lab in made if network in lab.networks])):
        result = coverage(actor, **scope)
        for row, event in zip(result["events"], sorted(events, key=lambda e: e.unique_identifier),
                              strict=True):
            assert (row["status"], row["labs_with_method"], row["labs_with_material"]) == \
                brute_force(event, labs_in_scope)
    db.session.rollback()
