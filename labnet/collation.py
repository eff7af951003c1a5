"""Sorting names as a reader of the page's language expects: "Côte d'Ivoire" before "Cuba",
"Åland Islands" among the A's. Python sorts by code point (accented letters after "z"); ICU's
collator (CLDR's rules for each language) sorts by letter."""
from functools import lru_cache

import icu
from flask import has_request_context
from flask_babel import get_locale


@lru_cache(maxsize=16)
def _collator(locale: str):
    return icu.Collator.createInstance(icu.Locale(locale))


def current_locale() -> str:
    locale = get_locale() if has_request_context() else None
    return str(locale) if locale else "en"


def sort_key(locale: str | None = None):
    """A key function sorting text in `locale`'s order (the page's language by default)."""
    return _collator(locale or current_locale()).getSortKey


def collated(rows, name=lambda row: row[1], locale: str | None = None) -> list:
    """Rows sorted by their name in the language's order."""
    key = sort_key(locale)
    return sorted(rows, key=lambda row: key(name(row)))
