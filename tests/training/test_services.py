"""Training services: seats that move only relative to the current row, one active enrolment
per user and offer, and cancellation that returns the seats."""
import datetime as dt

import pytest
from sqlalchemy import func, select, update

from labnet.database import today
from labnet.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from labnet.extensions import db
from labnet.training import services
from labnet.training.models import Enrolment, TrainingOffer
from tests.helpers import make_lab, make_user


def make_offer(lab, seats=5, starts_in=10):
    offer = TrainingOffer(lab_id=lab.id, title="qPCR screening", topics=["qPCR"],
                          audience=["laboratory"], modality="hands_on", languages=["en"],
                          start_date=today() + dt.timedelta(days=starts_in),
                          end_date=today() + dt.timedelta(days=starts_in + 2),
                          seats_total=seats, seats_remaining=seats)
    db.session.add(offer)
    db.session.flush()
    return offer


def seats(offer_id):
    """(seats_total, seats_remaining, seats held by active enrolments) as stored."""
    total, remaining = db.session.execute(select(TrainingOffer.seats_total, TrainingOffer.seats_remaining)
                                          .where(TrainingOffer.id == offer_id)).one()
    held = db.session.scalar(select(func.coalesce(func.sum(Enrolment.seats), 0)).where(
        Enrolment.offer_id == offer_id, Enrolment.status == "enrolled"))
    return total, remaining, held


def enrolment_count():
    return db.session.scalar(select(func.count()).select_from(Enrolment))


@pytest.fixture
def offer(app):
    lab = make_lab("KE", name="Trainer")
    return make_offer(lab)


def test_resizing_keeps_the_seats_taken(offer):
    manager = make_user("lab_manager", labs=[offer.lab])
    services.enrol(make_user("border_agent"), offer.id, {"seats": 2})
    services.update_offer(manager, offer.id, {"seats_total": 3})
    assert seats(offer.id) == (3, 1, 2)
    services.update_offer(manager, offer.id, {"seats_total": 9})
    assert seats(offer.id) == (9, 7, 2)


def test_resizing_is_decided_from_the_current_row_not_from_what_was_read(offer):
    manager = make_user("lab_manager", labs=[offer.lab])
    assert offer.seats_remaining == 5  # what this session read
    # two seats taken behind the session's back, as by a concurrent enrolment
    db.session.execute(update(TrainingOffer).where(TrainingOffer.id == offer.id)
                       .values(seats_remaining=3).execution_options(synchronize_session=False))
    assert offer.seats_remaining == 5
    services.update_offer(manager, offer.id, {"seats_total": 6})
    assert (offer.seats_total, offer.seats_remaining) == (6, 4)
    with pytest.raises(Conflict, match="2 seats of this training are taken"):
        services.update_offer(manager, offer.id, {"seats_total": 1})


def test_resizing_below_the_seats_taken_is_refused_and_changes_nothing(offer):
    manager = make_user("lab_manager", labs=[offer.lab])
    services.enrol(make_user("border_agent"), offer.id, {"seats": 4})
    version = offer.version
    with pytest.raises(Conflict) as refused:
        services.update_offer(manager, offer.id, {"seats_total": 3})
    assert refused.value.errors == {"seats_total": ["At least 4."]}
    db.session.expire_all()
    assert seats(offer.id) == (5, 1, 4) and offer.version == version


def test_resizing_from_a_stale_version_is_refused(offer):
    manager = make_user("lab_manager", labs=[offer.lab])
    with pytest.raises(Exception, match="changed by someone else"):
        services.update_offer(manager, offer.id, {"seats_total": 8}, version=offer.version + 1)
    assert seats(offer.id) == (5, 5, 0)


def test_a_second_active_enrolment_of_the_same_user_is_refused(offer):
    agent = make_user("border_agent")
    first = services.enrol(agent, offer.id, {"seats": 1})
    with pytest.raises(Conflict, match=f"already enrolled in this training \\(enrolment {first.id}"):
        services.enrol(agent, offer.id, {"seats": 2})
    assert enrolment_count() == 1 and seats(offer.id) == (5, 4, 1)


def test_enrolling_for_a_lab_needs_managing_it(offer):
    own, other = make_lab("UG"), make_lab("TZ")
    manager = make_user("lab_manager", labs=[own])
    with pytest.raises(Forbidden, match="only if you manage it"):
        services.enrol(manager, offer.id, {"lab_id": other.id})
    with pytest.raises(Forbidden):
        services.enrol(make_user("border_agent"), offer.id, {"lab_id": own.id})
    with pytest.raises(Invalid) as unknown:
        services.enrol(manager, offer.id, {"lab_id": 999_999})
    assert "lab_id" in unknown.value.errors
    assert enrolment_count() == 0 and seats(offer.id) == (5, 5, 0)
    assert services.enrol(manager, offer.id, {"lab_id": own.id}).lab_id == own.id


def test_anonymous_cannot_enrol_or_list(offer):
    with pytest.raises(Unauthorized):
        services.enrol(None, offer.id, {})
    with pytest.raises(Unauthorized):
        services.enrolments_query(None)


def test_cancelling_returns_the_seats_once(offer):
    agent = make_user("border_agent")
    enrolment = services.enrol(agent, offer.id, {"seats": 3})
    assert seats(offer.id) == (5, 2, 3)
    cancelled = services.cancel_enrolment(agent, enrolment.id)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert seats(offer.id) == (5, 5, 0)
    with pytest.raises(Conflict, match="is cancelled; it cannot be cancelled again"):
        services.cancel_enrolment(agent, enrolment.id)
    assert seats(offer.id) == (5, 5, 0)
    again = services.enrol(agent, offer.id, {"seats": 1})  # a cancelled enrolment is not active
    assert again.id != enrolment.id and seats(offer.id) == (5, 4, 1)


def test_only_the_enrollee_cancels(offer):
    agent = make_user("border_agent")
    enrolment = services.enrol(agent, offer.id, {})
    with pytest.raises(NotFound):
        services.cancel_enrolment(make_user("lab_manager"), enrolment.id)
    with pytest.raises(Forbidden, match="Only the person enrolled"):
        services.cancel_enrolment(make_user("admin"), enrolment.id)
    with pytest.raises(Unauthorized):
        services.cancel_enrolment(None, enrolment.id)
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).status == "enrolled"
    assert seats(offer.id) == (5, 4, 1)


def test_an_enrolment_cannot_be_cancelled_once_the_training_started(offer):
    agent = make_user("border_agent")
    enrolment = services.enrol(agent, offer.id, {})
    offer.start_date = today()
    db.session.flush()
    with pytest.raises(Conflict, match="already started"):
        services.cancel_enrolment(agent, enrolment.id)
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).status == "enrolled"
    assert seats(offer.id) == (5, 4, 1)


def test_the_list_holds_the_callers_enrolments_only(offer):
    agent, other = make_user("border_agent"), make_user("border_agent")
    later = make_offer(offer.lab, starts_in=30)
    mine = [services.enrol(agent, later.id, {}), services.enrol(agent, offer.id, {})]
    services.enrol(other, offer.id, {})
    listed = db.session.scalars(services.enrolments_query(agent)).all()
    assert [e.id for e in listed] == [mine[1].id, mine[0].id]  # soonest training first
