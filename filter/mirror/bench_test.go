package mirror

import (
	"net"
	"net/netip"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// voidCluster answers READY to STARTUP and an empty RESULT to anything else, without allocating
// per request, so that a benchmark's allocations are the proxy's.
func voidCluster(b testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	ready := cql.Encode(primitive.ProtocolVersion4, 0, &message.Ready{})
	void := cql.Encode(primitive.ProtocolVersion4, 0, &message.VoidResult{})
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				fr := cql.Framer{Max: ProtocolMaxFrameBytes}
				buf := make([]byte, 64<<10)
				var out []byte
				answer := func(f cql.Frame) {
					reply := void
					if f.Header.Opcode == primitive.OpCodeStartup {
						reply = ready
					}
					start := len(out)
					out = append(out, reply...)
					cql.SetStream(out[start:], f.Header.Stream)
				}
				for {
					n, err := conn.Read(buf)
					if err != nil {
						return
					}
					out = out[:0]
					fr.Feed(buf[:n], answer)
					if _, err := conn.Write(out); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

type benchConn struct{ woken chan struct{} }

func (c *benchConn) Wake() { c.woken <- struct{}{} }

func (c *benchConn) LocalAddr() netip.AddrPort { return testProxyAddr }

// mirroredWrites opens a session to two void clusters and returns a function that makes one
// client write round trip through it: the request goes to both clusters, and the client's reply
// comes back through Wake and Flush.
func mirroredWrites(tb testing.TB) (roundTrip func()) {
	cfg, err := ParseConfig([]byte(`{"stat_prefix":"bench","source":{"address":"` + voidCluster(tb) + `"},"target":{"address":"` +
		voidCluster(tb) + `"},"failed_writes_file":"` + tb.TempDir() + `/f.jsonl"}`))
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
	send(cql.Encode(primitive.ProtocolVersion4, 1, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}))
	insert := cql.Encode(primitive.ProtocolVersion4, 2, &message.Query{Query: "INSERT INTO ks.t (k, v) VALUES (1, 'x')",
		Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne, DefaultTimestamp: new(int64)}})
	return func() { send(insert) }
}

// BenchmarkMirroredWrite is one client's write round trip through a session.
func BenchmarkMirroredWrite(b *testing.B) {
	roundTrip := mirroredWrites(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		roundTrip()
	}
}

// The steady path of a mirrored write allocates nothing: not routing it, not writing it to the
// clusters, not reading and merging the replies, not handing the reply to the client. (The
// count is of the whole process, the fake clusters included, averaged over the runs: the
// background's rare allocations round away.)
func TestMirroredWriteAllocatesNothing(t *testing.T) {
	roundTrip := mirroredWrites(t)
	roundTrip() // warm up: buffers grow once
	if n := testing.AllocsPerRun(2000, roundTrip); n != 0 {
		t.Fatalf("%v allocations per mirrored write", n)
	}
}
