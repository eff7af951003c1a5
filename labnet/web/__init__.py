"""Helpers shared by the server-rendered pages."""
from datetime import UTC, date, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError

from labnet import authz, transactions
from labnet.api.fields import MAX_ID
from labnet.api.messages import translated_message
from labnet.database import get_or_404
from labnet.errors import DomainError, Forbidden, NotFound, Unauthorized
from labnet.web.labels import label

MAX_PAGE = 1_000_000


def form_input(schema, lists=(), bools=(), ints=(), keep_empty=()):
    """Read request.form into the shape a schema loads: empty inputs left out, lists from
    multi-selects or comma-separated text, checkboxes as booleans, whole numbers of `ints`
    as integers (anything else stays text, which an integer field refuses)."""
    raw = {}
    for name in schema.fields:
        field = schema.fields[name]
        key = field.data_key or name
        if field.dump_only:
            continue
        if name in bools:
            raw[key] = key in request.form
        elif name in lists:
            values = request.form.getlist(key)
            if len(values) == 1 and "," in values[0]:
                values = values[0].split(",")
            values = [v.strip() for v in values if v.strip()]
            if values or key in request.form:
                raw[key] = [int(v) if name in ints and v.isdigit() else v for v in values]
        elif key in request.form:
            value = request.form.get(key, "").strip()
            if value != "":
                raw[key] = int(value) if name in ints and value.isascii() \
                    and value.isdigit() and len(value) < 10 \
                    else value
            elif name in keep_empty:
                raw[key] = None
    return raw


# marshmallow's wording, said the way a person filling the form would: {library text: ours};
# any other library message gets the API's plain, translated wording (labnet/api/messages.py)
_PLAIN = {
    "Missing data for required field.": _l("Fill this in: it is required."),
    "Field may not be null.": _l("Fill this in: it is required."),
    "Not a valid integer.": _l("Type a whole number, such as 3."),
    "Not a valid number.": _l("Type a number, such as 2.5."),
    "Not a valid date.": _l("Type a date as year-month-day, such as 2025-03-31."),
    "Not a valid email address.": _l("Type an email address, such as name@example.org."),
    "Not a valid boolean.": _l("Tick the box or leave it empty."),
    "Unknown field.": _l("This form does not take this field."),
}


def plain_message(message) -> str:
    """A validation message in plain words, in the page's language."""
    text = str(message)
    if text in _PLAIN:
        return str(_PLAIN[text])
    if text.startswith("Must be one of:"):
        return _("Choose one of the options offered.")
    return translated_message(message)


def plain_errors(messages) -> dict:
    """{field: [plain messages]} from marshmallow's nested messages; a list field's per-item
    messages ({0: [...]}) are joined under the field."""
    if not isinstance(messages, dict):
        return {"_": [plain_message(m) for m in messages]}
    found = {}
    for field, value in messages.items():
        flat = []
        stack = [value]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list | tuple):
                stack.extend(item)
            else:
                flat.append(plain_message(item))
        found[str(field)] = list(dict.fromkeys(flat))
    return found


def load_form(schema, **options):
    """(data, errors): errors is {field: [plain messages]} ready for the template."""
    try:
        return schema.load(form_input(schema, **options)), {}
    except ValidationError as error:
        return None, plain_errors(error.messages)


def render_form(template: str, errors: dict, **context):
    """Show a form page: with `errors`, again with everything typed (request.form, multi-selects
    and checkboxes included) and each message by its field, answered 422; without, as asked.
    Every form page uses this instead of redirecting away from a refusal."""
    typed = request.form if request.method == "POST" else None
    context.setdefault("form", typed)
    return render_template(template, errors=errors, **context), 422 if errors else 200


def run_service(call, *args, **kwargs):
    """Call a service; an input problem comes back as form errors, anything else is raised."""
    try:
        return call(*args, **kwargs), {}
    except (Unauthorized, Forbidden, NotFound):
        raise
    except DomainError as error:
        transactions.refuse()
        return None, plain_errors(error.errors) if error.errors else {"_": [error.detail]}


def flash_outcome(errors: dict, done: str) -> None:
    """Show a page action's outcome on the next page: its refusal, or what was done."""
    if errors:
        flash_errors(errors)
    else:
        flash(done, "info")


def flash_errors(errors: dict) -> None:
    """Show a refused action's messages at the top of the next page."""
    flash(" ".join(str(m) for messages in errors.values()
                   for m in (messages if isinstance(messages, list) else [messages])), "error")


def page_number() -> int:
    """The `page` of a paginated page, kept to the range the API allows (1 to 1,000,000):
    anything else shows the first page rather than asking the database for an impossible
    offset."""
    value = request.args.get("page", 1, type=int)
    return value if value is not None and 1 <= value <= MAX_PAGE else 1


def _record_id(value: int | None) -> int:
    return value if value is not None and 1 <= value <= MAX_ID else 0


def form_record_id(name: str) -> int:
    """A record id posted by a form: a whole number from 1 to 2^31-1, else 0 (which names no
    record, so the service answers "not found")."""
    return _record_id(request.form.get(name, type=int))


def query_record_id(name: str) -> int | None:
    """A record id in the query string: None when not given, 0 when it names no possible
    record (the service then answers "not found")."""
    if not request.args.get(name, "").strip():
        return None
    return _record_id(request.args.get(name, type=int))


def form_version() -> int | None:
    """The version of the record an edit form was read at (see macros.record_version)."""
    value = request.form.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def actor():
    """The logged-in user acting on a page, or None for a visitor."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def remove_from_lab(model, record_id: int, what: str, remove):
    """Remove something a lab owns through its service, then show the lab again with the
    outcome (a refusal changes nothing)."""
    lab_id = get_or_404(model, record_id, what).lab_id
    _record, errors = run_service(remove, actor(), record_id)
    flash_outcome(errors, _("The %(what)s was removed.", what=_(what)))
    return redirect(url_for("labs_pages.lab_page", lab_id=lab_id))


def typed(form, name: str, default=""):
    """A field's value on a form page: what was typed (even emptied) after a refusal, else the
    record's value or the default."""
    return form.get(name) if form and name in form else default


def generated_on() -> str:
    """The "generated on" line of a printed page, in the reader's locale and time zone."""
    return format_datetime(datetime.now(UTC), "medium")


def may(rule: str, *args) -> bool:
    """Ask authz from a template: `may('can_edit_lab', lab)` for the user on the page."""
    return getattr(authz, rule)(actor(), *args)


def page_date(value, format: str = "medium") -> str:
    """A date in the page's language ('' for none: Babel would show today); an ISO date string
    (as API answers carry) is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, format)


def page_datetime(value) -> str:
    """A moment in the page's language and the reader's time zone, to the minute."""
    if value is None:
        return ""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')}"


def page_decimal(value, format: str | None = None) -> str:
    """A number with the page language's separators ('' for none)."""
    return "" if value is None else format_decimal(value, format)


def init_app(app) -> None:
    app.jinja_env.globals["may"] = may
    app.jinja_env.filters.update(label=label, date=page_date, datetime=page_datetime,
                                 decimal=page_decimal)
    # timestamps on pages in the reader's locale and time zone
    app.jinja_env.globals["format_datetime"] = format_datetime
    app.jinja_env.globals["generated_on"] = generated_on
    app.jinja_env.globals["typed"] = typed

    @app.template_filter("pairs")
    def pairs(values):
        """Options for stored codes, each with its words: ('qpcr', 'real-time PCR (qPCR)')."""
        return [(v, label(v)) for v in values]

    @app.template_filter("method_pairs")
    def method_pairs(methods):
        return [(m.id, f"{m.code}: {m.name}") for m in methods]

    @app.template_filter("document_pairs")
    def document_pairs(documents):
        return [(d.id, f"{d.title} ({label(d.kind)}, #{d.id})") for d in documents]
