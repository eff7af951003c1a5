"""Uploading documents: recognised by content, within size and quota, stored by sha256,
audited; refused uploads store nothing."""
import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from labnet.audit.models import AuditEntry
from labnet.documents.models import Document
from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import JPEG, PDF, PNG, assert_problem, bearer, make_lab, make_user, multipart

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
MEGABYTE = 1024 * 1024


@pytest.fixture
def lab_and_manager(app):
    lab = make_lab(name="Nairobi GMO Lab")
    manager = make_user("lab_manager", labs=[lab])
    db.session.commit()
    return lab, manager


def upload(client, lab_id, content, user, filename="certificate.pdf", kind="accreditation_certificate",
           title="KENAS certificate", mimetype="application/pdf"):
    body, content_type = multipart({"kind": kind, "title": title}, content, filename, mimetype)
    return client.post(f"/api/v1/labs/{lab_id}/documents", data=body, content_type=content_type,
                       headers=bearer(user) if user else {})


def stored_files(app) -> set[Path]:
    root = Path(app.config["LABNET_DOCUMENT_DIR"])
    return {p for p in root.rglob("*") if p.is_file()}


def documents_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Document))


def lab_bytes(lab_id) -> int:
    db.session.expire_all()
    return db.session.get(Lab, lab_id).document_bytes


@pytest.mark.parametrize("content, content_type, extension", [
    (PDF, "application/pdf", "pdf"), (PNG, "image/png", "png"), (JPEG, "image/jpeg", "jpg")])
def test_a_manager_uploads_a_pdf_png_or_jpeg_kept_by_its_sha256(
        client, app, lab_and_manager, content, content_type, extension):
    lab, manager = lab_and_manager
    response = upload(client, lab.id, content, manager, filename="Scan 2025 (final).exe")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) >= {"id", "kind", "title", "filename", "content_type", "size", "sha256",
                         "uploaded_at"}
    assert body["content_type"] == content_type and body["size"] == len(content)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    # the name offered for download says what the content is, in safe characters
    assert body["filename"] == f"Scan_2025_final.{extension}"
    path = Path(app.config["LABNET_DOCUMENT_DIR"]) / body["sha256"][:2] / body["sha256"]
    assert path.read_bytes() == content
    assert lab_bytes(lab.id) == len(content)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "documents"))
    assert entry.action == "upload" and entry.user_id == manager.id and entry.lab_id == lab.id


@pytest.mark.parametrize("content", [ELF, PE, b"plain text named like a PDF", b"\x00" * 64],
                         ids=["elf", "pe", "text", "zeros"])
def test_a_renamed_executable_or_other_file_is_refused_and_nothing_stored(
        client, app, lab_and_manager, content):
    lab, manager = lab_and_manager
    before = stored_files(app)
    body = assert_problem(upload(client, lab.id, content, manager, filename="report.pdf",
                                 mimetype="application/pdf"), 422, "file")
    assert "PDF, PNG and JPEG" in body["detail"]
    assert documents_count() == 0 and lab_bytes(lab.id) == 0
    assert stored_files(app) == before


def test_an_empty_file_is_refused(client, lab_and_manager):
    lab, manager = lab_and_manager
    assert_problem(upload(client, lab.id, b"", manager), 422, "file")
    assert documents_count() == 0


def test_missing_kind_or_title_or_an_unknown_kind_is_refused(client, lab_and_manager):
    lab, manager = lab_and_manager
    assert_problem(upload(client, lab.id, PDF, manager, kind="invoice"), 422)
    assert_problem(client.post(f"/api/v1/labs/{lab.id}/documents",
                               data={"file": (io.BytesIO(PDF), "a.pdf")},
                               content_type="multipart/form-data", headers=bearer(manager)), 422)
    assert_problem(client.post(f"/api/v1/labs/{lab.id}/documents",
                               data={"kind": "other", "title": "no file"},
                               content_type="multipart/form-data", headers=bearer(manager)), 422)
    assert documents_count() == 0


def test_a_file_over_the_limit_is_refused_413_and_nothing_stored(client, app, lab_and_manager,
                                                                 monkeypatch):
    lab, manager = lab_and_manager
    monkeypatch.setitem(app.config, "LABNET_DOCUMENT_MAX_BYTES", 100 * 1024)
    before = stored_files(app)
    over = PDF + b"0" * (100 * 1024 + 1 - len(PDF))
    body = assert_problem(upload(client, lab.id, over, manager), 413, "file")
    assert "Nothing was stored" in body["detail"]
    assert documents_count() == 0 and lab_bytes(lab.id) == 0 and stored_files(app) == before
    exactly = PDF + b"0" * (100 * 1024 - len(PDF))
    assert upload(client, lab.id, exactly, manager).status_code == 201


def test_a_body_over_10_mb_is_refused_413_before_it_is_read(client, app, lab_and_manager):
    lab, manager = lab_and_manager
    before = stored_files(app)
    too_large = PDF + b"0" * (11 * MEGABYTE)
    body = assert_problem(upload(client, lab.id, too_large, manager), 413)
    assert "10 MB" in body["detail"]
    assert documents_count() == 0 and lab_bytes(lab.id) == 0 and stored_files(app) == before


def test_a_file_of_exactly_10_mb_is_accepted_though_other_requests_stay_at_5_mb(
        client, lab_and_manager):
    lab, manager = lab_and_manager
    exactly = PDF + b"0" * (10 * MEGABYTE - len(PDF))
    assert upload(client, lab.id, exactly, manager).status_code == 201
    # the larger body is allowed for uploads only
    response = client.post("/api/v1/labs", data=b"x" * (6 * MEGABYTE),
                           content_type="application/json", headers=bearer(manager))
    assert response.status_code == 413


def test_the_lab_quota_refuses_an_upload_that_does_not_fit(client, app, lab_and_manager,
                                                          monkeypatch):
    lab, manager = lab_and_manager
    monkeypatch.setitem(app.config, "LABNET_DOCUMENT_QUOTA_MB", 1)
    first = PDF + b"1" * (600 * 1024)
    second = PDF + b"2" * (600 * 1024)
    assert upload(client, lab.id, first, manager).status_code == 201
    before = stored_files(app)
    body = assert_problem(upload(client, lab.id, second, manager), 409, "file")
    assert "1 MB" in body["detail"] and "Nothing was stored" in body["detail"]
    assert documents_count() == 1 and lab_bytes(lab.id) == len(first)
    assert stored_files(app) == before
    # another lab's quota is its own
    other = make_lab()
    other_manager = make_user("lab_manager", labs=[other])
    db.session.commit()
    assert upload(client, other.id, second, other_manager).status_code == 201


@pytest.mark.parametrize("role", ["anonymous", "border_agent", "coordinator", "other_manager"])
def test_only_the_lab_managers_upload(client, app, lab_and_manager, role):
    lab, _ = lab_and_manager
    user = None
    if role == "other_manager":
        user = make_user("lab_manager", labs=[make_lab()])
    elif role != "anonymous":
        user = make_user(role)
    db.session.commit()
    response = upload(client, lab.id, PDF, user)
    assert_problem(response, 401 if user is None else 403)
    assert documents_count() == 0 and lab_bytes(lab.id) == 0


def test_an_admin_uploads_for_any_lab_and_an_unknown_lab_is_404(client, lab_and_manager):
    lab, _ = lab_and_manager
    admin = make_user("admin")
    db.session.commit()
    assert upload(client, lab.id, PDF, admin).status_code == 201
    assert_problem(upload(client, 999999, PDF, admin), 404)


def test_the_same_content_uploaded_twice_is_stored_once(client, app, lab_and_manager):
    lab, manager = lab_and_manager
    first = upload(client, lab.id, PDF, manager).get_json()
    files = stored_files(app)
    second = upload(client, lab.id, PDF, manager, title="again").get_json()
    assert first["id"] != second["id"] and first["sha256"] == second["sha256"]
    assert stored_files(app) == files
