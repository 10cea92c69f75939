"""Runs the frame-capture workload with the DataStax Python driver (e2e TestCaptureDriverFrames).

Usage: capture_workload.py HOST PORT VERSION COMPRESSION KEYSPACE, COMPRESSION none or lz4.
The same statements as the Go workload: simple and prepared writes calling now() and uuid(),
batches of each kind, conditional writes, paged reads, the topology tables, refused statements.
"""
import sys

from cassandra import InvalidRequest, AlreadyExists
from cassandra.cluster import Cluster
from cassandra.protocol import SyntaxException
from cassandra.query import BatchStatement, BatchType, SimpleStatement

host, port, version, comp, ks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
cluster = Cluster([host], port=port, protocol_version=version, connect_timeout=15,
                  compression="lz4" if comp == "lz4" else False)
session = cluster.connect()
session.default_timeout = 30
if comp == "lz4" and not cluster.control_connection._connection.compressor:
    sys.exit("lz4 was not negotiated")
session.execute(f"USE {ks}")
session.execute("INSERT INTO kv (k, v) VALUES (1, 'py-simple')")
session.execute("INSERT INTO ev (k, c, id, u, at, v) VALUES (1, 1, now(), uuid(), currentTimestamp(), 'fn')")
insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
session.execute(insert, (2, "py-prepared"))
session.execute(insert, (7, None))
rich = session.prepare("INSERT INTO ev (k, c, l, m, s, t, b, id) VALUES (?, ?, ?, ?, ?, ?, ?, now())")
session.execute(rich, (2, 1, [1, 2, 3], {"a": 1}, {"x", "y"}, (7, "seven"), b"\xca\xfe"))
for kind in (BatchType.LOGGED, BatchType.UNLOGGED):
    batch = BatchStatement(batch_type=kind)
    batch.add(insert, (3, "py-batch"))
    batch.add(SimpleStatement("INSERT INTO ev (k, c, id) VALUES (4, 1, now())"))
    batch.add("UPDATE kv SET v = %s WHERE k = %s", ("py-bound", 5))
    session.execute(batch)
counters = BatchStatement(batch_type=BatchType.COUNTER)
counters.add(session.prepare("UPDATE hits SET n = n + 1 WHERE k = ?"), (1,))
counters.add(SimpleStatement("UPDATE hits SET n = n + 2 WHERE k = 2"))
session.execute(counters)
lwt = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?) IF NOT EXISTS")
session.execute(lwt, (6, "lwt"))
session.execute(lwt, (6, "lwt again"))
list(session.execute(SimpleStatement("SELECT k, v FROM kv", fetch_size=2)))
list(session.execute(session.prepare("SELECT * FROM ev WHERE k = ?"), (2,)))
for q in ("SELECT * FROM system.local", "SELECT * FROM system.peers", "SELECT * FROM system.peers_v2"):
    list(session.execute(q))
for q in ("SELECT * FROM no_such_table", "SELEC nothing", "CREATE TABLE kv (k int PRIMARY KEY)"):
    try:
        session.execute(q)
        sys.exit(f"{q}: the node accepted it")
    except (InvalidRequest, SyntaxException, AlreadyExists):
        pass
cluster.shutdown()
print("ok")
