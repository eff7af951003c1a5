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

# mail: a debugging SMTP server on loopback that prints every mail to this console (unless
# MAIL_SERVER names a real one), and a worker sending the outbox to it; both end with labnet
MAIL_DEBUG_PORT=${MAIL_DEBUG_PORT:-8025}
mail_pids=()
if [[ -z "${MAIL_SERVER:-}" ]]; then
  export MAIL_SERVER=127.0.0.1 MAIL_PORT=${MAIL_DEBUG_PORT} MAIL_USE_TLS=false
  .venv/bin/python -m aiosmtpd -n -l "127.0.0.1:${MAIL_DEBUG_PORT}" -c aiosmtpd.handlers.Debugging &
  mail_pids+=($!)
  echo "Mail is printed here by a debugging SMTP server on 127.0.0.1:${MAIL_DEBUG_PORT}."
fi
export LABNET_BASE_URL=${LABNET_BASE_URL:-http://127.0.0.1:${PORT}/}
.venv/bin/flask labnet deliver-mail --interval 2 &
mail_pids+=($!)
# this shell becomes gunicorn below (exec keeps its pid): when it ends, so does the mail
( while kill -0 $$ 2>/dev/null; do sleep 1; done; kill "${mail_pids[@]}" 2>/dev/null ) &

echo
echo "labnet is running at http://127.0.0.1:${PORT}/  (API: http://127.0.0.1:${PORT}/api/v1/openapi.json)"
echo "Log in with one of the demo users above. Stop with Ctrl-C. Start again from a fresh demo with RESET=1."
exec .venv/bin/gunicorn --bind "127.0.0.1:${PORT}" --workers 2 --access-logfile - wsgi:app
