package e2e

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// rawConn is a client connection driven frame by frame, at any protocol version, for input no
// driver sends. It returns errors instead of failing the test, so goroutines can use it, and
// every read and write has a deadline: a proxy that stops answering cannot hang the suite.
type rawConn struct {
	net.Conn
	version  primitive.ProtocolVersion
	segments bool   // v5 after READY: both directions carry segments
	pending  []byte // segment payload bytes not yet read as frames
}

func dialRaw(addr string) (*rawConn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &rawConn{Conn: c, version: primitive.ProtocolVersion4}, nil
}

var rawCodec = frame.NewCodec()

// encodeRequest returns msg as one frame of version v on stream.
func encodeRequest(v primitive.ProtocolVersion, stream int16, msg message.Message) []byte {
	var b bytes.Buffer
	if err := rawCodec.EncodeFrame(frame.NewFrame(v, stream, msg), &b); err != nil {
		panic(fmt.Sprintf("encode %v at v%d: %v", msg, v, err)) // only the tests' own messages
	}
	return b.Bytes()
}

// write sends whole frames, back to back; in v5 after READY, wrapped in segments.
func (c *rawConn) write(frames []byte, d time.Duration) error {
	if c.segments {
		var err error
		if frames, err = cql.AppendSegments(nil, frames, false); err != nil {
			return err
		}
	}
	c.SetWriteDeadline(time.Now().Add(d))
	_, err := c.Write(frames)
	return err
}

// next reads one frame within d.
func (c *rawConn) next(d time.Duration) (cql.Header, []byte, error) {
	c.SetReadDeadline(time.Now().Add(d))
	for c.segments {
		if len(c.pending) >= cql.HeaderLen {
			h := cql.ParseHeader(c.pending)
			if end := cql.HeaderLen + h.Length; h.Length >= 0 && len(c.pending) >= end {
				body := append([]byte(nil), c.pending[cql.HeaderLen:end]...)
				c.pending = c.pending[end:]
				return h, body, nil
			}
		}
		p, err := cql.ReadSegment(c, false)
		if err != nil {
			return cql.Header{}, nil, err
		}
		c.pending = append(c.pending, p...)
	}
	hb := make([]byte, cql.HeaderLen)
	if _, err := io.ReadFull(c, hb); err != nil {
		return cql.Header{}, nil, err
	}
	h := cql.ParseHeader(hb)
	if h.Length < 0 || h.Length > 1<<24 {
		return h, nil, fmt.Errorf("a reply header claims a %d-byte body", h.Length)
	}
	body := make([]byte, h.Length)
	_, err := io.ReadFull(c, body)
	return h, body, err
}

// call sends msg on stream and returns the reply on that stream within d, skipping others.
func (c *rawConn) call(stream int16, msg message.Message, d time.Duration) (cql.Header, []byte, error) {
	deadline := time.Now().Add(d)
	if err := c.write(encodeRequest(c.version, stream, msg), d); err != nil {
		return cql.Header{}, nil, err
	}
	for {
		h, body, err := c.next(time.Until(deadline))
		if err != nil || h.Stream == stream {
			return h, body, err
		}
	}
}

// startup sends STARTUP at version v and wants READY within d; at v5 the connection then uses
// segments.
func (c *rawConn) startup(v primitive.ProtocolVersion, d time.Duration) error {
	c.version = v
	h, body, err := c.call(1, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}, d)
	if err != nil {
		return fmt.Errorf("STARTUP at v%d: no READY within %s: %w", v, d, err)
	}
	if h.Opcode != primitive.OpCodeReady {
		return fmt.Errorf("STARTUP at v%d: got %s, want READY", v, describeReply(h, body))
	}
	c.segments = v >= primitive.ProtocolVersion5
	return nil
}

// describeReply names a reply's opcode, with the code and message of an ERROR.
func describeReply(h cql.Header, body []byte) string {
	if h.Opcode != primitive.OpCodeError || len(body) < 6 {
		return h.Opcode.String()
	}
	n := int(binary.BigEndian.Uint16(body[4:6]))
	return fmt.Sprintf("ERROR 0x%04x %q", binary.BigEndian.Uint32(body), body[6:min(6+n, len(body))])
}

// serveCheck is what a fresh client does first: STARTUP at v4, then a query of system.local;
// each step must be answered within d.
func serveCheck(addr string, d time.Duration) error {
	c, err := dialRaw(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.startup(primitive.ProtocolVersion4, d); err != nil {
		return err
	}
	q := &message.Query{Query: "SELECT release_version FROM system.local", Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}
	h, body, err := c.call(2, q, d)
	if err != nil {
		return fmt.Errorf("SELECT release_version FROM system.local: no reply within %s: %w", d, err)
	}
	if h.Opcode != primitive.OpCodeResult {
		return fmt.Errorf("SELECT release_version FROM system.local: got %s, want RESULT", describeReply(h, body))
	}
	return nil
}
