"""Public pages (home, directory, lab page) and the lab manager's workspace."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from labnet import authz
from labnet.api.pagination import paginate
from labnet.catalogue.lookup import get_or_404
from labnet.catalogue.models import Event, Method, ReferenceMaterial
from labnet.errors import DomainError
from labnet.extensions import db
from labnet.holdings import services as holdings
from labnet.holdings.models import Holding
from labnet.holdings.schemas import HoldingSchema
from labnet.labs import networks as network_services
from labnet.labs import services
from labnet.labs.models import (
    ACCREDITATION_STATUSES, LAB_TYPES, MATRICES, Accreditation, Capability, Lab, Network,
)
from labnet.labs.schemas import AccreditationSchema, CapabilitySchema, LabQuery, LabSchema
from labnet.reference.models import Country, Element, Region
from labnet.training import services as training
from labnet.training.models import AUDIENCES, MODALITIES, TrainingOffer
from labnet.training.schemas import TrainingOfferSchema
from labnet.web import flash_errors, load_form, run_service

public = Blueprint("public", __name__)
workspace = Blueprint("workspace", __name__)


def actor():
    return current_user._get_current_object() if current_user.is_authenticated else None


def choices():
    """Options for the directory filters and the forms (small reference tables)."""
    return {
        "countries": db.session.execute(select(Country.code, Country.name).order_by(Country.name)).all(),
        "regions": db.session.execute(select(Region.code, Region.name).order_by(Region.name)).all(),
        "networks": db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all(),
        "events": db.session.execute(select(Event.unique_identifier, Event.name)
                                     .order_by(Event.name)).all(),
        "elements": [(code, f"{code}: {name}") for code, name in db.session.execute(
            select(Element.code, Element.name).order_by(func.lower(Element.code)))],
    }


@public.route("/")
def home():
    counts = {
        "labs": db.session.scalar(select(func.count()).select_from(Lab)),
        "countries": db.session.scalar(select(func.count(func.distinct(Lab.country_code)))),
        "networks": db.session.scalar(select(func.count()).select_from(Network)),
        "events": db.session.scalar(select(func.count()).select_from(Event)),
    }
    return render_template("public/home.html", counts=counts, **choices())


@public.route("/labs")
def directory():
    args = {k: v for k, v in request.args.items() if v != ""}
    try:
        query = LabQuery().load(args)
    except Exception as error:  # a bad filter shows the form again with the message
        messages = getattr(error, "messages", {"_": [str(error)]})
        return render_template("public/directory.html", page=None, args=args, errors=messages,
                               **choices()), 422
    page_no, per_page = query.pop("page"), query.pop("per_page")
    try:
        page = paginate(services.lab_query(**query), page_no, per_page)
    except DomainError as error:
        return render_template("public/directory.html", page=None, args=args,
                               errors=error.errors or {"_": [error.detail]}, **choices()), error.status
    return render_template("public/directory.html", page=page, args=args, errors={}, **choices())


@public.route("/labs/<int:lab_id>")
def lab_page(lab_id):
    lab = db.session.scalar(select(Lab).where(Lab.id == lab_id).options(
        selectinload(Lab.accreditations).selectinload(Accreditation.scope_methods),
        selectinload(Lab.capabilities))) if lab_id else None
    if lab is None:
        lab = services.get_lab(lab_id)  # the usual 404
    who = actor()
    lab_holdings = db.session.scalars(
        select(Holding).where(Holding.lab_id == lab.id).order_by(Holding.expiry_date)).all() \
        if authz.can_see_private(who) else None
    offers = db.session.scalars(select(TrainingOffer).where(TrainingOffer.lab_id == lab.id)
                                .order_by(TrainingOffer.start_date)).all()
    return render_template("public/lab.html", lab=lab, holdings=lab_holdings, offers=offers,
                           can_edit=authz.can_edit_lab(who, lab),
                           can_verify=authz.can_verify_accreditation(who, lab),
                           unconfirmed=services.is_unconfirmed(lab))


@public.route("/labs/<int:lab_id>/history")
@login_required
def lab_history(lab_id):
    lab, stmt = services.lab_history_query(actor(), lab_id)
    page = paginate(stmt, request.args.get("page", 1, type=int) or 1, 50)
    return render_template("public/history.html", lab=lab, page=page)


@public.route("/networks/<int:network_id>", methods=["GET", "POST"])
def network_page(network_id):
    network = get_or_404(Network, network_id, "network")
    errors = {}
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.path))
        lab_id = request.form.get("lab_id", type=int)
        if request.form.get("remove"):
            _, errors = run_service(network_services.remove_member, actor(), network.id, lab_id or 0)
        else:
            _, errors = run_service(network_services.add_member, actor(), network.id, lab_id or 0)
        if not errors:
            db.session.commit()
            flash("Membership updated.", "info")
            return redirect(url_for("public.network_page", network_id=network.id))
    others = db.session.execute(select(Lab.id, Lab.name).where(
        Lab.id.not_in([lab.id for lab in network.labs])).order_by(Lab.name)).all() \
        if authz.can_manage_members(actor(), network) else []
    return render_template("public/network.html", network=network, others=others, errors=errors,
                           can_manage=authz.can_manage_members(actor(), network))


# the lab manager's workspace

@workspace.before_request
@login_required
def logged_in():
    pass


def _owned_lab(lab_id) -> Lab:
    lab = services.get_lab(lab_id)
    if not authz.can_edit_lab(actor(), lab):
        abort(403)
    return lab


@workspace.route("/my/labs")
def my_labs():
    return render_template("workspace/my_labs.html", labs=current_user.managed_labs,
                           is_unconfirmed=services.is_unconfirmed)


LAB_FORM = dict(lists=("matrices",), bools=("accepts_external_samples",),
                keep_empty=("latitude", "longitude", "turnaround_days", "institution", "city",
                            "address", "contact_email"))


@workspace.route("/labs/new", methods=["GET", "POST"])
def new_lab():
    errors = {}
    if request.method == "POST":
        data, errors = load_form(LabSchema(), **LAB_FORM)
        if not errors:
            lab, errors = run_service(services.create_lab, actor(), data)
            if not errors:
                db.session.commit()
                flash(f"Registered {lab.name}; located by {lab.location_source.replace('_', ' ')}.", "info")
                return redirect(url_for("public.lab_page", lab_id=lab.id))
    elif not authz.can_create_lab(actor()):
        abort(403)
    return render_template("workspace/lab_form.html", lab=None, form=request.form, errors=errors,
                           lab_types=LAB_TYPES, matrices=MATRICES, **choices()), 422 if errors else 200


@workspace.route("/labs/<int:lab_id>/edit", methods=["GET", "POST"])
def edit_lab(lab_id):
    lab = _owned_lab(lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(LabSchema(partial=True), **LAB_FORM)
        if not errors:
            _, errors = run_service(services.update_lab, actor(), lab.id, data)
            if not errors:
                db.session.commit()
                flash("Saved.", "info")
                return redirect(url_for("public.lab_page", lab_id=lab.id))
    return render_template("workspace/lab_form.html", lab=lab, form=request.form, errors=errors,
                           lab_types=LAB_TYPES, matrices=MATRICES, **choices()), 422 if errors else 200


@workspace.route("/labs/<int:lab_id>/confirm", methods=["POST"])
def confirm_lab(lab_id):
    services.confirm_lab(actor(), lab_id)
    db.session.commit()
    flash("Thank you: the record is confirmed for another 12 months.", "info")
    return redirect(url_for("public.lab_page", lab_id=lab_id))


@workspace.route("/labs/<int:lab_id>/delete", methods=["POST"])
def delete_lab(lab_id):
    _, errors = run_service(services.delete_lab, actor(), lab_id)
    if errors:
        flash_errors(errors)
        return redirect(url_for("public.lab_page", lab_id=lab_id))
    db.session.commit()
    flash("The lab was deleted.", "info")
    return redirect(url_for("workspace.my_labs"))


def _methods():
    return db.session.execute(select(Method.id, Method.code, Method.name).order_by(Method.code)).all()


@workspace.route("/labs/<int:lab_id>/accreditations/new", methods=["GET", "POST"])
@workspace.route("/accreditations/<int:accreditation_id>/edit", methods=["GET", "POST"])
def accreditation_form(lab_id=None, accreditation_id=None):
    accreditation = get_or_404(Accreditation, accreditation_id, "accreditation") if accreditation_id else None
    lab = _owned_lab(accreditation.lab_id if accreditation else lab_id)
    errors = {}
    if request.method == "POST":
        options = dict(lists=("scope_method_ids",), ints=("scope_method_ids",),
                       keep_empty=("valid_until",))
        data, errors = load_form(AccreditationSchema(partial=accreditation is not None), **options)
        if not errors:
            data.pop("verified", None)
            if accreditation:
                _, errors = run_service(services.update_accreditation, actor(), accreditation.id, data)
            else:
                _, errors = run_service(services.create_accreditation, actor(), lab.id, data)
            if not errors:
                db.session.commit()
                flash("Accreditation saved.", "info")
                return redirect(url_for("public.lab_page", lab_id=lab.id))
    return render_template("workspace/accreditation_form.html", lab=lab, accreditation=accreditation,
                           form=request.form, errors=errors, methods=_methods(),
                           statuses=ACCREDITATION_STATUSES), 422 if errors else 200


@workspace.route("/accreditations/<int:accreditation_id>/verify", methods=["POST"])
def verify_accreditation(accreditation_id):
    accreditation = services.update_accreditation(actor(), accreditation_id, {"verified": True})
    db.session.commit()
    flash("Accreditation verified.", "info")
    return redirect(url_for("public.lab_page", lab_id=accreditation.lab_id))


def _remove(model, record_id: int, what: str, remove):
    """Remove something a lab owns, then show the lab again."""
    lab_id = get_or_404(model, record_id, what).lab_id
    _, errors = run_service(remove, actor(), record_id)
    if errors:
        flash_errors(errors)
    else:
        db.session.commit()
        flash(f"The {what} was removed.", "info")
    return redirect(url_for("public.lab_page", lab_id=lab_id))


@workspace.route("/accreditations/<int:accreditation_id>/delete", methods=["POST"])
def delete_accreditation(accreditation_id):
    return _remove(Accreditation, accreditation_id, "accreditation", services.delete_accreditation)


@workspace.route("/labs/<int:lab_id>/capabilities/new", methods=["GET", "POST"])
def new_capability(lab_id):
    lab = _owned_lab(lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(CapabilitySchema(), keep_empty=())
        if not errors:
            _, errors = run_service(services.create_capability, actor(), lab.id, data)
            if not errors:
                db.session.commit()
                flash("Method added.", "info")
                return redirect(url_for("public.lab_page", lab_id=lab.id))
    return render_template("workspace/capability_form.html", lab=lab, form=request.form,
                           errors=errors, methods=_methods()), 422 if errors else 200


@workspace.route("/capabilities/<int:capability_id>/delete", methods=["POST"])
def delete_capability(capability_id):
    return _remove(Capability, capability_id, "method", services.delete_capability)


HOLDING_FORM = dict(lists=("validated_method_ids",), ints=("validated_method_ids",),
                    bools=("shareable", "mta_required"), keep_empty=("expiry_date",))


@workspace.route("/labs/<int:lab_id>/holdings/new", methods=["GET", "POST"])
@workspace.route("/holdings/<int:holding_id>/edit", methods=["GET", "POST"])
def holding_form(lab_id=None, holding_id=None):
    holding = get_or_404(Holding, holding_id, "holding") if holding_id else None
    lab = _owned_lab(holding.lab_id if holding else lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(HoldingSchema(partial=holding is not None), **HOLDING_FORM)
        if not errors:
            if holding:
                _, errors = run_service(holdings.update_holding, actor(), holding.id, data)
            else:
                _, errors = run_service(holdings.create_holding, actor(), lab.id, data)
            if not errors:
                db.session.commit()
                flash("Holding saved.", "info")
                return redirect(url_for("public.lab_page", lab_id=lab.id))
    materials = db.session.execute(select(ReferenceMaterial.id, ReferenceMaterial.code)
                                   .order_by(ReferenceMaterial.code)).all()
    return render_template("workspace/holding_form.html", lab=lab, holding=holding, form=request.form,
                           errors=errors, materials=materials, methods=_methods()), \
        422 if errors else 200


@workspace.route("/holdings/<int:holding_id>/delete", methods=["POST"])
def delete_holding(holding_id):
    return _remove(Holding, holding_id, "holding", holdings.delete_holding)


@workspace.route("/labs/<int:lab_id>/training/new", methods=["GET", "POST"])
def new_training(lab_id):
    lab = _owned_lab(lab_id)
    errors = {}
    if request.method == "POST":
        data, errors = load_form(TrainingOfferSchema(), lists=("topics", "audience", "languages"))
        if not errors:
            offer, errors = run_service(training.create_offer, actor(), dict(data, lab_id=lab.id))
            if not errors:
                db.session.commit()
                flash(f"Training offer '{offer.title}' published.", "info")
                return redirect(url_for("public.lab_page", lab_id=lab.id))
    return render_template("workspace/training_form.html", lab=lab, form=request.form, errors=errors,
                           audiences=AUDIENCES, modalities=MODALITIES, **choices()), \
        422 if errors else 200
