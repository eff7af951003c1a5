"""The testing report as a dated PDF: an HTML template with its own print stylesheet, laid
out by WeasyPrint.

WeasyPrint needs Pango from the system; it is imported when a report is rendered, so the
application starts (and serves everything else) on a host without it.
"""
from pathlib import Path

from flask import current_app, render_template
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from labnet.database import utcnow
from labnet.i18n import text_direction
from labnet.requests import reports

STYLESHEET = "css/report_pdf.css"


def accreditation_status(lab) -> str:
    """The lab's accreditation as labnet knows it: verified by a coordinator, only declared by
    the lab, or none current."""
    if lab.accreditation_verified:
        return "verified"
    if lab.accredited:
        return "self_declared"
    return "none"


def render(request) -> bytes:
    """The request's current report, with its consignment, samples, custody log, per-sample
    results and earlier versions, dated now."""
    from weasyprint import CSS, HTML  # needs Pango: only when a report is asked for

    locale = str(get_locale() or "en")
    html = render_template(
        "requests/report_pdf.html", req=request, report=request.versions[-1],
        summary=reports.summary(request.detected, request.not_detected, request.not_tested),
        accreditation=accreditation_status(request.lab),
        accreditations=[a for a in request.lab.accreditations if a.is_current()],
        generated_at=utcnow(), locale=locale, direction=text_direction(locale),
        format_date=format_date, format_datetime=format_datetime, format_decimal=format_decimal)
    stylesheet = Path(current_app.static_folder) / STYLESHEET
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet))])
