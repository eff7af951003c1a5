"""Training offers published by a lab's managers, and enrolment in them."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from labnet.api.pagination import paginate
from labnet.labs.services import owned_lab
from labnet.reference.services import country_choices
from labnet.training import services, workflow
from labnet.training.models import AUDIENCES, MODALITIES
from labnet.training.schemas import TrainingOfferSchema
from labnet.web import actor, flash_errors, flash_outcome, form_record_id, load_form, page_number, run_service

bp = Blueprint("training_pages", __name__)


@bp.before_request
@login_required
def logged_in():
    pass


@bp.route("/labs/<int:lab_id>/training/new", methods=["GET", "POST"])
def new_training(lab_id):
    lab = owned_lab(actor(), lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(TrainingOfferSchema(), lists=("topics", "audience", "languages"))
        if not errors:
            offer, errors = run_service(services.create_offer, actor(), dict(data, lab_id=lab.id))
            if not errors:
                flash(_("Training offer '%(title)s' published.", title=offer.title), "info")
                return redirect(url_for("labs_pages.lab_page", lab_id=lab.id))
    return render_template("training/training_form.html", lab=lab, form=request.form, errors=errors,
                           audiences=AUDIENCES, modalities=MODALITIES, countries=country_choices()), \
        422 if errors else 200


@bp.route("/requests/enrol/<int:offer_id>", methods=["POST"])
def enrol(offer_id):
    lab_id = form_record_id("lab_id") if request.form.get("lab_id", "").strip() else None
    _record, errors = run_service(services.enrol, actor(), offer_id, {"seats": 1, "lab_id": lab_id})
    flash_outcome(errors, _("You are enrolled."))
    return redirect(request.referrer or url_for("matching_pages.find_training"))


@bp.route("/enrolments")
def my_enrolments():
    """The user's enrolments, with a cancel button while the training has not started."""
    who = actor()
    page = paginate(services.enrolments_query(who), page_number(), 50)
    return render_template("training/enrolments.html", page=page,
                           actions={e.id: workflow.enrolment_actions(who, e) for e in page["items"]})


@bp.route("/enrolments/<int:enrolment_id>/cancel", methods=["POST"])
def cancel_enrolment(enrolment_id):
    enrolment, errors = run_service(services.cancel_enrolment, actor(), enrolment_id)
    if errors:
        flash_errors(errors)
    else:
        flash(ngettext("Your enrolment in '%(title)s' is cancelled; its seat went back to the "
                       "training.",
                       "Your enrolment in '%(title)s' is cancelled; its %(num)s seats went back "
                       "to the training.", enrolment.seats, title=enrolment.offer.title), "info")
    return redirect(url_for("training_pages.my_enrolments"))
