from sqlalchemy import text

from labnet.database import StringList, UTCDateTime, one_of, utcnow, version_column
from labnet.extensions import db
from labnet.training.workflow import ACTIVE, ENROLLED, ENROLMENT_STATUSES

AUDIENCES = ("laboratory", "border", "trainers", "policy")
MODALITIES = ("in_person", "online", "hands_on", "training_of_trainers")


class TrainingOffer(db.Model):
    __tablename__ = "training_offers"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.String(4000))
    topics = db.Column(StringList, nullable=False, default=list)
    audience = db.Column(StringList, nullable=False, default=list)
    modality = db.Column(db.String(30), nullable=False)
    languages = db.Column(StringList, nullable=False, default=list)
    start_date = db.Column(db.Date, nullable=False, index=True)
    end_date = db.Column(db.Date, nullable=False)
    city = db.Column(db.String(120))
    country_code = db.Column(db.String(2), db.ForeignKey("countries.code"), index=True)
    seats_total = db.Column(db.Integer, nullable=False)
    seats_remaining = db.Column(db.Integer, nullable=False)
    cost = db.Column(db.String(120))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    lab = db.relationship("Lab", lazy="joined")
    # set when an offer people enrolled in is removed: it leaves the finder and the lab page,
    # and the enrollees still read their enrolment
    archived_at = db.Column(UTCDateTime)
    country = db.relationship("Country", lazy="joined")

    __table_args__ = (
        db.CheckConstraint(one_of("modality", MODALITIES), name="modality"),
        db.CheckConstraint("seats_total >= 0", name="seats_total"),
        # seats are taken by a conditional UPDATE; this is the last line of defence
        db.CheckConstraint("seats_remaining >= 0 AND seats_remaining <= seats_total",
                           name="seats_remaining"),
        db.CheckConstraint("end_date >= start_date", name="dates"),
    )

    __mapper_args__ = {"version_id_col": version}


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    id = db.Column(db.Integer, primary_key=True)
    offer_id = db.Column(db.ForeignKey("training_offers.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="SET NULL"), index=True)
    seats = db.Column(db.Integer, nullable=False, default=1)
    status = db.Column(db.String(20), nullable=False, default=ENROLLED)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    cancelled_at = db.Column(UTCDateTime)

    offer = db.relationship("TrainingOffer", lazy="joined")

    __table_args__ = (
        db.CheckConstraint("seats >= 1", name="seats"),
        db.CheckConstraint(one_of("status", ENROLMENT_STATUSES), name="status"),
        # one active enrolment per user and offer, even when two submits race: the second
        # INSERT waits for the first transaction and then fails
        db.Index("uq_enrolments_active_user_offer", "offer_id", "user_id", unique=True,
                 sqlite_where=text(f"status = '{ACTIVE}'"),
                 postgresql_where=text(f"status = '{ACTIVE}'")),
    )
