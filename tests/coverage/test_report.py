"""The ministry report (PDF and XLSX): the numbers of /coverage for the same scope, dated,
refused as /coverage refuses."""
import datetime as dt
import io
import re
from pathlib import Path

import pypdfium2
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from labnet.accounts.models import User
from labnet.coverage.report import request_times
from labnet.coverage.services import labs_in_scope
from labnet.database import today, utcnow
from labnet.demo.seed import seed_demo
from labnet.extensions import db
from labnet.networks.models import Network
from labnet.reference.countries import uninhabited
from labnet.requests import models as requests
from tests.helpers import (
    assert_problem,
    bearer,
    make_accreditation,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_network,
    make_user,
)

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
STATUS_WORDS = {"covered": "covered", "method_only": "method only", "material_only": "material only",
                "gap": "gap"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def demo(app):
    seed_demo()
    db.session.commit()
    network = db.session.scalar(select(Network).order_by(Network.id))
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@labnet.example"))
    return network, bearer(coordinator)


def pdf_text(content: bytes, save_as: str | None = None) -> str:
    """The PDF's text with its whitespace collapsed; each page saved as a PNG when asked."""
    document = pypdfium2.PdfDocument(content)
    pages = []
    for index in range(len(document)):
        page = document[index]
        if save_as:
            ARTIFACTS.mkdir(exist_ok=True)
            page.render(scale=1.5).to_pil().save(ARTIFACTS / f"{save_as}-page-{index + 1}.png")
        pages.append(page.get_textpage().get_text_range())
    return re.sub(r"\s+", " ", " ".join(pages))


def test_the_demo_network_report_pdf_shows_the_numbers_of_coverage_dated_and_named(client, demo):
    network, headers = demo
    answer = client.get(f"/api/v1/coverage?network={network.id}", headers=headers).get_json()
    response = client.get(f"/api/v1/coverage/report.pdf?network={network.id}", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="labnet-coverage-report-eastern-and-southern-africa-lmo-detection-'
        f'network-demo-{today().isoformat()}.pdf"')
    text = pdf_text(response.data, save_as="coverage-report-demo-network")
    assert network.name in text
    assert f"{network.name} · {today().isoformat()}" in text  # the running footer, on every page
    assert "Generated on " in text
    assert f"Labs in scope {answer['labs']} " in text
    for status, count in answer["summary"].items():
        assert f"Events {STATUS_WORDS[status]} {count} " in text
    assert answer["events"]
    for event in answer["events"]:
        assert (f"{event['unique_identifier']} {event['name']} {STATUS_WORDS[event['status']]} "
                f"{event['labs_with_method']} {event['labs_with_material']}") in text
    assert "Countries without a lab None." in text  # every country of a network has its member
    assert "Training and seats" in text and "Requests served in the last 12 months" in text


def test_a_region_report_lists_its_countries_without_a_lab_as_coverage_does(client, demo):
    _, headers = demo
    answer = client.get("/api/v1/coverage?region=014", headers=headers).get_json()
    # territories no one lives in (TF here) are not gaps a ministry can fill: the API still
    # counts them, the dashboard and the report leave them out
    empty = [c for c in answer["countries"] if c["labs"] == 0 and c["code"] not in uninhabited()]
    assert empty and any(c["labs"] for c in answer["countries"])
    assert any(c["code"] in uninhabited() for c in answer["countries"])
    text = pdf_text(client.get("/api/v1/coverage/report.pdf?region=014", headers=headers).data,
                    save_as="coverage-report-eastern-africa")
    assert "Eastern Africa" in text and "M49 region 014" in text
    for country in empty:
        assert f"{country['code']} {country['name']}" in text
    for country in answer["countries"]:
        if country["code"] in uninhabited():
            assert country["name"] not in text
    book = load_workbook(io.BytesIO(client.get("/api/v1/coverage/report.xlsx?region=014",
                                               headers=headers).data))
    rows = list(book["Countries without a lab"].iter_rows(min_row=2, values_only=True))
    assert rows == [(c["code"], c["name"]) for c in empty]


def test_the_workbook_has_the_same_tables_bold_frozen_headers_and_real_dates(client, demo):
    network, headers = demo
    answer = client.get(f"/api/v1/coverage?network={network.id}", headers=headers).get_json()
    response = client.get(f"/api/v1/coverage/report.xlsx?network={network.id}", headers=headers)
    assert response.status_code == 200 and response.mimetype == XLSX
    assert response.headers["Content-Disposition"].endswith(f'-{today().isoformat()}.xlsx"')
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Summary", "Events", "Countries without a lab", "Accreditations",
                               "Materials", "Training", "Requests"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert all(sheet.column_dimensions[cell.column_letter].width >= 8 for cell in sheet[1])
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Scope"] == network.name
    assert summary["Generated on"].date() == today()
    assert summary["Labs in scope"] == answer["labs"]
    for status, count in answer["summary"].items():
        assert summary[f"Events {STATUS_WORDS[status]}"] == count
    events = list(book["Events"].iter_rows(min_row=2, values_only=True))
    assert events == [(e["unique_identifier"], e["name"], STATUS_WORDS[e["status"]],
                       e["labs_with_method"], e["labs_with_material"]) for e in answer["events"]]
    expiring = book["Accreditations"]
    assert expiring.max_row > 1
    valid_until = expiring.cell(row=2, column=5)
    assert valid_until.is_date and valid_until.number_format == "yyyy-mm-dd"
    training = book["Training"]
    assert training.max_row > 1 and training.cell(row=2, column=3).is_date


def test_workbook_text_never_becomes_a_formula(client):
    network = make_network(name="East")
    lab = make_lab("KE", name='=HYPERLINK("http://evil.example","Open me")', networks=[network])
    make_accreditation(lab, valid_until=today() + dt.timedelta(days=10))
    make_holding(lab, make_material([make_event()]), quantity=0, lot="@SUM(A1:A9)")
    headers = bearer(make_user("coordinator", networks=[network]))
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/coverage/report.xlsx?network={network.id}",
                                               headers=headers).data))
    lab_cell = book["Accreditations"]["A2"]
    assert lab_cell.value == "'=HYPERLINK(\"http://evil.example\",\"Open me\")"
    assert lab_cell.data_type == "s"
    assert book["Materials"]["B2"].value == "'@SUM(A1:A9)"


def _material_request(holder_lab, requester_lab, created_days_ago, received_after_days):
    holding = make_holding(holder_lab, make_material([make_event()]))
    created = utcnow() - dt.timedelta(days=created_days_ago)
    request = requests.MaterialRequest(requester_lab_id=requester_lab.id, holding_id=holding.id, quantity=1,
                              status="received", created_at=created)
    db.session.add(request)
    db.session.flush()
    for status, after in (("pending", 0), ("accepted", 1), ("shipped", 1.5),
                          ("received", received_after_days)):
        db.session.add(requests.MaterialRequestStep(request_id=request.id, status=status,
                                           at=created + dt.timedelta(days=after)))


def test_request_times_are_medians_of_what_labs_in_scope_completed_this_year(client):
    network = make_network(name="East")
    holder, requester = make_lab("KE", networks=[network]), make_lab("PE")
    for days in (2, 4, 10):
        _material_request(holder, requester, created_days_ago=30, received_after_days=days)
    _material_request(holder, requester, created_days_ago=500, received_after_days=3)  # too old
    _material_request(requester, holder, created_days_ago=30, received_after_days=1)  # not served in scope
    created = utcnow() - dt.timedelta(days=20)
    testing = requests.TestingRequest(lab_id=holder.id, commodity="maize grain", matrix="grain",
                             status="reported", created_at=created)
    db.session.add(testing)
    db.session.flush()
    for status, after in (("pending", 0), ("accepted", 1), ("reported", 3), ("reported", 9)):
        db.session.add(requests.TestingRequestStep(request_id=testing.id, status=status,
                                          at=created + dt.timedelta(days=after)))
    db.session.commit()
    since = utcnow() - dt.timedelta(days=365)
    assert request_times(labs_in_scope(network=network.id), since) == [
        {"kind": "material", "served": 3, "median_days": 4.0},
        {"kind": "testing", "served": 1, "median_days": 3.0}]  # the amendment does not count
    headers = bearer(make_user("coordinator", networks=[network]))
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/coverage/report.xlsx?network={network.id}",
                                               headers=headers).data))
    assert [row[1:] for row in book["Requests"].iter_rows(min_row=2, values_only=True)] == [
        (3, 4.0), (1, 3.0)]
    text = pdf_text(client.get(f"/api/v1/coverage/report.pdf?network={network.id}",
                               headers=headers).data)
    assert "Reference material delivered (from request to receipt) 3 4.0" in text
    assert "Testing reported (from request to first report) 1 3.0" in text
    empty = make_network(name="Quiet")
    db.session.commit()
    assert request_times(labs_in_scope(network=empty.id), since) == [
        {"kind": "material", "served": 0, "median_days": None},
        {"kind": "testing", "served": 0, "median_days": None}]


@pytest.mark.parametrize("suffix", ["pdf", "xlsx"])
def test_the_report_is_refused_as_coverage_refuses(client, suffix):
    network = make_network(name="East")
    make_lab("KE", networks=[network])
    coordinator = bearer(make_user("coordinator", networks=[network]))
    report = f"/api/v1/coverage/report.{suffix}"
    assert_problem(client.get(f"{report}?network={network.id}"), 401)
    # other roles get whatever /coverage gives them for the same scope
    for role in ("lab_manager", "border_agent"):
        headers = bearer(make_user(role))
        expected = client.get(f"/api/v1/coverage?network={network.id}", headers=headers).status_code
        assert client.get(f"{report}?network={network.id}", headers=headers).status_code == expected
    for query, status, field in (
            (f"network={network.id + 1000}", 404, None), ("region=999", 404, None),
            ("region=99x", 422, "region"), ("network=abc", 422, "network"), ("", 422, "region"),
            (f"region=014&network={network.id}", 422, "region")):
        assert client.get(f"/api/v1/coverage?{query}", headers=coordinator).status_code == status
        assert_problem(client.get(f"{report}?{query}", headers=coordinator), status, field)
