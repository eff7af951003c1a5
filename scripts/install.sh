#!/usr/bin/env bash
# Make .venv with labnet and its dependencies (add "test" as $1 for the test tools too).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# PyICU (collation of country names) compiles against the system's ICU
if ! pkg-config --exists icu-i18n 2>/dev/null && command -v apt-get >/dev/null; then
  apt-get install -y -q libicu-dev pkg-config >/dev/null || true
fi
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
# the catalogues of labnet/translations, compiled for Flask-Babel (the .mo files are not kept
# in git; the app also compiles a missing or stale one when it starts)
bash scripts/translations.sh compile
