"""Country lists are in the reader's alphabetical order, without places nobody lives in."""
import pytest

from labnet.collation import collated
from labnet.reference.countries import uninhabited
from labnet.reference.services import country_choices


def test_countries_sort_by_letters_not_code_points(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        names = [name for _, name in country_choices()]
    assert names.index("Côte d'Ivoire") < names.index("Cuba") < names.index("Czechia")
    assert names.index("Åland Islands") < names.index("Albania")
    assert names.index("Réunion") < names.index("Romania")
    assert names.index("Curaçao") < names.index("Cyprus")
    assert names[-1] != "Åland Islands"


@pytest.mark.parametrize("code", ["AQ", "BV", "HM", "TF", "GS", "UM"])
def test_uninhabited_territories_are_not_offered(app, code):
    with app.test_request_context("/"):
        assert code in uninhabited()
        assert code not in {c for c, _ in country_choices()}
        assert code in {c for c, _ in country_choices(keep=code)}


def test_inhabited_small_territories_stay(app):
    with app.test_request_context("/"):
        codes = {c for c, _ in country_choices()}
    assert {"PN", "VA", "FK", "KE", "BR"} <= codes


def test_the_language_decides_the_order():
    words = [(1, "chile"), (2, "cuba"), (3, "ñandú"), (4, "nube"), (5, "oro")]
    assert [w for _, w in collated(words, locale="es")] == ["chile", "cuba", "nube", "ñandú", "oro"]
    assert [w for _, w in collated([(1, "Zambia"), (2, "Ägypten"), (3, "Bahrain")], locale="de")] \
        == ["Ägypten", "Bahrain", "Zambia"]


def test_forms_offer_the_sorted_list(client):
    page = client.get("/labs").get_data(as_text=True)
    assert "Antarctica" not in page
    assert page.index("Côte d&#39;Ivoire") < page.index(">Cuba<") < page.index(">Czechia<")
