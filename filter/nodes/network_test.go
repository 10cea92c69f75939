package nodes

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// TestRealNetwork runs discovery over loopback TCP with the default dialer and resolver.
func TestRealNetwork(t *testing.T) {
	fc := newFakeCluster(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	n := fc.add(l.Addr().String(), "dc1", "r1")
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			fc.accept(n, conn)
		}
	}()
	logs := &logBuffer{}
	c, err := New(Options{Name: "source", ContactPoints: []string{net.JoinHostPort("localhost", n.addr.String()[len("127.0.0.1:"):])}, Logger: logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	c.Start()
	defer c.Close()
	select {
	case <-c.Ready():
	case <-time.After(30 * time.Second):
		t.Fatalf("not ready after 30s: %+v\n%s", c.Snapshot(), logs)
	}
	addr, release, err := c.Pick()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if addr != n.addr {
		t.Fatalf("picked %v, want %v", addr, n.addr)
	}
	conn, err := c.Dial(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := conn.Write(cql.Encode(primitive.ProtocolVersion4, 0, &message.Options{})); err != nil {
		t.Fatal(err)
	}
	f, err := readFrame(conn)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Body.Message.(*message.Supported); !ok {
		t.Fatalf("OPTIONS answered %v", f.Body.Message)
	}
	if _, err := c.Dial(context.Background(), netip.MustParseAddrPort("127.0.0.1:1")); err == nil {
		t.Fatal("dialing a closed port succeeded")
	}
}
