package e2e

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/gocql/gocql"
)

// readV reads kv.v for key k from one cluster directly; "" means no row.
func readV(t *testing.T, s *gocql.Session, ks string, k int) string {
	t.Helper()
	var v string
	err := s.Query("SELECT v FROM "+ks+".kv WHERE k = ?", k).Scan(&v)
	if err == gocql.ErrNotFound {
		return ""
	}
	if err != nil {
		t.Fatalf("read %s.kv k=%d: %v", ks, k, err)
	}
	return v
}

func TestSchemaAndWritesReachBothClusters(t *testing.T) {
	const ks = "e2e_gocql"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	for name, s := range map[string]*gocql.Session{"source": src, "target": tgt} {
		var table string
		if err := s.Query("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = 'kv'", ks).Scan(&table); err != nil {
			t.Fatalf("table %s.kv is missing on the %s: %v", ks, name, err)
		}
	}

	// A statement without bind values goes out as a plain QUERY; with values, gocql prepares it.
	if err := proxy.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (1, 'simple')").Exec(); err != nil {
		t.Fatal(err)
	}
	if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 2, "prepared").Exec(); err != nil {
		t.Fatal(err)
	}
	b := proxy.NewBatch(gocql.LoggedBatch)
	b.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 3, "batch-prepared")
	b.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (4, 'batch-simple')")
	if err := proxy.ExecuteBatch(b); err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: "simple", 2: "prepared", 3: "batch-prepared", 4: "batch-simple"}
	for k, v := range want {
		for name, s := range map[string]*gocql.Session{"source": src, "target": tgt, "proxy": proxy} {
			if got := readV(t, s, ks, k); got != v {
				t.Errorf("%s: k=%d has v=%q, want %q", name, k, got, v)
			}
		}
	}
	checkEnvoys(t)
}

func TestReadsComeFromTheSourceOnly(t *testing.T) {
	const ks = "e2e_reads"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	if err := src.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (10, 'only-on-source')").Exec(); err != nil {
		t.Fatal(err)
	}
	if err := tgt.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (20, 'only-on-target')").Exec(); err != nil {
		t.Fatal(err)
	}
	if got := readV(t, proxy, ks, 10); got != "only-on-source" {
		t.Errorf("a row only on the source reads %q through the proxy", got)
	}
	if got := readV(t, proxy, ks, 20); got != "" {
		t.Errorf("a row only on the target reads %q through the proxy; reads must come from the source", got)
	}
	var simple string
	if err := proxy.Query("SELECT v FROM " + ks + ".kv WHERE k = 10").Scan(&simple); err != nil || simple != "only-on-source" {
		t.Errorf("unprepared SELECT through the proxy: %q, %v", simple, err)
	}
}

func pause(t *testing.T, name string) {
	t.Helper()
	if err := testbed("cassandra.sh", "pause", name); err != nil {
		t.Fatal(err)
	}
}

func resume(t *testing.T, name string) {
	t.Helper()
	if err := testbed("cassandra.sh", "resume", name); err != nil {
		t.Fatal(err)
	}
	if name == "target" {
		waitTargetHealthy(t)
	}
}

// waitTargetHealthy waits, as an operator would, until every filter config of the suite's two
// long-lived Envoys that mirrors to the test bed's target sees it healthy again (cqlmirror_cluster_healthy): until then they
// mirror nothing to it, and refuse schema changes.
func waitTargetHealthy(t *testing.T) {
	t.Helper()
	// The auth listeners mirror to nodes of their own, stopped after their test.
	waitTargetHealthyWhere(t, func(prefix string) bool { return !strings.HasPrefix(prefix, "auth") })
}

// waitTargetHealthyWhere is waitTargetHealthy for the filter configs whose stat_prefix is picked.
func waitTargetHealthyWhere(t *testing.T, picked func(prefix string) bool) {
	t.Helper()
	var sick []string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		sick = sick[:0]
		for _, addr := range []string{mainMetrics, extraMetrics} {
			resp, err := metricsClient.Get("http://" + addr + "/metrics")
			if err != nil {
				sick = append(sick, addr+": "+err.Error())
				continue
			}
			eachSeries(resp.Body, func(n string, labels []string, v float64) {
				mine := slices.ContainsFunc(labels, func(l string) bool {
					p, ok := strings.CutPrefix(l, `stat_prefix="`)
					return ok && picked(strings.TrimSuffix(p, `"`))
				})
				if n == "cqlmirror_cluster_healthy" && v != 1 && slices.Contains(labels, `cluster="target"`) && mine {
					sick = append(sick, addr+" "+strings.Join(labels, ","))
				}
			})
			resp.Body.Close()
		}
		if len(sick) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the target is still unhealthy for %v 30 s after it came back", sick)
		}
	}
}

func TestWaitModeRepliesOnlyAfterTheSlowerCluster(t *testing.T) {
	const ks = "e2e_wait"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	noWait := session(t, noWaitAddr)
	tgt := session(t, targetAddr())
	// Shorter than the 2 s the health probe needs at the least to call the paused target unhealthy
	// (two unanswered probes of health_check.timeout 1 s), after which nothing waits for it.
	const hold = time.Second

	write := func(s *gocql.Session, k int) <-chan error {
		done := make(chan error, 1)
		go func() { done <- s.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, 'w')", k).Exec() }()
		return done
	}
	// Prepare both statements while the target is up, so the paused part is only the write.
	if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, 'w')", 0).Exec(); err != nil {
		t.Fatal(err)
	}
	if err := noWait.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, 'w')", 0).Exec(); err != nil {
		t.Fatal(err)
	}

	pause(t, "target")
	paused := true
	defer func() {
		if paused {
			resume(t, "target")
		}
	}()
	// The hold counts from the writes, well inside request_timeout (5s), after which the waiting
	// write would be answered from the source even with the target still paused.
	start := time.Now()
	waited := write(proxy, 1)
	fast := write(noWait, 2)
	select {
	case err := <-fast:
		if err != nil {
			t.Fatalf("no-wait write: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no-wait mode did not reply while the target was paused")
	}
	select {
	case err := <-waited:
		t.Fatalf("wait mode replied (%v) while the target was still paused", err)
	case <-time.After(time.Until(start.Add(hold))):
	}
	resume(t, "target")
	paused = false
	select {
	case err := <-waited:
		if err != nil {
			t.Fatalf("wait-mode write after resume: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("wait mode did not reply after the target resumed")
	}
	for _, k := range []int{1, 2} {
		deadline := time.Now().Add(10 * time.Second)
		for readV(t, tgt, ks, k) != "w" {
			if time.Now().After(deadline) {
				t.Fatalf("k=%d never reached the target", k)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// rawFrame builds a v4 request frame by hand, whatever its opcode.
func rawFrame(stream int16, opcode byte, body []byte) []byte {
	return cql.AppendFrame(nil, cql.Header{Version: 4, Stream: stream, Opcode: primitive.OpCode(opcode)}, body)
}

func readFrame(t *testing.T, c net.Conn) (stream int16, opcode byte, body []byte) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	h := make([]byte, 9)
	if _, err := io.ReadFull(c, h); err != nil {
		checkEnvoys(t)
		t.Fatalf("read reply header: %v", err)
	}
	body = make([]byte, binary.BigEndian.Uint32(h[5:]))
	if _, err := io.ReadFull(c, body); err != nil {
		t.Fatalf("read reply body: %v", err)
	}
	return int16(binary.BigEndian.Uint16(h[2:])), h[4], body
}

func TestBadInputGetsAProtocolErrorAndTheConnectionLives(t *testing.T) {
	c, err := net.Dial("tcp", smallAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	expectError := func(what string, stream int16, contains string) {
		t.Helper()
		s, op, body := readFrame(t, c)
		if op != 0x00 || s != stream || binary.BigEndian.Uint32(body) != 0x000A || !strings.Contains(string(body), contains) {
			t.Fatalf("%s: want a PROTOCOL_ERROR on stream %d mentioning %q, got stream %d opcode 0x%02x body %q", what, stream, contains, s, op, body)
		}
	}
	c.Write(rawFrame(3, 0x42, nil))
	expectError("unknown opcode", 3, "0x42")

	big := make([]byte, 100_000)
	c.Write(rawFrame(4, 0x07, big))
	expectError("oversized frame", 4, "max_frame_bytes 65536")

	c.Write(rawFrame(5, 0x05, nil))
	if s, op, _ := readFrame(t, c); s != 5 || op != 0x06 {
		t.Fatalf("OPTIONS after bad input: stream %d opcode 0x%02x, want SUPPORTED on 5", s, op)
	}
	checkEnvoys(t)
}

func TestPythonDriverThroughTheProxy(t *testing.T) {
	for _, tc := range []struct {
		name, ks, version, wantVersion, wantCompression string
	}{
		// Negotiated: v5 with lz4-compressed segments.
		{"negotiated", "e2e_python", "", "5", "lz4"},
		// v4 compresses frames instead.
		{"v4 with lz4", "e2e_python_v4", "4", "4", "lz4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{filepath.Join("e2e", "python", "driver_check.py"), "127.0.0.1", "29042", tc.ks}
			if tc.version != "" {
				args = append(args, tc.version)
			}
			out := python(t, args...)
			t.Logf("driver_check.py:\n%s", out)
			for _, want := range []string{"protocol_version=" + tc.wantVersion + "\n", "compression=" + tc.wantCompression + "\n", "hosts=127.0.0.1:29042\n"} {
				if !strings.Contains(out, want) {
					t.Errorf("the Python driver did not report %q", strings.TrimSpace(want))
				}
			}
			src, tgt := session(t, sourceAddr()), session(t, targetAddr())
			for k, v := range map[int]string{1: "py-simple", 2: "py-prepared", 3: "py-batch"} {
				for name, s := range map[string]*gocql.Session{"source": src, "target": tgt} {
					if got := readV(t, s, tc.ks, k); got != v {
						t.Errorf("%s: k=%d has %q, want %q", name, k, got, v)
					}
				}
			}
		})
	}
}

func TestCqlshThroughTheProxy(t *testing.T) {
	const ks = "e2e_cqlsh"
	cqlsh := filepath.Join(cacheDir, "venv", "bin", "cqlsh")
	runTool(t, cqlsh, "127.0.0.1", "29042", "-e", fmt.Sprintf(
		"DROP KEYSPACE IF EXISTS %[1]s; CREATE KEYSPACE %[1]s WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"+
			"CREATE TABLE %[1]s.kv (k int PRIMARY KEY, v text); INSERT INTO %[1]s.kv (k, v) VALUES (7, 'from-cqlsh');", ks))
	out := runTool(t, cqlsh, "127.0.0.1", "29042", "-e", "SELECT v FROM "+ks+".kv WHERE k = 7;")
	if !strings.Contains(out, "from-cqlsh") {
		t.Errorf("cqlsh SELECT through the proxy printed:\n%s", out)
	}
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	for name, s := range map[string]*gocql.Session{"source": src, "target": tgt} {
		if got := readV(t, s, ks, 7); got != "from-cqlsh" {
			t.Errorf("%s: k=7 has %q", name, got)
		}
	}
}

// With client-side timestamps off, each cluster would stamp a write with its own clock; the proxy
// must choose one timestamp and send it to both.
func TestWriteTimestampsMatchOnBothClusters(t *testing.T) {
	const ks = "e2e_writetime"
	setup := session(t, proxyAddr)
	createKeyspace(t, setup, ks)

	proxy := session(t, proxyAddr, func(c *gocql.ClusterConfig) { c.DefaultTimestamp = false })

	if err := proxy.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (1, 'simple')").Exec(); err != nil {
		t.Fatal(err)
	}
	if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 2, "prepared").Exec(); err != nil {
		t.Fatal(err)
	}
	b := proxy.NewBatch(gocql.UnloggedBatch)
	b.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 3, "batch")
	if err := proxy.ExecuteBatch(b); err != nil {
		t.Fatal(err)
	}
	if err := proxy.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (4, 'own') USING TIMESTAMP 1000").Exec(); err != nil {
		t.Fatal(err)
	}
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	writetime := func(s *gocql.Session, k int) int64 {
		var wt int64
		if err := s.Query("SELECT WRITETIME(v) FROM "+ks+".kv WHERE k = ?", k).Scan(&wt); err != nil {
			t.Fatalf("WRITETIME k=%d: %v", k, err)
		}
		return wt
	}
	now := time.Now().UnixMicro()
	for k := 1; k <= 3; k++ {
		ws, wt := writetime(src, k), writetime(tgt, k)
		if ws != wt {
			t.Errorf("k=%d: WRITETIME %d on the source, %d on the target", k, ws, wt)
		}
		if d := now - ws; d < 0 || d > 60_000_000 {
			t.Errorf("k=%d: WRITETIME %d is not a recent time in microseconds (now %d)", k, ws, now)
		}
	}
	if ws, wt := writetime(src, 4), writetime(tgt, 4); ws != 1000 || wt != 1000 {
		t.Errorf("USING TIMESTAMP 1000 must win on both clusters: source %d, target %d", ws, wt)
	}
}

// The Python driver with client timestamps off, at each protocol version: at v5 its batches of
// prepared statements and statements with their own keyspace carry the keyspace flag after the
// timestamp's place. Each write must get the proxy's timestamp on both clusters.
func TestPythonDriverWriteTimestampsMatchOnBothClusters(t *testing.T) {
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	for _, version := range []string{"", "3", "4", "5"} {
		name := "negotiated"
		if version != "" {
			name = "v" + version
		}
		t.Run(name, func(t *testing.T) {
			ks := "e2e_py_writetime_" + name
			createKeyspace(t, session(t, proxyAddr), ks)
			host, port, _ := net.SplitHostPort(proxyAddr)
			args := []string{"e2e/python/writetime.py", host, port, ks}
			if version != "" {
				args = append(args, version)
			}
			out := python(t, args...)
			if version == "" && !strings.Contains(out, "protocol_version=5") {
				t.Fatalf("the driver did not negotiate v5: %s", out)
			}
			writetimesMatch(t, src, tgt, ks, 11, 16)
		})
	}
}

// writetimesMatch reads WRITETIME(v) of rows first..last of ks.kv from the source and the target
// directly: each must be the same on both, and a recent time in microseconds.
func writetimesMatch(t *testing.T, src, tgt *gocql.Session, ks string, first, last int) {
	t.Helper()
	now := time.Now().UnixMicro()
	for k := first; k <= last; k++ {
		var ws, wt int64
		q := "SELECT WRITETIME(v) FROM " + ks + ".kv WHERE k = ?"
		if err := src.Query(q, k).Scan(&ws); err != nil {
			t.Fatalf("source k=%d: %v", k, err)
		}
		if err := tgt.Query(q, k).Scan(&wt); err != nil {
			t.Fatalf("target k=%d: %v", k, err)
		}
		if ws != wt {
			t.Errorf("k=%d: WRITETIME %d on the source, %d on the target", k, ws, wt)
		}
		if d := now - ws; d < 0 || d > 60_000_000 {
			t.Errorf("k=%d: WRITETIME %d is not a recent time in microseconds (now %d)", k, ws, now)
		}
	}
}

// Drivers discover nodes from system.local and system.peers. Through the proxy they must see only
// the proxy, or token-aware drivers would connect to the source directly and bypass mirroring.
func TestTopologyShowsOnlyTheProxy(t *testing.T) {
	proxy := session(t, proxyAddr)
	var rpc, broadcast net.IP
	var dc string
	if err := proxy.Query("SELECT rpc_address, broadcast_address, data_center FROM system.local WHERE key = 'local'").Scan(&rpc, &broadcast, &dc); err != nil {
		t.Fatal(err)
	}
	if rpc.String() != "127.0.0.1" || broadcast.String() != "127.0.0.1" {
		t.Errorf("system.local through the proxy: rpc_address %v, broadcast_address %v; want the proxy's 127.0.0.1", rpc, broadcast)
	}
	var sourceDC string
	if err := session(t, sourceAddr()).Query("SELECT data_center FROM system.local").Scan(&sourceDC); err != nil {
		t.Fatal(err)
	}
	if dc != sourceDC {
		t.Errorf("system.local data_center %q through the proxy, %q on the source", dc, sourceDC)
	}
	for _, table := range []string{"system.peers", "system.peers_v2"} {
		if n := proxy.Query("SELECT * FROM " + table).Iter().NumRows(); n != 0 {
			t.Errorf("%s through the proxy has %d rows, want none", table, n)
		}
	}
}

// A conditional write can be applied by one cluster and not the other; the client gets the
// source's verdict and the disagreement is reported.
func TestConditionalWriteDisagreementIsReported(t *testing.T) {
	const ks = "e2e_lwt"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	if err := session(t, targetAddr()).Query("INSERT INTO " + ks + ".kv (k, v) VALUES (50, 'already-on-target')").Exec(); err != nil {
		t.Fatal(err)
	}
	applied, err := proxy.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (50, 'via-proxy') IF NOT EXISTS").MapScanCAS(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if !applied {
		t.Error("the client must get the source's [applied]=true")
	}
	if got := readV(t, session(t, sourceAddr()), ks, 50); got != "via-proxy" {
		t.Errorf("source k=50: %q", got)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		log, err := os.ReadFile(filepath.Join(cacheDir, "e2e-logs", "envoy-main.log"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(log), `source="RESULT [applied]=true" target="RESULT [applied]=false"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Envoy's log does not report the [applied] disagreement")
		}
	}
}

// With deterministic_functions, now() and uuid() in a write are evaluated once by the proxy, so
// both clusters store the same values. cqlsh sends plain QUERYs, which the proxy can rewrite.
func TestDeterministicFunctionsStoreTheSameValues(t *testing.T) {
	const ks = "e2e_functions"
	cqlsh := filepath.Join(cacheDir, "venv", "bin", "cqlsh")
	host, port, _ := net.SplitHostPort(fnAddr)
	runTool(t, cqlsh, host, port, "-e", fmt.Sprintf(
		"DROP KEYSPACE IF EXISTS %[1]s; CREATE KEYSPACE %[1]s WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"+
			"CREATE TABLE %[1]s.ev (k int PRIMARY KEY, id timeuuid, u uuid, at timestamp);"+
			"INSERT INTO %[1]s.ev (k, id, u, at) VALUES (1, now(), uuid(), toTimestamp(now()));", ks))
	type row struct {
		id, u gocql.UUID
		at    time.Time
	}
	read := func(addr string) row {
		var r row
		if err := session(t, addr).Query("SELECT id, u, at FROM "+ks+".ev WHERE k = 1").Scan(&r.id, &r.u, &r.at); err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		return r
	}
	src, tgt := read(sourceAddr()), read(targetAddr())
	if src != tgt {
		t.Errorf("now(), uuid() and toTimestamp(now()) differ: source %+v, target %+v", src, tgt)
	}
	if d := time.Since(src.at); d < 0 || d > time.Minute {
		t.Errorf("toTimestamp(now()) stored %v, not the current time", src.at)
	}
}

// Prepared writes calling now(), uuid(), currentTimestamp(), currentDate() and currentTime(), as
// gocql (which prepares every statement) and the Python driver (positional and named markers,
// and in a batch) send them: with deterministic_functions, each cluster stores the same values.
func TestDeterministicFunctionsInPreparedStatements(t *testing.T) {
	const ks = "e2e_prepared_functions"
	setup := session(t, fnAddr)
	createKeyspace(t, setup, ks)
	if err := setup.Query("CREATE TABLE " + ks + ".ev (k int PRIMARY KEY, id timeuuid, u uuid, at timestamp, d date, tm time)").Exec(); err != nil {
		t.Fatal(err)
	}
	const insert = "INSERT INTO %s.ev (k, id, u, at, d, tm) VALUES (?, now(), uuid(), currentTimestamp(), currentDate(), currentTime())"
	for _, k := range []int{4, 5} { // gocql 1.7 speaks v4 at most
		if err := setup.Query(fmt.Sprintf(insert, ks), k).Exec(); err != nil {
			t.Fatalf("gocql: %v", err)
		}
	}
	host, port, _ := net.SplitHostPort(fnAddr)
	python(t, "e2e/python/functions.py", host, port, ks)

	src, tgt := fnRows(t, sourceAddr(), ks), fnRows(t, targetAddr(), ks)
	if len(src) != 6 {
		t.Fatalf("source holds rows %v, want k = 4, 5 (gocql) and 20, 21, 22, 23 (Python)", src)
	}
	for k, s := range src {
		if tgt[k] != s {
			t.Errorf("k=%d: source %+v, target %+v", k, s, tgt[k])
		}
		if d := time.Since(s.at); d < 0 || d > time.Minute || s.id.Time().Sub(s.at).Abs() > time.Second {
			t.Errorf("k=%d: currentTimestamp() %v and now() %v are not the current time", k, s.at, s.id.Time())
		}
	}
}

// fnRow is a row of the function tests' ev table: the values of now(), uuid(), currentTimestamp(),
// currentDate() and currentTime() that one cluster stored.
type fnRow struct {
	id, u gocql.UUID
	at, d time.Time
	tm    time.Duration
}

// fnRows reads ks.ev directly from the cluster at addr, by k.
func fnRows(t *testing.T, addr, ks string) map[int]fnRow {
	t.Helper()
	rows := map[int]fnRow{}
	it := session(t, addr).Query("SELECT k, id, u, at, d, tm FROM " + ks + ".ev").Iter()
	var k int
	var r fnRow
	for it.Scan(&k, &r.id, &r.u, &r.at, &r.d, &r.tm) {
		rows[k] = r
	}
	if err := it.Close(); err != nil {
		t.Fatalf("%s: %v", addr, err)
	}
	return rows
}
