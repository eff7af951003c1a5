"""Monthly snapshots of coverage and request times, so that the coverage page shows trends.

`flask labnet snapshot-coverage` (a monthly cron job, see README) records each scope's
numbers once per month. The unique key (scope, month) and an insert that skips a row already
there make it idempotent, also when two runs overlap: the second one finds the first one's
rows, whatever the interleaving, and adds nothing. History is never invented or rewritten.
"""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from labnet import authz
from labnet.coverage import services
from labnet.coverage.models import CoverageSnapshot
from labnet.coverage.report import accredited_labs, period_start, request_times
from labnet.database import today
from labnet.extensions import db
from labnet.networks.models import Network
from labnet.reference.m49 import REGION_NAMES

# what the page charts and tabulates, in order
SERIES = ("events_covered", "events_partial", "events_gap", "labs", "accredited_labs",
          "median_days_to_deliver", "median_days_to_report")


def scope_key(region=None, network=None) -> str:
    return f"network:{network}" if network else f"region:{region}"


def snapshot_numbers(region=None, network=None) -> dict:
    """One scope's numbers as of now, computed as /coverage and the report compute them."""
    result = services.scope_coverage(region=region, network=network)
    scope = services.labs_in_scope(region, network)
    material, testing = request_times(scope, period_start())
    summary = result["summary"]
    return {
        "events_covered": summary["covered"],
        "events_partial": summary["method_only"] + summary["material_only"],
        "events_gap": summary["gap"], "labs": result["labs"],
        "accredited_labs": accredited_labs(scope),
        "materials_delivered": material["served"], "median_days_to_deliver": material["median_days"],
        "testing_reported": testing["served"], "median_days_to_report": testing["median_days"],
    }


def record_snapshots(on=None) -> int:
    """Record this month's snapshot of every network and every M49 region that has none yet;
    the number of snapshots added (0 when the month is already recorded)."""
    month = (on or today()).replace(day=1)
    done = set(db.session.scalars(select(CoverageSnapshot.scope_key)
                                  .where(CoverageSnapshot.month == month)))
    scopes = [{"network": n} for n in db.session.scalars(select(Network.id).order_by(Network.id))]
    scopes += [{"region": code} for code in sorted(REGION_NAMES)]
    rows = [{"scope_key": scope_key(**scope), "month": month, "network_id": scope.get("network"),
             "region_code": scope.get("region"), **snapshot_numbers(**scope)}
            for scope in scopes if scope_key(**scope) not in done]
    if not rows:
        return 0
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    # a concurrent run may have written some of these rows since we looked: skip those
    statement = dialect.insert(CoverageSnapshot).values(rows).on_conflict_do_nothing(
        index_elements=["scope_key", "month"]).returning(CoverageSnapshot.id)
    return len(db.session.execute(statement).all())


def snapshots(actor, region=None, network=None) -> list[dict]:
    """A scope's snapshots, oldest first, for whoever may see its coverage."""
    authz.require(authz.can_see_coverage(actor), actor, _("Log in to see coverage."))
    rows = db.session.scalars(select(CoverageSnapshot)
                              .where(CoverageSnapshot.scope_key == scope_key(region, network))
                              .order_by(CoverageSnapshot.month)).all()
    return [{"month": row.month, **{name: getattr(row, name) for name in SERIES}} for row in rows]
