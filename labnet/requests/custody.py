"""A testing request's chain of custody: the consignment the samples come from, the samples
as the agency sealed and weighed them, and the lab's receipt of them.
"""
from flask_babel import gettext as _

from labnet.database import today
from labnet.errors import Invalid
from labnet.extensions import db
from labnet.reference.models import Country


def sample_count(data: dict, samples: list[dict]) -> int:
    """Samples are listed once each; a sample_count beside them must agree."""
    ids = [s["sample_id"] for s in samples]
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        raise Invalid(_("Sample ids are given more than once: %(ids)s.", ids=", ".join(doubled)),
                      {"samples": [_("%(id)s is given more than once.", id=i) for i in doubled]})
    count = data.get("sample_count")
    if samples and count is not None and count != len(samples):
        raise Invalid(_("sample_count is %(count)s but %(listed)s samples are listed.",
                        count=count, listed=len(samples)),
                      {"sample_count": [_("Leave it out or give %(listed)s.", listed=len(samples))]})
    return len(samples) or count or 1


def consignment(consignment: dict) -> dict:
    """The request's consignment columns; an unknown country of origin is 422."""
    origin = (consignment.get("origin_country") or "").upper() or None
    if origin and db.session.get(Country, origin) is None:
        raise Invalid(_("Unknown country: %(code)s.", code=origin), {"consignment": {
            "origin_country": [_("Unknown ISO 3166-1 alpha-2 code.")]}})
    return {"consignment_commodity": consignment.get("commodity") or None,
            "origin_country": origin,
            "consignment_reference": consignment.get("reference") or None,
            "consignment_lot": consignment.get("lot") or None}


def samples_receipt(data: dict) -> dict:
    """What the lab signs for; a receipt dated after today is 422."""
    if data["received_on"] > today():
        raise Invalid(_("The samples cannot have been received after today."),
                      {"received_on": [_("Today or earlier.")]})
    return {"received_on": data["received_on"].isoformat(), "condition": data["condition"],
            "seals_intact": data["seals_intact"]}
