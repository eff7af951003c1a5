"""Lab pages: the lab page, the workspace, the yearly reconfirmation."""
import datetime as dt

from labnet.database import utcnow
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Capability, Lab
from labnet.requests.models import MaterialRequest
from tests.helpers import (
    csrf_token,
    login,
    make_capability,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_user,
    post_form,
)


def test_manager_removes_a_method_but_not_a_holding_others_asked_for(client):
    lab, other = make_lab(name="Mine"), make_lab(name="Theirs")
    capability = make_capability(lab, make_method())
    holding = make_holding(lab, make_material(), quantity=3)
    db.session.add(MaterialRequest(requester_lab_id=other.id, holding_id=holding.id, quantity=1,
                                   status="pending"))
    manager = make_user("lab_manager", labs=[lab])
    stranger = make_user("lab_manager", labs=[other])
    db.session.commit()
    capability_id, holding_id = capability.id, holding.id
    login(client, stranger)
    assert post_form(client, f"/capabilities/{capability_id}/delete", {}).status_code == 403
    assert db.session.get(Capability, capability_id) is not None
    post_form(client, "/logout", {})
    login(client, manager)
    page = client.post(f"/capabilities/{capability_id}/delete",
                       data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "The method was removed." in page.get_data(as_text=True)
    assert db.session.get(Capability, capability_id) is None
    refused = client.post(f"/holdings/{holding_id}/delete", data={"csrf_token": csrf_token(client)},
                          follow_redirects=True)
    assert "Requests for this holding are still open" in refused.get_data(as_text=True)
    assert db.session.get(Holding, holding_id) is not None


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


def test_an_edit_form_saved_after_someone_else_changed_the_lab_says_so_and_saves_nothing(client):
    manager = make_user("lab_manager")
    lab = make_lab("KE", name="Original")
    manager.managed_labs.append(lab)
    db.session.commit()
    login(client, manager)
    form = client.get(f"/labs/{lab.id}/edit").get_data(as_text=True)
    assert 'name="version" value="1"' in form
    # a colleague saves first
    colleague = post_form(client, f"/labs/{lab.id}/edit",
                          {"name": "Colleague's name", "country": "KE", "version": "1"})
    assert colleague.status_code == 302
    mine = post_form(client, f"/labs/{lab.id}/edit",
                     {"name": "My name", "country": "KE", "version": "1"})
    page = mine.get_data(as_text=True)
    assert mine.status_code == 422 and "changed by someone else" in page
    assert 'name="version" value="2"' in page and "My name" in page  # what I typed survives
    assert db.session.get(Lab, lab.id).name == "Colleague's name"
