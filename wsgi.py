"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""
from labnet import create_app

app = create_app()
