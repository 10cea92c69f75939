#!/usr/bin/env bash
# Stops both test clusters.
here=$(dirname "$0")
"$here/cassandra.sh" stop source &
"$here/cassandra.sh" stop target &
wait
