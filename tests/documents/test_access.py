"""Who reads a document: those who may read what it is attached to. A document attached to
nothing, or a proficiency-test report, stays with those who answer for the lab."""
import pytest
from sqlalchemy import select

from labnet.audit.models import AuditEntry
from labnet.extensions import db
from labnet.proficiency.models import ProficiencyTest
from tests.helpers import (
    PDF,
    bearer,
    login,
    make_accreditation,
    make_document,
    make_holding,
    make_lab,
    make_material,
    make_network,
    make_user,
)

ROLES = ("anonymous", "border_agent", "other_manager", "other_coordinator", "coordinator",
         "manager", "admin")


@pytest.fixture
def world(app):
    network, elsewhere = make_network(), make_network()
    lab = make_lab(name="Kisumu", networks=[network])
    other = make_lab(name="Arusha", networks=[elsewhere])
    users = {
        "anonymous": None,
        "border_agent": make_user("border_agent"),
        "other_manager": make_user("lab_manager", labs=[other]),
        "other_coordinator": make_user("coordinator", networks=[elsewhere]),
        "coordinator": make_user("coordinator", networks=[network]),
        "manager": make_user("lab_manager", labs=[lab]),
        "admin": make_user("admin"),
    }
    draft = make_document(lab, "accreditation_certificate", title="draft")
    certificate = make_document(lab, "accreditation_certificate", title="certificate")
    make_accreditation(lab).documents = [certificate]
    lot_certificate = make_document(lab, "material_certificate", title="lot")
    make_holding(lab, make_material()).documents = [lot_certificate]
    pt_report = make_document(lab, "pt_report", title="pt")
    test = ProficiencyTest(lab_id=lab.id, provider="JRC", scheme="EURL GMFF", round="2025-1",
                           date=lab.created_at.date(), targets=["P-35S"], result="satisfactory")
    test.documents = [pt_report]
    db.session.add(test)
    db.session.commit()
    return users, {"draft": draft.id, "accreditation": certificate.id, "holding": lot_certificate.id,
                   "pt": pt_report.id}


# what each role gets, per what the document is attached to
EXPECTED = {
    #                    draft  accreditation holding  pt
    "anonymous":         (404,  401,          401,     401),
    "border_agent":      (404,  200,          200,     403),
    "other_manager":     (404,  200,          200,     403),
    "other_coordinator": (404,  200,          200,     403),
    "coordinator":       (200,  200,          200,     200),
    "manager":           (200,  200,          200,     200),
    "admin":             (200,  200,          200,     200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["", "/content"])
def test_documents_are_read_only_by_those_who_may_read_what_they_back(client, world, role,
                                                                       suffix):
    users, documents = world
    headers = bearer(users[role]) if users[role] else {}
    for attached, expected in zip(("draft", "accreditation", "holding", "pt"), EXPECTED[role],
                                  strict=True):
        response = client.get(f"/api/v1/documents/{documents[attached]}{suffix}", headers=headers)
        assert response.status_code == expected, (role, attached, response.get_data(as_text=True))
        if expected != 200:
            assert response.mimetype == "application/problem+json"
            assert b"%PDF" not in response.get_data()
        elif suffix:
            assert response.get_data() == PDF


@pytest.mark.parametrize("role", ["border_agent", "other_manager", "coordinator"])
def test_the_pages_refuse_the_same_way(client, world, role):
    users, documents = world
    login(client, users[role])
    for attached, expected in zip(("draft", "accreditation", "holding", "pt"), EXPECTED[role],
                                  strict=True):
        for suffix in ("", "/content", "/view"):
            response = client.get(f"/documents/{documents[attached]}{suffix}")
            assert response.status_code == expected, (role, attached, suffix)


def test_content_is_an_attachment_never_sniffed_and_its_download_is_audited(client, world):
    users, documents = world
    response = client.get(f"/api/v1/documents/{documents['accreditation']}/content",
                          headers=bearer(users["border_agent"]))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "file.pdf" in response.headers["Content-Disposition"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "download"))
    assert entry.entity_id == documents["accreditation"]
    assert entry.user_id == users["border_agent"].id


def test_refused_reads_are_not_audited_as_downloads(client, world):
    users, documents = world
    client.get(f"/api/v1/documents/{documents['pt']}/content", headers=bearer(users["border_agent"]))
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "download")) is None


def test_the_framed_view_is_inline_and_only_framed_by_this_site(client, world):
    users, documents = world
    login(client, users["coordinator"])
    response = client.get(f"/documents/{documents['accreditation']}/view")
    assert response.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    page = client.get(f"/documents/{documents['accreditation']}")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_an_unknown_document_is_404(client, world):
    users, _ = world
    assert client.get("/api/v1/documents/999999", headers=bearer(users["admin"])).status_code == 404
