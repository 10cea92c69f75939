package mirror

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

const (
	minReconnectWait = time.Second
	maxReconnectWait = 10 * time.Second
	// reconnectJitter spreads the sessions that catch up when the target comes back.
	reconnectJitter = 250 * time.Millisecond
)

// reconnectTarget brings a session that lost the target back to it. It waits until the target's
// health state says it answers, then dials, replays the client's session (STARTUP,
// authentication, the keyspace in use) and prepares the statements the target lacks, before the
// new connection takes writes. A failed try waits a second or more (10 s at most) before the next.
func (s *Session) reconnectTarget() {
	defer s.m.recovered("catching up the target", s.kill)
	h := s.m.health[target]
	wait := time.Duration(0)
	for {
		select {
		case <-s.done:
			return
		case <-time.After(wait + rand.N(reconnectJitter)):
		}
		select {
		case <-s.done:
			return
		case <-h.waitUp():
		}
		wait = min(max(2*wait, minReconnectWait), maxReconnectWait)
		st := s.catchUpState()
		if st.startup == nil {
			wait = minReconnectWait
			continue // the client has not started its session yet; nothing to catch up with
		}
		conn, node, release, err := s.m.dialNode(target)
		if err == nil {
			if err = catchUp(conn, time.Duration(s.m.cfg.ConnectTimeout), st); err == nil {
				s.prepareMissing(conn, st)
			} else {
				closeConn(conn)
				release()
			}
		}
		if err != nil {
			var refused *replyError
			if !errors.As(err, &refused) { // the node did not answer; a refusal is this session's own
				if s.m.nodeFailed(target, node, "catching a session up: "+err.Error()) {
					wait = 0 // another node may take it at once
				} else {
					h.failed("catching a session up: "+err.Error(), true)
				}
			}
			s.m.log.Warn("target still unreachable", "cluster", s.m.addr[target], "node", node.String(), "error", err, "retry_in", wait.String())
			continue
		}
		gen, ok := s.attachCaughtUp(conn, st, node, release)
		if !ok {
			continue // the session ended, or the client changed its keyspace meanwhile
		}
		s.m.stats.TargetReconnects.Add(1)
		s.m.log.Info("target reachable again; mirroring resumes on this connection", "cluster", s.m.addr[target], "node", node.String())
		s.serve(target, conn, gen)
		return
	}
}

// sessionState is what a new target connection replays of the client's session.
type sessionState struct {
	startup, auth []byte
	use           string
	version       primitive.ProtocolVersion
	lz4           bool
}

func (s *Session) catchUpState() sessionState {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := sessionState{startup: s.startup, auth: s.authResponse, use: s.useStatement, version: s.version, lz4: s.comp == cql.LZ4}
	if s.m.targetToken != nil {
		st.auth = cql.Encode(st.version, 0, &message.AuthResponse{Token: s.m.targetToken})
	}
	return st
}

// attachCaughtUp makes conn to node, caught up to st, the session's target connection, unless the
// session ended or the client changed its keyspace meanwhile (then conn is closed).
func (s *Session) attachCaughtUp(conn net.Conn, st sessionState, node netip.AddrPort, release func()) (gen int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.useStatement != st.use {
		closeConn(conn)
		release()
		return 0, false
	}
	if gen, ok = s.attachLocked(target, conn, node, release); ok {
		s.backends[target].segmented = st.version >= primitive.ProtocolVersion5
		s.targetDown = nil
	}
	return gen, ok
}

// prepareMissing prepares on a caught-up target connection the writes the target has no id for
// (they were prepared while it was down). An id is kept only if it equals the source's: Cassandra
// derives it from the keyspace and the text, so a statement prepared under another keyspace is
// left for the client to prepare again when it next runs it.
func (s *Session) prepareMissing(conn net.Conn, st sessionState) {
	conn.SetDeadline(time.Now().Add(time.Duration(s.m.cfg.ConnectTimeout)))
	defer conn.SetDeadline(time.Time{})
	segmented := st.version >= primitive.ProtocolVersion5
	for _, sp := range s.m.prepared.withoutTarget() {
		req := cql.Encode(st.version, 0, &message.Prepare{Query: sp.p.query})
		raw, err := exchangeRaw(conn, req, segmented, st.lz4)
		if err != nil {
			return
		}
		if res, ok := cql.Prepared(raw); ok && bytes.Equal(res.PreparedQueryId, sp.id) {
			s.m.prepared.setTarget(sp.id, res.PreparedQueryId)
		}
	}
}

// catchUp replays the client's handshake and keyspace on a fresh connection, one request at a time.
func catchUp(conn net.Conn, timeout time.Duration, st sessionState) error {
	conn.SetDeadline(time.Now().Add(timeout))
	defer conn.SetDeadline(time.Time{})
	h, err := exchange(conn, st.startup, false, false)
	if err != nil {
		return fmt.Errorf("STARTUP: %w", err)
	}
	segmented := startsSegments(st.version, h)
	if h == primitive.OpCodeAuthenticate {
		if st.auth == nil {
			return &replyError{"the target asks for authentication and the client sent no credentials"}
		}
		if h, err = exchange(conn, st.auth, segmented, st.lz4); err != nil {
			return fmt.Errorf("AUTH_RESPONSE: %w", err)
		}
		if h != primitive.OpCodeAuthSuccess {
			return &replyError{fmt.Sprintf("AUTH_RESPONSE: the target answered %v", h)}
		}
	}
	if st.use == "" {
		return nil
	}
	q := cql.Encode(st.version, 0, &message.Query{Query: st.use, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}})
	if _, err := exchange(conn, q, segmented, st.lz4); err != nil {
		return fmt.Errorf("%s: %w", st.use, err)
	}
	return nil
}

// replyError is a node's ERROR reply to a request of the proxy's own: the node answered.
type replyError struct{ msg string }

func (e *replyError) Error() string { return e.msg }

// exchange sends one request on stream 0, in a v5 segment (lz4 when negotiated) when segmented,
// and returns the reply's opcode, or the server's error.
func exchange(conn net.Conn, req []byte, segmented, lz4 bool) (primitive.OpCode, error) {
	raw, err := exchangeRaw(conn, req, segmented, lz4)
	if err != nil {
		return 0, err
	}
	return cql.ParseHeader(raw).Opcode, nil
}

// exchangeRaw is exchange returning the whole reply frame, uncompressed when it is a v5 one.
func exchangeRaw(conn net.Conn, req []byte, segmented, lz4 bool) ([]byte, error) {
	req = append([]byte(nil), req...)
	cql.SetStream(req, 0)
	if segmented {
		var err error
		if req, err = cql.AppendSegments(nil, req, lz4); err != nil {
			return nil, err
		}
	}
	if _, err := conn.Write(req); err != nil {
		return nil, err
	}
	var src io.Reader = conn
	if segmented {
		payload, err := cql.ReadSegment(conn, lz4)
		if err != nil {
			return nil, err
		}
		src = bytes.NewReader(payload)
	}
	hdr := make([]byte, cql.HeaderLen)
	if _, err := io.ReadFull(src, hdr); err != nil {
		return nil, err
	}
	h := cql.ParseHeader(hdr)
	if h.Length < 0 || h.Length > ProtocolMaxFrameBytes {
		return nil, fmt.Errorf("reply of %d bytes", h.Length)
	}
	raw := append(hdr, make([]byte, h.Length)...)
	if _, err := io.ReadFull(src, raw[cql.HeaderLen:]); err != nil {
		return nil, err
	}
	if h.Opcode == primitive.OpCodeError {
		if f, err := cql.Decode(raw); err == nil {
			return nil, &replyError{fmt.Sprint(f.Body.Message)}
		}
		return nil, &replyError{"an undecodable ERROR"}
	}
	return raw, nil
}
