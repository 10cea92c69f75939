"""A new application client while the target is stalled: the Python driver with its defaults
(connect_timeout, protocol version negotiated, lz4 if installed) connects through cqlmirror,
prepares an INSERT and executes it.

Usage: stalled_target.py HOST PORT KEYSPACE K V. Prints elapsed=SECONDS (from creating the
Cluster to the INSERT's reply) and the protocol version; exits non-zero on any error.
"""
import sys
import time

from cassandra.cluster import Cluster

host, port, ks, k, v = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
start = time.monotonic()
cluster = Cluster([host], port=port)
try:
    session = cluster.connect()
    insert = session.prepare(f"INSERT INTO {ks}.kv (k, v) VALUES (?, ?)")
    session.execute(insert, (k, v))
except Exception as e:
    print(f"elapsed={time.monotonic() - start:.3f}")
    print(f"error: {type(e).__name__}: {e}")
    sys.exit(1)
print(f"elapsed={time.monotonic() - start:.3f}")
print(f"protocol_version={cluster.protocol_version}")
cluster.shutdown()
