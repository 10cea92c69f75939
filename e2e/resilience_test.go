package e2e

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/gocql/gocql"
)

const (
	strictAddr   = "127.0.0.1:29070" // extra Envoy: failure_policy: strict
	deadlineAddr = "127.0.0.1:29071" // extra Envoy: request_timeout: 2s
)

// wire is a hand-driven v4 client connection, for what drivers do not expose: heartbeats, events.
type wire struct {
	t     *testing.T
	conn  net.Conn
	codec frame.Codec
}

func dialWire(t *testing.T, addr string) *wire {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	w := &wire{t: t, conn: c, codec: frame.NewCodec()}
	if got := w.call(1, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}, 10*time.Second); got.GetOpCode() != primitive.OpCodeReady {
		t.Fatalf("STARTUP through %s: %v", addr, got)
	}
	return w
}

func (w *wire) send(stream int16, msg message.Message) {
	w.t.Helper()
	if err := w.codec.EncodeFrame(frame.NewFrame(primitive.ProtocolVersion4, stream, msg), w.conn); err != nil {
		w.t.Fatal(err)
	}
}

// next reads one frame within d.
func (w *wire) next(d time.Duration) *frame.Frame {
	w.t.Helper()
	w.conn.SetReadDeadline(time.Now().Add(d))
	f, err := w.codec.DecodeFrame(w.conn)
	if err != nil {
		checkEnvoys(w.t)
		w.t.Fatalf("read a frame within %s: %v", d, err)
	}
	return f
}

// exec runs a statement and fails the test unless the client got a RESULT.
func (w *wire) exec(q string) {
	w.t.Helper()
	got := w.call(1, &message.Query{Query: q, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}, 15*time.Second)
	if got.GetOpCode() != primitive.OpCodeResult {
		w.t.Fatalf("%s: %v", q, got)
	}
}

// call sends msg on stream and returns the reply on that stream, skipping events.
func (w *wire) call(stream int16, msg message.Message, d time.Duration) message.Message {
	w.t.Helper()
	w.send(stream, msg)
	for {
		f := w.next(d)
		if f.Header.StreamId == stream {
			return f.Body.Message
		}
	}
}

// The strict policy answers with the target's error when the target refuses a write the source
// took; the default policy answers with the source's reply and records the missed write.
func TestStrictPolicyReturnsTheTargetsError(t *testing.T) {
	const ks = "e2e_strict"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	src := session(t, sourceAddr())
	if err := src.Query("CREATE TABLE " + ks + ".only_src (k int PRIMARY KEY, v text)").Exec(); err != nil {
		t.Fatal(err)
	}

	err := session(t, strictAddr).Query("INSERT INTO " + ks + ".only_src (k, v) VALUES (1, 'strict')").Exec()
	if err == nil || !strings.Contains(err.Error(), "only_src") {
		t.Fatalf("strict: a write the target refused returned %v, want the target's error about only_src", err)
	}

	before := len(failedWrites(t, "local"))
	if err := proxy.Query("INSERT INTO " + ks + ".only_src (k, v) VALUES (2, 'source-decides')").Exec(); err != nil {
		t.Fatalf("source-decides: a write the source took must succeed, got %v", err)
	}
	recorded := failedWrites(t, "local")[before:]
	if len(recorded) != 1 || !strings.Contains(recorded[0]["statements"].([]any)[0].(string), "'source-decides'") {
		t.Fatalf("source-decides: want exactly the one missed write recorded, got %v", recorded)
	}
	// gocql prepares every DML statement: under strict the PREPARE already failed, so only the
	// source-decides write reached the source.
	var n int
	if err := src.Query("SELECT count(*) FROM " + ks + ".only_src").Scan(&n); err != nil || n != 1 {
		t.Errorf("source: %d rows (%v), want the source-decides write alone", n, err)
	}
}

// A target that stops answering: heartbeats are still answered at once (by the source alone), and a
// write is answered when request_timeout runs out, from the source, with the missed write recorded.
// The listener's health_check.timeout (2s) keeps its probe from deciding before the deadline.
// (A PREPARE would not wait that long: see TestStalledTargetNewClientsConnectQuickly.)
func TestStalledTargetHeartbeatsAndRequestDeadline(t *testing.T) {
	const ks = "e2e_deadline"
	createKeyspace(t, session(t, proxyAddr), ks)
	w := dialWire(t, deadlineAddr)
	before := len(failedWrites(t, "deadline"))

	pause(t, "target")
	defer resume(t, "target")

	// Within the 2s deadline, or the heartbeat waited for the stalled target.
	if got := w.call(2, &message.Options{}, 1900*time.Millisecond); got.GetOpCode() != primitive.OpCodeSupported {
		t.Fatalf("OPTIONS with the target stalled: %v, want SUPPORTED", got)
	}
	insert := &message.Query{Query: "INSERT INTO " + ks + ".kv (k, v) VALUES (1, 'target-stalled')", Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}
	if got := w.call(3, insert, 10*time.Second); got.GetOpCode() != primitive.OpCodeResult {
		t.Fatalf("a write with the target stalled must get the source's reply after request_timeout: %v", got)
	}
	recorded := failedWrites(t, "deadline")[before:]
	if len(recorded) != 1 || !strings.Contains(recorded[0]["reason"].(string), "no reply within request_timeout 2s") {
		t.Fatalf("want the write recorded as missed by the deadline, got %v", recorded)
	}
	if got := readV(t, session(t, sourceAddr()), ks, 1); got != "target-stalled" {
		t.Errorf("source: k=1 has %q", got)
	}
	if got := w.call(4, &message.Options{}, 1900*time.Millisecond); got.GetOpCode() != primitive.OpCodeSupported {
		t.Fatalf("the hand-driven connection after the deadline: %v, want SUPPORTED", got)
	}
}

// REGISTER goes to the source only: a schema change on the target alone must not reach the client.
func TestEventsComeFromTheSourceOnly(t *testing.T) {
	w := dialWire(t, proxyAddr)
	if got := w.call(2, &message.Register{EventTypes: []primitive.EventType{primitive.EventTypeSchemaChange}}, 10*time.Second); got.GetOpCode() != primitive.OpCodeReady {
		t.Fatalf("REGISTER: %v", got)
	}
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	for _, c := range []struct {
		s  *gocql.Session
		ks string
	}{{tgt, "e2e_event_target"}, {src, "e2e_event_source"}} {
		c.s.Query("DROP KEYSPACE IF EXISTS " + c.ks).Exec()
		if err := c.s.Query("CREATE KEYSPACE " + c.ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}").Exec(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.s.Query("DROP KEYSPACE IF EXISTS " + c.ks).Exec() })
	}
	// The target's change came first; were its events forwarded, it would be the first one here.
	f := w.next(10 * time.Second)
	ev, ok := f.Body.Message.(*message.SchemaChangeEvent)
	if f.Header.StreamId != -1 || !ok {
		t.Fatalf("want a SCHEMA_CHANGE event on stream -1, got stream %d %v", f.Header.StreamId, f.Body.Message)
	}
	if ev.Keyspace != "e2e_event_source" {
		t.Fatalf("the first event names keyspace %q; want the source's e2e_event_source", ev.Keyspace)
	}
}

// Dropping and re-creating a table on the target makes it forget the statements prepared on it.
// The proxy prepares the statement again from the text it kept; the client never notices.
func TestTargetThatForgotAStatementIsPreparedAgain(t *testing.T) {
	const ks = "e2e_reprepare"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	insert := "INSERT INTO " + ks + ".kv (k, v) VALUES (?, ?)"
	if err := proxy.Query(insert, 1, "before").Exec(); err != nil {
		t.Fatal(err)
	}
	tgt := session(t, targetAddr())
	for _, q := range []string{"DROP TABLE " + ks + ".kv", "CREATE TABLE " + ks + ".kv (k int PRIMARY KEY, v text)"} {
		if err := tgt.Query(q).Exec(); err != nil {
			t.Fatal(err)
		}
	}
	before := len(failedWrites(t, "local"))
	if err := proxy.Query(insert, 2, "after").Exec(); err != nil {
		t.Fatalf("EXECUTE after the target forgot the statement: %v", err)
	}
	if got := readV(t, tgt, ks, 2); got != "after" {
		t.Errorf("target: k=2 has %q; the write was not prepared again and resent", got)
	}
	if got := readV(t, session(t, sourceAddr()), ks, 2); got != "after" {
		t.Errorf("source: k=2 has %q", got)
	}
	if n := len(failedWrites(t, "local")) - before; n != 0 {
		t.Errorf("%d writes recorded as missed; the re-prepared write reached the target", n)
	}
}

type connectLog struct {
	mu    sync.Mutex
	hosts map[string]int
}

func (l *connectLog) ObserveConnect(c gocql.ObservedConnect) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hosts[net.JoinHostPort(c.Host.ConnectAddress().String(), fmt.Sprint(c.Host.Port()))]++
}

// gocql with token-aware routing opens connections only to the proxies it learns from system.local
// and system.peers: both proxies that list each other, never a cluster node.
func TestGocqlTokenAwareConnectsOnlyToTheProxies(t *testing.T) {
	const ks = "e2e_token_aware"
	log := &connectLog{hosts: map[string]int{}}
	s := session(t, net.JoinHostPort(peerA, "29042"), func(c *gocql.ClusterConfig) {
		c.PoolConfig.HostSelectionPolicy = gocql.TokenAwareHostPolicy(gocql.RoundRobinHostPolicy())
		c.ConnectObserver = log
	})
	createKeyspace(t, s, ks)
	for k := range 50 {
		if err := s.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, 'token-aware')", k).Exec(); err != nil {
			t.Fatal(err)
		}
	}
	if got := readV(t, session(t, targetAddr()), ks, 49); got != "token-aware" {
		t.Errorf("target: k=49 has %q", got)
	}
	// Drivers check schema agreement with a one-column system.local query; the proxy peers must
	// still be described in full afterwards, or drivers drop them as invalid.
	var sourceDC string
	if err := session(t, sourceAddr()).Query("SELECT data_center FROM system.local").Scan(&sourceDC); err != nil {
		t.Fatal(err)
	}
	var schema gocql.UUID
	if err := s.Query("SELECT schema_version FROM system.local WHERE key = 'local'").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	var peerDC string
	var tokens []string
	if err := s.Query("SELECT data_center, tokens FROM system.peers").Scan(&peerDC, &tokens); err != nil || peerDC != sourceDC || len(tokens) != 1 {
		t.Errorf("system.peers through %s: data_center %q, tokens %v (%v); want %q and one token", peerA, peerDC, tokens, err, sourceDC)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	want := map[string]bool{peerA + ":29042": true, peerB + ":29042": true}
	for h := range log.hosts {
		if !want[h] {
			t.Errorf("gocql connected to %s, which is not a proxy (connections: %v)", h, log.hosts)
		}
	}
	for h := range want {
		if log.hosts[h] == 0 {
			t.Errorf("gocql never connected to the proxy %s (connections: %v)", h, log.hosts)
		}
	}
}
