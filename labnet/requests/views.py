"""Request pages: the inbox, and material and testing requests with the actions they allow."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from labnet.api.pagination import paginate
from labnet.requests import services, workflow
from labnet.requests.schemas import MaterialRequestSchema, ReportSchema, TestingRequestSchema
from labnet.web import actor, flash_errors, load_form, run_service

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
    data, errors = load_form(MaterialRequestSchema())
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
    _, errors = run_service(services.act_on_material_request, actor(), request_id, action,
                            request.form.get("note") or None)
    if errors:
        flash_errors(errors)
    else:
        flash(f"Request {workflow.MATERIAL[action].target}.", "info")
    return redirect(url_for("requests_pages.material", request_id=request_id))


@bp.route("/testing", methods=["POST"])
def new_testing_request():
    data, errors = load_form(TestingRequestSchema(), lists=("events", "elements"))
    if not errors:
        created, errors = run_service(services.create_testing_request, actor(), data)
        if not errors:
            flash("Testing request sent to the lab.", "info")
            return redirect(url_for("requests_pages.testing", request_id=created.id))
    flash_errors(errors)
    return redirect(request.referrer or url_for("matching_pages.find_partner"))


@bp.route("/testing/<int:request_id>")
def testing(request_id):
    who = actor()
    req = services.get_testing_request(who, request_id)
    return render_template("requests/testing.html", req=req,
                           actions=workflow.testing_actions(who, req))


@bp.route("/testing/<int:request_id>/<action>", methods=["POST"])
def testing_action(request_id, action):
    if action not in workflow.TESTING:
        return redirect(url_for("requests_pages.testing", request_id=request_id))
    data, errors = ({"note": request.form.get("note") or None}, {})
    if action == "report":
        data, errors = load_form(ReportSchema(), lists=("detected", "not_detected"))
    if not errors:
        _, errors = run_service(services.act_on_testing_request, actor(), request_id, action, data)
    if errors:
        flash_errors(errors)
    else:
        flash(f"Request {workflow.TESTING[action].target}.", "info")
    return redirect(url_for("requests_pages.testing", request_id=request_id))
