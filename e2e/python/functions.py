"""Writes calling now(), uuid() and the like through cqlmirror with the Python driver: a simple
statement, then prepared ones with positional markers, named markers, and in a batch. The Go e2e test compares the rows on each cluster.

Usage: functions.py HOST PORT KEYSPACE
"""
import sys

from cassandra.cluster import Cluster
from cassandra.query import BatchStatement

host, port, ks = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cluster = Cluster([host], port=port, connect_timeout=15)
session = cluster.connect()
session.default_timeout = 30
cols = "(k, id, u, at, d, tm)"
calls = "now(), uuid(), currentTimestamp(), currentDate(), currentTime()"
session.execute(f"INSERT INTO {ks}.ev {cols} VALUES (20, {calls})")
positional = session.prepare(f"INSERT INTO {ks}.ev {cols} VALUES (?, {calls})")
session.execute(positional, (21,))
named = session.prepare(f"INSERT INTO {ks}.ev {cols} VALUES (:k, {calls})")
session.execute(named, {"k": 22})
batch = BatchStatement()
batch.add(positional, (23,))
session.execute(batch)
print("ok")
cluster.shutdown()
