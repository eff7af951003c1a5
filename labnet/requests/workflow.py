"""The request workflows, in one place: statuses, which are open, and the transitions of
material requests (between labs) and testing requests (from border agencies to labs).

The API, the pages, the inbox and the templates all ask `material_actions` and
`testing_actions` what an actor may do with a request; services move requests only through
`MATERIAL` and `TESTING`; whatever depends on a request being open asks `MATERIAL_OPEN` and
`TESTING_OPEN`.
"""
from typing import NamedTuple

from labnet import authz


class Transition(NamedTuple):
    """An action moves a request from one of `sources` to `target`; `side` says whose
    managers act: the lab that holds the material, the lab that asked for it, or the lab
    a testing request is addressed to."""

    sources: tuple[str, ...]
    target: str
    side: str


START = "pending"  # where both workflows begin

MATERIAL_STATUSES = ("pending", "accepted", "declined", "shipped", "received", "cancelled")
# open: stock is promised or on its way, so the parties still depend on the request
MATERIAL_OPEN = ("pending", "accepted", "shipped")
# the units of a request in one of these statuses are out of the lot's stock: promised, on
# their way or delivered. Moving into them takes stock; moving out of them gives it back.
MATERIAL_HOLDS_STOCK = ("accepted", "shipped", "received")
MATERIAL = {
    "accept": Transition(("pending",), "accepted", "holder"),
    "decline": Transition(("pending",), "declined", "holder"),
    "ship": Transition(("accepted",), "shipped", "holder"),
    "receive": Transition(("shipped",), "received", "requester"),
    "cancel": Transition(("pending", "accepted"), "cancelled", "requester"),
}

DECLINED = MATERIAL["decline"].target


def stock_change(was: str, target: str, quantity: int) -> int:
    """Units a material request's move from `was` to `target` takes from (negative) or gives
    back to (positive) the lot's stock."""
    held_before, held_after = was in MATERIAL_HOLDS_STOCK, target in MATERIAL_HOLDS_STOCK
    return -quantity if held_after and not held_before else \
        quantity if held_before and not held_after else 0


TESTING_STATUSES = ("pending", "accepted", "samples_received", "declined", "reported")
TESTING_OPEN = ("pending", "accepted", "samples_received")
TESTING = {
    "accept": Transition(("pending",), "accepted", "lab"),
    "decline": Transition(("pending",), "declined", "lab"),
    # the chain of custody: the lab signs for the samples (date, condition, seals) once it
    # has accepted the work and before it reports on them
    "receive_samples": Transition(("accepted",), "samples_received", "lab"),
    "report": Transition(("accepted", "samples_received"), "reported", "lab"),
    # a new version of the report; earlier versions stay readable
    "amend": Transition(("reported",), "reported", "lab"),
}
REPORTING = ("report", "amend")  # the actions that take a report's body
SAMPLES_RECEIVED = TESTING["receive_samples"].target


def testing_transition(request, action: str) -> Transition:
    """The transition of `action` for this request. Samples declared on the request are
    reported on only once the lab has signed for them; a request without declared samples
    (the first version of the API) is reported from accepted as before."""
    step = TESTING[action]
    if action == "report" and request.samples:
        return step._replace(sources=(SAMPLES_RECEIVED,))
    return step

# what each party waits for: a material request the holder must answer or ship (every status
# the holder acts from), one the requester must receive; a testing request's outcome the
# agency reads
AWAITS_HOLDER = tuple(dict.fromkeys(status for step in MATERIAL.values() if step.side == "holder"
                                    for status in step.sources))
AWAITS_REQUESTER = ("shipped",)
CLOSED_FOR_AGENCY = ("reported", "declined")


def acts_for(actor, request, side: str) -> bool:
    """Whether the actor manages the lab on `side` of this request."""
    if side == "holder":
        return authz.holds_material_request(actor, request)
    if side == "requester":
        return authz.requests_material_request(actor, request)
    return authz.answers_testing_request(actor, request)


def material_actions(actor, request) -> list[str]:
    """The actions this actor may take on this material request now, in workflow order."""
    return [action for action, step in MATERIAL.items()
            if request.status in step.sources and acts_for(actor, request, step.side)]


def testing_actions(actor, request) -> list[str]:
    """The actions this actor may take on this testing request now, in workflow order."""
    return [action for action in TESTING
            if request.status in (step := testing_transition(request, action)).sources
            and acts_for(actor, request, step.side)]


def awaited_material_actions(actor, request) -> list[str]:
    """What the request waits for from this actor: the requester's receipt once shipped, the
    holder's answer or shipment before. A requester's cancelling is never awaited."""
    side = "requester" if request.status in AWAITS_REQUESTER else "holder"
    return [action for action in material_actions(actor, request) if MATERIAL[action].side == side]
