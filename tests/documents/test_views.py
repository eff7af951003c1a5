"""The documents page: the upload form, its refusals by the field, and who sees it."""
import io

import pytest
from sqlalchemy import func, select

from labnet.documents.models import Document
from labnet.extensions import db
from tests.helpers import PDF, csrf_token, login, make_lab, make_user


@pytest.fixture
def lab_and_manager(app):
    lab = make_lab(name="Kampala GMO Lab")
    manager = make_user("lab_manager", labs=[lab])
    db.session.commit()
    return lab, manager


def post_upload(client, lab, content, filename="scope.pdf", kind="accreditation_scope",
                title="Scope 2026"):
    token = csrf_token(client, "/")
    return client.post(f"/labs/{lab.id}/documents", content_type="multipart/form-data", data={
        "csrf_token": token, "kind": kind, "title": title,
        "file": (io.BytesIO(content), filename, "application/pdf")})


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Document))


def test_a_manager_uploads_from_the_page_and_sees_it_listed(client, lab_and_manager):
    lab, manager = lab_and_manager
    login(client, manager)
    page = client.get(f"/labs/{lab.id}/documents").get_data(as_text=True)
    assert "No documents uploaded yet." in page and 'enctype="multipart/form-data"' in page
    response = post_upload(client, lab, PDF)
    assert response.status_code == 302 and count() == 1
    page = client.get(f"/labs/{lab.id}/documents").get_data(as_text=True)
    assert "Scope 2026" in page and "scope.pdf" in page


def test_an_executable_named_pdf_is_refused_by_the_field(client, lab_and_manager):
    lab, manager = lab_and_manager
    login(client, manager)
    response = post_upload(client, lab, b"MZ\x90\x00" + b"\x00" * 100, filename="scope.pdf")
    assert response.status_code == 422
    assert 'id="file-error"' in response.get_data(as_text=True) and count() == 0


def test_a_file_over_the_limit_gets_a_clear_413_page(client, app, lab_and_manager, monkeypatch):
    lab, manager = lab_and_manager
    monkeypatch.setitem(app.config, "LABNET_DOCUMENT_MAX_BYTES", 1024)
    login(client, manager)
    response = post_upload(client, lab, PDF + b"0" * 2048)
    assert response.status_code == 413
    assert "Nothing was stored" in response.get_data(as_text=True) and count() == 0


def test_a_missing_file_kind_or_title_is_named(client, lab_and_manager):
    lab, manager = lab_and_manager
    login(client, manager)
    token = csrf_token(client, f"/labs/{lab.id}/documents")
    response = client.post(f"/labs/{lab.id}/documents", data={"csrf_token": token},
                           content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and count() == 0
    for field in ("file", "kind", "title"):
        assert f'id="{field}-error"' in text


@pytest.mark.parametrize("role", ["border_agent", "other_manager"])
def test_others_do_not_see_a_labs_documents_page(client, lab_and_manager, role):
    lab, _ = lab_and_manager
    user = make_user("lab_manager", labs=[make_lab()]) if role == "other_manager" else make_user(role)
    db.session.commit()
    login(client, user)
    assert client.get(f"/labs/{lab.id}/documents").status_code == 403
    assert post_upload(client, lab, PDF).status_code in (400, 403) and count() == 0


def test_a_coordinator_of_the_labs_network_reads_the_list_but_cannot_upload(client, app):
    from tests.helpers import make_network
    network = make_network()
    lab = make_lab(networks=[network])
    coordinator = make_user("coordinator", networks=[network])
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"/labs/{lab.id}/documents").get_data(as_text=True)
    assert "Upload a document" not in page
    assert post_upload(client, lab, PDF).status_code == 403 and count() == 0
