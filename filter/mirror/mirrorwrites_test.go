package mirror

import (
	"path/filepath"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// With mirror_writes off the session is a plain proxy to the source: writes, prepared statements
// and batches are answered by the source, and the target is never dialed.
func TestMirrorWritesOffUsesTheSourceAlone(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, `,"mirror_writes":false`)
			src, tgt, c := r.src, r.tgt, r.c
			c.send(encode(t, v, 2, query("INSERT INTO ks.t (k) VALUES (1)")))
			if f := c.mustNext("INSERT"); f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("INSERT got %v", f.Body.Message)
			}
			q := "INSERT INTO ks.t (k) VALUES (?)"
			id := c.prepare(v, 3, q)
			if string(id) != string(src.ID(q)) {
				t.Fatalf("PREPARE returned %x, want the source's %x", id, src.ID(q))
			}
			c.send(encode(t, v, 4, &message.Execute{QueryId: id, Options: &message.QueryOptions{
				Consistency: primitive.ConsistencyLevelOne, PositionalValues: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1})}}}))
			if f := c.mustNext("EXECUTE"); f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("EXECUTE got %v", f.Body.Message)
			}
			c.send(encode(t, v, 5, &message.Batch{Type: primitive.BatchTypeLogged, Consistency: primitive.ConsistencyLevelOne, Children: []*message.BatchChild{
				{Query: "INSERT INTO ks.t (k) VALUES (9)"},
				{Id: id, Values: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 2})}},
			}}))
			if f := c.mustNext("BATCH"); f.Header.OpCode != primitive.OpCodeResult {
				t.Fatalf("BATCH got %v", f.Body.Message)
			}
			if !contains(src.Seen(), "INSERT INTO ks.t (k) VALUES (1)") {
				t.Fatalf("the source did not get the write: %q", src.Seen())
			}
			src.Mu.Lock()
			executed := len(src.Executed)
			src.Mu.Unlock()
			if executed != 2 {
				t.Fatalf("the source ran %d prepared statements, want 2", executed)
			}
			if n := tgt.Accepted(); n != 0 {
				t.Fatalf("the target was dialed %d times with mirror_writes off", n)
			}
			if got := r.m.Stats().Mirrored.Load(); got != 0 {
				t.Fatalf("%d requests counted as mirrored", got)
			}
			if js := readJournal(t, r.journal); len(js) != 0 {
				t.Fatalf("writes recorded as missed by the target: %v", js)
			}
		})
	}
}

func TestMirrorWritesOffNeedsNoTarget(t *testing.T) {
	v := primitive.ProtocolVersion4
	src := startFake(t, "s")
	cfg, err := ParseConfig([]byte(`{"stat_prefix":"t","source":{"address":"` + src.ListenAddress + `"},"mirror_writes":false,"failed_writes_file":"` +
		filepath.Join(t.TempDir(), "f.jsonl") + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := newTestConn(t, m)
	handshake(t, c, v)
	c.send(encode(t, v, 2, query("UPDATE ks.t SET v = 1 WHERE k = 1")))
	if f := c.mustNext("UPDATE"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("UPDATE got %v", f.Body.Message)
	}
	if !contains(src.Seen(), "UPDATE ks.t SET v = 1 WHERE k = 1") {
		t.Fatalf("source saw %q", src.Seen())
	}
}
