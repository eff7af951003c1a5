"""A network's page: its members and the labs it invited; membership managed by its
coordinators (who invite) and admins (who add), and answered by the labs' managers."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from labnet import authz
from labnet.database import get_or_404
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.networks import services
from labnet.networks.models import Network
from labnet.web import actor, flash_outcome, form_record_id, run_service

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
            _record, errors = run_service(services.remove_member, actor(), network.id, lab_id)
            message = _("Membership updated.")
        else:
            membership, errors = run_service(services.add_member, actor(), network.id, lab_id)
            message = (_("Membership updated.") if errors or membership.is_member else
                       _("Invitation sent: the lab joins when one of its managers accepts."))
        if not errors:
            flash(message, "info")
            return redirect(url_for("networks_pages.network_page", network_id=network.id))
    can_manage = authz.can_manage_members(actor(), network)
    listed = [lab.id for lab in network.labs + network.invited_labs]
    others = db.session.execute(select(Lab.id, Lab.name).where(
        Lab.id.not_in(listed)).order_by(Lab.name)).all() if can_manage else []
    return render_template("networks/network.html", network=network, others=others, errors=errors,
                           can_manage=can_manage,
                           add_label=_("Add member") if authz.adds_members_at_once(actor())
                           else _("Invite lab"))


@bp.route("/networks/<int:network_id>/members/<int:lab_id>/accept", methods=["POST"])
@login_required
def accept_invitation(network_id, lab_id):
    _record, errors = run_service(services.accept_invitation, actor(), network_id, lab_id)
    flash_outcome(errors, _("Invitation accepted: the lab is now a member of the network."))
    return redirect(url_for("labs_pages.lab_page", lab_id=lab_id))


@bp.route("/networks/<int:network_id>/members/<int:lab_id>/decline", methods=["POST"])
@login_required
def decline_invitation(network_id, lab_id):
    """Decline an invitation or leave the network (the lab's managers)."""
    _record, errors = run_service(services.remove_member, actor(), network_id, lab_id)
    flash_outcome(errors, _("The lab is not a member of the network."))
    return redirect(url_for("labs_pages.lab_page", lab_id=lab_id))
