package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gocql2 "github.com/apache/cassandra-gocql-driver/v2"
)

// deterministic_functions switched on through the control plane, as a user would, then every
// driver writes rows calling now(), uuid(), currentTimestamp(), currentDate() and currentTime()
// in simple and prepared statements: each cluster, read directly, holds the same values.
func TestDeterministicFunctionsSwitchedOnThroughTheControlPlane(t *testing.T) {
	const ks = "e2e_cp_functions"
	dir := t.TempDir()
	cp := startControlPlane(t, dir, map[string]any{
		"listener":        map[string]any{"address": "127.0.0.1", "port": 29050},
		"stat_prefix":     "cpfn",
		"source":          map[string]any{"address": sourceAddr()},
		"target":          map[string]any{"address": targetAddr()},
		"metrics_address": "127.0.0.1:9466",
	})
	boot := filepath.Join(dir, "envoy-ads.yaml")
	b, err := os.ReadFile(filepath.Join(repoRoot, "envoy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(boot, []byte(strings.Replace(string(b), "port_value: 29901", fmt.Sprintf("port_value: %d", cpAdmin), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := startEnvoy(workDir, "functions-cp", boot, moduleDir, cpAdmin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.stop)
	cp.waitApplied(t, e, "first config")
	setup := session(t, cpProxyAddr)
	createKeyspace(t, setup, ks)
	if err := setup.Query("CREATE TABLE " + ks + ".ev (k int PRIMARY KEY, id timeuuid, u uuid, at timestamp, d date, tm time)").Exec(); err != nil {
		t.Fatal(err)
	}
	cp.edit(t, func(m map[string]any) { m["deterministic_functions"] = true })
	cp.waitApplied(t, e, "deterministic_functions on")

	const calls = "now(), uuid(), currentTimestamp(), currentDate(), currentTime()"
	insert := func(k int) string {
		return fmt.Sprintf("INSERT INTO %s.ev (k, id, u, at, d, tm) VALUES (%d, %s)", ks, k, calls)
	}
	prepared := "INSERT INTO " + ks + ".ev (k, id, u, at, d, tm) VALUES (?, " + calls + ")"
	want := []int{}
	// gocql 1.7 (v4) prepares every write, bind values or not.
	g := session(t, cpProxyAddr)
	for k, q := range map[int]string{1: insert(1), 2: prepared} {
		var err error
		if k == 2 {
			err = g.Query(q, k).Exec()
		} else {
			err = g.Query(q).Exec()
		}
		if err != nil {
			t.Fatalf("gocql k=%d: %v", k, err)
		}
		want = append(want, k)
	}
	// gocql 2 at v5.
	c := gocql2.NewCluster("127.0.0.1")
	c.Port, c.ProtoVersion, c.Timeout, c.ConnectTimeout = 29050, 5, 15*time.Second, 10*time.Second
	g2, err := c.CreateSession()
	if err != nil {
		t.Fatalf("gocql 2: %v", err)
	}
	defer g2.Close()
	if err := g2.Query(prepared, 3).Exec(); err != nil {
		t.Fatalf("gocql 2: %v", err)
	}
	want = append(want, 3)
	// The Python driver: a simple statement, then prepared positional, named and in a batch.
	out := python(t, "e2e/python/functions.py", "127.0.0.1", "29050", ks)
	if !strings.Contains(out, "ok") {
		t.Fatalf("functions.py: %s", out)
	}
	want = append(want, 20, 21, 22, 23)
	// The Java driver: a simple statement and a prepared one.
	classes := t.TempDir()
	lib := filepath.Join(cacheDir, "java", "lib", "*")
	runTool(t, "javac", "-d", classes, "-cp", lib, filepath.Join("e2e", "java", "FunctionsCheck.java"))
	runTool(t, "java", "-cp", classes+string(os.PathListSeparator)+lib, "FunctionsCheck", "127.0.0.1", "29050", "dc1", ks)
	want = append(want, 30, 31)

	src, tgt := fnRows(t, sourceAddr(), ks), fnRows(t, targetAddr(), ks)
	for _, k := range want {
		s, ok := src[k]
		if !ok {
			t.Errorf("k=%d is not on the source", k)
			continue
		}
		if tgt[k] != s {
			t.Errorf("k=%d: source %+v, target %+v", k, s, tgt[k])
		}
	}
}
