"""Who is told of a request and its changes: a new request goes to the addressed lab's
managers; every later move goes to the other party (the one that did not act); a testing
report, made or amended, goes to the agent who asked for it."""
from labnet.accounts.models import User
from labnet.extensions import db
from labnet.notifications import notify
from labnet.requests import workflow


def _lab_managers(lab, actor) -> list:
    """The lab's managers, but the one who acted (who may manage both labs of a request)."""
    return [user for user in lab.managers if user.id != actor.id]


def material_request_made(actor, request) -> None:
    notify(_lab_managers(request.holding.lab, actor), "material_request_received",
           template="material_request_received", link=f"/requests/material/{request.id}",
           request=request)


def material_request_moved(actor, request, action: str, note: str | None = None) -> None:
    """The party that did not take `action` hears of it."""
    acted = workflow.MATERIAL[action].side
    other = request.requester_lab if acted == "holder" else request.holding.lab
    notify(_lab_managers(other, actor), "material_request_changed", template="material_request_changed",
           link=f"/requests/material/{request.id}", request=request, action=action, note=note)


def testing_request_made(actor, request) -> None:
    notify(_lab_managers(request.lab, actor), "testing_request_received",
           template="testing_request_received", link=f"/requests/testing/{request.id}",
           request=request)


def testing_request_moved(actor, request, action: str) -> None:
    """The agent who sent the request hears of every move (the lab always acts); a report or
    its amendment is a notice of its own kind."""
    requester = db.session.get(User, request.created_by_id) if request.created_by_id else None
    if requester is not None and requester.id == actor.id:
        return
    if action in workflow.REPORTING:
        notify([requester], "testing_report", template="testing_report",
               link=f"/requests/testing/{request.id}", request=request, action=action)
    else:
        notify([requester], "testing_request_changed", template="testing_request_changed",
               link=f"/requests/testing/{request.id}", request=request, action=action)
