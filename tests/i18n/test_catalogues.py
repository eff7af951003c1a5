"""The catalogues are complete, reviewed and current: every message the code marks is
translated in fr, es, pt and ar, none is left fuzzy, and each translation keeps the msgid's
placeholders (a lost %(lab)s would drop a lab's name; an unknown one would raise)."""
import pytest
from babel.messages.mofile import read_mo

from tests.i18n.catalogues import LANGUAGES, TRANSLATIONS, catalogue, extracted_ids, problems


@pytest.fixture(scope="module")
def code_ids():
    return extracted_ids()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_message_of_the_code(language, code_ids):
    found = problems(language, code_ids)
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} in all; see scripts/translations.sh todo)"


def test_extraction_finds_the_marked_strings(code_ids):
    # the check above is only as good as the extraction it compares with
    assert "Log in" in code_ids and "This field is required." in code_ids
    assert ("%(num)s result", "%(num)s results") in code_ids


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(app, language):
    """The .mo the app reads says what the reviewed .po says (compiled at install, or when
    the app starts, as the `app` fixture does)."""
    mo_path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo"
    with mo_path.open("rb") as file:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}
    source = {_key(m.id): _key(m.string) for m in catalogue(language) if m.id}
    assert compiled == source


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def test_arabic_has_its_six_plural_forms():
    po = catalogue("ar")
    assert po.num_plurals == 6
    forms = [m.string for m in po if isinstance(m.id, tuple)]
    assert forms and all(len(f) == 6 and all(f) for f in forms)


def test_placeholder_check_catches_a_lost_or_unknown_placeholder(monkeypatch):
    from tests.i18n import catalogues

    class Message:
        fuzzy = False

        def __init__(self, id, string):
            self.id, self.string = id, string

    broken = [Message("Holding of %(lab)s", "Lot de %(labo)s"), Message("Log in", "Connexion")]
    monkeypatch.setattr(catalogues, "catalogue", lambda language: broken)
    found = catalogues.problems("fr")
    assert len(found) == 1 and "['lab'] missing" in found[0] and "['labo'] unknown" in found[0]
