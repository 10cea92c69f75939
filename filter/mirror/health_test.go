package mirror

import (
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// fastHealth finds a stalled node within a few hundred milliseconds, while request_timeout is far
// longer than any reply the tests wait for: a request that waited for the stalled target would
// fail the test.
const fastHealth = `,"request_timeout":"30s","health_check":{"interval":"50ms","timeout":"100ms"}`

func waitHealthy(t *testing.T, m *Mirror, r role, want bool) {
	t.Helper()
	waitFor(t, "the "+r.String()+"'s health state", func() bool { return m.health[r].healthy() == want })
	want01 := map[bool]float64{true: 1, false: 0}[want]
	if got := value(t, m.mt.clusterHealthy[r]); got != want01 {
		t.Fatalf("cqlmirror_cluster_healthy{cluster=%q} = %v, want %v", r, got, want01)
	}
}

// A stalled target (its node stopped, its kernel still accepting connections) is found by the
// probe. Sessions already open drop it, new sessions neither dial nor wait for it: the handshake,
// PREPARE and writes are answered from the source, and the writes are recorded as missed. Once
// the target answers again, sessions catch up and mirror again.
func TestStalledTargetIsNeverWaitedFor(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, fastHealth)
	r.tgt.SetStall(true)
	defer r.tgt.SetStall(false)
	waitHealthy(t, r.m, target, false)
	waitFor(t, "the open session to drop its target connection", func() bool { return value(t, r.m.mt.clusterConnected[target]) == 0 })

	r.c.send(encode(t, v, 2, query("INSERT INTO ks.t (k) VALUES (1)")))
	if f := r.c.mustNext("INSERT on a session opened before the stall"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("INSERT: %v", f.Body.Message)
	}

	c := newTestConn(t, r.m)
	handshake(t, c, v)
	id := c.prepare(v, 2, "INSERT INTO ks.t (k) VALUES (?)")
	c.send(encode(t, v, 3, &message.Execute{QueryId: id, Options: &message.QueryOptions{}}))
	if f := c.mustNext("EXECUTE"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("EXECUTE: %v", f.Body.Message)
	}
	recs := readJournal(t, r.journal)
	if len(recs) != 2 {
		t.Fatalf("want both writes recorded as missed, got %+v", recs)
	}
	if !strings.Contains(recs[1].Reason, "target cluster "+r.tgt.ListenAddress+" is unhealthy") {
		t.Errorf("reason %q does not say the target is unhealthy", recs[1].Reason)
	}

	r.tgt.SetStall(false)
	waitHealthy(t, r.m, target, true)
	waitFor(t, "both sessions to catch the target up", func() bool { return r.m.Stats().TargetReconnects.Load() >= 2 })
	c.send(encode(t, v, 4, query("INSERT INTO ks.t (k) VALUES (4)")))
	c.mustNext("INSERT after the target came back")
	if !contains(r.tgt.Seen(), "VALUES (4)") {
		t.Fatalf("the write after the catch-up did not reach the target: %q", r.tgt.Seen())
	}
	if contains(r.tgt.Seen(), "VALUES (1)") {
		t.Fatalf("a write made after the target connection was dropped reached the target: %q", r.tgt.Seen())
	}
}

// A target that stops answering during a handshake is not waited for beyond health_check.timeout,
// even before the probe has made up its mind.
func TestUnansweredHandshakeGoesOnWithoutTheTarget(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, 0, `,"request_timeout":"30s","health_check":{"interval":"1h","timeout":"200ms"}`, func(r *rig) { r.tgt.SetStall(true) })
	defer r.tgt.SetStall(false)
	handshake(t, r.c, v)
	r.c.send(encode(t, v, 2, query("INSERT INTO ks.t (k) VALUES (2)")))
	if f := r.c.mustNext("INSERT"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("INSERT: %v", f.Body.Message)
	}
	if n := len(readJournal(t, r.journal)); n != 1 {
		t.Fatalf("want the write recorded as missed, got %d records", n)
	}
}

// Under strict, a session that starts while the target is unhealthy gets the target's state at
// once, and its connection is closed.
func TestStrictPolicyRefusesQuicklyWhileTheTargetIsUnhealthy(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, fastHealth+`,"failure_policy":"strict"`)
	r.tgt.SetStall(true)
	defer r.tgt.SetStall(false)
	waitHealthy(t, r.m, target, false)
	c := newTestConn(t, r.m)
	c.send(encode(t, v, 0, &message.Options{}))
	f := c.mustNext("OPTIONS while the target is unhealthy")
	if se, ok := f.Body.Message.(*message.ServerError); !ok || !strings.Contains(se.ErrorMessage, "is unhealthy") {
		t.Fatalf("want a ServerError saying the target is unhealthy, got %v", f.Body.Message)
	}
	waitFor(t, "the client connection to close", func() bool {
		c.flush()
		return c.Closed()
	})
}

// While the session goes on without the target, a schema change is refused rather than applied
// to the source alone, which would leave the clusters with different schemas.
func TestSchemaChangesNeedBothClusters(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, fastHealth)
	r.tgt.SetStall(true)
	defer r.tgt.SetStall(false)
	waitHealthy(t, r.m, target, false)
	waitFor(t, "the session to drop its target connection", func() bool { return value(t, r.m.mt.clusterConnected[target]) == 0 })
	r.c.send(encode(t, v, 2, query("CREATE TABLE ks.u (k int PRIMARY KEY)")))
	f := r.c.mustNext("CREATE TABLE without the target")
	if se, ok := f.Body.Message.(*message.ServerError); !ok || !strings.Contains(se.ErrorMessage, "schema change refused") {
		t.Fatalf("want the schema change refused, got %v", f.Body.Message)
	}
	if contains(r.src.Seen(), "CREATE TABLE ks.u") {
		t.Fatal("the refused schema change reached the source")
	}
	r.c.send(encode(t, v, 3, query("USE ks")))
	if f := r.c.mustNext("USE without the target"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("USE: %v", f.Body.Message)
	}
}

// A config Envoy replaced keeps probing its clusters until it drains; cqlmirror_cluster_healthy
// shows the newest config's view only.
func TestHealthGaugeIsTheNewestConfigs(t *testing.T) {
	src, tgt := startFake(t, "s"), startFake(t, "t")
	old := newMirror(t, src, tgt, `,"stat_prefix":"gauge_owner"`)
	gauge := old.mt.clusterHealthy[target]
	newer := newMirror(t, src, tgt, `,"stat_prefix":"gauge_owner"`)
	old.health[target].failed("the old config's target", true)
	if v := testutil.ToFloat64(gauge); v != 1 {
		t.Fatalf("the replaced config's failure set the gauge to %v", v)
	}
	newer.health[target].failed("the new config's target", true)
	if v := testutil.ToFloat64(gauge); v != 0 {
		t.Fatalf("the newest config's failure left the gauge at %v", v)
	}
	old.health[target].ok()
	if v := testutil.ToFloat64(gauge); v != 0 {
		t.Fatalf("the replaced config's recovery set the gauge to %v", v)
	}
}

// A target that did not answer when the config started is found as soon as it answers, not
// after discovery's backoff: sessions neither dial nor wait for an unhealthy cluster, so each
// failed probe asks the node list for news (at most once per health_check.interval).
func TestATargetDownAtStartIsFoundOnceItAnswers(t *testing.T) {
	src := startFake(t, "s")
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := down.Addr().String()
	var tries atomic.Int32
	go func() {
		for {
			c, err := down.Accept()
			if err != nil {
				return
			}
			tries.Add(1)
			c.Close()
		}
	}()
	m := newMirrorJSON(t, `{"stat_prefix":"t","source":{"address":"`+src.ListenAddress+`"},"target":{"address":"`+addr+`"}`+fastHealth+`}`)
	m.Start()
	waitHealthy(t, m, target, false)
	// Discovery alone would back off from 50 ms to 3.2 s in these 2 s: 6 tries. The probe asks 20-40 times.
	before := tries.Load()
	time.Sleep(2 * time.Second)
	if n := tries.Load() - before; n < 12 {
		t.Fatalf("the target's contact point was tried %d times in 2 s while the probe found no live node", n)
	}
	down.Close()
	fakecql.StartAt(t, "t", addr, nil)
	waitHealthy(t, m, target, true)
}
