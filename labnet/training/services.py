"""Training offers and enrolments (seats taken without overbooking).

Seats move only in conditional UPDATEs decided from the offer's current row (enrolling,
cancelling, resizing), never as an absolute value from an earlier read, so at every commit
`seats_remaining = seats_total - seats held by active enrolments`.
"""
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from labnet import authz
from labnet.audit.services import changed_fields, delete_recorded, record_change, record_update, snapshot
from labnet.database import check_version, get_or_404, today, utcnow
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.labs.services import lab_removing
from labnet.notifications import notify
from labnet.reference.models import Country
from labnet.training import workflow
from labnet.training.models import Enrolment, TrainingOffer
from labnet.web.labels import label

FIELDS = ("title", "description", "topics", "audience", "modality", "languages", "start_date",
          "end_date", "city", "cost")


def offer_query(lab=None, q=None, upcoming=False):
    stmt = select(TrainingOffer).where(TrainingOffer.archived_at.is_(None)) \
        .order_by(TrainingOffer.start_date, TrainingOffer.id)
    if lab:
        stmt = stmt.where(TrainingOffer.lab_id == lab)
    if q:
        stmt = stmt.where(func.lower(TrainingOffer.title).like(f"%{q.lower()}%"))
    if upcoming:
        stmt = stmt.where(TrainingOffer.start_date > today())
    return stmt


def _apply(offer: TrainingOffer, data: dict) -> None:
    """Set the offer's own fields; its seats move through `_resize`."""
    for field in FIELDS:
        if field in data:
            setattr(offer, field, data[field])
    if data.get("country_code"):
        if db.session.get(Country, data["country_code"].upper()) is None:
            raise Invalid(_("Unknown country code."), {"country": [_("Unknown ISO 3166-1 code.")]})
        offer.country_code = data["country_code"].upper()
    if offer.end_date < offer.start_date:
        raise Invalid(_("The offer cannot end before it starts."), {"end_date": [_("Before start_date.")]})


def _resize(actor, offer: TrainingOffer, seats_total: int, version: int | None) -> None:
    """Give the offer `seats_total` seats, keeping the seats taken: one UPDATE moves
    seats_remaining by the change of seats_total, read from the current row, and refuses
    (409) a total below the seats taken at that moment."""
    read_total = offer.seats_total
    change = seats_total - TrainingOffer.seats_total  # SET reads the row before the UPDATE
    conditions = [TrainingOffer.id == offer.id, TrainingOffer.seats_remaining + change >= 0]
    if version is not None:  # the client named the version it read: nobody may have changed it
        conditions.append(TrainingOffer.version == offer.version)
    resized = db.session.execute(
        update(TrainingOffer).where(*conditions)
        .values(seats_total=seats_total, seats_remaining=TrainingOffer.seats_remaining + change,
                version=case((TrainingOffer.seats_total != seats_total, TrainingOffer.version + 1),
                             else_=TrainingOffer.version))
        .returning(TrainingOffer.seats_total, TrainingOffer.seats_remaining, TrainingOffer.version)
        .execution_options(synchronize_session=False)).first()
    if resized is None:
        current = db.session.execute(
            select(TrainingOffer.seats_total, TrainingOffer.seats_remaining, TrainingOffer.version)
            .where(TrainingOffer.id == offer.id)).one()
        if version is not None:
            check_version(current, offer.version, "training offer")
        taken = current.seats_total - current.seats_remaining
        raise Conflict(ngettext("%(num)s seat of this training is taken, so it cannot have fewer "
                                "than %(num)s; nothing was changed.",
                                "%(num)s seats of this training are taken, so it cannot have "
                                "fewer than %(num)s; nothing was changed.", taken),
                       {"seats_total": [_("At least %(num)s.", num=taken)]})
    for field in ("seats_total", "seats_remaining", "version"):
        set_committed_value(offer, field, getattr(resized, field))
    if read_total != seats_total:
        record_change(actor, "resize", offer, {"seats_total": [read_total, seats_total]},
                      lab_id=offer.lab_id)


def create_offer(actor, data: dict) -> TrainingOffer:
    lab = db.session.get(Lab, data["lab_id"])
    if lab is None:
        raise Invalid(_("Unknown lab."), {"lab_id": [_("Unknown lab id.")]})
    authz.require(authz.can_edit_lab(actor, lab), actor, _("Only the providing lab's managers offer training."))
    offer = TrainingOffer(lab_id=lab.id, seats_total=data["seats_total"],
                          seats_remaining=data["seats_total"])
    _apply(offer, data)
    db.session.add(offer)
    db.session.flush()
    record_change(actor, "create", offer, snapshot(offer), lab_id=lab.id)
    return offer


def update_offer(actor, offer_id: int, data: dict, version: int | None = None) -> TrainingOffer:
    offer = get_or_404(TrainingOffer, offer_id, "training offer")
    authz.require(authz.can_edit_lab(actor, offer.lab), actor, _("Only the providing lab's managers edit it."))
    check_version(offer, version, "training offer")
    if "lab_id" in data and data["lab_id"] != offer.lab_id:
        raise Invalid(_("An offer cannot move to another lab."), {"lab_id": [_("Cannot be changed.")]})
    _apply(offer, data)
    if changed_fields(offer):
        record_update(actor, offer, lab_id=offer.lab_id)  # flushes, checking the version
    if "seats_total" in data:
        _resize(actor, offer, data["seats_total"], version)
    return offer


def delete_offer(actor, offer_id: int, version: int | None = None) -> None:
    offer = get_or_404(TrainingOffer, offer_id, "training offer")
    authz.require(authz.can_edit_lab(actor, offer.lab), actor, _("Only the providing lab's managers remove it."))
    check_version(offer, version, "training offer")
    enrolled = db.session.scalar(select(func.count()).where(Enrolment.offer_id == offer.id))
    if not enrolled:
        delete_recorded(actor, offer, lab_id=offer.lab_id)
    elif offer.archived_at is None:  # its enrollees still read their enrolment
        offer.archived_at = utcnow()
        record_change(actor, "archive", offer, changed_fields(offer), lab_id=offer.lab_id)


# enrolments

def enrolments_query(actor):
    """The caller's own enrolments, soonest training first."""
    authz.require(authz.can_enrol(actor), actor, _("Log in to see your enrolments."))
    return (select(Enrolment).join(TrainingOffer, TrainingOffer.id == Enrolment.offer_id)
            .where(Enrolment.user_id == actor.id)
            .order_by(TrainingOffer.start_date, Enrolment.id))


def _active_enrolment(user_id: int, offer_id: int) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(
        Enrolment.offer_id == offer_id, Enrolment.user_id == user_id,
        Enrolment.status == workflow.ACTIVE))


def _already_enrolled(enrolment: Enrolment | None) -> Conflict:
    if enrolment is not None:
        return Conflict(ngettext("You are already enrolled in this training (enrolment %(id)s, %(num)s "
                                 "seat); cancel that enrolment to enrol again.",
                                 "You are already enrolled in this training (enrolment %(id)s, %(num)s "
                                 "seats); cancel that enrolment to enrol again.",
                                 enrolment.seats, id=enrolment.id))
    return Conflict(_("You are already enrolled in this training; cancel that enrolment to enrol again."))


def enrol(actor, offer_id: int, data: dict) -> Enrolment:
    """Enrol the actor, once per offer, taking seats with one conditional UPDATE: concurrent
    enrolments never overbook, and a double submit cannot make two enrolments."""
    authz.require(authz.can_enrol(actor), actor, _("Log in to enrol."))
    offer = get_or_404(TrainingOffer, offer_id, "training offer")
    if offer.archived_at is not None:
        raise Conflict(_("This training offer was withdrawn by its lab; it takes no enrolments."))
    if offer.start_date <= today():
        raise Conflict(_("This training has already started."))
    seats, lab_id = data.get("seats", 1), data.get("lab_id")
    if lab_id is not None:
        if db.session.get(Lab, lab_id) is None:
            raise Invalid(_("Unknown lab."), {"lab_id": [_("Unknown lab id.")]})
        authz.require(authz.can_enrol_for_lab(actor, lab_id), actor,
                      _("You may enrol for a lab only if you manage it."))
    existing = _active_enrolment(actor.id, offer.id)
    if existing is not None:
        raise _already_enrolled(existing)
    enrolment = Enrolment(offer_id=offer.id, user_id=actor.id, lab_id=lab_id, seats=seats,
                          status=workflow.ENROLLED)
    # the enrolment row first, then the offer's: the order cancelling takes too, so the two
    # never wait for each other. A concurrent duplicate waits here for the first and fails on
    # the unique index; the refusal rolls the transaction back.
    db.session.add(enrolment)
    try:
        db.session.flush()
    except IntegrityError:
        raise _already_enrolled(None) from None
    taken = db.session.execute(
        update(TrainingOffer).where(TrainingOffer.id == offer.id,
                                    TrainingOffer.seats_remaining >= seats)
        .values(seats_remaining=TrainingOffer.seats_remaining - seats)
        .returning(TrainingOffer.seats_remaining)
        .execution_options(synchronize_session=False)).first()
    if taken is None:
        raise Conflict(_("Not enough seats left in this training."))
    set_committed_value(offer, "seats_remaining", taken.seats_remaining)
    record_change(actor, "enrol", enrolment, snapshot(enrolment), lab_id=offer.lab_id,
                  party_lab_id=enrolment.lab_id, party_user_id=enrolment.user_id)
    notify([actor], "enrolment", template="enrolment", link="/enrolments", enrolment=enrolment,
           offer=offer, action="enrol")
    return enrolment


def get_enrolment(actor, enrolment_id: int) -> Enrolment:
    authz.require(authz.can_enrol(actor), actor, _("Log in to see your enrolments."))
    enrolment = get_or_404(Enrolment, enrolment_id, "enrolment")
    if not authz.can_read_enrolment(actor, enrolment):
        raise NotFound(_("No enrolment with id %(id)s.", id=enrolment_id))  # hide whose it is
    return enrolment


def cancel_enrolment(actor, enrolment_id: int) -> Enrolment:
    """Cancel an enrolment before the training starts; its seats go back to the offer in the
    same transaction. The status moves in a conditional UPDATE, so a second cancel (or two
    at once) returns the seats once and is 409."""
    enrolment = get_enrolment(actor, enrolment_id)
    authz.require(authz.can_cancel_enrolment(actor, enrolment), actor,
                  _("Only the person enrolled may cancel this enrolment."))
    if enrolment.status in workflow.CANCEL.sources and not workflow.open_to_cancel(enrolment):
        raise Conflict(_("This training has already started; the enrolment can no longer be "
                       "cancelled."))
    step = workflow.CANCEL
    moved = db.session.execute(
        update(Enrolment).where(Enrolment.id == enrolment.id, Enrolment.status.in_(step.sources))
        .values(status=step.target, cancelled_at=utcnow()).returning(Enrolment.seats)
        .execution_options(synchronize_session=False)).first()
    if moved is None:
        db.session.refresh(enrolment, ["status"])
        raise Conflict(_("This enrolment is %(status)s; it cannot be cancelled again.",
                         status=label(enrolment.status)))
    returned = db.session.execute(
        update(TrainingOffer).where(TrainingOffer.id == enrolment.offer_id)
        .values(seats_remaining=TrainingOffer.seats_remaining + moved.seats)
        .returning(TrainingOffer.seats_remaining)
        .execution_options(synchronize_session=False)).one()
    db.session.expire(enrolment, ["status", "cancelled_at"])
    set_committed_value(enrolment.offer, "seats_remaining", returned.seats_remaining)
    record_change(actor, "cancel", enrolment, {"status": [step.sources[0], step.target]},
                  lab_id=enrolment.offer.lab_id, party_lab_id=enrolment.lab_id,
                  party_user_id=enrolment.user_id)
    notify([actor], "enrolment", template="enrolment", link="/enrolments", enrolment=enrolment,
           offer=enrolment.offer, action="cancel")
    return enrolment


@lab_removing.connect
def enrolments_naming_lab(lab, **_signal) -> list[str]:
    """People enrolled in a lab's training still read their enrolments: the lab is archived
    rather than deleted."""
    enrolled = db.session.scalar(select(func.count()).select_from(Enrolment).join(TrainingOffer)
                                 .where(TrainingOffer.lab_id == lab.id))
    return [ngettext("%(num)s enrolment in its training", "%(num)s enrolments in its training", enrolled)] \
        if enrolled else []
