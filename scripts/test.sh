#!/usr/bin/env bash
# Install labnet with its test tools, lint it (ruff, import layers), and run the whole suite
# on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set or a server answers on
# 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test

# The browser tests drive Debian's chromium, the load test uses wrk and the PDF reports need
# Pango (WeasyPrint): install them when missing on CI.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
if [ -n "$missing" ] && [ -n "${CI:-}" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >/dev/null
fi

if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null \
   && pg_isready -q -h 127.0.0.1 -p 5432; then
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
fi

echo "== lint: ruff, and the layers of ARCHITECTURE.md (import-linter)"
.venv/bin/ruff check .
.venv/bin/lint-imports

echo "== tests on SQLite"
env -u TEST_DATABASE_URL .venv/bin/python -m pytest "$@"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== tests on PostgreSQL"
  .venv/bin/python -m pytest "$@"
fi
