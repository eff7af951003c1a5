"""What a material request needs to cross a border, and what its shipment and receipt record.

The requester confirms where the parcel goes, says whether an import permit is needed (and
gives its reference), and accepts the lot's material transfer agreement by name and title
when the holder requires one; the text accepted is kept as it read then. The holder says how
the parcel travels; the requester says how it arrived.
"""
from flask_babel import gettext as _

from labnet.database import utcnow
from labnet.errors import Invalid
from labnet.holdings.models import Holding
from labnet.requests.models import MaterialRequest


def transfer_terms(holding: Holding, data: dict) -> dict:
    """The request's columns for crossing a border: the address the requester confirmed,
    the lot's MTA as accepted (required when the lot has mta_required), the import permit."""
    errors = {}
    columns = {"shipping_address": data.get("shipping_address") or None,
               "shipping_contact": data.get("shipping_contact") or None,
               "import_permit_needed": data.get("import_permit_needed"),
               "import_permit_reference": data.get("import_permit_reference") or None}
    if columns["shipping_address"]:
        if not data.get("shipping_address_confirmed"):
            errors["shipping_address_confirmed"] = [
                _("Confirm the shipping address: the holder sends the parcel there.")]
        columns["shipping_address_confirmed_at"] = utcnow()
    if columns["import_permit_needed"] and not columns["import_permit_reference"]:
        errors["import_permit_reference"] = [
            _("Give the import permit's reference: the holder cannot ship without it.")]
    accepted = data.get("mta_accepted_by")
    if holding.mta_required:
        if not accepted:
            errors["mta_accepted_by"] = [
                _("This lot needs a material transfer agreement: give the name and title of "
                  "who accepts it for your lab.")]
        else:
            columns.update(mta_accepted_name=accepted["name"], mta_accepted_title=accepted["title"],
                           mta_accepted_at=utcnow(), mta_text_accepted=holding.mta_text)
    if errors:
        raise Invalid(_("The request is missing what the transfer needs."), errors)
    return columns


def request_details(request: MaterialRequest) -> dict:
    """What the requester stated when asking, kept in the request's first step."""
    details = {"shipping_address": request.shipping_address,
               "import_permit_needed": request.import_permit_needed,
               "import_permit_reference": request.import_permit_reference}
    if request.mta_accepted_at is not None:
        details["mta_accepted_by"] = {"name": request.mta_accepted_name,
                                      "title": request.mta_accepted_title}
    return {key: value for key, value in details.items() if value is not None}


TRANSPORT_COLUMNS = {
    "ship": {"courier": "courier", "tracking_number": "tracking_number",
             "conditions": "shipping_conditions"},
    "receive": {"condition": "receipt_condition"},
}


def record_transport(request: MaterialRequest, action: str, note: str | None,
                     details: dict) -> dict | None:
    """Keep what the shipment or the receipt says on the request; answer it for the history."""
    given = {key: details[key] for key in TRANSPORT_COLUMNS.get(action, {})
             if details.get(key) is not None}
    for key, value in given.items():
        setattr(request, TRANSPORT_COLUMNS[action][key], value)
    if action == "receive":
        request.receipt_note = note
    return given or None
