#!/usr/bin/env bash
# Starts the source (127.0.0.2) and target (127.0.0.3) clusters side by side and waits for both.
set -euo pipefail
here=$(dirname "$0")
source_ip=${SOURCE_IP:-127.0.0.2} target_ip=${TARGET_IP:-127.0.0.3}
start=$(date +%s)
"$here/cassandra.sh" start source "$source_ip" 7199
"$here/cassandra.sh" start target "$target_ip" 7299
"$here/cassandra.sh" wait source "$source_ip" &
w1=$!
"$here/cassandra.sh" wait target "$target_ip" &
w2=$!
ok=0
wait $w1 || ok=1
wait $w2 || ok=1
if [ $ok -ne 0 ]; then "$here/down.sh"; exit 1; fi
echo "testbed: both clusters answer CQL after $(( $(date +%s) - start )) s"
