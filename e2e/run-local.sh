#!/usr/bin/env bash
# Starts the local stack: source and target Cassandra, then Envoy with cqlmirror on 127.0.0.1:29042.
# Ctrl-C stops Envoy and both nodes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${CQLMIRROR_CACHE:-$root/.cache}
"$root/e2e/testbed/up.sh"
trap '"$root/e2e/testbed/down.sh"' EXIT
cat <<TXT

cqlmirror is starting on 127.0.0.1:29042 (Envoy admin on 127.0.0.1:29901).
  through the proxy:  $cache/venv/bin/cqlsh 127.0.0.1 29042
  source directly:    $cache/venv/bin/cqlsh 127.0.0.2 9042
  target directly:    $cache/venv/bin/cqlsh 127.0.0.3 9042
Ctrl-C stops Envoy and both Cassandra nodes.

TXT
ENVOY_DYNAMIC_MODULES_SEARCH_PATH="$root/build" "$cache/bin/envoy" -c "$root/envoy.yaml" --concurrency 2 -l info
