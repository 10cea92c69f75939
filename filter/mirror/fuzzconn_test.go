package mirror

import (
	"encoding/binary"
	"net/netip"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/golang/snappy"
	"github.com/pierrec/lz4/v4"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// fuzzConn is a client connection for hostile input. Like testConn it plays the binding, but a
// panic in the session is caught and returned, as the bindings' guard does, and the session is
// left alone after it; and it reads replies itself, through v5 segments and compression, without
// failing on what it cannot decode.
type fuzzConn struct {
	s    *Session
	v    primitive.ProtocolVersion
	comp cql.Compression
	mu   sync.Mutex  // the binding's thread: OnData and Flush
	dead atomic.Bool // a panic left the session unusable
	// heldLock is set when the panic left the session's lock held. The test releases it, or the
	// engine's sweeper, which locks every session in the process, would wait on it for ever and
	// stop request timeouts in every later test (as it would in Envoy, whose guard recovers).
	heldLock bool

	rmu      sync.Mutex // guards what follows
	wire     []byte     // written by the proxy, not yet read
	closed   bool       // Flush asked for the connection to be closed
	broken   bool       // the replies could not be read as frames
	segments bool       // replies are v5 segments from now on
	framer   cql.Framer
	deseg    cql.Desegmenter
	frames   [][]byte // replies read, decompressed, not yet taken
	got      chan struct{}
}

func newFuzzConn(m *Mirror, v primitive.ProtocolVersion) *fuzzConn {
	c := &fuzzConn{v: v, got: make(chan struct{}, 1), framer: cql.Framer{Max: ProtocolMaxFrameBytes, Replies: true}}
	c.mu.Lock()
	c.s = m.NewSession(c)
	c.mu.Unlock()
	return c
}

func (c *fuzzConn) Wake() { go c.flush() }

func (c *fuzzConn) LocalAddr() netip.AddrPort { return testProxyAddr }

func (c *fuzzConn) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dead.Load() {
		c.flushLocked()
	}
}

func (c *fuzzConn) flushLocked() {
	closeConn := c.s.Flush(func(p []byte) {
		c.rmu.Lock()
		c.wire = append(c.wire, p...)
		c.rmu.Unlock()
	})
	c.rmu.Lock()
	c.closed = c.closed || closeConn
	c.rmu.Unlock()
	select {
	case c.got <- struct{}{}:
	default:
	}
}

// send hands b to the session as Envoy would, then flushes. A panic is returned with its stack.
func (c *fuzzConn) send(b []byte) (panicked any, stack []byte) {
	if c.dead.Load() {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			c.dead.Store(true)
			panicked, stack = r, debug.Stack()
			if c.heldLock = !tryLock(&c.s.mu, 100*time.Millisecond); !c.heldLock {
				c.s.mu.Unlock()
			}
		}
	}()
	c.s.OnData(b)
	c.flushLocked()
	return nil, nil
}

// handshake sends OPTIONS and a STARTUP asking for the connection's compression, and reports
// whether both were answered without an error.
func (c *fuzzConn) handshake() bool {
	opts := map[string]string{"CQL_VERSION": "3.0.0"}
	if c.comp != cql.NoCompression {
		opts["COMPRESSION"] = string(c.comp)
	}
	for _, m := range []message.Message{&message.Options{}, &message.Startup{Options: opts}} {
		if p, _ := c.send(cql.Encode(c.v, 0, m)); p != nil {
			return false
		}
		if raw, ok := c.next(5 * time.Second); !ok || cql.ParseHeader(raw).Opcode == primitive.OpCodeError {
			return false
		}
	}
	return true
}

// tryLock reports whether mu could be locked within d (and leaves it locked if so). Other
// goroutines of a session hold its lock only briefly.
func tryLock(mu *sync.Mutex, d time.Duration) bool {
	for deadline := time.Now().Add(d); !mu.TryLock(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

// close ends the session, first releasing a lock a panic left held.
func (c *fuzzConn) close() {
	if c.heldLock {
		c.s.mu.Unlock()
		c.heldLock = false
	}
	c.s.Close()
}

// next returns the next reply, decompressed, waiting up to d. ok is false on timeout, and once
// the connection is closed or its replies unreadable and nothing is left.
func (c *fuzzConn) next(d time.Duration) (raw []byte, ok bool) {
	deadline := time.Now().Add(d)
	for {
		c.rmu.Lock()
		c.readLocked()
		if len(c.frames) > 0 {
			raw = c.frames[0]
			c.frames = c.frames[1:]
			c.rmu.Unlock()
			return raw, true
		}
		over := c.closed || c.broken
		c.rmu.Unlock()
		if over || time.Now().After(deadline) {
			return nil, false
		}
		select {
		case <-c.got:
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (c *fuzzConn) readLocked() {
	p := c.wire
	c.wire = nil
	if !c.segments {
		if p = c.framer.Feed(p, c.onReply); !c.segments {
			return
		}
	}
	if err := c.deseg.Feed(p, func(payload []byte) { c.framer.Feed(payload, c.onReply) }); err != nil {
		c.broken = true
	}
}

func (c *fuzzConn) onReply(f cql.Frame) {
	if f.Unframable || f.Oversized {
		c.broken = true
		return
	}
	raw := append([]byte(nil), f.Raw...)
	if f.Header.Flags&cql.FlagCompression != 0 {
		var err error
		if raw, err = cql.Uncompressed(nil, raw, c.comp); err != nil {
			c.broken = true
			return
		}
	}
	c.frames = append(c.frames, raw)
	if c.v >= primitive.ProtocolVersion5 && !c.segments && (f.Header.Opcode == primitive.OpCodeReady || f.Header.Opcode == primitive.OpCodeAuthenticate) {
		c.segments, c.deseg.Compressed = true, c.comp == cql.LZ4
		c.framer.Stop() // the proxy writes segments after the STARTUP reply
	}
}

// wire is what the client puts on the wire for whole frames: in v5, after the handshake,
// segments (lz4 when negotiated).
func (c *fuzzConn) wireFor(frames []byte) []byte {
	c.rmu.Lock()
	segmented := c.segments
	c.rmu.Unlock()
	if !segmented {
		return frames
	}
	b, err := cql.AppendSegments(nil, frames, c.comp == cql.LZ4)
	if err != nil {
		panic(err) // the caller passes whole frames
	}
	return b
}

// compressFrame compresses a frame's body as a client does, and sets the flag.
func compressFrame(frame []byte, c cql.Compression) []byte {
	body := frame[cql.HeaderLen:]
	var z []byte
	if c == cql.Snappy {
		z = snappy.Encode(nil, body)
	} else {
		z = make([]byte, lz4.CompressBlockBound(len(body)))
		n, err := lz4.CompressBlock(body, z, nil)
		if err != nil || n == 0 {
			z, n = literals(body), -1
		}
		if n >= 0 {
			z = z[:n]
		}
		z = append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), z...)
	}
	h := cql.ParseHeader(frame)
	h.Flags |= cql.FlagCompression
	return cql.AppendFrame(nil, h, z)
}

// literals is an lz4 block holding b as one run of literals, as lz4 stores what it cannot shrink.
func literals(b []byte) []byte {
	if len(b) < 15 {
		return append([]byte{byte(len(b) << 4)}, b...)
	}
	out := []byte{0xf0}
	n := len(b) - 15
	for ; n >= 255; n -= 255 {
		out = append(out, 255)
	}
	return append(append(out, byte(n)), b...)
}
