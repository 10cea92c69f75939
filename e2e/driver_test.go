package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gocql/gocql"
)

// One connection, hundreds of requests in flight, stream ids reused as they complete.
func TestManyConcurrentStreamsOnOneConnection(t *testing.T) {
	const ks, writers, each = "e2e_streams", 64, 20
	setup := session(t, proxyAddr)
	createKeyspace(t, setup, ks)
	proxy := session(t, proxyAddr, func(c *gocql.ClusterConfig) { c.NumConns, c.Timeout = 1, 30*time.Second })
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				k := w*each + i
				if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", k, fmt.Sprint("v", k)).Exec(); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for name, addr := range map[string]string{"source": sourceAddr(), "target": targetAddr()} {
		var n int
		if err := session(t, addr).Query("SELECT count(*) FROM " + ks + ".kv").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != writers*each {
			t.Errorf("%s has %d rows, want %d", name, n, writers*each)
		}
	}
}

// Paged reads stay on the source: every page, including those fetched with a paging state.
func TestPagingReadsStayOnTheSource(t *testing.T) {
	const ks = "e2e_paging"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	src := session(t, sourceAddr())
	for k := range 50 {
		if err := src.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, 'source-only')", k).Exec(); err != nil {
			t.Fatal(err)
		}
	}
	iter := proxy.Query("SELECT k, v FROM " + ks + ".kv").PageSize(7).Iter()
	var k int
	var v string
	n := 0
	for iter.Scan(&k, &v) {
		if v != "source-only" {
			t.Errorf("row %d: %q", k, v)
		}
		n++
	}
	if err := iter.Close(); err != nil {
		t.Fatal(err)
	}
	if n != 50 {
		t.Errorf("read %d rows in pages of 7 through the proxy, want the source's 50", n)
	}
}

// Counter updates, alone and in a COUNTER batch, reach both clusters once.
func TestCountersAndCounterBatches(t *testing.T) {
	const ks = "e2e_counters"
	proxy := session(t, proxyAddr)
	createKeyspace(t, proxy, ks)
	if err := proxy.Query("CREATE TABLE " + ks + ".hits (k int PRIMARY KEY, n counter)").Exec(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := proxy.Query("UPDATE "+ks+".hits SET n = n + 1 WHERE k = ?", 1).Exec(); err != nil {
			t.Fatal(err)
		}
	}
	b := proxy.NewBatch(gocql.CounterBatch)
	b.Query("UPDATE "+ks+".hits SET n = n + 10 WHERE k = ?", 1)
	b.Query("UPDATE "+ks+".hits SET n = n + 5 WHERE k = ?", 2)
	if err := proxy.ExecuteBatch(b); err != nil {
		t.Fatal(err)
	}
	u := proxy.NewBatch(gocql.UnloggedBatch)
	u.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 1, "unlogged")
	if err := proxy.ExecuteBatch(u); err != nil {
		t.Fatal(err)
	}
	for name, addr := range map[string]string{"source": sourceAddr(), "target": targetAddr()} {
		s := session(t, addr)
		for k, want := range map[int]int64{1: 13, 2: 5} {
			var n int64
			if err := s.Query("SELECT n FROM "+ks+".hits WHERE k = ?", k).Scan(&n); err != nil {
				t.Fatalf("%s k=%d: %v", name, k, err)
			}
			if n != want {
				t.Errorf("%s: counter k=%d is %d, want %d", name, k, n, want)
			}
		}
		if got := readV(t, s, ks, 1); got != "unlogged" {
			t.Errorf("%s: unlogged batch row %q", name, got)
		}
	}
}

// The Java driver 4.x: protocol v5 (negotiated), prepared statements, paging, and topology.
func TestJavaDriverThroughTheProxy(t *testing.T) {
	const ks = "e2e_java"
	classes := t.TempDir()
	lib := filepath.Join(cacheDir, "java", "lib", "*")
	runTool(t, "javac", "-d", classes, "-cp", lib, filepath.Join("e2e", "java", "DriverCheck.java"))
	out := runTool(t, "java", "-cp", classes+string(os.PathListSeparator)+lib, "DriverCheck", "127.0.0.1", "29042", "dc1", ks)
	t.Logf("DriverCheck:\n%s", out)
	for _, want := range []string{"protocol_version=V5\n", "nodes=/127.0.0.1:29042\n", "paged_rows=25\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the Java driver did not report %q", strings.TrimSpace(want))
		}
	}
	writetimes := map[string]map[int]int64{}
	for name, addr := range map[string]string{"source": sourceAddr(), "target": targetAddr()} {
		writetimes[name] = map[int]int64{}
		it := session(t, addr).Query("SELECT k, WRITETIME(v) FROM " + ks + ".kv").Iter()
		var k int
		var wt int64
		for it.Scan(&k, &wt) {
			writetimes[name][k] = wt
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
		if n := len(writetimes[name]); n != 28 {
			t.Errorf("%s has %d rows from the Java driver, want 28", name, n)
		}
	}
	// Server-side timestamps: the proxy's, the same on both clusters.
	for k, ws := range writetimes["source"] {
		if wt := writetimes["target"][k]; ws != wt {
			t.Errorf("k=%d: WRITETIME %d on the source, %d on the target", k, ws, wt)
		}
	}
}

// gocql with snappy: compressed requests and replies through the proxy.
func TestSnappyCompression(t *testing.T) {
	const ks = "e2e_snappy"
	setup := session(t, proxyAddr)
	createKeyspace(t, setup, ks)
	proxy := session(t, proxyAddr, func(c *gocql.ClusterConfig) { c.Compressor = gocql.SnappyCompressor{} })
	big := strings.Repeat("compressible ", 2000)
	if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 1, big).Exec(); err != nil {
		t.Fatal(err)
	}
	if err := proxy.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (2, 'simple')").Exec(); err != nil {
		t.Fatal(err)
	}
	if got := readV(t, proxy, ks, 1); got != big {
		t.Errorf("read back through the proxy with snappy: %d bytes, want %d", len(got), len(big))
	}
	for name, addr := range map[string]string{"source": sourceAddr(), "target": targetAddr()} {
		s := session(t, addr)
		if got := readV(t, s, ks, 1); got != big {
			t.Errorf("%s: k=1 has %d bytes, want %d", name, len(got), len(big))
		}
		if got := readV(t, s, ks, 2); got != "simple" {
			t.Errorf("%s: k=2 has %q", name, got)
		}
	}
}

// Drivers pinned to each protocol version: gocql 1.7 speaks v3 and v4, the Python driver v3 to v5.
func TestDriversPinnedToEachProtocolVersion(t *testing.T) {
	const ks = "e2e_versions"
	want := map[int]string{}
	for _, v := range []int{3, 4} {
		want[10+v] = fmt.Sprint("gocql-v", v)
		t.Run(fmt.Sprintf("gocql v%d", v), func(t *testing.T) {
			s := session(t, proxyAddr, func(c *gocql.ClusterConfig) { c.ProtoVersion = v })
			if err := s.Query("CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}").Exec(); err != nil {
				t.Fatal(err)
			}
			if err := s.Query("CREATE TABLE IF NOT EXISTS " + ks + ".kv (k int PRIMARY KEY, v text)").Exec(); err != nil {
				t.Fatal(err)
			}
			if err := s.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 10+v, want[10+v]).Exec(); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, v := range []int{3, 4, 5} {
		want[v] = fmt.Sprint("v", v)
		t.Run(fmt.Sprintf("python v%d", v), func(t *testing.T) {
			out := python(t, filepath.Join("e2e", "python", "pinned_version.py"), "127.0.0.1", "29042", fmt.Sprint(v), ks)
			if !strings.Contains(out, fmt.Sprintf("protocol_version=%d\n", v)) {
				t.Fatalf("the Python driver pinned to v%d said:\n%s", v, out)
			}
		})
	}
	for name, addr := range map[string]string{"source": sourceAddr(), "target": targetAddr()} {
		s := session(t, addr)
		for k, v := range want {
			if got := readV(t, s, ks, k); got != v {
				t.Errorf("%s: k=%d has %q, want %q", name, k, got, v)
			}
		}
	}
}

// Two proxies listing each other in peers: a driver that knows one finds both and uses both.
func TestDriversFindTheConfiguredPeerProxies(t *testing.T) {
	const ks = "e2e_peers"
	out := python(t, filepath.Join("e2e", "python", "driver_check.py"), peerA, "29042", ks)
	t.Logf("driver_check.py:\n%s", out)
	if want := "hosts=" + peerB + ":29042," + peerA + ":29042\n"; !strings.Contains(out, want) {
		t.Errorf("the Python driver should know both proxies (%q)", strings.TrimSpace(want))
	}
	for name, addr := range map[string]string{"source": sourceAddr(), "target": targetAddr()} {
		if got := readV(t, session(t, addr), ks, 2); got != "py-prepared" {
			t.Errorf("%s: k=2 has %q", name, got)
		}
	}
}
