"""The request workflows: material requests between labs, testing requests from border agencies.

Every transition is a conditional UPDATE on the request's status, so two clients can never
both move a request from the same state; stock is taken the same way, in the same transaction.
Which transitions exist, who takes them and which statuses are open is labnet.requests.workflow.
"""
from flask_babel import gettext as _
from flask_babel import ngettext
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
from labnet.requests import custody, notices, report_pdf, reports, transfers, workflow
from labnet.requests.models import (
    MaterialRequest,
    MaterialRequestStep,
    TestingReport,
    TestingRequest,
    TestingRequestStep,
    TestingSample,
)
from labnet.web.labels import label


def _move(model, record, step: workflow.Transition) -> None:
    """Take the step if the request is still in one of its sources, else 409."""
    moved = db.session.execute(
        update(model).where(model.id == record.id, model.status.in_(step.sources))
        .values(status=step.target, updated_at=utcnow()).returning(model.id)).first()
    if moved is None:
        db.session.refresh(record, ["status"])
        raise Conflict(_("This request is %(status)s; it cannot be moved to %(target)s.",
                         status=label(record.status), target=label(step.target)))
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
        raise NotFound(_("No material request with id %(id)s.", id=request_id))  # hide that it exists
    return request


def create_material_request(actor, data: dict) -> MaterialRequest:
    """Ask a lab for units of one of its lots. The lot must be requestable (shared, unexpired,
    not archived), hold the units, and have no other open request from the same lab."""
    authz.require(authz.can_request_material(actor, data["requester_lab_id"]), actor,
                  _("Only a manager of the requesting lab may request for it."))
    holding = db.session.get(Holding, data["holding_id"])
    if holding is None:
        raise Invalid(_("Unknown holding."), {"holding_id": [_("Unknown holding id.")]})
    if holding.lab_id == data["requester_lab_id"]:
        raise Invalid(_("A lab cannot request its own holding."), {"holding_id": [_("Held by the requester.")]})
    reason = holding.unavailable_reason(today())
    if reason:
        raise Conflict(_("%(reason)s It cannot be requested.", reason=reason), {"holding_id": [reason]})
    if holding.lab.unanswered_reason:
        raise Conflict(holding.lab.unanswered_reason, {"holding_id": [holding.lab.unanswered_reason]})
    if holding.quantity < data["quantity"]:
        raise Conflict(_("Only %(stock)s %(unit)s in stock.", stock=holding.quantity, unit=holding.unit),
                       {"quantity": [_("At most %(stock)s.", stock=holding.quantity)]})
    _refuse_second_open_request(data["requester_lab_id"], holding.id)
    transfer = transfers.transfer_terms(holding, data)
    request = MaterialRequest(requester_lab_id=data["requester_lab_id"], holding_id=holding.id,
                              quantity=data["quantity"], needed_by=data.get("needed_by"),
                              purpose=data.get("purpose"), created_by_id=actor.id,
                              status=workflow.START, **transfer)
    try:
        with db.session.begin_nested():  # the unique index decides between two racing requests
            db.session.add(request)
            db.session.flush()
    except IntegrityError:
        _refuse_second_open_request(data["requester_lab_id"], holding.id)
        raise Conflict(_("Another request for this lot was made at the same moment; read your "
                       "lab's requests, then try again if you still need it.")) from None
    db.session.add(MaterialRequestStep(request_id=request.id, status=workflow.START,
                                       actor_id=actor.id, details=transfers.request_details(request)))
    record_change(actor, "request", request, {"status": [None, workflow.START]},
                  lab_id=holding.lab_id, party_lab_id=request.requester_lab_id)
    notices.material_request_made(actor, request)
    return request


def _refuse_second_open_request(requester_lab_id: int, holding_id: int) -> None:
    open_id = db.session.scalar(select(MaterialRequest.id).where(
        MaterialRequest.requester_lab_id == requester_lab_id,
        MaterialRequest.holding_id == holding_id,
        MaterialRequest.status.in_(workflow.MATERIAL_OPEN)))
    if open_id is not None:
        raise Conflict(_("Your lab already has an open request for this lot (request %(id)s); "
                         "change or cancel that one instead.", id=open_id), {"holding_id": [
                           _("Open request %(id)s already asks for this lot.", id=open_id)]})


def act_on_material_request(actor, request_id: int, action: str, note: str | None = None,
                            details: dict | None = None):
    """Take a workflow action. The move is decided by a conditional UPDATE on the current row,
    and the stock it takes or gives back moves in the same transaction, by what the request
    actually left (a cancel racing an accept gives back stock only if it cancelled the
    acceptance). `note` is shown in the history; a decline requires it: it is the reason.
    `details` are what a shipment (courier, tracking number, conditions) or a receipt (the
    parcel's condition) records, kept on the request and in its history."""
    request = get_material_request(actor, request_id)
    step = workflow.MATERIAL[action]
    authz.require(workflow.acts_for(actor, request, step.side), actor,
                  _("Only the holder lab's managers may %(action)s this request.", action=label(action))
                  if step.side == "holder" else
                  _("Only the requester lab's managers may %(action)s this request.", action=label(action)))
    if action == "decline" and not (note or "").strip():
        raise Invalid(_("Say why you decline: the requester reads the reason."),
                      {"reason": [_("Give the reason for declining.")]})
    was = _move_material(request, step)
    change = workflow.stock_change(was, step.target, request.quantity)
    if change < 0:
        _take_stock(request)
    elif change > 0:
        db.session.execute(update(Holding).where(Holding.id == request.holding_id).values(
            quantity=Holding.quantity + change, version=Holding.version + 1))
    db.session.expire(request.holding, ["quantity", "version"])
    details = transfers.record_transport(request, action, note, details or {})
    db.session.add(MaterialRequestStep(request_id=request.id, status=step.target,
                                       actor_id=actor.id, note=note, details=details))
    db.session.flush()
    db.session.expire(request, ["history"])
    changes = {"status": [was, step.target]}
    if change:
        changes["stock"] = change
    record_change(actor, action, request, changes, lab_id=request.holding.lab_id,
                  party_lab_id=request.requester_lab_id)
    notices.material_request_moved(actor, request, action, note)
    return request


def _move_material(request: MaterialRequest, step: workflow.Transition) -> str:
    """Move the request to the step's target from whichever source it is in now, one
    conditional UPDATE per source, and answer the status it left (the stock depends on it).
    When none matches, the status is read again: another client may have moved the request
    from one source to another meanwhile; otherwise the move is refused with 409."""
    for _attempt in range(len(step.sources) + 1):
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
    raise Conflict(_("This request is %(status)s; it cannot be moved to %(target)s.",
                     status=label(request.status), target=label(step.target)))


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
        raise Conflict(_("%(reason)s The request cannot be accepted.", reason=reason))
    raise Conflict(_("Not enough stock left in this holding to accept the request: %(stock)s "
                     "%(unit)s left, %(asked)s asked.", stock=holding.quantity, unit=holding.unit,
                     asked=request.quantity))


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
        raise NotFound(_("No testing request with id %(id)s.", id=request_id))
    return request


def lab_for_testing(lab_id: int | None) -> Lab | None:
    """The lab a testing request form is addressed to, if it names a lab that takes part."""
    if lab_id is None or not 1 <= lab_id <= 2**31 - 1:
        return None
    lab = db.session.get(Lab, lab_id)
    return lab if lab is not None and lab.archived_at is None else None


def create_testing_request(actor, data: dict) -> TestingRequest:
    authz.require(authz.can_create_testing_request(actor), actor,
                  _("Only border and customs agents send testing requests."))
    lab = db.session.get(Lab, data["lab_id"])
    if lab is None:
        raise Invalid(_("Unknown lab."), {"lab_id": [_("Unknown lab id.")]})
    if lab.archived_at is not None:
        raise Conflict(_("%(lab)s no longer takes part in labnet (archived); choose another lab.",
                         lab=lab.name))
    if not lab.accepts_external_samples:
        raise Conflict(_("%(lab)s does not accept external samples.", lab=lab.name))
    if lab.unanswered_reason:
        raise Conflict(lab.unanswered_reason, {"lab_id": [lab.unanswered_reason]})
    if not data.get("events") and not data.get("elements"):
        raise Invalid(_("Name at least one event or element to test for."),
                      {"events": [_("Give events and/or elements.")]})
    events = [e.unique_identifier for e in events_by_names(data.get("events", []), "events")]
    elements = [e.code for e in elements_by_codes(data.get("elements", []), "elements")]
    samples = data.get("samples", [])
    consignment = custody.consignment(data.get("consignment") or {})
    request = TestingRequest(
        lab_id=lab.id, created_by_id=actor.id, commodity=data["commodity"], matrix=data["matrix"],
        events=events, elements=elements, sample_count=custody.sample_count(data, samples),
        needed_by=data.get("needed_by"), port=data.get("port"), status=workflow.START,
        **consignment)
    request.samples = [TestingSample(sample_id=s["sample_id"], seal=s.get("seal") or None,
                                     mass_g=s["mass_g"]) for s in samples]
    db.session.add(request)
    db.session.flush()
    db.session.add(TestingRequestStep(
        request_id=request.id, status=workflow.START, actor_id=actor.id,
        details={"samples": [s["sample_id"] for s in samples]} if samples else None))
    record_change(actor, "request", request, {"status": [None, workflow.START]}, lab_id=lab.id,
                  party_user_id=request.created_by_id)
    notices.testing_request_made(actor, request)
    return request


def act_on_testing_request(actor, request_id: int, action: str, data: dict):
    """Accept, decline, sign for the samples, report or amend a testing request. A report (or
    an amendment, which records a new version of it) accounts for every requested target
    exactly once, and its per-sample results name the request's samples and targets."""
    request = get_testing_request(actor, request_id)
    step = workflow.testing_transition(request, action)
    authz.require(workflow.acts_for(actor, request, step.side), actor,
                  _("Only the addressed lab's managers may %(action)s this request.",
                    action=label(action)))
    if request.status not in step.sources:
        if action == "amend":
            raise Conflict(_("This request is %(status)s; it cannot be moved to %(target)s (only a "
                             "reported request can be amended).", status=label(request.status),
                             target=label(step.target)))
        if action == "report" and request.samples:
            raise Conflict(_("This request is %(status)s; it cannot be moved to %(target)s (the lab "
                             "signs for the samples before it reports on them).",
                             status=label(request.status), target=label(step.target)))
        raise Conflict(_("This request is %(status)s; it cannot be moved to %(target)s.",
                         status=label(request.status), target=label(step.target)))
    was, target = request.status, step.target
    outcomes = _report_outcomes(request, data) if action in workflow.REPORTING else None
    details = custody.samples_receipt(data) if action == "receive_samples" else None
    _move(TestingRequest, request, step)
    note = data.get("note")
    if outcomes is not None:
        number = _record_report(actor, request, outcomes, data)
        if action == "amend":
            note = f"report amended: version {number}" + (f"; {note}" if note else "")
        details = {"version": number, "results": len(outcomes["results"])}
    if action == "receive_samples":
        request.samples_received_on = data["received_on"]
        request.samples_condition, request.seals_intact = data["condition"], data["seals_intact"]
    db.session.add(TestingRequestStep(request_id=request.id, status=target, actor_id=actor.id,
                                      note=note, details=details))
    db.session.flush()
    db.session.expire(request, ["history", "versions"])
    record_change(actor, action, request, {"status": [was, target]}, lab_id=request.lab_id,
                  party_user_id=request.created_by_id)
    notices.testing_request_moved(actor, request, action)
    return request


def _report_outcomes(request: TestingRequest, data: dict) -> dict:
    """The report's targets by outcome, in canonical names, each requested one exactly once."""
    not_tested = data.get("not_tested", [])
    outcomes = {
        "detected": _canonical_targets(data.get("detected", []), "detected"),
        "not_detected": _canonical_targets(data.get("not_detected", []), "not_detected"),
        "not_tested": _canonical_targets([t["target"] for t in not_tested], "not_tested"),
    }
    requested = list(request.events) + list(request.elements)
    reports.check_accounts_for_targets(requested, outcomes)
    outcomes["not_tested"] = [{"target": name, "reason": t["reason"]}
                              for name, t in zip(outcomes["not_tested"], not_tested, strict=True)]
    results = data.get("results", [])
    targets = _canonical_targets([r["target"] for r in results], "results")
    outcomes["results"] = [{**dict.fromkeys(reports.RESULT_FIELDS), **r, "target": target}
                           for r, target in zip(results, targets, strict=True)]
    reports.check_results(outcomes["results"], [s.sample_id for s in request.samples], requested,
                          outcomes["detected"])
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
        report_reference=data["report_reference"], results=outcomes["results"],
        note=data.get("note"), actor_id=actor.id))
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
        raise Invalid(_("Unknown event or element: %(names)s.", names=", ".join(unknown)),
                      {field: [_("Unknown event or element: %(name)s", name=n) for n in unknown]})
    return [events[n].unique_identifier if n in events else elements[n].code for n in names]


def testing_report_pdf(actor, request_id: int) -> tuple[bytes, str]:
    """The current report as a dated PDF and its file name, for those who may read the
    request; 409 before the lab has reported."""
    request = get_testing_request(actor, request_id)
    if not request.versions:
        raise Conflict(_("This request is %(status)s: the lab has not reported on it yet, so "
                         "there is no report to print.", status=label(request.status)))
    version = request.versions[-1].number
    return report_pdf.render(request), f"labnet-testing-report-{request.id}-v{version}.pdf"


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
                          "summary": _("%(quantity)s × %(material)s for %(lab)s", quantity=r.quantity,
                                       material=r.holding.reference_material.code,
                                       lab=r.requester_lab.name),
                          "actions": workflow.awaited_material_actions(actor, r),
                          "updated_at": r.updated_at})
        for t in db.session.scalars(select(TestingRequest).where(
                TestingRequest.lab_id.in_(labs), TestingRequest.status.in_(workflow.TESTING_OPEN))):
            items.append({"kind": "testing_request", "id": t.id, "status": t.status,
                          "summary": ngettext("%(num)s sample of %(commodity)s (%(matrix)s)",
                                              "%(num)s samples of %(commodity)s (%(matrix)s)",
                                              t.sample_count, commodity=t.commodity,
                                              matrix=label(t.matrix)),
                          "actions": workflow.testing_actions(actor, t),
                          "updated_at": t.updated_at})
    if authz.can_create_testing_request(actor):
        for t in db.session.scalars(select(TestingRequest).where(
                TestingRequest.created_by_id == actor.id,
                TestingRequest.status.in_(workflow.CLOSED_FOR_AGENCY))):
            items.append({"kind": "testing_request", "id": t.id, "status": t.status,
                          "summary": _("%(commodity)s: %(status)s: %(summary)s", commodity=t.commodity,
                                       status=label(t.status), summary=report_summary(t))
                          if t.status == "reported" else
                          _("%(commodity)s: %(status)s", commodity=t.commodity, status=label(t.status)),
                          "actions": ["read"], "updated_at": t.updated_at})
    items.sort(key=lambda i: (i["updated_at"], i["id"]), reverse=True)
    return items


# What requests depend on is not deleted under them. Labs and holdings sit below requests and
# do not know them: they announce a deletion, and these receivers, connected when this module
# is imported (create_app imports it with the request blueprints), answer it.

@lab_removing.connect
def requests_naming_lab(lab, **_signal) -> list[str]:
    """Open requests keep a lab until they are answered (409). Closed ones are still read by
    the other lab or the agency, so the lab is archived rather than deleted."""
    naming_material = (select(MaterialRequest.status).join(Holding).where(
        or_(MaterialRequest.requester_lab_id == lab.id, Holding.lab_id == lab.id)))
    material = [status for (status,) in db.session.execute(naming_material)]
    testing = list(db.session.scalars(select(TestingRequest.status).where(TestingRequest.lab_id == lab.id)))
    if any(s in workflow.MATERIAL_OPEN for s in material) or \
            any(s in workflow.TESTING_OPEN for s in testing):
        raise Conflict(_("This lab still has open requests; answer or close them before removing it."))
    phrases = []
    if material:
        phrases.append(ngettext("%(num)s material request", "%(num)s material requests", len(material)))
    if testing:
        phrases.append(ngettext("%(num)s testing request", "%(num)s testing requests", len(testing)))
    return phrases


@holding_removing.connect
def requests_naming_holding(holding, **_signal) -> list[str]:
    """A holding with open requests stays until they are answered (409); one that closed
    requests name is archived rather than deleted, so both parties still read them."""
    by_status = dict(db.session.execute(
        select(MaterialRequest.status, func.count()).where(MaterialRequest.holding_id == holding.id)
        .group_by(MaterialRequest.status)).all())
    if any(status in workflow.MATERIAL_OPEN for status in by_status):
        raise Conflict(_("Requests for this holding are still open; answer them first."))
    closed = sum(by_status.values())
    return [ngettext("%(num)s material request", "%(num)s material requests", closed)] if closed else []
