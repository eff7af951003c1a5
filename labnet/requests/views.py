"""Request pages: the inbox, and material and testing requests with the actions they allow."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from marshmallow import ValidationError

from labnet.api.pagination import paginate
from labnet.catalogue.models import MATRICES
from labnet.holdings.services import get_holding
from labnet.labs.services import directory_choices
from labnet.requests import services, workflow
from labnet.requests.models import RECEIPT_CONDITIONS, SHIPPING_CONDITIONS
from labnet.requests.reports import RESULT_OUTCOMES
from labnet.requests.schemas import (
    SAMPLE_ROWS,
    MaterialRequestSchema,
    ReceiveSchema,
    ReportSchema,
    SamplesReceiptSchema,
    ShipSchema,
    TestingRequestSchema,
)
from labnet.web import (
    actor,
    flash_errors,
    flash_outcome,
    form_input,
    load_form,
    plain_message,
    render_form,
    run_service,
)
from labnet.web.labels import label

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


def _schema_errors(error: ValidationError) -> dict:
    """A schema's messages as {field: [messages]}: the MTA acceptance's fields under their own
    names (the form asks them alone), rows of a list as "row N, field: message"."""
    errors = {}
    for field, messages in error.messages.items():
        if field == "mta_accepted_by" and isinstance(messages, dict):
            for inner, texts in messages.items():
                errors.setdefault(inner, []).extend(_texts(texts))
        else:
            errors[field] = _texts(messages)
    return errors


def _row(key) -> str:
    return _("row %(number)s", number=key + 1) if isinstance(key, int) else str(key)


def _texts(messages, where="") -> list[str]:
    if isinstance(messages, dict):
        return [text for key, inner in messages.items()
                for text in _texts(inner, f"{where}{_row(key)}: ")]
    if isinstance(messages, list):
        return [text for m in messages for text in _texts(m, where)]
    return [f"{where}{plain_message(str(messages))}"]


def _material_form():
    """(data, errors) of the material request form; the MTA acceptance comes as name and
    title fields."""
    raw = form_input(MaterialRequestSchema(), ints=("requester_lab_id", "holding_id", "quantity"),
                     bools=("shipping_address_confirmed",))
    accepted = {key: request.form.get(key, "").strip() for key in ("name", "title")}
    if any(accepted.values()):
        raw["mta_accepted_by"] = accepted
    try:
        return MaterialRequestSchema().load(raw), {}
    except ValidationError as error:
        return None, _schema_errors(error)


@bp.route("/material/new")
def material_request_form():
    """The request form for one lot: its terms, cost and agreement, then what the transfer
    needs (address, date, purpose, permit)."""
    who = actor()
    holding = get_holding(who, request.args.get("holding_id", 0, type=int) or 0)
    return _render_material_form(who, holding, request.args, {})


def _render_material_form(who, holding, form, errors):
    return render_template("requests/material_form.html", holding=holding, form=form,
                           errors=errors, my_labs=[(lab.id, lab.name) for lab in who.managed_labs
                                                   if lab.id != holding.lab_id]), \
        422 if errors else 200


@bp.route("/material", methods=["POST"])
def new_material_request():
    data, errors = _material_form()
    if not errors:
        created, errors = run_service(services.create_material_request, actor(), data)
        if not errors:
            flash(_("Request sent to the holder."), "info")
            return redirect(url_for("requests_pages.material", request_id=created.id))
    holding_id = request.form.get("holding_id", type=int)
    if not holding_id:
        flash_errors(errors)
        return redirect(url_for("matching_pages.find_material"))
    return _render_material_form(actor(), get_holding(actor(), holding_id), request.form, errors)


@bp.route("/material/<int:request_id>")
def material(request_id):
    who = actor()
    req = services.get_material_request(who, request_id)
    return render_template("requests/material.html", req=req,
                           actions=workflow.material_actions(who, req),
                           shipping_conditions=SHIPPING_CONDITIONS,
                           receipt_conditions=RECEIPT_CONDITIONS)


@bp.route("/material/<int:request_id>/<action>", methods=["POST"])
def material_action(request_id, action):
    if action not in workflow.MATERIAL:
        return redirect(url_for("requests_pages.material", request_id=request_id))
    field = "reason" if action == "decline" else "note"
    details, errors = {}, {}
    if action in ("ship", "receive"):
        details, errors = load_form(ShipSchema() if action == "ship" else ReceiveSchema())
        details = {k: v for k, v in (details or {}).items() if k != "note"}
    if not errors:
        _done, errors = run_service(services.act_on_material_request, actor(), request_id, action,
                                    request.form.get(field, "").strip() or None, details)
    flash_outcome(errors, _("Request %(status)s.", status=label(workflow.MATERIAL[action].target)))
    return redirect(url_for("requests_pages.material", request_id=request_id))


def _read_testing_form():
    """(data, errors) of the testing request form: the consignment's fields and the sample
    rows (sample_id-N, seal-N, mass_g-N; empty rows left out)."""
    raw = form_input(TestingRequestSchema(), lists=("events", "elements"))
    consignment = {key: request.form.get(name, "").strip() for key, name in (
        ("commodity", "consignment_commodity"), ("origin_country", "origin_country"),
        ("reference", "consignment_reference"), ("lot", "consignment_lot"))}
    if any(consignment.values()):
        raw["consignment"] = {k: v for k, v in consignment.items() if v}
    samples = []
    for number in range(SAMPLE_ROWS):
        row = {key: request.form.get(f"{key}-{number}", "").strip()
               for key in ("sample_id", "seal", "mass_g")}
        if any(row.values()):
            samples.append({k: v for k, v in row.items() if v})
    if samples:  # the rows are the count; the count field stays for unlisted samples
        raw["samples"] = samples
        raw.pop("sample_count", None)
    try:
        return TestingRequestSchema().load(raw), {}
    except ValidationError as error:
        return None, _schema_errors(error)


def _testing_form(errors: dict):
    """The testing request form: empty, prefilled from the query string (a partner search
    links here), or again with what was typed and the refusal by each field."""
    choices = directory_choices()
    return render_form("requests/testing_form.html", errors, matrices=MATRICES,
                       elements=choices["elements"], prefill=request.args,
                       countries=choices["countries"], sample_rows=SAMPLE_ROWS,
                       lab=services.lab_for_testing(request.values.get("lab_id", type=int)))


@bp.route("/testing/new")
def testing_form():
    return _testing_form({})


@bp.route("/testing", methods=["POST"])
def new_testing_request():
    data, errors = _read_testing_form()
    if not errors:
        created, errors = run_service(services.create_testing_request, actor(), data)
        if not errors:
            flash(_("Testing request sent to the lab."), "info")
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
                       receipt_conditions=RECEIPT_CONDITIONS, outcomes_of=RESULT_OUTCOMES,
                       results={(r["sample_id"], r["target"]): r for r in req.results},
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
                errors.setdefault("not_tested", []).append(_("Say why %(target)s was not tested.",
                                                             target=target))
        elif outcome in ("detected", "not_detected"):
            raw[outcome].append(target)
    for name in ("report_reference", "note"):
        if request.form.get(name, "").strip():
            raw[name] = request.form[name]
    raw["results"] = _results_form(req)
    if errors:
        return None, errors
    try:
        return ReportSchema().load(raw), {}
    except ValidationError as error:
        return None, _schema_errors(error)


RESULT_FIELDS = ("gm_percent", "uncertainty", "lod", "method_code")


def _results_form(req) -> list[dict]:
    """Per-sample results: one row per sample and target (result-S-T-outcome and its
    measures); a row without an outcome gives no result."""
    results = []
    for s_number, sample in enumerate(req.samples):
        for t_number, target in enumerate(req.events + req.elements):
            prefix = f"result-{s_number}-{t_number}-"
            outcome = request.form.get(prefix + "outcome", "").strip()
            if not outcome:
                continue
            row = {"sample_id": sample.sample_id, "target": target, "outcome": outcome}
            row.update({key: value for key in RESULT_FIELDS
                        if (value := request.form.get(prefix + key, "").strip())})
            results.append(row)
    return results


@bp.route("/testing/<int:request_id>/<action>", methods=["POST"])
def testing_action(request_id, action):
    if action not in workflow.TESTING:
        return redirect(url_for("requests_pages.testing", request_id=request_id))
    data, errors = ({"note": request.form.get("note") or None}, {})
    if action in workflow.REPORTING:
        data, errors = _report_form(services.get_testing_request(actor(), request_id))
    elif action == "receive_samples":
        data, errors = load_form(SamplesReceiptSchema())
    if not errors:
        _done, errors = run_service(services.act_on_testing_request, actor(), request_id, action, data)
    if errors and action in workflow.REPORTING:
        return _testing_page(request_id, errors)
    flash_outcome(errors, _("Report amended; the earlier version stays readable.") if action == "amend"
                  else _("Samples signed for.") if action == "receive_samples"
                  else _("Request %(status)s.", status=label(workflow.TESTING[action].target)))
    return redirect(url_for("requests_pages.testing", request_id=request_id))
