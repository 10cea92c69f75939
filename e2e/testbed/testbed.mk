# Included by the top-level Makefile.
.PHONY: testbed cassandra-up cassandra-down

testbed:
	e2e/testbed/install.sh

cassandra-up: testbed
	e2e/testbed/up.sh

cassandra-down:
	e2e/testbed/down.sh
