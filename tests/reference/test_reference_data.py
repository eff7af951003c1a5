import pytest
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.reference.models import Country, Element, Region


@pytest.mark.parametrize("code, region, subregion", [
    ("KE", "002", "014"), ("BR", "019", "005"), ("FR", "150", "155"), ("IN", "142", "034"),
    ("NG", "002", "011"), ("MX", "019", "013"), ("VN", "142", "035"), ("ZA", "002", "018"),
    ("CM", "002", "017"), ("EG", "002", "015"), ("US", "019", "021"), ("FJ", "009", "054"),
])
def test_countries_sit_in_their_m49_region_and_subregion(app, code, region, subregion):
    country = db.session.get(Country, code)
    assert (country.region_code, country.subregion_code) == (region, subregion)


def test_every_iso_country_is_shipped_with_a_point_where_one_exists(app):
    import pycountry

    assert db.session.scalar(select(func.count()).select_from(Country)) == len(pycountry.countries)
    without_point = set(db.session.scalars(select(Country.code).where(Country.latitude.is_(None))))
    assert without_point <= {"AQ", "BV", "UM", "HM"}
    kenya = db.session.get(Country, "KE")
    assert -5 < kenya.latitude < 5 and 33 < kenya.longitude < 42


def test_m49_hierarchy_has_sub_saharan_africa_between_africa_and_eastern_africa(app):
    assert db.session.get(Region, "014").parent_code == "202"
    assert db.session.get(Region, "202").parent_code == "002"
    assert db.session.get(Region, "005").parent_code == "419"


def test_screening_elements_are_shipped_with_aliases(client):
    body = client.get("/api/v1/elements?q=35s&per_page=200").get_json()
    codes = {e["code"] for e in body["items"]}
    assert {"P-35S", "T-35S"} <= codes
    p35s = next(e for e in body["items"] if e["code"] == "P-35S")
    assert "CaMV 35S promoter" in p35s["aliases"]
    assert db.session.scalar(select(Element).where(Element.code == "T-nos")).kind == "terminator"


def test_country_api_filters_by_any_m49_level(client):
    africa = client.get("/api/v1/countries?region=002&per_page=200").get_json()
    eastern = client.get("/api/v1/countries?region=014&per_page=200").get_json()
    assert "KE" in {c["code"] for c in eastern["items"]}
    assert eastern["total"] < africa["total"] and africa["total"] >= 54
    kenya = next(c for c in eastern["items"] if c["code"] == "KE")
    assert kenya["region"] == "002" and kenya["subregion"] == "014" and kenya["alpha3"] == "KEN"


def test_regions_list_with_parents(client):
    body = client.get("/api/v1/regions?per_page=200").get_json()
    regions = {r["code"]: r for r in body["items"]}
    assert regions["419"]["parent"] == "019" and regions["001"]["parent"] is None
