"""Help pages: the glossary of the field's words and the API reference."""
from flask import Blueprint, render_template, url_for

from labnet.web.glossary import TERMS

bp = Blueprint("help_pages", __name__)


@bp.route("/help/glossary")
def glossary():
    return render_template("help/glossary.html", terms=TERMS)


@bp.route("/api/docs")
def api_reference():
    """Swagger UI, vendored and started from a static file, reads the OpenAPI description. It
    runs under the site's strict policy: React sets styles through the DOM, which "style-src
    'self'" allows, and it needs no eval, inline script or worker."""
    return render_template("help/api.html", spec_url=url_for("api-docs.openapi_json"))
