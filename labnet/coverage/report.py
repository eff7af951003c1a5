"""The report a coordinator gives a ministry: the coverage page's numbers for one scope, on
one date, plus how fast labs in scope served requests. Every coverage number comes from
coverage.services and coverage.dashboard, as on /coverage; this module only adds what the
page does not show (request times, accredited labs) and puts the tables in order."""
import datetime as dt
import statistics

from sqlalchemy import func, select

from labnet.coverage import dashboard, services
from labnet.database import today, utcnow
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Lab
from labnet.requests import workflow
from labnet.requests.models import MaterialRequest, MaterialRequestStep, TestingRequest, TestingRequestStep

PERIOD_DAYS = 365  # request times are those of the requests completed in the last 12 months
DELIVERED = workflow.MATERIAL["receive"].target
REPORTED = workflow.TESTING["report"].target


def accredited_labs(scope) -> int:
    """Labs in scope with a current, verified accreditation: "accredited" as pages mean it."""
    return db.session.scalar(select(func.count()).select_from(Lab)
                             .where(Lab.id.in_(scope), Lab.accreditation_verified))


def _median_days(spans: list[dt.timedelta]) -> float | None:
    """The median in days, to a tenth; None (unknown) when nothing was completed."""
    if not spans:
        return None
    return round(statistics.median(span.total_seconds() for span in spans) / 86400, 1)


def request_times(scope, since: dt.datetime) -> list[dict]:
    """Requests that labs in scope completed since `since`, and the median time they took:
    material from the request to its receipt by the requester (the holder is in scope),
    testing from the request to the lab's first report (an amendment does not count)."""
    received = (select(MaterialRequestStep.request_id, func.min(MaterialRequestStep.at).label("at"))
                .where(MaterialRequestStep.status == DELIVERED)
                .group_by(MaterialRequestStep.request_id).subquery())
    delivered = db.session.execute(
        select(MaterialRequest.created_at, received.c.at)
        .join(received, received.c.request_id == MaterialRequest.id)
        .join(Holding, Holding.id == MaterialRequest.holding_id)
        .where(Holding.lab_id.in_(scope), received.c.at >= since)).all()
    first_report = (select(TestingRequestStep.request_id, func.min(TestingRequestStep.at).label("at"))
                    .where(TestingRequestStep.status == REPORTED)
                    .group_by(TestingRequestStep.request_id).subquery())
    reported = db.session.execute(
        select(TestingRequest.created_at, first_report.c.at)
        .join(first_report, first_report.c.request_id == TestingRequest.id)
        .where(TestingRequest.lab_id.in_(scope), first_report.c.at >= since)).all()
    return [
        {"kind": "material", "served": len(delivered),
         "median_days": _median_days([done - asked for asked, done in delivered])},
        {"kind": "testing", "served": len(reported),
         "median_days": _median_days([done - asked for asked, done in reported])},
    ]


def period_start() -> dt.datetime:
    return utcnow() - dt.timedelta(days=PERIOD_DAYS)


def report(actor, region=None, network=None) -> dict:
    """Everything the ministry report shows for a region or a network, as of today; refused
    (and 404/422 for a bad scope) exactly as /coverage refuses."""
    result = services.coverage(actor, region=region, network=network)
    tables = dashboard.tables(actor, result, region=region, network=network)
    scope = services.labs_in_scope(region, network)
    return {
        "scope": result["scope"], "generated_on": today(), "period_days": PERIOD_DAYS,
        "labs": result["labs"], "accredited_labs": accredited_labs(scope),
        "summary": result["summary"], "events": result["events"],
        "countries": result["countries"],
        "countries_without_labs": tables["countries_without_labs"],
        "accreditations": tables["accreditations"], "holdings": tables["holdings"],
        "training": tables["training"], "requests": request_times(scope, period_start()),
        "stale_request_counts": tables["stale_request_counts"],
    }
