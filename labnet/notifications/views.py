"""Pages: the user's notifications, marking them read, and how each kind reaches them."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from labnet.api.pagination import PageArgs, paginate
from labnet.notifications import services
from labnet.notifications.kinds import DELIVERIES, KINDS, PREFERENCES_PATH
from labnet.notifications.schemas import PreferencesSchema
from labnet.web import actor, flash_errors, load_form, page_number

bp = Blueprint("notifications_pages", __name__)
PER_PAGE = PageArgs().fields["per_page"].load_default


@bp.app_context_processor
def unread_notifications():
    """`unread_notifications()` in templates: the count in the navigation."""
    return {"unread_notifications": lambda: services.unread_count(actor())}


@bp.route("/notifications")
@login_required
def notifications():
    unread_only = request.args.get("unread") == "true"
    page = paginate(services.notifications_query(actor(), True if unread_only else None),
                    page_number(), PER_PAGE)
    return render_template("notifications/notifications.html", page=page,
                           args={"unread": "true"} if unread_only else {})


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id):
    notice = services.mark_read(actor(), notification_id)
    if request.form.get("open") and notice.link and notice.link.startswith("/"):
        return redirect(notice.link)  # opened from the list: read, then shown
    return redirect(url_for("notifications_pages.notifications"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all():
    count = services.mark_all_read(actor())
    flash(_("%(num)d notification(s) marked read.", num=count), "info")
    return redirect(url_for("notifications_pages.notifications"))


@bp.route(PREFERENCES_PATH, methods=["GET", "POST"])
@login_required
def preferences():
    errors = {}
    if request.method == "POST":
        data, errors = load_form(PreferencesSchema())
        if not errors:
            services.set_preferences(actor(), data)
            flash(_("Your choices are saved."), "info")
            return redirect(url_for("notifications_pages.preferences"))
        flash_errors(errors)
    return render_template("notifications/preferences.html", chosen=services.preferences(actor()),
                           kinds=KINDS, deliveries=DELIVERIES, errors=errors), \
        422 if errors else 200
