"""The kinds of notification, each with the label users read when they choose how to get it."""
from flask_babel import lazy_gettext as _l

KINDS = {
    "material_request_received": _l("A material request addressed to my lab"),
    "material_request_changed": _l("A change to a material request of my lab"),
    "testing_request_received": _l("A testing request addressed to my lab"),
    "testing_request_changed": _l("A change to a testing request I sent or my lab answers"),
    "testing_report": _l("A testing report ready or amended"),
    "enrolment": _l("My enrolment in a training confirmed or cancelled"),
    "accreditation_to_verify": _l("An accreditation awaiting my verification"),
    "accreditation_sent_back": _l("An accreditation of my lab sent back by its verifier"),
    "accreditation_expiry": _l("Reminders: an accreditation expiring or expired"),
    "lot_expiry": _l("Reminders: a lot expiring or out of stock"),
    "lab_reconfirmation": _l("Reminders: a lab record to reconfirm"),
}

# how a notice of a kind reaches the user by mail; in the app it always appears
DELIVERIES = {
    "immediate": _l("Mail at once"),
    "digest": _l("In a daily digest"),
    "off": _l("No mail"),
}
DEFAULT_DELIVERY = "immediate"

# what became of a notice's mail: sent at once, waiting for the digest, sent in a digest, none
MAIL_STATES = ("immediate", "digest", "digested", "off")

# where users choose; mails link to it (a path, since reminders are queued outside requests)
PREFERENCES_PATH = "/notifications/preferences"
