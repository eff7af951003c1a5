"""A lab's holdings of reference materials, edited by its managers."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from labnet.catalogue.models import MATERIAL_FORMS, ReferenceMaterial
from labnet.catalogue.services import method_choices
from labnet.database import get_or_404
from labnet.documents.services import lab_documents
from labnet.extensions import db
from labnet.holdings import services
from labnet.holdings.models import Holding
from labnet.holdings.schemas import HoldingSchema
from labnet.labs.services import owned_lab
from labnet.web import actor, form_version, load_form, remove_from_lab, run_service

bp = Blueprint("holdings_pages", __name__)


@bp.before_request
@login_required
def logged_in():
    pass


HOLDING_FORM = dict(lists=("validated_method_ids", "document_ids"),
                    ints=("validated_method_ids", "quantity", "quantity_given", "document_ids",
                          "characterisation_report_id"),
                    bools=("shareable", "mta_required"),
                    keep_empty=("expiry_date", "mta_text", "cost_recovery", "characterisation_method",
                                "characterised_value", "homogeneity", "stability",
                                "characterisation_report_id"))


@bp.route("/labs/<int:lab_id>/holdings/new", methods=["GET", "POST"])
@bp.route("/holdings/<int:holding_id>/edit", methods=["GET", "POST"])
def holding_form(lab_id=None, holding_id=None):
    holding = get_or_404(Holding, holding_id, "holding") if holding_id else None
    lab = owned_lab(actor(), holding.lab_id if holding else lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(HoldingSchema(partial=holding is not None), **HOLDING_FORM)
        if not errors:
            if holding:
                _record, errors = run_service(services.update_holding, actor(), holding.id, data,
                                        version=form_version())
            else:
                _record, errors = run_service(services.create_holding, actor(), lab.id, data)
            if not errors:
                flash(_("Holding saved."), "info")
                return redirect(url_for("labs_pages.lab_page", lab_id=lab.id))
    materials = db.session.execute(select(ReferenceMaterial.id, ReferenceMaterial.code)
                                   .order_by(ReferenceMaterial.code)).all()
    return render_template("holdings/holding_form.html", lab=lab, holding=holding, form=request.form,
                           errors=errors, materials=materials, methods=method_choices(),
                           forms=MATERIAL_FORMS, documents=lab_documents(actor(), lab.id)), \
        422 if errors else 200


@bp.route("/holdings/<int:holding_id>/delete", methods=["POST"])
def delete_holding(holding_id):
    return remove_from_lab(Holding, holding_id, "holding", services.delete_holding)
