package mirror

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/google/uuid"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
)

func TestWritesGoToBothReadsToSource(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			src, tgt, c := r.src, r.tgt, r.c
			c.send(encode(t, v, 5, query("INSERT INTO ks.t (k) VALUES (1)")))
			if f := c.mustNext("INSERT"); f.Header.StreamId != 5 || f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("INSERT reply: stream %d, %v", f.Header.StreamId, f.Body.Message)
			}
			c.send(encode(t, v, 6, query("  /* c */ select * FROM ks.t")))
			if f := c.mustNext("SELECT"); f.Header.StreamId != 6 {
				t.Fatalf("SELECT reply on stream %d", f.Header.StreamId)
			}
			if !contains(src.Seen(), "INSERT") || !contains(tgt.Seen(), "INSERT") {
				t.Fatalf("INSERT not on both: source %q, target %q", src.Seen(), tgt.Seen())
			}
			if !contains(src.Seen(), "select") || contains(tgt.Seen(), "select") {
				t.Fatalf("SELECT must reach the source only: source %q, target %q", src.Seen(), tgt.Seen())
			}
		})
	}
}

func TestSplitAndCoalescedFrames(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			tgt, c := r.tgt, r.c
			one := c.wire(encode(t, v, 7, query("INSERT INTO ks.t (k) VALUES (7)")))
			for i := range one {
				c.sendWire(one[i : i+1])
			}
			if f := c.mustNext("byte-by-byte INSERT"); f.Header.StreamId != 7 {
				t.Fatalf("stream %d", f.Header.StreamId)
			}
			var many []byte
			for i := int16(10); i < 20; i++ {
				many = append(many, encode(t, v, i, query("UPDATE ks.t SET v = 1 WHERE k = "+string(rune('a'+i))))...)
			}
			// Three chunks whose edges fall inside frames (or segments).
			many = c.wire(many)
			c.sendWire(many[:13])
			c.sendWire(many[13 : len(many)-5])
			c.sendWire(many[len(many)-5:])
			seen := map[int16]bool{}
			for range 10 {
				seen[c.mustNext("coalesced UPDATE").Header.StreamId] = true
			}
			for i := int16(10); i < 20; i++ {
				if !seen[i] {
					t.Fatalf("no reply on stream %d; got %v", i, seen)
				}
			}
			if n := len(tgt.Seen()); n != 11 {
				t.Fatalf("target saw %d statements, want 11: %q", n, tgt.Seen())
			}
		})
	}
}

func TestPreparedIdsAreMappedForTheTarget(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			src, tgt, c := r.src, r.tgt, r.c
			q := "INSERT INTO ks.t (k) VALUES (?)"
			c.send(encode(t, v, 2, &message.Prepare{Query: q}))
			res, ok := c.mustNext("PREPARE").Body.Message.(*message.PreparedResult)
			if !ok || string(res.PreparedQueryId) != string(src.ID(q)) {
				t.Fatalf("PREPARE must return the source's id, got %v", res)
			}
			c.send(encode(t, v, 3, &message.Execute{QueryId: res.PreparedQueryId, Options: &message.QueryOptions{
				Consistency: primitive.ConsistencyLevelOne, PositionalValues: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1})}}}))
			if f := c.mustNext("EXECUTE"); f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("EXECUTE got %v", f.Body.Message)
			}
			c.send(encode(t, v, 4, &message.Batch{Type: primitive.BatchTypeLogged, Consistency: primitive.ConsistencyLevelOne, Children: []*message.BatchChild{
				{Query: "INSERT INTO ks.t (k) VALUES (9)"},
				{Id: res.PreparedQueryId, Values: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 2})}},
			}}))
			if f := c.mustNext("BATCH"); f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("BATCH got %v", f.Body.Message)
			}
			want := tgt.ID(q)
			tgt.Mu.Lock()
			defer tgt.Mu.Unlock()
			if len(tgt.Executed) != 2 || string(tgt.Executed[0]) != string(want) || string(tgt.Executed[1]) != string(want) {
				t.Fatalf("target must run its own id %x twice, ran %x", want, tgt.Executed)
			}
		})
	}
}

func TestUnknownPreparedIdIsUnprepared(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, "")
	c := r.c
	c.send(encode(t, v, 3, &message.Execute{QueryId: []byte{1, 2, 3}, Options: &message.QueryOptions{}}))
	u, ok := c.mustNext("EXECUTE").Body.Message.(*message.Unprepared)
	if !ok || string(u.Id) != "\x01\x02\x03" {
		t.Fatalf("want UNPREPARED for id 010203, got %v", u)
	}
}

func TestWaitModeHoldsTheReplyForTheTarget(t *testing.T) {
	for _, mode := range []struct {
		name  string
		extra string
		early bool
	}{{"wait", "", false}, {"no-wait", `,"wait":false`, true}} {
		t.Run(mode.name, func(t *testing.T) {
			src, tgt := startFake(t, "s"), startFake(t, "t")
			c := newTestConn(t, newMirror(t, src, tgt, mode.extra))
			v := primitive.ProtocolVersion4
			handshake(t, c, v)
			gate := make(chan struct{})
			tgt.Mu.Lock()
			tgt.Gate = gate
			tgt.Mu.Unlock()
			c.send(encode(t, v, 9, query("INSERT INTO ks.t (k) VALUES (1)")))
			_, early := c.next(300 * time.Millisecond)
			close(gate)
			if early != mode.early {
				t.Fatalf("reply before the target answered: %v, want %v", early, mode.early)
			}
			if !early {
				c.mustNext("INSERT after the target answered")
			}
			waitFor(t, "the target to run the INSERT", func() bool { return contains(tgt.Seen(), "INSERT") })
		})
	}
}

func TestBadInputGetsAnErrorAndTheConnectionStaysUsable(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"max_frame_bytes":1024`)
	tgt, c := r.tgt, r.c

	unknown := encode(t, v, 11, query("INSERT INTO ks.t (k) VALUES (1)"))
	unknown[4] = 0x42
	c.send(unknown)
	f := c.mustNext("unknown opcode")
	if pe, ok := f.Body.Message.(*message.ProtocolError); !ok || f.Header.StreamId != 11 || !strings.Contains(pe.ErrorMessage, "0x42") {
		t.Fatalf("unknown opcode: stream %d, %v", f.Header.StreamId, f.Body.Message)
	}

	big := encode(t, v, 12, query("INSERT INTO ks.t (k, v) VALUES (1, '"+strings.Repeat("x", 4000)+"')"))
	c.send(big[:100])
	c.send(big[100:])
	f = c.mustNext("oversized frame")
	if pe, ok := f.Body.Message.(*message.ProtocolError); !ok || f.Header.StreamId != 12 || !strings.Contains(pe.ErrorMessage, "max_frame_bytes 1024") {
		t.Fatalf("oversized: stream %d, %v", f.Header.StreamId, f.Body.Message)
	}

	c.send(encode(t, v, 13, query("INSERT INTO ks.t (k) VALUES (13)")))
	if f := c.mustNext("INSERT after bad input"); f.Header.StreamId != 13 || f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("after bad input: stream %d, %v", f.Header.StreamId, f.Body.Message)
	}
	if contains(tgt.Seen(), "xxxx") {
		t.Fatal("the oversized frame reached the target")
	}
}

func TestUnsupportedVersionAsksTheDriverToDowngrade(t *testing.T) {
	src, tgt := startFake(t, "s"), startFake(t, "t")
	c := newTestConn(t, newMirror(t, src, tgt, ""))
	opts := encode(t, primitive.ProtocolVersion4, 0, &message.Options{})
	opts[0] = 6
	c.send(opts)
	f := c.mustNext("v6 OPTIONS")
	pe, ok := f.Body.Message.(*message.ProtocolError)
	if !ok || f.Header.Version != cql.MaxSupported || !strings.Contains(pe.ErrorMessage, "Invalid or unsupported protocol version (6)") {
		t.Fatalf("v6: version %v, %v", f.Header.Version, f.Body.Message)
	}
	handshake(t, c, primitive.ProtocolVersion4)
}

func TestUnreachableTargetUnderStrictPolicyClosesTheConnection(t *testing.T) {
	src, tgt := startFake(t, "s"), startFake(t, "t")
	m := newMirror(t, src, tgt, `,"failure_policy":"strict"`)
	tgt.Close()
	c := newTestConn(t, m)
	c.send(encode(t, primitive.ProtocolVersion4, 0, &message.Options{}))
	f := c.mustNext("OPTIONS with the target down")
	se, ok := f.Body.Message.(*message.ServerError)
	if !ok || !strings.Contains(se.ErrorMessage, "target cluster "+tgt.ListenAddress) {
		t.Fatalf("want a ServerError naming the target, got %v", f.Body.Message)
	}
	waitFor(t, "the client connection to close", func() bool {
		c.flush()
		return c.Closed()
	})
	if m.Stats().BackendFailures.Load() != 1 {
		t.Fatalf("BackendFailures = %d, want 1", m.Stats().BackendFailures.Load())
	}
}

// readJournal returns the failed writes recorded so far.
func readJournal(t *testing.T, path string) []FailedWrite {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []FailedWrite
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var w FailedWrite
		if err := json.Unmarshal([]byte(line), &w); err != nil {
			t.Fatalf("journal line %q: %v", line, err)
		}
		out = append(out, w)
	}
	return out
}

func TestUnreachableTargetUnderSourceDecidesKeepsServingAndRecords(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, "", func(r *rig) { r.tgt.Close() })
	src, tgt, m, c, journal := r.src, r.tgt, r.m, r.c, r.journal
	c.send(encode(t, v, 2, &message.Query{Query: "INSERT INTO ks.t (k, v) VALUES (?, ?)", Options: &message.QueryOptions{
		PositionalValues: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 7}), primitive.NewNullValue()}}}))
	if f := c.mustNext("INSERT with the target down"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("the source's reply must reach the client, got %v", f.Body.Message)
	}
	id := c.prepare(v, 3, "UPDATE ks.t SET v = ? WHERE k = ?")
	c.send(encode(t, v, 4, &message.Execute{QueryId: id, Options: &message.QueryOptions{PositionalValues: []*primitive.Value{primitive.NewValue([]byte("x")), primitive.NewValue([]byte{0, 0, 0, 8})}}}))
	if f := c.mustNext("EXECUTE with the target down"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("EXECUTE: %v", f.Body.Message)
	}
	if c.Closed() {
		t.Fatal("the client connection was closed")
	}
	got := readJournal(t, journal)
	if len(got) != 2 {
		t.Fatalf("want 2 recorded writes, got %+v", got)
	}
	w := got[0]
	if w.Statements[0] != "INSERT INTO ks.t (k, v) VALUES (?, ?)" || *w.Values[0][0] != "00000007" || w.Values[0][1] != nil ||
		w.TimestampMicros == nil || w.Target != tgt.ListenAddress || !strings.Contains(w.Reason, "unreachable") {
		t.Errorf("first record: %+v", w)
	}
	if got[1].Statements[0] != "UPDATE ks.t SET v = ? WHERE k = ?" || *got[1].Values[0][0] != "78" {
		t.Errorf("second record: %+v", got[1])
	}
	if n := m.Stats().TargetFailedWrites.Load(); n != 2 {
		t.Errorf("TargetFailedWrites = %d, want 2", n)
	}
	if !contains(src.Seen(), "UPDATE") {
		t.Errorf("the source did not run the EXECUTE: %q", src.Seen())
	}
}

func TestSlowTargetTimesOut(t *testing.T) {
	for _, policy := range []string{SourceDecides, Strict} {
		t.Run(policy, func(t *testing.T) {
			v := primitive.ProtocolVersion4
			r := newRig(t, v, `,"request_timeout":"200ms","failure_policy":"`+policy+`"`)
			tgt, m, c, journal := r.tgt, r.m, r.c, r.journal
			tgt.Mu.Lock()
			tgt.Gate = make(chan struct{})
			tgt.Mu.Unlock()
			c.send(encode(t, v, 5, query("INSERT INTO ks.t (k) VALUES (5)")))
			f := c.mustNext("INSERT with a stuck target")
			switch policy {
			case SourceDecides:
				if f.Header.OpCode != primitive.OpCodeResult {
					t.Fatalf("source-decides must answer with the source's reply, got %v", f.Body.Message)
				}
			case Strict:
				if se, ok := f.Body.Message.(*message.ServerError); !ok || !strings.Contains(se.ErrorMessage, "no reply within request_timeout 200ms") {
					t.Fatalf("strict must answer with the target's failure, got %v", f.Body.Message)
				}
			}
			if n := len(readJournal(t, journal)); n != 1 {
				t.Errorf("want the write recorded once, got %d records", n)
			}
			if m.Stats().Timeouts.Load() != 1 {
				t.Errorf("Timeouts = %d, want 1", m.Stats().Timeouts.Load())
			}
			// The stream id stays reserved until the late reply, and the connection goes on.
			tgt.Mu.Lock()
			close(tgt.Gate)
			tgt.Gate = nil
			tgt.Mu.Unlock()
			c.send(encode(t, v, 6, query("INSERT INTO ks.t (k) VALUES (6)")))
			if f := c.mustNext("INSERT after the timeout"); f.Header.StreamId != 6 || f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("after the timeout: stream %d %v", f.Header.StreamId, f.Body.Message)
			}
		})
	}
}

func TestPrepareThatOnlyTheSourceAccepts(t *testing.T) {
	v := primitive.ProtocolVersion4
	write := "INSERT INTO ks.missing_on_target (k) VALUES (?)"
	t.Run(Strict, func(t *testing.T) {
		c := newRig(t, v, `,"failure_policy":"strict"`).c
		c.send(encode(t, v, 2, &message.Prepare{Query: write}))
		if inv, ok := c.mustNext("PREPARE write").Body.Message.(*message.Invalid); !ok || !strings.Contains(inv.ErrorMessage, "missing_on_target") {
			t.Fatalf("strict: a write the target cannot prepare must fail with the target's error, got %v", inv)
		}
	})
	t.Run(SourceDecides, func(t *testing.T) {
		r := newRig(t, v, "")
		tgt, c := r.tgt, r.c
		id := c.prepare(v, 2, write)
		execute := func(stream int16) *frame.Frame {
			c.send(encode(t, v, stream, &message.Execute{QueryId: id, Options: &message.QueryOptions{
				PositionalValues: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 7})}}}))
			return c.mustNext("EXECUTE write")
		}
		if f := execute(3); f.Header.OpCode != primitive.OpCodeResult {
			t.Fatalf("source-decides: the source's reply, got %v", f.Body.Message)
		}
		recs := readJournal(t, r.journal)
		if len(recs) != 1 || recs[0].Statements[0] != write || !strings.Contains(recs[0].Reason, "the target did not prepare the statement") ||
			!strings.Contains(recs[0].Reason, "missing_on_target") {
			t.Fatalf("want the execution recorded with the target's refusal, got %+v", recs)
		}
		tgt.Mu.Lock()
		executed := len(tgt.Executed)
		tgt.Mu.Unlock()
		if executed != 0 {
			t.Fatalf("the target ran %d EXECUTEs of a statement it never prepared", executed)
		}
		r.m.prepared.get(id).retryAt = r.m.now() // refusedRetry is over
		if f := execute(4); f.Header.OpCode != primitive.OpCodeError {
			t.Fatalf("after refusedRetry the client must prepare again (UNPREPARED), got %v", f.Body.Message)
		} else if _, ok := f.Body.Message.(*message.Unprepared); !ok {
			t.Fatalf("want UNPREPARED, got %v", f.Body.Message)
		}
	})

	r := newRig(t, v, "")
	tgt, c := r.tgt, r.c
	read := "SELECT * FROM ks.missing_on_target WHERE k = ?"
	c.send(encode(t, v, 3, &message.Prepare{Query: read}))
	res, ok := c.mustNext("PREPARE read").Body.Message.(*message.PreparedResult)
	if !ok {
		t.Fatalf("a read only the source can prepare must still prepare, got %v", res)
	}
	c.send(encode(t, v, 4, &message.Execute{QueryId: res.PreparedQueryId, Options: &message.QueryOptions{}}))
	if f := c.mustNext("EXECUTE read"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("EXECUTE of the read: %v", f.Body.Message)
	}
	if contains(tgt.Seen(), "missing_on_target") {
		t.Fatalf("the read reached the target: %q", tgt.Seen())
	}
}

// A PREPARE the target does not answer in time must not send the driver into an endless
// UNPREPARED/PREPARE loop: the statement runs on the source alone for a while, recorded.
func TestPrepareTheTargetDoesNotAnswer(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"request_timeout":"200ms"`)
	r.tgt.Mu.Lock()
	r.tgt.Gate = make(chan struct{})
	r.tgt.Mu.Unlock()
	defer func() {
		r.tgt.Mu.Lock()
		close(r.tgt.Gate)
		r.tgt.Gate = nil
		r.tgt.Mu.Unlock()
	}()
	id := r.c.prepare(v, 2, "INSERT INTO ks.t (k) VALUES (?)")
	for stream := int16(3); stream < 5; stream++ {
		r.c.send(encode(t, v, stream, &message.Execute{QueryId: id, Options: &message.QueryOptions{}}))
		if f := r.c.mustNext("EXECUTE"); f.Header.OpCode != primitive.OpCodeResult {
			t.Fatalf("EXECUTE %d after the target missed the PREPARE: %v", stream, f.Body.Message)
		}
	}
	recs := readJournal(t, r.journal)
	if len(recs) != 2 || !strings.Contains(recs[1].Reason, "no reply to PREPARE within health_check.timeout 200ms") {
		t.Fatalf("want both executions recorded with the reason, got %+v", recs)
	}
}

func TestBothClustersGetTheSameWriteTimestamp(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			src, tgt, c := r.src, r.tgt, r.c
			q := "INSERT INTO ks.t (k) VALUES (?)"
			id := c.prepare(v, 2, q)
			own := int64(1234567)
			one := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1})}
			batch := &message.Batch{Children: []*message.BatchChild{{Id: id, Values: one}, {Query: "DELETE FROM ks.t WHERE k = 2"}}}
			if v >= primitive.ProtocolVersion5 {
				batch.Keyspace = "ks" // as the Python driver sends a batch of prepared statements
			}
			for i, m := range []message.Message{
				query("INSERT INTO ks.t (k) VALUES (1)"),
				&message.Execute{QueryId: id, Options: &message.QueryOptions{PositionalValues: one}},
				batch,
				&message.Query{Query: "INSERT INTO ks.t (k) VALUES (3)", Options: &message.QueryOptions{DefaultTimestamp: &own}},
				query("SELECT * FROM ks.t"),
			} {
				c.send(encode(t, v, int16(10+i), m))
				if f := c.mustNext(fmt.Sprint(m)); f.Header.OpCode != primitive.OpCodeResult {
					t.Fatalf("%v: %v", m, f.Body.Message)
				}
			}
			src.Mu.Lock()
			srcStamps := append([]int64(nil), src.Stamps...)
			src.Mu.Unlock()
			tgt.Mu.Lock()
			tgtStamps := append([]int64(nil), tgt.Stamps...)
			tgt.Mu.Unlock()
			if len(srcStamps) != 5 || len(tgtStamps) != 4 {
				t.Fatalf("source ran %d, target %d statements; want 5 and 4", len(srcStamps), len(tgtStamps))
			}
			for i := range 3 {
				if srcStamps[i] == 0 || srcStamps[i] != tgtStamps[i] {
					t.Errorf("write %d: source timestamp %d, target %d; want the same proxy-chosen value", i, srcStamps[i], tgtStamps[i])
				}
			}
			if srcStamps[0] >= srcStamps[1] || srcStamps[1] >= srcStamps[2] {
				t.Errorf("proxy timestamps must increase: %v", srcStamps[:3])
			}
			if srcStamps[3] != own || tgtStamps[3] != own {
				t.Errorf("a client timestamp must pass through: source %d, target %d, want %d", srcStamps[3], tgtStamps[3], own)
			}
			if srcStamps[4] != 0 {
				t.Errorf("a read got a timestamp: %d", srcStamps[4])
			}
		})
	}
}

func TestTopologyQueriesShowOnlyTheProxy(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			tgt, c := r.tgt, r.c
			c.send(encode(t, v, 2, query("SELECT * FROM system.local WHERE key='local'")))
			checkLocal(t, c.mustNext("system.local"))

			// Drivers such as gocql prepare it and execute with skip_metadata.
			id := c.prepare(v, 5, "SELECT * FROM system.local")
			c.send(encode(t, v, 6, &message.Execute{QueryId: id, Options: &message.QueryOptions{SkipMetadata: true}}))
			checkLocal(t, c.mustNext("EXECUTE system.local"))

			for i, q := range []string{"SELECT * FROM system.peers", `select peer, rpc_address from "system"."peers_v2";`} {
				c.send(encode(t, v, int16(3+i), query(q)))
				peers, ok := c.mustNext(q).Body.Message.(*message.RowsResult)
				if !ok || len(peers.Data) != 0 || len(peers.Metadata.Columns) == 0 {
					t.Errorf("%s: want no rows and the source's columns, got %v", q, peers)
				}
			}
			if contains(tgt.Seen(), "system") {
				t.Errorf("topology reads reached the target: %q", tgt.Seen())
			}
		})
	}
}

func checkLocal(t *testing.T, f *frame.Frame) {
	t.Helper()
	local, ok := f.Body.Message.(*message.RowsResult)
	if !ok || len(local.Data) != 1 {
		t.Fatalf("system.local: %v", f.Body.Message)
	}
	row := local.Data[0]
	if net.IP(row[0]).String() != "127.0.0.1" || net.IP(row[1]).String() != "127.0.0.1" {
		t.Errorf("system.local addresses %v %v, want the proxy's 127.0.0.1", net.IP(row[0]), net.IP(row[1]))
	}
	if port := binary.BigEndian.Uint32(row[2]); port != 29042 {
		t.Errorf("system.local rpc_port %d, want the proxy's 29042", port)
	}
	if string(row[3]) != "dc-src" {
		t.Errorf("system.local data_center %q, want the source's dc-src", row[3])
	}
	// The proxy's own host id, as other proxies list it in system.peers, whichever source node
	// answered.
	if want := uuid.NewMD5(uuid.NameSpaceOID, []byte("cqlmirror proxy 127.0.0.1:29042")); !bytes.Equal(row[4], want[:]) {
		t.Errorf("system.local host_id %x, want the proxy's %x (the source node's is %x)", row[4], want, fakecql.SourceHostID)
	}
}

func TestTargetComesBackAndMirroringResumes(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "", func(r *rig) { r.tgt.Close() })
			tgt, m, c, journal := r.tgt, r.m, r.c, r.journal
			c.send(encode(t, v, 2, query("USE ks")))
			c.mustNext("USE")
			c.send(encode(t, v, 3, query("INSERT INTO t (k) VALUES (1)")))
			c.mustNext("INSERT while the target is down")

			back := fakecql.StartAt(t, "t", tgt.ListenAddress, nil)
			waitFor(t, "the session to reconnect to the target", func() bool { return m.Stats().TargetReconnects.Load() == 1 })
			c.send(encode(t, v, 4, query("INSERT INTO t (k) VALUES (2)")))
			c.mustNext("INSERT after the target is back")
			if seen := back.Seen(); len(seen) != 2 || seen[0] != "USE ks" || seen[1] != "INSERT INTO t (k) VALUES (2)" {
				t.Fatalf("the new target connection must catch up with USE, then mirror; it ran %q", seen)
			}
			if n := len(readJournal(t, journal)); n != 1 {
				t.Fatalf("want only the write made while the target was down recorded, got %d", n)
			}
		})
	}
}

func TestTargetThatForgotAStatementGetsItPreparedAgain(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, "")
	tgt, m, c, journal := r.tgt, r.m, r.c, r.journal
	q := "INSERT INTO ks.t (k) VALUES (?)"
	id := c.prepare(v, 2, q)
	one := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1})}
	for i, msg := range []message.Message{
		&message.Execute{QueryId: id, Options: &message.QueryOptions{PositionalValues: one}},
		&message.Batch{Children: []*message.BatchChild{{Id: id, Values: one}}},
	} {
		tgt.Forget(fmt.Sprintf("restarted-%d", i)) // and it now hands out different ids
		c.send(encode(t, v, int16(3+i), msg))
		if f := c.mustNext(fmt.Sprint(msg)); f.Header.OpCode != primitive.OpCodeResult {
			t.Fatalf("%v: %v", msg, f.Body.Message)
		}
		tgt.Mu.Lock()
		executed := append([][]byte(nil), tgt.Executed...)
		tgt.Mu.Unlock()
		if len(executed) != i+1 {
			t.Fatalf("the target ran %d prepared statements, want %d", len(executed), i+1)
		}
		if last := executed[len(executed)-1]; string(last) != string(tgt.ID(q)) {
			t.Fatalf("the target ran id %x, want its new id %x", last, tgt.ID(q))
		}
	}
	if n := len(readJournal(t, journal)); n != 0 {
		t.Fatalf("nothing was missed, yet %d writes were recorded", n)
	}
	if n := m.Stats().TargetFailedWrites.Load(); n != 0 {
		t.Fatalf("TargetFailedWrites = %d", n)
	}
}

func TestHeartbeatsDoNotWaitForTheTarget(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, "")
	tgt, c := r.tgt, r.c
	tgt.Mu.Lock()
	tgt.Gate = make(chan struct{}) // only holds statements; make the target slow for everything
	tgt.Mu.Unlock()
	c.send(encode(t, v, 7, query("INSERT INTO ks.t (k) VALUES (1)")))
	c.send(encode(t, v, 8, &message.Options{}))
	f := c.mustNext("a heartbeat while the target is stuck")
	if f.Header.StreamId != 8 || f.Header.OpCode != primitive.OpCodeSupported {
		t.Fatalf("want SUPPORTED on stream 8 first, got stream %d %v", f.Header.StreamId, f.Body.Message)
	}
	tgt.Mu.Lock()
	close(tgt.Gate)
	tgt.Gate = nil
	tgt.Mu.Unlock()
	c.mustNext("the INSERT")
}

func TestDeterministicFunctions(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"deterministic_functions":true`)
	r.c.send(encode(t, v, 2, query("INSERT INTO ks.t (k, id) VALUES (1, now())")))
	r.c.mustNext("INSERT with now()")
	src, tgt := r.src.Seen(), r.tgt.Seen()
	if len(src) != 1 || len(tgt) != 1 || src[0] != tgt[0] || strings.Contains(src[0], "now()") {
		t.Fatalf("both clusters must get the same literal instead of now(): source %q, target %q", src, tgt)
	}
	r.c.prepare(v, 3, "INSERT INTO ks.t (k, id) VALUES (?, uuid())")
	r.c.prepare(v, 4, "INSERT INTO ks.t (k, ts) VALUES (?, toTimestamp(now()))") // left to each cluster
	if r.m.Stats().FunctionsRewritten.Load() != 2 || r.m.Stats().NondeterministicPrepared.Load() != 1 {
		t.Fatalf("FunctionsRewritten %d, NondeterministicPrepared %d; want 2 and 1",
			r.m.Stats().FunctionsRewritten.Load(), r.m.Stats().NondeterministicPrepared.Load())
	}
}

// Prepared writes calling now() and the like: both clusters prepare the text with bind markers of
// the proxy's own, the driver sees only its own variables, and every EXECUTE and BATCH gives both
// clusters the same values, positional or named.
func TestDeterministicFunctionsInPreparedStatements(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, `,"deterministic_functions":true`)
			r.c.send(encode(t, v, 2, &message.Prepare{Query: "INSERT INTO ks.t (k, id, ts) VALUES (?, now(), currentTimestamp())"}))
			res, ok := r.c.mustNext("PREPARE").Body.Message.(*message.PreparedResult)
			if !ok || len(res.VariablesMetadata.Columns) != 1 || res.VariablesMetadata.Columns[0].Name != "v0" {
				t.Fatalf("the driver must see its one variable, got %+v", res)
			}
			if v >= primitive.ProtocolVersion4 && fmt.Sprint(res.VariablesMetadata.PkIndices) != "[0]" {
				t.Fatalf("pk_indexes %v, want [0]", res.VariablesMetadata.PkIndices)
			}
			want := "INSERT INTO ks.t (k, id, ts) VALUES (?, ?, ?)"
			one := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1})}
			r.c.send(encode(t, v, 3, &message.Execute{QueryId: res.PreparedQueryId, ResultMetadataId: res.ResultMetadataId, Options: &message.QueryOptions{PositionalValues: one}}))
			r.c.mustNext("EXECUTE")
			r.c.send(encode(t, v, 4, &message.Batch{Children: []*message.BatchChild{{Id: res.PreparedQueryId, Values: one}, {Query: "DELETE FROM ks.t WHERE k = 2"}}}))
			r.c.mustNext("BATCH")

			r.c.send(encode(t, v, 5, &message.Prepare{Query: "INSERT INTO ks.t (k, id) VALUES (:k, uuid())"}))
			named := r.c.mustNext("PREPARE with named markers").Body.Message.(*message.PreparedResult)
			r.c.send(encode(t, v, 6, &message.Execute{QueryId: named.PreparedQueryId, ResultMetadataId: named.ResultMetadataId,
				Options: &message.QueryOptions{NamedValues: map[string]*primitive.Value{"k": one[0]}}}))
			r.c.mustNext("EXECUTE with named values")

			for _, c := range []*fakeCluster{r.src, r.tgt} {
				if seen := c.Seen(); !contains(seen, want) || !contains(seen, "VALUES (:k, :cqlmirror_fn_0)") {
					t.Fatalf("%v ran %q, want the statements with the proxy's markers", c.ListenAddress, seen)
				}
			}
			r.src.Mu.Lock()
			src := fmt.Sprint(r.src.Bound)
			r.src.Mu.Unlock()
			r.tgt.Mu.Lock()
			tgt := fmt.Sprint(r.tgt.Bound)
			r.tgt.Mu.Unlock()
			if src != tgt {
				t.Fatalf("the clusters got different values:\nsource %s\ntarget %s", src, tgt)
			}
			var bound [][]string
			r.src.Mu.Lock()
			bound = append(bound, r.src.Bound...)
			r.src.Mu.Unlock()
			if len(bound) != 3 || len(bound[0]) != 3 || bound[0][0] != "00000001" || len(bound[0][1]) != 32 || len(bound[0][2]) != 16 ||
				len(bound[1]) != 3 || bound[1][1] == bound[0][1] || len(bound[2]) != 2 || !strings.HasPrefix(bound[2][0], "cqlmirror_fn_0=") {
				t.Fatalf("bound values %v: want k, a timeuuid and a timestamp per execution (a new timeuuid each), then k and the named uuid", bound)
			}
		})
	}
}

func TestDeterministicFunctionsInBatches(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, `,"deterministic_functions":true`)
			r.c.send(encode(t, v, 2, &message.Batch{Type: primitive.BatchTypeUnlogged, Children: []*message.BatchChild{
				{Query: "INSERT INTO ks.t (k, id) VALUES (1, uuid())"},
				{Query: "INSERT INTO ks.t (k, at) VALUES (2, currentTimestamp())"},
			}}))
			if f := r.c.mustNext("BATCH with uuid()"); f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("BATCH: %v", f.Body.Message)
			}
			src, tgt := r.src.Seen(), r.tgt.Seen()
			if fmt.Sprint(src) != fmt.Sprint(tgt) || contains(src, "uuid()") || contains(src, "currentTimestamp()") || len(src) != 2 {
				t.Fatalf("both clusters must get the same literals: source %q, target %q", src, tgt)
			}
		})
	}
}

func TestConfiguredPeersAppearInSystemPeers(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, `,"peers":["10.9.0.2:9042","10.9.0.3:9043"]`)
			// Drivers ask for system.peers before the proxy has seen the source's system.local:
			// the proxy fetches it to describe its peers.
			r.c.send(encode(t, v, 2, query("SELECT * FROM system.peers")))
			rows := r.c.mustNext("peers").Body.Message.(*message.RowsResult)
			if len(rows.Data) != 2 {
				t.Fatalf("want the 2 configured peers, got %d rows", len(rows.Data))
			}
			for i, want := range []string{"10.9.0.2", "10.9.0.3"} {
				row := rows.Data[i]
				if net.IP(row[0]).String() != want || net.IP(row[1]).String() != want || string(row[3]) != "dc-src" {
					t.Errorf("peer %d: %v %v port %x dc %q", i, net.IP(row[0]), net.IP(row[1]), row[2], row[3])
				}
			}
			if port := binary.BigEndian.Uint32(rows.Data[1][2]); port != 9043 {
				t.Errorf("peer 2 rpc_port %d, want 9043", port)
			}
			// A schema-agreement check selects one column of system.local; the peers must still
			// be described with everything known of the source's row.
			r.c.send(encode(t, v, 3, query("SELECT schema_version FROM system.local WHERE key = 'local'")))
			r.c.mustNext("schema_version")
			r.c.send(encode(t, v, 4, query("SELECT * FROM system.peers")))
			rows = r.c.mustNext("peers again").Body.Message.(*message.RowsResult)
			if len(rows.Data) != 2 || string(rows.Data[0][3]) != "dc-src" {
				t.Errorf("peers after a one-column system.local query: %d rows, first %v", len(rows.Data), rows.Data)
			}
		})
	}
}

// A second STARTUP on a started connection is refused, as Cassandra refuses it: it would switch
// the connection's compression while frames are in flight.
func TestSecondStartupIsRefused(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			c := newRig(t, v, "").c
			c.send(encode(t, v, 3, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0", "COMPRESSION": "lz4"}}))
			if _, ok := c.mustNext("a second STARTUP").Body.Message.(*message.ProtocolError); !ok {
				t.Fatal("a second STARTUP must get a protocol error")
			}
			c.send(encode(t, v, 4, &message.Options{}))
			if f := c.mustNext("OPTIONS after it"); f.Header.OpCode != primitive.OpCodeSupported || f.Header.Flags&cql.FlagCompression != 0 {
				t.Fatalf("OPTIONS after a refused STARTUP: %v (flags %x)", f.Body.Message, f.Header.Flags)
			}
		})
	}
}

// A client that half-closes after every answer is closed even while a cluster still owes a reply
// it may never send (here a target that stopped answering past request_timeout).
func TestHalfClosedClientIsClosedWithoutLateReplies(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"request_timeout":"200ms"`)
	gate(t, r.tgt)
	r.c.send(encode(t, v, 2, query("INSERT INTO ks.t (k) VALUES (1)")))
	r.c.mustNext("INSERT past the target's deadline")
	r.c.mu.Lock()
	r.c.s.OnClientEOF()
	r.c.flushLocked()
	r.c.mu.Unlock()
	waitFor(t, "the half-closed client's connection to close", func() bool {
		r.c.flush()
		return r.c.Closed()
	})
}
