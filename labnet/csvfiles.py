"""CSV files that people open in spreadsheets: safe cells, a BOM, a header row, a clear name.

Any lab manager controls text that lands in a coordinator's export, so a cell that starts
like a formula is neutralised the way OWASP recommends (a leading apostrophe: Excel and
LibreOffice then show the text instead of evaluating it). The UTF-8 byte order mark lets
Excel read Ø and é as they are.
"""
import csv
import io
import re
import unicodedata
from datetime import date

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should show it: text that would start a formula gets a
    leading apostrophe; numbers are left as numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_rows(out, header: list[str], rows) -> int:
    """Write the header (always, even with no rows) and the rows, each a dict or a
    sequence; the number of rows written."""
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        values = [row.get(name) for name in header] if isinstance(row, dict) else row
        writer.writerow([safe_cell(v) for v in values])
        count += 1
    return count


def csv_document(header: list[str], rows) -> str:
    """A whole CSV file as text, starting with the BOM."""
    out = io.StringIO()
    out.write(BOM)
    write_rows(out, header, rows)
    return out.getvalue()


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "all"


def file_name(what: str, whose: str, on: date, extension: str = "csv") -> str:
    """A download name that says what, whose and when: labnet-coverage-events-sangl-2026-11-24.csv."""
    return f"labnet-{_slug(what)}-{_slug(whose)}-{on.isoformat()}.{extension}"


def attachment(name: str) -> dict:
    """Headers that send a file as a download under `name` (ASCII, from file_name)."""
    return {"Content-Disposition": f'attachment; filename="{name}"'}
