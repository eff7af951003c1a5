"""Help pages: the glossary of the field's words and the API reference."""
from flask import Blueprint, make_response, render_template, url_for

from labnet.web.glossary import TERMS

bp = Blueprint("help_pages", __name__)

# Swagger UI builds its page with React, which sets element styles through the DOM (allowed by
# "style-src 'self'") but also injects a few style attributes while rendering models: this page
# alone allows inline style attributes, never inline scripts.
API_DOCS_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                   "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


@bp.route("/help/glossary")
def glossary():
    return render_template("help/glossary.html", terms=TERMS)


@bp.route("/api/docs")
def api_reference():
    response = make_response(render_template(
        "help/api.html", spec_url=url_for("api-docs.openapi_json")))
    response.headers["Content-Security-Policy"] = API_DOCS_POLICY
    return response
