#!/bin/sh
# The Wagtail 8 reference for bench/cold.py: its own venv under var/, its own PostgreSQL
# database (WAGTAIL_DB_NAME, default wagtail_ref), 2,000 articles (COUNT).
#     sh bench/wagtail_ref/setup.sh            # about 1-3 minutes
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV="$ROOT/var/wagtail-venv"
DB="${WAGTAIL_DB_NAME:-wagtail_ref}"
COUNT="${COUNT:-2000}"
PY="${PYTHON:-python3.11}"
if [ ! -x "$VENV/bin/gunicorn" ]; then
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet -r "$ROOT/bench/wagtail_ref/requirements.txt"
fi
psql -h "${WAGTAIL_DB_HOST:-127.0.0.1}" -U postgres -c "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null
psql -h "${WAGTAIL_DB_HOST:-127.0.0.1}" -U postgres -c "CREATE DATABASE \"$DB\"" >/dev/null
cd "$ROOT/bench/wagtail_ref"
export WAGTAIL_DB_NAME="$DB"
"$VENV/bin/python" manage.py migrate --noinput -v0
"$VENV/bin/python" manage.py make_articles --count "$COUNT"
