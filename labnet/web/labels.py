"""The words pages show for the codes records store (statuses, kinds, roles...).

Records and the API keep the codes; pages show them through the `label` filter, in the
page's language. A code with no entry here is shown with its underscores as spaces.
"""
from flask_babel import lazy_gettext as _l

LABELS = {
    # roles
    "admin": _l("admin"), "coordinator": _l("coordinator"), "lab_manager": _l("lab manager"),
    "border_agent": _l("border agent"),
    # detection techniques, method specificity and validation
    "qpcr": _l("real-time PCR (qPCR)"), "pcr": _l("conventional PCR"),
    "dpcr": _l("digital PCR (dPCR)"), "lamp": _l("LAMP"), "elisa": _l("ELISA"),
    "lateral_flow": _l("lateral flow strip"), "sequencing": _l("sequencing"), "other": _l("other"),
    "element": _l("element-specific"), "construct": _l("construct-specific"),
    "event": _l("event-specific"), "taxon": _l("taxon-specific"),
    "interlaboratory": _l("validated by an interlaboratory study"),
    "single_laboratory": _l("validated in a single laboratory"), "not_validated": _l("not validated"),
    # reference materials and lots
    "certified": _l("certified"), "non_certified": _l("non-certified"), "in_house": _l("in-house"),
    "matrix_powder": _l("matrix powder"), "genomic_dna": _l("genomic DNA"),
    "plasmid_dna": _l("plasmid DNA"),
    "free": _l("free"), "cost_recovery": _l("cost recovery"), "exchange": _l("exchange"),
    # matrices and authorisation scopes
    "seed": _l("seed"), "grain": _l("grain"), "flour": _l("flour"), "food": _l("food"),
    "feed": _l("feed"), "leaf": _l("leaf"), "cultivation": _l("cultivation"),
    "import_processing": _l("import and processing"),
    # authorisations
    "authorised": _l("authorised"), "refused": _l("refused"), "no_record": _l("no record"),
    # labs and accreditations
    "manual": _l("coordinates given"), "geocoded": _l("geocoded"),
    "country_centroid": _l("country's central point"),
    "government": _l("government"), "university": _l("university"), "private": _l("private"),
    "reference": _l("reference laboratory"), "customs": _l("customs"),
    "active": _l("active"), "suspended": _l("suspended"), "withdrawn": _l("withdrawn"),
    "expired": _l("expired"), "expiring": _l("expiring"), "out of stock": _l("out of stock"),
    "invited": _l("invited"), "member": _l("member"),
    # requests: statuses and actions
    "pending": _l("pending"), "accepted": _l("accepted"), "declined": _l("declined"),
    "shipped": _l("shipped"), "received": _l("received"), "cancelled": _l("cancelled"),
    "reported": _l("reported"),
    "accept": _l("accept"), "decline": _l("decline"), "ship": _l("ship"),
    "receive": _l("receive"), "cancel": _l("cancel"), "report": _l("report"), "amend": _l("amend"),
    "material_request": _l("material request"), "testing_request": _l("testing request"),
    "material": _l("material"), "testing": _l("testing"),
    # training
    "laboratory": _l("laboratory staff"), "border": _l("border and customs staff"),
    "trainers": _l("trainers"), "policy": _l("policy makers"),
    "in_person": _l("in person"), "online": _l("online"), "hands_on": _l("hands-on"),
    "training_of_trainers": _l("training of trainers"), "enrolled": _l("enrolled"),
    # coverage of an event
    "covered": _l("covered"), "method_only": _l("method only"),
    "material_only": _l("material only"), "gap": _l("gap"),
    # the audit trail
    "create": _l("created"), "update": _l("updated"), "delete": _l("deleted"),
    "archive": _l("archived"), "confirm": _l("confirmed"), "enrol": _l("enrolled"),
    "import": _l("imported"), "invite": _l("invited"), "join": _l("joined"),
    "resize": _l("resized"), "request": _l("requested"),
    "labs": _l("lab"), "accreditations": _l("accreditation"), "holdings": _l("lot"),
    "capabilities": _l("detection method"), "training_offers": _l("training offer"),
    "enrolments": _l("enrolment"), "material_requests": _l("material request"),
    "testing_requests": _l("testing request"), "network_memberships": _l("network membership"),
    "users": _l("user"),
    # transfers: shipping, receipt, custody and per-sample results
    "ambient": _l("ambient temperature"), "cooled": _l("cooled"), "frozen": _l("frozen"),
    "dry_ice": _l("on dry ice"), "intact": _l("intact"), "damaged": _l("damaged"),
    "thawed": _l("thawed"), "samples_received": _l("samples received"),
    "receive_samples": _l("sign for the samples"),
    "detected": _l("detected"), "not_detected": _l("not detected"), "not_tested": _l("not tested"),
    "inconclusive": _l("inconclusive"),
    # documents and proficiency tests
    "accreditation_certificate": _l("accreditation certificate"),
    "accreditation_scope": _l("accreditation scope"), "material_certificate": _l("material certificate"),
    "characterisation_report": _l("characterisation report"),
    "validation_report": _l("validation report"), "pt_report": _l("proficiency-test report"),
    "test_report": _l("test report"),
    "satisfactory": _l("satisfactory"), "questionable": _l("questionable"),
    "unsatisfactory": _l("unsatisfactory"),
    # notifications (how a notice's mail goes) and the mail outbox
    "immediate": _l("mail at once"), "digest": _l("daily digest"), "digested": _l("sent in a digest"),
    "off": _l("no mail"), "queued": _l("queued"), "sent": _l("sent"), "failed": _l("failed"),
    # account requests
    "approved": _l("approved"),
    "documents": _l("document"), "proficiency_tests": _l("proficiency test"),
    "invitations": _l("invitation"), "account_requests": _l("account request"),
}


def label(code) -> str:
    """The words for a stored code in the page's language."""
    if code is None:
        return ""
    text = LABELS.get(code)
    return str(text) if text is not None else str(code).replace("_", " ")
