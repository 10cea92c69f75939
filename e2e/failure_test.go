package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// failedWrites reads the failed_writes_file of the listener with statPrefix, which the suite leaves
// at its default.
func failedWrites(t *testing.T, statPrefix string) []map[string]any {
	t.Helper()
	return readJSONLines(t, filepath.Join(os.TempDir(), "cqlmirror-"+statPrefix+"-failed-writes.jsonl"))
}

// With the target down, the default policy keeps clients working against the source and records
// every write the target misses.
func TestTargetDownWritesGoOnAndAreRecorded(t *testing.T) {
	const ks = "e2e_target_down"
	setup := session(t, proxyAddr)
	createKeyspace(t, setup, ks)
	setup.Close()
	before := len(failedWrites(t, "local"))

	if err := testbed("cassandra.sh", "stop", "target"); err != nil {
		t.Fatal(err)
	}
	restarted := false
	restart := func() {
		restarted = true
		if err := testbed("cassandra.sh", "start", "target", targetHost, "7299"); err != nil {
			t.Fatal(err)
		}
		if err := testbed("cassandra.sh", "wait", "target", targetHost); err != nil {
			t.Fatal(err)
		}
		waitTargetHealthy(t)
	}
	t.Cleanup(func() {
		if !restarted {
			restart()
		}
	})

	proxy := session(t, proxyAddr)
	if err := proxy.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (1, 'while-target-down')").Exec(); err != nil {
		t.Fatalf("a simple write with the target down: %v", err)
	}
	if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 2, "prepared-while-down").Exec(); err != nil {
		t.Fatalf("a prepared write with the target down: %v", err)
	}
	src := session(t, sourceAddr())
	for k, v := range map[int]string{1: "while-target-down", 2: "prepared-while-down"} {
		if got := readV(t, src, ks, k); got != v {
			t.Errorf("source k=%d: %q, want %q", k, got, v)
		}
	}
	recorded := failedWrites(t, "local")[before:]
	var texts []string
	for _, w := range recorded {
		for _, s := range w["statements"].([]any) {
			texts = append(texts, s.(string))
		}
		if w["timestamp_us"] == nil || w["frame"] == "" || !strings.Contains(w["reason"].(string), "127.0.0.3:9042") {
			t.Errorf("incomplete record: %v", w)
		}
	}
	joined := strings.Join(texts, "\n")
	if !strings.Contains(joined, "'while-target-down'") || !strings.Contains(joined, "INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)") {
		t.Errorf("the failed_writes_file does not hold both writes; new records: %v", recorded)
	}
	if got := readV(t, proxy, ks, 1); got != "while-target-down" {
		t.Errorf("a read through the proxy with the target down: %q", got)
	}

	// The target comes back (empty: the test bed starts nodes afresh). The same client
	// connections must resume mirroring without reconnecting themselves.
	restart()
	tgt := session(t, targetAddr())
	createKeyspace(t, tgt, ks)
	deadline := time.Now().Add(60 * time.Second)
	for k := 100; ; k++ {
		if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, 'after-return')", k).Exec(); err != nil {
			t.Fatalf("write after the target returned: %v", err)
		}
		if readV(t, tgt, ks, k) == "after-return" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no write through the existing proxy connections reached the target within 60s of its return")
		}
		time.Sleep(500 * time.Millisecond)
	}
}
