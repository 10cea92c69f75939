# Included by the top-level Makefile: the test bed (Cassandra, Envoy, drivers) in $(CQLMIRROR_CACHE).
# The path of this fragment, so the targets work from any directory that includes it.
TESTBED_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

.PHONY: testbed cassandra-up cassandra-down cassandra-status

# Idempotent: each step is skipped while its inputs are unchanged.
testbed:
	$(TESTBED_DIR)/install.sh

# source on 127.0.0.2:9042 and target on 127.0.0.3:9042, fresh; both answer CQL when this returns.
cassandra-up: testbed
	$(TESTBED_DIR)/up.sh

cassandra-down:
	$(TESTBED_DIR)/down.sh

cassandra-status:
	-@$(TESTBED_DIR)/cassandra.sh status source
	-@$(TESTBED_DIR)/cassandra.sh status target
