package e2e

import (
	"crypto/tls"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocql/gocql"
)

// Envoy-owned upstreams: the target, target2 with TLS, is reached through a loopback listener of
// the proxy's Envoy whose tcp_proxy forwards to an Envoy cluster with an UpstreamTlsContext from
// SDS. The filter's own config for the target has no TLS, and its discovery is off.
const (
	upProxyAddr   = "127.0.0.1:29130" // the cqlmirror listener
	upLoopback    = "127.0.0.1:29131" // target.via_envoy.listen
	upAdmin       = 29930
	upXDS         = "127.0.0.1:18020"
	upMetrics     = "127.0.0.1:9490"
	upCluster     = "cqlmirror-target2"
	upKeyspace    = "e2e_upstream"
	upStatCluster = "cluster." + upCluster + "."
)

func TestEnvoyUpstream(t *testing.T) {
	dir := t.TempDir()
	pki := newPKI(t, dir)
	os.Setenv("CASSANDRA_TLS_KEYSTORE", pki.nodeKeystore)
	err := testbed("cassandra.sh", "restart", "target2", target2Host, target2JMX)
	os.Unsetenv("CASSANDRA_TLS_KEYSTORE")
	t.Cleanup(func() { testbed("cassandra.sh", "stop", "target2") })
	if err != nil {
		t.Fatal(err)
	}
	failedFile := filepath.Join(dir, "failed-writes.jsonl")
	cp := startControlPlaneOn(t, dir, upXDS, "controlplane-upstream", map[string]any{
		"listener":    map[string]any{"address": "127.0.0.1", "port": 29130},
		"stat_prefix": "upstream",
		"source":      map[string]any{"address": sourceAddr()},
		"target": map[string]any{"address": target2Addr(), "via_envoy": map[string]any{
			"listen": upLoopback, "cluster": upCluster,
			"tls": map[string]any{"ca_file": pki.caFile, "server_name": target2DNS},
		}},
		"failed_writes_file": failedFile,
		"metrics_address":    upMetrics,
	})
	e, err := startEnvoy(workDir, "upstream", adsBootstrap(t, dir, upAdmin, upXDS), moduleDir, upAdmin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.stop)
	cp.waitApplied(t, e, "first config")
	cp.waitClusters(t, e, "first config")
	if err := testbed("cassandra.sh", "wait", "target2", target2Host); err != nil {
		t.Fatal(err)
	}
	waitTargetHealthyAt(t, upMetrics, "upstream")

	src := session(t, sourceAddr())
	tgt2 := session(t, target2Addr(), func(c *gocql.ClusterConfig) {
		c.SslOpts = &gocql.SslOptions{Config: &tls.Config{RootCAs: pki.pool, ServerName: target2DNS}, EnableHostVerification: true}
	})
	for _, s := range []*gocql.Session{src, tgt2} {
		createKeyspace(t, s, upKeyspace)
	}
	before := envoyStats(t, upAdmin, upStatCluster)
	proxy := session(t, upProxyAddr)

	t.Run("WritesReachTarget2ThroughEnvoysTLS", func(t *testing.T) {
		const n = 20
		for k := 1; k <= n; k++ {
			if err := proxy.Query("INSERT INTO "+upKeyspace+".kv (k, v) VALUES (?, ?)", k, fmt.Sprintf("via envoy %d", k)).Exec(); err != nil {
				t.Fatalf("write k=%d through the proxy: %v\nEnvoy log:\n%s", k, err, e.tail())
			}
		}
		for k := 1; k <= n; k++ {
			want := fmt.Sprintf("via envoy %d", k)
			vs, ws := readWithWritetime(t, src, k)
			vt, wt := readWithWritetime(t, tgt2, k)
			if vs != want || vt != want {
				t.Fatalf("k=%d: source %q, target2 %q; want %q on both", k, vs, vt, want)
			}
			if ws != wt {
				t.Fatalf("k=%d: WRITETIME source %d, target2 %d", k, ws, wt)
			}
		}
		after := envoyStats(t, upAdmin, upStatCluster)
		for _, stat := range []string{"upstream_cx_total", "ssl.handshake"} {
			if after[stat] <= before[stat] {
				t.Errorf("%s%s did not move: %d before the writes, %d after", upStatCluster, stat, before[stat], after[stat])
			}
		}
		if after["ssl.fail_verify_san"] != 0 || after["ssl.connection_error"] != 0 {
			t.Errorf("TLS errors: %sssl.fail_verify_san %d, ssl.connection_error %d", upStatCluster, after["ssl.fail_verify_san"], after["ssl.connection_error"])
		}
		t.Logf("%d writes on source and target2 with equal WRITETIME; %s: upstream_cx_total %d -> %d, ssl.handshake %d -> %d",
			n, upCluster, before["upstream_cx_total"], after["upstream_cx_total"], before["ssl.handshake"], after["ssl.handshake"])
	})

	t.Run("TheFilterKnowsOnlyTheLoopbackListener", func(t *testing.T) {
		m := scrape(t, upMetrics)
		up := 0
		for s, v := range m {
			if strings.HasPrefix(s, "cqlmirror_node_up{") && hasLabel(s, "cluster", "target") && hasLabel(s, "stat_prefix", "upstream") {
				if !hasLabel(s, "node", upLoopback) || v != 1 {
					t.Errorf("%s = %v, want the loopback listener %s alone, up", s, v, upLoopback)
				}
				up++
			}
		}
		if up != 1 {
			t.Errorf("%d target nodes in cqlmirror_node_up, want 1 (the loopback listener)", up)
		}
		for s := range m {
			if hasLabel(s, "node", target2Addr()) {
				t.Errorf("the filter lists target2 itself: %s", s)
			}
		}
		dump := e.configDump(t)
		for _, want := range []string{`"discovery": "contact_points_only"`, `"address": "` + upLoopback + `"`} {
			if !containsJSON(dump, want) {
				t.Errorf("/config_dump lacks %s in the filter's config", want)
			}
		}
	})

	// Envoy checks target2's certificate: a server name it does not carry fails the handshake,
	// and the target misses the write (recorded in the journal) while the source takes it.
	t.Run("EnvoyChecksTheServerName", func(t *testing.T) {
		beforeSAN := envoyStats(t, upAdmin, upStatCluster)["ssl.fail_verify_san"]
		cp.set(t, "target.via_envoy.tls.server_name=wrong.cqlmirror.test")
		cp.waitClusters(t, e, "wrong server name")
		s := session(t, upProxyAddr)
		const k = 1000
		if err := s.Query("INSERT INTO "+upKeyspace+".kv (k, v) VALUES (?, ?)", k, "wrong name").Exec(); err != nil {
			t.Fatalf("write k=%d: %v (source-decides answers from the source)", k, err)
		}
		if v, _ := readWithWritetime(t, src, k); v != "wrong name" {
			t.Fatalf("k=%d on the source: %q", k, v)
		}
		if v, _ := readWithWritetime(t, tgt2, k); v != "" {
			t.Fatalf("k=%d reached target2 (%q) although Envoy must refuse its certificate", k, v)
		}
		if got := envoyStats(t, upAdmin, upStatCluster)["ssl.fail_verify_san"]; got <= beforeSAN {
			t.Errorf("%sssl.fail_verify_san %d, was %d: want it to move", upStatCluster, got, beforeSAN)
		}
		var journaled []string
		for _, r := range readJSONLines(t, failedFile) {
			stmts, _ := r["statements"].([]any)
			vals, _ := r["values"].([]any)
			if len(stmts) == 1 && strings.Contains(fmt.Sprint(stmts[0]), upKeyspace+".kv") && fmt.Sprint(vals) == fmt.Sprintf("[[%x %x]]", []byte{0, 0, 3, 0xe8}, "wrong name") {
				journaled = append(journaled, fmt.Sprint(r["target"]))
			}
		}
		if len(journaled) != 1 || journaled[0] != upLoopback {
			t.Errorf("want the write target2 missed in %s once, for target %s; found it for %v", failedFile, upLoopback, journaled)
		}
	})
}

// readWithWritetime reads kv.v and its WRITETIME for key k from one cluster directly; "" means
// no row.
func readWithWritetime(t *testing.T, s *gocql.Session, k int) (string, int64) {
	t.Helper()
	var v string
	var wt int64
	err := s.Query("SELECT v, WRITETIME(v) FROM "+upKeyspace+".kv WHERE k = ?", k).Scan(&v, &wt)
	if err == gocql.ErrNotFound {
		return "", 0
	}
	if err != nil {
		t.Fatalf("read %s.kv k=%d: %v", upKeyspace, k, err)
	}
	return v, wt
}

// hasLabel reports whether the scraped series key s has label name="value".
func hasLabel(s, name, value string) bool {
	return strings.Contains(s, name+`="`+value+`"`)
}

// containsJSON reports whether the JSON text s holds want, whitespace aside.
func containsJSON(s, want string) bool {
	strip := func(x string) string { return strings.Join(strings.Fields(x), "") }
	return strings.Contains(strip(s), strip(want))
}
