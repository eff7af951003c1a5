"""Languages: the five labnet speaks, and which one a request is answered in.

Strings are marked with `gettext`/`lazy_gettext` (`_` in templates); catalogues live in
labnet/translations/<locale>/LC_MESSAGES/messages.po.
"""
from flask import request
from flask_babel import Babel
from flask_login import current_user

LANGUAGES = ("en", "fr", "es", "pt", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})
DEFAULT_TIME_ZONE = "UTC"

babel = Babel()


def select_locale() -> str:
    """The signed-in user's choice, else the browser's Accept-Language, else English."""
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    return request.accept_languages.best_match(LANGUAGES) or "en"


def select_time_zone() -> str:
    if current_user and current_user.is_authenticated and current_user.time_zone:
        return current_user.time_zone
    return DEFAULT_TIME_ZONE


def text_direction(locale: str) -> str:
    return "rtl" if locale in RIGHT_TO_LEFT else "ltr"


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_time_zone)
