package mirror

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// maxInflight is the number of requests a session keeps open at once on each cluster: the
// protocol's stream id space.
const maxInflight = 1 << 15

// A buffer that grew past keepBuffer for one large frame is dropped, not kept for reuse.
const keepBuffer = 1 << 20

// Session is one client connection. OnData, OnClientEOF and Flush are called by the binding on the
// connection's own thread; replies from the clusters arrive on the session's goroutines, which
// call Downstream.Wake once for any number of replies between two Flush calls.
type Session struct {
	m     *Mirror
	d     Downstream
	local netip.AddrPort

	// Owned by the binding's thread.
	framer   cql.Framer
	version  primitive.ProtocolVersion
	scratch  []byte
	stamp    []byte
	plainReq []byte
	fnText   []byte
	texts    []string // the prepared statements' texts of the request being routed
	ids      [][]byte // and their source ids, within the request's frame
	edits    []cql.Edit
	// readAt is Mirror.now() when the binding handed over the client's bytes being handled;
	// procFrom is where the proxy's own time on the next request starts: readAt, then the end of
	// the request before it. One clock read per request and one per chunk.
	readAt, procFrom int64
	// clientPause is set from every side: see backpressure.go.
	clientPause clientPause
	sampleAcc   float64 // read_report's sampler
	onLatency   func(micros uint32)
	latOut      [maxLatencies]uint32

	ended   sync.Once
	aborted atomic.Bool // set when the session ended, by Close or by Abort

	flushMu sync.Mutex
	segOut  []byte // Flush's segment buffer
	// End-to-end times (µs) of requests answered since the last Flush, for OnLatency; beyond
	// maxLatencies between two flushes the rest are left out (Prometheus still has every one).
	lat  [maxLatencies]uint32
	nlat int
	done chan struct{}

	// v5: after the STARTUP exchange the client's bytes are segments, and so is what the proxy
	// writes from segFrom in out on (-1: not yet).
	segIn atomic.Bool
	deseg cql.Desegmenter

	mu        sync.Mutex
	out       []byte
	spare     []byte
	woken     bool
	segFrom   int
	closing   bool
	clientEOF bool
	failed    error // the session is over: a cluster it cannot do without failed
	// targetDown is set when the target could not be reached and the policy lets the session go
	// on with the source alone.
	targetDown error
	// Writes the target missed, recorded once the lock is released (afterUnlock); recording
	// counts batches of them the recorder has not written yet. Replies wait for both.
	missed     []missedWrite
	hasMissed  atomic.Bool
	recording  int
	wakeOwed   bool            // a wake left to the recorder
	comp       cql.Compression // what the client negotiated; replies come compressed with it
	plainReply []byte
	// What a new connection to the target must replay to catch up with the client's session.
	startup, authResponse []byte
	useStatement          string
	keyspace              string // the session's keyspace, once the source took a USE
	// targetQueued is the bytes of requests on their way to the target or awaiting its reply;
	// see max_target_queue_bytes.
	targetQueued int
	slots        []pending
	free         []int16
	inflight     int
	backends     [2]backend
	// replyAt is Mirror.now() when the chunk holding the reply being handled was read from each
	// cluster; replyProcFrom is where the proxy's own time on that reply starts (as procFrom).
	replyAt, replyProcFrom [2]int64
}

type backend struct {
	wbuf, wspare   []byte
	writing        bool // one writer at a time: the binding's thread or the backend's goroutine
	kick           chan struct{}
	conn           net.Conn
	live           atomic.Pointer[liveConn] // conn, for closing it without the session's lock
	raw            syscall.RawConn          // set for plain TCP: lets the binding's thread write without blocking
	gen            int                      // counts the connections made to this cluster
	authenticating bool
	connected      atomic.Bool // counted in cqlmirror_cluster_connected
	segmented      bool        // protocol v5 after the STARTUP exchange: frames travel in segments
	seg            []byte      // the writer's segment buffer
	rw             *rawWriter  // the binding's thread's non-blocking writes
	inlineSeg      []byte      // the binding's thread's segment buffer
	segTail        []byte      // segments written in part by the binding's thread: they go first
	node           netip.AddrPort
	release        atomic.Pointer[func()] // ends the session's count on node

}

type liveConn struct{ net.Conn }

// pending is one request sent to one or both clusters under the slot's stream id.
type pending struct {
	inUse    bool
	client   int16
	op       primitive.OpCode
	await    uint8 // clusters that still owe a reply on the wire
	open     uint8 // clusters whose outcome is not known yet
	hold     bool  // answer the client only once no cluster is open
	answered bool
	deadline int64 // Mirror.now() after which the open clusters count as failed
	// setupDeadline, when set, is Mirror.now() after which a target that has not answered this
	// handshake, USE or PREPARE loses its connection (source-decides).
	setupDeadline int64
	held          []byte // the source's reply, kept while the target is awaited
	haveHeld      bool
	mirrored      bool
	reply         [2]outcome
	targetErr     []byte
	topo          string // the topology table a read comes from, if any
	columns       []*message.ColumnMetadata
	prep          *prepared // PREPARE only
	prepSrc       []byte
	peersReply    []byte      // a peers reply held while the source's system.local is fetched
	journal       bool        // a mirrored write: record it if the target misses it
	write         bool        // a write, counted per cluster in cqlmirror_writes_total
	start         int64       // Mirror.now() when the request was read from the client
	sentAt        int64       // Mirror.now() when it was queued for the clusters
	proc          int64       // nanoseconds the proxy spent on it so far
	shadow        *shadowRead // a sampled read also sent to the target (read_report)
	sent          []byte      // what the target was sent, kept for the record and for a resend
	use           string      // a USE statement: the session's keyspace if the source takes it
	keyspace      string      // a write's: see journal.Record
	texts         []string    // a write's prepared statements' texts, in order, for its record
	targetBytes   int         // counted in Session.targetQueued until the slot is free
	// srcHeld is a write kept from the source until srcWaits PREPAREs there are answered.
	srcHeld  []byte
	srcWaits int

	reprepared bool             // the target was asked to prepare this write's statement again
	internal   bool             // a request of the proxy's own: a re-PREPARE on the target
	parent     int16            // internal: the write it is for
	oldID      []byte           // internal: the id the target forgot
	stmt       *prepared        // internal: the statement being prepared again
	onReply    func(raw []byte) // internal: a query of the proxy's own; nil raw when it failed
}

// NewSession starts a session for one client connection and begins dialing both clusters.
func (m *Mirror) NewSession(d Downstream) *Session {
	s := &Session{m: m, d: d, local: d.LocalAddr(), done: make(chan struct{}), segFrom: -1}
	s.framer.Max = m.cfg.MaxFrameBytes
	m.startProbes()
	for r := range s.backends {
		s.backends[r].kick = make(chan struct{}, 1)
	}
	go s.runBackend(source)
	if m.routes&target.bit() != 0 {
		if h := m.health[target]; h.healthy() {
			go s.runBackend(target)
		} else {
			// Neither dial it nor wait for it.
			s.startWithoutTarget(h.why())
		}
	}
	m.stats.Sessions.Add(1)
	m.shared.connections.Add(1)
	m.mt.connections.Inc()
	m.track(s, true)
	return s
}

// startWithoutTarget starts a session while the target is unhealthy: under source-decides as if
// it had lost the target; under strict failed, so that the client's first request gets the
// target's state at once.
func (s *Session) startWithoutTarget(why error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m.cfg.FailurePolicy == Strict {
		s.failed = why
		return
	}
	s.targetLostLocked(why)
}

// OnData takes bytes from the client, in any chunking. p is not retained. Whatever the chunk
// held for the clusters goes out in one write per cluster.
func (s *Session) OnData(p []byte) {
	s.readAt = s.m.now()
	s.procFrom = s.readAt
	if !s.segIn.Load() {
		s.framer.Feed(p, s.onFrame)
		s.pushWrites()
		return
	}
	s.deseg.Compressed = s.comp == cql.LZ4
	if err := s.deseg.Feed(p, func(payload []byte) { s.framer.Feed(payload, s.onFrame) }); err != nil {
		s.replyAndClose(s.version, 0, &message.ProtocolError{ErrorMessage: "cqlmirror: " + err.Error()})
	}
	s.pushWrites()
}

// OnClientEOF reports that the client half-closed: the session answers what is in flight, then
// asks the binding to close.
func (s *Session) OnClientEOF() {
	s.mu.Lock()
	s.clientEOF = true
	if s.inflight == 0 {
		s.closing = true
	}
	s.mu.Unlock()
}

// Flush hands pending client-bound bytes to write, which must copy them before returning, and
// reports whether the client connection should now be closed (after those bytes).
func (s *Session) Flush(write func(p []byte)) (closeConn bool) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	if len(s.missed) > 0 || s.recording > 0 {
		// A reply may tell of a write the target missed before its record exists: hold every
		// reply until the recorder is done (it wakes the binding then).
		s.woken = false
		s.mu.Unlock()
		return false
	}
	if s.holdingLocked() {
		s.woken = false
		s.mu.Unlock()
		return false
	}
	out := s.out
	s.out, s.spare = s.spare[:0], nil
	s.woken = false
	s.releaseReadersLocked()
	closeConn = s.closing
	from, lz4 := s.segFrom, s.comp == cql.LZ4
	nlat := copy(s.latOut[:], s.lat[:s.nlat])
	s.nlat = 0
	if from > 0 {
		s.segFrom = 0
	}
	s.mu.Unlock()
	if len(out) > 0 && from >= 0 {
		wire, err := cql.AppendSegments(append(s.segOut[:0], out[:from]...), out[from:], lz4)
		if err != nil {
			s.m.log.Error("cannot wrap replies in v5 segments; closing the connection", "error", err)
			closeConn = true
		} else {
			write(wire)
			s.segOut = wire
			if cap(wire) > keepBuffer {
				s.segOut = nil
			}
		}
	} else if len(out) > 0 {
		write(out)
	}
	if cap(out) <= keepBuffer {
		s.mu.Lock()
		s.spare = out[:0]
		s.mu.Unlock()
	}
	if s.onLatency != nil {
		for _, us := range s.latOut[:nlat] {
			s.onLatency(us)
		}
	}
	return closeConn
}

const maxLatencies = 64

// OnLatency sets fn to be called from Flush, on the binding's thread, with the end-to-end time
// in microseconds of each request answered since the previous Flush (at most 64 per Flush). Call
// it before the first Flush.
func (s *Session) OnLatency(fn func(micros uint32)) { s.onLatency = fn }

// Close ends the session: the client connection is gone.
func (s *Session) Close() { s.end() }

// Abort ends the session like Close. Neither takes the session's lock, so the binding can call it
// after recovering from a panic in one of its hooks, when the session's state cannot be trusted.
// The session's goroutines find their connections closed and stop.
func (s *Session) Abort() { s.end() }

// over reports whether the session ended.
func (s *Session) over() bool { return s.aborted.Load() }

func (s *Session) end() {
	s.ended.Do(func() {
		s.aborted.Store(true)
		close(s.done)
		for r := range s.backends {
			if c := s.backends[r].live.Swap(nil); c != nil {
				closeConn(c.Conn)
			}
			s.backends[r].setConnected(s.m, role(r), false)
			s.backends[r].releaseNode()
		}
		s.m.stats.Sessions.Add(-1)
		s.m.shared.connections.Add(-1)
		s.m.mt.connections.Dec()
		s.m.track(s, false)
		s.m.closeNodes()
		go s.recordUnsettled()
		s.endPause()
	})
}

// recordUnsettled journals, once the session ended, the writes the source took whose target
// outcome was still open: under wait: false their clients already heard of them, and the target
// may never get them (its connection is gone with the session). A replay of one the target did
// take changes nothing: it carries the same timestamp.
func (s *Session) recordUnsettled() {
	defer s.m.recovered("recording the writes a closed session left open", nil)
	s.mu.Lock()
	var ws []missedWrite
	for i := range s.slots {
		p := &s.slots[i]
		if !p.inUse || !p.journal || p.open&target.bit() == 0 || p.open&source.bit() != 0 || !p.reply[source].ok() {
			continue
		}
		p.open &^= target.bit()
		p.await &^= target.bit()
		p.reply[target] = outcome{failed: unsettledReason, lost: outcomeUnreachable}
		s.m.stats.TargetFailedWrites.Add(1)
		s.m.mt.targetFailed[outcomeUnreachable].Inc()
		s.m.mt.writes[target][outcomeUnreachable].Inc()
		ws = append(ws, missedWrite{sent: bytes.Clone(p.sent), reason: unsettledReason, keyspace: p.keyspace, texts: slices.Clone(p.texts)})
	}
	ws = append(ws, s.missed...)
	s.missed = nil
	s.mu.Unlock()
	if len(ws) > 0 {
		s.m.record(ws, func(error) {})
	}
}

const unsettledReason = "outcome unknown: the client connection ended before the target answered"

// closeConn closes a cluster connection without blocking: for TLS, the TCP connection under it,
// since tls.Conn.Close may wait seconds to send close_notify to a node that stopped reading.
func closeConn(c net.Conn) {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	c.Close()
}

// ClientBackpressure tells the session, on the binding's thread, that the client's connection
// went above (true) or came back below (false) Envoy's write-buffer watermarks. Above, Flush
// hands Envoy nothing and, past maxHeldReplies, the session stops reading the clusters; below,
// the session wakes the binding for what it held. The time above counts as
// cqlmirror_paused_seconds_total{side="client"}.
func (s *Session) ClientBackpressure(above bool) {
	if above {
		s.clientAbove()
	} else {
		s.clientBelow()
	}
}

func (s *Session) onFrame(f cql.Frame) {
	h := f.Header
	s.m.stats.Requests.Add(1)
	s.m.mt.requests[opIndex(h.Opcode)].Inc()
	switch {
	case f.Unframable:
		msg := fmt.Sprintf("Invalid or unsupported protocol version (%d); supported versions are (3/v3, 4/v4, 5/v5)", h.Version)
		if h.Response {
			msg = "cqlmirror: a client must not send response frames"
		}
		s.replyAndClose(cql.MaxSupported, h.Stream, &message.ProtocolError{ErrorMessage: msg})
		return
	case f.Oversized && h.Length > ProtocolMaxFrameBytes:
		s.replyAndClose(h.Version, h.Stream, &message.ProtocolError{ErrorMessage: fmt.Sprintf(
			"cqlmirror: a request body of %d bytes is beyond the protocol's limit of %d: nothing after it can be framed; closing the connection", h.Length, ProtocolMaxFrameBytes)})
		return
	case f.Oversized:
		s.reply(h, &message.ProtocolError{ErrorMessage: fmt.Sprintf(
			"cqlmirror: request body of %d bytes exceeds max_frame_bytes %d", h.Length, s.framer.Max)})
		return
	case !cql.Supported(h.Version):
		s.reply(cql.Header{Version: cql.MaxSupported, Stream: h.Stream}, &message.ProtocolError{ErrorMessage: fmt.Sprintf(
			"Invalid or unsupported protocol version (%d); supported versions are (3/v3, 4/v4, 5/v5)", h.Version)})
		return
	case s.version != 0 && h.Version != s.version:
		s.reply(h, &message.ProtocolError{ErrorMessage: fmt.Sprintf(
			"cqlmirror: protocol version %d on a connection that uses %d", h.Version, s.version)})
		return
	}
	if s.version == 0 {
		s.mu.Lock() // goroutines read it to encode errors and to catch up a new target connection
		s.version = h.Version
		s.mu.Unlock()
	}
	raw := f.Raw
	if h.Flags&cql.FlagCompression != 0 {
		// The clusters get requests uncompressed (legal on any connection): the proxy reads and
		// may rewrite them, and compression matters most on the client's side.
		plain, err := cql.Uncompressed(s.plainReq[:0], raw, s.comp)
		if err != nil {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: cannot decompress the request: " + err.Error()})
			return
		}
		s.plainReq, raw = plain, plain
	}
	switch h.Opcode {
	case primitive.OpCodeOptions:
		s.mu.Lock()
		started := s.startup != nil
		s.mu.Unlock()
		if started {
			// A heartbeat: the source answers it alone, so a slow target never delays it.
			s.forward(raw, nil, h, source.bit(), route{})
			return
		}
		s.forward(raw, nil, h, bothBits, route{hold: true, setup: true})
	case primitive.OpCodeStartup:
		s.mu.Lock()
		started := s.startup != nil
		s.mu.Unlock()
		if started { // Cassandra refuses it too: it would switch compression mid-stream
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: STARTUP on a connection that is already started"})
			return
		}
		opts, err := cql.StartupOptions(raw)
		if err != nil {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: malformed STARTUP: " + err.Error()})
			return
		}
		comp, err := cql.ParseCompression(opts["COMPRESSION"])
		if err == nil && comp == cql.Snappy && h.Version >= primitive.ProtocolVersion5 {
			err = fmt.Errorf("COMPRESSION %q with protocol v5 is not supported: v5 compresses segments with lz4 only", comp)
		}
		if err != nil {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: " + err.Error()})
			return
		}
		s.mu.Lock()
		s.comp = comp
		s.mu.Unlock()
		s.remember(&s.startup, raw)
		s.forward(raw, nil, h, bothBits, route{hold: true, setup: true})
	case primitive.OpCodeAuthResponse:
		if s.m.targetToken == nil {
			s.remember(&s.authResponse, raw) // for a new target connection, which gets the client's
		}
		s.forward(raw, nil, h, 0, route{hold: true, setup: true})
	case primitive.OpCodeRegister:
		s.forward(raw, nil, h, source.bit(), route{})
	case primitive.OpCodeQuery:
		q, ok := cql.QueryText(raw)
		if !ok {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: malformed QUERY body"})
			return
		}
		s.forwardStatement(raw, h, q)
	case primitive.OpCodePrepare:
		q, ok := cql.QueryText(raw)
		if !ok {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: malformed PREPARE body"})
			return
		}
		p := &prepared{write: !cql.IsSelect(q), query: string(q), topo: cql.SystemTable(q)}
		if h.Version >= primitive.ProtocolVersion5 {
			if f, err := cql.Decode(raw); err == nil {
				if pr, ok := f.Body.Message.(*message.Prepare); ok {
					p.keyspace = pr.Keyspace
				}
			}
		}
		if p.write && s.m.cfg.DeterministicFunctions {
			if raw = markFunctions(raw, q, p); len(p.fns) > 0 {
				s.m.stats.FunctionsRewritten.Add(1)
			}
		}
		if _, n := cql.RewriteFunctions([]byte(p.query), cql.DefaultLiterals()); p.write && n > 0 {
			s.m.stats.NondeterministicPrepared.Add(1)
			s.m.log.Warn("a prepared write calls now(), uuid() or the like; each cluster will evaluate it on its own, so their values will differ",
				"statement", p.query)
		}
		s.forward(raw, nil, h, bothBits, route{hold: true, setup: true, prep: p})
	case primitive.OpCodeExecute:
		s.onExecute(raw, h)
	case primitive.OpCodeBatch:
		s.onBatch(raw, h)
	default:
		s.reply(h, &message.ProtocolError{ErrorMessage: fmt.Sprintf("cqlmirror: unknown or unexpected request opcode 0x%02x", byte(h.Opcode))})
	}
}

// remember keeps a copy of a handshake frame for replaying to a new target connection.
func (s *Session) remember(dst *[]byte, raw []byte) {
	s.mu.Lock()
	*dst = append((*dst)[:0], raw...)
	s.mu.Unlock()
}

// forwardStatement routes a QUERY: reads go to the source only.
func (s *Session) forwardStatement(raw []byte, h cql.Header, q []byte) {
	if cql.IsSelect(q) {
		topo := cql.SystemTable(q)
		s.forward(raw, nil, h, source.bit(), route{topo: topo, shadow: s.sampleRead(raw, topo == "", q, nil)})
		return
	}
	if isSchemaOrUse(q) {
		use := bytes.EqualFold(cql.FirstWord(q), []byte("USE"))
		if down := s.targetState(); !use && down != nil && s.m.routes == bothBits {
			// On the source alone it would leave the clusters with different schemas, and every
			// later write to what it changed would fail on the target.
			s.reply(h, &message.ServerError{ErrorMessage: "cqlmirror: schema change refused: it needs both clusters, and " + down.Error() + "; retry once the target is back"})
			return
		}
		o := route{hold: true, setup: use, journal: !use, schema: !use}
		if use {
			o.use = string(q) // the session's keyspace once the source took it
		}
		s.forward(raw, nil, h, bothBits, o)
		return
	}
	if s.m.cfg.DeterministicFunctions {
		if text, n := cql.RewriteFunctions(q, cql.DefaultLiterals()); n > 0 {
			if rewritten, ok := cql.WithQueryText(s.fnText[:0], raw, text); ok {
				s.fnText, raw = rewritten, rewritten
				s.m.stats.FunctionsRewritten.Add(1)
			}
		}
	}
	s.forward(s.stamped(raw), nil, h, bothBits, route{hold: *s.m.cfg.Wait, journal: true})
}

var schemaWords = [][]byte{[]byte("CREATE"), []byte("ALTER"), []byte("DROP"), []byte("TRUNCATE"), []byte("USE"), []byte("GRANT"), []byte("REVOKE")}

// isSchemaOrUse reports statements whose effect later requests depend on; they always wait for
// both clusters, so a client never races the target's schema.
func isSchemaOrUse(q []byte) bool {
	w := cql.FirstWord(q)
	for _, k := range schemaWords {
		if bytes.EqualFold(w, k) {
			return true
		}
	}
	return false
}

func (s *Session) onExecute(raw []byte, h cql.Header) {
	id, off, ok := cql.ExecuteID(raw)
	if !ok {
		s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: malformed EXECUTE body"})
		return
	}
	p := s.m.prepared.get(id)
	if p == nil {
		s.reply(h, &message.Unprepared{ErrorMessage: "cqlmirror has not seen this statement prepared; prepare it again", Id: append([]byte(nil), id...)})
		return
	}
	if !p.write {
		s.forward(raw, nil, h, source.bit(), route{topo: p.topo, columns: p.columns, shadow: s.sampleRead(raw, p.topo == "", nil, p)})
		return
	}
	tid, ok := s.targetID(p, id)
	if !ok {
		s.reply(h, &message.Unprepared{ErrorMessage: "cqlmirror: the target has not prepared this statement; prepare it again", Id: append([]byte(nil), id...)})
		return
	}
	if len(p.fns) > 0 {
		withValues, err := withFunctionValues(raw, p.fns)
		if err != nil {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: cannot add the values of now(), uuid() and the like: " + err.Error()})
			return
		}
		raw = withValues
		if id, off, ok = cql.ExecuteID(raw); !ok {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: malformed EXECUTE body"})
			return
		}
	}
	raw = s.stamped(raw)
	tgt := raw
	if tid != nil && string(tid) != string(id) {
		s.scratch = cql.Splice(s.scratch[:0], raw, append(s.edits[:0], cql.Edit{Off: off, New: tid}))
		tgt = s.scratch
	}
	s.texts = append(s.texts[:0], p.query)
	s.ids = append(s.ids[:0], id)
	s.forward(raw, tgt, h, bothBits, route{hold: *s.m.cfg.Wait, journal: true, skipTarget: p.refusal(tid), keyspace: p.keyspace, texts: s.texts, ids: s.ids})
}

// targetID is the target's id for a prepared write. A statement prepared while the target was
// unreachable has none: it runs on the source alone while the target stays down, and once the
// target is back the client is asked to prepare it again, so that both clusters have it.
func (s *Session) targetID(p *prepared, sourceID []byte) (id []byte, ok bool) {
	if p.target != nil || !p.write || s.m.routes == source.bit() {
		return p.target, true
	}
	down := s.targetState() != nil
	if down || p.refused != "" && s.m.now() < p.retryAt {
		return nil, true
	}
	s.m.prepared.remove(sourceID)
	return nil, false
}

// targetState is why the session goes on without the target, or nil.
func (s *Session) targetState() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.targetDown
}

func (s *Session) onBatch(raw []byte, h cql.Header) {
	if s.m.cfg.DeterministicFunctions {
		if rewritten, n := cql.RewriteBatchFunctions(raw, cql.DefaultLiterals()); n > 0 {
			raw = rewritten
			s.m.stats.FunctionsRewritten.Add(1)
		}
		withValues, err := s.m.batchFunctionValues(raw)
		if err != nil {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: cannot add the values of now(), uuid() and the like: " + err.Error()})
			return
		}
		raw = withValues
	}
	s.edits, s.texts, s.ids = s.edits[:0], s.texts[:0], s.ids[:0]
	var missing []byte
	var refusal string
	err := cql.BatchPreparedIDs(raw, func(id []byte, off int) {
		p := s.m.prepared.get(id)
		switch {
		case p == nil:
			if missing == nil {
				missing = append([]byte(nil), id...)
			}
		default:
			s.texts = append(s.texts, p.query)
			s.ids = append(s.ids, id)
			tid, ok := s.targetID(p, id)
			switch {
			case !ok && missing == nil:
				missing = append([]byte(nil), id...)
			case ok && tid != nil && string(tid) != string(id):
				s.edits = append(s.edits, cql.Edit{Off: off, New: tid})
			case ok && refusal == "":
				refusal = p.refusal(tid)
			}
		}
	})
	if err != nil {
		s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: " + err.Error()})
		return
	}
	if missing != nil {
		s.reply(h, &message.Unprepared{ErrorMessage: "cqlmirror has not seen this statement prepared; prepare it again", Id: missing})
		return
	}
	raw = s.stamped(raw)
	tgt := raw
	if len(s.edits) > 0 {
		s.scratch = cql.Splice(s.scratch[:0], raw, s.edits)
		tgt = s.scratch
	}
	s.forward(raw, tgt, h, bothBits, route{hold: *s.m.cfg.Wait, journal: true, skipTarget: refusal, texts: s.texts, ids: s.ids})
}

// route says how to handle one forwarded request; see pending for the fields.
type route struct {
	use     string // a USE statement
	hold    bool
	setup   bool // a handshake, USE or PREPARE: see pending.setupDeadline
	journal bool
	schema  bool // DDL: never held back by max_target_queue_bytes
	prep    *prepared
	// keyspace is a prepared write's keyspace; others run in the session's.
	keyspace string
	texts    []string // see pending.texts
	topo     string
	columns  []*message.ColumnMetadata
	shadow   *shadowRead
	// skipTarget, when set, keeps the request from the target and is the reason recorded.
	skipTarget string
	// ids are the source ids of the prepared statements a write executes.
	ids [][]byte
}

// refusal is the reason a write of p skips the target: it runs with no target id because the
// target refused to prepare it, or did not answer the PREPARE in time.
func (p *prepared) refusal(targetID []byte) string {
	if targetID != nil || p.refused == "" {
		return ""
	}
	return "the target did not prepare the statement: " + p.refused
}

// forward sends raw to the clusters in mask (tgt, when set, is what the target gets instead) under
// a fresh stream id. A zero mask means "every cluster that is in the middle of authenticating".
func (s *Session) forward(raw, tgt []byte, h cql.Header, mask uint8, o route) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.over() {
		return
	}
	if s.failed != nil {
		s.replyLocked(h.Version, h.Stream, &message.ServerError{ErrorMessage: "cqlmirror: " + s.failed.Error()})
		s.closing = true
		return
	}
	if mask == 0 {
		for r := range s.backends {
			if s.backends[r].authenticating {
				mask |= role(r).bit()
			}
		}
		if mask == 0 {
			s.replyLocked(h.Version, h.Stream, &message.ProtocolError{ErrorMessage: "cqlmirror: AUTH_RESPONSE without a pending authentication"})
			return
		}
	}
	mask &= s.m.routes
	if tgt == nil {
		tgt = raw
	}
	queueFull := mask&target.bit() != 0 && o.journal && !o.schema && s.targetQueued+len(tgt) > s.m.cfg.MaxTargetQueueBytes
	if queueFull && s.m.cfg.FailurePolicy == Strict {
		s.m.stats.TargetQueueFull.Add(1)
		s.replyLocked(h.Version, h.Stream, &message.Overloaded{ErrorMessage: fmt.Sprintf("cqlmirror: %d bytes already wait for the target on this connection (max_target_queue_bytes %d); sent to neither cluster", s.targetQueued, s.m.cfg.MaxTargetQueueBytes)})
		return
	}
	id, ok := s.allocLocked()
	if !ok {
		s.replyLocked(h.Version, h.Stream, &message.Overloaded{ErrorMessage: "cqlmirror: too many requests in flight on this connection"})
		return
	}
	p := &s.slots[id]
	p.inUse, p.client, p.op, p.hold = true, h.Stream, h.Opcode, o.hold
	p.answered, p.haveHeld, p.mirrored, p.prep = false, false, mask == bothBits, o.prep
	p.topo, p.columns, p.use = o.topo, o.columns, o.use
	p.reply = [2]outcome{}
	now := s.m.now()
	p.deadline = now + int64(s.m.cfg.RequestTimeout)
	p.start, p.sentAt, p.proc = s.readAt, now, now-s.procFrom
	s.procFrom = now
	if o.shadow != nil && s.targetDown == nil && s.targetQueued+len(o.shadow.frame) <= s.m.cfg.MaxTargetQueueBytes {
		mask |= target.bit() // the source still decides alone: p.mirrored and p.hold stay false
		tgt = o.shadow.frame
		p.shadow = o.shadow
	}
	p.write = o.journal
	p.journal = p.mirrored && o.journal
	p.keyspace = o.keyspace
	if p.journal {
		p.texts = append(p.texts[:0], o.texts...)
	}
	if p.keyspace == "" {
		p.keyspace = s.keyspace
	}
	if o.prep != nil && o.prep.keyspace == "" {
		o.prep.keyspace = s.keyspace
	}
	if p.journal {
		p.sent = append(p.sent[:0], tgt...)
	}
	if p.mirrored {
		s.m.stats.Mirrored.Add(1)
		s.m.mt.mirrored.Inc()
	}
	lost := 0
	switch {
	case s.targetDown != nil:
		o.skipTarget, lost = "target unreachable: "+s.targetDown.Error(), outcomeUnreachable
	case queueFull && o.skipTarget == "":
		s.m.stats.TargetQueueFull.Add(1)
		o.skipTarget, lost = fmt.Sprintf("target queue full: %d bytes already wait for it on this connection (max_target_queue_bytes %d)", s.targetQueued, s.m.cfg.MaxTargetQueueBytes), outcomeQueueFull
	}
	if o.skipTarget != "" && mask&target.bit() != 0 {
		mask &^= target.bit()
		p.reply[target] = outcome{failed: o.skipTarget, lost: uint8(lost)}
		if p.write {
			s.m.mt.writes[target][p.reply[target].kind()].Inc()
		}
	}
	p.await, p.open = mask, mask
	p.setupDeadline = 0
	if o.setup && mask&target.bit() != 0 && s.m.cfg.FailurePolicy == SourceDecides {
		p.setupDeadline = now + int64(s.m.cfg.HealthCheck.Timeout)
	}
	var lacking [][]byte
	if mask&source.bit() != 0 && len(o.ids) > 0 {
		lacking = s.sourceLacksLocked(o.ids)
	}
	for r := range s.backends {
		if mask&role(r).bit() == 0 || role(r) == source && lacking != nil {
			continue
		}
		frame := raw
		if role(r) == target {
			frame = tgt
		}
		b := &s.backends[r]
		start := len(b.wbuf)
		b.wbuf = append(b.wbuf, frame...)
		cql.SetStream(b.wbuf[start:], id)
	}
	if mask&target.bit() != 0 {
		p.targetBytes = len(tgt)
		s.targetQueued += p.targetBytes
	}
	if lacking != nil {
		s.holdForSourceLocked(id, raw, lacking)
	}
}

func (s *Session) allocLocked() (int16, bool) {
	if n := len(s.free); n > 0 {
		id := s.free[n-1]
		s.free = s.free[:n-1]
		s.inflight++
		return id, true
	}
	if len(s.slots) >= maxInflight {
		return 0, false
	}
	s.slots = append(s.slots, pending{})
	s.inflight++
	return int16(len(s.slots) - 1), true
}
