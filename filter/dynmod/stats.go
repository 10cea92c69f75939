package main

/*
#include "abi.h"
*/
import "C"

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// Envoy admin stats. The engine counts into its own atomics (mirror.Counters); Envoy only takes
// stat updates from a worker thread, with a live connection's filter pointer. So nothing is
// pushed per request: every pushEvery, a process-wide goroutine asks one live connection of each
// config whose counters moved to push the deltas (scheduler event statsEvent), and a connection
// that closes pushes on its way out. End-to-end times go to Envoy's histogram from Flush.

// Envoy names each stat "<name>" under its dynamic-module scope, which /stats does not show:
// cql_mirror.<stat_prefix>.requests_mirrored and so on.
var counterStats = []struct {
	name string
	of   func(*mirror.Counters) *atomic.Uint64
}{
	{"requests", func(c *mirror.Counters) *atomic.Uint64 { return &c.Requests }},
	{"requests_mirrored", func(c *mirror.Counters) *atomic.Uint64 { return &c.Mirrored }},
	{"target_errors", func(c *mirror.Counters) *atomic.Uint64 { return &c.TargetErrors }},
	{"different_results", func(c *mirror.Counters) *atomic.Uint64 { return &c.DifferentResults }},
	{"client_errors", func(c *mirror.Counters) *atomic.Uint64 { return &c.ClientErrors }},
	{"backend_failures", func(c *mirror.Counters) *atomic.Uint64 { return &c.BackendFailures }},
	{"timeouts", func(c *mirror.Counters) *atomic.Uint64 { return &c.Timeouts }},
	{"target_failed_writes", func(c *mirror.Counters) *atomic.Uint64 { return &c.TargetFailedWrites }},
	{"journal_errors", func(c *mirror.Counters) *atomic.Uint64 { return &c.JournalErrors }},
	{"journal_records", func(c *mirror.Counters) *atomic.Uint64 { return &c.JournalRecords }},
	{"target_queue_full", func(c *mirror.Counters) *atomic.Uint64 { return &c.TargetQueueFull }},
	{"applied_disagreements", func(c *mirror.Counters) *atomic.Uint64 { return &c.AppliedDisagreements }},
	{"functions_rewritten", func(c *mirror.Counters) *atomic.Uint64 { return &c.FunctionsRewritten }},
	{"nondeterministic_prepared", func(c *mirror.Counters) *atomic.Uint64 { return &c.NondeterministicPrepared }},
	{"target_reconnects", func(c *mirror.Counters) *atomic.Uint64 { return &c.TargetReconnects }},
	{"read_reports_equal", func(c *mirror.Counters) *atomic.Uint64 { return &c.ReadReportsEqual }},
	{"read_reports_different", func(c *mirror.Counters) *atomic.Uint64 { return &c.ReadReportsDifferent }},
	{"read_reports_target_error", func(c *mirror.Counters) *atomic.Uint64 { return &c.ReadReportsTargetError }},
	{"read_reports_dropped", func(c *mirror.Counters) *atomic.Uint64 { return &c.ReadReportsDropped }},
	{"recovered_panics", func(c *mirror.Counters) *atomic.Uint64 { return &c.RecoveredPanics }},
}

const (
	gaugeConnections     = "connections"
	histRequestDuration  = "request_duration_us"
	statsEvent           = 1 // scheduler event id: push stats (0 is Wake)
	pushEvery            = 250 * time.Millisecond
	metricsResultSuccess = C.envoy_dynamic_module_type_metrics_result_Success
)

type envoyStats struct {
	m        *mirror.Mirror
	src      []*atomic.Uint64
	ids      []C.size_t
	pushed   []atomic.Uint64 // what Envoy has been given so far
	conns    C.size_t
	connsSet atomic.Int64 // the gauge's last value, -1 before the first push
	duration C.size_t

	mu   sync.Mutex
	live map[*filter]struct{}
	// asked is when a push was last scheduled (UnixNano), 0 once it ran; a push whose connection
	// closed before it ran is given up after a second.
	asked atomic.Int64
}

func defineStats(envoyCfg C.envoy_dynamic_module_type_network_filter_config_envoy_ptr, m *mirror.Mirror) (*envoyStats, error) {
	st := &envoyStats{m: m, pushed: make([]atomic.Uint64, len(counterStats)), live: map[*filter]struct{}{}}
	st.connsSet.Store(-1)
	prefix := "cql_mirror." + m.Config().StatPrefix + "."
	define := func(kind, name string, fn func(C.envoy_dynamic_module_type_network_filter_config_envoy_ptr, C.envoy_dynamic_module_type_module_buffer, *C.size_t) C.envoy_dynamic_module_type_metrics_result) (C.size_t, error) {
		full := []byte(prefix + name)
		var id C.size_t
		if r := fn(envoyCfg, moduleBuffer(full), &id); r != metricsResultSuccess {
			return 0, fmt.Errorf("cqlmirror: Envoy refused to define the %s %q (metrics result %d)", kind, full, int(r))
		}
		return id, nil
	}
	for _, c := range counterStats {
		id, err := define("counter", c.name, defineCounter)
		if err != nil {
			return nil, err
		}
		st.ids = append(st.ids, id)
		st.src = append(st.src, c.of(m.Stats()))
	}
	var err error
	if st.conns, err = define("gauge", gaugeConnections, defineGauge); err != nil {
		return nil, err
	}
	if st.duration, err = define("histogram", histRequestDuration, defineHistogram); err != nil {
		return nil, err
	}
	// Counts from an earlier config with this stat_prefix are Envoy's already.
	for i, src := range st.src {
		st.pushed[i].Store(src.Load())
	}
	return st, nil
}

func defineCounter(c C.envoy_dynamic_module_type_network_filter_config_envoy_ptr, name C.envoy_dynamic_module_type_module_buffer, id *C.size_t) C.envoy_dynamic_module_type_metrics_result {
	return C.envoy_dynamic_module_callback_network_filter_config_define_counter(c, name, id)
}

func defineGauge(c C.envoy_dynamic_module_type_network_filter_config_envoy_ptr, name C.envoy_dynamic_module_type_module_buffer, id *C.size_t) C.envoy_dynamic_module_type_metrics_result {
	return C.envoy_dynamic_module_callback_network_filter_config_define_gauge(c, name, id)
}

func defineHistogram(c C.envoy_dynamic_module_type_network_filter_config_envoy_ptr, name C.envoy_dynamic_module_type_module_buffer, id *C.size_t) C.envoy_dynamic_module_type_metrics_result {
	return C.envoy_dynamic_module_callback_network_filter_config_define_histogram(c, name, id)
}

// dirty reports whether Envoy's view is behind the engine's.
func (st *envoyStats) dirty() bool {
	for i, src := range st.src {
		if src.Load() != st.pushed[i].Load() {
			return true
		}
	}
	return st.connsSet.Load() != st.m.OpenConnections()
}

// push gives Envoy what changed since the last push; it runs on a worker thread with a live
// connection's filter pointer. Workers may push at once: each delta is claimed by one of them.
func (st *envoyStats) push(envoy C.envoy_dynamic_module_type_network_filter_envoy_ptr) {
	for i, src := range st.src {
		cur := src.Load()
		for {
			old := st.pushed[i].Load()
			if cur <= old {
				break
			}
			if st.pushed[i].CompareAndSwap(old, cur) {
				C.envoy_dynamic_module_callback_network_filter_increment_counter(envoy, st.ids[i], C.uint64_t(cur-old))
				break
			}
		}
	}
	n := st.m.OpenConnections()
	if st.connsSet.Swap(n) != n {
		C.envoy_dynamic_module_callback_network_filter_set_gauge(envoy, st.conns, C.uint64_t(max(n, 0)))
	}
}

func (st *envoyStats) record(envoy C.envoy_dynamic_module_type_network_filter_envoy_ptr, micros uint32) {
	C.envoy_dynamic_module_callback_network_filter_record_histogram_value(envoy, st.duration, C.uint64_t(micros))
}

func (st *envoyStats) track(f *filter, open bool) {
	st.mu.Lock()
	if open {
		st.live[f] = struct{}{}
	} else {
		delete(st.live, f)
	}
	st.mu.Unlock()
}

// askPush schedules a push on one live connection of this config, if it has any.
func (st *envoyStats) askPush() {
	if t := st.asked.Load(); (t != 0 && time.Since(time.Unix(0, t)) < time.Second) || !st.dirty() {
		return
	}
	// No lock across a commit: Envoy may destroy the filter inside it, and destroy untracks it.
	st.mu.Lock()
	candidates := make([]*filter, 0, 4)
	for f := range st.live {
		if candidates = append(candidates, f); len(candidates) == cap(candidates) {
			break
		}
	}
	st.mu.Unlock()
	for _, f := range candidates {
		if f.schedule(statsEvent) {
			st.asked.Store(time.Now().UnixNano())
			return
		}
	}
}

// pusherSet is the process's one stats goroutine and the configs it looks after.
type pusherSet struct {
	once    sync.Once
	mu      sync.Mutex
	configs map[*config]struct{}
}

var pushers pusherSet

func (p *pusherSet) add(c *config) {
	p.once.Do(func() {
		p.configs = map[*config]struct{}{}
		go pushLoop()
	})
	p.mu.Lock()
	p.configs[c] = struct{}{}
	p.mu.Unlock()
}

func (p *pusherSet) remove(c *config) {
	p.mu.Lock()
	delete(p.configs, c)
	p.mu.Unlock()
}

func pushLoop() {
	var cs []*config
	for range time.Tick(pushEvery) {
		pushers.mu.Lock()
		cs = cs[:0]
		for c := range pushers.configs {
			cs = append(cs, c)
		}
		pushers.mu.Unlock()
		for _, c := range cs {
			c.stats.askPush()
		}
	}
}
