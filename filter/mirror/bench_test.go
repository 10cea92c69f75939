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
func voidCluster(b *testing.B) string {
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
				for {
					n, err := conn.Read(buf)
					if err != nil {
						return
					}
					out = out[:0]
					fr.Feed(buf[:n], func(f cql.Frame) {
						reply := void
						if f.Header.Opcode == primitive.OpCodeStartup {
							reply = ready
						}
						start := len(out)
						out = append(out, reply...)
						cql.SetStream(out[start:], f.Header.Stream)
					})
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

// BenchmarkMirroredWrite is one client's write round trip through a session: the request goes to
// both clusters, and the client's reply comes back through Wake and Flush.
func BenchmarkMirroredWrite(b *testing.B) {
	cfg, err := ParseConfig([]byte(`{"stat_prefix":"bench","source":{"address":"` + voidCluster(b) + `"},"target":{"address":"` +
		voidCluster(b) + `"},"failed_writes_file":"` + b.TempDir() + `/f.jsonl"}`))
	if err != nil {
		b.Fatal(err)
	}
	m, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	c := &benchConn{woken: make(chan struct{}, 1)}
	s := m.NewSession(c)
	defer s.Close()
	var got int
	write := func(p []byte) { got += len(p) }
	roundTrip := func(frame []byte) {
		s.OnData(frame)
		for want := got + 1; got < want; {
			s.Flush(write)
			if got < want {
				<-c.woken
			}
		}
	}
	roundTrip(cql.Encode(primitive.ProtocolVersion4, 1, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}))
	insert := cql.Encode(primitive.ProtocolVersion4, 2, &message.Query{Query: "INSERT INTO ks.t (k, v) VALUES (1, 'x')",
		Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne, DefaultTimestamp: new(int64)}})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		roundTrip(insert)
	}
}
