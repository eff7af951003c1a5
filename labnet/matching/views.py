"""Pages: find a reference material, a testing partner, a training; interpret a screening."""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError

from labnet import authz
from labnet.catalogue.models import MATRICES
from labnet.errors import DomainError
from labnet.extensions import db
from labnet.holdings.services import lots_by_id
from labnet.labs.services import directory_choices, unanswered_lab_ids
from labnet.matching import materials, partners, training
from labnet.matching.schemas import MaterialMatchQuery, PartnerQuery, TrainingMatchQuery
from labnet.matching.screening import interpret_screening, screened_species
from labnet.requests.schemas import SAMPLE_ROWS
from labnet.training.models import AUDIENCES, MODALITIES
from labnet.web import actor

bp = Blueprint("matching_pages", __name__)


def _run(schema, args, call):
    """(result, errors) of a matching call from query-string input."""
    try:
        return call(**schema.load(args)), {}
    except ValidationError as error:
        return None, error.messages
    except DomainError as error:
        db.session.rollback()
        return None, error.errors or {"_": [error.detail]}


def _args(names):
    return {k: v for k, v in request.args.items() if k in names and v.strip() != ""}


@bp.route("/find/material")
@login_required
def find_material():
    args = _args(MaterialMatchQuery().fields)
    for flag in ("certified_only", "accredited_only", "validated_only"):
        args.pop(flag, None)
        if request.args.get(flag):
            args[flag] = "true"
    my_labs = [(lab.id, lab.name) for lab in current_user.managed_labs]
    if my_labs and "requester_lab" not in args and "lat" not in args:
        args["requester_lab"] = str(my_labs[0][0])
    result, errors = (None, {})
    if args.get("event"):
        result, errors = _run(MaterialMatchQuery(), args,
                              lambda **a: materials.match_materials(actor(), **a))
    lots = lots_by_id([m["holding_id"] for m in result["matches"]]) if result else {}
    return render_template("matching/material.html", args=args, result=result, errors=errors,
                           my_labs=my_labs, lots=lots, unanswered=_unanswered(result),
                           **directory_choices()), 422 if errors else 200


def _unanswered(result) -> set[int]:
    """The matched labs no one answers for: shown as such, with no request button."""
    matches = result["matches"] if isinstance(result, dict) else getattr(result, "matches", [])
    return unanswered_lab_ids({m["lab_id"] if isinstance(m, dict) else m.lab_id for m in matches}) \
        if result else set()


@bp.route("/find/testing-partner")
@login_required
def find_partner():
    args = _args(PartnerQuery().fields)
    if request.args.get("accredited_only"):
        args["accredited_only"] = "true"
    elements = [e for e in request.args.getlist("elements") if e]
    if elements:
        args["elements"] = ",".join(elements)
    place, errors, result = None, {}, None
    city, country = request.args.get("city", "").strip(), request.args.get("country", "").strip()
    if country and "lat" not in args:
        try:
            located = partners.locate_origin(city, country)
        except DomainError as error:
            located, errors = None, error.errors
        if located:
            lat, lon, place = located
            args["lat"], args["lon"] = str(lat), str(lon)
    if not errors and (args.get("events") or args.get("elements")):
        result, errors = _run(PartnerQuery(), args,
                              lambda **a: partners.match_testing_partners(actor(), **a))
    return render_template("matching/partner.html", args=args, city=city, country=country,
                           selected_elements=elements, place=place, result=result, errors=errors,
                           matrices=MATRICES, can_request=authz.can_create_testing_request(actor()),
                           unanswered=_unanswered(result), sample_rows=SAMPLE_ROWS,
                           **directory_choices()), 422 if errors else 200


CONTROL_NAMES = (("CaMV", _l("CaMV (cauliflower mosaic virus assay)")),
                 ("FMV", _l("FMV (figwort mosaic virus assay)")),
                 ("taxon", _l("Plant reference gene (taxon)")))


def _screening_form() -> dict:
    """The screening page's form as the API's input: elements chosen, method codes typed
    (comma-separated) and the controls' outcomes folded into positive and negative."""
    form = {"positive": request.form.getlist("positive"),
            "negative": request.form.getlist("negative"),
            "positive_methods": request.form.get("positive_methods", "").strip(),
            "negative_methods": request.form.get("negative_methods", "").strip(),
            "species": request.form.get("species", "").strip(),
            "country": request.form.get("country", "").strip(),
            "controls": {name: request.form.get(f"control_{name}", "")
                         for name, _ in CONTROL_NAMES}}
    for outcome in ("positive", "negative"):
        form[outcome + "_all"] = form[outcome] + [
            c.strip() for c in form[outcome + "_methods"].split(",") if c.strip()] + [
            name for name, value in form["controls"].items() if value == outcome]
    return form


@bp.route("/screening", methods=["GET", "POST"])
def screening():
    result, errors = None, {}
    form = {"positive": [], "negative": [], "positive_methods": "", "negative_methods": "",
            "species": "", "country": "", "controls": {}}
    if request.method == "POST":
        form = _screening_form()
        if not form["positive_all"]:
            errors = {"positive": [_("Choose at least one positive element or method.")]}
        else:
            try:
                result = interpret_screening(form["positive_all"], form["negative_all"],
                                             form["species"] or None, form["country"] or None)
            except DomainError as error:
                errors = error.errors or {"_": [error.detail]}
    return render_template("matching/screening.html", form=form, result=result, errors=errors,
                           species=screened_species(), controls=CONTROL_NAMES,
                           **directory_choices()), 422 if errors else 200


@bp.route("/find/training")
@login_required
def find_training():
    args = _args(TrainingMatchQuery().fields)
    my_labs = [(lab.id, lab.name) for lab in current_user.managed_labs]
    if my_labs and "requester_lab" not in args:
        args["requester_lab"] = str(my_labs[0][0])
    result, errors = _run(TrainingMatchQuery(), args, lambda **a: training.match_training(actor(), **a))
    return render_template("matching/training.html", args=args, result=result, errors=errors,
                           my_labs=my_labs, audiences=AUDIENCES, modalities=MODALITIES), \
        422 if errors else 200
