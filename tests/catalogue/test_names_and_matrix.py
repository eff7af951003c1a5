"""Events named as people name them, the three-state screening matrix, and the second form of
the screening interpretation, through the API."""
from labnet.extensions import db
from tests.helpers import assert_problem, bearer, make_event, make_lab, make_user

MON810 = {"unique_identifier": "MON-ØØ81Ø-6", "name": "MON810", "species": "Zea mays",
          "elements": ["P-35S", "cry1Ab"], "elements_absent": ["T-nos", "T-35S"],
          "aliases": ["YieldGard"],
          "authorisations": [{"jurisdiction": "EU", "scope": ["food", "feed"],
                              "status": "authorised", "decision": "(EU) 2024/1828",
                              "decided_on": "2024-07-02",
                              "source": "https://eur-lex.europa.eu/eli/dec_impl/2024/1828"}]}


def post_event(client, headers, body):
    response = client.post("/api/v1/events", json=body, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_an_event_says_present_absent_and_leaves_the_rest_unknown(client):
    headers = bearer(make_user("admin"))
    given = {k: v for k, v in MON810.items() if k not in ("elements", "elements_absent")}
    body = post_event(client, headers, dict(
        given, cells=[{"element": "P-35S", "state": "present", "source": "gmoseek"},
                      {"element": "tNOS", "state": "absent", "source": "gmoseek"}],
        sources=[{"key": "gmoseek", "title": "GMOseek Table 1",
                  "url": "https://example.org/t1", "licence": "CC BY"}]))
    assert body["species"] == "maize"
    assert body["elements"] == ["P-35S"] and body["elements_absent"] == ["T-nos"]
    assert body["cells"] == [{"element": "P-35S", "state": "present", "source": "gmoseek"},
                             {"element": "T-nos", "state": "absent", "source": "gmoseek"}]
    assert [s["key"] for s in body["sources"]] == ["gmoseek"]
    assert body["aliases"] == ["YieldGard"]
    assert body["authorisations"][0]["status"] == "authorised"
    both = client.patch(f"/api/v1/events/{body['id']}", headers=headers,
                        json={"elements": ["P-35S"], "elements_absent": ["p35s"]})
    assert_problem(both, 422, "elements_absent")
    unknown_source = client.patch(f"/api/v1/events/{body['id']}", headers=headers,
                                  json={"cells": [{"element": "bar", "state": "absent",
                                                   "source": "nowhere"}]})
    assert_problem(unknown_source, 422, "cells")


def test_species_from_the_controlled_list_and_long_uids(client):
    headers = bearer(make_user("admin"))
    long_uid = "X" * 255
    body = post_event(client, headers, {"unique_identifier": long_uid, "name": "Long",
                                        "species": "Glycine max"})
    assert body["species"] == "soybean" and body["unique_identifier"] == long_uid
    assert_problem(client.post("/api/v1/events", headers=headers, json={
        "unique_identifier": "Y" * 256, "name": "Too long", "species": "soybean"}),
        422, "unique_identifier")
    assert_problem(client.post("/api/v1/events", headers=headers, json={
        "unique_identifier": "Z-1", "name": "Odd", "species": "triffid"}), 422, "species")
    assert client.get("/api/v1/events?species=Glycine%20max").get_json()["total"] == 1


def test_events_are_found_by_uid_name_or_alias_with_suggestions_on_a_miss(client):
    headers = bearer(make_user("admin"))
    post_event(client, headers, MON810)
    post_event(client, headers, {"unique_identifier": "MON-ØØ6Ø3-6", "name": "NK603",
                                 "species": "maize", "elements": ["P-35S", "T-nos"]})
    for q in ("yieldgard", "mon 810", "00810", "MON-ØØ81Ø"):
        assert [e["name"] for e in client.get(f"/api/v1/events?q={q}").get_json()["items"]] \
            == ["MON810"], q
    for named in ("MON810", "mon 810", "YieldGard", " mon-00810-6 "):
        body = client.get(f"/api/v1/reference-materials?event={named}")
        assert body.status_code == 200, named
    user_headers = bearer(make_user("lab_manager"))
    miss = client.get("/api/v1/match/materials?event=MON-OO81O-6&lat=0&lon=0",
                      headers=user_headers)
    body = assert_problem(miss, 404)
    assert body["suggestions"][0] == {"unique_identifier": "MON-ØØ81Ø-6", "name": "MON810"}
    found = client.get("/api/v1/match/materials?event=YieldGard&lat=0&lon=0",
                       headers=user_headers)
    assert found.status_code == 200 and found.get_json()["event"]["name"] == "MON810"
    partners = client.get("/api/v1/match/testing-partners?events=NK6O3&lat=0&lon=0",
                          headers=user_headers)
    body = assert_problem(partners, 422, "events")
    assert {"unique_identifier": "MON-ØØ6Ø3-6", "name": "NK603"} in body["suggestions"]
    assert client.get("/api/v1/match/testing-partners?events=nk603,MON810&lat=0&lon=0",
                      headers=user_headers).status_code == 200
    assert_problem(client.get("/api/v1/methods?event=MON999"), 422, "event")


def test_an_alias_another_event_uses_is_a_conflict(client):
    headers = bearer(make_user("admin"))
    post_event(client, headers, MON810)
    clash = client.post("/api/v1/events", headers=headers, json={
        "unique_identifier": "SYN-BTØ11-1", "name": "Bt11", "species": "maize",
        "aliases": ["Yield Gard"]})
    assert_problem(clash, 409, "aliases")


def test_a_stack_is_a_candidate_when_its_components_explain_the_result(client):
    headers = bearer(make_user("admin"))
    post_event(client, headers, MON810)
    post_event(client, headers, {"unique_identifier": "MON-ØØ6Ø3-6", "name": "NK603",
                                 "species": "maize", "elements": ["P-35S", "P-act1", "T-nos"],
                                 "elements_absent": ["T-35S"]})
    stack = post_event(client, headers, {"unique_identifier": "MON-ØØ6Ø3-6 × MON-ØØ81Ø-6",
                                         "name": "NK603 × MON810", "species": "maize",
                                         "components": ["NK603", "MON810"]})
    assert stack["components"] == ["MON-ØØ6Ø3-6", "MON-ØØ81Ø-6"]
    assert client.get("/api/v1/events?q=MON-00603-6 x MON-00810-6").get_json()["total"] == 1
    body = client.post("/api/v1/screening/interpret", json={
        "positive": ["P-35S", "P-act1", "cry1Ab"], "negative": ["T-35S"]}).get_json()
    first = body["candidates"][0]
    assert first["name"] == "NK603 × MON810"
    assert first["matched_elements"] == ["P-35S", "P-act1", "cry1Ab"]
    assert first["components"] == ["MON-ØØ6Ø3-6", "MON-ØØ81Ø-6"]


def test_screening_reads_methods_and_controls_and_warns_in_sentences(client):
    make_event(uid="AAA-1", name="Known", elements=["P-35S", "T-nos"])
    silent = make_event(uid="BBB-1", name="Silent", elements=["P-FMV"])
    db.session.commit()
    body = client.post("/api/v1/screening/interpret", json={
        "positive": ["P-35S", "pFMV", "T-E9"], "negative": ["T-nos"]}).get_json()
    assert [c["name"] for c in body["candidates"]] == ["Silent"]
    assert body["candidates"][0]["unknown_elements"] == ["P-35S", "T-E9", "T-nos"]
    assert body["unexplained_positives"] == ["P-35S", "T-E9"]
    warnings = " ".join(body["warnings"])
    assert "P-35S is positive without a negative CaMV control" in warnings
    assert "P-FMV is positive without a negative FMV control" in warnings
    assert "the record of Silent (BBB-1) does not say whether it carries T-E9" in warnings
    with_controls = client.post("/api/v1/screening/interpret", json={
        "positive": ["P-35S", "CaMV"], "negative": ["fmv", "taxon"]}).get_json()
    assert with_controls["valid"] is False
    assert any("test is invalid" in w for w in with_controls["warnings"])
    assert any("The CaMV control is positive" in w for w in with_controls["warnings"])
    assert with_controls["controls"] == {"CaMV": "positive", "FMV": "negative",
                                         "taxon": "negative"}
    assert silent.id


def test_an_assay_stands_for_the_element_it_targets(client):
    make_event(uid="AAA-1", name="Known", elements=["P-35S"])
    headers = bearer(make_user("admin"))
    client.post("/api/v1/methods", headers=headers, json={
        "code": "QL-ELE-00-012", "name": "P-35S screening", "technique": "qpcr",
        "specificity": "element", "elements": ["P-35S"], "validation_status": "interlaboratory"})
    client.post("/api/v1/methods", headers=headers, json={
        "code": "QT-TAX-ZM-008", "name": "maize hmg", "technique": "qpcr",
        "specificity": "taxon", "taxon": "Zea mays", "validation_status": "interlaboratory"})
    db.session.commit()
    body = client.post("/api/v1/screening/interpret", json={
        "positive": ["ql-ele-00-012", "QT-TAX-ZM-008"]}).get_json()
    assert body["read_as"][0] == {"method": "QL-ELE-00-012", "elements": ["P-35S"]}
    assert body["controls"] == {"taxon": "positive"}
    assert [c["name"] for c in body["candidates"]] == ["Known"]
    assert_problem(client.post("/api/v1/screening/interpret", json={"positive": ["QL-XXX"]}),
                   422, "positive")


def test_authorisation_by_country(client):
    headers = bearer(make_user("admin"))
    post_event(client, headers, MON810)
    post_event(client, headers, {"unique_identifier": "SYN-BTØ11-1", "name": "Bt11",
                                 "species": "maize", "elements": ["P-35S"],
                                 "authorisations": [
                                     {"jurisdiction": "KE", "status": "refused",
                                      "scope": ["cultivation"]},
                                     {"jurisdiction": "EU", "status": "authorised",
                                      "valid_until": "2020-01-01"}]})
    make_lab("KE")
    db.session.commit()

    def status(country):
        body = client.post("/api/v1/screening/interpret",
                           json={"positive": ["P-35S"], "country": country}).get_json()
        return {c["name"]: c["authorisation"] for c in body["candidates"]}
    assert status("FR") == {"MON810": "authorised", "Bt11": "expired"}
    assert status("KE") == {"MON810": "no_record", "Bt11": "refused"}
    assert status("US") == {"MON810": "no_record", "Bt11": "no_record"}
    assert_problem(client.post("/api/v1/screening/interpret",
                               json={"positive": ["P-35S"], "country": "QQ"}), 422, "country")
    bad = client.patch("/api/v1/events/1", headers=headers,
                       json={"authorisations": [{"jurisdiction": "QQ", "status": "authorised"}]})
    assert bad.status_code in (404, 422)
