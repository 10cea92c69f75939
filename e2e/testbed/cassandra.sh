#!/usr/bin/env bash
# Runs one Apache Cassandra node from the jars install.sh fetched: a single-node cluster, or, with
# CASSANDRA_SEEDS and CASSANDRA_CLUSTER_NAME, a node that joins another node's cluster.
#   cassandra.sh start NAME IP JMXPORT   fresh $CQLMIRROR_CACHE/run/NAME (old data wiped), started in the
#                                        background; refuses (exit 1) if NAME is already running
#   cassandra.sh restart NAME IP JMXPORT stop (if running), then start
#   cassandra.sh start-kept NAME IP JMXPORT  start on the data the node left (after `kill`, its
#                                        commitlog is replayed); refuses if it has none
#   cassandra.sh kill NAME               SIGKILL, as a crash would; returns once it is gone
#   cassandra.sh wait NAME IP [SECONDS]  until `SELECT release_version FROM system.local` answers on
#                                        IP:9042 (default 120 s); on failure prints the log's tail
#   cassandra.sh stop NAME               SIGTERM, SIGKILL after 30 s; fine if not running
#   cassandra.sh pause|resume NAME       SIGSTOP / SIGCONT (tests make a cluster slow this way)
#   cassandra.sh status NAME             exit 0 running or paused, 3 stopped
#   cassandra.sh nodetool NAME ARGS...   Cassandra's nodetool against the running node (e.g. status,
#                                        disablebinary, enablebinary, ring): the install has no
#                                        bin/nodetool, so this runs org.apache.cassandra.tools.NodeTool
#                                        from the cassandra-all jar with -h 127.0.0.1 -p JMXPORT (the
#                                        node's local-only JMX, no authentication)
# Environment:
#   CASSANDRA_CLUSTER_NAME   cluster_name (default NAME); a joining node needs its seeds' name
#   CASSANDRA_SEEDS          seed IPs, comma-separated (default IP: the node is its own seed and starts a
#                            new cluster). A node that is not in its seed list joins through them:
#                            it bootstraps (auto_bootstrap), and Cassandra refuses two nodes
#                            bootstrapping into one cluster at once, so start joining nodes one after
#                            the other, each after the one before answers `wait`. Example, a second
#                            node of the cluster msource (first node msource1 on 127.0.0.31):
#                              CASSANDRA_CLUSTER_NAME=msource CASSANDRA_SEEDS=127.0.0.31 \
#                                cassandra.sh start msource2 127.0.0.32 7900
#   CASSANDRA_AUTH=password  PasswordAuthenticator + CassandraAuthorizer (superuser cassandra/cassandra)
#   CASSANDRA_DC             data centre name (default dc1), via GossipingPropertyFileSnitch
#   CASSANDRA_HEAP           -Xms/-Xmx (default 512m)
#   CASSANDRA_COMMITLOG_SYNC batch: a write is acknowledged once its commitlog is synced, so a
#                            kill -9 loses none (the default, periodic every 10 s, can lose acknowledged
#                            writes: replay stops at the last sync marker)
#   CASSANDRA_JVM_OPTS       more JVM options, split on spaces
#   CASSANDRA_TLS_KEYSTORE   a PKCS12 (or JKS) keystore with the node's key and certificate: turns on
#                            client_encryption_options with optional: true, so 9042 serves plain and
#                            TLS clients alike
#   CASSANDRA_TLS_KEYSTORE_PASSWORD  its password (default cassandra)
set -euo pipefail
source "$(dirname "$0")/common.sh"

usage="usage: cassandra.sh start|restart|start-kept NAME IP JMXPORT | kill NAME | wait NAME IP [SECONDS] | stop|pause|resume|status NAME | nodetool NAME ARGS..."
cmd=${1:?$usage}
name=${2:?$usage}
[[ $name =~ ^[A-Za-z0-9_-]+$ ]] || die "NAME must be letters, digits, _ or -"
dir=$cache/run/$name
pidfile=$dir/pid

# running: the pid file names a live process that is this node's Cassandra (not a recycled pid).
running() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dcassandra.config=file://$dir/conf/cassandra.yaml"
}
pid() { cat "$pidfile"; }
# alive PID: some thread of the process has not exited. A JVM shutting down can leave its main
# thread a zombie while other threads still run and hold the node's ports, so every thread counts.
alive() {
  local t
  [ -d "/proc/$1/task" ] || return 1
  for t in /proc/"$1"/task/*/stat; do
    [ "$(sed 's/.*) //' "$t" 2>/dev/null | cut -d' ' -f1)" = Z ] || return 0
  done
  return 1
}

# listening IP PORT: something accepts TCP connections there.
listening() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

write_config() {
  local ip=$1 auth=AllowAllAuthenticator authz=AllowAllAuthorizer commitlog_sync
  case ${CASSANDRA_AUTH:-} in
    '' | none) ;;
    password) auth=PasswordAuthenticator authz=CassandraAuthorizer ;;
    *) die "CASSANDRA_AUTH must be empty, none or password" ;;
  esac
  case ${CASSANDRA_COMMITLOG_SYNC:-periodic} in
    periodic) commitlog_sync=$'commitlog_sync: periodic\ncommitlog_sync_period: 10000ms' ;;
    batch) commitlog_sync='commitlog_sync: batch' ;;
    *) die "CASSANDRA_COMMITLOG_SYNC must be periodic or batch" ;;
  esac
  # Cassandra 5.0 key names: units go in the value (64MiB, 10000ms); the old *_in_mb / *_in_ms
  # names of 3.x and 4.0 are deprecated.
  local seeds=${CASSANDRA_SEEDS:-$ip} seed_list=() s
  IFS=, read -r -a seed_list <<< "$seeds"
  seeds=
  for s in "${seed_list[@]}"; do
    [[ $s =~ ^[0-9.]+$ ]] || die "CASSANDRA_SEEDS: $s is not an IPv4 address"
    seeds+=${seeds:+,}$s:7000
  done
  cat > "$dir/conf/cassandra.yaml" <<YAML
cluster_name: ${CASSANDRA_CLUSTER_NAME:-$name}
num_tokens: 16
allocate_tokens_for_local_replication_factor: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: GossipingPropertyFileSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "$seeds"
listen_address: $ip
rpc_address: $ip
storage_port: 7000
native_transport_port: 9042
start_native_transport: true
data_file_directories: [$dir/data]
commitlog_directory: $dir/commitlog
saved_caches_directory: $dir/saved_caches
hints_directory: $dir/hints
cdc_raw_directory: $dir/cdc_raw
$commitlog_sync
# 5.0 form: a class_name map (the plain "authenticator: X" string still loads, but is deprecated).
authenticator:
  class_name: $auth
authorizer:
  class_name: $authz
role_manager:
  class_name: CassandraRoleManager
# The 5.0 default for a node that may join 4.x clusters: the sstable and messaging formats of 4.x.
storage_compatibility_mode: CASSANDRA_4
# A test bed on 2 cores: few threads, small memtables and caches, no snapshots on DROP/TRUNCATE.
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
concurrent_compactors: 1
memtable_flush_writers: 1
memtable_heap_space: 64MiB
memtable_offheap_space: 64MiB
key_cache_size: 8MiB
counter_cache_size: 4MiB
row_cache_size: 0MiB
file_cache_size: 32MiB
prepared_statements_cache_size: 8MiB
auto_snapshot: false
YAML
  if [ -n "${CASSANDRA_TLS_KEYSTORE:-}" ]; then
    [ -r "$CASSANDRA_TLS_KEYSTORE" ] || die "CASSANDRA_TLS_KEYSTORE: cannot read $CASSANDRA_TLS_KEYSTORE"
    cat >> "$dir/conf/cassandra.yaml" <<YAML
client_encryption_options:
  enabled: true
  optional: true
  keystore: $CASSANDRA_TLS_KEYSTORE
  keystore_password: "${CASSANDRA_TLS_KEYSTORE_PASSWORD:-cassandra}"
  require_client_auth: false
YAML
  fi
  # GossipingPropertyFileSnitch reads this file from the URL in -Dcassandra-rackdc.properties.
  printf 'dc=%s\nrack=rack1\n' "${CASSANDRA_DC:-dc1}" > "$dir/conf/cassandra-rackdc.properties"
  cat > "$dir/conf/logback.xml" <<XML
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$dir/logs/system.log</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>WARN</level></filter>
    <encoder><pattern>$name %-5level %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/><appender-ref ref="STDOUT"/></root>
</configuration>
XML
}

# From Cassandra 5.0's conf/jvm17-server.options: on JDK 17 Cassandra dies at once without them.
jdk17_flags=(
  -Djdk.attach.allowAttachSelf=true
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED
  --add-exports java.base/java.lang.ref=ALL-UNNAMED
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
  --add-opens java.base/java.lang.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true
  -Dio.netty.allocator.useCacheForAllThreads=true
  -Dio.netty.allocator.maxOrder=11
)

# do_start IP JMXPORT [keep]: with keep, the data and commitlog of the last run stay.
do_start() {
  local ip=${1:?$usage} jmx=${2:?$usage} keep=${3:-}
  if running; then
    die "$name is already running (pid $(pid)); use 'restart' or 'stop' first"
  fi
  [ -f "$pidfile" ] && echo "cassandra.sh: $name: removing stale pid file (pid $(pid) is not this node)"
  compgen -G "$cache/cassandra/lib/cassandra-all-*.jar" >/dev/null || die "no Cassandra in $cache; run e2e/testbed/install.sh (make testbed)"
  local p
  for p in "$ip:9042" "$ip:7000" "127.0.0.1:$jmx"; do
    if listening "${p%:*}" "${p##*:}"; then
      die "$name: $p is already in use by another process (another node, or a different CQLMIRROR_CACHE?)"
    fi
  done
  if [ -n "$keep" ]; then
    [ -d "$dir/data" ] && [ -d "$dir/commitlog" ] || die "$name has no data to keep in $dir"
  else
    rm -rf "$dir"
  fi
  mkdir -p "$dir"/{conf,data,commitlog,saved_caches,hints,cdc_raw,logs}
  write_config "$ip"
  echo "$ip" > "$dir/ip"
  echo "$jmx" > "$dir/jmx"
  local heap=${CASSANDRA_HEAP:-512m}
  # As root, Cassandra's mlockall succeeds and pins the whole heap (~950 MB RSS a node); without
  # CAP_IPC_LOCK it fails harmlessly ("Unable to lock JVM memory") and a node stays far smaller.
  local drop=()
  if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && setpriv --bounding-set -ipc_lock true 2>/dev/null; then
    drop=(setpriv --bounding-set -ipc_lock --inh-caps -ipc_lock)
  fi
  local extra=()
  read -r -a extra <<< "${CASSANDRA_JVM_OPTS:-}"
  local java_cmd=(
    "${drop[@]}" java -Xms"$heap" -Xmx"$heap" -Xss256k -XX:+UseG1GC -XX:+ParallelRefProcEnabled
    -XX:MaxTenuringThreshold=1 -XX:-UsePerfData -XX:+CrashOnOutOfMemoryError -XX:ErrorFile="$dir/logs/hs_err_%p.log"
    "${jdk17_flags[@]}" "${extra[@]}"
    -Dcassandra-foreground=yes
    -Dcassandra.config="file://$dir/conf/cassandra.yaml"
    -Dcassandra-rackdc.properties="file://$dir/conf/cassandra-rackdc.properties"
    -Dlogback.configurationFile="$dir/conf/logback.xml"
    -Dcassandra.storagedir="$dir" -Dcassandra.logdir="$dir/logs" -Dcassandra.triggers_dir="$dir/conf"
    -Dcassandra.jmx.local.port="$jmx"
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=1000
    -Dcassandra.superuser_setup_delay_ms=0
    -cp "$cache/cassandra/lib/*" org.apache.cassandra.service.CassandraDaemon
  )
  now_ms > "$dir/started_ms"
  # Own session, so Ctrl-C in a terminal or a signal to a test's process group does not hit the
  # node; the inner shell writes its own pid, then becomes setpriv, which becomes java.
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "${java_cmd[@]}" \
    > "$dir/logs/stdout.log" 2>&1 < /dev/null &
  for _ in $(seq 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
  [ -s "$pidfile" ] || die "$name: java did not start; see $dir/logs/stdout.log"
  local tls_mode=off
  [ -n "${CASSANDRA_TLS_KEYSTORE:-}" ] && tls_mode="optional, keystore $CASSANDRA_TLS_KEYSTORE"
  echo "cassandra.sh: $name starting on $ip:9042 (pid $(pid), JMX 127.0.0.1:$jmx, dc ${CASSANDRA_DC:-dc1}, auth ${CASSANDRA_AUTH:-none}, tls $tls_mode, logs $dir/logs)"
}

# do_nodetool ARGS...: NodeTool is a JMX client; the jars, the JDK 17 flags and a logback config of
# its own (WARN and worse, to stderr) are all it needs.
do_nodetool() {
  running || die "$name is not running"
  local jmx
  jmx=$(cat "$dir/jmx" 2>/dev/null) || die "$name: no JMX port recorded in $dir/jmx"
  cat > "$dir/conf/logback-tools.xml" <<XML
<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%-5level %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="STDERR"/></root>
</configuration>
XML
  exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData "${jdk17_flags[@]}" \
    -Dcassandra.storagedir="$dir" -Dlogback.configurationFile="$dir/conf/logback-tools.xml" \
    -cp "$cache/cassandra/lib/*" org.apache.cassandra.tools.NodeTool -h 127.0.0.1 -p "$jmx" "$@"
}

do_stop() {
  if running; then
    local p
    p=$(pid)
    kill -CONT "$p" 2>/dev/null || true
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 300); do alive "$p" || break; sleep 0.1; done
    if alive "$p"; then
      echo "cassandra.sh: $name ignored SIGTERM for 30 s; sending SIGKILL" >&2
      kill -KILL "$p" 2>/dev/null || true
      for _ in $(seq 50); do alive "$p" || break; sleep 0.1; done
    fi
    echo "cassandra.sh: $name stopped"
  fi
  rm -f "$pidfile"
}

case $cmd in
start) do_start "${3:-}" "${4:-}" ;;
start-kept) do_start "${3:-}" "${4:-}" keep ;;
kill)
  if running; then
    p=$(pid)
    kill -KILL "$p" 2>/dev/null || true
    for _ in $(seq 100); do alive "$p" || break; sleep 0.1; done
    alive "$p" && die "$name (pid $p) still runs 10 s after SIGKILL"
    echo "cassandra.sh: $name killed (SIGKILL)"
  fi
  rm -f "$pidfile"
  ;;
restart) do_stop; do_start "${3:-}" "${4:-}" ;;
wait)
  ip=${3:?$usage} timeout=${4:-120}
  [ -x "$cache/venv/bin/python" ] || die "no venv in $cache; run e2e/testbed/install.sh (make testbed)"
  if ! "$cache/venv/bin/python" "$testbed/wait_cql.py" "$ip" 9042 "$timeout" "$pidfile"; then
    echo "cassandra.sh: $name did not answer CQL on $ip:9042; last log lines:" >&2
    tail -n 30 "$dir/logs/system.log" "$dir/logs/stdout.log" >&2 2>/dev/null || true
    exit 1
  fi
  if [ -f "$dir/started_ms" ]; then
    echo "cassandra.sh: $name answers CQL $(( $(now_ms) - $(cat "$dir/started_ms") )) ms after start"
  fi
  ;;
stop) do_stop ;;
nodetool) shift 2; do_nodetool "$@" ;;
pause) running || die "$name is not running"; kill -STOP "$(pid)" ;;
resume) running || die "$name is not running"; kill -CONT "$(pid)" ;;
status)
  if running; then
    p=$(pid)
    state=running
    [ "$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f1)" = T ] && state=paused
    rss=$(awk '/^VmRSS/ {printf "%d MB", $2/1024}' "/proc/$p/status")
    echo "$name: $state (pid $p, $(cat "$dir/ip" 2>/dev/null):9042, RSS $rss)"
  else
    echo "$name: stopped"
    exit 3
  fi
  ;;
*) echo "$usage" >&2; exit 2 ;;
esac
