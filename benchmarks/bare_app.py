"""labnet plus two endpoints measured beside its match endpoint in the same gunicorn: a bare
Flask JSON answer, and the floor query of material matching with nothing else (no token,
no ranking)."""
from flask import jsonify, request

from benchmarks.common import floor_material_rows
from labnet import create_app
from labnet.extensions import db

app = create_app()


@app.get("/bench/bare")
def bare():
    return jsonify(status="ok")


@app.get("/bench/floor")
def floor():
    rows = floor_material_rows(db.session, request.args["event"], int(request.args["requester_lab"]))
    db.session.commit()  # as labnet ends its reads
    return jsonify(rows=len(rows))
