"""Catalogue pages: an event with its screening matrix and sources (public), and the admin's
catalogue of events, methods and reference materials."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from labnet import authz
from labnet.catalogue import schemas, services
from labnet.catalogue.models import (
    MATERIAL_FORMS,
    MATERIAL_KINDS,
    SPECIFICITIES,
    TECHNIQUES,
    VALIDATION_STATUSES,
    Event,
    Method,
    ReferenceMaterial,
)
from labnet.extensions import db
from labnet.web import flash_outcome, load_form, run_service

bp = Blueprint("catalogue_pages", __name__)


def _editors_only() -> None:
    authz.require(authz.can_edit_catalogue(current_user), current_user,
                  _("Only an admin edits the catalogue."))


@bp.route("/events/<typed>")
def event_page(typed):
    """What the catalogue knows of an event: each screening element it is known to carry or
    known not to carry, with the source, and every element it says nothing about."""
    event, matrix, sources, materials = services.event_for_page(typed)
    return render_template("catalogue/event.html", event=event, matrix=matrix, sources=sources,
                           materials=materials)


FORMS = {
    "event": (Event, schemas.EventSchema, dict(lists=("traits", "elements"))),
    "method": (Method, schemas.MethodSchema, dict(lists=("event_uids", "elements", "matrices"))),
    "material": (ReferenceMaterial, schemas.ReferenceMaterialSchema, dict(lists=("event_uids",))),
}


@bp.route("/admin/catalogue", methods=["GET", "POST"])
@login_required
def catalogue():
    _editors_only()
    errors, kind = {}, request.form.get("kind")
    if request.method == "POST" and kind in FORMS:
        model, schema, options = FORMS[kind]
        data, errors = load_form(schema(), **options)
        if not errors:
            entry, errors = run_service(services.create_entry, current_user, model, data)
            if not errors:
                flash(_("Added %(code)s.", code=getattr(entry, "code", None) or entry.unique_identifier),
                      "info")
                return redirect(url_for("catalogue_pages.catalogue"))
    return render_template(
        "catalogue/catalogue.html", errors=errors, kind=kind, form=request.form,
        events=db.session.scalars(select(Event).order_by(Event.unique_identifier)).all(),
        methods=db.session.scalars(select(Method).order_by(Method.code)).all(),
        materials=db.session.scalars(select(ReferenceMaterial).order_by(ReferenceMaterial.code)).all(),
        techniques=TECHNIQUES, specificities=SPECIFICITIES, validations=VALIDATION_STATUSES,
        kinds=MATERIAL_KINDS, forms=MATERIAL_FORMS), 422 if errors else 200


DELETED = {"event": _l("The event was deleted."), "method": _l("The method was deleted."),
           "material": _l("The reference material was deleted.")}


@bp.route("/admin/catalogue/<kind>/<int:entry_id>/delete", methods=["POST"])
@login_required
def delete_entry(kind, entry_id):
    _editors_only()
    if kind not in FORMS:
        abort(404)
    _record, errors = run_service(services.delete_entry, current_user, FORMS[kind][0], entry_id)
    flash_outcome(errors, str(DELETED[kind]))
    return redirect(url_for("catalogue_pages.catalogue"))
