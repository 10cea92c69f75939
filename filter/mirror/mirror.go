package mirror

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"

	"github.com/cqlmirror/cqlmirror/filter/clientauth"
	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// role names one of the two clusters.
type role int

const (
	source role = iota
	target
)

func (r role) String() string {
	if r == source {
		return "source"
	}
	return "target"
}

func (r role) bit() uint8 { return 1 << r }

const bothBits = 1<<source | 1<<target

// Mirror is the state shared by every connection of one filter config: the parsed config, the
// TLS settings, the prepared-statement map and the counters.
type Mirror struct {
	cfg      *Config
	addr     [2]string
	tls      [2]*tls.Config
	prepared preparedCache
	onSource preparedOn
	stats    Counters
	mt       *metrics
	shared   *prefixState
	reports  *reporter // nil unless read_report is on
	log      *slog.Logger
	// Per-request log lines, limited (the counters and the journal have every one).
	missedLog, differLog logLimit
	epoch                time.Time
	journal              *journal.Writer
	// targetToken is the SASL PLAIN token for target.credentials; nil to pass the client's on.
	targetToken []byte
	peers       []netip.AddrPort
	// routes are the clusters requests may go to: both, or the source alone with mirror_writes off.
	routes uint8
	// sourceLocal is the source's system.local row by column name, learned from replies, for
	// describing the peers.
	sourceLocal atomic.Pointer[map[string][]byte]
	health      [2]*health
	probes      sync.Once
	stop        chan struct{} // closed by Close: ends the probes
	closeOnce   sync.Once
	nodeState
}

// Counters are the engine's running totals for one filter config.
type Counters struct {
	// Requests counts client requests received.
	Requests atomic.Uint64
	// Mirrored counts requests sent to both clusters.
	Mirrored atomic.Uint64
	// TargetErrors counts ERROR replies from the target to mirrored requests.
	TargetErrors atomic.Uint64
	// DifferentResults counts mirrored requests whose two replies differ in kind or error code.
	DifferentResults atomic.Uint64
	// ClientErrors counts ERROR replies the proxy itself sent for bad client input.
	ClientErrors atomic.Uint64
	// BackendFailures counts connections to a cluster that could not be opened or broke.
	BackendFailures atomic.Uint64
	// Timeouts counts cluster replies that did not come within request_timeout.
	Timeouts atomic.Uint64
	// TargetFailedWrites counts writes the source took and the target missed; each is recorded
	// in failed_writes_file.
	TargetFailedWrites atomic.Uint64
	// JournalErrors counts failed writes that could not be recorded in failed_writes_file.
	JournalErrors atomic.Uint64
	// JournalRecords counts failed writes recorded in failed_writes_file.
	JournalRecords atomic.Uint64
	// TargetQueueFull counts writes that skipped the target because max_target_queue_bytes of
	// requests already waited for it on their connection.
	TargetQueueFull atomic.Uint64
	// AppliedDisagreements counts conditional writes (IF ...) that one cluster applied and the
	// other did not; the client gets the source's verdict.
	AppliedDisagreements atomic.Uint64
	// FunctionsRewritten counts write statements whose non-deterministic calls were replaced by
	// literals (deterministic_functions).
	FunctionsRewritten atomic.Uint64
	// NondeterministicPrepared counts PREPAREs of writes that call now(), uuid() and the like,
	// which the proxy cannot make deterministic: each cluster evaluates them on its own.
	NondeterministicPrepared atomic.Uint64
	// TargetReconnects counts sessions that got the target back after losing it.
	TargetReconnects atomic.Uint64
	// ReadReportsEqual, ReadReportsDifferent and ReadReportsTargetError count sampled reads
	// compared between the clusters (read_report), by outcome.
	ReadReportsEqual       atomic.Uint64
	ReadReportsDifferent   atomic.Uint64
	ReadReportsTargetError atomic.Uint64
	// ReadReportsDropped counts sampled reads not compared because the comparer fell behind.
	ReadReportsDropped atomic.Uint64
	// Sessions is the number of open client sessions.
	Sessions atomic.Int64
	// RecoveredPanics counts panics the proxy recovered from (each closed one connection).
	RecoveredPanics atomic.Uint64
}

// New builds the shared state for cfg, loading any TLS files it names.
func New(cfg *Config) (*Mirror, error) {
	m := &Mirror{
		cfg:      cfg,
		addr:     [2]string{strings.Join(cfg.Source.Nodes(), ","), strings.Join(cfg.Target.Nodes(), ",")},
		prepared: preparedCache{m: map[string]*prepared{}},
		log:      slog.Default().With("filter", "cql_mirror", "stat_prefix", cfg.StatPrefix),
		epoch:    time.Now(),
		routes:   bothBits,
		mt:       newMetrics(cfg.StatPrefix),
		shared:   sharedState(cfg.StatPrefix),
		stop:     make(chan struct{}),
	}
	for r := range m.health {
		m.health[r] = newHealth(role(r), m.addr[r], m.mt.clusterHealthy[r], m.current, m.log.Error)
	}
	if !*cfg.MirrorWrites {
		m.routes = source.bit()
	}
	if rr := cfg.ReadReport; rr != nil && rr.SampleRate > 0 {
		if m.routes == bothBits {
			m.reports = newReporter(m, rr)
		} else {
			m.log.Warn("read_report is inactive while mirror_writes is false: the target is not dialed")
		}
	}
	for r, cl := range []Cluster{cfg.Source, cfg.Target} {
		if cl.TLS == nil || len(cl.Nodes()) == 0 {
			continue
		}
		tc, err := clientTLS(role(r).String(), cl)
		if err != nil {
			return nil, err
		}
		m.tls[r] = tc
	}
	for _, p := range cfg.Peers {
		m.peers = append(m.peers, netip.MustParseAddrPort(p)) // validated by ParseConfig
	}
	var tokens [2][]byte
	for r, cl := range []Cluster{cfg.Source, cfg.Target} {
		if c := cl.Credentials; c != nil {
			tok, err := clientauth.PlainToken(role(r).String(), c.Username, c.PasswordFile)
			if err != nil {
				return nil, fmt.Errorf("cqlmirror config: %w", err)
			}
			tokens[r] = tok
		}
		if len(cl.Nodes()) > 0 {
			var err error
			if m.nodes[r], err = m.newNodes(role(r), cl, tokens[r]); err != nil {
				return nil, err
			}
		}
	}
	m.targetToken = tokens[target]
	m.journal = journal.Open(m.journalOptions(), m.log)
	m.shared.newest.Store(m)
	for _, h := range m.health {
		h.show(map[bool]float64{true: 1}[h.healthy()])
	}
	return m, nil
}

// Config is the config the Mirror was built from; callers must not change it.
func (m *Mirror) Config() *Config { return m.cfg }

// Stats returns the live counters.
func (m *Mirror) Stats() *Counters { return &m.stats }

// Close releases the shared state. Sessions still open keep working until they close (node
// discovery stops with the last of them); a write they record after this reopens the
// failed-writes file.
func (m *Mirror) Close() {
	first := false
	m.closeOnce.Do(func() { close(m.stop); first = true })
	if first {
		m.journal.Close()
		m.closed.Store(true)
		m.closeNodes()
	}
	if m.reports != nil {
		m.reports.stop()
	}
}

// Recovered counts and logs a panic a binding recovered from in one of its hooks; where names
// the hook. The binding then closes that connection.
func (m *Mirror) Recovered(where string, v any) {
	m.stats.RecoveredPanics.Add(1)
	m.mt.panics.Inc()
	m.log.Error("cqlmirror: recovered from a panic; closing the connection", "where", where, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
}

// recovered is deferred by the engine's goroutines: a panic there would end the Envoy process. It
// counts and logs the panic, then runs abort (if any) to end what the goroutine served.
func (m *Mirror) recovered(where string, abort func()) {
	if v := recover(); v != nil {
		m.Recovered(where, v)
		if abort != nil {
			abort()
		}
	}
}

// now is a monotonic clock in nanoseconds, for request deadlines.
func (m *Mirror) now() int64 { return int64(time.Since(m.epoch)) }

func (m *Mirror) requestTimeout() time.Duration { return time.Duration(m.cfg.RequestTimeout) }

// sweeper is the process's one timer for request deadlines: it expires overdue requests in
// every open session, so no request, session or filter config needs a timer of its own.
var sweeper struct {
	once     sync.Once
	mu       sync.Mutex
	sessions map[*Session]struct{}
}

const sweepEvery = 100 * time.Millisecond

func (m *Mirror) track(s *Session, open bool) {
	sweeper.once.Do(func() {
		sweeper.sessions = map[*Session]struct{}{}
		go sweep()
	})
	sweeper.mu.Lock()
	if open {
		sweeper.sessions[s] = struct{}{}
	} else {
		delete(sweeper.sessions, s)
	}
	sweeper.mu.Unlock()
}

func sweep() {
	var sessions []*Session
	ticks := 0
	for range time.Tick(sweepEvery) {
		if ticks++; ticks%trimEvery == 0 {
			trimMemory()
		}
		sweeper.mu.Lock()
		sessions = sessions[:0]
		for s := range sweeper.sessions {
			sessions = append(sessions, s)
		}
		sweeper.mu.Unlock()
		for _, s := range sessions {
			s.sweep()
		}
	}
}

// sweep runs Session.sweepLocked unless the session's lock is busy: then the next round takes
// it, and the process's one sweeper never waits on one session.
func (s *Session) sweep() {
	defer s.m.recovered("sweeping request deadlines", s.kill)
	if !s.mu.TryLock() {
		return
	}
	wake := func() bool {
		defer s.mu.Unlock()
		return s.sweepLocked()
	}()
	s.afterUnlock(wake)
}

func clientTLS(name string, cl Cluster) (*tls.Config, error) {
	t := cl.TLS
	tc, err := clientauth.TLSConfig(name, "", clientauth.TLSFiles{CAFile: t.CAFile, ServerName: t.ServerName, CertFile: t.CertFile, KeyFile: t.KeyFile})
	if err != nil {
		return nil, fmt.Errorf("cqlmirror config: %w", err)
	}
	return tc, nil
}

// prepared is what the proxy knows about one statement prepared on both clusters.
type prepared struct {
	write  bool
	target []byte
	query  string
	// topo names the topology table a prepared read comes from; columns describe its rows,
	// because replies to EXECUTE usually leave them out.
	topo    string
	columns []*message.ColumnMetadata
	// refused is the target's error for a write it would not prepare (or its timeout). Under
	// source-decides each
	// execution then runs on the source alone and is recorded, until retryAt (Mirror.now()), when
	// the client is asked to prepare the statement again in case the target now takes it.
	refused string
	retryAt int64
	// fns are the calls of now(), uuid() and the like that the proxy made bind markers of its own
	// (deterministic_functions); query is then the rewritten text.
	fns []cql.FunctionCall
	// keyspace is where it was prepared (the session's keyspace then, or a v5 PREPARE's own).
	keyspace string
}

// refusedRetry is how long a statement the target refused to prepare runs on the source alone
// before the proxy asks the client to prepare it again.
var refusedRetry = 10 * time.Second

type preparedCache struct {
	mu sync.RWMutex
	m  map[string]*prepared
}

func (c *preparedCache) get(id []byte) *prepared {
	c.mu.RLock()
	p := c.m[string(id)]
	c.mu.RUnlock()
	return p
}

// byTarget finds a statement from the id in a request sent to the target: the target's id, or the
// source's where the two agree or the target never prepared it.
func (c *preparedCache) byTarget(id []byte) *prepared {
	if p := c.get(id); p != nil {
		return p
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, p := range c.m {
		if string(p.target) == string(id) {
			return p
		}
	}
	return nil
}

// statement is a prepared statement with the source's id.
type statement struct {
	id []byte
	p  *prepared
}

// withoutTarget lists the writes the target has no id for.
func (c *preparedCache) withoutTarget() []statement {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []statement
	for id, p := range c.m {
		if p.write && p.target == nil {
			out = append(out, statement{[]byte(id), p})
		}
	}
	return out
}

// setTarget gives the statement with source id sourceID the target's id. Sessions read a
// statement without a lock, so it is replaced by a copy, never changed in place.
func (c *preparedCache) setTarget(sourceID, targetID []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.m[string(sourceID)]; p != nil && p.target == nil {
		q := *p
		q.target, q.refused = bytes.Clone(targetID), ""
		c.m[string(sourceID)] = &q
	}
}

func (c *preparedCache) remove(id []byte) {
	c.mu.Lock()
	delete(c.m, string(id))
	c.mu.Unlock()
}

// maxPrepared bounds the statements a filter config remembers, as Cassandra bounds its own
// cache: a client preparing ever new statements must not grow the proxy without end. An evicted
// statement's next EXECUTE gets UNPREPARED, and the driver prepares it again.
const maxPrepared = 10000

func (c *preparedCache) put(id []byte, p *prepared) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, known := c.m[string(id)]; !known && len(c.m) >= maxPrepared {
		for old := range c.m { // any one: map iteration starts at random
			delete(c.m, old)
			break
		}
	}
	c.m[string(id)] = p
}
