"""Waits until a Cassandra node answers a real CQL query.

    wait_cql.py IP PORT SECONDS PIDFILE

Exits 0 once `SELECT release_version FROM system.local` succeeds, 1 when SECONDS pass or the process
in PIDFILE dies first. Logs in as cassandra/cassandra if the node asks for credentials
(CASSANDRA_AUTH=password), or as $CASSANDRA_USER/$CASSANDRA_PASSWORD when set.
"""
import logging
import os
import socket
import sys
import time

from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster

logging.getLogger("cassandra").setLevel(logging.CRITICAL)


def alive(pidfile):
    """The process in pidfile exists and is not a zombie."""
    try:
        with open(pidfile) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, ValueError, IndexError):
        return False


def port_open(ip, port):
    try:
        socket.create_connection((ip, port), timeout=1).close()
        return True
    except OSError:
        return False


def query(ip, port):
    auth = PlainTextAuthProvider(os.environ.get("CASSANDRA_USER", "cassandra"),
                                 os.environ.get("CASSANDRA_PASSWORD", "cassandra"))
    cluster = Cluster([ip], port=port, connect_timeout=3, auth_provider=auth)
    try:
        return cluster.connect().execute("SELECT release_version FROM system.local", timeout=5).one()
    finally:
        cluster.shutdown()


def main():
    ip, port, timeout, pidfile = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    start = time.time()
    last = "the CQL port is not open yet"
    while time.time() - start < timeout:
        if not alive(pidfile):
            sys.exit(f"the Cassandra process behind {pidfile} is gone")
        if port_open(ip, port):
            try:
                row = query(ip, port)
                print(f"{ip}:{port} answers CQL: Cassandra {row.release_version} "
                      f"(waited {time.time() - start:.1f} s)")
                return
            except Exception as e:  # the driver raises many kinds while the node starts
                last = f"{type(e).__name__}: {e}"
        time.sleep(0.3)
    sys.exit(f"{ip}:{port} did not answer within {timeout:.0f} s; last error: {last}")


if __name__ == "__main__":
    main()
