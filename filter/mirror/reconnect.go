package mirror

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

const maxReconnectBackoff = 10 * time.Second

// reconnectTarget keeps trying the target after a session lost it, with a backoff from 1s to
// 10s. A new connection is brought to the client's session state (STARTUP, authentication, the
// keyspace in use) before it takes writes again.
func (s *Session) reconnectTarget() {
	for backoff := time.Second; ; backoff = min(2*backoff, maxReconnectBackoff) {
		select {
		case <-s.done:
			return
		case <-time.After(backoff):
		}
		s.mu.Lock()
		startup, auth, use, version, lz4 := s.startup, s.authResponse, s.useStatement, s.version, s.comp == cql.LZ4
		s.mu.Unlock()
		if s.m.targetToken != nil {
			auth = cql.Encode(version, 0, &message.AuthResponse{Token: s.m.targetToken})
		}
		if startup == nil {
			continue // the client has not started its session yet; nothing to catch up with
		}
		conn, err := s.m.dial(target)
		if err == nil {
			err = catchUp(conn, time.Duration(s.m.cfg.ConnectTimeout), startup, auth, use, version, lz4)
			if err != nil {
				conn.Close()
			}
		}
		if err != nil {
			s.m.log.Warn("target still unreachable", "address", s.m.addr[target], "error", err, "retry_in", min(2*backoff, maxReconnectBackoff).String())
			continue
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			conn.Close()
			return
		}
		gen := s.attachLocked(target, conn)
		s.backends[target].segmented = version >= primitive.ProtocolVersion5
		s.targetDown = nil
		s.mu.Unlock()
		s.m.stats.TargetReconnects.Add(1)
		s.m.log.Info("target reachable again; mirroring resumes on this connection", "address", s.m.addr[target])
		s.serve(target, conn, gen)
		return
	}
}

// catchUp replays the client's handshake and keyspace on a fresh connection, one request at a time.
func catchUp(conn net.Conn, timeout time.Duration, startup, auth []byte, use string, v primitive.ProtocolVersion, lz4 bool) error {
	conn.SetDeadline(time.Now().Add(timeout))
	defer conn.SetDeadline(time.Time{})
	h, err := exchange(conn, startup, false, false)
	if err != nil {
		return fmt.Errorf("STARTUP: %w", err)
	}
	segmented := startsSegments(v, h)
	if h == primitive.OpCodeAuthenticate {
		if auth == nil {
			return errors.New("the target asks for authentication and the client sent no credentials")
		}
		if h, err = exchange(conn, auth, segmented, lz4); err != nil {
			return fmt.Errorf("AUTH_RESPONSE: %w", err)
		}
		if h != primitive.OpCodeAuthSuccess {
			return fmt.Errorf("AUTH_RESPONSE: the target answered %v", h)
		}
	}
	if use == "" {
		return nil
	}
	q := cql.Encode(v, 0, &message.Query{Query: use, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}})
	if _, err := exchange(conn, q, segmented, lz4); err != nil {
		return fmt.Errorf("%s: %w", use, err)
	}
	return nil
}

// exchange sends one request on stream 0, in a v5 segment (lz4 when negotiated) when segmented,
// and returns the reply's opcode, or the server's error.
func exchange(conn net.Conn, req []byte, segmented, lz4 bool) (primitive.OpCode, error) {
	req = append([]byte(nil), req...)
	cql.SetStream(req, 0)
	if segmented {
		var err error
		if req, err = cql.AppendSegments(nil, req, lz4); err != nil {
			return 0, err
		}
	}
	if _, err := conn.Write(req); err != nil {
		return 0, err
	}
	var src io.Reader = conn
	if segmented {
		payload, err := cql.ReadSegment(conn, lz4)
		if err != nil {
			return 0, err
		}
		src = bytes.NewReader(payload)
	}
	hdr := make([]byte, cql.HeaderLen)
	if _, err := io.ReadFull(src, hdr); err != nil {
		return 0, err
	}
	h := cql.ParseHeader(hdr)
	if h.Length > ProtocolMaxFrameBytes {
		return 0, fmt.Errorf("reply of %d bytes", h.Length)
	}
	raw := append(hdr, make([]byte, h.Length)...)
	if _, err := io.ReadFull(src, raw[cql.HeaderLen:]); err != nil {
		return 0, err
	}
	if h.Opcode == primitive.OpCodeError {
		if f, err := cql.Decode(raw); err == nil {
			return 0, fmt.Errorf("%v", f.Body.Message)
		}
		return 0, errors.New("an undecodable ERROR")
	}
	return h.Opcode, nil
}
