#!/usr/bin/env bash
# Runs one single-node Apache Cassandra cluster from the jars install.sh fetched.
#   cassandra.sh start NAME IP JMXPORT   fresh data dir under $CQLMIRROR_CACHE/run/NAME, started in the background
#   cassandra.sh wait NAME IP [SECONDS]  until a real CQL query answers on IP:9042
#   cassandra.sh stop NAME               SIGTERM, then SIGKILL after 30 s
#   cassandra.sh pause|resume NAME       SIGSTOP / SIGCONT (tests make a cluster slow this way)
#   cassandra.sh status NAME
# Environment: CASSANDRA_AUTH=password turns on PasswordAuthenticator (cassandra/cassandra);
# CASSANDRA_DC names the data centre (default dc1); CASSANDRA_HEAP (default 512m).
set -euo pipefail
source "$(dirname "$0")/common.sh"

cmd=${1:?usage: cassandra.sh start|wait|stop|pause|resume|status NAME ...}
name=${2:?missing NAME}
dir=$cache/run/$name
pidfile=$dir/pid

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

write_config() {
  local ip=$1 auth=AllowAllAuthenticator authz=AllowAllAuthorizer
  if [ "${CASSANDRA_AUTH:-}" = password ]; then
    auth=PasswordAuthenticator authz=CassandraAuthorizer
  fi
  cat > "$dir/conf/cassandra.yaml" <<YAML
cluster_name: $name
num_tokens: 16
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: GossipingPropertyFileSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "$ip:7000"
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
commitlog_sync: periodic
commitlog_sync_period: 10000ms
authenticator: $auth
authorizer: $authz
role_manager: CassandraRoleManager
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
memtable_heap_space: 64MiB
memtable_offheap_space: 64MiB
key_cache_size: 8MiB
prepared_statements_cache_size: 8MiB
YAML
  printf 'dc=%s\nrack=rack1\n' "${CASSANDRA_DC:-dc1}" > "$dir/conf/cassandra-rackdc.properties"
  cat > "$dir/conf/logback.xml" <<XML
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$dir/logs/system.log</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>ERROR</level></filter>
    <encoder><pattern>$name %-5level %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/><appender-ref ref="STDOUT"/></root>
</configuration>
XML
}

# From Cassandra's conf/jvm17-server.options: JDK 17 refuses Cassandra's internal access without them.
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
)

case $cmd in
start)
  ip=${3:?missing IP} jmx=${4:?missing JMXPORT}
  if running; then
    echo "cassandra.sh: $name is already running (pid $(cat "$pidfile")); stop it first" >&2
    exit 1
  fi
  [ -d "$cache/cassandra/lib" ] || { echo "cassandra.sh: no Cassandra in $cache; run make testbed" >&2; exit 1; }
  rm -rf "$dir"
  mkdir -p "$dir"/{conf,data,commitlog,saved_caches,hints,cdc_raw,logs}
  write_config "$ip"
  heap=${CASSANDRA_HEAP:-512m}
  # Without CAP_IPC_LOCK Cassandra's mlockall fails harmlessly and the node uses ~450 MB less RSS.
  drop=()
  command -v setpriv >/dev/null && drop=(setpriv --bounding-set -ipc_lock --inh-caps -ipc_lock)
  nohup "${drop[@]}" java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC "${jdk17_flags[@]}" \
    -Dcassandra-foreground=yes \
    -Dcassandra.config="file://$dir/conf/cassandra.yaml" \
    -Dcassandra-rackdc.properties="file://$dir/conf/cassandra-rackdc.properties" \
    -Dlogback.configurationFile="$dir/conf/logback.xml" \
    -Dcassandra.storagedir="$dir" -Dcassandra.logdir="$dir/logs" -Dcassandra.triggers_dir="$dir/conf" \
    -Dcassandra.jmx.local.port="$jmx" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=1000 \
    -Dcassandra.superuser_setup_delay_ms=0 \
    -cp "$cache/cassandra/lib/*" org.apache.cassandra.service.CassandraDaemon \
    > "$dir/logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "cassandra.sh: $name starting on $ip:9042 (pid $!, JMX $jmx, logs $dir/logs)"
  ;;
wait)
  ip=${3:?missing IP} timeout=${4:-120}
  if ! "$cache/venv/bin/python" "$testbed/wait_cql.py" "$ip" 9042 "$timeout" "$pidfile"; then
    echo "cassandra.sh: $name did not answer CQL on $ip:9042; last log lines:" >&2
    tail -n 30 "$dir/logs/system.log" "$dir/logs/stdout.log" >&2 2>/dev/null || true
    exit 1
  fi
  ;;
stop)
  if running; then
    pid=$(cat "$pidfile")
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid"
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "cassandra.sh: $name ignored SIGTERM; killing" >&2; kill -KILL "$pid"; }
  fi
  rm -f "$pidfile"
  ;;
pause) running && kill -STOP "$(cat "$pidfile")" ;;
resume) running && kill -CONT "$(cat "$pidfile")" ;;
status)
  if running; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: stopped"; exit 3; fi
  ;;
*) echo "cassandra.sh: unknown command $cmd" >&2; exit 2 ;;
esac
