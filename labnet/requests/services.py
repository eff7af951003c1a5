"""The request workflows: material requests between labs, testing requests from border agencies.

Every transition is a conditional UPDATE on the request's status, so two clients can never
both move a request from the same state; stock is taken the same way, in the same transaction.
Which transitions exist, who takes them and which statuses are open is labnet.requests.workflow.
"""
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from labnet import authz
from labnet.audit.services import record_change
from labnet.catalogue.lookup import elements_by_codes, events_by_names, find_elements, find_events
from labnet.database import get_or_404, today, utcnow
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.holdings.services import holding_removing
from labnet.labs.models import Lab
from labnet.labs.services import lab_removing
from labnet.requests import notices, reports, workflow
from labnet.requests.models import (
    MaterialRequest,
    MaterialRequestStep,
    TestingReport,
    TestingRequest,
    TestingRequestStep,
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
    """Ask a lab for units of one of its lots. The lot must be requestable (shared, unexpired,
    not archived), hold the units, and have no other open request from the same lab."""
    authz.require(authz.can_request_material(actor, data["requester_lab_id"]), actor,
                  "Only a manager of the requesting lab may request for it.")
    holding = db.session.get(Holding, data["holding_id"])
    if holding is None:
        raise Invalid("Unknown holding.", {"holding_id": ["Unknown holding id."]})
    if holding.lab_id == data["requester_lab_id"]:
        raise Invalid("A lab cannot request its own holding.", {"holding_id": ["Held by the requester."]})
    reason = holding.unavailable_reason(today())
    if reason:
        raise Conflict(f"{reason} It cannot be requested.", {"holding_id": [reason]})
    if holding.quantity < data["quantity"]:
        raise Conflict(f"Only {holding.quantity} {holding.unit} in stock.",
                       {"quantity": [f"At most {holding.quantity}."]})
    _refuse_second_open_request(data["requester_lab_id"], holding.id)
    request = MaterialRequest(requester_lab_id=data["requester_lab_id"], holding_id=holding.id,
                              quantity=data["quantity"], needed_by=data.get("needed_by"),
                              purpose=data.get("purpose"), created_by_id=actor.id,
                              status=workflow.START)
    try:
        with db.session.begin_nested():  # the unique index decides between two racing requests
            db.session.add(request)
            db.session.flush()
    except IntegrityError:
        _refuse_second_open_request(data["requester_lab_id"], holding.id)
        raise Conflict("Another request for this lot was made at the same moment; read your "
                       "lab's requests, then try again if you still need it.") from None
    db.session.add(MaterialRequestStep(request_id=request.id, status=workflow.START,
                                       actor_id=actor.id))
    record_change(actor, "request", request, {"status": [None, workflow.START]},
                  lab_id=holding.lab_id, party_lab_id=request.requester_lab_id)
    notices.material_request_made(request)
    return request


def _refuse_second_open_request(requester_lab_id: int, holding_id: int) -> None:
    open_id = db.session.scalar(select(MaterialRequest.id).where(
        MaterialRequest.requester_lab_id == requester_lab_id,
        MaterialRequest.holding_id == holding_id,
        MaterialRequest.status.in_(workflow.MATERIAL_OPEN)))
    if open_id is not None:
        raise Conflict(f"Your lab already has an open request for this lot (request {open_id}); "
                       "change or cancel that one instead.", {"holding_id": [
                           f"Open request {open_id} already asks for this lot."]})


def act_on_material_request(actor, request_id: int, action: str, note: str | None = None):
    """Take a workflow action. The move is decided by a conditional UPDATE on the current row,
    and the stock it takes or gives back moves in the same transaction, by what the request
    actually left (a cancel racing an accept gives back stock only if it cancelled the
    acceptance). `note` is shown in the history; a decline requires it: it is the reason."""
    request = get_material_request(actor, request_id)
    step = workflow.MATERIAL[action]
    authz.require(workflow.acts_for(actor, request, step.side), actor,
                  f"Only the {step.side} lab's managers may {action} this request.")
    if action == "decline" and not (note or "").strip():
        raise Invalid("Say why you decline: the requester reads the reason.",
                      {"reason": ["Give the reason for declining."]})
    was = _move_material(request, step)
    change = workflow.stock_change(was, step.target, request.quantity)
    if change < 0:
        _take_stock(request)
    elif change > 0:
        db.session.execute(update(Holding).where(Holding.id == request.holding_id).values(
            quantity=Holding.quantity + change, version=Holding.version + 1))
    db.session.expire(request.holding, ["quantity", "version"])
    db.session.add(MaterialRequestStep(request_id=request.id, status=step.target,
                                       actor_id=actor.id, note=note))
    db.session.flush()
    db.session.expire(request, ["history"])
    changes = {"status": [was, step.target]}
    if change:
        changes["stock"] = change
    record_change(actor, action, request, changes, lab_id=request.holding.lab_id,
                  party_lab_id=request.requester_lab_id)
    notices.material_request_moved(request, action, note)
    return request


def _move_material(request: MaterialRequest, step: workflow.Transition) -> str:
    """Move the request to the step's target from whichever source it is in now, one
    conditional UPDATE per source, and answer the status it left (the stock depends on it).
    When none matches, the status is read again: another client may have moved the request
    from one source to another meanwhile; otherwise the move is refused with 409."""
    for _ in range(len(step.sources) + 1):
        for source in step.sources:
            moved = db.session.execute(
                update(MaterialRequest)
                .where(MaterialRequest.id == request.id, MaterialRequest.status == source)
                .values(status=step.target, updated_at=utcnow())
                .returning(MaterialRequest.id)).first()
            if moved is not None:
                db.session.expire(request, ["status", "updated_at"])
                return source
        db.session.refresh(request, ["status"])
        if request.status not in step.sources:
            break
    raise Conflict(f"This request is {request.status}; it cannot be moved to {step.target}.")


def _take_stock(request: MaterialRequest) -> None:
    """Take the request's units from its lot, if the lot is still requestable and holds them,
    in one conditional UPDATE; otherwise 409 with the reason (the transaction rolls back, so
    the request stays pending)."""
    taken = db.session.execute(
        update(Holding).where(Holding.id == request.holding_id,
                              Holding.quantity >= request.quantity, Holding.requestable(today()))
        .values(quantity=Holding.quantity - request.quantity, version=Holding.version + 1)
        .returning(Holding.quantity)).first()
    if taken is not None:
        return
    holding = request.holding
    db.session.refresh(holding)
    reason = holding.unavailable_reason(today())
    if reason:
        raise Conflict(f"{reason} The request cannot be accepted.")
    raise Conflict(f"Not enough stock left in this holding to accept the request: "
                   f"{holding.quantity} {holding.unit} left, {request.quantity} asked.")


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
    if lab.archived_at is not None:
        raise Conflict(f"{lab.name} no longer takes part in labnet (archived); choose another lab.")
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
    record_change(actor, "request", request, {"status": [None, workflow.START]}, lab_id=lab.id,
                  party_user_id=request.created_by_id)
    notices.testing_request_made(request)
    return request


def act_on_testing_request(actor, request_id: int, action: str, data: dict):
    """Accept, decline, report or amend a testing request. A report (or an amendment, which
    records a new version of it) accounts for every requested target exactly once."""
    request = get_testing_request(actor, request_id)
    step = workflow.TESTING[action]
    authz.require(workflow.acts_for(actor, request, step.side), actor,
                  f"Only the addressed lab's managers may {action} this request.")
    if request.status not in step.sources:
        raise Conflict(f"This request is {request.status}; it cannot be moved to {step.target}"
                       + (" (only a reported request can be amended)." if action == "amend" else "."))
    was, target = request.status, step.target
    outcomes = _report_outcomes(request, data) if action in workflow.REPORTING else None
    _move(TestingRequest, request, step)
    note = data.get("note")
    if outcomes is not None:
        number = _record_report(actor, request, outcomes, data)
        if action == "amend":
            note = f"report amended: version {number}" + (f"; {note}" if note else "")
    db.session.add(TestingRequestStep(request_id=request.id, status=target, actor_id=actor.id,
                                      note=note))
    db.session.flush()
    db.session.expire(request, ["history", "versions"])
    record_change(actor, action, request, {"status": [was, target]}, lab_id=request.lab_id,
                  party_user_id=request.created_by_id)
    notices.testing_request_moved(request, action)
    return request


def _report_outcomes(request: TestingRequest, data: dict) -> dict:
    """The report's targets by outcome, in canonical names, each requested one exactly once."""
    not_tested = data.get("not_tested", [])
    outcomes = {
        "detected": _canonical_targets(data.get("detected", []), "detected"),
        "not_detected": _canonical_targets(data.get("not_detected", []), "not_detected"),
        "not_tested": _canonical_targets([t["target"] for t in not_tested], "not_tested"),
    }
    reports.check_accounts_for_targets(list(request.events) + list(request.elements), outcomes)
    outcomes["not_tested"] = [{"target": name, "reason": t["reason"]}
                              for name, t in zip(outcomes["not_tested"], not_tested, strict=True)]
    return outcomes


def _record_report(actor, request: TestingRequest, outcomes: dict, data: dict) -> int:
    """Make the report the request's current one and keep it as a new version. The status
    move before took the request's row lock, so concurrent amendments number in turn."""
    request.detected, request.not_detected = outcomes["detected"], outcomes["not_detected"]
    request.not_tested = outcomes["not_tested"]
    request.report_reference = data["report_reference"]
    number = 1 + (db.session.scalar(select(func.max(TestingReport.number))
                                    .where(TestingReport.request_id == request.id)) or 0)
    db.session.add(TestingReport(
        request_id=request.id, number=number, detected=outcomes["detected"],
        not_detected=outcomes["not_detected"], not_tested=outcomes["not_tested"],
        report_reference=data["report_reference"], note=data.get("note"), actor_id=actor.id))
    return number


def _canonical_targets(names: list[str], field: str) -> list[str]:
    """Each name as the catalogue writes it, in order and one for one: an event by its UID,
    name or alias (any way users type them), an element by its code or an alias. Unknown
    names are 422."""
    events = find_events(names)
    rest = [n for n in names if n not in events]
    elements = find_elements(rest) if rest else {}
    unknown = [n for n in rest if n not in elements]
    if unknown:
        raise Invalid(f"Unknown event or element: {', '.join(unknown)}.",
                      {field: [f"Unknown event or element: {n}" for n in unknown]})
    return [events[n].unique_identifier if n in events else elements[n].code for n in names]


def report_summary(request: TestingRequest) -> str:
    """What the request's current report says, in the words of labnet.requests.reports."""
    return reports.summary(request.detected, request.not_detected, request.not_tested)


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
                              f": {report_summary(t)}" if t.status == "reported" else ""),
                          "actions": ["read"], "updated_at": t.updated_at})
    items.sort(key=lambda i: (i["updated_at"], i["id"]), reverse=True)
    return items


# What requests depend on is not deleted under them. Labs and holdings sit below requests and
# do not know them: they announce a deletion, and these receivers, connected when this module
# is imported (create_app imports it with the request blueprints), answer it.

@lab_removing.connect
def requests_naming_lab(lab, **_) -> list[str]:
    """Open requests keep a lab until they are answered (409). Closed ones are still read by
    the other lab or the agency, so the lab is archived rather than deleted."""
    naming_material = (select(MaterialRequest.status).join(Holding).where(
        or_(MaterialRequest.requester_lab_id == lab.id, Holding.lab_id == lab.id)))
    material = [status for (status,) in db.session.execute(naming_material)]
    testing = list(db.session.scalars(select(TestingRequest.status).where(TestingRequest.lab_id == lab.id)))
    if any(s in workflow.MATERIAL_OPEN for s in material) or \
            any(s in workflow.TESTING_OPEN for s in testing):
        raise Conflict("This lab still has open requests; answer or close them before removing it.")
    phrases = []
    if material:
        phrases.append(f"{len(material)} material request(s)")
    if testing:
        phrases.append(f"{len(testing)} testing request(s)")
    return phrases


@holding_removing.connect
def requests_naming_holding(holding, **_) -> list[str]:
    """A holding with open requests stays until they are answered (409); one that closed
    requests name is archived rather than deleted, so both parties still read them."""
    by_status = dict(db.session.execute(
        select(MaterialRequest.status, func.count()).where(MaterialRequest.holding_id == holding.id)
        .group_by(MaterialRequest.status)).all())
    if any(status in workflow.MATERIAL_OPEN for status in by_status):
        raise Conflict("Requests for this holding are still open; answer them first.")
    closed = sum(by_status.values())
    return [f"{closed} material request(s)"] if closed else []
