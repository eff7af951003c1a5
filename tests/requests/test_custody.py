"""Testing requests with a chain of custody: the consignment and its sealed samples, the lab
signing for them, per-sample results checked against the request, every step logged (who,
when, what), and the dated report PDF only for those who may read the request."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from labnet.database import today
from labnet.extensions import db
from labnet.requests import models
from tests.helpers import assert_problem, bearer, csrf_token, login, make_event, make_lab, make_user

MON810 = "MON-ØØ81Ø-6"
SAMPLES = [{"sample_id": "KE-MBA-001", "seal": "S-448812", "mass_g": 2500},
           {"sample_id": "KE-MBA-002", "seal": "S-448813", "mass_g": 2480.5}]
CONSIGNMENT = {"commodity": "yellow maize grain, bulk", "origin_country": "za",
               "reference": "BL-MSC-778812", "lot": "Hold 3"}
RECEIPT = {"received_on": today().isoformat(), "condition": "intact", "seals_intact": True}
RESULTS = [
    {"sample_id": "KE-MBA-001", "target": "mon-00810-6", "outcome": "detected",
     "gm_percent": 0.42, "uncertainty": 0.08, "lod": "0.04 %", "method_code": "QT-EVE-ZM-020"},
    {"sample_id": "KE-MBA-001", "target": "P-35S", "outcome": "detected"},
    {"sample_id": "KE-MBA-002", "target": "MON810", "outcome": "not_detected", "lod": "0.04 %"},
    {"sample_id": "KE-MBA-002", "target": "p-35s", "outcome": "inconclusive", "gm_percent": 0.05},
]
REPORT = {"report_reference": "KE-2026-31", "detected": ["MON810", "P-35S"], "not_detected": [],
          "results": RESULTS}


@pytest.fixture
def parties(app):
    make_event(uid=MON810, name="MON810")
    lab = make_lab("KE", name="Kenya Plant Health Inspectorate Laboratory")
    manager, agent = make_user("lab_manager", labs=[lab]), make_user("border_agent")
    db.session.commit()
    return {"lab": lab, "manager": bearer(manager), "agent": bearer(agent),
            "manager_user": manager, "agent_user": agent,
            "stranger": bearer(make_user("lab_manager", labs=[make_lab("UG")])),
            "other_agent": bearer(make_user("border_agent"))}


def create(client, parties, **changes):
    sent = dict({"lab_id": parties["lab"].id, "commodity": "maize grain", "matrix": "grain",
                 "events": ["mon-00810-6"], "elements": ["P-35S"], "port": "Mombasa",
                 "consignment": CONSIGNMENT, "samples": SAMPLES}, **changes)
    return client.post("/api/v1/testing-requests", headers=parties["agent"], json=sent)


@pytest.fixture
def accepted(client, parties):
    created = create(client, parties)
    assert created.status_code == 201, created.get_json()
    url = f"/api/v1/testing-requests/{created.get_json()['id']}"
    assert client.post(f"{url}/accept", headers=parties["manager"]).status_code == 200
    return url


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_samples_travel_from_the_agency_to_a_report_with_a_custody_log(client, parties, accepted):
    read = client.get(accepted, headers=parties["agent"]).get_json()
    assert read["consignment"] == dict(CONSIGNMENT, origin_country="ZA")
    assert [(s["sample_id"], s["seal"], s["mass_g"]) for s in read["samples"]] == \
        [("KE-MBA-001", "S-448812", 2500.0), ("KE-MBA-002", "S-448813", 2480.5)]
    assert read["sample_count"] == 2 and read["samples_receipt"] is None
    received = client.post(f"{accepted}/receive_samples", headers=parties["manager"],
                           json=dict(RECEIPT, note="Both bags sealed.")).get_json()
    assert received["status"] == "samples_received"
    assert received["samples_receipt"] == RECEIPT
    reported = client.post(f"{accepted}/report", headers=parties["manager"], json=REPORT)
    assert reported.status_code == 200, reported.get_json()
    body = reported.get_json()
    assert body["status"] == "reported"
    assert [(r["sample_id"], r["target"], r["outcome"]) for r in body["results"]] == [
        ("KE-MBA-001", MON810, "detected"), ("KE-MBA-001", "P-35S", "detected"),
        ("KE-MBA-002", MON810, "not_detected"), ("KE-MBA-002", "P-35S", "inconclusive")]
    assert body["results"][0]["gm_percent"] == 0.42 and body["results"][0]["uncertainty"] == 0.08
    assert body["versions"][0]["results"] == body["results"]
    log = body["history"]
    agent, manager = parties["agent_user"], parties["manager_user"]
    assert [(s["status"], s["actor_id"]) for s in log] == [
        ("pending", agent.id), ("accepted", manager.id), ("samples_received", manager.id),
        ("reported", manager.id)]
    assert all(s["at"] for s in log)
    assert log[0]["details"] == {"samples": ["KE-MBA-001", "KE-MBA-002"]}
    assert log[2]["details"] == RECEIPT and log[2]["note"] == "Both bags sealed."
    assert log[3]["details"] == {"version": 1, "results": 4}


def test_an_amendment_keeps_the_earlier_results_as_a_version(client, parties, accepted):
    client.post(f"{accepted}/receive_samples", headers=parties["manager"], json=RECEIPT)
    client.post(f"{accepted}/report", headers=parties["manager"], json=REPORT)
    amended = client.post(f"{accepted}/amend", headers=parties["manager"], json=dict(
        REPORT, report_reference="KE-2026-31-A1", note="Sample 2 P-35S repeated",
        results=[*RESULTS[:3], dict(RESULTS[3], outcome="detected", gm_percent=0.06, uncertainty=0.02)])).get_json()
    assert [v["number"] for v in amended["versions"]] == [1, 2]
    assert amended["versions"][0]["results"][3]["outcome"] == "inconclusive"
    assert amended["results"][3]["outcome"] == "detected"


@pytest.mark.parametrize("changes, field", [
    ({"samples": [*SAMPLES, dict(SAMPLES[0], seal="S-1")]}, "samples"),
    ({"samples": [dict(SAMPLES[0], mass_g=0)]}, "samples"),
    ({"samples": [dict(SAMPLES[0], mass_g=-3)]}, "samples"),
    ({"samples": [{"sample_id": "KE-1"}]}, "samples"),
    ({"samples": [dict(SAMPLES[0], sample_id="")]}, "samples"),
    ({"samples": SAMPLES, "sample_count": 3}, "sample_count"),
    ({"consignment": dict(CONSIGNMENT, origin_country="XX")}, "consignment"),
    ({"consignment": dict(CONSIGNMENT, origin_country="ZAF")}, "consignment"),
    ({"consignment": dict(CONSIGNMENT, reference="x" * 121)}, "consignment"),
])
def test_samples_that_repeat_or_weigh_nothing_or_an_unknown_origin_are_refused(
        client, parties, changes, field):
    assert_problem(create(client, parties, **changes), 422, field)
    assert count(models.TestingRequest) == 0 and count(models.TestingSample) == 0


def test_the_same_sample_ids_may_serve_two_requests(client, parties):
    assert create(client, parties).status_code == 201
    assert create(client, parties).status_code == 201
    assert count(models.TestingSample) == 4


def test_samples_are_reported_on_only_once_the_lab_signed_for_them(client, parties, accepted):
    steps = count(models.TestingRequestStep)
    problem = assert_problem(client.post(f"{accepted}/report", headers=parties["manager"],
                                         json=REPORT), 409)
    assert "signs for the samples" in problem["detail"]
    assert count(models.TestingReport) == 0 and count(models.TestingRequestStep) == steps


def test_a_request_without_listed_samples_is_reported_from_accepted_as_before(client, parties):
    created = create(client, parties, samples=[], consignment=None).get_json()
    url = f"/api/v1/testing-requests/{created['id']}"
    client.post(f"{url}/accept", headers=parties["manager"])
    reported = client.post(f"{url}/report", headers=parties["manager"], json={
        "report_reference": "R1", "detected": ["P-35S"], "not_detected": ["MON810"]})
    assert reported.status_code == 200 and reported.get_json()["results"] == []


@pytest.mark.parametrize("receipt, status", [
    (dict(RECEIPT, condition="wet"), 422), (dict(RECEIPT, seals_intact="maybe"), 422),
    ({"received_on": RECEIPT["received_on"], "condition": "intact"}, 422),
    ("tomorrow", 422),
    (None, 422),
])
def test_a_receipt_in_an_unknown_condition_or_dated_tomorrow_is_refused(
        client, parties, accepted, receipt, status):
    if receipt == "tomorrow":  # decided when the test runs, not when it is collected
        receipt = dict(RECEIPT, received_on=(today() + dt.timedelta(days=1)).isoformat())
    steps = count(models.TestingRequestStep)
    assert_problem(client.post(f"{accepted}/receive_samples", headers=parties["manager"],
                               json=receipt), status)
    assert client.get(accepted, headers=parties["agent"]).get_json()["status"] == "accepted"
    assert count(models.TestingRequestStep) == steps


def test_only_the_addressed_lab_signs_for_samples_and_only_once_accepted(client, parties):
    created = create(client, parties).get_json()
    url = f"/api/v1/testing-requests/{created['id']}"
    assert_problem(client.post(f"{url}/receive_samples", headers=parties["manager"],
                               json=RECEIPT), 409)  # still pending
    client.post(f"{url}/accept", headers=parties["manager"])
    assert_problem(client.post(f"{url}/receive_samples", headers=parties["agent"],
                               json=RECEIPT), 403)
    assert_problem(client.post(f"{url}/receive_samples", headers=parties["stranger"],
                               json=RECEIPT), 404)
    assert client.post(f"{url}/receive_samples", headers=parties["manager"],
                       json=RECEIPT).status_code == 200
    assert_problem(client.post(f"{url}/receive_samples", headers=parties["manager"],
                               json=RECEIPT), 409)


@pytest.mark.parametrize("result, words", [
    ({"sample_id": "KE-MBA-009", "target": "P-35S", "outcome": "detected"}, "not a sample"),
    ({"sample_id": "KE-MBA-001", "target": "T-nos", "outcome": "not_detected"}, "not requested"),
    ({"sample_id": "KE-MBA-001", "target": "NK603-X", "outcome": "not_detected"}, "Unknown"),
    ({"sample_id": "KE-MBA-001", "target": "P-35S", "outcome": "detected"}, "more than once"),
    ({"sample_id": "KE-MBA-002", "target": "P-35S", "outcome": "not_detected",
      "gm_percent": 0.1}, "GM content"),
    ({"sample_id": "KE-MBA-002", "target": "P-35S", "outcome": "detected",
      "uncertainty": 0.1}, "uncertainty"),
])
def test_results_naming_unknown_samples_or_targets_or_contradicting_are_refused(
        client, parties, accepted, result, words):
    client.post(f"{accepted}/receive_samples", headers=parties["manager"], json=RECEIPT)
    sent = dict(REPORT, results=[*RESULTS[:2], result])
    problem = assert_problem(client.post(f"{accepted}/report", headers=parties["manager"],
                                         json=sent), 422, "results")
    assert words in " ".join(problem["errors"]["results"])
    assert count(models.TestingReport) == 0
    assert client.get(accepted, headers=parties["agent"]).get_json()["status"] == "samples_received"


@pytest.mark.parametrize("field, value", [
    ("gm_percent", 100.5), ("gm_percent", -1), ("uncertainty", -0.01), ("outcome", "positive"),
    ("lod", "x" * 61)])
def test_results_out_of_range_are_refused(client, parties, accepted, field, value):
    client.post(f"{accepted}/receive_samples", headers=parties["manager"], json=RECEIPT)
    sent = dict(REPORT, results=[dict(RESULTS[0], **{field: value})])
    assert_problem(client.post(f"{accepted}/report", headers=parties["manager"], json=sent),
                   422, "results")
    assert count(models.TestingReport) == 0


def test_a_result_detected_in_a_sample_must_be_reported_detected(client, parties, accepted):
    client.post(f"{accepted}/receive_samples", headers=parties["manager"], json=RECEIPT)
    sent = dict(REPORT, detected=["P-35S"], not_detected=["MON810"])
    problem = assert_problem(client.post(f"{accepted}/report", headers=parties["manager"],
                                         json=sent), 422, "results")
    assert "must list" in " ".join(problem["errors"]["results"])


# the report PDF

def test_the_report_pdf_is_refused_before_a_report_and_to_strangers(client, parties, accepted):
    pdf = f"{accepted}/report.pdf"
    assert_problem(client.get(pdf, headers=parties["agent"]), 409)
    client.post(f"{accepted}/receive_samples", headers=parties["manager"], json=RECEIPT)
    assert_problem(client.get(pdf, headers=parties["agent"]), 409)
    client.post(f"{accepted}/report", headers=parties["manager"], json=REPORT)
    assert_problem(client.get(pdf, headers=parties["stranger"]), 404)
    assert_problem(client.get(pdf, headers=parties["other_agent"]), 404)
    assert_problem(client.get(pdf), 401)
    assert_problem(client.get("/api/v1/testing-requests/999999/report.pdf",
                              headers=parties["agent"]), 404)


def test_the_report_pdf_names_samples_results_custody_and_the_labs_standing(
        client, parties, accepted):
    pypdfium2 = pytest.importorskip("pypdfium2")
    client.post(f"{accepted}/receive_samples", headers=parties["manager"], json=RECEIPT)
    client.post(f"{accepted}/report", headers=parties["manager"], json=REPORT)
    client.post(f"{accepted}/amend", headers=parties["manager"], json=dict(
        REPORT, report_reference="KE-2026-31-A1", note="Seal numbers checked again"))
    for headers in (parties["agent"], parties["manager"]):
        response = client.get(f"{accepted}/report.pdf", headers=headers)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
    assert "v2.pdf" in response.headers["Content-Disposition"]
    document = pypdfium2.PdfDocument(response.data)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    for words in ("KE-MBA-001", "KE-MBA-002", "S-448812", "BL-MSC-778812", "South Africa",
                  "KE-2026-31-A1", "Seal numbers checked again", "0.42 ± 0.08", "0.04 %",
                  "QT-EVE-ZM-020", "not detected", "inconclusive", "samples received",
                  "Kenya Plant Health Inspectorate Laboratory",
                  "No current accreditation recorded in labnet", "generated on"):
        assert words in text, words


def test_the_pdf_link_shows_on_the_request_page_once_reported(client, parties, accepted):
    request_id = accepted.rsplit("/", 1)[1]
    login(client, parties["agent_user"])
    assert "report.pdf" not in client.get(f"/requests/testing/{request_id}").get_data(as_text=True)
    client.post(f"{accepted}/receive_samples", headers=parties["manager"], json=RECEIPT)
    client.post(f"{accepted}/report", headers=parties["manager"], json=REPORT)
    page = client.get(f"/requests/testing/{request_id}").get_data(as_text=True)
    assert f"/api/v1/testing-requests/{request_id}/report.pdf" in page
    assert client.get(f"/api/v1/testing-requests/{request_id}/report.pdf").status_code == 200


def test_the_lab_signs_for_samples_and_reports_per_sample_on_the_page(client, parties, accepted):
    request_id = accepted.rsplit("/", 1)[1]
    page = f"/requests/testing/{request_id}"
    login(client, parties["manager_user"])
    assert 'name="seals_intact"' in client.get(page).get_data(as_text=True)
    token = csrf_token(client, page)
    client.post(f"{page}/receive_samples", data={
        "csrf_token": token, "received_on": RECEIPT["received_on"], "condition": "damaged",
        "seals_intact": "no", "note": "Bag 2 torn"})
    db.session.expire_all()
    request = db.session.get(models.TestingRequest, int(request_id))
    assert (request.status, request.samples_condition, request.seals_intact) == \
        ("samples_received", "damaged", False)
    text = client.get(page).get_data(as_text=True)
    assert 'name="result-1-0-gm_percent"' in text and "Bag 2 torn" in text
    client.post(f"{page}/report", data={
        "csrf_token": token, "outcome-0": "detected", "outcome-1": "not_detected",
        "report_reference": "KE-9", "result-0-0-outcome": "detected",
        "result-0-0-gm_percent": "101"})
    assert count(models.TestingReport) == 0  # 101 % refused
    client.post(f"{page}/report", data={
        "csrf_token": token, "outcome-0": "detected", "outcome-1": "not_detected",
        "report_reference": "KE-9", "result-0-0-outcome": "detected",
        "result-0-0-gm_percent": "1.2", "result-0-0-uncertainty": "0.3",
        "result-1-1-outcome": "not_detected"})
    db.session.expire_all()
    request = db.session.get(models.TestingRequest, int(request_id))
    assert request.status == "reported"
    assert [(r["sample_id"], r["target"], r["gm_percent"]) for r in request.results] == [
        ("KE-MBA-001", MON810, 1.2), ("KE-MBA-002", "P-35S", None)]


def font_name(text_object) -> str:
    import ctypes

    import pypdfium2.raw as pdfium

    font = pdfium.FPDFTextObj_GetFont(text_object.raw)
    buffer = ctypes.create_string_buffer(200)
    length = pdfium.FPDFFont_GetBaseFontName(font, buffer, 200)
    return buffer.raw[:max(length - 1, 0)].decode()


def test_the_report_pdf_sets_french_portuguese_and_arabic_in_a_font_that_has_them(
        client, parties):
    pypdfium2 = pytest.importorskip("pypdfium2")
    created = create(client, parties, consignment=dict(
        CONSIGNMENT, commodity="milho amarelo em grão, importação; maïs grain; ذرة صفراء"))
    url = f"/api/v1/testing-requests/{created.get_json()['id']}"
    client.post(f"{url}/accept", headers=parties["manager"])
    client.post(f"{url}/receive_samples", headers=parties["manager"], json=RECEIPT)
    client.post(f"{url}/report", headers=parties["manager"], json=REPORT)
    pdf = client.get(f"{url}/report.pdf", headers=parties["agent"]).data
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    text = page.get_textpage().get_text_range()
    fonts = {font_name(text_object) for text_object in page.get_objects(
        filter=[pypdfium2.raw.FPDF_PAGEOBJ_TEXT])}
    assert fonts and all("DejaVu" in name for name in fonts), fonts
    assert "milho amarelo em grão, importação; maïs grain" in text
    assert all(letter in text for letter in "ذرةصفاء")


def test_racing_receipts_and_reports_sign_once_and_report_once(app, client, parties, accepted):
    from tests.helpers import is_postgres
    from tests.requests.test_concurrency import race

    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    receipts = [("POST", f"{accepted}/receive_samples", parties["manager"], RECEIPT)] * 12
    reports = [("POST", f"{accepted}/report", parties["manager"], REPORT)] * 12
    statuses = race(app, receipts + reports)
    assert set(statuses) <= {200, 409}, statuses
    assert statuses[:12].count(200) == 1 and statuses[12:].count(200) <= 1
    db.session.expire_all()
    request = db.session.get(models.TestingRequest, int(accepted.rsplit("/", 1)[1]))
    steps = [step.status for step in request.history]
    assert steps == ["pending", "accepted", "samples_received"] + ["reported"] * statuses[12:].count(200)
    assert request.status == steps[-1] and len(request.versions) == statuses[12:].count(200)
