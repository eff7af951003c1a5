"""Validation messages in plain words and in the reader's language.

marshmallow and webargs write their messages in English, some with values in them
("Longer than maximum length 200."). Every input error on the API (problem details) and on
the pages (form errors) passes through `translated_messages`, which gives each known message
its plain, translated wording; messages labnet's own schemas raise are already marked
(possibly lazily) and are turned into text here.
"""
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PLAIN = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field cannot be empty."),
    "Unknown field.": _l("This field is not expected here."),
    "Invalid input type.": _l("This input has the wrong shape."),
    "Invalid input.": _l("This value is not valid."),
    "Invalid value.": _l("This value is not valid."),
    "Invalid type.": _l("This value has the wrong type."),
    "Not a valid string.": _l("Enter text."),
    "Not a valid integer.": _l("Enter a whole number."),
    "Not a valid number.": _l("Enter a number."),
    "Number too large.": _l("This number is too large."),
    "Special numeric values (nan or infinity) are not permitted.": _l("Enter a finite number."),
    "Not a valid boolean.": _l("Enter yes or no."),
    "Not a valid date.": _l("Enter a date as YYYY-MM-DD."),
    "Not a valid datetime.": _l("Enter a date and time."),
    "Not a valid email address.": _l("Enter a valid email address."),
    "Not a valid URL.": _l("Enter a valid web address (URL)."),
    "Not a valid list.": _l("Enter a list of values."),
    "Not a valid mapping type.": _l("This value has the wrong type."),
    "Not a valid utf-8 string.": _l("Enter text."),
    "String does not match expected pattern.": _l("This value does not have the expected form."),
}

# messages with values in them: (pattern, its translation given the values it names)
FORMATTED = [
    (re.compile(r"^Longer than maximum length (?P<max>\d+)\.$"),
     lambda **v: _("At most %(max)s characters.", **v)),
    (re.compile(r"^Shorter than minimum length (?P<min>\d+)\.$"),
     lambda **v: _("At least %(min)s characters.", **v)),
    (re.compile(r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$"),
     lambda **v: _("Between %(min)s and %(max)s items or characters.", **v)),
    (re.compile(r"^Must be greater than or equal to (?P<min>[^ ]+) and less than or equal to "
                r"(?P<max>[^ ]+)\.$"),
     lambda **v: _("Enter a number from %(min)s to %(max)s.", **v)),
    (re.compile(r"^Must be greater than or equal to (?P<min>[^ ]+)\.$"),
     lambda **v: _("Enter a number of at least %(min)s.", **v)),
    (re.compile(r"^Must be less than or equal to (?P<max>[^ ]+)\.$"),
     lambda **v: _("Enter a number of at most %(max)s.", **v)),
    (re.compile(r"^Must be greater than (?P<min>[^ ]+)\.$"),
     lambda **v: _("Enter a number greater than %(min)s.", **v)),
    (re.compile(r"^Must be one of: (?P<choices>.*)\.$"), lambda **v: _("Choose one of: %(choices)s.", **v)),
    (re.compile(r"^One or more of the choices you made was not in: (?P<choices>.*)\.$"),
     lambda **v: _("Choose only among: %(choices)s.", **v)),
]


def translated_message(message) -> str:
    text = str(message)
    plain = PLAIN.get(text)
    if plain is not None:
        return str(plain)
    for pattern, translation in FORMATTED:
        found = pattern.match(text)
        if found:
            return translation(**found.groupdict())
    return text


def translated_messages(messages):
    """The same nesting of dicts and lists, each message translated."""
    if isinstance(messages, dict):
        return {key: translated_messages(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [translated_messages(value) for value in messages]
    return translated_message(messages)
