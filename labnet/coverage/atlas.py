"""The coverage map's country shapes cut to the region in view, for slow links.

The vendored Natural Earth 1:110m TopoJSON weighs 105 KiB (33 KiB brotli) for the whole
world; a network's map needs its own countries and their neighbours. The cut keeps every
country whose bounding box meets the scope's, widened by a margin, and only the arcs those
countries use, in the file's own quantized coordinates.
"""
import json
import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, current_app, request, url_for

from labnet.assets import YEAR

ATLAS = "vendor/world-atlas/countries-110m.json"
MARGIN = 12  # degrees around the scope: the neighbours that place it on the map
IDS = re.compile(r"^\d{3}(,\d{3}){0,299}$")

bp = Blueprint("coverage_atlas", __name__)


@lru_cache(maxsize=1)
def _world(path: str) -> tuple[dict, list[tuple[float, float, float, float]]]:
    """The atlas and each country's bounding box (west, south, east, north) in degrees."""
    topology = json.loads(Path(path).read_text())
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arc_boxes = []
    for arc in topology["arcs"]:
        x = y = 0
        xs, ys = [], []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            xs.append(x * sx + tx)
            ys.append(y * sy + ty)
        arc_boxes.append((min(xs), min(ys), max(xs), max(ys)))
    boxes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        used = [arc_boxes[i if i >= 0 else ~i] for i in _arcs(geometry)]
        boxes.append((min(b[0] for b in used), min(b[1] for b in used),
                      max(b[2] for b in used), max(b[3] for b in used)) if used else None)
    return topology, boxes


def _arcs(geometry) -> list[int]:
    found = []

    def walk(node):
        if isinstance(node, int):
            found.append(node)
        else:
            for child in node:
                walk(child)
    walk(geometry.get("arcs", []))
    return found


def regional_atlas(path: str, ids: set[str]) -> dict:
    """The countries `ids` (ISO numeric) and those around them, as a smaller TopoJSON."""
    topology, boxes = _world(path)
    geometries = topology["objects"]["countries"]["geometries"]
    inside = [b for g, b in zip(geometries, boxes, strict=True) if b and g.get("id") in ids
              and b[2] - b[0] < 180]  # one across the 180th meridian would widen it to the world
    if not inside:
        return topology
    west, south = min(b[0] for b in inside) - MARGIN, min(b[1] for b in inside) - MARGIN
    east, north = max(b[2] for b in inside) + MARGIN, max(b[3] for b in inside) + MARGIN
    kept = [g for g, b in zip(geometries, boxes, strict=True)
            if b and (g.get("id") in ids or (b[0] <= east and b[2] >= west and b[1] <= north
                                             and b[3] >= south and b[2] - b[0] < 180))]
    renumber: dict[int, int] = {}
    for geometry in kept:
        for i in _arcs(geometry):
            renumber.setdefault(i if i >= 0 else ~i, len(renumber))

    def remap(node):
        if isinstance(node, int):
            return renumber[node] if node >= 0 else ~renumber[~node]
        return [remap(child) for child in node]
    arcs = [None] * len(renumber)
    for old, new in renumber.items():
        arcs[new] = topology["arcs"][old]
    return {"type": "Topology", "transform": topology["transform"], "arcs": arcs,
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {**g, "arcs": remap(g["arcs"])} for g in kept]}}}


def atlas_url(ids) -> str:
    """The URL of the shapes around countries `ids`; its `v` changes with the atlas file."""
    files = current_app.extensions["labnet_static"]
    return url_for("coverage_atlas.atlas", ids=",".join(sorted(ids)), v=files.digest(ATLAS))


@bp.route("/atlas/countries.json")
def atlas():
    """Public shapes (the same for everyone): cached for a year under the file's digest."""
    ids = request.args.get("ids", "")
    if not IDS.match(ids):
        abort(404)
    files = current_app.extensions["labnet_static"]
    response = current_app.response_class(
        json.dumps(regional_atlas(str(Path(current_app.static_folder) / ATLAS), set(ids.split(","))),
                   separators=(",", ":")), mimetype="application/json")
    if request.args.get("v") == files.digest(ATLAS):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "public, max-age=300"
    return response
