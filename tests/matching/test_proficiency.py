"""Testing partners with `pt_within_years`: only labs with a satisfactory proficiency test of
each target they cover within that time, each result given as a reason and in `pt`."""
import datetime as dt

import pytest

from labnet.database import today
from labnet.extensions import db
from labnet.proficiency.models import ProficiencyTest
from tests.helpers import assert_problem, bearer, login, make_capability, make_event, make_lab, make_method, make_user

URL = "/api/v1/match/testing-partners?lat=-1.3&lon=36.8&events=MON-ØØ81Ø-6"


def record(lab, targets, years_ago=0.0, result="satisfactory", round_="2025-1"):
    db.session.add(ProficiencyTest(
        lab_id=lab.id, provider="JRC", scheme="EURL GMFF PT", round=round_,
        date=today() - dt.timedelta(days=int(365.25 * years_ago)), targets=targets,
        result=result, z_score=0.5))


@pytest.fixture
def labs(app):
    mon810 = make_event(uid="MON-ØØ81Ø-6")
    method = make_method(events=[mon810])
    screen = make_method(elements=["P-35S"], specificity="element")
    names = ("Recent", "Old", "Failed", "None", "Partial")
    labs = {name: make_lab("KE", name=name) for name in names}
    for lab in labs.values():
        make_capability(lab, method)
    make_capability(labs["Partial"], screen)
    make_capability(labs["Recent"], screen)
    record(labs["Recent"], ["MON-ØØ81Ø-6", "P-35S"], 1)
    record(labs["Old"], ["MON-ØØ81Ø-6"], 5)
    record(labs["Failed"], ["MON-ØØ81Ø-6"], 0.5, result="unsatisfactory")
    record(labs["Partial"], ["MON-ØØ81Ø-6"], 1)  # but nothing for P-35S, which it also covers
    db.session.commit()
    return labs


def names(body):
    return sorted(m["lab_name"] for m in body["matches"])


def test_without_the_option_every_lab_matches_with_no_pt(client, labs):
    body = client.get(URL, headers=bearer(make_user("border_agent"))).get_json()
    assert names(body) == ["Failed", "None", "Old", "Partial", "Recent"]
    assert all(m["pt"] == [] for m in body["matches"])


def test_only_labs_with_a_recent_satisfactory_result_for_each_covered_target(client, labs):
    headers = bearer(make_user("border_agent"))
    body = client.get(URL + "&pt_within_years=3", headers=headers).get_json()
    assert names(body) == ["Partial", "Recent"]
    recent = next(m for m in body["matches"] if m["lab_name"] == "Recent")
    assert recent["pt"][0]["target"] == "MON-ØØ81Ø-6"
    assert recent["pt"][0]["provider"] == "JRC" and recent["pt"][0]["round"] == "2025-1"
    assert any("satisfactory proficiency test for MON-ØØ81Ø-6" in r for r in recent["reasons"])
    # a wider window lets the older result count
    wide = client.get(URL + "&pt_within_years=6", headers=headers).get_json()
    assert names(wide) == ["Old", "Partial", "Recent"]


def test_every_covered_target_needs_a_result(client, labs):
    headers = bearer(make_user("border_agent"))
    body = client.get(URL + "&elements=P-35S&pt_within_years=3", headers=headers).get_json()
    # Partial covers P-35S too and has no result for it; Recent has both
    assert names(body) == ["Recent"]
    assert sorted(t["target"] for t in body["matches"][0]["pt"]) == ["MON-ØØ81Ø-6", "P-35S"]


@pytest.mark.parametrize("value", ["0", "21", "two", "-1"])
def test_a_bad_window_is_refused(client, labs, value):
    assert_problem(client.get(URL + f"&pt_within_years={value}",
                              headers=bearer(make_user("border_agent"))), 422, "pt_within_years")


def test_the_partner_page_takes_the_window_and_shows_the_results(client, labs):
    login(client, make_user("border_agent"))
    db.session.commit()
    page = client.get("/find/testing-partner?events=MON-ØØ81Ø-6&pt_within_years=3&country=KE")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Recent" in text and "Old" not in text and "EURL GMFF PT" in text
