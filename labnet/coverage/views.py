"""The coverage dashboard page, its map data and its exports."""
import json

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_login import login_required
from sqlalchemy import select

from labnet import authz
from labnet.coverage import atlas, dashboard, services, trends
from labnet.csvfiles import attachment, csv_document
from labnet.errors import DomainError
from labnet.extensions import db
from labnet.networks.models import Network
from labnet.reference.services import region_choices
from labnet.web import actor, query_record_id

bp = Blueprint("coverage_pages", __name__, url_prefix="/coverage")
EXPORTS = ("events", "countries_without_labs", "single_points_of_failure", "accreditations",
           "holdings", "stale_requests", "training")


@bp.before_request
@login_required
def logged_in():
    pass


def _scope() -> dict:
    network = query_record_id("network")
    region = request.args.get("region", "").strip()
    if network is not None:
        if not network:
            abort(404)
        return {"network": network}
    if region:
        if not region.isdigit() or len(region) != 3:
            abort(404)
        return {"region": region}
    mine = authz.coordinated_network_ids(actor())
    if mine:
        return {"network": mine[0]}
    first = db.session.scalar(select(Network.id).order_by(Network.id))
    return {"network": first} if first else {"region": "001"}


@bp.route("", endpoint="dashboard")
def dashboard_view():
    scope = _scope()
    try:
        result = services.coverage(actor(), **scope)
    except DomainError as error:
        if error.status == 404:
            abort(404)
        raise
    status = request.args.get("status", "")
    data = dashboard.tables(actor(), result, **scope)
    events = [e for e in data["events"] if not status or e["status"] == status]
    return render_template(
        "coverage/dashboard.html", result=result, scope=scope, tables=data, events=events,
        status=status, snapshots=trends.snapshots(actor(), **scope),
        tile_url=current_app.config.get("LABNET_MAP_TILE_URL", ""),
        atlas_url=atlas.atlas_url(dashboard.country_numeric_counts(result)),
        networks=db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all(),
        regions=region_choices())


@bp.route("/labs.geojson")
def labs_geojson():
    return Response(json.dumps(dashboard.labs_geojson(actor(), **_scope())),
                    mimetype="application/geo+json")


@bp.route("/countries.json")
def countries_json():
    return jsonify(dashboard.country_numeric_counts(services.coverage(actor(), **_scope())))


@bp.route("/export/<table>.<fmt>")
def export(table, fmt):
    if table not in EXPORTS or fmt not in ("csv", "json"):
        abort(404)
    scope = _scope()
    result = services.coverage(actor(), **scope)
    rows = dashboard.tables(actor(), result, **scope)[table]
    rows = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in rows]
    headers = attachment(services.export_name(result, f"coverage {table}", fmt))
    if fmt == "json":
        return Response(json.dumps(rows, ensure_ascii=False), mimetype="application/json",
                        headers=headers)
    return Response(csv_document(dashboard.COLUMNS[table], rows), mimetype="text/csv",
                    headers=headers)
