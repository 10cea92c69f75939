# Sourced by the test bed scripts: paths shared by all of them.
# The repo root is two levels above this folder; the cache is $CQLMIRROR_CACHE or <root>/.cache.
testbed=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$testbed/../.." && pwd)
cache=${CQLMIRROR_CACHE:-$root/.cache}

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
