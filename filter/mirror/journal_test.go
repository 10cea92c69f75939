package mirror

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// Each record carries what a replay needs to place the write: the protocol version, and the
// keyspace its unqualified names resolve in (the session's USE, the keyspace a statement was
// prepared in, or a v5 frame's own).
func TestJournalRecordsKeyspaceAndVersion(t *testing.T) {
	for _, v := range []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4, primitive.ProtocolVersion5} {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			c := r.c
			send := func(stream int16, m message.Message) *message.Message {
				c.send(encode(t, v, stream, m))
				f := c.mustNext(fmt.Sprint(m))
				return &f.Body.Message
			}
			if m := send(2, query(`USE "Ks_A"`)); fmt.Sprint(*m) != fmt.Sprint(&message.SetKeyspaceResult{Keyspace: "Ks_A"}) {
				t.Fatalf("USE: %v", *m)
			}
			send(3, query("INSERT INTO fails_on_target (k) VALUES (1)"))
			id := c.prepare(v, 4, "INSERT INTO fails_on_target (k) VALUES (?)")
			send(5, query("USE ks_b"))
			send(6, &message.Execute{QueryId: id, Options: &message.QueryOptions{PositionalValues: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 2})}}})
			send(7, &message.Batch{Children: []*message.BatchChild{{Query: "INSERT INTO fails_on_target (k) VALUES (3)"}}})
			want := []struct{ keyspace, stmt string }{
				{"Ks_A", "INSERT INTO fails_on_target (k) VALUES (1)"},
				{"Ks_A", "INSERT INTO fails_on_target (k) VALUES (?)"},
				{"ks_b", "INSERT INTO fails_on_target (k) VALUES (3)"},
			}
			if v >= primitive.ProtocolVersion5 {
				send(8, &message.Query{Query: "INSERT INTO fails_on_target (k) VALUES (4)", Options: &message.QueryOptions{Keyspace: "ks_frame"}})
				want = append(want, struct{ keyspace, stmt string }{"ks_frame", "INSERT INTO fails_on_target (k) VALUES (4)"})
			}
			got := readJournal(t, r.journal)
			if len(got) != len(want) {
				t.Fatalf("%d records, want %d: %+v", len(got), len(want), got)
			}
			for i, w := range want {
				g := got[i]
				if g.Keyspace != w.keyspace || g.Version != int(v) || len(g.Statements) != 1 || g.Statements[0] != w.stmt {
					t.Errorf("record %d: keyspace %q version %d statements %q; want %q, %d, %q", i, g.Keyspace, g.Version, g.Statements, w.keyspace, v, w.stmt)
				}
				if g.TimestampMicros == nil || g.Consistency == "" || g.Consistency != "ONE" && g.Consistency != "ANY" || !strings.Contains(g.Reason, "WriteTimeout") {
					t.Errorf("record %d: timestamp %v consistency %q reason %q", i, g.TimestampMicros, g.Consistency, g.Reason)
				}
			}
			if n := r.m.Stats().JournalRecords.Load(); n != uint64(len(want)) {
				t.Errorf("JournalRecords = %d, want %d", n, len(want))
			}
		})
	}
}

// No-wait: what waits for a stalled target is capped per connection. Past max_target_queue_bytes a
// write skips the target, is journaled and counted, and the client still gets the source's reply.
func TestTargetQueueCapJournalsInsteadOfQueueing(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"wait":false,"max_target_queue_bytes":400`)
	r.tgt.SetStall(true)
	const n = 20
	for i := range n {
		r.c.send(encode(t, v, int16(i+2), query(fmt.Sprintf("INSERT INTO ks.t (k) VALUES (%d)", i))))
		if f := r.c.mustNext("INSERT"); f.Header.OpCode != primitive.OpCodeResult {
			t.Fatalf("INSERT %d: %v", i, f.Body.Message)
		}
	}
	full := r.m.Stats().TargetQueueFull.Load()
	if full == 0 || full >= n {
		t.Fatalf("%d of %d writes found the queue full; want some queued and the rest skipped", full, n)
	}
	waitFor(t, "the skipped writes' records", func() bool { return len(readJournal(t, r.journal)) == int(full) })
	for _, w := range readJournal(t, r.journal) {
		if !strings.HasPrefix(w.Reason, "target queue full") {
			t.Fatalf("reason %q", w.Reason)
		}
	}
	r.tgt.SetStall(false)
	waitFor(t, "the queued writes to reach the target", func() bool {
		r.tgt.Mu.Lock()
		defer r.tgt.Mu.Unlock()
		return len(r.tgt.Writes) == n-int(full)
	})
}

// Under strict, a write that finds the target's queue full goes to neither cluster: the client gets
// OVERLOADED and may retry.
func TestTargetQueueCapUnderStrictRefuses(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"failure_policy":"strict","max_target_queue_bytes":200`)
	r.tgt.SetStall(true)
	defer r.tgt.SetStall(false)
	for i := range 10 {
		r.c.send(encode(t, v, int16(i+2), query(fmt.Sprintf("INSERT INTO ks.t (k) VALUES (%d)", i))))
	}
	f := r.c.mustNext("an INSERT past the cap")
	if _, ok := f.Body.Message.(*message.Overloaded); !ok || !strings.Contains(fmt.Sprint(f.Body.Message), "max_target_queue_bytes") {
		t.Fatalf("got %v, want OVERLOADED naming max_target_queue_bytes", f.Body.Message)
	}
	refused := r.m.Stats().TargetQueueFull.Load()
	if refused == 0 || refused == 10 {
		t.Fatalf("%d of 10 writes refused; want the ones past the cap", refused)
	}
	waitFor(t, "the writes not refused to reach the source", func() bool {
		r.src.Mu.Lock()
		defer r.src.Mu.Unlock()
		return len(r.src.Writes) == 10-int(refused)
	})
	time.Sleep(50 * time.Millisecond)
	r.src.Mu.Lock()
	defer r.src.Mu.Unlock()
	if got := len(r.src.Writes); got != 10-int(refused) {
		t.Fatalf("the source got %d writes, %d of 10 were refused", got, refused)
	}
}

// A client that leaves (wait: false) while the target still owes answers: the writes the source
// took are journaled as of unknown outcome, since the target connection goes with the session.
func TestEndedSessionJournalsWritesTheTargetStillOwed(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"wait":false`)
	r.tgt.SetStall(true)
	defer r.tgt.SetStall(false)
	const n = 5
	for i := range n {
		r.c.send(encode(t, v, int16(i+2), query(fmt.Sprintf("INSERT INTO ks.t (k) VALUES (%d)", i))))
		if f := r.c.mustNext("INSERT"); f.Header.OpCode != primitive.OpCodeResult {
			t.Fatalf("INSERT %d: %v", i, f.Body.Message)
		}
	}
	r.c.s.Close()
	waitFor(t, "the open writes' records", func() bool { return len(readJournal(t, r.journal)) == n })
	for i, w := range readJournal(t, r.journal) {
		if w.Reason != unsettledReason || w.Statements[0] != fmt.Sprintf("INSERT INTO ks.t (k) VALUES (%d)", i) || w.TimestampMicros == nil {
			t.Fatalf("record %d: %+v", i, w)
		}
	}
	if got := r.m.Stats().TargetFailedWrites.Load(); got != n {
		t.Fatalf("TargetFailedWrites = %d, want %d", got, n)
	}
}

// A record names the statements the session routed, even once the prepared map has dropped their
// ids (the target came back, or the map evicted them) before the record is written.
func TestRecordKeepsStatementTextsTheMapDropped(t *testing.T) {
	r := newRig(t, 0, "")
	v := primitive.ProtocolVersion4
	exec := encode(t, v, 2, &message.Execute{QueryId: []byte("gone-1"), Options: &message.QueryOptions{}})
	batch := encode(t, v, 3, &message.Batch{Children: []*message.BatchChild{
		{Id: []byte("gone-2")}, {Query: "INSERT INTO t (k) VALUES (1)"}, {Id: []byte("gone-3")}}})
	for _, c := range []struct {
		frame []byte
		texts []string
		want  []string
	}{
		{exec, []string{"UPDATE t SET v = ? WHERE k = ?"}, []string{"UPDATE t SET v = ? WHERE k = ?"}},
		{batch, []string{"INSERT INTO a (k) VALUES (?)", "INSERT INTO b (k) VALUES (?)"},
			[]string{"INSERT INTO a (k) VALUES (?)", "INSERT INTO t (k) VALUES (1)", "INSERT INTO b (k) VALUES (?)"}},
		{exec, nil, []string{"<prepared statement 676f6e652d31>"}},
	} {
		rec := r.m.failedWrite(missedWrite{sent: c.frame, reason: "test", texts: c.texts}, time.Now())
		if fmt.Sprint(rec.Statements) != fmt.Sprint(c.want) {
			t.Errorf("statements %q, want %q", rec.Statements, c.want)
		}
	}
}
