"""GET /healthz: whether this process can reach its database."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from labnet.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; nothing to roll back
            pass
        response = jsonify(status="unavailable", detail="The database does not answer.")
        response.status_code = 503
        return response
    return jsonify(status="ok")
