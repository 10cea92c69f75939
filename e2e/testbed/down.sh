#!/usr/bin/env bash
# Stops the two test clusters (source and target); with --all, every node under $CQLMIRROR_CACHE/run.
set -uo pipefail
source "$(dirname "$0")/common.sh"
names=(source target)
if [ "${1:-}" = --all ]; then
  names=()
  for d in "$cache"/run/*/; do [ -d "$d" ] && names+=("$(basename "$d")"); done
fi
for n in "${names[@]}"; do "$testbed/cassandra.sh" stop "$n" & done
wait
