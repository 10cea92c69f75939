"""Connects through cqlmirror with the Python driver pinned to one protocol version.

Usage: pinned_version.py HOST PORT VERSION KEYSPACE. Prints the version in use and writes one row,
or prints the connection error (for a version the proxy refuses).
"""
import sys

from cassandra.cluster import Cluster, NoHostAvailable

host, port, version, ks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
cluster = Cluster([host], port=port, protocol_version=version, connect_timeout=15)
try:
    session = cluster.connect()
except NoHostAvailable as e:
    print(f"refused: {e}")
    sys.exit(0)
print(f"protocol_version={cluster.protocol_version}")
session.execute(f"CREATE KEYSPACE IF NOT EXISTS {ks} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}")
session.execute(f"CREATE TABLE IF NOT EXISTS {ks}.kv (k int PRIMARY KEY, v text)")
session.execute(session.prepare(f"INSERT INTO {ks}.kv (k, v) VALUES (?, ?)"), (version, f"v{version}"))
cluster.shutdown()
