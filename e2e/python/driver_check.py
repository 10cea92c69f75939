"""Writes through cqlmirror with the DataStax Python driver and reads back through it.

Usage: driver_check.py HOST PORT KEYSPACE [VERSION]. The Go e2e test then reads each cluster
directly. Without VERSION the driver negotiates the protocol version, as applications do.
"""
import sys

from cassandra.cluster import Cluster
from cassandra.query import BatchStatement, SimpleStatement

host, port, ks = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pinned = {"protocol_version": int(sys.argv[4])} if len(sys.argv) > 4 else {}
cluster = Cluster([host], port=port, connect_timeout=15, compression="lz4", **pinned)
session = cluster.connect()
session.default_timeout = 30
print(f"protocol_version={cluster.protocol_version}")
print("compression=" + ("lz4" if cluster.control_connection._connection.compressor else "none"))
print("hosts=" + ",".join(sorted(str(h.endpoint) for h in cluster.metadata.all_hosts())))

session.execute(f"DROP KEYSPACE IF EXISTS {ks}")
session.execute(f"CREATE KEYSPACE {ks} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}")
session.execute(f"CREATE TABLE {ks}.kv (k int PRIMARY KEY, v text)")
session.execute(SimpleStatement(f"INSERT INTO {ks}.kv (k, v) VALUES (1, 'py-simple')"))
insert = session.prepare(f"INSERT INTO {ks}.kv (k, v) VALUES (?, ?)")
session.execute(insert, (2, "py-prepared"))
batch = BatchStatement()
batch.add(insert, (3, "py-batch"))
session.execute(batch)

rows = {r.k: r.v for r in session.execute(f"SELECT k, v FROM {ks}.kv")}
expected = {1: "py-simple", 2: "py-prepared", 3: "py-batch"}
if rows != expected:
    sys.exit(f"read through the proxy {rows}, want {expected}")
print("ok")
cluster.shutdown()
