# Sourced by the test bed scripts: paths shared by all of them.
testbed=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$testbed/../.." && pwd)
cache=${CQLMIRROR_CACHE:-$root/.cache}
