package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/gocql/gocql"

	"github.com/cqlmirror/cqlmirror/internal/envoyconf"
)

// Issue 15: a stalled target must never take the proxy down.

// SIGTERM stops an Envoy whose clients have writes waiting on a stalled target, within its drain
// time plus 10 s.
func TestSigtermStopsEnvoyWithSessionsMidRequest(t *testing.T) {
	const (
		admin, port = 29904, 29073
		ks          = "e2e_sigterm"
		drain       = 2 * time.Second
		clients     = 4
	)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cfg := filepath.Join(t.TempDir(), "sigterm.yaml")
	boot := envoyconf.Bootstrap(admin, "", "", envoyconf.Listener{Name: "sigterm", Port: port, Config: map[string]any{
		"stat_prefix": "sigterm", "source": map[string]any{"address": sourceAddr()}, "target": map[string]any{"address": targetAddr()},
		"metrics_address": "127.0.0.1:9467"}})
	if err := os.WriteFile(cfg, []byte(boot), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := startEnvoy(workDir, "sigterm", cfg, moduleDir, admin, "--drain-time-s", fmt.Sprint(int(drain.Seconds())))
	if err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { e.cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			e.cmd.Process.Kill()
			<-exited
		}
	})

	createKeyspace(t, session(t, addr), ks)
	insert := "INSERT INTO " + ks + ".kv (k, v) VALUES (?, ?)"
	var drivers []*gocql.Session
	for i := range clients {
		s := session(t, addr)
		if err := s.Query(insert, i, "before-pause").Exec(); err != nil { // prepared while the target answers
			t.Fatal(err)
		}
		drivers = append(drivers, s)
	}
	var wires []*rawConn
	for range clients {
		c, err := dialRaw(addr)
		if err == nil {
			err = c.startup(primitive.ProtocolVersion4, 10*time.Second)
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		wires = append(wires, c)
	}

	pause(t, "target")
	paused := true
	defer func() {
		if paused {
			resume(t, "target")
		}
	}()
	stop := make(chan struct{})
	var writers sync.WaitGroup
	for i, s := range drivers {
		writers.Go(func() {
			for k := 100 * (i + 1); ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				if s.Query(insert, k, "mid-request").Exec() != nil {
					return // Envoy went away
				}
			}
		})
	}
	const perWire = 8
	for i, c := range wires {
		var frames []byte
		for j := range perWire {
			q := fmt.Sprintf("INSERT INTO %s.kv (k, v) VALUES (%d, 'mid-request')", ks, 1000+perWire*i+j)
			frames = append(frames, encodeRequest(primitive.ProtocolVersion4, int16(10+j), &message.Query{Query: q, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}})...)
		}
		if err := c.write(frames, 5*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(time.Second) // the writes reach the proxy, which waits for the target
	unanswered := 0
	for _, c := range wires {
		answered := 0
		for ; answered < perWire; answered++ {
			if _, _, err := c.next(100 * time.Millisecond); err != nil {
				break
			}
		}
		unanswered += perWire - answered
	}
	t.Logf("at SIGTERM: %d of %d hand-driven writes unanswered, %d driver sessions writing", unanswered, perWire*clients, clients)

	sent := time.Now()
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
		t.Logf("Envoy exited %s after SIGTERM (%v)", time.Since(sent).Round(time.Millisecond), e.cmd.ProcessState)
	case <-time.After(drain + 10*time.Second):
		tail := e.tail()
		e.cmd.Process.Kill()
		<-exited
		t.Errorf("Envoy did not exit within %s of SIGTERM (--drain-time-s %d) with %d sessions mid-request; killed it with SIGKILL. Log tail:\n%s",
			drain+10*time.Second, int(drain.Seconds()), 2*clients, tail)
	}
	close(stop)
	resume(t, "target")
	paused = false
	done := make(chan struct{})
	go func() { writers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Error("driver writes still running 30 s after Envoy was gone")
	}
}

// With the target stalled and the proxy aware of it (cqlmirror_cluster_healthy 0), new clients
// with their drivers' default timeouts connect, prepare and write in under 2 s, against the source
// alone, and the writes are recorded as missed by the target. Once the target is back (the gauge
// 1 again), a new session's write reaches both clusters; the writes made meanwhile do not.
func TestStalledTargetNewClientsConnectQuickly(t *testing.T) {
	const ks = "e2e_stalled_new"
	healthy := series("cqlmirror_cluster_healthy", "stat_prefix", "local", "cluster", "target")
	setup := session(t, proxyAddr)
	createKeyspace(t, setup, ks)
	setup.Close()
	if err := waitGauge(mainMetrics, healthy, 1, 15*time.Second); err != nil {
		t.Errorf("before pausing the target: %v", err)
	}
	before := len(failedWrites(t, "local"))

	pause(t, "target")
	paused := true
	defer func() {
		if paused {
			resume(t, "target")
		}
	}()
	if err := waitGauge(mainMetrics, healthy, 0, 15*time.Second); err != nil {
		t.Errorf("with the target paused: %v", err)
	}

	pyInsert := "INSERT INTO " + ks + ".kv (k, v) VALUES (?, ?)"
	out, err := runBounded(90*time.Second, filepath.Join(cacheDir, "venv", "bin", "python"), "e2e/python/stalled_target.py", "127.0.0.1", "29042", ks, "1", "python-while-paused")
	elapsed := -1.0
	if m := regexp.MustCompile(`elapsed=([0-9.]+)`).FindStringSubmatch(out); m != nil {
		elapsed, _ = strconv.ParseFloat(m[1], 64)
	}
	switch {
	case err != nil:
		t.Errorf("a new Python driver client (default settings) with the target stalled: %v after %.2f s\n%s", err, elapsed, out)
	case elapsed < 0 || elapsed >= 2:
		t.Errorf("a new Python driver client (default settings) took %.2f s to connect, prepare and write with the target stalled; want under 2 s\n%s", elapsed, out)
	default:
		t.Logf("Python driver, target stalled: %s", strings.Join(strings.Fields(out), " "))
	}

	goInsert := "INSERT INTO " + ks + ".kv (v, k) VALUES (?, ?)"
	c := gocql.NewCluster("127.0.0.1") // gocql's default timeouts
	c.Port, c.ProtoVersion = 29042, 4
	start := time.Now()
	s, err := c.CreateSession()
	if err == nil {
		err = s.Query(goInsert, "gocql-while-paused", 2).Exec()
		s.Close()
	}
	took := time.Since(start)
	switch {
	case err != nil:
		t.Errorf("a new gocql session (default ClusterConfig) with the target stalled: %v after %s", err, took.Round(time.Millisecond))
	case took >= 2*time.Second:
		t.Errorf("a new gocql session (default ClusterConfig) took %s to connect and run a prepared INSERT with the target stalled; want under 2 s", took.Round(time.Millisecond))
	default:
		t.Logf("gocql, target stalled: session and prepared INSERT in %s", took.Round(time.Millisecond))
	}

	src := session(t, sourceAddr())
	paused1 := map[int]string{1: "python-while-paused", 2: "gocql-while-paused"}
	for k, v := range paused1 {
		if got := readV(t, src, ks, k); got != v {
			t.Errorf("source: k=%d has %q, want %q", k, got, v)
		}
	}
	for stmt, who := range map[string]string{pyInsert: "the Python driver's", goInsert: "gocql's"} {
		if err := waitRecorded(t, before, stmt, 10*time.Second); err != nil {
			t.Errorf("%s write while the target was stalled: %v", who, err)
		}
	}

	resume(t, "target")
	paused = false
	if err := waitGauge(mainMetrics, healthy, 1, 30*time.Second); err != nil {
		t.Errorf("after resuming the target: %v", err)
	}
	after := session(t, proxyAddr)
	if err := after.Query(pyInsert, 3, "after-resume").Exec(); err != nil {
		t.Fatalf("a write through a new session after the target resumed: %v", err)
	}
	tgt := session(t, targetAddr())
	for name, s := range map[string]*gocql.Session{"source": src, "target": tgt} {
		if got := readV(t, s, ks, 3); got != "after-resume" {
			t.Errorf("%s: k=3 has %q after the target resumed, want %q", name, got, "after-resume")
		}
	}
	for k := range paused1 {
		if got := readV(t, tgt, ks, k); got != "" {
			t.Errorf("target: k=%d has %q; a write made while the proxy knew the target stalled must not reach it", k, got)
		}
	}
}

// waitRecorded waits until a failed_writes_file record of stat_prefix local after the first
// `before` holds stmt, and checks that its reason names the target.
func waitRecorded(t *testing.T, before int, stmt string, d time.Duration) error {
	t.Helper()
	for deadline := time.Now().Add(d); ; time.Sleep(250 * time.Millisecond) {
		for _, w := range failedWrites(t, "local")[before:] {
			stmts, _ := w["statements"].([]any)
			if len(stmts) == 0 || stmts[0] != stmt {
				continue
			}
			reason, _ := w["reason"].(string)
			if !strings.Contains(reason, targetAddr()) && !strings.Contains(strings.ToLower(reason), "target") {
				return fmt.Errorf("recorded with a reason that does not name the target: %q", reason)
			}
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no record of %q in the failed_writes_file within %s", stmt, d)
		}
	}
}

// runBounded runs bin in the repository root and returns its stdout and stderr; it is killed
// after d.
func runBounded(d time.Duration, bin string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("killed after %s: %w", d, err)
	}
	return string(out), err
}
