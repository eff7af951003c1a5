"""labnet plus one bare Flask JSON endpoint, so both are measured in the same gunicorn."""
from flask import jsonify

from labnet import create_app

app = create_app()


@app.get("/bench/bare")
def bare():
    return jsonify(status="ok")
