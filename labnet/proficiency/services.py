"""A lab's proficiency-test results, recorded by its managers."""
from flask_babel import gettext as _
from sqlalchemy import select

from labnet import authz
from labnet.audit.services import delete_recorded, record_change, snapshot
from labnet.catalogue.lookup import canonical_uids, find_elements
from labnet.database import get_or_404
from labnet.documents.services import documents_of_lab
from labnet.extensions import db
from labnet.labs.services import get_lab
from labnet.proficiency.models import ProficiencyTest

FIELDS = ("provider", "scheme", "round", "date", "matrix", "result", "z_score")


def canonical_targets(typed: list[str]) -> list[str]:
    """What was typed as the catalogue names it: an element's code, else an event's UID (by
    UID, name or alias); 422 with suggestions for what names neither."""
    elements = find_elements(typed)
    rest = [t for t in typed if t not in elements]
    events = dict(zip(rest, canonical_uids(rest, "targets"), strict=True)) if rest else {}
    return list(dict.fromkeys(elements[t].code if t in elements else events[t] for t in typed))


def proficiency_tests_query(actor, lab_id: int):
    lab = get_lab(lab_id)
    authz.require(authz.can_read_proficiency_tests(actor, lab), actor,
                  _("Log in to see proficiency-test results."))
    return select(ProficiencyTest).where(ProficiencyTest.lab_id == lab.id) \
        .order_by(ProficiencyTest.date.desc(), ProficiencyTest.id.desc())


def create_proficiency_test(actor, lab_id: int, data: dict) -> ProficiencyTest:
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor,
                  _("Only this lab's managers record its proficiency tests."))
    test = ProficiencyTest(lab_id=lab.id, targets=canonical_targets(data["targets"]),
                           **{f: data.get(f) for f in FIELDS})
    test.documents = documents_of_lab(lab.id, data.get("document_ids"))
    db.session.add(test)
    db.session.flush()
    record_change(actor, "create", test, snapshot(test) | {"document_ids": test.document_ids},
                  lab_id=lab.id)
    return test


def delete_proficiency_test(actor, test_id: int) -> None:
    test = get_or_404(ProficiencyTest, test_id, "proficiency test")
    authz.require(authz.can_edit_lab(actor, test.lab), actor,
                  _("Only this lab's managers remove its proficiency tests."))
    delete_recorded(actor, test, lab_id=test.lab_id)
