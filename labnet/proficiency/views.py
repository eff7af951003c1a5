"""Proficiency-test pages: a lab's managers add and remove results; the lab page lists them."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from labnet.catalogue.models import MATRICES
from labnet.documents.services import lab_documents
from labnet.labs.services import owned_lab
from labnet.proficiency import services
from labnet.proficiency.models import PT_RESULTS, ProficiencyTest
from labnet.proficiency.schemas import ProficiencyTestSchema
from labnet.web import actor, load_form, remove_from_lab, run_service

bp = Blueprint("proficiency_pages", __name__)

PT_FORM = dict(lists=("targets", "document_ids"), ints=("document_ids",),
               keep_empty=("matrix", "z_score"))


@bp.route("/labs/<int:lab_id>/proficiency-tests/new", methods=["GET", "POST"])
@login_required
def new_proficiency_test(lab_id):
    lab = owned_lab(actor(), lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(ProficiencyTestSchema(), **PT_FORM)
        if not errors:
            _test, errors = run_service(services.create_proficiency_test, actor(), lab.id, data)
            if not errors:
                flash(_("Proficiency test recorded."), "info")
                return redirect(url_for("labs_pages.lab_page", lab_id=lab.id) + "#proficiency")
    return render_template("proficiency/form.html", lab=lab, form=request.form, errors=errors,
                           results=PT_RESULTS, matrices=MATRICES,
                           documents=lab_documents(actor(), lab.id)), 422 if errors else 200


@bp.route("/proficiency-tests/<int:test_id>/delete", methods=["POST"])
@login_required
def delete_proficiency_test(test_id):
    return remove_from_lab(ProficiencyTest, test_id, "proficiency test",
                           services.delete_proficiency_test)
