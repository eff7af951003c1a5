"""Lab pages: home, directory, a lab's page and history, and its managers' workspace
(the lab record, accreditations and methods)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, user_logged_in

from labnet import authz
from labnet.api.pagination import paginate
from labnet.catalogue.services import method_choices
from labnet.database import get_or_404
from labnet.documents.services import lab_documents
from labnet.errors import DomainError
from labnet.labs import services
from labnet.labs.models import ACCREDITATION_STATUSES, LAB_TYPES, MATRICES, Accreditation, Capability
from labnet.labs.schemas import AccreditationSchema, CapabilitySchema, LabQuery, LabSchema, SendBackSchema
from labnet.networks.services import pending_invitations
from labnet.reference.services import country_choices
from labnet.web import (
    actor,
    flash_errors,
    flash_outcome,
    form_version,
    load_form,
    page_number,
    remove_from_lab,
    render_form,
    run_service,
)

bp = Blueprint("labs_pages", __name__)


@user_logged_in.connect
def remind_reconfirmation(app, user, **extra):
    """At login, ask a manager to confirm lab records due for their yearly reconfirmation."""
    unconfirmed = [lab.name for lab in user.managed_labs if services.is_unconfirmed(lab)]
    if unconfirmed:
        flash(_("Please confirm that these lab records are still true (due every 12 months): "
                "%(labs)s", labs=", ".join(unconfirmed)), "warning")


@bp.route("/")
def home():
    return render_template("labs/home.html", counts=services.registry_counts(),
                           **services.directory_choices())


@bp.route("/labs")
def directory():
    args = {k: v for k, v in request.args.items() if v != ""}
    try:
        query = LabQuery().load(args)
    except Exception as error:  # a bad filter shows the form again with the message
        messages = getattr(error, "messages", {"_": [str(error)]})
        return render_template("labs/directory.html", page=None, args=args, errors=messages,
                               **services.directory_choices()), 422
    page_no, per_page = query.pop("page"), query.pop("per_page")
    try:
        page = paginate(services.lab_query(**query), page_no, per_page)
    except DomainError as error:
        return render_template("labs/directory.html", page=None, args=args,
                               errors=error.errors or {"_": [error.detail]},
                               **services.directory_choices()), error.status
    return render_template("labs/directory.html", page=page, args=args, errors={}, **services.directory_choices())


@bp.route("/labs/<int:lab_id>")
def lab_page(lab_id):
    who = actor()
    lab = services.lab_for_page(lab_id)
    return render_template("labs/lab.html", lab=lab,
                           holdings=lab.holdings if authz.can_see_private(who) else None,
                           offers=lab.training_offers,
                           can_edit=authz.can_edit_lab(who, lab),
                           can_verify=authz.can_verify_accreditation(who, lab),
                           invitations=pending_invitations(who, lab),
                           unconfirmed=services.is_unconfirmed(lab))


@bp.route("/labs/<int:lab_id>/history")
@login_required
def lab_history(lab_id):
    lab, stmt = services.lab_history_query(actor(), lab_id)
    page = paginate(stmt, page_number(), 50)
    page["items"] = services.history_lines(actor(), lab, page["items"])
    return render_template("labs/history.html", lab=lab, page=page)


# the lab managers' workspace

@bp.route("/my/labs")
@login_required
def my_labs():
    return render_template("labs/my_labs.html", labs=current_user.managed_labs,
                           is_unconfirmed=services.is_unconfirmed)


LAB_FORM = dict(lists=("matrices",), bools=("accepts_external_samples",),
                keep_empty=("latitude", "longitude", "turnaround_days", "institution", "city",
                            "address", "contact_email"))


def _lab_form(lab, errors: dict):
    choices = services.directory_choices()
    if lab is not None:  # a lab already placed in a territory nobody lives in keeps it
        choices["countries"] = country_choices(keep=lab.country_code)
    return render_form("labs/lab_form.html", errors, lab=lab, lab_types=LAB_TYPES,
                       matrices=MATRICES, **choices)


def _city_must_be_found() -> bool:
    """A page asks before placing a lab whose city is not found at the country's centre."""
    return "at_country_centre" not in request.form


@bp.route("/labs/new", methods=["GET", "POST"])
@login_required
def new_lab():
    errors = {}
    if request.method == "POST":
        data, errors = load_form(LabSchema(), **LAB_FORM)
        if not errors:
            lab, errors = run_service(services.create_lab, actor(), data,
                                      city_must_be_found=_city_must_be_found())
            if not errors:
                flash(_("Registered %(name)s; %(placement)s.", name=lab.name,
                        placement=services.placement(lab)), "info")
                return redirect(url_for("labs_pages.lab_page", lab_id=lab.id))
    else:
        authz.require(authz.can_create_lab(actor()), actor(), _("Only lab managers and admins register labs."))
    return _lab_form(None, errors)


@bp.route("/labs/<int:lab_id>/edit", methods=["GET", "POST"])
@login_required
def edit_lab(lab_id):
    lab = services.owned_lab(actor(), lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(LabSchema(partial=True), **LAB_FORM)
        if not errors:
            _saved, errors = run_service(services.update_lab, actor(), lab.id, data,
                                         version=form_version(),
                                         city_must_be_found=_city_must_be_found())
            if not errors:
                flash(_("Saved; %(placement)s.", placement=services.placement(lab)), "info")
                return redirect(url_for("labs_pages.lab_page", lab_id=lab.id))
            lab = services.owned_lab(actor(), lab_id)  # as stored: the refusal rolled back
    return _lab_form(lab, errors)


@bp.route("/labs/<int:lab_id>/confirm", methods=["POST"])
@login_required
def confirm_lab(lab_id):
    services.confirm_lab(actor(), lab_id)
    flash(_("Thank you: the record is confirmed for another 12 months."), "info")
    return redirect(url_for("labs_pages.lab_page", lab_id=lab_id))


@bp.route("/labs/<int:lab_id>/delete", methods=["POST"])
@login_required
def delete_lab(lab_id):
    _record, errors = run_service(services.delete_lab, actor(), lab_id)
    if errors:
        flash_errors(errors)
        return redirect(url_for("labs_pages.lab_page", lab_id=lab_id))
    flash(_("The lab was deleted."), "info")
    return redirect(url_for("labs_pages.my_labs"))


@bp.route("/labs/<int:lab_id>/accreditations/new", methods=["GET", "POST"])
@bp.route("/accreditations/<int:accreditation_id>/edit", methods=["GET", "POST"])
@login_required
def accreditation_form(lab_id=None, accreditation_id=None):
    accreditation = get_or_404(Accreditation, accreditation_id, "accreditation") if accreditation_id else None
    lab = services.owned_lab(actor(), accreditation.lab_id if accreditation else lab_id)
    errors = {}
    if request.method == "POST":
        options = dict(lists=("scope_method_ids", "document_ids"),
                       ints=("scope_method_ids", "document_ids"), keep_empty=("valid_until",))
        data, errors = load_form(AccreditationSchema(partial=accreditation is not None), **options)
        if not errors:
            data.pop("verified", None)
            if accreditation:
                _record, errors = run_service(services.update_accreditation, actor(), accreditation.id,
                                        data, version=form_version())
            else:
                _record, errors = run_service(services.create_accreditation, actor(), lab.id, data)
            if not errors:
                flash(_("Accreditation saved."), "info")
                return redirect(url_for("labs_pages.lab_page", lab_id=lab.id))
    return render_template("labs/accreditation_form.html", lab=lab, accreditation=accreditation,
                           form=request.form, errors=errors, methods=method_choices(),
                           statuses=ACCREDITATION_STATUSES,
                           documents=lab_documents(actor(), lab.id)), 422 if errors else 200


@bp.route("/accreditations/<int:accreditation_id>/verify", methods=["POST"])
@login_required
def verify_accreditation(accreditation_id):
    accreditation = services.update_accreditation(actor(), accreditation_id, {"verified": True})
    flash(_("Accreditation verified."), "info")
    return redirect(url_for("labs_pages.lab_page", lab_id=accreditation.lab_id))


@bp.route("/verification")
@login_required
def verification_queue():
    """Accreditations awaiting verification, with their certificate and scope side by side."""
    return render_template("labs/verification_queue.html",
                           accreditations=services.verification_queue(actor()))


@bp.route("/verification/<int:accreditation_id>", methods=["POST"])
@login_required
def work_verification(accreditation_id):
    """Verify an accreditation from the queue, or send it back to the lab with a note."""
    if request.form.get("action") == "send_back":
        data, errors = load_form(SendBackSchema())
        if not errors:
            _done, errors = run_service(services.send_back_accreditation, actor(), accreditation_id,
                                    data["note"], version=form_version())
        flash_outcome(errors, _("Sent back to the lab with your note."))
    else:
        _done, errors = run_service(services.update_accreditation, actor(), accreditation_id,
                                {"verified": True}, version=form_version())
        flash_outcome(errors, _("Accreditation verified."))
    return redirect(url_for("labs_pages.verification_queue"))


@bp.route("/accreditations/<int:accreditation_id>/delete", methods=["POST"])
@login_required
def delete_accreditation(accreditation_id):
    return remove_from_lab(Accreditation, accreditation_id, "accreditation", services.delete_accreditation)


@bp.route("/labs/<int:lab_id>/capabilities/new", methods=["GET", "POST"])
@login_required
def new_capability(lab_id):
    lab = services.owned_lab(actor(), lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(CapabilitySchema(), keep_empty=())  # lod, loq: "0.1 %"
        if not errors:
            _record, errors = run_service(services.create_capability, actor(), lab.id, data)
            if not errors:
                flash(_("Method added."), "info")
                return redirect(url_for("labs_pages.lab_page", lab_id=lab.id))
    return render_template("labs/capability_form.html", lab=lab, form=request.form,
                           errors=errors, methods=method_choices()), 422 if errors else 200


@bp.route("/capabilities/<int:capability_id>/delete", methods=["POST"])
@login_required
def delete_capability(capability_id):
    return remove_from_lab(Capability, capability_id, "method", services.delete_capability)


