from labnet.accounts.auth import require_actor
from labnet.api.blueprint import Blueprint
from labnet.api.pagination import page_of, paginate
from labnet.notifications import services
from labnet.notifications.schemas import NotificationQuery, NotificationSchema

blp = Blueprint("notifications", __name__, description="The caller's notifications")
BEARER = [{"bearer": []}]


@blp.route("/notifications", methods=["GET"])
@blp.arguments(NotificationQuery, location="query")
@blp.response(200, page_of(NotificationSchema))
@blp.doc(security=BEARER)
def notifications(args):
    """The caller's notifications, newest first (`unread=true`: those not read yet)."""
    query = services.notifications_query(require_actor(), args.get("unread"))
    return paginate(query, args["page"], args["per_page"])


@blp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@blp.response(200, NotificationSchema)
@blp.doc(security=BEARER)
def read(notification_id):
    """Mark one of the caller's notifications read (someone else's is 404)."""
    return services.mark_read(require_actor(), notification_id)
