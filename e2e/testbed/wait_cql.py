"""Waits until a Cassandra node answers a real CQL query: wait_cql.py IP PORT SECONDS PIDFILE."""
import logging
import os
import sys
import time

from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster, NoHostAvailable

logging.getLogger("cassandra").setLevel(logging.CRITICAL)
ip, port, timeout, pidfile = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
deadline = time.time() + timeout
while True:
    try:
        with open(pidfile) as f:
            os.kill(int(f.read()), 0)
    except (OSError, ValueError):
        sys.exit(f"the Cassandra process behind {pidfile} is gone")
    try:
        # Used only if the node asks (CASSANDRA_AUTH=password): the default superuser.
        auth = PlainTextAuthProvider("cassandra", "cassandra")
        cluster = Cluster([ip], port=port, connect_timeout=2, auth_provider=auth)
        row = cluster.connect().execute("SELECT release_version FROM system.local").one()
        cluster.shutdown()
        print(f"{ip}:{port} is up: Cassandra {row.release_version}")
        sys.exit(0)
    except (NoHostAvailable, OSError) as e:
        if time.time() > deadline:
            sys.exit(f"{ip}:{port} did not answer within {timeout:.0f}s: {e}")
        time.sleep(0.5)
