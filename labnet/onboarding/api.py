"""Invitations through the API."""
from labnet.accounts.api import UserSchema
from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.onboarding import services
from labnet.onboarding.schemas import AcceptInvitationSchema, InvitationSchema

blp = Blueprint("invitations", __name__, description="Invitations to open an account")


@blp.route("/invitations", methods=["POST"])
@blp.arguments(InvitationSchema)
@blp.response(201, InvitationSchema)
@blp.doc(security=[{"bearer": []}])
def invite(data):
    """Invite someone by mail (admins: any role; coordinators: lab managers for labs of
    their networks)."""
    return services.invite(api_actor(), data)


@blp.route("/invitations/<string:token>/accept", methods=["POST"])
@blp.arguments(AcceptInvitationSchema)
@blp.response(201, UserSchema)
def accept(data, token):
    """Open the invited account (once; an accepted or expired invitation is 410)."""
    return services.accept_invitation(token[:100], data)
