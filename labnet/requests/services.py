"""The request workflows: material requests between labs, testing requests from border agencies.

Every transition is a conditional UPDATE on the request's status, so two clients can never
both move a request from the same state; stock is taken the same way, in the same transaction.
Which transitions exist, who takes them and which statuses are open is labnet.requests.workflow.
"""
from sqlalchemy import func, or_, select, update

from labnet import authz
from labnet.audit.services import record_change
from labnet.catalogue.lookup import element_map, elements_by_codes, events_by_names, find_events
from labnet.database import get_or_404, utcnow
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.holdings.services import holding_removing
from labnet.labs.models import Lab
from labnet.labs.services import lab_removing
from labnet.requests import workflow
from labnet.requests.models import (
    MaterialRequest, MaterialRequestStep, TestingRequest, TestingRequestStep,
)


def _move(model, record, step: workflow.Transition) -> None:
    """Take the step if the request is still in one of its sources, else 409."""
    moved = db.session.execute(
        update(model).where(model.id == record.id, model.status.in_(step.sources))
        .values(status=step.target, updated_at=utcnow()).returning(model.id)).first()
    if moved is None:
        db.session.refresh(record, ["status"])
        raise Conflict(f"This request is {record.status}; it cannot be moved to {step.target}.")
    db.session.expire(record, ["status", "updated_at"])


# material requests

def material_requests_query(actor, status=None):
    authz.require(authz.can_see_private(actor), actor)
    stmt = (select(MaterialRequest).join(Holding, Holding.id == MaterialRequest.holding_id)
            .where(authz.material_requests_visible(actor, MaterialRequest.requester_lab_id,
                                                   Holding.lab_id))
            .order_by(MaterialRequest.created_at.desc(), MaterialRequest.id.desc()))
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
                              purpose=data.get("purpose"), created_by_id=actor.id,
                              status=workflow.START)
    db.session.add(request)
    db.session.flush()
    db.session.add(MaterialRequestStep(request_id=request.id, status=workflow.START,
                                       actor_id=actor.id))
    record_change(actor, "request", request, {"status": [None, workflow.START]},
                  lab_id=holding.lab_id)
    return request


def act_on_material_request(actor, request_id: int, action: str, note: str | None = None):
    request = get_material_request(actor, request_id)
    step = workflow.MATERIAL[action]
    authz.require(workflow.acts_for(actor, request, step.side), actor,
                  f"Only the {step.side} lab's managers may {action} this request.")
    was, target = request.status, step.target
    _move(MaterialRequest, request, step)
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
    stmt = (select(TestingRequest)
            .where(authz.testing_requests_visible(actor, TestingRequest.lab_id,
                                                  TestingRequest.created_by_id))
            .order_by(TestingRequest.created_at.desc(), TestingRequest.id.desc()))
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
    events = [e.unique_identifier for e in events_by_names(data.get("events", []), "events")]
    elements = [e.code for e in elements_by_codes(data.get("elements", []), "elements")]
    request = TestingRequest(
        lab_id=lab.id, created_by_id=actor.id, commodity=data["commodity"], matrix=data["matrix"],
        events=events, elements=elements, sample_count=data.get("sample_count", 1),
        needed_by=data.get("needed_by"), port=data.get("port"), status=workflow.START)
    db.session.add(request)
    db.session.flush()
    db.session.add(TestingRequestStep(request_id=request.id, status=workflow.START,
                                      actor_id=actor.id))
    record_change(actor, "request", request, {"status": [None, workflow.START]}, lab_id=lab.id)
    return request


def act_on_testing_request(actor, request_id: int, action: str, data: dict):
    request = get_testing_request(actor, request_id)
    step = workflow.TESTING[action]
    authz.require(workflow.acts_for(actor, request, step.side), actor,
                  f"Only the addressed lab's managers may {action} this request.")
    was, target = request.status, step.target
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
    _move(TestingRequest, request, step)
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
    events = find_events(names)
    rest = [n for n in names if n not in events]
    elements = element_map(rest, field) if rest else {}
    return list(dict.fromkeys(events[n].unique_identifier if n in events else elements[n].code
                              for n in names))


def inbox(actor) -> list[dict]:
    """What awaits this user's action, newest first."""
    authz.require(authz.can_see_private(actor), actor)
    items = []
    labs = actor.lab_ids
    if labs:
        rows = db.session.scalars(
            select(MaterialRequest).join(Holding, Holding.id == MaterialRequest.holding_id).where(
                or_(Holding.lab_id.in_(labs) & MaterialRequest.status.in_(workflow.AWAITS_HOLDER),
                    MaterialRequest.requester_lab_id.in_(labs)
                    & MaterialRequest.status.in_(workflow.AWAITS_REQUESTER)))
        ).all()
        for r in rows:
            items.append({"kind": "material_request", "id": r.id, "status": r.status,
                          "summary": f"{r.quantity} × {r.holding.reference_material.code} for "
                                     f"{r.requester_lab.name}",
                          "actions": workflow.awaited_material_actions(actor, r),
                          "updated_at": r.updated_at})
        for t in db.session.scalars(select(TestingRequest).where(
                TestingRequest.lab_id.in_(labs), TestingRequest.status.in_(workflow.TESTING_OPEN))):
            items.append({"kind": "testing_request", "id": t.id, "status": t.status,
                          "summary": f"{t.sample_count} sample(s) of {t.commodity} ({t.matrix})",
                          "actions": workflow.testing_actions(actor, t),
                          "updated_at": t.updated_at})
    if authz.can_create_testing_request(actor):
        for t in db.session.scalars(select(TestingRequest).where(
                TestingRequest.created_by_id == actor.id,
                TestingRequest.status.in_(workflow.CLOSED_FOR_AGENCY))):
            items.append({"kind": "testing_request", "id": t.id, "status": t.status,
                          "summary": f"{t.commodity}: {t.status}" + (
                              f", detected {', '.join(t.detected) or 'nothing'}" if t.status == "reported" else ""),
                          "actions": ["read"], "updated_at": t.updated_at})
    items.sort(key=lambda i: (i["updated_at"], i["id"]), reverse=True)
    return items


# What open requests depend on cannot be deleted under them. Labs and holdings sit below
# requests and do not know them: they announce a deletion, and these receivers, connected when
# this module is imported (create_app imports it with the request blueprints), refuse it.

@lab_removing.connect
def refuse_lab_with_open_requests(lab, **_) -> None:
    """A lab that asked for, holds or was sent an open request stays until it is closed."""
    open_material = db.session.scalar(
        select(func.count()).select_from(MaterialRequest).join(Holding).where(
            MaterialRequest.status.in_(workflow.MATERIAL_OPEN),
            or_(MaterialRequest.requester_lab_id == lab.id, Holding.lab_id == lab.id)))
    open_testing = db.session.scalar(select(func.count()).where(
        TestingRequest.lab_id == lab.id, TestingRequest.status.in_(workflow.TESTING_OPEN)))
    if open_material or open_testing:
        raise Conflict("This lab still has open requests; close them before deleting it.")


@holding_removing.connect
def refuse_holding_with_open_requests(holding, **_) -> None:
    """A holding with open requests stays until they are answered."""
    open_requests = db.session.scalar(select(func.count()).where(
        MaterialRequest.holding_id == holding.id,
        MaterialRequest.status.in_(workflow.MATERIAL_OPEN)))
    if open_requests:
        raise Conflict("Requests for this holding are still open; answer them first.")
