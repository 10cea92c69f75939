package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/gocql/gocql"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// The source took writes the target missed; their journal is replayed with `controlplane replay`
// and the target then holds each row with the source's value and write time. The journal is made
// by hand from the frames a client sends (QUERY, EXECUTE with the source's statement ids, BATCH,
// at protocol v3, v4 and v5), in a rotated file and the current one, as the filter keeps it.
func TestReplayRestoresTheRowsTheTargetMissed(t *testing.T) {
	const ks = "e2e_replay"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	if err := proxy.Query("CREATE TABLE " + ks + ".counters (k int PRIMARY KEY, n counter)").Exec(); err != nil {
		t.Fatal(err)
	}
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	base := time.Now().UnixMicro() - 60_000_000

	one := primitive.ConsistencyLevelOne
	stamp := func(k int) *int64 { ts := base + int64(k); return &ts }
	intValue := func(k int) *primitive.Value { return primitive.NewValue(binary.BigEndian.AppendUint32(nil, uint32(k))) }
	textValue := func(s string) *primitive.Value { return primitive.NewValue([]byte(s)) }
	staleID := []byte("not-the-target-id") // an EXECUTE's id is the source's; the replay prepares again
	const insert = "INSERT INTO kv (k, v) VALUES (?, ?)"
	execute := func(k int, v string) *message.Execute {
		return &message.Execute{QueryId: staleID, ResultMetadataId: staleID, Options: &message.QueryOptions{
			Consistency: one, DefaultTimestamp: stamp(k), PositionalValues: []*primitive.Value{intValue(k), textValue(v)}}}
	}
	query := func(k int, q string) *message.Query {
		return &message.Query{Query: q, Options: &message.QueryOptions{Consistency: one, DefaultTimestamp: stamp(k)}}
	}
	rec := func(version primitive.ProtocolVersion, keyspace string, ts *int64, msg message.Message, statements ...string) *journal.Record {
		if q, ok := msg.(*message.Query); ok {
			statements = []string{q.Query}
		}
		return &journal.Record{Time: time.Now().UTC(), StatPrefix: "e2e", Target: targetAddr(), Reason: "target paused",
			Opcode: msg.GetOpCode().String(), Version: int(version), Keyspace: keyspace, Consistency: one.String(), TimestampMicros: ts,
			Statements: statements, Frame: base64.StdEncoding.EncodeToString(cql.Encode(version, 3, msg))}
	}

	// rows are the writes both clusters should end up with; the source takes them now.
	rows := map[int]string{1: "query-v4", 2: "execute-v4", 3: "execute-v5", 4: "batch-prepared", 5: "batch-query", 6: "query-v3"}
	const bulk = 2000 // EXECUTEs at k = 100.., enough to keep many requests in flight
	for k := 100; k < 100+bulk; k++ {
		rows[k] = fmt.Sprintf("bulk-%d", k)
	}
	writeTime := func(k int) int64 {
		if k == 5 { // in the batch of k=4, which has one timestamp
			return *stamp(4)
		}
		return *stamp(k)
	}
	for k, v := range rows {
		if err := src.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", k, v).WithTimestamp(writeTime(k)).Exec(); err != nil {
			t.Fatal(err)
		}
	}
	// k=7: the target already holds a newer value than the journal's.
	newer := base + 1_000_000
	if err := tgt.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (7, 'newer')").WithTimestamp(newer).Exec(); err != nil {
		t.Fatal(err)
	}
	batch := &message.Batch{Type: primitive.BatchTypeLogged, Consistency: one, DefaultTimestamp: stamp(4), Children: []*message.BatchChild{
		{Id: staleID, Values: []*primitive.Value{textValue("batch-prepared"), intValue(4)}},
		{Query: "INSERT INTO " + ks + ".kv (k, v) VALUES (5, 'batch-query')"},
	}}
	dir := t.TempDir()
	current := filepath.Join(dir, "failed-writes.jsonl")
	rotated := journal.RotatedName(current, time.Now().Add(-time.Minute))
	writeRecords(t, rotated,
		rec(4, "", stamp(1), query(1, "INSERT INTO "+ks+".kv (k, v) VALUES (1, 'query-v4')")),
		rec(4, ks, stamp(2), execute(2, "execute-v4"), insert),
		rec(5, ks, stamp(3), execute(3, "execute-v5"), insert),
		rec(5, ks, stamp(4), batch, "UPDATE kv SET v = ? WHERE k = ?", batch.Children[1].Query),
		rec(3, ks, stamp(6), query(6, "INSERT INTO kv (k, v) VALUES (6, 'query-v3')")),
	)
	// The current file: a write older than the target's k=7, a counter update and a conditional
	// write (both skipped), and the bulk.
	recs := []*journal.Record{
		rec(4, ks, stamp(7), query(7, "INSERT INTO kv (k, v) VALUES (7, 'journaled')")),
		rec(4, ks, stamp(8), query(8, "UPDATE counters SET n = n + 1 WHERE k = 1")),
		rec(4, ks, stamp(9), query(9, "INSERT INTO kv (k, v) VALUES (9, 'conditional') IF NOT EXISTS")),
	}
	for k := 100; k < 100+bulk; k++ {
		recs = append(recs, rec(4, ks, stamp(k), execute(k, rows[k]), insert))
	}
	writeRecords(t, current, recs...)
	cfg := replayConfig(t, dir, targetAddr(), current)

	out, code := runReplay(t, "-config", cfg)
	total := 5 + len(recs)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("replay: %d records to %s in ", total, targetAddr())) ||
		!strings.Contains(out, fmt.Sprintf("replayed %d, skipped 2, failed 0", total-2)) {
		t.Fatalf("exit status %d; output:\n%s", code, out)
	}
	t.Logf("controlplane replay:\n%s", out)
	for _, line := range []string{
		current + ":2: skipped, counter update: UPDATE counters SET n = n + 1 WHERE k = 1",
		current + ":3: skipped, conditional write (IF NOT EXISTS): INSERT INTO kv (k, v) VALUES (9, 'conditional') IF NOT EXISTS",
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("the output does not list %q:\n%s", line, out)
		}
	}
	after := checkReplayed(t, src, tgt, ks, rows, writeTime, newer)

	// Replaying again changes nothing.
	out, code = runReplay(t, "-config", cfg)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("replayed %d, skipped 2, failed 0", total-2)) {
		t.Fatalf("second replay: exit status %d; output:\n%s", code, out)
	}
	if again := checkReplayed(t, src, tgt, ks, rows, writeTime, newer); !maps.Equal(after, again) {
		t.Errorf("the second replay changed the target")
	}

	// An unreachable target: every write fails, into a failed journal, and the exit status is 1.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().String()
	l.Close()
	downCfg := replayConfig(t, t.TempDir(), down, current)
	failed := filepath.Join(dir, "failed-again.jsonl")
	out, code = runReplay(t, "-config", downCfg, "-journal", current, "-failed", failed)
	if code != 1 || !strings.Contains(out, fmt.Sprintf("replayed 0, skipped 2, failed %d", len(recs)-2)) ||
		!strings.Contains(out, "failed: connect to "+down) || !strings.Contains(out, fmt.Sprintf("%d records failed; they are in %s", len(recs)-2, failed)) {
		t.Fatalf("unreachable target: exit status %d; output:\n%s", code, out)
	}
	want := map[string]bool{}
	for i, r := range recs {
		if i != 1 && i != 2 { // not the skipped ones
			want[r.Frame] = true
		}
	}
	if err := journal.ReadFile(failed, func(line int, r *journal.Record) error {
		if !want[r.Frame] || !strings.HasPrefix(r.Reason, "replay: connect to "+down) {
			return fmt.Errorf("line %d: %+v is not one of the journal's records, or failed for another reason", line, r)
		}
		delete(want, r.Frame)
		return nil
	}); err != nil || len(want) != 0 {
		t.Errorf("the failed journal lacks %d of the records: %v", len(want), err)
	}
}

func writeRecords(t *testing.T, path string, recs ...*journal.Record) {
	t.Helper()
	var b []byte
	for _, r := range recs {
		line, err := journal.Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, line...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// replayConfig writes a control plane config whose target is target and whose journal is journal.
func replayConfig(t *testing.T, dir, target, journal string) string {
	t.Helper()
	cfg := filepath.Join(dir, "controlplane.yaml")
	yaml := fmt.Sprintf("listener: {port: 29990}\nsource: {address: %q}\ntarget: {address: %q}\nfailed_writes_file: %s\n", sourceAddr(), target, journal)
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// runReplay runs `controlplane replay` and returns its output (stdout, then stderr) and exit status.
func runReplay(t *testing.T, args ...string) (string, int) {
	t.Helper()
	bin, err := buildControlPlane()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"replay"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return stdout.String() + stderr.String(), cmd.ProcessState.ExitCode()
}

type storedRow struct {
	v  string
	wt int64
}

// checkReplayed checks the target against rows: each has the source's value and write time; k=7
// kept its newer value (written at newer); the conditional write and the counter update were not
// applied. It returns every row of the target's table.
func checkReplayed(t *testing.T, src, tgt *gocql.Session, ks string, rows map[int]string, writeTime func(int) int64, newer int64) map[int]storedRow {
	t.Helper()
	read := func(s *gocql.Session) map[int]storedRow {
		out := map[int]storedRow{}
		it := s.Query("SELECT k, v, WRITETIME(v) FROM " + ks + ".kv").PageSize(5000).Iter()
		var k int
		var r storedRow
		for it.Scan(&k, &r.v, &r.wt) {
			out[k] = r
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	source, target := read(src), read(tgt)
	for k, v := range rows {
		s, d := source[k], target[k]
		if s.v != v || s.wt != writeTime(k) {
			t.Fatalf("the source's k=%d is %+v, want %q at %d", k, s, v, writeTime(k))
		}
		if d != s {
			t.Errorf("k=%d: the target holds %q at %d, the source %q at %d", k, d.v, d.wt, s.v, s.wt)
		}
	}
	if r := target[7]; r.v != "newer" || r.wt != newer {
		t.Errorf("k=7: the replay overwrote a newer value: %+v", r)
	}
	if r, ok := target[9]; ok {
		t.Errorf("k=9: the conditional write was replayed: %+v", r)
	}
	if len(target) != len(rows)+1 {
		t.Errorf("the target holds %d rows, want %d", len(target), len(rows)+1)
	}
	var n int64
	if err := tgt.Query("SELECT n FROM " + ks + ".counters WHERE k = 1").Scan(&n); !errors.Is(err, gocql.ErrNotFound) {
		t.Errorf("the counter update was replayed: n=%d, %v", n, err)
	}
	return target
}
