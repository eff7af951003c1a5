"""The ministry report as files: a dated PDF (WeasyPrint, from templates/coverage/report.html
and its print stylesheet) and an XLSX workbook with the same tables, one sheet each."""
import datetime as dt
import io
from pathlib import Path

from flask import current_app, render_template
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from labnet.csvfiles import safe_cell

STATUS_LABELS = {"covered": _l("covered"), "method_only": _l("method only"),
                 "material_only": _l("material only"), "gap": _l("gap")}
# the states of coverage.dashboard's accreditation and material rows
STATE_LABELS = {"expired": _l("expired"), "expiring": _l("expiring"), "suspended": _l("suspended"),
                "withdrawn": _l("withdrawn"), "out of stock": _l("out of stock")}
REQUEST_KINDS = {"material": _l("Reference material delivered (from request to receipt)"),
                 "testing": _l("Testing reported (from request to first report)")}

# (key in the report, title, [(field, header)]): one list for the PDF and the workbook
TABLES = [
    ("events", _l("Status per event"), [
        ("unique_identifier", _l("Event (UID)")), ("name", _l("Name")), ("status", _l("Status")),
        ("labs_with_method", _l("Labs with a validated method")),
        ("labs_with_material", _l("Labs with material"))]),
    ("countries_without_labs", _l("Countries without a lab"), [
        ("code", _l("Code")), ("name", _l("Country"))]),
    ("accreditations", _l("Accreditations expired, suspended or expiring within 90 days"), [
        ("lab", _l("Lab")), ("country", _l("Country")), ("body", _l("Body")),
        ("certificate", _l("Certificate")), ("valid_until", _l("Valid until")),
        ("state", _l("State"))]),
    ("holdings", _l("Reference materials expired, expiring within 90 days or out of stock"), [
        ("lab", _l("Lab")), ("lot", _l("Lot")), ("quantity", _l("Stock")),
        ("expiry_date", _l("Expiry")), ("state", _l("State"))]),
    ("training", _l("Training and seats"), [
        ("title", _l("Offer")), ("lab", _l("Lab")), ("start_date", _l("Starts")),
        ("seats_offered", _l("Seats offered")), ("seats_taken", _l("Seats taken"))]),
    ("requests", _l("Requests served in the last 12 months"), [
        ("kind", _l("Requests")), ("served", _l("Served")), ("median_days", _l("Median days"))]),
]
SHORT_NAMES = {"events": _l("Events"), "countries_without_labs": _l("Countries without a lab"),
               "accreditations": _l("Accreditations"), "holdings": _l("Materials"),
               "training": _l("Training"), "requests": _l("Requests")}


def _shown(field: str, value):
    """A value as a reader should see it: statuses in words, unknown as unknown."""
    if field == "status" and value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    if field == "state" and value in STATE_LABELS:
        return str(STATE_LABELS[value])
    if field == "kind" and value in REQUEST_KINDS:
        return str(REQUEST_KINDS[value])
    if field == "median_days" and value is None:
        return str(_l("unknown (none served)"))
    return value


def _refuse_fetch(url, *args, **kwargs):
    """The report needs nothing from outside: its stylesheet is passed in, it has no images."""
    raise ValueError(f"The coverage report does not fetch {url!r}.")


def report_pdf(report: dict) -> bytes:
    """The report as a PDF document."""
    import weasyprint  # imported when a report is asked for: it loads Pango and fonts

    html = render_template("coverage/report.html", report=report, tables=TABLES, shown=_shown,
                           summary_labels=STATUS_LABELS, language=str(get_locale() or "en"),
                           generated_on=format_date(report["generated_on"], "long"))
    stylesheet = Path(current_app.static_folder) / "css" / "coverage-report.css"
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(stylesheet))])


def _cell_value(field: str, value):
    value = _shown(field, value)
    if isinstance(value, str):
        # text a lab manager typed never becomes a formula (csvfiles.safe_cell) and loses the
        # control characters that a workbook cannot hold
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # workbooks have no time zones: UTC, as stored
    return value


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
    for index, name in enumerate(header, start=1):
        column = [name] + [row[index - 1] for row in rows]
        widest = max(len(value.isoformat() if isinstance(value, dt.date) else str(value or ""))
                     for value in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 60)
        for cell in sheet[get_column_letter(index)][1:]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def report_xlsx(report: dict) -> bytes:
    """The report's tables as a workbook: a summary sheet, then one sheet per table."""
    book = Workbook()
    book.remove(book.active)
    summary = [[str(_l("Scope")), _cell_value("name", report["scope"]["name"])],
               [str(_l("Generated on")), report["generated_on"]],
               [str(_l("Labs in scope")), report["labs"]],
               [str(_l("Accredited labs (current and verified)")), report["accredited_labs"]]]
    summary += [[str(_l("Events %(status)s", status=STATUS_LABELS[status])), count]
                for status, count in report["summary"].items()]
    _sheet(book, str(_l("Summary")), [str(_l("Measure")), str(_l("Value"))], summary)
    for key, _title, columns in TABLES:
        _sheet(book, str(SHORT_NAMES[key]), [str(header) for _, header in columns],
               [[_cell_value(field, row.get(field)) for field, _ in columns]
                for row in report[key]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
