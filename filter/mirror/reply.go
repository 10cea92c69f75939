package mirror

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// outcome is what one cluster did with one request.
type outcome struct {
	op          primitive.OpCode
	code        primitive.ErrorCode
	failed      string // set when no reply will count: a timeout or a lost connection
	lost        uint8  // with failed: outcomeTimeout or outcomeUnreachable (else an error)
	conditional bool   // a conditional write's reply, with its [applied] verdict
	applied     bool
}

func (o outcome) ok() bool { return o.failed == "" && o.op != primitive.OpCodeError }

// kind is the outcome as cqlmirror_writes_total labels it.
func (o outcome) kind() int {
	switch {
	case o.lost != 0:
		return int(o.lost)
	case !o.ok():
		return outcomeError
	}
	return outcomeOK
}

func (o outcome) String() string {
	switch {
	case o.failed != "":
		return o.failed
	case o.op == primitive.OpCodeError:
		return "ERROR " + o.code.String()
	case o.conditional:
		return fmt.Sprintf("RESULT [applied]=%t", o.applied)
	}
	return o.op.String()
}

func (s *Session) reply(h cql.Header, msg message.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replyLocked(h.Version, h.Stream, msg)
}

// replyAndClose queues a reply of the proxy's own, after which the client connection is closed.
func (s *Session) replyAndClose(v primitive.ProtocolVersion, stream int16, msg message.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replyLocked(v, stream, msg)
	s.closing = true
}

// replyLocked queues a reply made by the proxy itself, at version v when the codec can encode
// it: a frame's own version may be one the proxy does not serve.
func (s *Session) replyLocked(v primitive.ProtocolVersion, stream int16, msg message.Message) {
	if e, isErr := msg.(message.Error); isErr {
		s.m.stats.ClientErrors.Add(1)
		s.m.mt.serverError(proxyErrors, e.GetErrorCode())
	}
	s.out = append(s.out, cql.Encode(s.replyVersion(v), stream, msg)...)
}

// replyVersion is v if the proxy serves it, else the session's version, else the highest one.
func (s *Session) replyVersion(v primitive.ProtocolVersion) primitive.ProtocolVersion {
	switch {
	case cql.Supported(v):
		return v
	case cql.Supported(s.version):
		return s.version
	}
	return cql.MaxSupported
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
	s.m.health[r].ok()
	if !p.internal && p.open&r.bit() != 0 {
		s.m.mt.clusterDuration[r][opIndex(p.op)].Observe(seconds(s.replyAt[r] - p.sentAt))
	}
	plain := raw // what the proxy reads; raw is what the client gets, unless rewritten
	// Decompress only replies the proxy reads: most read results pass through untouched.
	reads := h.Opcode == primitive.OpCodeError || p.journal || p.prep != nil || p.topo != "" || p.internal || p.shadow != nil
	if reads && h.Flags&cql.FlagCompression != 0 {
		var err error
		if plain, err = cql.Uncompressed(s.plainReply[:0], raw, s.comp); err != nil {
			s.m.log.Error("cannot decompress a reply; passing it on unread", "cluster", r.String(), "error", err)
			plain = raw
		} else {
			s.plainReply = plain
		}
	}
	if p.internal {
		return s.onInternalReplyLocked(h.Stream, plain, "")
	}
	p.await &^= r.bit()
	if r == source && (p.prep != nil || p.journal && h.Opcode == primitive.OpCodeError) {
		s.noteSourcePrepareLocked(p, h, plain)
	}
	if r == source && p.open&r.bit() != 0 && h.Opcode == primitive.OpCodeResult &&
		(p.peersReply != nil || p.topo == cql.SystemPeers || p.topo == cql.SystemPeersV2) {
		out, fetching := s.peersNeedLocalLocked(p, h.Stream, plain)
		if fetching {
			return false
		}
		raw, plain = out, out
	}
	if r == target && p.open&r.bit() != 0 && p.op == primitive.OpCodeStartup && h.Opcode == primitive.OpCodeAuthenticate && s.m.targetToken != nil {
		// target.credentials: the proxy authenticates the target itself, under the STARTUP's
		// stream id, whether or not the source asks the client to authenticate.
		if startsSegments(s.version, h.Opcode) {
			s.backends[target].segmented = true
		}
		s.sendLocked(target, cql.Encode(s.version, 0, &message.AuthResponse{Token: s.m.targetToken}), h.Stream)
		p.await |= target.bit()
		return false
	}
	if r == target && p.open&r.bit() != 0 && p.journal && h.Opcode == primitive.OpCodeError {
		if id, ok := cql.UnpreparedID(plain); ok && s.reprepareLocked(p, h.Stream, id) {
			s.slots[h.Stream].await |= target.bit() // the write goes out again under this id
			return false
		}
	}
	if p.open&r.bit() != 0 { // otherwise the request already timed out there, and this is late
		raw = s.observeLocked(r, p, h, raw, plain)
		if p.shadow != nil {
			p.shadow.keep(r, plain)
		}
		wake = s.settleLocked(p, r, raw)
		end := s.m.now()
		p.proc += end - s.replyProcFrom[r]
		s.replyProcFrom[r] = end
	}
	if p.await == 0 {
		s.finishLocked(p, h.Stream)
		if s.closing && !s.woken {
			s.woken, wake = true, true
		}
	}
	return wake
}

// settleLocked records that cluster r's outcome is known: raw is its reply, or nil when it failed
// (p.reply[r] then says how). Once every cluster is settled the client gets its answer, unless
// the source's reply already went out.
func (s *Session) settleLocked(p *pending, r role, raw []byte) (wake bool) {
	p.open &^= r.bit()
	if p.write {
		s.m.mt.writes[r][p.reply[r].kind()].Inc()
	}
	switch {
	case p.answered:
	case r == source && (!p.hold || p.open == 0):
		wake = s.answerLocked(p, s.decideLocked(p, raw))
	case r == source:
		if raw != nil {
			p.held = append(p.held[:0], raw...)
			p.haveHeld = true
		}
	case p.open == 0:
		var src []byte
		if p.haveHeld {
			src = p.held
		}
		wake = s.answerLocked(p, s.decideLocked(p, src))
	}
	if p.open == 0 && p.mirrored {
		s.concludeLocked(p)
	}
	if p.open == 0 && p.shadow != nil {
		s.m.reports.submit(p.shadow, p.reply)
		p.shadow = nil
	}
	return wake
}

// decideLocked picks the client's reply from what is known: the source's reply src, except when
// the source failed, or when the target failed a write and the policy (or the statement) says
// the client must hear of it.
func (s *Session) decideLocked(p *pending, src []byte) []byte {
	if o := p.reply[source]; o.failed != "" {
		s.m.mt.serverError(proxyErrors, primitive.ErrorCodeServerError)
		return cql.Encode(s.replyVersion(s.version), p.client, &message.ServerError{ErrorMessage: fmt.Sprintf(
			"cqlmirror: source cluster %s: %s", s.m.addr[source], o.failed)})
	}
	if !p.mirrored || p.open&target.bit() != 0 || p.reply[target].ok() || !p.reply[source].ok() {
		return src
	}
	if s.m.cfg.FailurePolicy != Strict {
		return src
	}
	if o := p.reply[target]; o.failed != "" {
		s.m.mt.serverError(proxyErrors, primitive.ErrorCodeServerError)
		return cql.Encode(s.replyVersion(s.version), p.client, &message.ServerError{ErrorMessage: fmt.Sprintf(
			"cqlmirror: target cluster %s: %s", s.m.addr[target], o.failed)})
	}
	return p.targetErr
}

func (s *Session) answerLocked(p *pending, raw []byte) bool {
	p.answered = true
	took := s.m.now() - p.start
	s.m.mt.duration[opIndex(p.op)].Observe(seconds(took))
	if s.nlat < maxLatencies {
		s.lat[s.nlat] = uint32(min(took/1000, 1<<32-1))
		s.nlat++
	}
	wake := s.emitLocked(raw, p.client)
	if p.op == primitive.OpCodeStartup && s.segFrom < 0 && startsSegments(s.version, cql.ParseHeader(raw).Opcode) {
		s.segFrom = len(s.out)
		s.segIn.Store(true)
	}
	return wake
}

// startsSegments reports whether a STARTUP answered with op switches a connection of protocol
// version v to segments.
func startsSegments(v primitive.ProtocolVersion, op primitive.OpCode) bool {
	return v >= primitive.ProtocolVersion5 && (op == primitive.OpCodeReady || op == primitive.OpCodeAuthenticate)
}

// observeLocked records what a reply says about the session (authentication state, prepared ids)
// and returns the frame to pass on: raw, or a rewrite of it. plain is raw decompressed.
func (s *Session) observeLocked(r role, p *pending, h cql.Header, raw, plain []byte) []byte {
	if p.op == primitive.OpCodeStartup && startsSegments(s.version, h.Opcode) {
		s.backends[r].segmented = true
	}
	switch h.Opcode {
	case primitive.OpCodeAuthenticate, primitive.OpCodeAuthChallenge:
		s.backends[r].authenticating = true
	case primitive.OpCodeReady, primitive.OpCodeAuthSuccess, primitive.OpCodeError:
		s.backends[r].authenticating = false
	}
	o := outcome{op: h.Opcode}
	if h.Opcode == primitive.OpCodeError {
		o.code, _ = cql.ErrorCode(plain)
		s.m.mt.serverError(int(r), o.code)
		if r == target {
			p.targetErr = append(p.targetErr[:0], raw...)
			if p.prep != nil && p.prep.write {
				p.prep.refused = o.code.String()
				if f, err := cql.Decode(plain); err == nil {
					if e, ok := f.Body.Message.(message.Error); ok && e.GetErrorMessage() != "" {
						p.prep.refused = e.GetErrorMessage()
					}
				}
			}
		}
	}
	if r == target && (p.op == primitive.OpCodeAuthResponse || p.op == primitive.OpCodeStartup && s.m.targetToken != nil) && h.Opcode == primitive.OpCodeError {
		who := "the client's credentials"
		if c := s.m.cfg.Target.Credentials; c != nil {
			who = fmt.Sprintf("target.credentials (user %q)", c.Username)
		}
		msg := ""
		if f, err := cql.Decode(plain); err == nil {
			msg = fmt.Sprint(f.Body.Message)
		}
		s.m.log.Error("the target refused "+who+"; writes on this connection will miss it", "address", s.m.addr[target], "error", msg)
	}
	if p.journal && h.Opcode == primitive.OpCodeResult {
		o.applied, o.conditional = cql.Applied(plain)
	}
	if r == source && p.use != "" && h.Opcode == primitive.OpCodeResult {
		s.useStatement = p.use // a new target connection replays it
		if f, err := cql.Decode(plain); err == nil {
			if ks, ok := f.Body.Message.(*message.SetKeyspaceResult); ok {
				s.keyspace = ks.Keyspace
			}
		}
	}
	p.reply[r] = o
	if r == source && p.topo != "" && h.Opcode == primitive.OpCodeResult {
		t := cql.Topology{Self: s.local, Peers: s.m.peers}
		if local := s.m.sourceLocal.Load(); local != nil {
			t.Local = *local
		}
		if rewritten, local, err := cql.RewriteTopology(plain, p.topo, t, p.columns); err == nil {
			raw = rewritten
			if local != nil {
				s.m.learnLocal(local)
			}
		} else {
			s.m.log.Error("could not rewrite a topology reply; passing the source's", "table", "system."+p.topo, "error", err)
		}
	}
	if r == source && p.op == primitive.OpCodeOptions && h.Opcode == primitive.OpCodeSupported {
		offer := []string{string(cql.LZ4), string(cql.Snappy)}
		if s.version >= primitive.ProtocolVersion5 {
			offer = offer[:1] // v5 compresses segments, with lz4 only
		}
		if kept, err := cql.KeepSupportedValues(plain, "COMPRESSION", offer...); err == nil {
			raw = kept
		}
	}
	if p.prep != nil && h.Opcode == primitive.OpCodeResult {
		if res, ok := cql.Prepared(plain); ok {
			if r == source {
				if fns := p.prep.fns; len(fns) > 0 {
					if hidden, err := hideFunctionVariables(plain, fns); err == nil {
						raw = hidden
					} else {
						s.m.log.Error("could not hide the proxy's variables from a PREPARED result; the driver will send too few values", "statement", p.prep.query, "error", err)
					}
				}
				p.prepSrc = res.PreparedQueryId
				if !p.mirrored { // mirror_writes off: no target reply to wait for
					s.m.prepared.put(p.prepSrc, p.prep)
				}
				if !p.prep.write && res.ResultMetadata != nil { // for topology rewrites and read reports
					p.prep.columns = res.ResultMetadata.Columns
				}
			} else {
				p.prep.target = res.PreparedQueryId
			}
		}
	}
	return raw
}

// concludeLocked runs once both clusters' outcomes of a mirrored request are known: it compares
// them, remembers prepared ids, and records a write the target missed.
func (s *Session) concludeLocked(p *pending) {
	src, tgt := p.reply[source], p.reply[target]
	if tgt.op == primitive.OpCodeError {
		s.m.stats.TargetErrors.Add(1)
	}
	if p.op == primitive.OpCodeStartup && tgt.op == primitive.OpCodeAuthSuccess {
		tgt = src // authenticated by the proxy with target.credentials: as good as the source's reply
	}
	if p.op == primitive.OpCodeStartup && src.op == primitive.OpCodeReady && tgt.op == primitive.OpCodeAuthenticate {
		s.m.log.Error("the target asks for authentication and the source does not; configure target.credentials, or writes on this connection will miss the target",
			"address", s.m.addr[target])
	}
	if src.conditional && tgt.conditional && src.applied != tgt.applied {
		s.m.stats.AppliedDisagreements.Add(1)
	}
	if src != tgt {
		s.m.stats.DifferentResults.Add(1)
		s.m.mt.different[opIndex(p.op)].Inc()
		s.m.differLog.log(s.m.log, slog.LevelWarn, "clusters answered differently", "opcode", p.op.String(), "source", src.String(), "target", tgt.String())
	}
	refused := p.prep != nil && p.prep.refused != "" && s.m.cfg.FailurePolicy == SourceDecides
	if refused && p.prepSrc != nil {
		p.prep.retryAt = s.m.now() + int64(refusedRetry)
		s.m.log.Warn("the target did not prepare a write; its executions run on the source alone and are recorded in failed_writes_file",
			"statement", p.prep.query, "error", p.prep.refused, "retry_in", refusedRetry)
	}
	if p.prep != nil && p.prepSrc != nil && (p.prep.target != nil || !p.prep.write || tgt.failed != "" || refused) {
		s.m.prepared.put(p.prepSrc, p.prep)
	}
	if p.journal && src.ok() && !tgt.ok() {
		s.m.stats.TargetFailedWrites.Add(1)
		s.m.mt.targetFailed[tgt.kind()].Inc()
		s.missed = append(s.missed, missedWrite{sent: bytes.Clone(p.sent), reason: tgt.String(), targetErr: bytes.Clone(p.targetErr), keyspace: p.keyspace, texts: slices.Clone(p.texts)})
		s.hasMissed.Store(true)
	}
}

func (s *Session) finishLocked(p *pending, id int16) {
	if !p.internal && p.inUse {
		s.m.mt.processing[opIndex(p.op)].Observe(seconds(p.proc))
	}
	p.inUse = false
	s.targetQueued -= p.targetBytes
	p.targetBytes = 0
	p.shadow = nil
	p.prep, p.prepSrc, p.columns, p.stmt = nil, nil, nil, nil
	p.internal, p.reprepared = false, false
	p.srcWaits = 0
	if cap(p.held) > keepBuffer {
		p.held = nil
	}
	if cap(p.srcHeld) > keepBuffer {
		p.srcHeld = nil
	}
	if cap(p.sent) > keepBuffer {
		p.sent = nil
	}
	s.free = append(s.free, id)
	s.inflight--
	if s.clientEOF && s.inflight == 0 {
		s.closing = true
	}
}

// failLocked handles a cluster connection that could not be opened or broke; report says whether
// it counts against the cluster's health (it does not when the health state caused it). The
// source is essential: every open request gets an error and the client connection is closed. The
// target is not, unless the policy is strict: the session goes on with the source alone.
func (s *Session) failLocked(r role, err error, report bool) (wake bool) {
	if s.over() || s.failed != nil || (r == target && s.targetDown != nil) {
		return false
	}
	why := fmt.Sprintf("%s cluster %s: %v", r, s.m.addr[r], err)
	if report {
		s.m.health[r].failed(err.Error(), true)
	}
	s.m.stats.BackendFailures.Add(1)
	s.disconnectedLocked(r)
	if r == target && s.m.cfg.FailurePolicy == SourceDecides {
		s.m.log.Error("target cluster unreachable; this connection goes on with the source and records the writes the target misses",
			"address", s.m.addr[target], "error", err, "failed_writes_file", s.m.cfg.FailedWritesFile)
		return s.targetLostLocked(errors.New(why))
	}
	s.failed = errors.New(why)
	s.m.log.Error("cluster connection failed; closing the client connection", "cluster", r.String(), "address", s.m.addr[r], "error", err)
	for i := range s.slots {
		p := &s.slots[i]
		if p.inUse && !p.answered {
			p.answered = true
			s.replyLocked(s.version, p.client, &message.ServerError{ErrorMessage: "cqlmirror: " + why})
		}
	}
	s.closing = true
	if s.woken {
		return false
	}
	s.woken = true
	return true
}

// targetLostLocked lets the session go on without the target (source-decides): its connection is
// dropped, its open requests are settled as failed, every write from now on is recorded as missed,
// and a goroutine catches a new connection up once the target is healthy.
func (s *Session) targetLostLocked(why error) (wake bool) {
	s.targetDown = why
	b := &s.backends[target]
	b.wbuf, b.authenticating, b.segmented, b.segTail = b.wbuf[:0], false, false, nil
	if c := b.live.Swap(nil); c != nil {
		closeConn(c.Conn)
	}
	b.gen++ // the broken connection's goroutines are stale from now on
	b.conn, b.raw = nil, nil
	b.releaseNode()
	go s.reconnectTarget()
	for i := range s.slots {
		p := &s.slots[i]
		if p.inUse && p.internal && p.await&target.bit() != 0 {
			p.await, p.open = 0, 0
			s.finishLocked(p, int16(i))
			continue
		}
		if p.inUse && p.await&target.bit() != 0 {
			p.await &^= target.bit()
			if p.open&target.bit() != 0 {
				p.reply[target] = outcome{failed: "connection lost: " + why.Error(), lost: outcomeUnreachable}
				wake = s.settleLocked(p, target, nil) || wake
			}
			if p.await == 0 {
				s.finishLocked(p, int16(i))
			}
		}
	}
	return wake
}

// sweepLocked runs every sweepEvery: it expires overdue requests, and drops the target connection
// while the target is unhealthy, so that no request waits for it.
func (s *Session) sweepLocked() (wake bool) {
	if s.over() {
		return false
	}
	wake = s.expireLocked(s.m.now())
	if h := s.m.health[target]; s.backends[target].conn != nil && s.targetDown == nil && !h.healthy() {
		wake = s.failLocked(target, h.why(), false) || wake
	}
	if s.clientEOF && !s.owesAnswerLocked() && !(s.closing && s.woken) {
		// The client half-closed and has every answer: close without waiting for late replies,
		// which a cluster may never send.
		s.closing = true
		if !s.woken {
			s.woken, wake = true, true
		}
	}
	return wake
}

// owesAnswerLocked reports whether a client request still waits for its answer.
func (s *Session) owesAnswerLocked() bool {
	for i := range s.slots {
		if p := &s.slots[i]; p.inUse && !p.internal && !p.answered {
			return true
		}
	}
	return false
}

// expireLocked settles as failed every cluster that has not answered a request by its deadline.
// The stream id stays reserved until the late reply arrives. A target that does not answer a
// handshake, USE or PREPARE within health_check.timeout (source-decides) loses its connection
// instead: the client goes on with the source alone, and the target is caught up in the
// background.
func (s *Session) expireLocked(now int64) (wake bool) {
	for i := range s.slots {
		p := &s.slots[i]
		if !p.inUse || p.open == 0 {
			continue
		}
		if p.internal {
			if p.deadline <= now {
				wake = s.onInternalReplyLocked(int16(i), nil, "no reply to the re-PREPARE within request_timeout") || wake
			}
			continue
		}
		if p.setupDeadline != 0 && p.setupDeadline <= now && p.open&target.bit() != 0 && s.targetDown == nil {
			why := fmt.Sprintf("no reply to %s within health_check.timeout %s", strings.ToUpper(opcodeName(p.op)), time.Duration(s.m.cfg.HealthCheck.Timeout))
			s.m.health[target].failed(why, false)
			wake = s.failLocked(target, errors.New(why), false) || wake
		}
		if p.deadline > now || p.open == 0 {
			continue
		}
		for r := source; r <= target; r++ {
			if p.open&r.bit() == 0 {
				continue
			}
			s.m.stats.Timeouts.Add(1)
			p.reply[r] = outcome{failed: fmt.Sprintf("no reply within request_timeout %s", s.m.requestTimeout()), lost: outcomeTimeout}
			node := s.backends[r].node
			if !s.m.nodeFailed(r, node, "node "+node.String()+": "+p.reply[r].failed) {
				s.m.health[r].failed(p.reply[r].failed, false)
			}
			if r == target && p.prep != nil && p.prep.write {
				p.prep.refused = p.reply[r].failed
			}
			wake = s.settleLocked(p, r, nil) || wake
			if r == target && s.m.cfg.FailurePolicy == SourceDecides && s.targetDown == nil && s.backends[target].conn != nil && s.m.nodes[target].Live() > 0 {
				// Another target node is up: move there rather than wait for this one.
				wake = s.failLocked(target, fmt.Errorf("node %s: %s", node, p.reply[r].failed), false) || wake
			}
		}
	}
	return wake
}
