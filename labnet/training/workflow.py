"""The enrolment workflow, in one place: the statuses an enrolment takes and how it gets them.

Enrolling takes seats from the offer (labnet.training.services.enrol) and leaves the
enrolment `enrolled`; nothing moves it on. A cancellation that returns the seats would add
its status and its transition here, and to the CHECK constraint through a migration.
"""
ENROLLED = "enrolled"  # what enrolling makes: the seats are taken
ENROLMENT_STATUSES = (ENROLLED,)
