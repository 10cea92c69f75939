#!/usr/bin/env bash
# Starts the two test clusters side by side, fresh (any running one is restarted, its data wiped),
# and waits until both answer CQL:
#   source on $SOURCE_IP (default 127.0.0.2):9042, JMX 127.0.0.1:$SOURCE_JMX (default 7199)
#   target on $TARGET_IP (default 127.0.0.3):9042, JMX 127.0.0.1:$TARGET_JMX (default 7299)
# CASSANDRA_AUTH, CASSANDRA_DC and CASSANDRA_HEAP apply to both (see cassandra.sh).
set -euo pipefail
source "$(dirname "$0")/common.sh"
source_ip=${SOURCE_IP:-127.0.0.2} target_ip=${TARGET_IP:-127.0.0.3}
source_jmx=${SOURCE_JMX:-7199} target_jmx=${TARGET_JMX:-7299}
cs=$testbed/cassandra.sh
t0=$(now_ms)
"$cs" restart source "$source_ip" "$source_jmx" &
s1=$!
"$cs" restart target "$target_ip" "$target_jmx" &
s2=$!
ok=0
wait $s1 || ok=1
wait $s2 || ok=1
if [ $ok -eq 0 ]; then
  "$cs" wait source "$source_ip" &
  w1=$!
  "$cs" wait target "$target_ip" &
  w2=$!
  wait $w1 || ok=1
  wait $w2 || ok=1
fi
if [ $ok -ne 0 ]; then
  "$testbed/down.sh"
  die "the test clusters did not come up"
fi
echo "testbed: source ($source_ip) and target ($target_ip) answer CQL $(( ($(now_ms) - t0) / 1000 )) s after up.sh started"
