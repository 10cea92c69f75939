package mirror

import (
	"bytes"
	"crypto/md5"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// fakeCluster is a minimal CQL server that records what it was sent. Its prepared ids are
// md5(prefix+query), so two fakes with different prefixes disagree on ids as two real clusters may.
// (The library's client.CqlServer races with itself on Close, which the race detector reports.)
type fakeCluster struct {
	ListenAddress string
	prefix        string
	l             net.Listener
	wg            sync.WaitGroup

	mu       sync.Mutex
	conns    []net.Conn
	queries  []string
	executed [][]byte
	known    map[string]string
	gate     chan struct{} // when set, QUERY, EXECUTE and BATCH wait for it
}

func startFake(t *testing.T, prefix string) *fakeCluster {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeCluster{ListenAddress: l.Addr().String(), prefix: prefix, l: l, known: map[string]string{}}
	f.wg.Add(1)
	go f.accept()
	t.Cleanup(f.Close)
	return f
}

func (f *fakeCluster) accept() {
	defer f.wg.Done()
	for {
		conn, err := f.l.Accept()
		if err != nil {
			return
		}
		f.mu.Lock()
		f.conns = append(f.conns, conn)
		f.mu.Unlock()
		f.wg.Add(1)
		go f.serve(conn)
	}
}

func (f *fakeCluster) serve(conn net.Conn) {
	defer f.wg.Done()
	codec := frame.NewCodec()
	for {
		req, err := codec.DecodeFrame(conn)
		if err != nil {
			return
		}
		if resp := f.handle(req); resp != nil {
			if err := codec.EncodeFrame(resp, conn); err != nil {
				return
			}
		}
	}
}

// Close stops the server and waits for its goroutines.
func (f *fakeCluster) Close() {
	f.l.Close()
	f.mu.Lock()
	for _, c := range f.conns {
		c.Close()
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		default:
			close(f.gate)
		}
	}
	f.mu.Unlock()
	f.wg.Wait()
}

func (f *fakeCluster) id(q string) []byte {
	sum := md5.Sum([]byte(f.prefix + q))
	return sum[:]
}

func (f *fakeCluster) handle(req *frame.Frame) *frame.Frame {
	f.mu.Lock()
	gate := f.gate
	f.mu.Unlock()
	var msg message.Message
	switch m := req.Body.Message.(type) {
	case *message.Options:
		msg = &message.Supported{Options: map[string][]string{"CQL_VERSION": {"3.4.7"}, "COMPRESSION": {"lz4", "snappy"}}}
	case *message.Startup, *message.Register:
		msg = &message.Ready{}
	case *message.Query:
		f.wait(gate)
		f.record(m.Query, nil)
		msg = &message.VoidResult{}
	case *message.Prepare:
		if f.prefix == "t" && strings.Contains(m.Query, "missing_on_target") {
			msg = &message.Invalid{ErrorMessage: "unconfigured table missing_on_target"}
			break
		}
		id := f.id(m.Query)
		f.mu.Lock()
		f.known[string(id)] = m.Query
		f.mu.Unlock()
		msg = &message.PreparedResult{PreparedQueryId: id, VariablesMetadata: &message.VariablesMetadata{}, ResultMetadata: &message.RowsMetadata{}}
	case *message.Execute:
		f.wait(gate)
		f.mu.Lock()
		q, ok := f.known[string(m.QueryId)]
		f.mu.Unlock()
		if !ok {
			msg = &message.Unprepared{ErrorMessage: "unknown id", Id: m.QueryId}
			break
		}
		f.record(q, m.QueryId)
		msg = &message.VoidResult{}
	case *message.Batch:
		f.wait(gate)
		for _, c := range m.Children {
			if c.Id == nil {
				f.record(c.Query, nil)
				continue
			}
			f.mu.Lock()
			q, ok := f.known[string(c.Id)]
			f.mu.Unlock()
			if !ok {
				return frame.NewFrame(req.Header.Version, req.Header.StreamId, &message.Unprepared{ErrorMessage: "unknown id", Id: c.Id})
			}
			f.record(q, c.Id)
		}
		msg = &message.VoidResult{}
	default:
		msg = &message.ProtocolError{ErrorMessage: "fake: unexpected request"}
	}
	return frame.NewFrame(req.Header.Version, req.Header.StreamId, msg)
}

func (f *fakeCluster) wait(gate chan struct{}) {
	if gate != nil {
		<-gate
	}
}

func (f *fakeCluster) record(q string, id []byte) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	if id != nil {
		f.executed = append(f.executed, id)
	}
	f.mu.Unlock()
}

func (f *fakeCluster) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

// testConn plays the binding: it serialises OnData and Flush as Envoy's worker thread would and
// decodes what the session writes to the client.
type testConn struct {
	t  *testing.T
	s  *Session
	mu sync.Mutex // the "worker thread"

	outMu  sync.Mutex
	out    bytes.Buffer
	closed bool
	got    chan struct{}
}

func (c *testConn) Wake() { go c.flush() }

func (c *testConn) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

func (c *testConn) flushLocked() {
	closeConn := c.s.Flush(func(p []byte) {
		c.outMu.Lock()
		c.out.Write(p)
		c.outMu.Unlock()
	})
	if closeConn {
		c.outMu.Lock()
		c.closed = true
		c.outMu.Unlock()
	}
	select {
	case c.got <- struct{}{}:
	default:
	}
}

func newTestConn(t *testing.T, m *Mirror) *testConn {
	c := &testConn{t: t, got: make(chan struct{}, 1)}
	c.mu.Lock()
	c.s = m.NewSession(c)
	c.mu.Unlock()
	t.Cleanup(c.s.Close)
	return c
}

func (c *testConn) send(b []byte) {
	c.mu.Lock()
	c.s.OnData(b)
	c.flushLocked()
	c.mu.Unlock()
}

// next waits for the next whole frame the client receives.
func (c *testConn) next(timeout time.Duration) (*frame.Frame, bool) {
	deadline := time.After(timeout)
	for {
		c.outMu.Lock()
		if c.out.Len() >= cql.HeaderLen {
			h := cql.ParseHeader(c.out.Bytes())
			if n := cql.HeaderLen + h.Length; c.out.Len() >= n {
				raw := append([]byte(nil), c.out.Next(n)...)
				c.outMu.Unlock()
				f, err := cql.Decode(raw)
				if err != nil {
					c.t.Fatalf("client got an undecodable frame % x: %v", raw, err)
				}
				return f, true
			}
		}
		c.outMu.Unlock()
		select {
		case <-c.got:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			return nil, false
		}
	}
}

func (c *testConn) mustNext(what string) *frame.Frame {
	c.t.Helper()
	f, ok := c.next(5 * time.Second)
	if !ok {
		c.t.Fatalf("no reply to %s", what)
	}
	return f
}

func encode(t *testing.T, v primitive.ProtocolVersion, stream int16, m message.Message) []byte {
	t.Helper()
	return cql.Encode(v, stream, m)
}

func query(q string) *message.Query {
	return &message.Query{Query: q, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}
}

func newMirror(t *testing.T, src, tgt *fakeCluster, extra string) *Mirror {
	t.Helper()
	js := `{"stat_prefix":"t","source":{"address":"` + src.ListenAddress + `"},"target":{"address":"` + tgt.ListenAddress + `"}` + extra + `}`
	cfg, err := ParseConfig([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func handshake(t *testing.T, c *testConn, v primitive.ProtocolVersion) {
	t.Helper()
	c.send(encode(t, v, 0, &message.Options{}))
	if f := c.mustNext("OPTIONS"); f.Header.OpCode != primitive.OpCodeSupported {
		t.Fatalf("OPTIONS got %v", f.Body.Message)
	} else if c, ok := f.Body.Message.(*message.Supported).Options["COMPRESSION"]; !ok || len(c) != 0 {
		t.Fatalf("SUPPORTED still offers COMPRESSION: %v", f.Body.Message)
	}
	c.send(encode(t, v, 1, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}))
	if f := c.mustNext("STARTUP"); f.Header.OpCode != primitive.OpCodeReady {
		t.Fatalf("STARTUP got %v", f.Body.Message)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

var versions = []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
