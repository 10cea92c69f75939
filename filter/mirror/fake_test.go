package mirror

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
)

type fakeCluster = fakecql.Cluster

var (
	contains = fakecql.Contains
	waitFor  = fakecql.WaitFor
)

func startFake(t *testing.T, prefix string) *fakeCluster { return fakecql.Start(t, prefix) }

// testConn plays the binding: it serialises OnData and Flush as Envoy's worker thread would.
type testConn struct {
	t         *testing.T
	s         *Session
	mu        sync.Mutex // the "worker thread"
	segmented bool       // v5 after the handshake: the client sends segments
	*fakecql.Replies
}

func (c *testConn) Wake() { go c.flush() }

// testProxyAddr is the address tests pretend the client connected to.
var testProxyAddr = netip.MustParseAddrPort("127.0.0.1:29042")

func (c *testConn) LocalAddr() netip.AddrPort { return testProxyAddr }

func (c *testConn) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

func (c *testConn) flushLocked() {
	if c.s.Flush(c.Write) {
		c.SetClosed()
	}
}

func newTestConn(t *testing.T, m *Mirror) *testConn {
	c := &testConn{t: t, Replies: fakecql.NewReplies()}
	c.mu.Lock()
	c.s = m.NewSession(c)
	c.mu.Unlock()
	t.Cleanup(c.s.Close)
	return c
}

func (c *testConn) send(frames []byte) { c.sendWire(c.wire(frames)) }

// wire is what the client puts on the wire for whole frames: in v5, after the handshake, segments.
func (c *testConn) wire(frames []byte) []byte {
	if !c.segmented {
		return frames
	}
	b, err := cql.AppendSegments(nil, frames, false)
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// sendWire hands bytes to the session as Envoy would, in whatever chunks the test cuts them.
func (c *testConn) sendWire(b []byte) {
	c.mu.Lock()
	c.s.OnData(b)
	c.flushLocked()
	c.mu.Unlock()
}

func (c *testConn) next(timeout time.Duration) (*frame.Frame, bool) { return c.Next(c.t, timeout) }

func (c *testConn) mustNext(what string) *frame.Frame {
	c.t.Helper()
	return c.MustNext(c.t, what)
}

func encode(t *testing.T, v primitive.ProtocolVersion, stream int16, m message.Message) []byte {
	t.Helper()
	if e, ok := m.(*message.Execute); ok && v >= primitive.ProtocolVersion5 && e.ResultMetadataId == nil {
		e.ResultMetadataId = e.QueryId // what the fakes answer PREPARE with in v5
	}
	return cql.Encode(v, stream, m)
}

func query(q string) *message.Query {
	return &message.Query{Query: q, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}
}

func newMirror(t *testing.T, src, tgt *fakeCluster, extra string) *Mirror {
	t.Helper()
	return newMirrorJSON(t, `{"stat_prefix":"t","source":{"address":"`+src.ListenAddress+`"},"target":{"address":"`+tgt.ListenAddress+`"}`+extra+`}`)
}

// newMirrorJSON builds a Mirror from a whole config, closed when the test ends.
func newMirrorJSON(t *testing.T, js string) *Mirror {
	t.Helper()
	cfg, err := ParseConfig([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

func handshake(t *testing.T, c *testConn, v primitive.ProtocolVersion) {
	t.Helper()
	c.send(encode(t, v, 0, &message.Options{}))
	if f := c.mustNext("OPTIONS"); f.Header.OpCode != primitive.OpCodeSupported {
		t.Fatalf("OPTIONS got %v", f.Body.Message)
	} else if c := f.Body.Message.(*message.Supported).Options["COMPRESSION"]; fmt.Sprint(c) != wantCompression(v) {
		t.Fatalf("SUPPORTED still offers COMPRESSION: %v", f.Body.Message)
	}
	c.send(encode(t, v, 1, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}))
	if f := c.mustNext("STARTUP"); f.Header.OpCode != primitive.OpCodeReady {
		t.Fatalf("STARTUP got %v", f.Body.Message)
	}
	if v >= primitive.ProtocolVersion5 {
		c.SwitchToSegments()
		c.segmented = true
	}
}

var versions = []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4, primitive.ProtocolVersion5}

// rig is one session under test: two fake clusters, their Mirror (its failed_writes_file in a
// temporary directory) and a client connection.
type rig struct {
	src, tgt *fakeCluster
	m        *Mirror
	c        *testConn
	journal  string
}

// newRig starts the fakes and the Mirror with extra config appended; before runs before the client
// connects (to stop the target, say); with v set, the client then does the handshake.
func newRig(t *testing.T, v primitive.ProtocolVersion, extra string, before ...func(*rig)) *rig {
	t.Helper()
	r := &rig{src: startFake(t, "s"), tgt: startFake(t, "t")}
	r.journal = filepath.Join(t.TempDir(), "failed.jsonl")
	r.m = newMirror(t, r.src, r.tgt, `,"failed_writes_file":"`+r.journal+`"`+extra)
	for _, f := range before {
		f(r)
	}
	r.c = newTestConn(t, r.m)
	if v != 0 {
		handshake(t, r.c, v)
	}
	return r
}

// prepare prepares q through the session and returns the id the client gets.
func (c *testConn) prepare(v primitive.ProtocolVersion, stream int16, q string) []byte {
	c.t.Helper()
	c.send(cql.Encode(v, stream, &message.Prepare{Query: q}))
	res, ok := c.mustNext("PREPARE " + q).Body.Message.(*message.PreparedResult)
	if !ok {
		c.t.Fatalf("PREPARE %s: %v", q, res)
	}
	return res.PreparedQueryId
}

// wantCompression is what SUPPORTED offers through the proxy: frame compression up to v4, and in
// v5, which compresses segments, lz4 only.
func wantCompression(v primitive.ProtocolVersion) string {
	if v >= primitive.ProtocolVersion5 {
		return "[lz4]"
	}
	return "[snappy lz4]"
}

// gate holds c's QUERY, PREPARE, EXECUTE and BATCH until the test ends.
func gate(t *testing.T, c *fakeCluster) {
	c.Mu.Lock()
	c.Gate = make(chan struct{})
	c.Mu.Unlock()
	t.Cleanup(func() {
		c.Mu.Lock()
		close(c.Gate)
		c.Gate = nil
		c.Mu.Unlock()
	})
}
