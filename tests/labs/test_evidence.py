"""The verification queue (verify, send back with a note), documents backing accreditations,
limits of detection and quantification, and proficiency-test records."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from labnet.database import today
from labnet.extensions import db
from labnet.labs.models import Accreditation, Capability
from labnet.notifications.models import Notification
from labnet.proficiency.models import ProficiencyTest
from tests.helpers import (
    assert_problem,
    bearer,
    login,
    make_accreditation,
    make_capability,
    make_document,
    make_event,
    make_lab,
    make_method,
    make_network,
    make_user,
    post_form,
)


@pytest.fixture
def world(app):
    network, elsewhere = make_network(), make_network()
    lab = make_lab(name="Kisumu", networks=[network])
    far = make_lab(name="Arusha", networks=[elsewhere])
    manager = make_user("lab_manager", labs=[lab])
    coordinator = make_user("coordinator", networks=[network])
    accreditation = make_accreditation(lab)
    far_accreditation = make_accreditation(far)
    db.session.commit()
    return dict(lab=lab, far=far, manager=manager, coordinator=coordinator,
                accreditation=accreditation, far_accreditation=far_accreditation)


def fresh(accreditation_id) -> Accreditation:
    db.session.expire_all()
    return db.session.get(Accreditation, accreditation_id)


def test_a_coordinator_sees_only_the_accreditations_of_their_networks_labs(client, world):
    login(client, world["coordinator"])
    page = client.get("/verification").get_data(as_text=True)
    assert "Kisumu" in page and "Arusha" not in page
    admin = make_user("admin")
    db.session.commit()
    login(client, admin)
    page = client.get("/verification").get_data(as_text=True)
    assert "Kisumu" in page and "Arusha" in page


@pytest.mark.parametrize("role", ["lab_manager", "border_agent"])
def test_others_have_no_verification_queue(client, world, role):
    login(client, make_user(role))
    db.session.commit()
    assert client.get("/verification").status_code == 403


def test_the_queue_shows_the_certificate_and_scope_side_by_side(client, world):
    lab, accreditation = world["lab"], world["accreditation"]
    certificate = make_document(lab, "accreditation_certificate", title="KENAS certificate")
    scope = make_document(lab, "accreditation_scope", title="KENAS scope")
    fresh(accreditation.id).documents = [certificate, scope]
    db.session.commit()
    login(client, world["coordinator"])
    page = client.get("/verification").get_data(as_text=True)
    assert "KENAS certificate" in page and "KENAS scope" in page
    assert f'src="/documents/{certificate.id}/view"' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_verifying_from_the_queue_takes_it_out(client, world):
    accreditation = world["accreditation"]
    login(client, world["coordinator"])
    response = post_form(client, f"/verification/{accreditation.id}",
                         {"action": "verify", "version": accreditation.version}, "/verification")
    assert response.status_code == 302
    assert fresh(accreditation.id).verified is True
    assert "Kisumu" not in client.get("/verification").get_data(as_text=True)


def test_sending_back_keeps_it_unverified_shows_the_note_and_tells_the_managers(client, world):
    accreditation, manager = world["accreditation"], world["manager"]
    login(client, world["coordinator"])
    post_form(client, f"/verification/{accreditation.id}",
              {"action": "send_back", "note": "The scope annex is missing.",
               "version": accreditation.version}, "/verification")
    stored = fresh(accreditation.id)
    assert stored.verified is False and stored.sent_back_note == "The scope annex is missing."
    assert "Kisumu" not in client.get("/verification").get_data(as_text=True)
    notice = db.session.scalar(select(Notification).where(Notification.user_id == manager.id))
    assert notice.kind == "accreditation_sent_back" and notice.link == f"/labs/{world['lab'].id}"
    login(client, manager)
    assert "The scope annex is missing." in client.get(f"/labs/{world['lab'].id}").get_data(as_text=True)
    # the lab's answer puts it back in the queue, without the note
    response = client.patch(f"/api/v1/accreditations/{accreditation.id}",
                            json={"certificate_number": "KENAS-2031-A"}, headers=bearer(manager))
    assert response.status_code == 200 and response.get_json()["sent_back_note"] is None
    login(client, world["coordinator"])
    assert "Kisumu" in client.get("/verification").get_data(as_text=True)


def test_an_empty_note_or_a_stranger_cannot_send_back(client, world):
    accreditation = world["accreditation"]
    login(client, world["coordinator"])
    post_form(client, f"/verification/{accreditation.id}",
              {"action": "send_back", "note": "  "}, "/verification")
    assert fresh(accreditation.id).sent_back_note is None
    response = client.post(f"/api/v1/accreditations/{world['far_accreditation'].id}/send-back",
                           json={"note": "no"}, headers=bearer(world["coordinator"]))
    assert_problem(response, 403)
    assert fresh(world["far_accreditation"].id).sent_back_note is None


def test_the_api_sends_back_and_lists_the_queue(client, world):
    headers = bearer(world["coordinator"])
    queue = client.get("/api/v1/accreditations/awaiting-verification", headers=headers).get_json()
    assert [a["id"] for a in queue] == [world["accreditation"].id]
    body = client.post(f"/api/v1/accreditations/{world['accreditation'].id}/send-back",
                       json={"note": "Expired certificate attached."}, headers=headers).get_json()
    assert body["sent_back_note"] == "Expired certificate attached." and body["verified"] is False
    assert client.get("/api/v1/accreditations/awaiting-verification", headers=headers).get_json() == []
    assert_problem(client.get("/api/v1/accreditations/awaiting-verification",
                              headers=bearer(world["manager"])), 403)


def test_attaching_documents_voids_a_verification_and_another_labs_document_is_refused(
        client, world):
    lab, accreditation, manager = world["lab"], world["accreditation"], world["manager"]
    mine = make_document(lab, "accreditation_certificate")
    theirs = make_document(world["far"], "accreditation_certificate")
    stored = fresh(accreditation.id)
    stored.verified = True
    db.session.commit()
    url = f"/api/v1/accreditations/{accreditation.id}"
    assert_problem(client.patch(url, json={"document_ids": [mine.id, theirs.id]},
                                headers=bearer(manager)), 422, "document_ids")
    assert fresh(accreditation.id).document_ids == [] and fresh(accreditation.id).verified
    body = client.patch(url, json={"document_ids": [mine.id]}, headers=bearer(manager)).get_json()
    assert body["document_ids"] == [mine.id] and body["verified"] is False


def test_a_capability_records_lod_and_loq_with_units_and_no_future_verification(client, world):
    lab, manager = world["lab"], world["manager"]
    method = make_method(events=[make_event()])
    db.session.commit()
    url = f"/api/v1/labs/{lab.id}/capabilities"
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    assert_problem(client.post(url, json={"method_id": method.id, "verified_on": tomorrow},
                               headers=bearer(manager)), 422, "verified_on")
    assert_problem(client.post(url, json={"method_id": method.id, "loq": "0.1"},
                               headers=bearer(manager)), 422, "loq")
    assert db.session.scalar(select(func.count()).select_from(Capability)) == 0
    body = client.post(url, json={"method_id": method.id, "lod": "0.04 %", "loq": "0.1 %",
                                  "verified_on": today().isoformat()},
                       headers=bearer(manager)).get_json()
    assert body["lod"] == "0.04 %" and body["loq"] == "0.1 %"
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "0.04 % / 0.1 %" in page


def test_the_capability_form_refuses_a_future_date_by_the_field(client, world):
    lab = world["lab"]
    method = make_method(events=[make_event()])
    db.session.commit()
    login(client, world["manager"])
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = post_form(client, f"/labs/{lab.id}/capabilities/new",
                         {"method_id": method.id, "verified_on": tomorrow, "lod": "20 copies"})
    assert response.status_code == 422
    assert 'id="verified_on-error"' in response.get_data(as_text=True)
    capability = make_capability(lab, method)
    assert capability.loq is None


# proficiency tests

def pt(**fields):
    return {"provider": "JRC", "scheme": "EURL GMFF PT", "round": "2025-1",
            "date": today().isoformat(), "targets": ["P-35S"], "result": "satisfactory",
            "z_score": 0.4} | fields


def test_a_manager_records_a_proficiency_test_with_targets_as_the_catalogue_names_them(
        client, world):
    lab, manager = world["lab"], world["manager"]
    make_event(uid="MON-ØØ81Ø-6", name="MON810")
    report = make_document(lab, "pt_report")
    db.session.commit()
    url = f"/api/v1/labs/{lab.id}/proficiency-tests"
    body = client.post(url, json=pt(targets=["mon-00810-6", "p-35s"], document_ids=[report.id]),
                       headers=bearer(manager)).get_json()
    assert body["targets"] == ["MON-ØØ81Ø-6", "P-35S"] and body["document_ids"] == [report.id]
    listed = client.get(url, headers=bearer(make_user("border_agent"))).get_json()
    assert listed["total"] == 1
    assert_problem(client.get(url), 401)


@pytest.mark.parametrize("fields, field", [
    ({"date": (today() + dt.timedelta(days=1)).isoformat()}, "date"),
    ({"result": "passed"}, "result"),
    ({"targets": []}, "targets"),
    ({"targets": ["NO-SUCH-EVENT-1"]}, "targets"),
    ({"z_score": "high"}, "z_score"),
])
def test_bad_proficiency_tests_are_refused_and_nothing_stored(client, world, fields, field):
    response = client.post(f"/api/v1/labs/{world['lab'].id}/proficiency-tests",
                           json=pt(**fields), headers=bearer(world["manager"]))
    assert_problem(response, 422, field)
    assert db.session.scalar(select(func.count()).select_from(ProficiencyTest)) == 0


def test_another_labs_document_or_manager_is_refused(client, world):
    theirs = make_document(world["far"], "pt_report")
    db.session.commit()
    url = f"/api/v1/labs/{world['lab'].id}/proficiency-tests"
    assert_problem(client.post(url, json=pt(document_ids=[theirs.id]),
                               headers=bearer(world["manager"])), 422, "document_ids")
    stranger = make_user("lab_manager", labs=[world["far"]])
    db.session.commit()
    assert_problem(client.post(url, json=pt(), headers=bearer(stranger)), 403)
    assert db.session.scalar(select(func.count()).select_from(ProficiencyTest)) == 0


def test_the_pages_add_list_and_remove_a_proficiency_test(client, world):
    lab = world["lab"]
    login(client, world["manager"])
    response = post_form(client, f"/labs/{lab.id}/proficiency-tests/new",
                         {"provider": "USDA", "scheme": "GIPSA PT", "round": "R7",
                          "date": today().isoformat(), "targets": "P-35S, T-nos",
                          "result": "questionable", "z_score": "2.4"})
    assert response.status_code == 302
    page = client.get(f"/labs/{lab.id}").get_data(as_text=True)
    assert "GIPSA PT" in page and "P-35S, T-nos" in page and "questionable" in page
    test = db.session.scalar(select(ProficiencyTest))
    post_form(client, f"/proficiency-tests/{test.id}/delete", {}, f"/labs/{lab.id}")
    assert db.session.scalar(select(func.count()).select_from(ProficiencyTest)) == 0


def test_the_forms_offer_the_labs_documents(client, world):
    lab, accreditation = world["lab"], world["accreditation"]
    make_document(lab, "accreditation_certificate", title="KENAS certificate 2031")
    db.session.commit()
    login(client, world["manager"])
    for url in (f"/labs/{lab.id}/accreditations/new", f"/accreditations/{accreditation.id}/edit",
                f"/labs/{lab.id}/proficiency-tests/new", f"/labs/{lab.id}/holdings/new",
                f"/labs/{lab.id}/capabilities/new"):
        response = client.get(url)
        assert response.status_code == 200, url
        if "capabilities" not in url:
            assert "KENAS certificate 2031" in response.get_data(as_text=True), url
