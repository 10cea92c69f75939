package replay

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// maxBody is the protocol's limit on a frame body.
const maxBody = 256 << 20

var codec = frame.NewCodec()

// encode is msg as a whole frame at version, stream 0.
func encode(version primitive.ProtocolVersion, msg message.Message) ([]byte, error) {
	var buf bytes.Buffer
	if err := codec.EncodeFrame(frame.NewFrame(version, 0, msg), &buf); err != nil {
		return nil, fmt.Errorf("encode %v at protocol v%d: %w", msg.GetOpCode(), version, err)
	}
	return buf.Bytes(), nil
}

// dialer opens connections to the target as the filter does: its contact points, TLS and login.
type dialer struct {
	points         []ContactPoint
	next           int // the point that answered last: tried first
	token          []byte
	connectTimeout time.Duration
	requestTimeout time.Duration
}

// conn is one connection to the target at one protocol version and in one keyspace, with many
// requests in flight: each holds a stream id until its reply comes.
type conn struct {
	nc        net.Conn
	br        *bufio.Reader
	version   primitive.ProtocolVersion
	segmented bool // protocol v5 once STARTUP was answered
	framer    cql.Framer
	queue     [][]byte // frames read from v5 segments and not handed out yet
	timeout   time.Duration

	mu      sync.Mutex
	wake    *sync.Cond
	out     []byte // frames waiting for the writer
	pending map[int16]*call
	free    []int16
	err     error // why the connection is closed; every call after it fails with it

	// prepared is the target's id of each statement text prepared on this connection (the
	// keyspace it runs in is part of the id). Only the dispatching goroutine uses it.
	prepared map[string]*preparedStmt
}

type call struct {
	fn       func(reply []byte, err error)
	timer    *time.Timer
	answered bool // fn was called (under conn.mu)
}

type preparedStmt struct {
	id, resultMetadataID []byte
	err                  error
}

// dial connects to the contact point that answered last, else to the others in order, logs in
// and, when keyspace is set, makes it the connection's keyspace. A point that cannot be reached
// (refused, timed out, TLS handshake failed) is passed over; one that answers with an error ends
// the dial with it. Only the dispatching goroutine dials.
func (d *dialer) dial(ctx context.Context, version primitive.ProtocolVersion, keyspace string) (*conn, error) {
	var errs []string
	for i := range d.points {
		at := (d.next + i) % len(d.points)
		cp := d.points[at]
		nc, err := d.connect(ctx, cp)
		if err == nil {
			var c *conn
			if c, err = d.open(nc, version, keyspace); err == nil {
				d.next = at
				return c, nil
			}
			var answered *answerError
			if errors.As(err, &answered) {
				return nil, fmt.Errorf("connect to %s: %w", cp.Address, err)
			}
		}
		errs = append(errs, fmt.Sprintf("connect to %s: %v", cp.Address, err))
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.New(strings.Join(errs, "; "))
}

// connect opens the TCP connection to cp, and TLS on it when cp has a TLS config. A host name is
// tried at each address it resolves to.
func (d *dialer) connect(ctx context.Context, cp ContactPoint) (net.Conn, error) {
	nd := net.Dialer{Timeout: d.connectTimeout, KeepAlive: 30 * time.Second}
	nc, err := nd.DialContext(ctx, "tcp", cp.Address)
	if err != nil {
		return nil, err
	}
	if cp.TLS == nil {
		return nc, nil
	}
	tc := tls.Client(nc, cp.TLS)
	hctx, cancel := context.WithTimeout(ctx, d.connectTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("TLS handshake with %s: %w", cp.Address, err)
	}
	return tc, nil
}

// open runs the handshake on nc and starts the connection's loops.
func (d *dialer) open(nc net.Conn, version primitive.ProtocolVersion, keyspace string) (*conn, error) {
	c := &conn{
		nc: nc, br: bufio.NewReaderSize(nc, 64<<10), version: version, timeout: d.requestTimeout,
		framer: cql.Framer{Max: maxBody, Replies: true}, pending: map[int16]*call{}, prepared: map[string]*preparedStmt{},
	}
	c.wake = sync.NewCond(&c.mu)
	for id := int16(32767); id > 0; id-- {
		c.free = append(c.free, id)
	}
	if err := c.handshake(d.token, keyspace); err != nil {
		nc.Close()
		return nil, err
	}
	go c.writeLoop()
	go c.readLoop()
	return c, nil
}

// handshake runs STARTUP, the login and USE one request at a time, before the connection
// pipelines.
func (c *conn) handshake(token []byte, keyspace string) error {
	reply, err := c.roundTrip(&message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}})
	if err != nil {
		return fmt.Errorf("STARTUP at protocol v%d: %w", c.version, err)
	}
	c.segmented = c.version >= primitive.ProtocolVersion5
	switch h := cql.ParseHeader(reply); h.Opcode {
	case primitive.OpCodeReady:
	case primitive.OpCodeAuthenticate:
		if token == nil {
			return &answerError{fmt.Sprintf("the target asks for a login (%s) and the config names no credentials for it", authenticator(reply))}
		}
		reply, err := c.roundTrip(&message.AuthResponse{Token: token})
		if err != nil {
			return fmt.Errorf("login: %w", err)
		}
		switch cql.ParseHeader(reply).Opcode {
		case primitive.OpCodeAuthSuccess:
		case primitive.OpCodeAuthChallenge:
			return &answerError{"login: the target's authenticator wants more than SASL PLAIN (username and password)"}
		default:
			return fmt.Errorf("login refused: %w", replyError(reply))
		}
	default:
		return fmt.Errorf("STARTUP at protocol v%d: %w", c.version, replyError(reply))
	}
	if keyspace == "" {
		return nil
	}
	use := `USE "` + strings.ReplaceAll(keyspace, `"`, `""`) + `"`
	reply, err = c.roundTrip(&message.Query{Query: use, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}})
	if err == nil {
		err = replyError(reply)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", use, err)
	}
	return nil
}

func authenticator(raw []byte) string {
	if f, err := cql.Decode(raw); err == nil {
		if a, ok := f.Body.Message.(*message.Authenticate); ok {
			return a.Authenticator
		}
	}
	return "an authenticator"
}

// roundTrip sends msg and reads one reply, within the request timeout.
func (c *conn) roundTrip(msg message.Message) ([]byte, error) {
	raw, err := encode(c.version, msg)
	if err != nil {
		return nil, err
	}
	if c.segmented {
		if raw, err = cql.AppendSegments(nil, raw, false); err != nil {
			return nil, err
		}
	}
	c.nc.SetDeadline(time.Now().Add(c.timeout))
	defer c.nc.SetDeadline(time.Time{})
	if _, err := c.nc.Write(raw); err != nil {
		return nil, err
	}
	reply, err := c.readFrame()
	if errors.Is(err, io.EOF) {
		err = errors.New("the target closed the connection")
	}
	return reply, err
}

// readFrame reads the next reply frame.
func (c *conn) readFrame() ([]byte, error) {
	if !c.segmented {
		hdr := make([]byte, cql.HeaderLen)
		if _, err := io.ReadFull(c.br, hdr); err != nil {
			return nil, err
		}
		h := cql.ParseHeader(hdr)
		if !h.Response || !cql.Framable(h.Version) || h.Length < 0 || h.Length > maxBody {
			return nil, fmt.Errorf("the target sent what is not a reply frame (header % x)", hdr)
		}
		raw := make([]byte, cql.HeaderLen+h.Length)
		copy(raw, hdr)
		if _, err := io.ReadFull(c.br, raw[cql.HeaderLen:]); err != nil {
			return nil, err
		}
		return raw, nil
	}
	for len(c.queue) == 0 {
		payload, err := cql.ReadSegment(c.br, false)
		if err != nil {
			return nil, err
		}
		var bad error
		c.framer.Feed(payload, func(f cql.Frame) {
			switch {
			case f.Unframable, f.Oversized:
				bad = fmt.Errorf("the target sent what is not a reply frame (header % x)", f.Raw[:min(len(f.Raw), cql.HeaderLen)])
			default:
				c.queue = append(c.queue, bytes.Clone(f.Raw))
			}
		})
		if bad != nil {
			return nil, bad
		}
	}
	raw := c.queue[0]
	c.queue = c.queue[1:]
	return raw, nil
}

// send writes a request frame on a free stream; fn gets its reply, or the error that ended the
// connection. A request unanswered within the request timeout closes the connection, as the
// target is then not answering at all: its requests in flight fail, the next ones redial.
func (c *conn) send(raw []byte, fn func(reply []byte, err error)) {
	c.mu.Lock()
	if c.err == nil && len(c.free) == 0 {
		c.mu.Unlock()
		fn(nil, errors.New("no free stream id on the connection"))
		return
	}
	if err := c.err; err != nil {
		c.mu.Unlock()
		fn(nil, err)
		return
	}
	id := c.free[len(c.free)-1]
	c.free = c.free[:len(c.free)-1]
	cql.SetStream(raw, id)
	cl := &call{fn: fn}
	c.pending[id] = cl
	cl.timer = time.AfterFunc(c.timeout, func() {
		c.mu.Lock()
		answered := cl.answered
		c.mu.Unlock()
		if !answered {
			c.fail(fmt.Errorf("no reply within %s (request_timeout)", c.timeout))
		}
	})
	c.out = append(c.out, raw...)
	c.wake.Signal()
	c.mu.Unlock()
}

func (c *conn) writeLoop() {
	for {
		c.mu.Lock()
		for len(c.out) == 0 && c.err == nil {
			c.wake.Wait()
		}
		if c.err != nil {
			c.mu.Unlock()
			return
		}
		buf := c.out
		c.out = nil
		c.mu.Unlock()
		var err error
		if c.segmented {
			buf, err = cql.AppendSegments(nil, buf, false)
		}
		if err == nil {
			c.nc.SetWriteDeadline(time.Now().Add(c.timeout))
			_, err = c.nc.Write(buf)
		}
		if err != nil {
			c.fail(err)
			return
		}
	}
}

func (c *conn) readLoop() {
	for {
		raw, err := c.readFrame()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("the target closed the connection")
			}
			c.fail(err)
			return
		}
		h := cql.ParseHeader(raw)
		c.mu.Lock()
		cl := c.pending[h.Stream]
		if cl == nil { // an event, or the reply to a request of a failed connection
			c.mu.Unlock()
			continue
		}
		delete(c.pending, h.Stream)
		c.free = append(c.free, h.Stream)
		cl.answered = true
		c.mu.Unlock()
		cl.timer.Stop()
		cl.fn(raw, nil)
	}
}

// fail closes the connection for err, failing every request in flight with it.
func (c *conn) fail(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	calls := make([]*call, 0, len(c.pending))
	for _, cl := range c.pending {
		if !cl.answered {
			cl.answered = true
			calls = append(calls, cl)
		}
	}
	c.pending = nil
	c.wake.Broadcast()
	c.mu.Unlock()
	c.nc.Close()
	for _, cl := range calls {
		cl.timer.Stop()
		cl.fn(nil, err)
	}
}

// closedBy is the error that closed the connection, nil while it is open.
func (c *conn) closedBy() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *conn) close() { c.fail(errors.New("closed")) }

// prepare returns the target's id for text on this connection, preparing it the first time. A
// statement the target refuses stays refused for the rest of the run.
func (c *conn) prepare(text string) (*preparedStmt, error) {
	if p, ok := c.prepared[text]; ok {
		return p, p.err
	}
	raw, err := encode(c.version, &message.Prepare{Query: text})
	if err != nil {
		return nil, err
	}
	type answer struct {
		reply []byte
		err   error
	}
	ch := make(chan answer, 1)
	c.send(raw, func(reply []byte, err error) { ch <- answer{reply, err} })
	a := <-ch
	if a.err != nil {
		return nil, fmt.Errorf("PREPARE: %w", a.err)
	}
	p := &preparedStmt{}
	if pr, ok := cql.Prepared(a.reply); ok {
		p.id, p.resultMetadataID = pr.PreparedQueryId, pr.ResultMetadataId
	} else {
		p.err = fmt.Errorf("unpreparable: %w", replyError(a.reply))
	}
	c.prepared[text] = p
	return p, p.err
}

// answerError is a refusal the target answered with, as opposed to a connection that failed.
type answerError struct{ msg string }

func (e *answerError) Error() string { return e.msg }

// replyError is the error a reply stands for: nil for a RESULT, the target's error for an ERROR.
func replyError(raw []byte) error {
	h := cql.ParseHeader(raw)
	switch h.Opcode {
	case primitive.OpCodeResult:
		return nil
	case primitive.OpCodeError:
		if f, err := cql.Decode(raw); err == nil {
			if e, ok := f.Body.Message.(message.Error); ok {
				return &answerError{fmt.Sprintf("the target answered %s: %s", strings.TrimPrefix(e.GetErrorCode().String(), "ErrorCode "), e.GetErrorMessage())}
			}
		}
		return &answerError{"the target answered with an undecodable ERROR"}
	}
	return &answerError{fmt.Sprintf("the target answered with %v", h.Opcode)}
}
