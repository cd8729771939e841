#!/usr/bin/env bash
# Installs (if missing) and starts Debian's PostgreSQL 15, creates a test user and database,
# and prints the URL for the PostgreSQL store tests on stdout (everything else goes to stderr):
#
#   export COMMUNIQUE_TEST_POSTGRES="$(.ci/postgres.sh)"
#
# Idempotent: rerunning it starts nothing twice and creates nothing twice. Runs as root.
set -euo pipefail

VERSION=15
DB_USER=${COMMUNIQUE_PG_USER:-communique}
DB_PASSWORD=${COMMUNIQUE_PG_PASSWORD:-communique}
DB_NAME=${COMMUNIQUE_PG_DB:-communique_test}
PORT=${COMMUNIQUE_PG_PORT:-5432}

log() { echo "postgres.sh: $*" >&2; }
as_postgres() { runuser -u postgres -- "$@"; }

if ! command -v pg_ctlcluster >/dev/null || [ ! -d "/usr/lib/postgresql/$VERSION" ]; then
    log "installing postgresql-$VERSION from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

if ! pg_lsclusters --no-header | awk '{print $1, $2}' | grep -qx "$VERSION main"; then
    log "creating cluster $VERSION/main"
    pg_createcluster "$VERSION" main --port "$PORT" >&2
fi
if ! pg_lsclusters --no-header | awk '$1 == "'"$VERSION"'" && $2 == "main" {print $4}' \
        | grep -qx online; then
    log "starting cluster $VERSION/main"
    pg_ctlcluster "$VERSION" main start >&2
fi

for _ in $(seq 1 30); do
    as_postgres pg_isready -q -p "$PORT" && break
    sleep 1
done
as_postgres pg_isready -q -p "$PORT" || { log "the server did not come up"; exit 1; }

psql_admin() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
    log "creating user $DB_USER"
    psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'" >&2
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
    # C collation: text sorts byte-wise, as in the embedded SQLite store.
    log "creating database $DB_NAME"
    as_postgres createdb -p "$PORT" -O "$DB_USER" --template=template0 --encoding=UTF8 \
        --locale=C "$DB_NAME" >&2
fi

echo "postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
