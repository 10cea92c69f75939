#!/usr/bin/env bash
# Starts the local stack: source and target Cassandra, the control plane (controlplane.yaml, xDS on
# 127.0.0.1:18000), then Envoy with cqlmirror on 127.0.0.1:29042, configured over ADS (envoy.yaml).
# Ctrl-C stops Envoy, the control plane and both nodes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${CQLMIRROR_CACHE:-$root/.cache}
"$root/build/controlplane" check -config "$root/controlplane.yaml"
"$root/e2e/testbed/up.sh"
cp_pid=
cleanup() {
  [ -n "$cp_pid" ] && kill "$cp_pid" 2>/dev/null || true
  "$root/e2e/testbed/down.sh"
}
trap cleanup EXIT
"$root/build/controlplane" -config "$root/controlplane.yaml" -xds 127.0.0.1:18000 &
cp_pid=$!
cat <<TXT

cqlmirror is starting on 127.0.0.1:29042 (Envoy admin on 127.0.0.1:29901, control plane on 127.0.0.1:18000).
  through the proxy:  $cache/venv/bin/cqlsh 127.0.0.1 29042
  source directly:    $cache/venv/bin/cqlsh 127.0.0.2 9042
  target directly:    $cache/venv/bin/cqlsh 127.0.0.3 9042
  retarget:           build/controlplane set -config controlplane.yaml target.address=HOST:PORT
                      (or edit controlplane.yaml; docs/CONTROLPLANE.md)
Ctrl-C stops Envoy, the control plane and both Cassandra nodes.

TXT
ENVOY_DYNAMIC_MODULES_SEARCH_PATH="$root/build" "$cache/bin/envoy" -c "$root/envoy.yaml" --concurrency 2 -l info
