"""The directory finds labs by name, institution and city whatever the accents and case."""
import pytest

from labnet.database import fold
from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import make_lab


@pytest.fixture
def accented_labs(app):
    make_lab("BR", name="Laboratório Federal de Defesa Agropecuária", city="Brasília")
    make_lab("CO", name="Laboratorio Nacional de Diagnóstico", city="Bogotá")
    make_lab("KE", name="Plain Lab", city="Nairobi")
    db.session.commit()


def names(response) -> list[str]:
    assert response.status_code == 200
    return sorted(lab["name"] for lab in response.json["items"])


@pytest.mark.parametrize("typed, found", [
    ("Brasilia", ["Laboratório Federal de Defesa Agropecuária"]),
    ("BRASÍLIA", ["Laboratório Federal de Defesa Agropecuária"]),
    ("bogota", ["Laboratorio Nacional de Diagnóstico"]),
    ("diagnostico", ["Laboratorio Nacional de Diagnóstico"]),
    ("laboratorio", ["Laboratorio Nacional de Diagnóstico",
                     "Laboratório Federal de Defesa Agropecuária"]),
    ("agropecuaria", ["Laboratório Federal de Defesa Agropecuária"]),
    ("50%", []),
    ("_", []),
])
def test_search_ignores_accents_and_case(client, accented_labs, typed, found):
    assert names(client.get("/api/v1/labs", query_string={"q": typed})) == found


def test_the_directory_page_finds_bogota_typed_without_its_accent(client, accented_labs):
    page = client.get("/labs", query_string={"q": "bogota"}).get_data(as_text=True)
    assert "Laboratorio Nacional de Diagnóstico" in page and "Plain Lab" not in page


def test_the_search_key_follows_an_edit_of_the_city(client, app):
    lab = make_lab("CO", name="Moving Lab", city="Medellín")
    db.session.commit()
    lab.city = "Cúcuta"
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Lab, lab.id).search_key.endswith("cucuta")
    assert names(client.get("/api/v1/labs", query_string={"q": "cucuta"})) == ["Moving Lab"]
    assert names(client.get("/api/v1/labs", query_string={"q": "medellin"})) == []


@pytest.mark.parametrize("text, folded", [
    ("Brasília", "brasilia"), ("BOGOTÁ", "bogota"), ("Øresund", "oresund"), ("Straße", "strasse"),
    ("Łódź", "lodz"), ("Côte d'Ivoire", "cote d'ivoire"), (None, "")])
def test_fold_drops_case_and_accents(text, folded):
    assert fold(text) == folded
