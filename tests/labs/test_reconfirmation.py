import datetime as dt

from labnet.database import utcnow
from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import make_lab, make_user
from tests.helpers import login, post_form


def test_unconfirmed_record_is_marked_and_its_manager_reminded_until_confirmed(client):
    lab = make_lab(name="Stale Lab")
    lab.confirmed_at = utcnow() - dt.timedelta(days=400)
    fresh = make_lab(name="Fresh Lab")
    manager = make_user("lab_manager", labs=[lab, fresh])
    db.session.commit()
    assert "unconfirmed" in client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "unconfirmed" not in client.get(f"/labs/{fresh.id}").get_data(as_text=True)
    login(client, manager)
    reminder = client.get("/my/labs").get_data(as_text=True)
    assert "Please confirm that these lab records are still true" in reminder
    assert "Stale Lab" in reminder
    post_form(client, f"/labs/{lab.id}/confirm", {})
    assert db.session.get(Lab, lab.id).confirmed_at > utcnow() - dt.timedelta(minutes=1)
    assert "unconfirmed" not in client.get(f"/labs/{lab.id}").get_data(as_text=True)
