"""Real LMO events and reference materials for the starter catalogue.

Events and UIDs: EU register of authorised GM food and feed. Screening elements: GMOseek
matrix (BMC Bioinformatics 14:256, Table 1); where that source gives no result for an event,
only its inserted genes are listed, never a guessed screening result. Reference materials:
JRC (ERM) and AOCS certificates.
"""
from sqlalchemy import select

from labnet.catalogue.lookup import elements_by_codes, uid_key
from labnet.catalogue.models import Event, Method, ReferenceMaterial
from labnet.extensions import db

EVENTS = [
    # name, UID, crop, traits, elements carried (genes plus positive screening elements)
    ("MON810", "MON-ØØ81Ø-6", "maize", ["insect resistance"], ["cry1Ab", "P-35S"]),
    ("Bt11", "SYN-BTØ11-1", "maize", ["insect resistance", "herbicide tolerance"],
     ["cry1Ab", "pat", "P-35S", "T-nos"]),
    ("GA21", "MON-ØØØ21-9", "maize", ["herbicide tolerance"], ["mepsps", "T-nos"]),
    ("NK603", "MON-ØØ6Ø3-6", "maize", ["herbicide tolerance"], ["CP4-epsps", "P-35S", "T-nos"]),
    ("1507", "DAS-Ø15Ø7-1", "maize", ["insect resistance", "herbicide tolerance"],
     ["cry1F", "pat", "P-35S", "T-35S"]),
    ("T25", "ACS-ZMØØ3-2", "maize", ["herbicide tolerance"], ["pat", "P-35S", "T-35S"]),
    ("MON863", "MON-ØØ863-5", "maize", ["insect resistance"], ["cry3Bb1", "nptII"]),
    ("MON89034", "MON-89Ø34-3", "maize", ["insect resistance"], ["cry1A.105", "cry2Ab2"]),
    ("MIR604", "SYN-IR6Ø4-5", "maize", ["insect resistance"], ["mcry3A", "pmi"]),
    ("MIR162", "SYN-IR162-4", "maize", ["insect resistance"], ["vip3Aa20", "pmi"]),
    ("GTS 40-3-2", "MON-Ø4Ø32-6", "soybean", ["herbicide tolerance"],
     ["CP4-epsps", "P-35S", "T-nos"]),
    ("MON89788", "MON-89788-1", "soybean", ["herbicide tolerance"], ["CP4-epsps", "P-FMV", "T-E9"]),
    ("A2704-12", "ACS-GMØØ5-3", "soybean", ["herbicide tolerance"], ["pat", "P-35S", "T-35S"]),
    ("A5547-127", "ACS-GMØØ6-4", "soybean", ["herbicide tolerance"], ["pat", "P-35S", "T-35S"]),
    ("GT73", "MON-ØØØ73-7", "oilseed rape", ["herbicide tolerance"],
     ["CP4-epsps", "goxv247", "P-FMV", "T-E9"]),
    ("H7-1", "KM-ØØØH71-4", "sugar beet", ["herbicide tolerance"], ["CP4-epsps"]),
    ("MON531", "MON-ØØ531-6", "cotton", ["insect resistance"], ["cry1Ac", "nptII"]),
    ("GHB614", "BCS-GHØØ2-5", "cotton", ["herbicide tolerance"], ["2mepsps"]),
]

JRC = "European Commission, Joint Research Centre (JRC)"
AOCS = "American Oil Chemists' Society (AOCS)"

REFERENCE_MATERIALS = [
    # code, producer, form, events, certified value, unit
    ("ERM-BF413f", JRC, "matrix_powder", ["MON-ØØ81Ø-6"], "5 % (mass fraction) MON810", "vial of 1 g"),
    ("ERM-AD413", JRC, "plasmid_dna", ["MON-ØØ81Ø-6"], None, "vial of 500 µL"),
    ("ERM-BF412", JRC, "matrix_powder", ["SYN-BTØ11-1"], None, "vial of 1 g"),
    ("ERM-BF414", JRC, "matrix_powder", ["MON-ØØØ21-9"], None, "vial of 1 g"),
    ("AOCS 0407-A", AOCS, "other", ["MON-ØØØ21-9"], None, "vial"),
    ("ERM-BF415", JRC, "matrix_powder", ["MON-ØØ6Ø3-6"], None, "vial of 1 g"),
    ("ERM-AD415", JRC, "plasmid_dna", ["MON-ØØ6Ø3-6"], None, "vial of 500 µL"),
    ("ERM-BF418", JRC, "matrix_powder", ["DAS-Ø15Ø7-1"], None, "vial of 1 g"),
    ("AOCS 0306-H", AOCS, "other", ["ACS-ZMØØ3-2"], None, "vial"),
    ("ERM-BF416", JRC, "matrix_powder", ["MON-ØØ863-5"], None, "vial of 1 g"),
    ("AOCS 0906-E", AOCS, "other", ["MON-89Ø34-3"], None, "vial"),
    ("ERM-BF423", JRC, "matrix_powder", ["SYN-IR6Ø4-5"], None, "vial of 1 g"),
    ("AOCS 1208-A", AOCS, "other", ["SYN-IR162-4"], None, "vial"),
    ("ERM-BF410", JRC, "matrix_powder", ["MON-Ø4Ø32-6"], None, "vial of 1 g"),
    ("AOCS 0906-A", AOCS, "other", ["MON-89788-1"], None, "vial"),
    ("AOCS 0707-A", AOCS, "other", ["ACS-GMØØ5-3"], None, "vial"),
    ("AOCS 0707-C", AOCS, "other", ["ACS-GMØØ6-4"], None, "vial"),
    ("AOCS 0304-A", AOCS, "other", ["MON-ØØØ73-7"], None, "vial"),
    ("ERM-BF419", JRC, "matrix_powder", ["KM-ØØØH71-4"], None, "vial of 1 g"),
    ("AOCS 1108-A", AOCS, "other", ["BCS-GHØØ2-5"], None, "vial"),
]

# Screening assays by element; QL-ELE-00-004 is the JRC GMOMETHODS code of a P-35S screen.
SCREENING_METHODS = [
    ("QL-ELE-00-004", "P-35S screening, real-time PCR", "P-35S", "interlaboratory"),
    ("LABNET-ELE-TNOS", "T-nos screening, real-time PCR", "T-nos", "single_laboratory"),
    ("LABNET-ELE-T35S", "T-35S screening, real-time PCR", "T-35S", "single_laboratory"),
    ("LABNET-ELE-PFMV", "P-FMV screening, real-time PCR", "P-FMV", "single_laboratory"),
    ("LABNET-ELE-TE9", "T-E9 screening, real-time PCR", "T-E9", "single_laboratory"),
    ("LABNET-ELE-PAT", "pat screening, real-time PCR", "pat", "single_laboratory"),
    ("LABNET-ELE-BAR", "bar screening, real-time PCR", "bar", "single_laboratory"),
    ("LABNET-ELE-CP4", "CP4-epsps screening, real-time PCR", "CP4-epsps", "single_laboratory"),
    ("LABNET-ELE-CRY1AB", "cry1Ab/Ac screening, lateral-flow strip (protein)", "cry1Ab",
     "not_validated"),
]

TAXON_METHODS = [
    ("LABNET-TAX-ZM-HMG", "Maize reference gene hmg, real-time PCR", "maize"),
    ("LABNET-TAX-GM-LE1", "Soybean reference gene lectin, real-time PCR", "soybean"),
]


def load_catalogue() -> dict[str, int]:
    """Insert the starter events, reference materials and methods that are missing."""
    added = {"events": 0, "reference_materials": 0, "methods": 0}
    events = {e.uid_key: e for e in db.session.scalars(select(Event))}
    for name, uid, crop, traits, elements in EVENTS:
        if uid_key(uid) not in events:
            event = Event(unique_identifier=uid, uid_key=uid_key(uid), name=name, species=crop,
                          traits=traits, elements=elements_by_codes(elements))
            db.session.add(event)
            events[event.uid_key] = event
            added["events"] += 1
    have = set(db.session.scalars(select(ReferenceMaterial.code)))
    for code, producer, form, uids, value, unit in REFERENCE_MATERIALS:
        if code not in have:
            db.session.add(ReferenceMaterial(
                code=code, producer=producer, kind="certified", form=form, certified_value=value,
                unit=unit, events=[events[uid_key(u)] for u in uids]))
            added["reference_materials"] += 1
    have = set(db.session.scalars(select(Method.code)))
    for name, uid, crop, _, _ in EVENTS:
        code = f"LABNET-EVE-{uid_key(uid)}"
        if code not in have:
            db.session.add(Method(
                code=code, name=f"{name} event-specific real-time PCR", technique="qpcr",
                specificity="event", validation_status="interlaboratory",
                matrices=["seed", "grain", "flour", "food", "feed"], taxon=crop,
                reference="Event-specific method validated by the EU Reference Laboratory for "
                          "GM Food and Feed (EURL GMFF)",
                events=[events[uid_key(uid)]]))
            added["methods"] += 1
    for code, name, element, validation in SCREENING_METHODS:
        if code not in have:
            technique = "lateral_flow" if "lateral" in name else "qpcr"
            db.session.add(Method(code=code, name=name, technique=technique, specificity="element",
                                  validation_status=validation,
                                  matrices=["seed", "grain", "flour", "leaf"],
                                  elements=elements_by_codes([element])))
            added["methods"] += 1
    for code, name, crop in TAXON_METHODS:
        if code not in have:
            db.session.add(Method(code=code, name=name, technique="qpcr", specificity="taxon",
                                  taxon=crop, validation_status="interlaboratory",
                                  matrices=["seed", "grain", "flour"]))
            added["methods"] += 1
    db.session.flush()
    return added
