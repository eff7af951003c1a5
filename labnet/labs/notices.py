"""Who is told that an accreditation awaits verification: the coordinators of the lab's
networks, or the admins when the lab is in no network (they are the verifiers then); and the
lab's managers when a verifier sends one back."""
from sqlalchemy import select

from labnet.accounts.models import User
from labnet.authz import ADMIN
from labnet.extensions import db
from labnet.notifications import notify


def verifiers(lab) -> list:
    coordinators = [user for network in lab.networks for user in network.coordinators]
    if coordinators:
        return coordinators
    return list(db.session.scalars(select(User).where(User.role == ADMIN, User.active.is_(True))))


def accreditation_awaits_verification(accreditation) -> None:
    lab = accreditation.lab
    notify(verifiers(lab), "accreditation_to_verify", template="accreditation_to_verify",
           link="/verification", lab=lab, accreditation=accreditation)


def accreditation_sent_back(accreditation) -> None:
    """The lab's managers read the verifier's note, on their lab page and in this notice."""
    lab = accreditation.lab
    notify(lab.managers, "accreditation_sent_back", template="accreditation_sent_back",
           link=f"/labs/{lab.id}", lab=lab, accreditation=accreditation,
           note=accreditation.sent_back_note)
