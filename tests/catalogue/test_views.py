"""The admin's catalogue page."""
from labnet.catalogue.models import Method
from labnet.extensions import db
from tests.helpers import csrf_token, login, make_capability, make_lab, make_method, make_user


def test_admin_deletes_unused_catalogue_entries_only(client):
    admin = make_user("admin")
    used, unused = make_method(code="USED-1"), make_method(code="UNUSED-1")
    make_capability(make_lab(), used)
    db.session.commit()
    used_id, unused_id = used.id, unused.id
    login(client, admin)
    token = csrf_token(client, "/admin/catalogue")
    page = client.post(f"/admin/catalogue/method/{used_id}/delete", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "still used by 1 lab capabilities" in page
    page = client.post(f"/admin/catalogue/method/{unused_id}/delete", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "The method was deleted." in page
    assert db.session.get(Method, used_id) is not None and db.session.get(Method, unused_id) is None
