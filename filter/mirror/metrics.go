package mirror

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// Registry is the process's one Prometheus registry: every filter config and every worker
// thread of an Envoy process counts into it, each config under its own stat_prefix label.
var Registry = prometheus.NewRegistry()

// Latency buckets in seconds, from 100µs (a proxy's own work) to 10s (beyond request_timeout).
var latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

var vec = struct {
	requests         *prometheus.CounterVec
	mirrored         *prometheus.CounterVec
	writes           *prometheus.CounterVec
	duration         *latencyVec
	clusterDuration  *latencyVec
	processing       *latencyVec
	serverErrors     *prometheus.CounterVec
	different        *prometheus.CounterVec
	paused           *prometheus.CounterVec
	targetFailed     *prometheus.CounterVec
	connections      *prometheus.GaugeVec
	clusterConnected *prometheus.GaugeVec
	readReports      *prometheus.CounterVec
	clusterHealthy   *prometheus.GaugeVec
	panics           *prometheus.CounterVec
	journalRecords   *prometheus.CounterVec
	journalDropped   *prometheus.CounterVec
	pausedSessions   *prometheus.GaugeVec
}{
	requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_requests_total",
		Help: "Client requests received."}, []string{"stat_prefix", "opcode"}),
	mirrored: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_requests_mirrored_total",
		Help: "Requests sent to both clusters."}, []string{"stat_prefix"}),
	writes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_writes_total",
		Help: "Writes per cluster by outcome (ok, error, timeout, unreachable)."}, []string{"stat_prefix", "cluster", "outcome"}),
	duration: newLatencyVec("cqlmirror_request_duration_seconds",
		"End to end: from reading a request from the client until its reply is queued for the client.",
		latencyBuckets, "stat_prefix", "opcode"),
	clusterDuration: newLatencyVec("cqlmirror_cluster_request_duration_seconds",
		"From queueing a request for a cluster until that cluster's reply arrived.",
		latencyBuckets, "stat_prefix", "cluster", "opcode"),
	processing: newLatencyVec("cqlmirror_proxy_processing_seconds",
		"Time the proxy itself spent on a request: parse, route, rewrite, and handling the replies.",
		latencyBuckets, "stat_prefix", "opcode"),
	serverErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_server_errors_total",
		Help: "ERROR replies from a cluster, and errors the proxy sent itself (cluster=\"proxy\")."}, []string{"stat_prefix", "cluster", "error_code"}),
	different: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_different_results_total",
		Help: "Mirrored requests whose two replies differ."}, []string{"stat_prefix", "opcode"}),
	paused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_paused_seconds_total",
		Help: "Time paused for back-pressure: client (the client's connection above Envoy's write-buffer high watermark), server (blocked writing to a cluster)."}, []string{"stat_prefix", "side"}),
	targetFailed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_target_failed_writes_total",
		Help: "Writes the source took and the target missed."}, []string{"stat_prefix", "reason"}),
	connections: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "cqlmirror_connections",
		Help: "Open client connections."}, []string{"stat_prefix"}),
	clusterConnected: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "cqlmirror_cluster_connected",
		Help: "Sessions currently connected to each cluster."}, []string{"stat_prefix", "cluster"}),
	readReports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_read_reports_total",
		Help: "Sampled reads compared between the clusters, by outcome (equal, different, target_error)."}, []string{"stat_prefix", "keyspace", "table", "outcome"}),
	clusterHealthy: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "cqlmirror_cluster_healthy",
		Help: "1 while the cluster answers, 0 while this config treats it as down (its circuit breaker is open)."}, []string{"stat_prefix", "cluster"}),
	panics: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_recovered_panics_total",
		Help: "Panics the proxy recovered from; each closed the one connection it happened on. Any is a bug: see Envoy's log."}, []string{"stat_prefix"}),
	journalRecords: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_journal_records_total",
		Help: "Writes the target missed, recorded in failed_writes_file for controlplane replay."}, []string{"stat_prefix"}),
	journalDropped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cqlmirror_journal_dropped_total",
		Help: "Writes the target missed that could not be recorded (journal full, queue full, disk error). Any means the clusters differ with no record of it: see Envoy's log."}, []string{"stat_prefix"}),
	pausedSessions: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "cqlmirror_paused_sessions",
		Help: "Sessions held back by their client: client (above Envoy's write-buffer high watermark; replies held, requests not read), clusters (holding 1 MiB of replies not yet handed to Envoy, so not reading the clusters)."}, []string{"stat_prefix", "stage"}),
}

func init() {
	// The Go runtime's memory, goroutines and threads, and the Envoy process's RSS and threads:
	// the module shares the process with Envoy, and operators size it from these.
	Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	Registry.MustRegister(vec.requests, vec.mirrored, vec.writes, vec.duration, vec.clusterDuration, vec.processing,
		vec.serverErrors, vec.different, vec.paused, vec.targetFailed, vec.connections, vec.clusterConnected, vec.readReports,
		vec.clusterHealthy, vec.panics, vec.journalRecords, vec.journalDropped, vec.pausedSessions, journalCollector{})
}

var (
	journalBytes = prometheus.NewDesc("cqlmirror_journal_bytes",
		"Size of a failed_writes_file and its rotated files: writes waiting for controlplane replay.", []string{"journal"}, nil)
	journalRotations = prometheus.NewDesc("cqlmirror_journal_rotations_total",
		"Times a failed_writes_file reached journal.max_file_bytes and was rotated.", []string{"journal"}, nil)
	journalSyncs = prometheus.NewDesc("cqlmirror_journal_syncs_total",
		"fsyncs of a failed_writes_file.", []string{"journal"}, nil)
)

// journalCollector reports each journal file the process has open, whichever configs share it.
type journalCollector struct{}

func (journalCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- journalBytes
	ch <- journalRotations
	ch <- journalSyncs
}

func (journalCollector) Collect(ch chan<- prometheus.Metric) {
	journal.Each(func(path string, st *journal.Stats) {
		ch <- prometheus.MustNewConstMetric(journalBytes, prometheus.GaugeValue, float64(st.Bytes.Load()), path)
		ch <- prometheus.MustNewConstMetric(journalRotations, prometheus.CounterValue, float64(st.Rotations.Load()), path)
		ch <- prometheus.MustNewConstMetric(journalSyncs, prometheus.CounterValue, float64(st.Syncs.Load()), path)
	})
}

// Write outcomes, also the failure reasons of target_failed_writes.
const (
	outcomeOK = iota
	outcomeError
	outcomeTimeout
	outcomeUnreachable
	outcomeQueueFull // max_target_queue_bytes: the write never went out
	nOutcomes
)

var outcomeNames = [nOutcomes]string{"ok", "error", "timeout", "unreachable", "queue_full"}

// Opcodes get a label of their own when a client may send them; anything else is "other".
var requestOpcodes = []primitive.OpCode{primitive.OpCodeStartup, primitive.OpCodeOptions, primitive.OpCodeQuery,
	primitive.OpCodePrepare, primitive.OpCodeExecute, primitive.OpCodeRegister, primitive.OpCodeBatch, primitive.OpCodeAuthResponse}

const nOpcodes = 0x11 // opcodes are 0x00..0x10

func opcodeName(op primitive.OpCode) string {
	for _, o := range requestOpcodes {
		if o == op {
			return strings.ToLower(strings.Fields(op.String())[1]) // "OpCode QUERY [0x07]"
		}
	}
	return "other"
}

func opIndex(op primitive.OpCode) int {
	if int(op) < nOpcodes {
		return int(op)
	}
	return 0 // 0x00 is ERROR, never a request: its children are "other"
}

// CQL error codes by the names Cassandra gives them; codes not listed are "other".
var errorCodes = []struct {
	code primitive.ErrorCode
	name string
}{
	{primitive.ErrorCodeServerError, "server_error"}, {primitive.ErrorCodeProtocolError, "protocol_error"},
	{primitive.ErrorCodeAuthenticationError, "bad_credentials"}, {primitive.ErrorCodeUnavailable, "unavailable"},
	{primitive.ErrorCodeOverloaded, "overloaded"}, {primitive.ErrorCodeIsBootstrapping, "is_bootstrapping"},
	{primitive.ErrorCodeTruncateError, "truncate_error"}, {primitive.ErrorCodeWriteTimeout, "write_timeout"},
	{primitive.ErrorCodeReadTimeout, "read_timeout"}, {primitive.ErrorCodeReadFailure, "read_failure"},
	{primitive.ErrorCodeFunctionFailure, "function_failure"}, {primitive.ErrorCodeWriteFailure, "write_failure"},
	{primitive.ErrorCode(0x1600), "cdc_write_failure"}, {primitive.ErrorCode(0x1700), "cas_write_unknown"},
	{primitive.ErrorCodeSyntaxError, "syntax_error"}, {primitive.ErrorCodeUnauthorized, "unauthorized"},
	{primitive.ErrorCodeInvalid, "invalid"}, {primitive.ErrorCodeConfigError, "config_error"},
	{primitive.ErrorCodeAlreadyExists, "already_exists"}, {primitive.ErrorCodeUnprepared, "unprepared"},
}

func errorIndex(code primitive.ErrorCode) int {
	for i, e := range errorCodes {
		if e.code == code {
			return i
		}
	}
	return len(errorCodes)
}

// Error sources: the two clusters, and the proxy itself.
const proxyErrors = 2

// metrics are one filter config's Prometheus children, resolved once so that counting on the hot
// path is an atomic add with no label lookup and no allocation.
type metrics struct {
	requests         [nOpcodes]prometheus.Counter
	mirrored         prometheus.Counter
	writes           [2][nOutcomes]prometheus.Counter
	duration         [nOpcodes]*latency
	clusterDuration  [2][nOpcodes]*latency
	processing       [nOpcodes]*latency
	serverErrors     [3][]prometheus.Counter // by errorIndex
	different        [nOpcodes]prometheus.Counter
	pausedClient     prometheus.Counter
	pausedServer     prometheus.Counter
	targetFailed     [nOutcomes]prometheus.Counter
	connections      prometheus.Gauge
	clusterConnected [2]prometheus.Gauge
	clusterHealthy   [2]prometheus.Gauge
	panics           prometheus.Counter
	journalRecords   prometheus.Counter
	journalDropped   prometheus.Counter
	pausedSessions   [nPauseStages]prometheus.Gauge
	prefix           string
}

func newMetrics(prefix string) *metrics {
	mt := &metrics{prefix: prefix}
	for i := range nOpcodes {
		op := opcodeName(primitive.OpCode(i))
		mt.requests[i] = vec.requests.WithLabelValues(prefix, op)
		mt.duration[i] = vec.duration.WithLabelValues(prefix, op)
		mt.processing[i] = vec.processing.WithLabelValues(prefix, op)
		mt.different[i] = vec.different.WithLabelValues(prefix, op)
		for r := range 2 {
			mt.clusterDuration[r][i] = vec.clusterDuration.WithLabelValues(prefix, role(r).String(), op)
		}
	}
	mt.mirrored = vec.mirrored.WithLabelValues(prefix)
	for r := range 2 {
		for o := range nOutcomes {
			mt.writes[r][o] = vec.writes.WithLabelValues(prefix, role(r).String(), outcomeNames[o])
		}
		mt.clusterConnected[r] = vec.clusterConnected.WithLabelValues(prefix, role(r).String())
		mt.clusterHealthy[r] = vec.clusterHealthy.WithLabelValues(prefix, role(r).String())
	}
	mt.panics = vec.panics.WithLabelValues(prefix)
	mt.journalRecords = vec.journalRecords.WithLabelValues(prefix)
	mt.journalDropped = vec.journalDropped.WithLabelValues(prefix)
	for c, name := range []string{"source", "target", "proxy"} {
		for _, e := range errorCodes {
			mt.serverErrors[c] = append(mt.serverErrors[c], vec.serverErrors.WithLabelValues(prefix, name, e.name))
		}
		mt.serverErrors[c] = append(mt.serverErrors[c], vec.serverErrors.WithLabelValues(prefix, name, "other"))
	}
	for o := outcomeError; o < nOutcomes; o++ {
		mt.targetFailed[o] = vec.targetFailed.WithLabelValues(prefix, outcomeNames[o])
	}
	mt.pausedClient = vec.paused.WithLabelValues(prefix, "client")
	mt.pausedServer = vec.paused.WithLabelValues(prefix, "server")
	mt.connections = vec.connections.WithLabelValues(prefix)
	for st, name := range pauseStageNames {
		mt.pausedSessions[st] = vec.pausedSessions.WithLabelValues(prefix, name)
	}
	return mt
}

func (mt *metrics) serverError(from int, code primitive.ErrorCode) {
	mt.serverErrors[from][errorIndex(code)].Inc()
}

func seconds(ns int64) float64 { return float64(ns) / float64(time.Second) }

// prefixState is what filter configs with the same stat_prefix share in one process (a config
// that Envoy replaces and the one replacing it): the open connections and the read reports.
type prefixState struct {
	connections atomic.Int64
	reports     reportStore
	newest      atomic.Pointer[Mirror] // the config loaded last
}

// current reports whether m is the newest config of its stat_prefix.
func (m *Mirror) current() bool { return m.shared.newest.Load() == m }

var prefixes struct {
	mu sync.Mutex
	m  map[string]*prefixState
}

func sharedState(prefix string) *prefixState {
	prefixes.mu.Lock()
	defer prefixes.mu.Unlock()
	if prefixes.m == nil {
		prefixes.m = map[string]*prefixState{}
	}
	p := prefixes.m[prefix]
	if p == nil {
		p = &prefixState{}
		prefixes.m[prefix] = p
	}
	return p
}

// OpenConnections is the number of open client connections under this config's stat_prefix, in
// every filter config of the process that has it.
func (m *Mirror) OpenConnections() int64 { return m.shared.connections.Load() }
