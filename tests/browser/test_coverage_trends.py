"""The coordinator's trends and ministry report in a real browser: charts drawn from the
snapshot table under the strict CSP, on a desktop and on a 360 px phone."""
import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from labnet.coverage.models import CoverageSnapshot
from labnet.database import today
from labnet.demo.seed import seed_demo
from labnet.extensions import db
from labnet.networks.models import Network
from tests.browser.conftest import ARTIFACTS, log_in, nav, screenshot

pytestmark = pytest.mark.browser


def test_coordinator_sees_trend_charts_and_downloads_the_report(app, page):
    seed_demo()  # records this month's snapshots
    network = db.session.scalar(select(Network).order_by(Network.id))
    current = db.session.scalar(select(CoverageSnapshot).filter_by(network_id=network.id))
    earlier = (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    # a past month for this test only (the demo itself never invents one)
    db.session.add(CoverageSnapshot(
        scope_key=current.scope_key, network_id=network.id, month=earlier,
        events_covered=current.events_covered, events_partial=current.events_partial + 2,
        events_gap=max(current.events_gap - 2, 0), labs=current.labs - 3,
        accredited_labs=max(current.accredited_labs - 1, 0), materials_delivered=2,
        median_days_to_deliver=12.5, testing_reported=0, median_days_to_report=None))
    db.session.commit()
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)
    log_in(page, "coordinator@labnet.example", "labnet-demo-2026")
    nav(page, "Coverage").click()
    expect(page.locator(".trend-chart canvas")).to_have_count(3)
    expect(page.locator("#trends-text")).to_contain_text("labs")
    screenshot(page, "coverage-trends-desktop")
    page.locator("#trends").screenshot(path=str(ARTIFACTS / "coverage-trends-desktop-section.png"))
    assert not [p for p in problems if "Content Security Policy" in p], problems
    with page.expect_download() as pdf:
        page.get_by_role("button", name="PDF report").click()
    assert pdf.value.suggested_filename.endswith(f"-{today().isoformat()}.pdf")
    with page.expect_download() as xlsx:
        page.get_by_role("button", name="Spreadsheet (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    expect(page.locator(".trend-chart canvas")).to_have_count(3)
    widths = page.locator(".trend-chart").evaluate_all("boxes => boxes.map(b => b.scrollWidth)")
    assert max(widths) <= 360
    page.locator("#trends").screenshot(path=str(ARTIFACTS / "coverage-trends-phone-section.png"))
    assert not [p for p in problems if "Content Security Policy" in p], problems
