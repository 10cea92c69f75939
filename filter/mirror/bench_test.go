package mirror

import (
	"bytes"
	"net"
	"net/netip"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// wireShape is how a connection frames its traffic: the protocol version and, in v5, lz4
// segments after the STARTUP exchange.
type wireShape struct {
	v   primitive.ProtocolVersion
	lz4 bool
}

func (w wireShape) String() string {
	if w.lz4 {
		return w.v.String() + "-lz4"
	}
	return w.v.String()
}

// segmented reports whether traffic after the STARTUP exchange travels in v5 segments.
func (w wireShape) segmented() bool { return w.v >= primitive.ProtocolVersion5 }

// benchShapes are the framings the steady path is measured in.
var benchShapes = []wireShape{{v: primitive.ProtocolVersion4}, {v: primitive.ProtocolVersion5}, {v: primitive.ProtocolVersion5, lz4: true}}

// voidCluster answers READY to STARTUP and an empty RESULT to anything else, without allocating
// per request, so that a benchmark's allocations are the proxy's.
func voidCluster(b testing.TB, w wireShape) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	ready := cql.Encode(w.v, 0, &message.Ready{})
	void := cql.Encode(w.v, 0, &message.VoidResult{})
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveVoid(conn, w, ready, void)
		}
	}()
	return ln.Addr().String()
}

// serveVoid is one connection of a voidCluster.
func serveVoid(conn net.Conn, w wireShape, ready, void []byte) {
	defer conn.Close()
	fr := cql.Framer{Max: ProtocolMaxFrameBytes}
	var ds cql.Desegmenter
	buf := make([]byte, 64<<10)
	var out, wire []byte
	segmented := false // a v5 STARTUP was answered: segments follow
	answer := func(f cql.Frame) {
		reply := void
		if f.Header.Opcode == primitive.OpCodeStartup {
			reply = ready
			segmented = f.Header.Version >= primitive.ProtocolVersion5
			ds.Compressed = bytes.Contains(f.Raw, []byte("lz4"))
		}
		start := len(out)
		out = append(out, reply...)
		out[start] = 0x80 | byte(f.Header.Version) // discovery and the probe speak v4
		cql.SetStream(out[start:], f.Header.Stream)
	}
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		out = out[:0]
		if segmented {
			ds.Feed(buf[:n], func(p []byte) { fr.Feed(p, answer) })
			wire, _ = cql.AppendSegments(wire[:0], out, ds.Compressed)
		} else {
			fr.Feed(buf[:n], answer)
			wire = append(wire[:0], out...)
		}
		if _, err := conn.Write(wire); err != nil {
			return
		}
	}
}

type benchConn struct{ woken chan struct{} }

func (c *benchConn) Wake() { c.woken <- struct{}{} }

func (c *benchConn) LocalAddr() netip.AddrPort { return testProxyAddr }

// mirroredWrites opens a session to two void clusters and returns a function that makes one
// client write round trip through it: the request goes to both clusters, and the client's reply
// comes back through Wake and Flush.
func mirroredWrites(tb testing.TB, w wireShape) (roundTrip func()) {
	cfg, err := ParseConfig([]byte(`{"stat_prefix":"bench","source":{"address":"` + voidCluster(tb, w) + `"},"target":{"address":"` +
		voidCluster(tb, w) + `"},"failed_writes_file":"` + tb.TempDir() + `/f.jsonl"}`))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Close)
	c := &benchConn{woken: make(chan struct{}, 1)}
	s := m.NewSession(c)
	tb.Cleanup(s.Close)
	var got int
	write := func(p []byte) { got += len(p) }
	send := func(frame []byte) {
		s.OnData(frame)
		for want := got + 1; got < want; {
			s.Flush(write)
			if got < want {
				<-c.woken
			}
		}
	}
	options := map[string]string{"CQL_VERSION": "3.0.0"}
	if w.lz4 {
		options["COMPRESSION"] = "lz4"
	}
	send(cql.Encode(w.v, 1, &message.Startup{Options: options}))
	insert := cql.Encode(w.v, 2, &message.Query{Query: "INSERT INTO ks.t (k, v) VALUES (1, 'x')",
		Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne, DefaultTimestamp: new(int64)}})
	if w.segmented() {
		if insert, err = cql.AppendSegments(nil, insert, w.lz4); err != nil {
			tb.Fatal(err)
		}
	}
	return func() { send(insert) }
}

// BenchmarkMirroredWrite is one client's write round trip through a session.
func BenchmarkMirroredWrite(b *testing.B) {
	for _, w := range benchShapes {
		b.Run(w.String(), func(b *testing.B) {
			roundTrip := mirroredWrites(b, w)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				roundTrip()
			}
		})
	}
}

// The steady path of a mirrored write allocates nothing, in v4, v5 and v5 with lz4: not routing
// it, not writing it to the clusters, not reading and merging the replies, not handing the reply
// to the client. (The count is of the whole process, the fake clusters included, averaged over
// the runs: the background's rare allocations round away.)
func TestMirroredWriteAllocatesNothing(t *testing.T) {
	for _, w := range benchShapes {
		t.Run(w.String(), func(t *testing.T) {
			roundTrip := mirroredWrites(t, w)
			roundTrip() // warm up: buffers grow once
			if n := testing.AllocsPerRun(2000, roundTrip); n != 0 {
				t.Fatalf("%v allocations per mirrored write", n)
			}
		})
	}
}
