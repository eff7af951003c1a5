"""Languages: the five labnet speaks, and which one a request is answered in.

Strings are marked with `gettext`/`lazy_gettext` (`_` in templates); catalogues live in
labnet/translations/<locale>/LC_MESSAGES/messages.po (scripts/translations.sh extracts,
updates and compiles them). Dates, numbers, country and language names come from Babel's
locale data, in the user's language and time zone.
"""
import logging
import unicodedata
from pathlib import Path

import flask_babel
import pytz
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_group_symbol
from flask import g, has_request_context, request, session
from flask_babel import Babel, get_locale
from flask_login import current_user

LANGUAGES = ("en", "fr", "es", "pt", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})
DEFAULT_TIME_ZONE = "UTC"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

babel = Babel()


def _signed_in_user():
    """The user a request acts for: the API's bearer-token actor, else the page session's."""
    actor = g.get("actor")
    if actor is not None:
        return actor
    if current_user and current_user.is_authenticated:
        return current_user
    return None


def select_locale() -> str:
    """The signed-in user's stored choice, else the visitor's choice kept in the session,
    else the browser's Accept-Language, else English (commands and work outside a request
    speak English)."""
    if not has_request_context():
        return "en"
    user = _signed_in_user()
    if user is not None and user.language in LANGUAGES:
        return user.language
    if session.get("language") in LANGUAGES:
        return session["language"]
    return request.accept_languages.best_match(LANGUAGES) or "en"


def select_time_zone() -> str:
    """The signed-in user's time zone when it is one the tz database knows, else UTC."""
    if not has_request_context():
        return DEFAULT_TIME_ZONE
    user = _signed_in_user()
    if user is not None and user.time_zone and _known_time_zone(user.time_zone):
        return user.time_zone
    return DEFAULT_TIME_ZONE


def _known_time_zone(name: str) -> bool:
    try:
        pytz.timezone(name)  # the tz database Flask-Babel reads
    except pytz.UnknownTimeZoneError:
        return False
    return True


def text_direction(locale: str) -> str:
    return "rtl" if locale in RIGHT_TO_LEFT else "ltr"


def language_names() -> list[tuple[str, str]]:
    """Each language labnet speaks, named in itself (a reader finds their own language
    whatever the page's language is)."""
    return [(code, Locale.parse(code).get_display_name(code)) for code in LANGUAGES]


def country_name(code: str | None, fallback: str = "") -> str:
    """A country's name in the page's language (Babel's CLDR data), else `fallback`; in English
    the stored name (`fallback`, from the ISO 3166 data the registry ships) is kept."""
    if not code:
        return fallback
    locale = get_locale()
    if fallback and (locale is None or locale.language == "en"):
        return fallback
    return locale.territories.get(code.upper(), fallback or code)


def language_name(code: str | None) -> str:
    """A language's name in the page's language: 'fr' reads 'français' or 'French'."""
    if not code:
        return ""
    return get_locale().languages.get(code.lower(), code)


def sort_key(name: str) -> str:
    """Alphabetical order that reads past accents and case: 'Émirats' sorts with 'E'."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
                   ).casefold()


def compile_catalogues(directory: Path = TRANSLATIONS) -> None:
    """Compile each .po whose .mo is missing or older, so a fresh checkout speaks every
    language however it is started (scripts/install.sh compiles them too)."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalogue)
        except OSError as error:  # a read-only install: the compiled catalogues must ship
            logging.getLogger("labnet").warning("cannot compile %s: %s", po_path, error)


def init_app(app) -> None:
    compile_catalogues()
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_time_zone)

    @app.context_processor
    def page_language():
        locale = str(get_locale() or "en")
        return {"page_language": locale, "page_direction": text_direction(locale),
                "languages": language_names()}

    app.jinja_env.globals.update(country_name=country_name, language_name=language_name)


class Words:
    """The page's catalogue and locale, looked up once, for code that words many rows in one
    call (match reasons): Flask-Babel finds its context again for every string, which the
    matching benchmark measured at about 0.15 ms a string, more than the query itself."""

    def __init__(self):
        self._translations = flask_babel.get_translations()
        self.locale = flask_babel.get_locale()
        self._labels = {}
        self._group = None

    def gettext(self, string: str, **variables) -> str:
        text = self._translations.ugettext(string)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        return self._translations.ungettext(singular, plural, num) % variables

    def once(self, wording, code) -> str:
        """`wording(code)` (a stored code in words, say), worked out once per code."""
        key = (wording, code)
        if key not in self._labels:
            self._labels[key] = wording(code)
        return self._labels[key]

    def whole_number(self, value: int) -> str:
        """An integer with the locale's grouping (as format_decimal's "#,##0" writes it),
        without parsing the pattern again for every row."""
        if self._group is None:
            self._group = get_group_symbol(self.locale)
        return f"{value:,}".replace(",", self._group)
