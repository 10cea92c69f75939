package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// What a test learns about a running Envoy process: its log from a point on, its resident memory;
// and a restart for one a test left hung, so the rest of the suite still has a proxy.

const panicLine = "recovered from a panic"

// mainEnvoy is the suite's Envoy on envoy-static.yaml.
func mainEnvoy(t *testing.T) *envoy {
	t.Helper()
	for _, e := range envoys {
		if e.name == "main" {
			return e
		}
	}
	t.Fatal("the suite has no main Envoy")
	return nil
}

// logMark is where e's log ends now; logSince(mark) returns what was written after it.
func (e *envoy) logMark() int64 {
	fi, err := os.Stat(e.log)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// logSince returns e's log from mark on, once Envoy has flushed it (--file-flush-interval-msec 100).
func (e *envoy) logSince(t *testing.T, mark int64) string {
	t.Helper()
	time.Sleep(500 * time.Millisecond)
	f, err := os.Open(e.log)
	if err != nil {
		t.Fatalf("envoy %s log: %v", e.name, err)
	}
	defer f.Close()
	if _, err := f.Seek(mark, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// panicsIn returns the log lines of recovered panics in log, at most three, for a message.
func panicsIn(log string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.Contains(sc.Text(), panicLine) && len(out) < 3 {
			out = append(out, sc.Text())
		}
	}
	return out
}

// rssKB is the resident set size of e's process (VmRSS), in kB.
func (e *envoy) rssKB() (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", e.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", e.cmd.Process.Pid)
}

// heapBytes is what Envoy's admin /memory reports as total_physical_bytes: the memory of Envoy's
// own allocator, which the module's Go runtime is not part of ("?" if the admin does not answer).
func (e *envoy) heapBytes() string {
	resp, err := metricsClient.Get(fmt.Sprintf("http://127.0.0.1:%d/memory", e.admin))
	if err != nil {
		return "?"
	}
	defer resp.Body.Close()
	var m struct {
		Physical string `json:"total_physical_bytes"`
	}
	if json.NewDecoder(resp.Body).Decode(&m) != nil || m.Physical == "" {
		return "?"
	}
	return m.Physical
}

// reviveIfHung restarts e in place when fresh clients of addr cannot get an answer: a test that
// hung Envoy's workers has failed already, and the tests after it need a working proxy. The old
// log is kept as envoy-NAME-hung-TEST.log.
func reviveIfHung(t *testing.T, e *envoy, addr string) {
	t.Helper()
	var failed error
	for range 4 { // connections spread over the workers
		if err := serveCheck(addr, 5*time.Second); err != nil {
			failed = err
			break
		}
	}
	if failed == nil && e.alive() {
		return
	}
	kept := strings.TrimSuffix(e.log, ".log") + "-hung-" + t.Name() + ".log"
	e.stop()
	os.Rename(e.log, kept)
	restarted, err := startEnvoy(e.work, e.name, e.config, e.modules, e.admin, e.args...)
	if err != nil {
		t.Fatalf("envoy %s did not serve (%v) and could not be restarted: %v", e.name, failed, err)
	}
	*e = *restarted
	t.Logf("envoy %s did not serve fresh clients (%v); restarted it for the tests that follow, old log in %s", e.name, failed, filepath.Base(kept))
}
