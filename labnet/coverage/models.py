from labnet.database import UTCDateTime, utcnow
from labnet.extensions import db


class CoverageSnapshot(db.Model):
    """A scope's coverage and request times as they stood in one month, recorded once by
    `flask labnet snapshot-coverage` (a monthly cron job) so that the coverage page can show
    trends. A row is never changed after it is written: history is what was seen then."""

    __tablename__ = "coverage_snapshots"
    id = db.Column(db.Integer, primary_key=True)
    # "network:<id>" or "region:<M49>": one key for both kinds of scope, unique per month
    scope_key = db.Column(db.String(40), nullable=False)
    network_id = db.Column(db.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    region_code = db.Column(db.String(3))
    month = db.Column(db.Date, nullable=False)  # the first day of the month
    events_covered = db.Column(db.Integer, nullable=False)
    events_partial = db.Column(db.Integer, nullable=False)  # method only or material only
    events_gap = db.Column(db.Integer, nullable=False)
    labs = db.Column(db.Integer, nullable=False)
    accredited_labs = db.Column(db.Integer, nullable=False)
    materials_delivered = db.Column(db.Integer, nullable=False)
    median_days_to_deliver = db.Column(db.Float)  # unknown (no delivery) is NULL, not 0
    testing_reported = db.Column(db.Integer, nullable=False)
    median_days_to_report = db.Column(db.Float)
    recorded_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        db.UniqueConstraint("scope_key", "month", name="uq_coverage_snapshots_scope_month"),
        db.CheckConstraint("(network_id IS NULL) <> (region_code IS NULL)", name="one_scope"),
        db.CheckConstraint("events_covered >= 0 AND events_partial >= 0 AND events_gap >= 0 "
                           "AND labs >= 0 AND accredited_labs >= 0 AND materials_delivered >= 0 "
                           "AND testing_reported >= 0", name="counts"),
    )
