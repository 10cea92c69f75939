package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// Issue 15: a bad client must never take the proxy down. (stalled_test.go: a stalled target.)

// A client that, after a normal STARTUP, sends a version-6 header claiming a 3.7 GB body and
// hangs up costs the proxy that connection only: fresh clients are served afterwards and no hook
// of the module panicked.
func TestNineByteHeaderDoesNotTakeTheProxyDown(t *testing.T) {
	e := mainEnvoy(t)
	t.Cleanup(func() {
		if t.Failed() {
			reviveIfHung(t, e, proxyAddr)
		}
	})
	mark := e.logMark()
	header := []byte{0x06, 0x00, 0x00, 0x07, 0x07, 0xe0, 0xbe, 0x35, 0xfd}
	for i := range 6 {
		c, err := dialRaw(proxyAddr)
		if err != nil {
			t.Fatalf("bad client %d of 6: %v", i+1, err)
		}
		err = c.startup(primitive.ProtocolVersion4, 5*time.Second)
		if err == nil {
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			_, err = c.Write(header)
		}
		if err == nil {
			// Whatever the proxy answers, if anything: the header is read before the FIN comes.
			c.next(time.Second)
		}
		c.Close()
		if err != nil {
			checkEnvoys(t)
			t.Fatalf("bad client %d of 6, after %d sent the 9-byte header % x and closed: %v (Envoy's workers hung?)\npanics in the log: %q",
				i+1, i, header, err, panicsIn(e.logSince(t, mark)))
		}
	}

	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = serveCheck(proxyAddr, 5*time.Second) })
	}
	wg.Wait()
	var failed []string
	for i, err := range errs {
		if err != nil {
			failed = append(failed, fmt.Sprintf("client %d: %v", i+1, err))
		}
	}
	if len(failed) > 0 {
		checkEnvoys(t)
		t.Errorf("after 6 clients sent the 9-byte header % x, %d of 8 fresh clients were not served (5 s a step; Envoy's workers hung?):\n%s",
			header, len(failed), strings.Join(failed, "\n"))
	}
	if p := panicsIn(e.logSince(t, mark)); len(p) > 0 {
		t.Errorf("Envoy's log since the test began has %q:\n%s", panicLine, strings.Join(p, "\n"))
	}
}

// A deterministic wire-level fuzz (bit flips, truncations, absurd lengths, random versions,
// opcodes and flags, before and after STARTUP at v3, v4 and v5, in and out of v5 segments) leaves
// the proxy serving: a driver's write then reaches both clusters, Envoy's memory comes back to
// where it was, and no hook of the module panicked. CQLMIRROR_FUZZ_SEED picks another seed.
func TestWireFuzzLeavesTheProxyServing(t *testing.T) {
	const minFrames, parallel = 100_000, 16
	e := mainEnvoy(t)
	t.Cleanup(func() {
		if t.Failed() {
			reviveIfHung(t, e, proxyAddr)
		}
	})
	seed := uint64(15)
	if s := os.Getenv("CQLMIRROR_FUZZ_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("CQLMIRROR_FUZZ_SEED: %v", err)
		}
	}
	t.Logf("fuzz seed %d (CQLMIRROR_FUZZ_SEED=%d reproduces it)", seed, seed)

	setup := session(t, proxyAddr)
	createKeyspace(t, setup, fuzzKeyspace)
	setup.Close()
	ids, err := prepareForFuzz(proxyAddr)
	if err != nil {
		t.Fatalf("prepare the fuzz's INSERT through the proxy: %v", err)
	}
	runtime := func() string {
		var b strings.Builder
		for _, m := range []string{"go_memstats_heap_inuse_bytes", "go_memstats_heap_idle_bytes", "go_memstats_heap_released_bytes",
			"go_memstats_stack_inuse_bytes", "go_memstats_sys_bytes", "go_goroutines", "go_threads"} {
			fmt.Fprintf(&b, " %s=%.0f", strings.TrimPrefix(m, "go_memstats_"), metricSum(mainMetrics, m))
		}
		return b.String()
	}
	runtimeBefore := runtime()
	goroutinesAtStart := metricSum(mainMetrics, "go_goroutines")
	rssBefore, err := e.rssKB()
	if err != nil {
		t.Fatal(err)
	}
	heapBefore := e.heapBytes()
	mark := e.logMark()
	requests := func() float64 { v, _ := metricTotal(mainMetrics, "cqlmirror_requests_total", "local"); return v }
	open := func() float64 { v, _ := metricTotal(mainMetrics, "cqlmirror_connections", "local"); return v }
	requestsBefore, openBefore := requests(), open()

	res := runWireFuzz(e, proxyAddr, seed, ids, minFrames, parallel, 150*time.Second)
	t.Logf("fuzz: %d frames over %d connections in %s (%.0f frames/s); %d connections the proxy left open 3 s after the last reply (first ones: %v), %d STARTUPs not answered with READY within 10 s",
		res.frames, res.conns, res.elapsed.Round(time.Millisecond), float64(res.frames)/res.elapsed.Seconds(), res.lingered, res.lingeredConns, res.startupFailed)
	if res.stopped != nil {
		checkEnvoys(t)
		t.Fatalf("the fuzz stopped after %d frames over %d connections: %v\npanics in the log: %q", res.frames, res.conns, res.stopped, panicsIn(e.logSince(t, mark)))
	}
	// Every fuzz connection is closed by now, from our side if not the proxy's: its session must end.
	openAfter := open()
	for deadline := time.Now().Add(30 * time.Second); openAfter > openBefore && time.Now().Before(deadline); openAfter = open() {
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("the proxy counted %.0f requests during the fuzz; open client connections (cqlmirror_connections): %.0f before, %.0f after it", requests()-requestsBefore, openBefore, openAfter)
	if openAfter > openBefore {
		t.Errorf("%.0f sessions of connections the fuzz closed were still open on the proxy 30 s later (cqlmirror_connections %.0f, %.0f before the fuzz)", openAfter-openBefore, openAfter, openBefore)
	}

	// Every session ended: their goroutines too (a few of the process's own may come and go).
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		if g := metricSum(mainMetrics, "go_goroutines"); g <= goroutinesAtStart+4 || time.Now().After(deadline) {
			if g > goroutinesAtStart+4 {
				t.Errorf("%.0f goroutines in Envoy after the fuzz's sessions ended, %.0f before the fuzz: some are stuck (see /debug/pprof/goroutine?debug=1 on %s)", g, goroutinesAtStart, mainMetrics)
			}
			break
		}
	}

	k, v := -15, fmt.Sprintf("after-fuzz-%d", seed)
	if err := session(t, proxyAddr).Query("INSERT INTO "+fuzzKeyspace+".kv (k, v) VALUES (?, ?)", k, v).Exec(); err != nil {
		t.Errorf("a driver's write through the proxy after the fuzz: %v", err)
	}
	for name, addr := range map[string]string{"source": sourceAddr(), "target": targetAddr()} {
		if got := readV(t, session(t, addr), fuzzKeyspace, k); got != v {
			t.Errorf("%s: k=%d has %q after the fuzz, want %q", name, k, got, v)
		}
	}

	limit := rssBefore + rssBefore/10
	rss, polled := 0, time.Now()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(time.Second) {
		if rss, err = e.rssKB(); err != nil {
			t.Fatal(err)
		}
		if rss <= limit || time.Now().After(deadline) {
			break
		}
	}
	t.Logf("Envoy main RSS: %d kB before the fuzz, %d kB at its peak, %d kB %s after it (of which Envoy's own heap, admin /memory total_physical_bytes: %s before, %s now)",
		rssBefore, res.peakRSS, rss, time.Since(polled).Round(time.Second), heapBefore, e.heapBytes())
	t.Logf("the Go runtime in Envoy before the fuzz:%s\nand now:%s", runtimeBefore, runtime())

	if rss > limit {
		t.Errorf("Envoy's RSS did not come back within 10%% of %d kB in 60 s after the fuzz: %d kB (peak %d kB)", rssBefore, rss, res.peakRSS)
	}
	if p := panicsIn(e.logSince(t, mark)); len(p) > 0 {
		t.Errorf("Envoy's log since the fuzz began has %q:\n%s", panicLine, strings.Join(p, "\n"))
	}
	checkEnvoys(t)
}
