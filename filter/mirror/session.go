package mirror

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
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
	framer  cql.Framer
	version primitive.ProtocolVersion
	scratch []byte
	stamp   []byte
	topo    string // set by forwardRead for the request being forwarded
	columns []*message.ColumnMetadata
	edits   []cql.Edit

	flushMu sync.Mutex
	done    chan struct{}

	mu        sync.Mutex
	out       []byte
	spare     []byte
	woken     bool
	closing   bool
	closed    bool
	clientEOF bool
	failed    error
	slots     []pending
	free      []int16
	inflight  int
	backends  [2]backend
}

type backend struct {
	wbuf, wspare   []byte
	writing        bool // one writer at a time: the binding's thread or the backend's goroutine
	kick           chan struct{}
	conn           net.Conn
	raw            syscall.RawConn // set for plain TCP: lets the binding's thread write without blocking
	authenticating bool
}

// pending is one request sent to one or both clusters under the slot's stream id.
type pending struct {
	inUse     bool
	client    int16
	op        primitive.OpCode
	await     uint8 // clusters that still owe a reply
	hold      bool  // answer the client only once await is empty
	answered  bool
	held      []byte // the source's reply, kept while the target is awaited
	haveHeld  bool
	mirrored  bool
	reply     [2]outcome
	topo      string // the topology table a read comes from, if any
	columns   []*message.ColumnMetadata
	prep      *prepared // PREPARE only
	prepSrc   []byte
	targetErr []byte
}

type outcome struct {
	op   primitive.OpCode
	code primitive.ErrorCode
}

// NewSession starts a session for one client connection and begins dialing both clusters.
func (m *Mirror) NewSession(d Downstream) *Session {
	s := &Session{m: m, d: d, local: d.LocalAddr(), done: make(chan struct{})}
	s.framer.Max = m.cfg.MaxFrameBytes
	for r := range s.backends {
		s.backends[r].kick = make(chan struct{}, 1)
		go s.runBackend(role(r))
	}
	m.stats.Sessions.Add(1)
	return s
}

// OnData takes bytes from the client, in any chunking. p is not retained. Whatever the chunk
// held for the clusters goes out in one write per cluster.
func (s *Session) OnData(p []byte) {
	s.framer.Feed(p, s.onFrame)
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
	out := s.out
	s.out, s.spare = s.spare[:0], nil
	s.woken = false
	closeConn = s.closing
	s.mu.Unlock()
	if len(out) > 0 {
		write(out)
	}
	if cap(out) <= keepBuffer {
		s.mu.Lock()
		s.spare = out[:0]
		s.mu.Unlock()
	}
	return closeConn
}

// Close ends the session: the client connection is gone.
func (s *Session) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := [2]net.Conn{s.backends[source].conn, s.backends[target].conn}
	s.mu.Unlock()
	close(s.done)
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
	s.m.stats.Sessions.Add(-1)
}

func (s *Session) onFrame(f cql.Frame) {
	h := f.Header
	s.m.stats.Requests.Add(1)
	switch {
	case f.Unframable:
		msg := fmt.Sprintf("Invalid or unsupported protocol version (%d); supported versions are (3/v3, 4/v4)", h.Version)
		if h.Response {
			msg = "cqlmirror: a client must not send response frames"
		}
		s.mu.Lock()
		s.replyLocked(cql.MaxSupported, h.Stream, &message.ProtocolError{ErrorMessage: msg})
		s.closing = true
		s.mu.Unlock()
		return
	case f.Oversized:
		s.reply(h, &message.ProtocolError{ErrorMessage: fmt.Sprintf(
			"cqlmirror: request body of %d bytes exceeds max_frame_bytes %d", h.Length, s.framer.Max)})
		return
	case !cql.Supported(h.Version):
		s.reply(cql.Header{Version: cql.MaxSupported, Stream: h.Stream}, &message.ProtocolError{ErrorMessage: fmt.Sprintf(
			"Invalid or unsupported protocol version (%d); supported versions are (3/v3, 4/v4)", h.Version)})
		return
	case s.version != 0 && h.Version != s.version:
		s.reply(h, &message.ProtocolError{ErrorMessage: fmt.Sprintf(
			"cqlmirror: protocol version %d on a connection that uses %d", h.Version, s.version)})
		return
	case h.Flags&cql.FlagCompression != 0:
		s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: compressed frames are not supported; do not negotiate COMPRESSION"})
		return
	}
	s.version = h.Version
	raw := f.Raw
	switch h.Opcode {
	case primitive.OpCodeOptions:
		s.forward(raw, nil, h, bothBits, true, nil)
	case primitive.OpCodeStartup:
		opts, err := cql.StartupOptions(raw)
		if err != nil {
			s.reply(h, &message.ProtocolError{ErrorMessage: "cqlmirror: malformed STARTUP: " + err.Error()})
			return
		}
		if c := opts["COMPRESSION"]; c != "" {
			s.reply(h, &message.ProtocolError{ErrorMessage: fmt.Sprintf("cqlmirror: COMPRESSION %q is not supported", c)})
			return
		}
		s.forward(raw, nil, h, bothBits, true, nil)
	case primitive.OpCodeAuthResponse:
		s.forward(raw, nil, h, 0, true, nil)
	case primitive.OpCodeRegister:
		s.forward(raw, nil, h, source.bit(), false, nil)
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
		s.forward(raw, nil, h, bothBits, true, p)
	case primitive.OpCodeExecute:
		s.onExecute(raw, h)
	case primitive.OpCodeBatch:
		s.onBatch(raw, h)
	default:
		s.reply(h, &message.ProtocolError{ErrorMessage: fmt.Sprintf("cqlmirror: unknown or unexpected request opcode 0x%02x", byte(h.Opcode))})
	}
}

// forwardStatement routes a QUERY: reads go to the source only.
func (s *Session) forwardStatement(raw []byte, h cql.Header, q []byte) {
	if cql.IsSelect(q) {
		s.forwardRead(raw, h, cql.SystemTable(q), nil)
		return
	}
	if isSchemaOrUse(q) {
		s.forward(raw, nil, h, bothBits, true, nil)
		return
	}
	s.forward(s.stamped(raw), nil, h, bothBits, *s.m.cfg.Wait, nil)
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
		s.forwardRead(raw, h, p.topo, p.columns)
		return
	}
	raw = s.stamped(raw)
	tgt := raw
	if string(p.target) != string(id) {
		s.scratch = cql.Splice(s.scratch[:0], raw, append(s.edits[:0], cql.Edit{Off: off, New: p.target}))
		tgt = s.scratch
	}
	s.forward(raw, tgt, h, bothBits, *s.m.cfg.Wait, nil)
}

func (s *Session) onBatch(raw []byte, h cql.Header) {
	s.edits = s.edits[:0]
	var missing []byte
	err := cql.BatchPreparedIDs(raw, func(id []byte, off int) {
		p := s.m.prepared.get(id)
		switch {
		case p == nil:
			if missing == nil {
				missing = append([]byte(nil), id...)
			}
		case string(p.target) != string(id):
			s.edits = append(s.edits, cql.Edit{Off: off, New: p.target})
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
	s.forward(raw, tgt, h, bothBits, *s.m.cfg.Wait, nil)
}

// forwardRead sends a read to the source; a read of a topology table gets its reply rewritten.
func (s *Session) forwardRead(raw []byte, h cql.Header, topo string, columns []*message.ColumnMetadata) {
	s.topo, s.columns = topo, columns
	s.forward(raw, nil, h, source.bit(), false, nil)
	s.topo, s.columns = "", nil
}

// forward sends raw to the clusters in mask (tgt, when set, is what the target gets instead) under
// a fresh stream id. A zero mask means "every cluster that is in the middle of authenticating".
func (s *Session) forward(raw, tgt []byte, h cql.Header, mask uint8, hold bool, prep *prepared) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if s.failed != nil {
		s.replyLocked(h.Version, h.Stream, &message.ServerError{ErrorMessage: "cqlmirror: " + s.failed.Error()})
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
	id, ok := s.allocLocked()
	if !ok {
		s.replyLocked(h.Version, h.Stream, &message.Overloaded{ErrorMessage: "cqlmirror: too many requests in flight on this connection"})
		return
	}
	p := &s.slots[id]
	p.inUse, p.client, p.op, p.await, p.hold = true, h.Stream, h.Opcode, mask, hold
	p.answered, p.haveHeld, p.mirrored, p.prep = false, false, mask == bothBits, prep
	p.topo, p.columns = s.topo, s.columns
	if p.mirrored {
		s.m.stats.Mirrored.Add(1)
	}
	if tgt == nil {
		tgt = raw
	}
	for r := range s.backends {
		if mask&role(r).bit() == 0 {
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

func (s *Session) reply(h cql.Header, msg message.Message) {
	s.mu.Lock()
	s.replyLocked(h.Version, h.Stream, msg)
	s.mu.Unlock()
}

// replyLocked queues a reply made by the proxy itself.
func (s *Session) replyLocked(v primitive.ProtocolVersion, stream int16, msg message.Message) {
	if _, isErr := msg.(message.Error); isErr {
		s.m.stats.ClientErrors.Add(1)
	}
	s.out = append(s.out, cql.Encode(v, stream, msg)...)
}

// emitLocked queues a reply for the client under its own stream id and reports whether the
// binding must be woken.
func (s *Session) emitLocked(raw []byte, stream int16) (wake bool) {
	start := len(s.out)
	s.out = append(s.out, raw...)
	cql.SetStream(s.out[start:], stream)
	if s.woken {
		return false
	}
	s.woken = true
	return true
}

// onReplyLocked handles one frame from cluster r and reports whether the binding must be woken.
func (s *Session) onReplyLocked(r role, raw []byte) (wake bool) {
	h := cql.ParseHeader(raw)
	if h.Stream < 0 {
		if r == source && h.Opcode == primitive.OpCodeEvent {
			return s.emitLocked(raw, h.Stream)
		}
		return false
	}
	if int(h.Stream) >= len(s.slots) || s.slots[h.Stream].await&r.bit() == 0 {
		s.m.log.Warn("reply for a stream with no request in flight", "cluster", r.String(), "stream", h.Stream)
		return false
	}
	p := &s.slots[h.Stream]
	p.await &^= r.bit()
	raw = s.observeLocked(r, p, h, raw)
	switch {
	case p.answered:
	case r == source && (!p.hold || p.await == 0):
		wake = s.answerLocked(p, p.choose(raw))
	case r == source:
		p.held = append(p.held[:0], raw...)
		p.haveHeld = true
	case p.await == 0 && p.haveHeld:
		wake = s.answerLocked(p, p.choose(p.held))
	}
	if p.await == 0 {
		s.finishLocked(p, h.Stream)
		if s.closing && !s.woken {
			s.woken, wake = true, true
		}
	}
	return wake
}

// choose picks the client's reply once every awaited cluster answered: the source's, except for
// a write statement that only the source could prepare. Executing it could never reach the
// target, so the client gets the target's error instead.
func (p *pending) choose(src []byte) []byte {
	if p.prep != nil && p.prep.write && p.reply[source].op == primitive.OpCodeResult && p.reply[target].op == primitive.OpCodeError {
		return p.targetErr
	}
	return src
}

func (s *Session) answerLocked(p *pending, raw []byte) bool {
	p.answered = true
	return s.emitLocked(raw, p.client)
}

// observeLocked records what a reply says about the session (authentication state, prepared ids)
// and compares the two clusters' replies. It returns the frame to pass on.
func (s *Session) observeLocked(r role, p *pending, h cql.Header, raw []byte) []byte {
	switch h.Opcode {
	case primitive.OpCodeAuthenticate, primitive.OpCodeAuthChallenge:
		s.backends[r].authenticating = true
	case primitive.OpCodeReady, primitive.OpCodeAuthSuccess, primitive.OpCodeError:
		s.backends[r].authenticating = false
	}
	o := outcome{op: h.Opcode}
	if h.Opcode == primitive.OpCodeError {
		o.code, _ = cql.ErrorCode(raw)
	}
	p.reply[r] = o
	if r == source && p.topo != "" && h.Opcode == primitive.OpCodeResult {
		if rewritten, err := cql.RewriteTopology(raw, p.topo, s.local, p.columns); err == nil {
			raw = rewritten
		} else {
			s.m.log.Error("could not rewrite a topology reply; passing the source's", "table", "system."+p.topo, "error", err)
		}
	}
	if r == source && p.op == primitive.OpCodeOptions && h.Opcode == primitive.OpCodeSupported {
		if stripped, err := cql.ClearSupportedOption(raw, "COMPRESSION"); err == nil {
			raw = stripped
		}
	}
	if p.prep != nil && r == target && h.Opcode == primitive.OpCodeError {
		p.targetErr = append(p.targetErr[:0], raw...)
	}
	if p.prep != nil && h.Opcode == primitive.OpCodeResult {
		if res, ok := cql.Prepared(raw); ok {
			if r == source {
				p.prepSrc = res.PreparedQueryId
				if p.prep.topo != "" && res.ResultMetadata != nil {
					p.prep.columns = res.ResultMetadata.Columns
				}
			} else {
				p.prep.target = res.PreparedQueryId
			}
		}
	}
	if p.await != 0 || !p.mirrored {
		return raw
	}
	if p.reply[target].op == primitive.OpCodeError {
		s.m.stats.TargetErrors.Add(1)
	}
	if p.reply[source] != p.reply[target] {
		s.m.stats.DifferentResults.Add(1)
		s.m.log.Warn("clusters answered differently", "opcode", p.op.String(),
			"source", p.reply[source].String(), "target", p.reply[target].String())
	}
	if p.prep != nil && p.prepSrc != nil && (p.prep.target != nil || !p.prep.write) {
		s.m.prepared.put(p.prepSrc, p.prep)
	}
	return raw
}

func (o outcome) String() string {
	if o.op == primitive.OpCodeError {
		return "ERROR " + o.code.String()
	}
	return o.op.String()
}

func (s *Session) finishLocked(p *pending, id int16) {
	p.inUse = false
	p.prep, p.prepSrc, p.columns = nil, nil, nil
	if cap(p.held) > keepBuffer {
		p.held = nil
	}
	s.free = append(s.free, id)
	s.inflight--
	if s.clientEOF && s.inflight == 0 {
		s.closing = true
	}
}

// failLocked answers every open request with an error and closes the client connection after
// that: a session never goes on with one cluster silently missing writes.
func (s *Session) failLocked(r role, err error) (wake bool) {
	if s.closed || s.failed != nil {
		return false
	}
	s.failed = fmt.Errorf("%s cluster %s: %w", r, s.m.addr[r], err)
	s.m.stats.BackendFailures.Add(1)
	s.m.log.Error("cluster connection failed; closing the client connection", "cluster", r.String(), "address", s.m.addr[r], "error", err)
	for i := range s.slots {
		p := &s.slots[i]
		if p.await != 0 && !p.answered {
			p.answered = true
			s.replyLocked(s.version, p.client, &message.ServerError{ErrorMessage: "cqlmirror: " + s.failed.Error()})
		}
	}
	s.closing = true
	if s.woken {
		return false
	}
	s.woken = true
	return true
}

// runBackend dials cluster r and then writes whatever the binding's thread could not.
func (s *Session) runBackend(r role) {
	conn, err := s.m.dial(r)
	b := &s.backends[r]
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		if conn != nil {
			conn.Close()
		}
		return
	}
	if err != nil {
		wake := s.failLocked(r, err)
		s.mu.Unlock()
		if wake {
			s.d.Wake()
		}
		return
	}
	b.conn = conn
	if tcp, ok := conn.(*net.TCPConn); ok {
		b.raw, _ = tcp.SyscallConn()
	}
	s.mu.Unlock()
	go s.readBackend(r, conn)
	for {
		for {
			s.mu.Lock()
			buf := b.takeLocked()
			s.mu.Unlock()
			if buf == nil {
				break
			}
			n, err := conn.Write(buf)
			s.mu.Lock()
			more := b.doneLocked(buf, n)
			s.mu.Unlock()
			if err != nil {
				s.backendError(r, err)
				return
			}
			if !more {
				break
			}
		}
		select {
		case <-b.kick:
		case <-s.done:
			return
		}
	}
}

// readBackend reads replies from cluster r until the connection ends.
func (s *Session) readBackend(r role, conn net.Conn) {
	br := bufio.NewReaderSize(conn, 64<<10)
	buf := make([]byte, 4096)
	for {
		if _, err := io.ReadFull(br, buf[:cql.HeaderLen]); err != nil {
			s.backendError(r, err)
			return
		}
		h := cql.ParseHeader(buf)
		if !h.Response || h.Length > ProtocolMaxFrameBytes {
			s.backendError(r, fmt.Errorf("malformed reply header % x", buf[:cql.HeaderLen]))
			return
		}
		n := cql.HeaderLen + h.Length
		if n > cap(buf) {
			buf = append(buf[:cql.HeaderLen], make([]byte, n-cql.HeaderLen)...)
		}
		if _, err := io.ReadFull(br, buf[cql.HeaderLen:n]); err != nil {
			s.backendError(r, err)
			return
		}
		s.mu.Lock()
		wake := s.onReplyLocked(r, buf[:n])
		s.mu.Unlock()
		if wake {
			s.d.Wake()
		}
		if cap(buf) > keepBuffer {
			buf = make([]byte, 4096)
		}
	}
}

func (s *Session) backendError(r role, err error) {
	s.mu.Lock()
	wake := s.failLocked(r, err)
	s.mu.Unlock()
	if wake {
		s.d.Wake()
	}
}
