"""Who may do what: every permission rule of labnet, in one place.

Services call these before they change or show anything; templates ask them through the
`may` global; queries filter rows with the `*_visible` forms, which give SQL conditions
over the columns a caller names (so this module needs no domain's models). Everything not
allowed here is denied. tests/test_authz.py holds the predicates to a table of
role x action x ownership.
"""
from flask_babel import gettext as _
from sqlalchemy import false, or_, true

from labnet.errors import Forbidden, Unauthorized

ADMIN, COORDINATOR, LAB_MANAGER, BORDER_AGENT = "admin", "coordinator", "lab_manager", "border_agent"


# roles

def is_admin(actor) -> bool:
    return actor is not None and actor.role == ADMIN


def is_logged_in(actor) -> bool:
    return actor is not None


def role_manages_labs(role: str) -> bool:
    """Only lab managers are linked to labs they answer for."""
    return role == LAB_MANAGER


def role_coordinates_networks(role: str) -> bool:
    """Only coordinators are linked to networks they coordinate."""
    return role == COORDINATOR


def has_own_labs(actor) -> bool:
    """The user's pages include "My labs"."""
    return actor is not None and role_manages_labs(actor.role)


def coordinated_network_ids(actor) -> list[int]:
    """The networks a coordinator looks after (none for other roles)."""
    if actor is None or not role_coordinates_networks(actor.role):
        return []
    return list(actor.network_ids)


# labs and what they own

def manages_lab(actor, lab_id: int) -> bool:
    return actor is not None and role_manages_labs(actor.role) and lab_id in actor.lab_ids


def can_create_lab(actor) -> bool:
    return actor is not None and actor.role in (ADMIN, LAB_MANAGER)


def manages_new_lab(actor) -> bool:
    """A lab manager who registers a lab becomes its manager; an admin does not."""
    return has_own_labs(actor)


def can_edit_lab(actor, lab) -> bool:
    """Covers the lab record and everything it owns: accreditations, capabilities,
    holdings and training offers."""
    return is_admin(actor) or manages_lab(actor, lab.id)


def managed_lab_ids(actor) -> list[int]:
    """The labs a lab manager answers for (none for other roles)."""
    if actor is None or not role_manages_labs(actor.role):
        return []
    return list(actor.lab_ids)


def coordinates_lab(actor, lab) -> bool:
    """The lab is a member (not merely invited: lab.network_ids) of a network the actor
    coordinates."""
    return bool(set(coordinated_network_ids(actor)) & set(lab.network_ids))


def can_verify_accreditation(actor, lab) -> bool:
    return is_admin(actor) or coordinates_lab(actor, lab)


def verifies_every_network(actor) -> bool:
    """Admins verify the accreditations of every lab; coordinators those of their networks'
    member labs (coordinated_network_ids)."""
    return is_admin(actor)


def can_see_verification_queue(actor) -> bool:
    return is_admin(actor) or bool(coordinated_network_ids(actor))


def verification_queue_visible(actor, lab_id, member_labs):
    """SQL condition: the accreditations (by their lab's id column) whose verification the
    actor works; `member_labs(network_ids)` gives the member labs of those networks."""
    if verifies_every_network(actor):
        return true()
    return lab_id.in_(member_labs(coordinated_network_ids(actor)))


# documents: the evidence behind a lab's claims

def answers_for_lab(actor, lab) -> bool:
    """Those who work on a lab's record: its managers, the coordinators of its networks (who
    verify it) and admins."""
    return is_admin(actor) or manages_lab(actor, lab.id) or coordinates_lab(actor, lab)


def can_upload_document(actor, lab) -> bool:
    return can_edit_lab(actor, lab)


# what a document may back, and who reads it there: accreditations are public records and
# lots are read by every logged-in user (requesters judge a lot by its certificate before they
# ask); a proficiency-test report stays with those who answer for the lab, though the test's
# result is shown to every logged-in user
DOCUMENTS_READ_WHERE_ATTACHED = ("accreditation", "holding")


def document_hidden(actor, lab, attached_to: set) -> bool:
    """A document attached to nothing (not yet evidence of anything) exists only for those
    who answer for its lab: others are told there is no such document (404)."""
    return not attached_to and not answers_for_lab(actor, lab)


def can_read_document(actor, lab, attached_to: set) -> bool:
    """Read a document (metadata and content) attached to the records `attached_to` names."""
    return answers_for_lab(actor, lab) or (
        is_logged_in(actor) and bool(set(attached_to) & set(DOCUMENTS_READ_WHERE_ATTACHED)))


def can_read_proficiency_tests(actor, lab) -> bool:
    """A lab's proficiency-test results: every logged-in user (they weigh a testing partner)."""
    return is_logged_in(actor)


# a lab's history

# What a lab publishes about itself, and its memberships: every logged-in user reads changes
# to these in its history. Anything else (requests, enrolments) names another party and is
# read only by the parties and admins.
PUBLIC_HISTORY = ("labs", "accreditations", "capabilities", "holdings", "training_offers",
                  "networks")


def can_read_lab_history(actor, lab) -> bool:
    return is_logged_in(actor)


def can_read_history_entry(actor, entry) -> bool:
    """An audit entry filed in a lab's history (entity_type, lab_id, party_lab_id,
    party_user_id): public changes for anyone logged in, the rest for its parties."""
    if is_admin(actor):
        return True
    if actor is None:
        return False
    labs = managed_lab_ids(actor)
    return (entry.entity_type in PUBLIC_HISTORY or entry.lab_id in labs
            or entry.party_lab_id in labs or entry.party_user_id == actor.id)


def history_visible(actor, entity_type, lab_id, party_lab_id, party_user_id):
    """SQL condition: the audit entries of a lab's history a user may read, given the
    columns of the entry's kind, its lab and the other lab and user it names."""
    if is_admin(actor):
        return true()
    if actor is None:
        return false()
    labs = managed_lab_ids(actor)
    return or_(entity_type.in_(PUBLIC_HISTORY), lab_id.in_(labs), party_lab_id.in_(labs),
               party_user_id == actor.id)


# catalogue, networks, users

def can_edit_catalogue(actor) -> bool:
    return is_admin(actor)


def can_edit_network(actor) -> bool:
    return is_admin(actor)


def can_manage_members(actor, network) -> bool:
    """Invite labs (coordinators of the network) or add them (admins)."""
    return is_admin(actor) or network.id in coordinated_network_ids(actor)


def adds_members_at_once(actor) -> bool:
    """An admin's addition makes a lab a member at once; a coordinator's only invites it, and
    it joins when one of its managers accepts."""
    return is_admin(actor)


def can_answer_invitation(actor, lab_id: int) -> bool:
    """Only the lab's own managers consent to its joining a network."""
    return manages_lab(actor, lab_id)


def can_end_membership(actor, network, lab_id: int) -> bool:
    """The network's coordinators and admins withdraw an invitation or remove a member; the
    lab's managers decline an invitation or leave."""
    return can_manage_members(actor, network) or manages_lab(actor, lab_id)


def can_manage_users(actor) -> bool:
    return is_admin(actor)


def must_use_two_factor(actor) -> bool:
    """Admins and coordinators see and change much; they log in to the pages with two-factor."""
    return actor is not None and actor.role in (ADMIN, COORDINATOR)


def can_open_invitations(actor) -> bool:
    """Who sees the invitation form at all."""
    return actor is not None and actor.role in (ADMIN, COORDINATOR)


def can_invite(actor, role: str, lab_ids, network_ids, network_lab_ids) -> bool:
    """Admins invite anyone; a coordinator invites lab managers only, for one or more labs
    that are members of their networks (`network_lab_ids`)."""
    if is_admin(actor):
        return True
    return (actor is not None and role_coordinates_networks(actor.role)
            and role == LAB_MANAGER and not network_ids and bool(lab_ids)
            and set(lab_ids) <= set(network_lab_ids))


def can_see_unanswered_labs(actor) -> bool:
    """Coordinators (their networks' labs) and admins (every lab) find labs without a manager."""
    return actor is not None and actor.role in (ADMIN, COORDINATOR)


def decides_account_request(actor, lab_network_ids) -> bool:
    """Coordinators of one of the lab's networks decide; admins decide all, and alone decide
    for a new lab or a lab in no network."""
    if is_admin(actor):
        return True
    return bool(lab_network_ids) and bool(set(coordinated_network_ids(actor))
                                          & set(lab_network_ids))


def may_change_own_account(actor, user, data: dict) -> bool:
    """Admins cannot demote or deactivate themselves (the last admin would lock everyone out)."""
    return user.id != actor.id or (data.get("active", True) and data.get("role", ADMIN) == ADMIN)


# private data: holdings, matches, coverage

def can_see_private(actor) -> bool:
    """Holdings, requests, matches and coverage need a login."""
    return is_logged_in(actor)


def can_see_coverage(actor) -> bool:
    return is_logged_in(actor)


def can_enrol(actor) -> bool:
    return is_logged_in(actor)


# material requests

def can_request_material(actor, requester_lab_id: int) -> bool:
    return manages_lab(actor, requester_lab_id)


def holds_material_request(actor, request) -> bool:
    return manages_lab(actor, request.holding.lab_id)


def requests_material_request(actor, request) -> bool:
    return manages_lab(actor, request.requester_lab_id)


def can_read_material_request(actor, request) -> bool:
    return (is_admin(actor) or holds_material_request(actor, request)
            or requests_material_request(actor, request))


def material_requests_visible(actor, requester_lab_id, holder_lab_id):
    """SQL condition: the material requests a user may read, given the columns of the
    requesting lab and of the lab holding the material."""
    if is_admin(actor):
        return true()
    if actor is None:
        return false()
    labs = list(actor.lab_ids)
    return or_(requester_lab_id.in_(labs), holder_lab_id.in_(labs))


# testing requests

def can_create_testing_request(actor) -> bool:
    return actor is not None and actor.role == BORDER_AGENT


def answers_testing_request(actor, request) -> bool:
    return manages_lab(actor, request.lab_id)


def sent_testing_request(actor, request) -> bool:
    return actor is not None and request.created_by_id == actor.id


def can_read_testing_request(actor, request) -> bool:
    return (is_admin(actor) or answers_testing_request(actor, request)
            or sent_testing_request(actor, request))


def testing_requests_visible(actor, lab_id, created_by_id):
    """SQL condition: the testing requests a user may read, given the columns of the
    addressed lab and of the user who sent the request."""
    if is_admin(actor):
        return true()
    if actor is None:
        return false()
    return or_(lab_id.in_(list(actor.lab_ids)), created_by_id == actor.id)


def require(allowed: bool, actor, detail: str | None = None) -> None:
    """Raise 401 for an anonymous actor, 403 for a logged-in one, unless allowed."""
    if allowed:
        return
    if actor is None:
        raise Unauthorized(_("Log in first."))
    raise Forbidden(detail or _("You may not do this."))


# enrolments

def can_enrol_for_lab(actor, lab_id: int) -> bool:
    """An enrolment may name a lab (whose staff is trained) only if the user manages it."""
    return manages_lab(actor, lab_id)


def enrolled(actor, enrolment) -> bool:
    return actor is not None and enrolment.user_id == actor.id


def can_read_enrolment(actor, enrolment) -> bool:
    return is_admin(actor) or enrolled(actor, enrolment)


def can_cancel_enrolment(actor, enrolment) -> bool:
    """Only the person enrolled withdraws; an admin reads but does not cancel for them."""
    return enrolled(actor, enrolment)


# notifications

def owns_notification(actor, notification) -> bool:
    """A notice is its recipient's alone, whatever their role."""
    return actor is not None and notification.user_id == actor.id


def notifications_visible(actor, user_id):
    """SQL condition: the notices a user reads (their own only, admins included)."""
    return false() if actor is None else user_id == actor.id
