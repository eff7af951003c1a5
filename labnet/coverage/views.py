"""The coverage dashboard page, its map data and its exports."""
import csv
import io
import json

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_login import login_required
from sqlalchemy import select

from labnet import authz
from labnet.coverage import dashboard, services
from labnet.errors import DomainError
from labnet.extensions import db
from labnet.networks.models import Network
from labnet.reference.models import Region
from labnet.web import actor

bp = Blueprint("coverage_pages", __name__, url_prefix="/coverage")
EXPORTS = ("events", "countries_without_labs", "single_points_of_failure", "accreditations",
           "holdings", "stale_requests", "training")


@bp.before_request
@login_required
def logged_in():
    pass


def _scope() -> dict:
    network = request.args.get("network", type=int)
    region = request.args.get("region", "").strip()
    if network:
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
        status=status, tile_url=current_app.config.get("LABNET_MAP_TILE_URL", ""),
        networks=db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all(),
        regions=db.session.execute(select(Region.code, Region.name).order_by(Region.name)).all())


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
    rows = dashboard.tables(actor(), services.coverage(actor(), **scope), **scope)[table]
    rows = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in rows]
    if fmt == "json":
        return jsonify(rows)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={table}.csv"})
