"""Who may do what: every permission rule of labnet, in one place.

Services call these before they change anything; templates call them to decide what to show.
Everything not allowed here is denied.
"""
from labnet.errors import Forbidden, Unauthorized


def is_admin(actor) -> bool:
    return actor is not None and actor.role == "admin"


def manages_lab(actor, lab_id: int) -> bool:
    return actor is not None and actor.role == "lab_manager" and lab_id in actor.lab_ids


def can_edit_catalogue(actor) -> bool:
    return is_admin(actor)


def can_create_lab(actor) -> bool:
    return actor is not None and actor.role in ("admin", "lab_manager")


def can_edit_lab(actor, lab) -> bool:
    """Covers the lab record and everything it owns: accreditations, capabilities,
    holdings and training offers."""
    return is_admin(actor) or manages_lab(actor, lab.id)


def coordinates_lab(actor, lab) -> bool:
    return (actor is not None and actor.role == "coordinator"
            and bool(set(actor.network_ids) & set(lab.network_ids)))


def can_verify_accreditation(actor, lab) -> bool:
    return is_admin(actor) or coordinates_lab(actor, lab)


def can_edit_network(actor) -> bool:
    return is_admin(actor)


def can_manage_members(actor, network) -> bool:
    return is_admin(actor) or (actor is not None and actor.role == "coordinator"
                               and network.id in actor.network_ids)


def can_see_private(actor) -> bool:
    """Holdings, requests, matches and coverage need a login."""
    return actor is not None


def can_request_material(actor, requester_lab_id: int) -> bool:
    return manages_lab(actor, requester_lab_id)


def holds_material_request(actor, request) -> bool:
    return manages_lab(actor, request.holding.lab_id)


def requests_material_request(actor, request) -> bool:
    return manages_lab(actor, request.requester_lab_id)


def can_read_material_request(actor, request) -> bool:
    return (is_admin(actor) or holds_material_request(actor, request)
            or requests_material_request(actor, request))


def can_create_testing_request(actor) -> bool:
    return actor is not None and actor.role == "border_agent"


def answers_testing_request(actor, request) -> bool:
    return manages_lab(actor, request.lab_id)


def can_read_testing_request(actor, request) -> bool:
    return (is_admin(actor) or answers_testing_request(actor, request)
            or (actor is not None and request.created_by_id == actor.id))


def can_manage_users(actor) -> bool:
    return is_admin(actor)


def require(allowed: bool, actor, detail: str = "You may not do this.") -> None:
    """Raise 401 for an anonymous actor, 403 for a logged-in one, unless allowed."""
    if allowed:
        return
    if actor is None:
        raise Unauthorized("Log in first.")
    raise Forbidden(detail)
