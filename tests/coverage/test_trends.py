"""Monthly coverage snapshots: recorded once per scope and month (also by two runs at once),
the same numbers as /coverage, never an invented past; charted on the coverage page."""
import datetime as dt
import re
import threading

import pytest
from sqlalchemy import func, select

from labnet.coverage.models import CoverageSnapshot
from labnet.coverage.trends import record_snapshots
from labnet.database import today
from labnet.demo.seed import seed_demo
from labnet.extensions import db
from labnet.networks.models import Network
from labnet.reference.m49 import REGION_NAMES
from labnet.transactions import committed
from tests.helpers import (
    bearer,
    is_postgres,
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


def snapshot_count(**where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(CoverageSnapshot).filter_by(**where))


def east_network():
    network = make_network(name="East")
    covered, gap = make_event(uid="E-1"), make_event(uid="E-2")
    lab = make_lab("KE", networks=[network])
    make_lab("UG", networks=[network])
    make_capability(lab, make_method(events=[covered]))
    make_holding(lab, make_material([covered]))
    make_accreditation(lab, valid_until=today() + dt.timedelta(days=300), verified_by=make_user("admin"))
    assert gap
    db.session.commit()
    return network


def test_snapshot_command_records_this_month_once_with_the_numbers_of_coverage(app, client):
    network = east_network()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["labnet", "snapshot-coverage"])
    assert first.exit_code == 0, first.output
    scopes = 1 + len(REGION_NAMES)
    assert f"Recorded {scopes} coverage snapshots" in first.output
    second = runner.invoke(args=["labnet", "snapshot-coverage"])
    assert second.exit_code == 0 and "already recorded; nothing changed" in second.output
    assert snapshot_count() == scopes
    month = today().replace(day=1)
    row = db.session.scalar(select(CoverageSnapshot).filter_by(network_id=network.id))
    answer = client.get(f"/api/v1/coverage?network={network.id}",
                        headers=bearer(make_user("coordinator"))).get_json()
    assert (row.month, row.scope_key, row.region_code) == (month, f"network:{network.id}", None)
    assert (row.events_covered, row.events_partial, row.events_gap, row.labs) == (
        answer["summary"]["covered"], answer["summary"]["method_only"] + answer["summary"]["material_only"],
        answer["summary"]["gap"], answer["labs"]) == (1, 0, 1, 2)
    assert row.accredited_labs == 1
    assert (row.materials_delivered, row.median_days_to_deliver) == (0, None)  # unknown, not 0
    region = db.session.scalar(select(CoverageSnapshot).filter_by(region_code="014"))
    assert (region.labs, region.network_id, region.scope_key) == (2, None, "region:014")


def test_a_new_month_adds_a_row_and_leaves_the_past_as_it_was(app):
    network = east_network()
    with committed():
        assert record_snapshots() == 1 + len(REGION_NAMES)
    this_month = db.session.scalar(select(CoverageSnapshot).filter_by(network_id=network.id))
    make_lab("TZ", networks=[network])
    db.session.commit()
    with committed():  # the same month again: the first record stands
        assert record_snapshots() == 0
    assert snapshot_count(network_id=network.id) == 1
    next_month = (today().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    with committed():
        record_snapshots(on=next_month + dt.timedelta(days=5))
    rows = db.session.scalars(select(CoverageSnapshot).filter_by(network_id=network.id)
                              .order_by(CoverageSnapshot.month)).all()
    assert [(r.month, r.labs) for r in rows] == [(this_month.month, 2), (next_month, 3)]


def test_two_runs_at_once_record_one_row_per_scope_and_month(app):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    east_network()
    runs = 4
    barrier = threading.Barrier(runs)
    errors = []

    def run():
        with app.app_context():
            try:
                barrier.wait()
                with committed():
                    record_snapshots()
            except Exception as error:  # reported below, with the other runs
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert snapshot_count() == 1 + len(REGION_NAMES)
    per_scope = db.session.execute(select(CoverageSnapshot.scope_key, func.count())
                                   .group_by(CoverageSnapshot.scope_key, CoverageSnapshot.month)).all()
    assert {count for _, count in per_scope} == {1}


def test_the_demo_records_the_current_month_only(app):
    seed_demo()
    db.session.commit()
    months = set(db.session.scalars(select(CoverageSnapshot.month)))
    networks = db.session.scalar(select(func.count()).select_from(Network))
    assert months == {today().replace(day=1)}
    assert snapshot_count() == networks + len(REGION_NAMES)


def test_the_coverage_page_says_trends_start_with_snapshots_until_there_are_two(client):
    network = east_network()
    coordinator = make_user("coordinator", networks=[network])
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"/coverage?network={network.id}").get_data(as_text=True)
    assert "Trends start when monthly snapshots are recorded" in page
    assert "No snapshot has been recorded for this scope yet." in page
    assert "uplot" not in page and 'id="trend-table"' not in page
    with committed():
        record_snapshots()
    page = client.get(f"/coverage?network={network.id}").get_data(as_text=True)
    assert "One snapshot so far" in page and "uplot" not in page
    assert f'href="/api/v1/coverage/report.pdf?network={network.id}"' in page
    assert f'href="/api/v1/coverage/report.xlsx?network={network.id}"' in page
    # the buttons work with the page's session, as every API read does
    pdf = client.get(f"/api/v1/coverage/report.pdf?network={network.id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


def test_two_snapshots_are_charted_with_a_table_and_a_sentence_for_screen_readers(client):
    network = east_network()
    coordinator = make_user("coordinator", networks=[network])
    month = today().replace(day=1)
    earlier = (month - dt.timedelta(days=1)).replace(day=1)
    for when, covered, labs, deliver in ((earlier, 0, 1, None), (month, 1, 2, 6.5)):
        db.session.add(CoverageSnapshot(
            scope_key=f"network:{network.id}", network_id=network.id, month=when,
            events_covered=covered, events_partial=0, events_gap=2 - covered, labs=labs,
            accredited_labs=1, materials_delivered=3 if deliver else 0,
            median_days_to_deliver=deliver, testing_reported=0, median_days_to_report=None))
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"/coverage?network={network.id}").get_data(as_text=True)
    # static files are served under content-hashed names
    assert re.search(r"vendor/uplot/uPlot\.iife\.min\.[0-9a-f]+\.js", page)
    assert re.search(r"js/coverage-trends\.[0-9a-f]+\.js", page)
    assert 'id="trend-table"' in page and page.count('class="trend-chart"') == 3
    rows = re.findall(r'<tr data-month="([\d-]+)">(.*?)</tr>', page, re.S)
    assert [m for m, _ in rows] == [earlier.isoformat(), month.isoformat()]
    cells = [re.findall(r"<td>([^<]*)</td>", body) for _, body in rows]
    assert cells == [["0", "0", "2", "1", "1", "unknown", "unknown"],
                     ["1", "0", "1", "2", "1", "6.5", "unknown"]]
    assert "events covered 0 → 1" in page and "labs 1 → 2" in page
    assert "<script>" not in page and " style=" not in page  # CSP: no inline script or style
    other = make_network(name="West")
    db.session.commit()
    page = client.get(f"/coverage?network={other.id}").get_data(as_text=True)
    assert "No snapshot has been recorded for this scope yet." in page
