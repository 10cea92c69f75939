package e2e

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	gocql2 "github.com/apache/cassandra-gocql-driver/v2"
	gocql2lz4 "github.com/apache/cassandra-gocql-driver/v2/lz4"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/gocql/gocql"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// TestCaptureDriverFrames records what real drivers and a real Cassandra node say to each other,
// for the fuzz targets' seed corpora: a relay in front of the source node records both directions
// of every connection while gocql 1.7 (v3, v4, v4 with snappy), gocql 2 (v5, v5 with lz4, v4 with
// lz4, negotiated) and the Python driver (v3 to v5, with and without lz4) run the same workload,
// and a few raw connections send what the node refuses. Each connection is cut into frames and v5
// segments, deduplicated, and written to $CQLMIRROR_CAPTURE/requests.txt and replies.txt (see
// filter/internal/cqlfuzz/testdata/captured/README.md). Runs only when CQLMIRROR_CAPTURE is set.
func TestCaptureDriverFrames(t *testing.T) {
	dir := os.Getenv("CQLMIRROR_CAPTURE")
	if dir == "" {
		t.Skip("set CQLMIRROR_CAPTURE=DIR to record driver frames into DIR")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repoRoot, dir)
	}
	r := startRecordingRelay(t, sourceAddr())
	const ks = "e2e_capture"
	setup := session(t, sourceAddr())
	for _, q := range []string{
		"DROP KEYSPACE IF EXISTS " + ks,
		"CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
		"CREATE TABLE " + ks + ".kv (k int PRIMARY KEY, v text)",
		"CREATE TABLE " + ks + ".ev (k int, c int, id timeuuid, u uuid, at timestamp, v text, l list<int>, " +
			"m map<text, bigint>, s set<text>, t tuple<int, text>, b blob, PRIMARY KEY (k, c))",
		"CREATE TABLE " + ks + ".hits (k int PRIMARY KEY, n counter)",
	} {
		if err := setup.Query(q).Exec(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	host, port := r.hostPort()
	for _, v := range []int{3, 4} {
		r.label(fmt.Sprintf("gocql-v%d", v))
		captureWorkload(t, ks, gocql1Session(t, ks, host, port, v, nil))
	}
	r.label("gocql-v4-snappy")
	captureWorkload(t, ks, gocql1Session(t, ks, host, port, 4, gocql.SnappyCompressor{}))
	for _, c := range []struct {
		label string
		v     int
		lz4   bool
	}{{"gocql2-v5", 5, false}, {"gocql2-v5-lz4", 5, true}, {"gocql2-v4-lz4", 4, true}, {"gocql2-negotiated", 0, false}} {
		r.label(c.label)
		captureWorkload(t, ks, gocql2Session(t, ks, host, port, c.v, c.lz4))
	}
	for _, v := range []string{"3", "4", "5"} {
		for _, comp := range []string{"none", "lz4"} {
			r.label("python-v" + v + "-" + comp)
			python(t, filepath.Join("e2e", "python", "capture_workload.py"), host, fmt.Sprint(port), v, comp, ks)
		}
	}
	r.label("raw")
	rawProbes(t, r.addr())

	recs := r.finish(t)
	if err := writeCaptures(dir, recs); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d records to %s", len(recs), dir)
}

// captureSession is the workload's view of a gocql 1.7 or gocql 2 session.
type captureSession struct {
	exec  func(q string, args ...any) error
	batch func(kind int, stmts [][]any) error // kind 0 logged, 1 unlogged, 2 counter; each stmt: query, args...
	page  func(q string, size int) error
	close func()
}

// captureWorkload runs what applications do: schema changes, USE, simple and prepared writes
// (with now(), uuid() and the like), batches of each kind with prepared and simple children,
// conditional writes, paged reads, the topology tables, and statements the node refuses.
func captureWorkload(t *testing.T, ks string, s captureSession) {
	t.Helper()
	defer s.close()
	ok := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ok(s.exec("CREATE TABLE IF NOT EXISTS " + ks + ".kv (k int PRIMARY KEY, v text)"))
	ok(s.exec("INSERT INTO kv (k, v) VALUES (1, 'simple')"))
	ok(s.exec("INSERT INTO ev (k, c, id, u, at, v) VALUES (1, 1, now(), uuid(), currentTimestamp(), 'fn')"))
	ok(s.exec("UPDATE ev SET at = toTimestamp(now()), v = 'fn2' WHERE k = 1 AND c = 2"))
	ok(s.exec("INSERT INTO kv (k, v) VALUES (?, ?)", 2, "prepared"))
	ok(s.exec("INSERT INTO ev (k, c, l, m, s, t, b, v) VALUES (?, ?, ?, ?, ?, (7, 'seven'), ?, ?)", 2, 1,
		[]int{1, 2, 3}, map[string]int64{"a": 1}, []string{"x", "y"}, []byte{0xca, 0xfe}, nil))
	ok(s.exec("INSERT INTO ev (k, c, id, at) VALUES (?, ?, now(), currentTimestamp())", 3, 1))
	ok(s.batch(0, [][]any{{"INSERT INTO kv (k, v) VALUES (?, ?)", 3, "logged"}, {"INSERT INTO ev (k, c, id) VALUES (4, 1, now())"}}))
	ok(s.batch(1, [][]any{{"INSERT INTO kv (k, v) VALUES (?, ?)", 4, "unlogged"}, {"UPDATE kv SET v = 'u' WHERE k = 5"}}))
	ok(s.batch(2, [][]any{{"UPDATE hits SET n = n + 1 WHERE k = ?", 1}, {"UPDATE hits SET n = n + 2 WHERE k = 2"}}))
	ok(s.exec("INSERT INTO kv (k, v) VALUES (?, ?) IF NOT EXISTS", 6, "lwt"))
	ok(s.exec("INSERT INTO kv (k, v) VALUES (?, ?) IF NOT EXISTS", 6, "lwt again"))
	ok(s.exec("UPDATE kv SET v = 'cas' WHERE k = 6 IF v = 'lwt'"))
	ok(s.page("SELECT k, v FROM kv", 2))
	ok(s.page("SELECT * FROM ev WHERE k = 2", 100))
	for _, q := range []string{"SELECT * FROM system.local", "SELECT * FROM system.peers", "SELECT * FROM system.peers_v2",
		"SELECT peer, rpc_address, data_center FROM system.peers WHERE peer = '127.0.0.9'"} {
		ok(s.page(q, 100))
	}
	for _, q := range []string{"SELECT * FROM no_such_table", "SELEC nothing", "CREATE TABLE kv (k int PRIMARY KEY)",
		"INSERT INTO kv (k, v) VALUES ('text', 1)"} {
		if err := s.exec(q); err == nil {
			t.Fatalf("%s: the node accepted it", q)
		}
	}
}

func gocql1Session(t *testing.T, ks, host string, port, v int, comp gocql.Compressor) captureSession {
	t.Helper()
	s := session(t, net.JoinHostPort(host, fmt.Sprint(port)), func(c *gocql.ClusterConfig) {
		c.ProtoVersion, c.Compressor, c.Keyspace, c.NumConns = v, comp, ks, 1
		c.AddressTranslator = gocql.AddressTranslatorFunc(func(net.IP, int) (net.IP, int) { return net.ParseIP(host), port })
	})
	kinds := []gocql.BatchType{gocql.LoggedBatch, gocql.UnloggedBatch, gocql.CounterBatch}
	return captureSession{
		exec: func(q string, args ...any) error { return s.Query(q, args...).Exec() },
		batch: func(kind int, stmts [][]any) error {
			b := s.NewBatch(kinds[kind])
			for _, st := range stmts {
				b.Query(st[0].(string), st[1:]...)
			}
			return s.ExecuteBatch(b)
		},
		page: func(q string, size int) error {
			it := s.Query(q).PageSize(size).Iter()
			for it.MapScan(map[string]any{}) {
			}
			return it.Close()
		},
		close: s.Close,
	}
}

func gocql2Session(t *testing.T, ks, host string, port, v int, lz4 bool) captureSession {
	t.Helper()
	c := gocql2.NewCluster(host)
	c.Port, c.ProtoVersion, c.Keyspace, c.NumConns, c.Consistency = port, v, ks, 1, gocql2.One
	c.Timeout, c.ConnectTimeout = 15*time.Second, 10*time.Second
	c.AddressTranslator = gocql2.AddressTranslatorFunc(func(net.IP, int) (net.IP, int) { return net.ParseIP(host), port })
	if lz4 {
		c.Compressor = gocql2lz4.LZ4Compressor{}
	}
	s, err := c.CreateSession()
	if err != nil {
		t.Fatalf("gocql 2 at v%d: %v", v, err)
	}
	kinds := []gocql2.BatchType{gocql2.LoggedBatch, gocql2.UnloggedBatch, gocql2.CounterBatch}
	return captureSession{
		exec: func(q string, args ...any) error { return s.Query(q, args...).Exec() },
		batch: func(kind int, stmts [][]any) error {
			b := s.Batch(kinds[kind])
			for _, st := range stmts {
				b.Query(st[0].(string), st[1:]...)
			}
			return b.Exec()
		},
		page: func(q string, size int) error {
			it := s.Query(q).PageSize(size).Iter()
			for it.MapScan(map[string]any{}) {
			}
			return it.Close()
		},
		close: s.Close,
	}
}

// rawProbes sends what no driver does, for the node's replies: a version the node does not speak,
// a request before STARTUP, an unknown compression, a frame with a body shorter than it claims.
func rawProbes(t *testing.T, addr string) {
	t.Helper()
	v4 := primitive.ProtocolVersion4
	for _, frames := range [][]byte{
		cql.AppendFrame(nil, cql.Header{Version: 6, Stream: 1, Opcode: primitive.OpCodeOptions}, nil),
		cql.AppendFrame(nil, cql.Header{Version: 2, Stream: 1, Opcode: primitive.OpCodeOptions}, nil)[:8],
		cql.AppendFrame(nil, cql.Header{Version: v4, Stream: 1, Opcode: primitive.OpCodeQuery}, []byte("\x00\x00\x00\x08SELECT 1\x00\x01\x00")),
		cql.AppendFrame(nil, cql.Header{Version: v4, Stream: 1, Opcode: primitive.OpCodeStartup},
			[]byte("\x00\x02\x00\x0bCQL_VERSION\x00\x053.0.0\x00\x0bCOMPRESSION\x00\x04zstd")),
		cql.AppendFrame(nil, cql.Header{Version: v4, Stream: 1, Opcode: primitive.OpCodeOptions}, []byte("garbage")),
		cql.AppendFrame(nil, cql.Header{Version: v4, Stream: 1, Opcode: 0x42}, nil),
	} {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Write(frames); err != nil {
			t.Fatal(err)
		}
		// The reply is recorded by the relay; read it so the node's answer is complete before closing.
		var h [cql.HeaderLen]byte
		if _, err := io.ReadFull(c, h[:]); err == nil {
			io.CopyN(io.Discard, c, int64(cql.ParseHeader(h[:]).Length))
		}
		c.Close()
	}
}

// recordingRelay forwards TCP connections to one node and records both directions of each.
type recordingRelay struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	tag    string
	conns  []*recorded
	wg     sync.WaitGroup
}

// recorded is one relayed connection: the bytes each way, and both sockets (for finish).
type recorded struct {
	origin       string
	mu           sync.Mutex
	up, down     bytes.Buffer
	client, node net.Conn
}

func startRecordingRelay(t *testing.T, target string) *recordingRelay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &recordingRelay{ln: ln, target: target}
	r.wg.Add(1)
	go r.accept()
	t.Cleanup(func() { r.stop() })
	return r
}

func (r *recordingRelay) addr() string { return r.ln.Addr().String() }

func (r *recordingRelay) hostPort() (string, int) {
	a := r.ln.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

// label names the connections accepted from now on.
func (r *recordingRelay) label(origin string) {
	r.mu.Lock()
	r.tag = origin
	r.mu.Unlock()
}

func (r *recordingRelay) accept() {
	defer r.wg.Done()
	for {
		client, err := r.ln.Accept()
		if err != nil {
			return
		}
		node, err := net.Dial("tcp", r.target)
		if err != nil {
			client.Close()
			continue
		}
		r.mu.Lock()
		c := &recorded{origin: r.tag, client: client, node: node}
		r.conns = append(r.conns, c)
		r.mu.Unlock()
		r.wg.Add(2)
		go r.copy(c, node, client, &c.up)
		go r.copy(c, client, node, &c.down)
	}
}

func (r *recordingRelay) copy(c *recorded, dst, src net.Conn, rec *bytes.Buffer) {
	defer r.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			c.mu.Lock()
			rec.Write(buf[:n])
			c.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				err = werr
			}
		}
		if err != nil {
			dst.Close()
			src.Close()
			return
		}
	}
}

// stop closes the listener and every connection, and waits for the copies to end.
func (r *recordingRelay) stop() {
	r.ln.Close()
	r.mu.Lock()
	for _, c := range r.conns {
		c.client.Close()
		c.node.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// capture is one record of the corpus: a frame or segment as it went over the wire, or a frame
// decompressed or taken out of its segments.
type capture struct {
	kind    string // frame, lz4-frame, snappy-frame, segment, lz4-segment
	origin  string
	replies bool
	raw     []byte
}

// maxCapture is the largest record kept: larger frames (schema reads) add bytes, not parsers.
const maxCapture = 4 << 10

// finish stops the relay and cuts every connection into records.
func (r *recordingRelay) finish(t *testing.T) []capture {
	t.Helper()
	r.stop()
	var out []capture
	for _, c := range r.conns {
		up, down := c.up.Bytes(), c.down.Bytes()
		comp, v5 := cql.NoCompression, false
		out = append(out, cutStream(c.origin, false, up, &comp, &v5)...)
		out = append(out, cutStream(c.origin, true, down, &comp, &v5)...)
	}
	return out
}

// cutStream cuts one direction of a connection into records: frames up to the handshake's end,
// then frames or (v5) segments. The client's STARTUP sets comp and v5 for the replies that follow.
func cutStream(origin string, replies bool, b []byte, comp *cql.Compression, v5 *bool) []capture {
	var out []capture
	add := func(kind string, raw []byte) {
		out = append(out, capture{kind: kind, origin: origin, replies: replies, raw: bytes.Clone(raw)})
	}
	plain := func(raw []byte) {
		if len(raw) >= cql.HeaderLen && raw[1]&cql.FlagCompression != 0 && *comp != cql.NoCompression {
			add(string(*comp)+"-frame", raw)
			if u, err := cql.Uncompressed(nil, raw, *comp); err == nil {
				raw = u
			}
		}
		add("frame", raw)
	}
	framer := &cql.Framer{Max: 256 << 20, Replies: replies}
	segmented := false
	rest := framer.Feed(b, func(f cql.Frame) {
		if f.Unframable || f.Oversized {
			add("frame", f.Raw)
			return
		}
		plain(f.Raw)
		switch {
		case !replies && f.Header.Opcode == primitive.OpCodeStartup:
			if opts, err := cql.StartupOptions(f.Raw); err == nil {
				*comp, _ = cql.ParseCompression(opts["COMPRESSION"])
			}
			if f.Header.Version == primitive.ProtocolVersion5 {
				*v5 = true
				segmented = true
				framer.Stop()
			}
		case replies && *v5 && (f.Header.Opcode == primitive.OpCodeReady || f.Header.Opcode == primitive.OpCodeAuthenticate):
			segmented = true
			framer.Stop()
		}
	})
	if !segmented {
		return out
	}
	compressed := *comp == cql.LZ4
	kind, hl := "segment", 6
	if compressed {
		kind, hl = "lz4-segment", 8
	}
	inner := &cql.Framer{Max: 256 << 20, Replies: replies}
	d := &cql.Desegmenter{Compressed: compressed}
	for len(rest) >= hl {
		n := int(rest[0]) | int(rest[1])<<8 | int(rest[2]&1)<<16
		end := min(len(rest), hl+n+4)
		add(kind, rest[:end])
		if d.Feed(rest[:end], func(p []byte) { inner.Feed(p, func(f cql.Frame) { plain(f.Raw) }) }) != nil {
			break
		}
		rest = rest[end:]
	}
	return out
}

// writeCaptures writes the records, deduplicated (stream ids aside) and at most maxCapture bytes
// each, to requests.txt and replies.txt in dir: one record a line, "KIND ORIGIN HEX".
func writeCaptures(dir string, recs []capture) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, replies := range []bool{false, true} {
		seen := map[string]bool{}
		var lines []string
		for _, c := range recs {
			if c.replies != replies || len(c.raw) > maxCapture {
				continue
			}
			key := c.kind + string(c.raw)
			if strings.HasSuffix(c.kind, "frame") && len(c.raw) >= cql.HeaderLen {
				norm := bytes.Clone(c.raw)
				cql.SetStream(norm, 0)
				key = c.kind + string(norm)
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			lines = append(lines, fmt.Sprintf("%s %s %s", c.kind, c.origin, hex.EncodeToString(c.raw)))
		}
		sort.SliceStable(lines, func(i, j int) bool { return strings.Fields(lines[i])[0] < strings.Fields(lines[j])[0] })
		name, what := "requests.txt", "client requests"
		if replies {
			name, what = "replies.txt", "node replies"
		}
		head := fmt.Sprintf("# %s captured by e2e TestCaptureDriverFrames; one record a line: KIND ORIGIN HEX.\n", what)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(head+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}
