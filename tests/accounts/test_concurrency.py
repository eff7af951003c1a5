"""Single-use links raced on PostgreSQL: many clients at once, each with its own session
and connection, starting together at a barrier. Exactly one wins; the others are refused
cleanly (never a 5xx) and nothing is made twice."""
import threading

import pytest
from sqlalchemy import func, select

from labnet.accounts.models import AccountRequest, User
from labnet.extensions import db
from labnet.mail.models import OutgoingMail
from tests.helpers import bearer, is_postgres, make_lab, make_network, make_user

pytestmark = pytest.mark.postgres_only
CLIENTS = 8
PASSWORD = "quiet lantern orbit 58"


@pytest.fixture(autouse=True)
def _postgres(app):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")


def race(app, calls):
    barrier = threading.Barrier(len(calls))
    statuses = [None] * len(calls)

    def run(index, url, headers, body):
        with app.test_client() as own:
            barrier.wait()
            statuses[index] = own.post(url, headers=headers, json=body).status_code

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def mailed_token(address, marker):
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == address)).first()
    return next(w for w in mail.body.split() if marker in w).rsplit("/", 1)[1]


def test_an_invitation_accepted_by_many_at_once_opens_one_account(app, client):
    admin = make_user("admin")
    client.post("/api/v1/invitations", headers=bearer(admin),
                json={"email": "race@example.org", "role": "border_agent"})
    token = mailed_token("race@example.org", "/invitations/")
    statuses = race(app, [(f"/api/v1/invitations/{token}/accept", {},
                           {"name": f"Racer {n}", "password": PASSWORD}) for n in range(CLIENTS)])
    assert sorted(statuses) == [201] + [410] * (CLIENTS - 1)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.email == "race@example.org")) == 1


def test_a_reset_link_used_by_many_at_once_works_once(app, client):
    user = make_user()
    client.post("/api/v1/password-resets", json={"email": user.email})
    token = mailed_token(user.email, "/password-resets/")
    statuses = race(app, [(f"/api/v1/password-resets/{token}", {},
                           {"password": f"{PASSWORD} {n}"}) for n in range(CLIENTS)])
    assert sorted(statuses) == [204] + [410] * (CLIENTS - 1)


def test_an_account_request_approved_by_many_at_once_opens_one_account(app, client):
    network = make_network()
    lab = make_lab(networks=[network])
    coordinators = [make_user("coordinator", networks=[network]) for _ in range(CLIENTS)]
    db.session.add(AccountRequest(email="asker@example.org", name="Ama", lab_id=lab.id,
                                  status="pending"))
    db.session.commit()
    request_id = db.session.scalar(select(AccountRequest.id))
    from labnet.onboarding import account_requests

    results, errors = [], []
    barrier = threading.Barrier(CLIENTS)

    def approve(actor_id):
        with app.test_request_context():
            barrier.wait()
            try:
                actor = db.session.get(User, actor_id)
                account_requests.approve_request(actor, request_id)
                db.session.commit()
                results.append("approved")
            except Exception as error:
                db.session.rollback()
                errors.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(c.id,)) for c in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["approved"] and errors == ["Conflict"] * (CLIENTS - 1)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.email == "asker@example.org")) == 1


def test_an_invitation_accepted_while_an_account_request_is_approved_opens_one_account(app, client):
    """Two ways to one address at once: whichever stores the account first wins, the other
    is refused as a conflict (no 5xx), and one account exists."""
    network = make_network()
    lab = make_lab(networks=[network])
    admin, coordinator = make_user("admin"), make_user("coordinator", networks=[network])
    db.session.add(AccountRequest(email="both@example.org", name="Ama", lab_id=lab.id,
                                  status="pending"))
    db.session.commit()
    client.post("/api/v1/invitations", headers=bearer(admin),
                json={"email": "both@example.org", "role": "border_agent"})
    token = mailed_token("both@example.org", "/invitations/")
    request_id = db.session.scalar(select(AccountRequest.id))
    coordinator_id = coordinator.id
    from labnet.onboarding import account_requests

    outcomes = []
    barrier = threading.Barrier(2)

    def accept():
        with app.test_client() as own:
            barrier.wait()
            outcomes.append(own.post(f"/api/v1/invitations/{token}/accept",
                                     json={"name": "Ama", "password": PASSWORD}).status_code)

    def approve():
        with app.test_request_context():
            barrier.wait()
            try:
                account_requests.approve_request(db.session.get(User, coordinator_id), request_id)
                db.session.commit()
                outcomes.append("approved")
            except Exception as error:
                db.session.rollback()
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept), threading.Thread(target=approve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes)) in (["201", "Conflict"], ["409", "approved"])
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.email == "both@example.org")) == 1
