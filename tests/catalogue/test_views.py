"""The admin's catalogue page."""
from labnet.catalogue.models import Method
from labnet.extensions import db
from tests.helpers import csrf_token, login, make_capability, make_event, make_lab, make_method, make_user


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


def test_an_event_page_shows_known_present_known_absent_and_unknown_with_sources(client):
    from labnet.catalogue.lookup import elements_by_codes
    from labnet.catalogue.models import Authorisation, Source

    source = Source(key="test-source", title="A cited table", url="https://example.org/table1")
    db.session.add(source)
    event = make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["P-35S"])
    event.set_cells(elements_by_codes(["T-nos"]), "absent", source)
    event.authorisations.append(Authorisation(jurisdiction="EU", scope=["food", "feed"],
                                              status="authorised", decision="Decision 2017/1207"))
    db.session.commit()
    for typed in ("MON810", "mon-00810-6", "MON-ØØ81Ø-6"):
        page = client.get(f"/events/{typed}")
        assert page.status_code == 200, typed
    text = page.get_data(as_text=True)
    assert "carries it" in text and "does not carry it" in text and "unknown" in text
    assert "A cited table" in text and "Decision 2017/1207" in text
    assert "is not a refusal" not in text  # an authorisation is recorded
    assert client.get("/events/NO-SUCH-EVENT").status_code == 404
