from flask.views import MethodView

from labnet.accounts.auth import require_actor
from labnet.api.blueprint import Blueprint
from labnet.api.pagination import page_of, paginate
from labnet.notifications import services
from labnet.notifications.schemas import NotificationQuery, NotificationSchema, PreferencesSchema, ReadAllSchema

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


@blp.route("/notifications/read-all", methods=["POST"])
@blp.response(200, ReadAllSchema)
@blp.doc(security=BEARER)
def read_all():
    """Mark every notification of the caller read; answers how many were unread."""
    return {"marked_read": services.mark_all_read(require_actor())}


@blp.route("/notifications/preferences")
class Preferences(MethodView):
    @blp.response(200, PreferencesSchema)
    @blp.doc(security=BEARER)
    def get(self):
        """How each kind of notification reaches the caller by mail: `immediate`, `digest`
        (one mail a day) or `off` (no mail; the notification still appears)."""
        return services.preferences(require_actor())

    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesSchema)
    @blp.doc(security=BEARER)
    def put(self, choices):
        """Choose for the kinds named; the others keep their choice."""
        return services.set_preferences(require_actor(), choices)
