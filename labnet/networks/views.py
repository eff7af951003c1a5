"""A network's page: its members, and membership managed by its coordinators."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from labnet import authz
from labnet.database import get_or_404
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.networks import services
from labnet.networks.models import Network
from labnet.web import actor, form_record_id, run_service

bp = Blueprint("networks_pages", __name__)


@bp.route("/networks/<int:network_id>", methods=["GET", "POST"])
def network_page(network_id):
    network = get_or_404(Network, network_id, "network")
    errors = {}
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("accounts_pages.login", next=request.path))
        lab_id = form_record_id("lab_id")
        if request.form.get("remove"):
            _, errors = run_service(services.remove_member, actor(), network.id, lab_id)
        else:
            _, errors = run_service(services.add_member, actor(), network.id, lab_id)
        if not errors:
            flash("Membership updated.", "info")
            return redirect(url_for("networks_pages.network_page", network_id=network.id))
    others = db.session.execute(select(Lab.id, Lab.name).where(
        Lab.id.not_in([lab.id for lab in network.labs])).order_by(Lab.name)).all() \
        if authz.can_manage_members(actor(), network) else []
    return render_template("networks/network.html", network=network, others=others, errors=errors,
                           can_manage=authz.can_manage_members(actor(), network))
