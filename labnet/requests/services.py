"""The request workflows: material requests between labs, testing requests from border agencies.

Every transition is a conditional UPDATE on the request's status, so two clients can never
both move a request from the same state; stock is taken the same way, in the same transaction.
"""
from sqlalchemy import or_, select, update

from labnet import authz
from labnet.audit.services import record_change
from labnet.database import get_or_404
from labnet.catalogue.lookup import elements_by_codes, events_by_uids
from labnet.database import utcnow
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Lab
from labnet.requests.models import (
    MaterialRequest, MaterialRequestStep, TestingRequest, TestingRequestStep,
)

# action: (allowed from, to, which side acts)
MATERIAL_TRANSITIONS = {
    "accept": (("pending",), "accepted", "holder"),
    "decline": (("pending",), "declined", "holder"),
    "ship": (("accepted",), "shipped", "holder"),
    "receive": (("shipped",), "received", "requester"),
    "cancel": (("pending", "accepted"), "cancelled", "requester"),
}
TESTING_TRANSITIONS = {
    "accept": (("pending",), "accepted"),
    "decline": (("pending",), "declined"),
    "report": (("accepted",), "reported"),
}


def _move(model, record, allowed: tuple, target: str) -> None:
    moved = db.session.execute(
        update(model).where(model.id == record.id, model.status.in_(allowed))
        .values(status=target, updated_at=utcnow()).returning(model.id)).first()
    if moved is None:
        db.session.refresh(record, ["status"])
        raise Conflict(f"This request is {record.status}; it cannot be moved to {target}.")
    db.session.expire(record, ["status", "updated_at"])


# material requests

def material_requests_query(actor, status=None):
    authz.require(authz.can_see_private(actor), actor)
    stmt = select(MaterialRequest).order_by(MaterialRequest.created_at.desc(), MaterialRequest.id.desc())
    if not authz.is_admin(actor):
        labs = actor.lab_ids
        stmt = stmt.join(Holding, Holding.id == MaterialRequest.holding_id).where(
            or_(MaterialRequest.requester_lab_id.in_(labs), Holding.lab_id.in_(labs)))
    if status:
        stmt = stmt.where(MaterialRequest.status == status)
    return stmt


def get_material_request(actor, request_id: int) -> MaterialRequest:
    authz.require(authz.can_see_private(actor), actor)
    request = get_or_404(MaterialRequest, request_id, "material request")
    if not authz.can_read_material_request(actor, request):
        raise NotFound(f"No material request with id {request_id}.")  # hide that it exists
    return request


def create_material_request(actor, data: dict) -> MaterialRequest:
    authz.require(authz.can_request_material(actor, data["requester_lab_id"]), actor,
                  "Only a manager of the requesting lab may request for it.")
    holding = db.session.get(Holding, data["holding_id"])
    if holding is None:
        raise Invalid("Unknown holding.", {"holding_id": ["Unknown holding id."]})
    if holding.lab_id == data["requester_lab_id"]:
        raise Invalid("A lab cannot request its own holding.", {"holding_id": ["Held by the requester."]})
    if not holding.shareable:
        raise Conflict("The holder does not share this holding.")
    if holding.quantity < data["quantity"]:
        raise Conflict(f"Only {holding.quantity} {holding.unit} in stock.",
                       {"quantity": [f"At most {holding.quantity}."]})
    request = MaterialRequest(requester_lab_id=data["requester_lab_id"], holding_id=holding.id,
                              quantity=data["quantity"], needed_by=data.get("needed_by"),
                              purpose=data.get("purpose"), created_by_id=actor.id, status="pending")
    db.session.add(request)
    db.session.flush()
    db.session.add(MaterialRequestStep(request_id=request.id, status="pending", actor_id=actor.id))
    record_change(actor, "request", request, {"status": [None, "pending"]}, lab_id=holding.lab_id)
    return request


def act_on_material_request(actor, request_id: int, action: str, note: str | None = None):
    request = get_material_request(actor, request_id)
    allowed, target, side = MATERIAL_TRANSITIONS[action]
    may = (authz.holds_material_request(actor, request) if side == "holder"
           else authz.requests_material_request(actor, request))
    authz.require(may, actor, f"Only the {side} lab's managers may {action} this request.")
    was = request.status
    _move(MaterialRequest, request, allowed, target)
    if action == "accept":
        taken = db.session.execute(
            update(Holding).where(Holding.id == request.holding_id,
                                  Holding.quantity >= request.quantity)
            .values(quantity=Holding.quantity - request.quantity).returning(Holding.quantity)).first()
        if taken is None:
            raise Conflict("Not enough stock left in this holding to accept the request.")
    elif action == "cancel" and was == "accepted":
        db.session.execute(update(Holding).where(Holding.id == request.holding_id)
                           .values(quantity=Holding.quantity + request.quantity))
    db.session.expire(request.holding, ["quantity"])
    db.session.add(MaterialRequestStep(request_id=request.id, status=target, actor_id=actor.id,
                                       note=note))
    db.session.flush()
    db.session.expire(request, ["history"])
    record_change(actor, action, request, {"status": [was, target]}, lab_id=request.holding.lab_id)
    return request


# testing requests

def testing_requests_query(actor, status=None):
    authz.require(authz.can_see_private(actor), actor)
    stmt = select(TestingRequest).order_by(TestingRequest.created_at.desc(), TestingRequest.id.desc())
    if not authz.is_admin(actor):
        stmt = stmt.where(or_(TestingRequest.lab_id.in_(actor.lab_ids),
                              TestingRequest.created_by_id == actor.id))
    if status:
        stmt = stmt.where(TestingRequest.status == status)
    return stmt


def get_testing_request(actor, request_id: int) -> TestingRequest:
    authz.require(authz.can_see_private(actor), actor)
    request = get_or_404(TestingRequest, request_id, "testing request")
    if not authz.can_read_testing_request(actor, request):
        raise NotFound(f"No testing request with id {request_id}.")
    return request


def create_testing_request(actor, data: dict) -> TestingRequest:
    authz.require(authz.can_create_testing_request(actor), actor,
                  "Only border and customs agents send testing requests.")
    lab = db.session.get(Lab, data["lab_id"])
    if lab is None:
        raise Invalid("Unknown lab.", {"lab_id": ["Unknown lab id."]})
    if not lab.accepts_external_samples:
        raise Conflict(f"{lab.name} does not accept external samples.")
    if not data.get("events") and not data.get("elements"):
        raise Invalid("Name at least one event or element to test for.",
                      {"events": ["Give events and/or elements."]})
    events = [e.unique_identifier for e in events_by_uids(data.get("events", []), "events")]
    elements = [e.code for e in elements_by_codes(data.get("elements", []), "elements")]
    request = TestingRequest(
        lab_id=lab.id, created_by_id=actor.id, commodity=data["commodity"], matrix=data["matrix"],
        events=events, elements=elements, sample_count=data.get("sample_count", 1),
        needed_by=data.get("needed_by"), port=data.get("port"), status="pending")
    db.session.add(request)
    db.session.flush()
    db.session.add(TestingRequestStep(request_id=request.id, status="pending", actor_id=actor.id))
    record_change(actor, "request", request, {"status": [None, "pending"]}, lab_id=lab.id)
    return request


def act_on_testing_request(actor, request_id: int, action: str, data: dict):
    request = get_testing_request(actor, request_id)
    authz.require(authz.answers_testing_request(actor, request), actor,
                  f"Only the addressed lab's managers may {action} this request.")
    allowed, target = TESTING_TRANSITIONS[action]
    was = request.status
    if action == "report":
        targets = set(request.events) | set(request.elements)
        detected, not_detected = _targets(data.get("detected", []), "detected"), \
            _targets(data.get("not_detected", []), "not_detected")
        outside = [t for t in detected + not_detected if t not in targets]
        if outside:
            raise Invalid("Report only on what was asked.",
                          {"detected": [f"{t} was not requested." for t in outside]})
        if set(detected) & set(not_detected):
            raise Invalid("A target cannot be both detected and not detected.",
                          {"not_detected": ["Overlaps detected."]})
    _move(TestingRequest, request, allowed, target)
    if action == "report":
        request.detected, request.not_detected = detected, not_detected
        request.report_reference = data["report_reference"]
    db.session.add(TestingRequestStep(request_id=request.id, status=target, actor_id=actor.id,
                                      note=data.get("note")))
    db.session.flush()
    db.session.expire(request, ["history"])
    record_change(actor, action, request, {"status": [was, target]}, lab_id=request.lab_id)
    return request


def _targets(names: list[str], field: str) -> list[str]:
    """Canonical names of events (by UID) or elements (by code or alias)."""
    from labnet.catalogue.lookup import uid_key
    from labnet.catalogue.models import Event

    keys = {uid_key(n): n for n in names}
    events = {e.uid_key: e.unique_identifier for e in
              db.session.scalars(select(Event).where(Event.uid_key.in_(keys)))}
    rest = [n for k, n in keys.items() if k not in events]
    return list(events.values()) + [e.code for e in elements_by_codes(rest, field)] if rest \
        else list(events.values())


def inbox(actor) -> list[dict]:
    """What awaits this user's action, newest first."""
    authz.require(authz.can_see_private(actor), actor)
    items = []
    labs = actor.lab_ids
    if labs:
        rows = db.session.scalars(
            select(MaterialRequest).join(Holding, Holding.id == MaterialRequest.holding_id).where(
                or_(Holding.lab_id.in_(labs) & MaterialRequest.status.in_(("pending", "accepted")),
                    MaterialRequest.requester_lab_id.in_(labs) & (MaterialRequest.status == "shipped")))
        ).all()
        for r in rows:
            actions = {"pending": ["accept", "decline"], "accepted": ["ship"],
                       "shipped": ["receive"]}[r.status]
            items.append({"kind": "material_request", "id": r.id, "status": r.status,
                          "summary": f"{r.quantity} × {r.holding.reference_material.code} for "
                                     f"{r.requester_lab.name}",
                          "actions": actions, "updated_at": r.updated_at})
        for t in db.session.scalars(select(TestingRequest).where(
                TestingRequest.lab_id.in_(labs), TestingRequest.status.in_(("pending", "accepted")))):
            items.append({"kind": "testing_request", "id": t.id, "status": t.status,
                          "summary": f"{t.sample_count} sample(s) of {t.commodity} ({t.matrix})",
                          "actions": ["accept", "decline"] if t.status == "pending" else ["report"],
                          "updated_at": t.updated_at})
    if actor.role == "border_agent":
        for t in db.session.scalars(select(TestingRequest).where(
                TestingRequest.created_by_id == actor.id, TestingRequest.status.in_(("reported", "declined")))):
            items.append({"kind": "testing_request", "id": t.id, "status": t.status,
                          "summary": f"{t.commodity}: {t.status}" + (
                              f", detected {', '.join(t.detected) or 'nothing'}" if t.status == "reported" else ""),
                          "actions": ["read"], "updated_at": t.updated_at})
    items.sort(key=lambda i: (i["updated_at"], i["id"]), reverse=True)
    return items
