from sqlalchemy import select

from labnet.accounts.models import ApiToken, User
from labnet.catalogue.models import Method
from labnet.extensions import db
from tests.helpers import bearer, make_capability, make_lab, make_method, make_user
from tests.helpers import csrf_token, login


def test_admin_changes_roles_and_deactivation_ends_sessions_and_tokens(client):
    admin = make_user("admin")
    lab = make_lab()
    manager = make_user("lab_manager", labs=[lab])
    headers = bearer(manager)
    admin_headers = bearer(admin)
    response = client.patch(f"/api/v1/users/{manager.id}", headers=admin_headers,
                            json={"role": "coordinator"})
    assert response.status_code == 200
    assert response.get_json()["role"] == "coordinator" and response.get_json()["lab_ids"] == []
    off = client.patch(f"/api/v1/users/{manager.id}", headers=admin_headers, json={"active": False})
    assert off.get_json()["active"] is False
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    assert db.session.scalar(select(ApiToken.revoked_at).where(ApiToken.user_id == manager.id))
    selfish = client.patch(f"/api/v1/users/{admin.id}", headers=admin_headers, json={"active": False})
    assert selfish.status_code == 409
    assert db.session.get(User, admin.id).active is True


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
