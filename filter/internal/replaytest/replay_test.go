package replaytest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	. "github.com/cqlmirror/cqlmirror/controlplane/replay"
	"github.com/cqlmirror/cqlmirror/filter/clientauth"
	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// sourceID stands for the id the write's first cluster gave a prepared statement: never the
// target's, so the replay must prepare again.
var sourceID = []byte("source-id-0123456")

func ts(us int64) *int64 { return &us }

// record is a journal record around msg sent at version, as the filter writes them.
func record(version primitive.ProtocolVersion, keyspace string, stamp *int64, msg message.Message, statements ...string) *journal.Record {
	raw := cql.Encode(version, 7, msg)
	rec := &journal.Record{
		Time: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), StatPrefix: "test", Target: "127.0.0.3:9042", Reason: "target paused",
		Opcode: msg.GetOpCode().String(), Version: int(version), Keyspace: keyspace, TimestampMicros: stamp,
		Statements: statements, Frame: base64.StdEncoding.EncodeToString(raw),
	}
	if q, ok := msg.(*message.Query); ok {
		rec.Statements = []string{q.Query}
	}
	return rec
}

func query(q string, cl primitive.ConsistencyLevel, stamp *int64) *message.Query {
	return &message.Query{Query: q, Options: &message.QueryOptions{Consistency: cl, DefaultTimestamp: stamp}}
}

func value(s string) *primitive.Value { return primitive.NewValue([]byte(s)) }

// writeJournal writes lines (records, or raw strings) to a new file and returns its path.
func writeJournal(t *testing.T, name string, lines ...any) string {
	t.Helper()
	var b []byte
	for _, l := range lines {
		switch l := l.(type) {
		case *journal.Record:
			line, err := journal.Encode(l)
			if err != nil {
				t.Fatal(err)
			}
			b = append(b, line...)
		case string:
			b = append(b, l...)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, o Options) (*Result, string) {
	t.Helper()
	var out bytes.Buffer
	o.Out = &out
	if o.FailedFile == "" {
		o.FailedFile = filepath.Join(t.TempDir(), "failed.jsonl")
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = 10 * time.Second
	}
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	return res, out.String()
}

// readLines returns the lines of the file at path.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestReplaySendsEachWriteWithItsTimestampConsistencyKeyspaceAndVersion(t *testing.T) {
	tgt := fakecql.Start(t, "t")
	const (
		insertKV = "INSERT INTO kv (k, v) VALUES (?, ?)"
		updateKV = "UPDATE kv SET v = ? WHERE k = ?"
	)
	execute := func(stamp int64, cl primitive.ConsistencyLevel, v string) *message.Execute {
		return &message.Execute{QueryId: sourceID, ResultMetadataId: sourceID, Options: &message.QueryOptions{
			Consistency: cl, DefaultTimestamp: ts(stamp), PositionalValues: []*primitive.Value{value("k" + v), value(v)}}}
	}
	batch := &message.Batch{Type: primitive.BatchTypeLogged, Consistency: primitive.ConsistencyLevelAll, DefaultTimestamp: ts(1005),
		Children: []*message.BatchChild{
			{Id: sourceID, Values: []*primitive.Value{value("x"), value("kx")}},
			{Query: "INSERT INTO other.kv (k, v) VALUES ('ky', 'y')"},
		}}
	noStampInFrame := query("INSERT INTO ks.kv (k, v) VALUES ('kz', 'z')", primitive.ConsistencyLevelTwo, nil)
	path := writeJournal(t, "failed.jsonl",
		record(4, "", ts(1001), query("INSERT INTO ks.kv (k, v) VALUES ('ka', 'a')", primitive.ConsistencyLevelQuorum, ts(1001))),
		record(4, "ks", ts(1002), execute(1002, primitive.ConsistencyLevelLocalQuorum, "b"), insertKV),
		record(5, "ks", ts(1003), execute(1003, primitive.ConsistencyLevelEachQuorum, "c"), insertKV),
		record(3, "Other_KS", ts(1004), execute(1004, primitive.ConsistencyLevelOne, "d"), insertKV),
		record(5, "ks", ts(1005), batch, updateKV, "INSERT INTO other.kv (k, v) VALUES ('ky', 'y')"),
		record(4, "", ts(1006), noStampInFrame),
	)
	res, out := run(t, Options{Files: []string{path}, Address: tgt.ListenAddress})
	if res.Replayed != 6 || res.Failed != 0 || res.SkippedTotal() != 0 || res.FailedFile != "" {
		t.Fatalf("replayed %d, failed %d, skipped %d, failed file %q; output:\n%s", res.Replayed, res.Failed, res.SkippedTotal(), res.FailedFile, out)
	}
	if !strings.Contains(out, "replayed 6, skipped 0, failed 0") {
		t.Errorf("no counts in the output:\n%s", out)
	}

	tgt.Mu.Lock()
	writes := append([]message.Message(nil), tgt.Writes...)
	tgt.Mu.Unlock()
	byStamp := map[int64]message.Message{}
	for _, w := range writes {
		var stamp *int64
		switch m := w.(type) {
		case *message.Query:
			if strings.HasPrefix(m.Query, "USE ") {
				continue
			}
			stamp = m.Options.DefaultTimestamp
		case *message.Execute:
			stamp = m.Options.DefaultTimestamp
		case *message.Batch:
			stamp = m.DefaultTimestamp
		}
		if stamp == nil {
			t.Fatalf("the target got a write without a timestamp: %#v", w)
		}
		byStamp[*stamp] = w
	}
	// and USE "ks" on the v4 and the v5 connection, USE "Other_KS" on the v3 one
	if len(byStamp) != 6 || len(writes) != 6+3 {
		t.Fatalf("the target got %d requests, %d timestamps: %v", len(writes), len(byStamp), byStamp)
	}
	want := map[int64]primitive.ConsistencyLevel{1001: primitive.ConsistencyLevelQuorum, 1002: primitive.ConsistencyLevelLocalQuorum,
		1003: primitive.ConsistencyLevelEachQuorum, 1004: primitive.ConsistencyLevelOne, 1005: primitive.ConsistencyLevelAll, 1006: primitive.ConsistencyLevelTwo}
	for stamp, cl := range want {
		var got primitive.ConsistencyLevel
		switch m := byStamp[stamp].(type) {
		case *message.Query:
			got = m.Options.Consistency
		case *message.Execute:
			got = m.Options.Consistency
			if !bytes.Equal(m.QueryId, tgt.ID(insertKV)) {
				t.Errorf("ts %d: EXECUTE of id %q, want the target's %x", stamp, m.QueryId, tgt.ID(insertKV))
			}
			if stamp == 1003 && !bytes.Equal(m.ResultMetadataId, tgt.ID(insertKV)) {
				t.Errorf("v5 EXECUTE: result_metadata_id %x, want the target's %x", m.ResultMetadataId, tgt.ID(insertKV))
			}
			if got := string(m.Options.PositionalValues[1].Contents); got != map[int64]string{1002: "b", 1003: "c", 1004: "d"}[stamp] {
				t.Errorf("ts %d: bound value %q", stamp, got)
			}
		case *message.Batch:
			got = m.Consistency
			if !bytes.Equal(m.Children[0].Id, tgt.ID(updateKV)) || m.Children[1].Query != batch.Children[1].Query {
				t.Errorf("BATCH children: %x, %q", m.Children[0].Id, m.Children[1].Query)
			}
		}
		if got != cl {
			t.Errorf("ts %d: consistency %v, want %v", stamp, got, cl)
		}
	}
	seen := strings.Join(tgt.Seen(), "\n")
	for _, use := range []string{`USE "ks"`, `USE "Other_KS"`} {
		if !strings.Contains(seen, use) {
			t.Errorf("the target never ran %s; it ran:\n%s", use, seen)
		}
	}
}

func TestNonIdempotentWritesAreListedAndSkipped(t *testing.T) {
	tgt := fakecql.Start(t, "t")
	one := primitive.ConsistencyLevelOne
	writes := []*journal.Record{
		record(4, "ks", ts(1), query("UPDATE c SET n = n + 1 WHERE k = 1", one, ts(1))),
		record(4, "ks", ts(2), query("INSERT INTO kv (k, v) VALUES (1, 'a') IF NOT EXISTS", one, ts(2))),
		record(4, "ks", ts(3), query("UPDATE l SET items = items + ['x'] WHERE k = 1", one, ts(3))),
		record(4, "ks", ts(4), &message.Batch{Type: primitive.BatchTypeCounter, Consistency: one, DefaultTimestamp: ts(4),
			Children: []*message.BatchChild{{Query: "UPDATE c SET n = n + ? WHERE k = 2", Values: []*primitive.Value{value("1")}}}},
			"UPDATE c SET n = n + ? WHERE k = 2"),
		record(4, "ks", nil, query("INSERT INTO kv (k, v) VALUES (2, 'no timestamp')", one, nil)),
		record(4, "ks", nil, query("INSERT INTO kv (k, v) VALUES (3, 'b') USING TIMESTAMP 5", one, nil)),
	}
	path := writeJournal(t, "failed.jsonl", writes[0], writes[1], writes[2], writes[3], writes[4], writes[5])
	res, out := run(t, Options{Files: []string{path}, Address: tgt.ListenAddress})
	for _, line := range []string{
		path + ":1: skipped, counter update: UPDATE c SET n = n + 1 WHERE k = 1",
		path + ":2: skipped, conditional write (IF NOT EXISTS): INSERT INTO kv (k, v) VALUES (1, 'a') IF NOT EXISTS",
		path + ":3: skipped, list append: UPDATE l SET items = items + ['x'] WHERE k = 1",
		path + ":4: skipped, counter batch: UPDATE c SET n = n + ? WHERE k = 2",
		path + ":5: skipped, no timestamp (the target would give the write a new one): INSERT INTO kv (k, v) VALUES (2, 'no timestamp')",
		"skipped: conditional write (IF NOT EXISTS): 1, counter batch: 1, counter update: 1, list append: 1, no timestamp (the target would give the write a new one): 1 (-include-non-idempotent replays them)",
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("the output lacks %q:\n%s", line, out)
		}
	}
	if res.Replayed != 1 || res.SkippedTotal() != 5 || res.Failed != 0 {
		t.Errorf("replayed %d, skipped %d, failed %d", res.Replayed, res.SkippedTotal(), res.Failed)
	}
	if seen := tgt.Seen(); !fakecql.Contains(seen, "USING TIMESTAMP 5") || fakecql.Contains(seen, "n + 1") || fakecql.Contains(seen, "IF NOT EXISTS") ||
		fakecql.Contains(seen, "items") || fakecql.Contains(seen, "no timestamp") {
		t.Errorf("the target ran %q", seen)
	}

	res, out = run(t, Options{Files: []string{path}, Address: tgt.ListenAddress, IncludeNonIdempotent: true})
	if res.Replayed != 6 || res.SkippedTotal() != 0 || !strings.Contains(out, path+":1: not idempotent (counter update), replayed all the same") {
		t.Errorf("-include-non-idempotent: replayed %d, skipped %d; output:\n%s", res.Replayed, res.SkippedTotal(), out)
	}
	if seen := tgt.Seen(); !fakecql.Contains(seen, "n + 1") || !fakecql.Contains(seen, "IF NOT EXISTS") {
		t.Errorf("-include-non-idempotent: the target ran %q", seen)
	}
}

func TestFailuresGoToTheFailedJournal(t *testing.T) {
	tgt := fakecql.Start(t, "t") // refuses to prepare statements naming missing_on_target
	one := primitive.ConsistencyLevelOne
	good := record(4, "ks", ts(10), query("INSERT INTO kv (k, v) VALUES (1, 'a')", one, ts(10)))
	refused := record(4, "ks", ts(11), &message.Execute{QueryId: sourceID, Options: &message.QueryOptions{Consistency: one, DefaultTimestamp: ts(11)}},
		"INSERT INTO missing_on_target (k) VALUES (1)")
	noText := record(4, "ks", ts(12), &message.Execute{QueryId: sourceID, Options: &message.QueryOptions{Consistency: one, DefaultTimestamp: ts(12)}},
		"<prepared statement 736f75726365>")
	badFrame := record(4, "ks", ts(13), query("INSERT INTO kv (k, v) VALUES (2, 'b')", one, ts(13)))
	badFrame.Frame = base64.StdEncoding.EncodeToString([]byte{4, 0, 0, 1, 7, 0, 0, 0, 3, 1, 2, 3})
	wrongVersion := record(4, "ks", ts(14), query("INSERT INTO kv (k, v) VALUES (3, 'c')", one, ts(14)))
	wrongVersion.Version = 5
	path := writeJournal(t, "failed.jsonl", good, "this is not json\n", refused, noText, badFrame, wrongVersion, `{"frame": "cut`)
	failed := filepath.Join(t.TempDir(), "again.jsonl")
	res, out := run(t, Options{Files: []string{path}, Address: tgt.ListenAddress, FailedFile: failed})
	if res.Replayed != 1 || res.Failed != 6 || res.FailedFile != failed || res.Records != 7 {
		t.Fatalf("records %d, replayed %d, failed %d in %q; output:\n%s", res.Records, res.Replayed, res.Failed, res.FailedFile, out)
	}
	for _, line := range []string{
		path + ":2: failed: not a journal record: invalid character 'h' in literal true (expecting 'r')",
		path + ":3: failed: unpreparable: the target answered Invalid [0x00002200]: unconfigured table missing_on_target",
		path + `:4: failed: field "statements": the journal does not have the text of prepared statement 736f757263652d69642d30313233343536 ("<prepared statement 736f75726365>")`,
		path + `:5: failed: field "frame" does not decode: `,
		path + `:6: failed: field "protocol_version" is 5 but the frame is v4`,
		path + ":7: failed: cut short (no newline): a write in progress, or one a crash cut short",
		"replayed 1, skipped 0, failed 6",
		"failed: in " + failed,
	} {
		if !strings.Contains(out, line) {
			t.Errorf("the output lacks %q:\n%s", line, out)
		}
	}
	lines := readLines(t, failed)
	if len(lines) != 6 || lines[0] != "this is not json" || lines[5] != `{"frame": "cut` {
		t.Fatalf("the failed journal holds %d lines:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for i, orig := range []*journal.Record{refused, noText, badFrame, wrongVersion} {
		var rec journal.Record
		if err := json.Unmarshal([]byte(lines[i+1]), &rec); err != nil {
			t.Fatalf("failed journal line %d: %v", i+2, err)
		}
		if rec.Frame != orig.Frame || *rec.TimestampMicros != *orig.TimestampMicros || !strings.HasPrefix(rec.Reason, "replay: ") {
			t.Errorf("failed journal line %d: %+v", i+2, rec)
		}
	}
}

func TestUnreachableTargetFailsEveryRecord(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	one := primitive.ConsistencyLevelOne
	var recs []any
	for i := range 50 {
		ks := []string{"a", "b", "c", "d"}[i%4]
		recs = append(recs, record(4, ks, ts(int64(i+1)), query("INSERT INTO kv (k) VALUES (1)", one, ts(int64(i+1)))))
	}
	path := writeJournal(t, "failed.jsonl", recs...)
	res, out := run(t, Options{Files: []string{path}, Address: addr})
	if res.Failed != 50 || res.Replayed != 0 {
		t.Fatalf("failed %d, replayed %d; output:\n%s", res.Failed, res.Replayed, out)
	}
	if !strings.Contains(out, path+":1: failed: connect to "+addr+": ") || !strings.Contains(out, "the other failures are not listed one by one") {
		t.Errorf("output:\n%s", out)
	}
	if n := len(readLines(t, res.FailedFile)); n != 50 {
		t.Errorf("the failed journal has %d records, want 50", n)
	}
}

func TestUnansweredRequestsFailAfterTheRequestTimeout(t *testing.T) {
	tgt := fakecql.Start(t, "t")
	tgt.Mu.Lock()
	tgt.Gate = make(chan struct{}) // holds every write; Close opens it
	tgt.Mu.Unlock()
	one := primitive.ConsistencyLevelOne
	path := writeJournal(t, "failed.jsonl",
		record(4, "", ts(1), query("INSERT INTO ks.kv (k) VALUES (1)", one, ts(1))),
		record(4, "", ts(2), query("INSERT INTO ks.kv (k) VALUES (2)", one, ts(2))))
	res, out := run(t, Options{Files: []string{path}, Address: tgt.ListenAddress, RequestTimeout: 100 * time.Millisecond})
	if res.Failed != 2 || !strings.Contains(out, "failed: no reply within 100ms (request_timeout)") {
		t.Errorf("failed %d; output:\n%s", res.Failed, out)
	}
}

func TestDryRunConnectsToNothing(t *testing.T) {
	tgt := fakecql.Start(t, "t")
	one := primitive.ConsistencyLevelOne
	exec := &message.Execute{QueryId: sourceID, ResultMetadataId: sourceID, Options: &message.QueryOptions{Consistency: one, DefaultTimestamp: ts(2)}}
	path := writeJournal(t, "failed.jsonl",
		record(4, "ks", ts(1), query("INSERT INTO kv (k) VALUES (1)", one, ts(1))),
		record(5, "ks", ts(2), exec, "INSERT INTO kv (k) VALUES (?)"),
		record(4, "", ts(3), query("UPDATE ks.c SET n = n + 1 WHERE k = 1", one, ts(3))),
		"not a record\n")
	failed := filepath.Join(t.TempDir(), "failed")
	res, out := run(t, Options{Files: []string{path}, Address: tgt.ListenAddress, DryRun: true, FailedFile: failed})
	if res.Replayed != 2 || res.SkippedTotal() != 1 || res.Failed != 1 {
		t.Errorf("would replay %d, skip %d, fail %d", res.Replayed, res.SkippedTotal(), res.Failed)
	}
	for _, want := range []string{
		"dry run: 4 records in 1 file; would replay 2 to " + tgt.ListenAddress + ", skip 1, fail 1",
		"by protocol version: v4: 1, v5: 1", "by keyspace: ks: 2", "statements to prepare again: 1",
		path + ":3: skipped, counter update: UPDATE ks.c SET n = n + 1 WHERE k = 1",
		path + ":4: failed: not a journal record",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if n := tgt.Accepted(); n != 0 {
		t.Errorf("a dry run connected %d times", n)
	}
	if _, err := os.Stat(failed); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote the failed journal: %v", err)
	}
}

func TestReplayOverTLS(t *testing.T) {
	const files = "../../../controlplane/testdata/files/"
	cert, err := tls.LoadX509KeyPair(files+"server.pem", files+"server.key")
	if err != nil {
		t.Fatal(err)
	}
	tgt := fakecql.StartTLS(t, "t", &tls.Config{Certificates: []tls.Certificate{cert}})
	tc, err := clientauth.TLSConfig("target", tgt.ListenAddress, clientauth.TLSFiles{CAFile: files + "ca.pem"})
	if err != nil {
		t.Fatal(err)
	}
	path := writeJournal(t, "failed.jsonl", record(4, "", ts(1), query("INSERT INTO ks.kv (k) VALUES (1)", primitive.ConsistencyLevelOne, ts(1))))
	if res, out := run(t, Options{Files: []string{path}, Address: tgt.ListenAddress, TLS: tc}); res.Replayed != 1 {
		t.Errorf("replayed %d over TLS; output:\n%s", res.Replayed, out)
	}
	other, err := clientauth.TLSConfig("target", tgt.ListenAddress, clientauth.TLSFiles{CAFile: files + "ca.pem", ServerName: "db.example"})
	if err != nil {
		t.Fatal(err)
	}
	if res, out := run(t, Options{Files: []string{path}, Address: tgt.ListenAddress, TLS: other}); res.Failed != 1 || !strings.Contains(out, "TLS handshake") {
		t.Errorf("a certificate for another name: failed %d; output:\n%s", res.Failed, out)
	}
}

// wireServer is a CQL node on a raw socket, for what the fake does not do: a login, and holding
// replies until many requests are in flight.
type wireServer struct {
	addr string
	// holdUntil holds replies until that many requests are unanswered (or every one expected came).
	holdUntil, expect int
	token             []byte
	maxHeld           chan int
}

func startWireServer(t *testing.T, s *wireServer) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s.addr = l.Addr().String()
	s.maxHeld = make(chan int, 1)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
}

func (s *wireServer) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	var held [][]byte
	got, most := 0, 0
	reply := func(stream int16, msg message.Message) bool {
		_, err := c.Write(cql.Encode(4, stream, msg))
		return err == nil
	}
	for {
		hdr := make([]byte, cql.HeaderLen)
		if _, err := io.ReadFull(br, hdr); err != nil {
			return
		}
		h := cql.ParseHeader(hdr)
		body := make([]byte, h.Length)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		raw := append(hdr, body...)
		switch h.Opcode {
		case primitive.OpCodeStartup:
			if s.token != nil {
				reply(h.Stream, &message.Authenticate{Authenticator: "org.apache.cassandra.auth.PasswordAuthenticator"})
				continue
			}
			reply(h.Stream, &message.Ready{})
		case primitive.OpCodeAuthResponse:
			f, _ := cql.Decode(raw)
			if a, ok := f.Body.Message.(*message.AuthResponse); ok && bytes.Equal(a.Token, s.token) {
				reply(h.Stream, &message.AuthSuccess{})
				continue
			}
			reply(h.Stream, &message.AuthenticationError{ErrorMessage: "Provided username and/or password are incorrect"})
		case primitive.OpCodeQuery:
			if q, _ := cql.QueryText(raw); bytes.HasPrefix(q, []byte("USE ")) {
				if bytes.Contains(q, []byte("missing")) {
					reply(h.Stream, &message.Invalid{ErrorMessage: "Keyspace '" + string(q[5:len(q)-1]) + "' does not exist"})
				} else {
					reply(h.Stream, &message.SetKeyspaceResult{Keyspace: string(q[5 : len(q)-1])})
				}
				continue
			}
			fallthrough
		default:
			got++
			held = append(held, raw)
			most = max(most, len(held))
			if len(held) < s.holdUntil && got < s.expect {
				continue
			}
			for _, r := range held {
				if !reply(cql.ParseHeader(r).Stream, &message.VoidResult{}) {
					return
				}
			}
			held = held[:0]
			if got == s.expect {
				s.maxHeld <- most
			}
		}
	}
}

func TestManyRequestsAreInFlightAtOnce(t *testing.T) {
	const n, inFlight = 100, 8
	s := &wireServer{holdUntil: inFlight, expect: n}
	startWireServer(t, s)
	var recs []any
	for i := range n {
		recs = append(recs, record(4, "", ts(int64(i+1)), query("INSERT INTO ks.kv (k) VALUES (1)", primitive.ConsistencyLevelOne, ts(int64(i+1)))))
	}
	path := writeJournal(t, "failed.jsonl", recs...)
	// The node answers only once it holds inFlight requests: a replay that waited for each reply
	// before sending the next would get none, and fail every record by its timeout.
	res, out := run(t, Options{Files: []string{path}, Address: s.addr, MaxInFlight: inFlight})
	if res.Replayed != n || res.Failed != 0 {
		t.Fatalf("replayed %d, failed %d; output:\n%s", res.Replayed, res.Failed, out)
	}
	if most := <-s.maxHeld; most != inFlight {
		t.Errorf("at most %d requests were in flight, want %d", most, inFlight)
	}
}

func TestAKeyspaceTheTargetLacksFailsItsWritesAlone(t *testing.T) {
	s := &wireServer{holdUntil: 1, expect: 2}
	startWireServer(t, s)
	var recs []any
	for i, ks := range []string{"missing1", "missing2", "missing3", "missing4", "there", "missing1", "there"} {
		recs = append(recs, record(4, ks, ts(int64(i+1)), query("INSERT INTO kv (k) VALUES (1)", primitive.ConsistencyLevelOne, ts(int64(i+1)))))
	}
	path := writeJournal(t, "failed.jsonl", recs...)
	res, out := run(t, Options{Files: []string{path}, Address: s.addr})
	if res.Replayed != 2 || res.Failed != 5 || !strings.Contains(out, path+`:6: failed: connect to `+s.addr+`: USE "missing1": the target answered Invalid [0x00002200]: Keyspace 'missing1' does not exist`) {
		t.Errorf("replayed %d, failed %d; output:\n%s", res.Replayed, res.Failed, out)
	}
}

func TestLoginWithTheConfiguredCredentials(t *testing.T) {
	s := &wireServer{holdUntil: 1, expect: 1, token: []byte("\x00cassandra\x00secret")}
	startWireServer(t, s)
	path := writeJournal(t, "failed.jsonl", record(4, "", ts(1), query("INSERT INTO ks.kv (k) VALUES (1)", primitive.ConsistencyLevelOne, ts(1))))
	if res, out := run(t, Options{Files: []string{path}, Address: s.addr, Token: s.token}); res.Replayed != 1 {
		t.Errorf("replayed %d; output:\n%s", res.Replayed, out)
	}
	for token, want := range map[string]string{
		"":                      "the target asks for a login (org.apache.cassandra.auth.PasswordAuthenticator) and the config names no credentials for it",
		"\x00cassandra\x00nope": "login refused: the target answered AuthenticationError [0x00000100]: Provided username and/or password are incorrect",
	} {
		var tok []byte
		if token != "" {
			tok = []byte(token)
		}
		if res, out := run(t, Options{Files: []string{path}, Address: s.addr, Token: tok}); res.Failed != 1 || !strings.Contains(out, want) {
			t.Errorf("token %q: failed %d; output:\n%s", token, res.Failed, out)
		}
	}
}

func TestDefaultFailedFile(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 2, 3, 456, time.FixedZone("CET", 3600))
	if got := DefaultFailedFile("/var/lib/j.jsonl", at); got != "/var/lib/j.jsonl.failed-20261201T090203Z" {
		t.Errorf("got %s", got)
	}
	dir := t.TempDir()
	j := filepath.Join(dir, "j.jsonl")
	for _, p := range []string{j, journal.RotatedName(j, at), DefaultFailedFile(j, at)} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if files, err := journal.Files(j); err != nil || len(files) != 2 || files[1] != j {
		t.Errorf("journal.Files takes a failed journal for part of the journal: %v, %v", files, err)
	}
}
