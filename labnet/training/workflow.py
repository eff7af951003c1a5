"""The enrolment workflow, in one place: the statuses an enrolment takes and how it gets them.

Enrolling takes seats from the offer (labnet.training.services.enrol) and leaves the
enrolment `enrolled`. The enrollee may cancel it before the training starts: the enrolment
becomes `cancelled` and its seats go back to the offer in the same transaction. An active
enrolment holds seats; a user holds at most one active enrolment per offer (a partial unique
index on the enrolments of ACTIVE status keeps it so under concurrent submits).
"""
from typing import NamedTuple

from labnet import authz
from labnet.database import today


class Transition(NamedTuple):
    """An action moves an enrolment from one of `sources` to `target`."""

    sources: tuple[str, ...]
    target: str


ENROLLED = "enrolled"  # what enrolling makes: the seats are taken
CANCELLED = "cancelled"  # the enrollee withdrew before the start: the seats went back
ENROLMENT_STATUSES = (ENROLLED, CANCELLED)
ACTIVE = ENROLLED  # the status that holds seats; one per user and offer at most

CANCEL = Transition((ENROLLED,), CANCELLED)


def open_to_cancel(enrolment) -> bool:
    """Whether the enrolment can still be cancelled: active, and the training not started."""
    return enrolment.status in CANCEL.sources and enrolment.offer.start_date > today()


def enrolment_actions(actor, enrolment) -> list[str]:
    """What this actor may do with this enrolment now (the pages ask, the service enforces)."""
    return ["cancel"] if authz.can_cancel_enrolment(actor, enrolment) \
        and open_to_cancel(enrolment) else []
