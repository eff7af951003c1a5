#!/usr/bin/env bash
# Install labnet, create the SQLite database with the demo network and serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export FLASK_APP=wsgi
PORT=${PORT:-5000}
.venv/bin/flask db upgrade
.venv/bin/flask labnet seed-demo
echo
echo "labnet is running at http://127.0.0.1:${PORT}/  (API: http://127.0.0.1:${PORT}/api/v1/openapi.json)"
echo "Log in with one of the demo users above. Stop with Ctrl-C."
exec .venv/bin/gunicorn --bind "127.0.0.1:${PORT}" --workers 2 --access-logfile - wsgi:app
