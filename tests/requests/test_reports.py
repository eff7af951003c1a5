"""Testing reports: every requested target accounted for exactly once, amendments kept as
versions both sides read, and an inbox that never says "nothing" about untested targets."""
import pytest
from sqlalchemy import func, select

from labnet.errors import Invalid
from labnet.extensions import db
from labnet.requests import models, reports
from tests.helpers import assert_problem, bearer, csrf_token, login, make_event, make_lab, make_user

MON810 = "MON-ØØ81Ø-6"


@pytest.fixture
def accepted(app, client):
    """A testing request for MON810, P-35S and T-nos, accepted by its lab."""
    make_event(uid=MON810, name="MON810")
    lab = make_lab("KE")
    manager, agent = make_user("lab_manager", labs=[lab]), make_user("border_agent")
    parties = {"manager": bearer(manager), "agent": bearer(agent), "lab": lab,
               "manager_user": manager, "agent_user": agent,
               "other": bearer(make_user("lab_manager", labs=[make_lab("UG")]))}
    created = client.post("/api/v1/testing-requests", headers=parties["agent"], json={
        "lab_id": lab.id, "commodity": "maize grain", "matrix": "grain",
        "events": ["mon-00810-6"], "elements": ["P-35S", "T-nos"]})
    url = f"/api/v1/testing-requests/{created.get_json()['id']}"
    assert client.post(f"{url}/accept", headers=parties["manager"]).status_code == 200
    return dict(parties, url=url, id=created.get_json()["id"])


FULL = {"report_reference": "KE-2026-17", "detected": ["P-35S"], "not_detected": ["mon-00810-6"],
        "not_tested": [{"target": "T-nos", "reason": "No validated T-nos assay for this matrix."}]}


def versions_of(request_id):
    return db.session.scalar(select(func.count()).select_from(models.TestingReport)
                             .where(models.TestingReport.request_id == request_id))


@pytest.mark.parametrize("body, field, words", [
    (dict(FULL, not_tested=[]), "not_tested", "missing: T-nos"),
    (dict(FULL, not_detected=["mon-00810-6", "P-35S"]), "not_detected", "more than once: P-35S"),
    (dict(FULL, detected=["P-35S", "35S"]), "detected", "more than once: P-35S"),
    (dict(FULL, detected=["P-35S", "bar"]), "detected", "bar was not requested"),
    (dict(FULL, not_tested=[{"target": "T-nos"}]), "not_tested", None),
    (dict(FULL, not_tested=[{"target": "T-nos", "reason": "  "}]), "not_tested", None),
    (dict(FULL, detected=["unobtainium"]), "detected", "Unknown event or element"),
])
def test_a_report_that_does_not_account_for_each_target_once_is_422(client, accepted, body,
                                                                    field, words):
    problem = assert_problem(client.post(f"{accepted['url']}/report", json=body,
                                         headers=accepted["manager"]), 422, field)
    if words:
        assert words in problem["detail"]
    db.session.expire_all()
    request = db.session.get(models.TestingRequest, accepted["id"])
    assert request.status == "accepted" and request.detected == [] and versions_of(request.id) == 0


def test_report_and_amendment_keep_every_version_readable_by_both_sides(client, accepted):
    url = accepted["url"]
    reported = client.post(f"{url}/report", json=FULL, headers=accepted["manager"]).get_json()
    assert reported["status"] == "reported"
    assert reported["not_tested"] == FULL["not_tested"]
    assert [v["number"] for v in reported["versions"]] == [1]
    amended_body = {"report_reference": "KE-2026-17a", "detected": ["P-35S", "T-nos"],
                    "not_detected": [MON810], "note": "T-nos tested by the partner lab."}
    amended = client.post(f"{url}/amend", json=amended_body, headers=accepted["manager"])
    assert amended.status_code == 200, amended.get_json()
    seen = client.get(url, headers=accepted["agent"]).get_json()
    assert seen["detected"] == ["P-35S", "T-nos"] and seen["not_tested"] == []
    assert seen["report_reference"] == "KE-2026-17a"
    first, second = seen["versions"]
    assert (first["number"], second["number"]) == (1, 2)
    assert first["not_tested"] == FULL["not_tested"] and first["report_reference"] == "KE-2026-17"
    assert first["detected"] == ["P-35S"] and first["not_detected"] == [MON810]
    assert first["actor_id"] == accepted["manager_user"].id and first["at"]
    assert second["note"] == "T-nos tested by the partner lab."
    assert client.get(url, headers=accepted["manager"]).get_json()["versions"] == seen["versions"]
    assert "report amended: version 2" in seen["history"][-1]["note"]


def test_amendment_refusals_change_nothing(client, accepted):
    url = accepted["url"]
    assert_problem(client.post(f"{url}/amend", json=FULL, headers=accepted["manager"]), 409)
    client.post(f"{url}/report", json=FULL, headers=accepted["manager"])
    assert_problem(client.post(f"{url}/amend", json=FULL, headers=accepted["agent"]), 403)
    assert_problem(client.post(f"{url}/amend", json=FULL, headers=accepted["other"]), 404)
    assert_problem(client.post(f"{url}/amend", json=FULL), 401)
    assert_problem(client.post(f"{url}/amend", json=dict(FULL, not_tested=[]),
                               headers=accepted["manager"]), 422, "not_tested")
    assert_problem(client.post(f"{url}/amend", json={}, headers=accepted["manager"]), 422,
                   "report_reference")
    assert_problem(client.post(f"{url}/report", json=FULL, headers=accepted["manager"]), 409)
    db.session.expire_all()
    assert versions_of(accepted["id"]) == 1
    assert db.session.get(models.TestingRequest, accepted["id"]).report_reference == "KE-2026-17"


def test_the_agency_inbox_says_what_was_not_tested(client, accepted):
    client.post(f"{accepted['url']}/report", headers=accepted["manager"], json={
        "report_reference": "R1", "not_detected": ["mon-00810-6"],
        "not_tested": [{"target": "P-35S", "reason": "Inhibition"},
                       {"target": "T-nos", "reason": "Inhibition"}]})
    item = client.get("/api/v1/inbox", headers=accepted["agent"]).get_json()[0]
    assert item["summary"] == f"maize grain: reported: {MON810} not detected; 2 not tested (P-35S, T-nos)"
    assert "nothing" not in item["summary"]


def test_declining_keeps_its_shape(client, app):
    lab = make_lab("KE")
    manager, agent = bearer(make_user("lab_manager", labs=[lab])), bearer(make_user("border_agent"))
    created = client.post("/api/v1/testing-requests", headers=agent, json={
        "lab_id": lab.id, "commodity": "soy", "matrix": "grain", "elements": ["P-35S"]}).get_json()
    url = f"/api/v1/testing-requests/{created['id']}"
    declined = client.post(f"{url}/decline", json={"note": "No capacity"}, headers=manager)
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert declined.get_json()["versions"] == [] and declined.get_json()["not_tested"] == []


def test_the_report_pages_show_the_summary_and_the_earlier_versions(client, accepted):
    login(client, accepted["manager_user"])
    page = f"/requests/testing/{accepted['id']}"
    token = csrf_token(client, page)
    form = {"csrf_token": token, "report_reference": "R-page", "outcome-0": "not_detected",
            "outcome-1": "detected", "outcome-2": "not_tested", "reason-2": ""}
    refused = client.post(f"{page}/report", data=form, follow_redirects=True)
    assert "Say why T-nos was not tested." in refused.get_data(as_text=True)
    assert versions_of(accepted["id"]) == 0
    client.post(f"{page}/report", data=dict(form, **{"reason-2": "Kit out of stock"}))
    amended = client.post(f"{page}/amend", data=dict(form, **{"outcome-2": "not_detected",
                                                           "report_reference": "R-page-2"}),
                          follow_redirects=True).get_data(as_text=True)
    assert "Report amended" in amended
    client.post("/logout", data={"csrf_token": csrf_token(client, page)})
    login(client, accepted["agent_user"])
    seen = client.get(page).get_data(as_text=True)
    assert f"{MON810}, T-nos not detected" in seen and "P-35S detected" in seen
    assert "Version 1: report R-page" in seen and "Kit out of stock" in seen
    assert "Amend the report" not in seen


def test_summary_wording():
    assert reports.summary(["P-35S"], ["MON810"], [{"target": "bar", "reason": "x"},
                                                   {"target": "pat", "reason": "y"}]) \
        == "P-35S detected; MON810 not detected; 2 not tested (bar, pat)"
    assert reports.summary([], ["MON810"], []) == "MON810 not detected"
    assert reports.summary([], [], [{"target": "bar", "reason": "x"}]) == "1 not tested (bar)"


def test_targets_check_names_what_is_missing_and_doubled():
    with pytest.raises(Invalid) as refused:
        reports.check_accounts_for_targets(["A", "B", "C"], {
            "detected": ["A"], "not_detected": ["A"], "not_tested": []})
    assert "given more than once: A" in refused.value.detail
    assert "missing: B, C" in refused.value.detail
    assert set(refused.value.errors) == {"detected", "not_detected", "not_tested"}
