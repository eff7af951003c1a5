"""The words of the field as labnet uses them, each with where it comes from.

Sources are those collected in the project's domain notes (shared/DOMAIN.md); a term that is
labnet's own (how it counts coverage, what "verified" means here) says so instead.
"""
from flask_babel import lazy_gettext as _l

# (anchor, term, definition, source or None)
TERMS = [
    ("element", _l("Element (genetic element)"),
     _l("A piece of DNA found in many genetically modified plants, such as the P-35S promoter or the "
        "T-nos terminator. Element-specific methods find it whichever event carries it, so they "
        "are used for screening. An element the records do not name for an event is unknown for "
        "that event, not absent."),
     _l("GMOseek matrix paper, BMC Bioinformatics 14:256, Table 1; JRC GMOMETHODS (codes QL-ELE-…)")),
    ("event", _l("Event"),
     _l("One insertion of modified DNA into a plant's genome, with its own name (MON810, Bt11) and "
        "UID. Varieties bred from it carry the same event; a stack combines several events."),
     _l("EU register of GM food and feed")),
    ("uid", _l("UID (OECD unique identifier)"),
     _l("The code of an event: developer code, event code and a check digit, such as MON-ØØ81Ø-6. "
        "The slashed Ø stands for zero (you may type 0); stacked events join UIDs with ×. "
        "labnet also reads an event's name or alias where a UID is asked."),
     _l("OECD unique identifier for transgenic plants")),
    ("matrix", _l("Matrix"),
     _l("What the sample is made of: seed, grain, flour, food, feed or leaf. A method validated on "
        "one matrix (EURL validations used DNA from seed or flour) is not proven on another, so "
        "a testing request names the matrix."),
     _l("EURL GMFF validation reports")),
    ("method-only", _l("Method only (coverage)"),
     _l("On the coverage dashboard: at least one lab in scope has a method for the event, but none "
        "holds reference material for it, so a positive result cannot be confirmed against a "
        "control. “Material only” is the reverse; “gap” means neither."),
     None),
    ("reference-material", _l("Reference material"),
     _l("Material with a known content of an event, used as a positive control or to calibrate a "
        "measurement: for example JRC ERM-BF4xx seed powders or ERM-AD4xx plasmids, or AOCS "
        "materials, some of which are the non-GM control of a series."),
     _l("JRC and AOCS certificates")),
    ("lot", _l("Lot"),
     _l("One batch of a reference material that a lab holds, with its own stock, expiry date and "
        "form. AOCS batch suffixes (0707-C5 is the fifth batch) name lots; the form can change "
        "between batches."),
     _l("AOCS certificates")),
    ("certified", _l("Certified, non-certified and in-house material"),
     _l("A certified reference material comes with a certificate of its value from a producer "
        "working to ISO 17034. Non-certified positive controls have no certified value. In-house "
        "materials are made by a lab, often from local events nobody sells; others should rely "
        "on them only with characterisation evidence."),
     _l("ISO 17034; CBD Network of Laboratories for the Detection and Identification of LMOs")),
    ("accreditation", _l("Accreditation"),
     _l("Formal recognition by a national accreditation body (under the ILAC MRA) that a lab is "
        "competent to run the tests in its scope, to ISO/IEC 17025. It has a certificate number, "
        "a status (active, suspended, withdrawn), and often an expiry date."),
     _l("ISO/IEC 17025; ILAC MRA")),
    ("scope", _l("Scope of accreditation"),
     _l("The tests an accreditation covers. It is fixed (a list of methods) or flexible, so that "
        "newly validated events can be added to a GMO qPCR scope without a new assessment."),
     _l("National accreditation bodies (UKAS, SANAS, KENAS)")),
    ("verified", _l("Verified or self-declared accreditation"),
     _l("labnet counts a lab as accredited only when a coordinator has checked its certificate "
        "(verified). Until then the accreditation is the lab's own word and is shown as "
        "self-declared."),
     None),
    ("proficiency-testing", _l("Proficiency testing"),
     _l("Rounds in which labs analyse the same samples and are scored against the assigned value, "
        "by providers working to ISO/IEC 17043. Scores are z-scores: |z| ≤ 2 satisfactory, "
        "2 < |z| < 3 questionable, |z| ≥ 3 unsatisfactory."),
     _l("ISO/IEC 17043; ISO 13528; EURL GMFF comparative testing")),
    ("screening", _l("Screening"),
     _l("A first test for common elements (P-35S, T-nos, P-FMV…) that tells whether a sample may "
        "contain a GMO and which events could explain it. A P-35S or P-FMV positive can also come "
        "from a plant virus; a virus-specific assay rules that out. Events are then confirmed "
        "with event-specific methods."),
     _l("JRC GMO-Matrix; GMOseek; EUginius")),
    ("construct-specific", _l("Construct-specific method"),
     _l("A method that targets the junction between two elements of the inserted DNA (for example "
        "ctp2-CP4 EPSPS). It narrows the candidates more than screening, but several events can "
        "share one construct."),
     _l("JRC GMOMETHODS (codes QL-CON-…)")),
    ("event-specific", _l("Event-specific method"),
     _l("A method that targets the junction between the inserted DNA and the plant's genome, "
        "found in one event only: it identifies the event, and quantitative versions measure "
        "how much of it is present."),
     _l("JRC GMOMETHODS (codes QT-EVE-…); ISO 21569, ISO 21570")),
]
