// Package e2e runs cqlmirror end to end: a real Envoy loading the filter, two real single-node
// Cassandra clusters, and real drivers (gocql, the Python driver, cqlsh). Every outcome is checked
// on each cluster directly, not only through the proxy. The tests run when CQLMIRROR_E2E=1, which
// `make test` sets after installing the test bed.
package e2e
