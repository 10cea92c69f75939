"""Writes through cqlmirror with the DataStax Python driver, client timestamps off, in the shapes
whose frames carry protocol v5's keyspace flag: a batch of prepared statements and a simple
statement with its own keyspace. The Go e2e test then compares WRITETIME on each cluster.

Usage: writetime.py HOST PORT KEYSPACE [VERSION]. Without VERSION the driver negotiates (v5
against Cassandra 5), as applications do. Prints the negotiated protocol version.
"""
import sys

from cassandra.cluster import Cluster
from cassandra.query import BatchStatement, BatchType, SimpleStatement

host, port, ks = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pinned = {"protocol_version": int(sys.argv[4])} if len(sys.argv) > 4 else {}
cluster = Cluster([host], port=port, connect_timeout=15, **pinned)
session = cluster.connect()
session.use_client_timestamp = False
session.default_timeout = 30
print(f"protocol_version={cluster.protocol_version}")

insert = session.prepare(f"INSERT INTO {ks}.kv (k, v) VALUES (?, ?)")
logged = BatchStatement()
logged.add(insert, (11, "py-batch-prepared"))
logged.add(SimpleStatement(f"INSERT INTO {ks}.kv (k, v) VALUES (12, 'py-batch-simple')"))
session.execute(logged)
unlogged = BatchStatement(batch_type=BatchType.UNLOGGED)
unlogged.add(insert, (13, "py-unlogged"))
session.execute(unlogged)
if cluster.protocol_version >= 5:  # a statement's own keyspace is a v5 feature
    session.execute(SimpleStatement("INSERT INTO kv (k, v) VALUES (14, 'py-keyspace')", keyspace=ks))
else:
    session.execute(SimpleStatement(f"INSERT INTO {ks}.kv (k, v) VALUES (14, 'py-keyspace')"))
session.execute(insert, (15, "py-prepared"))
named = session.prepare(f"INSERT INTO {ks}.kv (k, v) VALUES (:k, :v)")
session.execute(named, {"k": 16, "v": "py-named"})
print("ok")
cluster.shutdown()
