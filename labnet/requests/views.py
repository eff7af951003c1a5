"""Request pages: the inbox, and material and testing requests with the actions they allow."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from marshmallow import ValidationError

from labnet.api.pagination import paginate
from labnet.catalogue.models import MATRICES
from labnet.labs.services import directory_choices
from labnet.requests import services, workflow
from labnet.requests.schemas import MaterialRequestSchema, ReportSchema, TestingRequestSchema
from labnet.web import actor, flash_errors, flash_outcome, load_form, render_form, run_service

bp = Blueprint("requests_pages", __name__, url_prefix="/requests")


@bp.before_request
@login_required
def logged_in():
    pass


@bp.route("/")
def inbox():
    who = actor()
    return render_template(
        "requests/inbox.html", items=services.inbox(who),
        material=paginate(services.material_requests_query(who), 1, 50),
        testing=paginate(services.testing_requests_query(who), 1, 50))


@bp.route("/material", methods=["POST"])
def new_material_request():
    data, errors = load_form(MaterialRequestSchema(),
                             ints=("requester_lab_id", "holding_id", "quantity"))
    if not errors:
        created, errors = run_service(services.create_material_request, actor(), data)
        if not errors:
            flash("Request sent to the holder.", "info")
            return redirect(url_for("requests_pages.material", request_id=created.id))
    flash_errors(errors)
    return redirect(request.referrer or url_for("matching_pages.find_material"))


@bp.route("/material/<int:request_id>")
def material(request_id):
    who = actor()
    req = services.get_material_request(who, request_id)
    return render_template("requests/material.html", req=req,
                           actions=workflow.material_actions(who, req))


@bp.route("/material/<int:request_id>/<action>", methods=["POST"])
def material_action(request_id, action):
    if action not in workflow.MATERIAL:
        return redirect(url_for("requests_pages.material", request_id=request_id))
    field = "reason" if action == "decline" else "note"
    _, errors = run_service(services.act_on_material_request, actor(), request_id, action,
                            request.form.get(field, "").strip() or None)
    flash_outcome(errors, f"Request {workflow.MATERIAL[action].target}.")
    return redirect(url_for("requests_pages.material", request_id=request_id))


TESTING_FORM = dict(lists=("events", "elements"))


def _testing_form(errors: dict):
    """The testing request form: empty, prefilled from the query string (a partner search
    links here), or again with what was typed and the refusal by each field."""
    choices = directory_choices()
    return render_form("requests/testing_form.html", errors, matrices=MATRICES,
                       elements=choices["elements"], prefill=request.args,
                       lab=services.lab_for_testing(request.values.get("lab_id", type=int)))


@bp.route("/testing/new")
def testing_form():
    return _testing_form({})


@bp.route("/testing", methods=["POST"])
def new_testing_request():
    data, errors = load_form(TestingRequestSchema(), **TESTING_FORM)
    if not errors:
        created, errors = run_service(services.create_testing_request, actor(), data)
        if not errors:
            flash("Testing request sent to the lab.", "info")
            return redirect(url_for("requests_pages.testing", request_id=created.id))
    return _testing_form(errors)


@bp.route("/testing/<int:request_id>")
def testing(request_id):
    return _testing_page(request_id, {})


def _testing_page(request_id: int, errors: dict):
    """A testing request's page; after a refused report, with the outcomes chosen kept."""
    who = actor()
    req = services.get_testing_request(who, request_id)
    return render_form("requests/testing.html", errors, req=req,
                       actions=workflow.testing_actions(who, req),
                       summary=services.report_summary(req) if req.status == "reported" else None,
                       outcomes=_current_outcomes(req))


def _current_outcomes(req) -> dict:
    """{target: (outcome, reason)} of the current report, to fill the amendment form."""
    outcomes = {t: ("detected", "") for t in req.detected}
    outcomes.update({t: ("not_detected", "") for t in req.not_detected})
    outcomes.update({t["target"]: ("not_tested", t["reason"]) for t in req.not_tested})
    return outcomes


def _report_form(req):
    """(data, errors) of the report form: one outcome per requested target (radio buttons
    outcome-N), a reason for each one not tested (reason-N), the report's reference."""
    raw = {"detected": [], "not_detected": [], "not_tested": []}
    errors = {}
    for number, target in enumerate(req.events + req.elements):
        outcome = request.form.get(f"outcome-{number}")
        reason = request.form.get(f"reason-{number}", "").strip()
        if outcome == "not_tested":
            raw["not_tested"].append({"target": target, "reason": reason})
            if not reason:
                errors.setdefault("not_tested", []).append(f"Say why {target} was not tested.")
        elif outcome in ("detected", "not_detected"):
            raw[outcome].append(target)
    for name in ("report_reference", "note"):
        if request.form.get(name, "").strip():
            raw[name] = request.form[name]
    if errors:
        return None, errors
    try:
        return ReportSchema().load(raw), {}
    except ValidationError as error:
        return None, {field: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
                      for field, messages in error.messages.items()}


@bp.route("/testing/<int:request_id>/<action>", methods=["POST"])
def testing_action(request_id, action):
    if action not in workflow.TESTING:
        return redirect(url_for("requests_pages.testing", request_id=request_id))
    data, errors = ({"note": request.form.get("note") or None}, {})
    if action in workflow.REPORTING:
        data, errors = _report_form(services.get_testing_request(actor(), request_id))
    if not errors:
        _, errors = run_service(services.act_on_testing_request, actor(), request_id, action, data)
    if errors and action in workflow.REPORTING:
        return _testing_page(request_id, errors)
    flash_outcome(errors, "Report amended; the earlier version stays readable." if action == "amend"
                  else f"Request {workflow.TESTING[action].target}.")
    return redirect(url_for("requests_pages.testing", request_id=request_id))
