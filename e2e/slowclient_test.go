package e2e

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/internal/envoyconf"
)

// A client that stops reading must not grow the proxy without bound: above Envoy's write-buffer
// high watermark the session keeps the replies and Envoy stops reading the client; past 1 MiB
// held the session stops reading the clusters, so TCP back-pressure reaches Cassandra.

const (
	slowKeyspace   = "e2e_slowclient"
	slowPartitions = 16
	slowRows       = 8        // per partition: a SELECT of one partition returns 512 KiB
	slowRowBytes   = 64 << 10 // one blob
	slowRequests   = 1000     // 500 MiB of rows asked for
	// The client keeps at most slowWindow requests unanswered (100 MiB of rows), as drivers bound
	// a connection's requests in flight. Cassandra 5 does not bound what it buffers for a v4
	// connection it cannot write to: with all 1000 pipelined, the source ran out of its 512 MiB of
	// direct memory (OutOfDirectMemoryError) and reset the connection.
	slowWindow = 200
	// Each SELECT carries a comment of slowPadding bytes, so the sockets hold few requests: what
	// they hold reaches Cassandra at once when the proxy reads the client again.
	slowPadding = 16 << 10
	// Longer than request_timeout (5 s): the proxy not reading a cluster's replies is no timeout.
	slowHold = 8 * time.Second

	// The growth of Envoy's RSS the design allows one paused session. Live bytes: Envoy's write
	// buffer holds the high watermark (per_connection_buffer_limit_bytes, 1 MiB) plus the flush
	// that crossed it, at most what the session held (1 MiB, a 64 KiB read and a 512 KiB reply):
	// 2.6 MiB; the session, the buffer being flushed and the one filling (1.6 MiB each) and a
	// partial reply in each cluster reader: 4.2 MiB. Allocators: the filling buffer grows by
	// appends, leaving about three times its size behind (5 MiB), and Go lets its heap reach twice
	// the live bytes before it collects: 18 MiB; tcmalloc keeps Envoy's freed spans: 5 MiB. With
	// room for thread caches and stacks: 32 MiB.
	slowRSSBound = 32 << 20
)

// slowValue is row (k, c)'s blob: k and c, then a run of 251 bytes that depends on them.
func slowValue(k, c int) []byte {
	run := make([]byte, 251)
	for i := range run {
		run[i] = byte(k*31 + c*7 + i)
	}
	b := bytes.Repeat(run, slowRowBytes/len(run)+1)[:slowRowBytes]
	binary.BigEndian.PutUint32(b, uint32(k))
	binary.BigEndian.PutUint32(b[4:], uint32(c))
	return b
}

// dialSmallBuffers connects with small socket buffers, set before the connection is made so
// that the window the client offers stays small.
func dialSmallBuffers(addr string, rcv, snd int) (*rawConn, error) {
	d := net.Dialer{Timeout: 5 * time.Second, Control: func(_, _ string, rc syscall.RawConn) error {
		var err error
		rc.Control(func(fd uintptr) {
			if err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, rcv); err == nil {
				err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_SNDBUF, snd)
			}
		})
		return err
	}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &rawConn{Conn: c, version: primitive.ProtocolVersion4}, nil
}

// pidRSSKB is the resident set size of process pid in kB, or -1.
func pidRSSKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return -1
}

// saveGoroutines writes the goroutines of the Envoy serving metrics at addr to a file in the e2e
// logs and returns its path.
func saveGoroutines(t *testing.T, addr, name string) string {
	resp, err := metricsClient.Get("http://" + addr + "/debug/pprof/goroutine?debug=2")
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	dump, _ := io.ReadAll(resp.Body)
	path := filepath.Join(cacheDir, "e2e-logs", name+"-goroutines.txt")
	if err := os.WriteFile(path, dump, 0o644); err != nil {
		return err.Error()
	}
	return path
}

// goRuntime is the Go runtime's memory in the Envoy serving metrics at addr.
func goRuntime(addr string) string {
	var b strings.Builder
	for _, m := range []string{"go_memstats_heap_inuse_bytes", "go_memstats_heap_idle_bytes", "go_memstats_heap_released_bytes", "go_memstats_sys_bytes"} {
		fmt.Fprintf(&b, " %s=%.0f", strings.TrimPrefix(m, "go_memstats_"), metricSum(addr, m))
	}
	return b.String()
}

func sourcePid() int {
	b, err := os.ReadFile(filepath.Join(cacheDir, "run", "source", "pid"))
	if err != nil {
		return -1
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// checkSlowReply checks one reply: a RESULT with partition stream%slowPartitions whole.
func checkSlowReply(h cql.Header, body []byte) error {
	if h.Opcode != primitive.OpCodeResult {
		return fmt.Errorf("got %s, want RESULT", describeReply(h, body))
	}
	f, err := cql.Decode(cql.AppendFrame(nil, h, body))
	if err != nil {
		return err
	}
	rows, ok := f.Body.Message.(*message.RowsResult)
	if !ok {
		return fmt.Errorf("got %T, want rows", f.Body.Message)
	}
	k := (int(h.Stream) - 2) % slowPartitions
	if len(rows.Data) != slowRows {
		return fmt.Errorf("%d rows, want %d", len(rows.Data), slowRows)
	}
	for c, row := range rows.Data {
		if len(row) != 3 || !bytes.Equal(row[0], binary.BigEndian.AppendUint32(nil, uint32(k))) ||
			!bytes.Equal(row[1], binary.BigEndian.AppendUint32(nil, uint32(c))) || !bytes.Equal(row[2], slowValue(k, c)) {
			return fmt.Errorf("row %d is not (%d, %d) whole", c, k, c)
		}
	}
	return nil
}

// A client with a 16 KiB receive buffer sends SELECTs of 512 KiB each, 200 unanswered at a time,
// and reads nothing for 8 s; then it reads, sending on, until 1000 (500 MiB) are answered.
// Envoy's RSS stays within slowRSSBound of where it was, the proxy reports the session as holding
// its clusters, and every reply arrives whole, each on its own stream, none lost to a timeout. (Cassandra answers a connection's requests in any order,
// so the order is the one of the replies' streams; the engine's own order is checked in
// filter/mirror's unit tests.)
func TestSlowClientDoesNotGrowTheProxy(t *testing.T) {
	const admin, port, metrics = 29907, 29077, "127.0.0.1:9469"
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cfg := filepath.Join(t.TempDir(), "slowclient.yaml")
	boot := envoyconf.Bootstrap(admin, "", "", envoyconf.Listener{Name: "slowclient", Port: port, Config: map[string]any{
		"stat_prefix": "slowclient", "source": map[string]any{"address": sourceAddr()}, "target": map[string]any{"address": targetAddr()},
		"metrics_address": metrics}})
	if err := os.WriteFile(cfg, []byte(boot), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := startEnvoy(workDir, "slowclient", cfg, moduleDir, admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.stop)

	s := session(t, addr)
	for _, q := range []string{"DROP KEYSPACE IF EXISTS " + slowKeyspace,
		"CREATE KEYSPACE " + slowKeyspace + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
		"CREATE TABLE " + slowKeyspace + ".blobs (k int, c int, v blob, PRIMARY KEY (k, c))"} {
		if err := s.Query(q).Exec(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for k := range slowPartitions {
		for c := range slowRows {
			if err := s.Query("INSERT INTO "+slowKeyspace+".blobs (k, c, v) VALUES (?, ?, ?)", k, c, slowValue(k, c)).Exec(); err != nil {
				t.Fatalf("insert (%d, %d): %v", k, c, err)
			}
		}
	}
	s.Close()

	mark := e.logMark()
	before, err := e.rssKB()
	if err != nil {
		t.Fatal(err)
	}
	cassandraBefore := pidRSSKB(sourcePid())
	heapBefore, runtimeBefore := e.heapBytes(), goRuntime(metrics)
	var peak atomic.Int64
	peak.Store(int64(before))
	stopSampling := make(chan struct{})
	var sampling sync.WaitGroup
	sampling.Go(func() {
		for {
			if rss, err := e.rssKB(); err == nil && int64(rss) > peak.Load() {
				peak.Store(int64(rss))
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	defer func() {
		close(stopSampling)
		sampling.Wait()
	}()

	requestsBefore, err := metricTotal(metrics, "cqlmirror_requests_total", "slowclient")
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialSmallBuffers(addr, 16<<10, 8<<10)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.startup(primitive.ProtocolVersion4, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", slowPadding)
	var sent atomic.Int64
	window := make(chan struct{}, slowWindow)
	sendDone := make(chan error, 1)
	go func() {
		for i := range slowRequests {
			window <- struct{}{}
			q := &message.Query{Query: fmt.Sprintf("SELECT k, c, v FROM %s.blobs WHERE k = %d /* %s */", slowKeyspace, i%slowPartitions, pad),
				Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}
			if err := c.write(encodeRequest(c.version, int16(i+2), q), 5*time.Minute); err != nil {
				sendDone <- fmt.Errorf("request %d: %w", i, err)
				return
			}
			sent.Add(1)
		}
		sendDone <- nil
	}()

	held := series("cqlmirror_paused_sessions", "stage", "clusters", "stat_prefix", "slowclient")
	if err := waitGauge(metrics, held, 1, 30*time.Second); err != nil {
		checkEnvoys(t)
		t.Fatalf("the session never stopped reading the clusters for a client that reads nothing (%d requests sent): %v; the proxy's goroutines are in %s",
			sent.Load(), err, saveGoroutines(t, metrics, "slowclient"))
	}
	time.Sleep(slowHold)
	sentHeld, peakHeld := sent.Load(), peak.Load()
	requestsHeld, err := metricTotal(metrics, "cqlmirror_requests_total", "slowclient")
	if err != nil {
		t.Fatal(err)
	}
	if read := int64(requestsHeld-requestsBefore) - 1; read >= sentHeld { // STARTUP is the one
		t.Errorf("the proxy read all %d requests the client sent while it was not reading: Envoy did not stop reading the client", sentHeld)
	} else {
		t.Logf("while the client read nothing the proxy read %d of the %d requests it sent", read, sentHeld)
	}
	t.Logf("after %s of not reading: %d requests sent (%d MiB of rows asked for); Envoy RSS %d kB before, %d kB at the peak; source Cassandra RSS %d kB before, %d kB now",
		slowHold, sentHeld, sentHeld*slowRows*slowRowBytes>>20, before, peakHeld, cassandraBefore, pidRSSKB(sourcePid()))
	t.Logf("Envoy's own heap (admin /memory total_physical_bytes) %s before, %s now; the Go runtime before:%s\nnow:%s",
		heapBefore, e.heapBytes(), runtimeBefore, goRuntime(metrics))

	seen := make([]bool, slowRequests)
	for n := range slowRequests {
		h, body, err := c.next(60 * time.Second)
		if err != nil {
			checkEnvoys(t)
			t.Fatalf("reply %d of %d: %v (%d requests sent)", n+1, slowRequests, err, sent.Load())
		}
		i := int(h.Stream) - 2
		if i < 0 || i >= slowRequests || seen[i] {
			t.Fatalf("reply %d of %d is on stream %d: not a request's, or a second reply to one", n+1, slowRequests, h.Stream)
		}
		seen[i] = true
		if err := checkSlowReply(h, body); err != nil {
			t.Fatalf("reply on stream %d (SELECT of partition %d): %v", h.Stream, i%slowPartitions, err)
		}
		<-window
	}
	if err := <-sendDone; err != nil {
		t.Fatalf("sending: %v", err)
	}
	after, _ := e.rssKB()
	requested := int64(slowRequests) * slowRows * slowRowBytes
	grew := (peak.Load() - int64(before)) << 10
	t.Logf("all %d replies whole; %d MiB of rows asked for; Envoy RSS %d kB before, %d kB at the peak (%d kB held while the client read nothing), %d kB after; growth %.1f MiB, %.2f%% of what was asked for",
		slowRequests, requested>>20, before, peak.Load(), peakHeld, after, float64(grew)/(1<<20), 100*float64(grew)/float64(requested))
	t.Logf("Envoy's own heap %s and the Go runtime%s after", e.heapBytes(), goRuntime(metrics))
	if grew > slowRSSBound {
		t.Errorf("Envoy's RSS grew by %.1f MiB for a client that did not read 500 MiB it asked for; the design allows %d MiB", float64(grew)/(1<<20), slowRSSBound>>20)
	}
	for _, stage := range []string{"client", "clusters"} {
		if err := waitGauge(metrics, series("cqlmirror_paused_sessions", "stage", stage, "stat_prefix", "slowclient"), 0, 10*time.Second); err != nil {
			t.Errorf("once the client read everything: %v", err)
		}
	}
	if p := panicsIn(e.logSince(t, mark)); len(p) > 0 {
		t.Errorf("Envoy's log has %q:\n%s", panicLine, strings.Join(p, "\n"))
	}
}
