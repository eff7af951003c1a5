#!/usr/bin/env bash
# Install labnet, create the SQLite database with the demo network and serve it.
#   PORT=8080 bash scripts/serve.sh   serve on another port (default 5000)
#   RESET=1 bash scripts/serve.sh     start from a fresh demo: deletes what was done in it
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5000}

# a port something else listens on: say so before installing anything
if ! "${PYTHON:-python3}" - "$PORT" <<'PY'
import socket, sys
port = int(sys.argv[1])
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        sys.exit(1)
PY
then
  echo "Port ${PORT} is already in use (another labnet, or another program)." >&2
  echo "Serve on another port, e.g.:  PORT=$((PORT + 1)) bash scripts/serve.sh" >&2
  exit 1
fi

bash scripts/install.sh
export FLASK_APP=wsgi
.venv/bin/flask db upgrade
if [ "${RESET:-0}" = "1" ]; then
  .venv/bin/flask labnet reset-demo --yes   # RESET=1 is the confirmation
fi
# loads the demo once; prints the demo users and their password on every run
.venv/bin/flask labnet seed-demo
echo
echo "labnet is running at http://127.0.0.1:${PORT}/  (API: http://127.0.0.1:${PORT}/api/v1/openapi.json)"
echo "Log in with one of the demo users above. Stop with Ctrl-C. Start again from a fresh demo with RESET=1."
exec .venv/bin/gunicorn --bind "127.0.0.1:${PORT}" --workers 2 --access-logfile - wsgi:app
