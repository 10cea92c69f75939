package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/internal/envoyconf"
)

// httpGet returns the body of a GET on a local endpoint.
func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		checkEnvoys(t)
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, b)
	}
	return string(b)
}

// series names one Prometheus series as the scrape keys it: name{label="value",...}, labels sorted.
func series(name string, labels ...string) string {
	var ls []string
	for i := 0; i+1 < len(labels); i += 2 {
		ls = append(ls, labels[i]+`="`+labels[i+1]+`"`)
	}
	sort.Strings(ls)
	return name + "{" + strings.Join(ls, ",") + "}"
}

// scrape reads the filter's Prometheus endpoint at addr into series → value.
func scrape(t *testing.T, addr string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(httpGet(t, "http://"+addr+"/metrics")))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		sp := strings.LastIndexByte(line, ' ')
		key, val := line[:sp], line[sp+1:]
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		name, labels, _ := strings.Cut(key, "{")
		var ls []string
		if labels = strings.TrimSuffix(labels, "}"); labels != "" {
			ls = strings.Split(labels, ",")
		}
		sort.Strings(ls)
		out[name+"{"+strings.Join(ls, ",")+"}"] = v
	}
	return out
}

// envoyStats reads the counters and gauges under prefix from an Envoy admin's /stats.
func envoyStats(t *testing.T, admin int, prefix string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	for _, line := range strings.Split(httpGet(t, fmt.Sprintf("http://127.0.0.1:%d/stats?filter=%s", admin, prefix)), "\n") {
		name, val, ok := strings.Cut(line, ": ")
		if !ok || !strings.HasPrefix(name, prefix) {
			continue
		}
		if v, err := strconv.ParseUint(val, 10, 64); err == nil {
			out[strings.TrimPrefix(name, prefix)] = v
		}
	}
	return out
}

// waitEnvoyCaughtUp waits until Envoy's counters under prefix agree with the filter's own
// Prometheus counters; the binding pushes them on a worker thread a few times a second.
func waitEnvoyCaughtUp(t *testing.T, admin int, envoyPrefix, metricsAddr, statPrefix string) (map[string]uint64, map[string]float64) {
	t.Helper()
	sum := func(m map[string]float64, name string) uint64 {
		var n float64
		for k, v := range m {
			if strings.HasPrefix(k, name+"{") && strings.Contains(k, `stat_prefix="`+statPrefix+`"`) {
				n += v
			}
		}
		return uint64(n)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		prom, env := scrape(t, metricsAddr), envoyStats(t, admin, envoyPrefix)
		want := map[string]uint64{
			"requests":             sum(prom, "cqlmirror_requests_total"),
			"requests_mirrored":    sum(prom, "cqlmirror_requests_mirrored_total"),
			"target_failed_writes": sum(prom, "cqlmirror_target_failed_writes_total"),
			"different_results":    sum(prom, "cqlmirror_different_results_total"),
		}
		agree := true
		for k, v := range want {
			if env[k] != v {
				agree = false
			}
		}
		if agree {
			return env, prom
		}
		if time.Now().After(deadline) {
			t.Fatalf("Envoy's stats under %s never caught up with the filter's metrics: Envoy %v, Prometheus %v", envoyPrefix, env, want)
		}
	}
}

// The obs listener's counters, after a known workload: N writes both clusters take and K writes
// only the source takes (their table does not exist on the target), one connection.
func TestMetricsAndEnvoyStatsCountAKnownWorkload(t *testing.T) {
	const ks, n, k = "e2e_metrics", 7, 3
	const envoyPrefix = "dynamicmodulescustom.cql_mirror.obs."
	setup := session(t, obsAddr)
	createKeyspace(t, setup, ks)
	setup.Close()
	src := session(t, sourceAddr())
	if err := src.Query("CREATE TABLE " + ks + ".source_only (k int PRIMARY KEY, v text)").Exec(); err != nil {
		t.Fatal(err)
	}
	c := dialWire(t, obsAddr)

	envBefore, before := waitEnvoyCaughtUp(t, 29902, envoyPrefix, extraMetrics, "obs")
	for i := range n {
		c.exec(fmt.Sprintf("INSERT INTO %s.kv (k, v) VALUES (%d, 'both')", ks, i))
	}
	for i := range k {
		c.exec(fmt.Sprintf("INSERT INTO %s.source_only (k, v) VALUES (%d, 'source only')", ks, i))
	}
	envAfter, after := waitEnvoyCaughtUp(t, 29902, envoyPrefix, extraMetrics, "obs")

	p := "obs"
	for s, want := range map[string]float64{
		series("cqlmirror_requests_total", "stat_prefix", p, "opcode", "query"):                                              n + k,
		series("cqlmirror_requests_mirrored_total", "stat_prefix", p):                                                        n + k,
		series("cqlmirror_writes_total", "stat_prefix", p, "cluster", "source", "outcome", "ok"):                             n + k,
		series("cqlmirror_writes_total", "stat_prefix", p, "cluster", "target", "outcome", "ok"):                             n,
		series("cqlmirror_writes_total", "stat_prefix", p, "cluster", "target", "outcome", "error"):                          k,
		series("cqlmirror_target_failed_writes_total", "stat_prefix", p, "reason", "error"):                                  k,
		series("cqlmirror_different_results_total", "stat_prefix", p, "opcode", "query"):                                     k,
		series("cqlmirror_server_errors_total", "stat_prefix", p, "cluster", "target", "error_code", "invalid"):              k,
		series("cqlmirror_server_errors_total", "stat_prefix", p, "cluster", "source", "error_code", "invalid"):              0,
		series("cqlmirror_request_duration_seconds_count", "stat_prefix", p, "opcode", "query"):                              n + k,
		series("cqlmirror_proxy_processing_seconds_count", "stat_prefix", p, "opcode", "query"):                              n + k,
		series("cqlmirror_cluster_request_duration_seconds_count", "stat_prefix", p, "cluster", "source", "opcode", "query"): n + k,
		series("cqlmirror_cluster_request_duration_seconds_count", "stat_prefix", p, "cluster", "target", "opcode", "query"): n + k,
	} {
		if _, ok := after[s]; !ok {
			t.Errorf("the metrics endpoint has no series %s", s)
			continue
		}
		if got := after[s] - before[s]; got != want {
			t.Errorf("%s: grew by %v, want %v", s, got, want)
		}
	}
	for s, atLeast := range map[string]float64{
		series("cqlmirror_connections", "stat_prefix", p):                            1,
		series("cqlmirror_cluster_connected", "stat_prefix", p, "cluster", "source"): 1,
		series("cqlmirror_cluster_connected", "stat_prefix", p, "cluster", "target"): 1,
	} {
		if after[s] < atLeast {
			t.Errorf("%s = %v, want at least %v", s, after[s], atLeast)
		}
	}
	if after[series("cqlmirror_proxy_processing_seconds_sum", "stat_prefix", p, "opcode", "query")] <= before[series("cqlmirror_proxy_processing_seconds_sum", "stat_prefix", p, "opcode", "query")] {
		t.Error("cqlmirror_proxy_processing_seconds_sum did not grow")
	}

	for name, want := range map[string]uint64{"requests": n + k, "requests_mirrored": n + k, "target_failed_writes": k, "different_results": k, "target_errors": k} {
		if got := envAfter[name] - envBefore[name]; got != want {
			t.Errorf("Envoy %s%s grew by %d, want %d", envoyPrefix, name, got, want)
		}
	}
	if envAfter["connections"] < 1 {
		t.Errorf("Envoy %sconnections = %d with a connection open", envoyPrefix, envAfter["connections"])
	}
	// Envoy's own Prometheus endpoint shows the same counters.
	if prom := httpGet(t, "http://127.0.0.1:29902/stats/prometheus"); !strings.Contains(prom, "envoy_dynamicmodulescustom_cql_mirror_obs_requests_mirrored") {
		t.Error("Envoy's /stats/prometheus lacks envoy_dynamicmodulescustom_cql_mirror_obs_requests_mirrored")
	}
	checkEnvoys(t)
}

// Envoy's histogram of end-to-end times gets the requests' samples from the worker thread.
func TestEnvoyHistogramRecordsRequestTimes(t *testing.T) {
	c := dialWire(t, obsAddr)
	for range 5 {
		if op := c.call(1, &message.Options{}, 10*time.Second).GetOpCode(); op != primitive.OpCodeSupported {
			t.Fatalf("OPTIONS: %v", op)
		}
	}
	// Envoy merges worker histograms into /stats at its stats flush (every 5s by default).
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		out := httpGet(t, "http://127.0.0.1:29902/stats?filter=cql_mirror.obs.request_duration_us")
		if strings.Contains(out, "request_duration_us: P0(") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no samples in Envoy's request_duration_us histogram:\n%s", out)
		}
	}
}

// A metrics_address whose port is taken (here by the extra Envoy) is an error, not a fallback: Envoy
// refuses the listener and the log names the field. (Two configs of one process naming different
// addresses are refused the same way; filter/mirror's unit tests cover that.)
func TestMetricsAddressConflictsAreErrors(t *testing.T) {
	work := t.TempDir()
	// The extra Envoy's own address is bound already: a new process cannot take it.
	yaml := envoyconf.Bootstrap(29069, "", "", envoyconf.Listener{Name: "taken", Port: 29062, Config: map[string]any{
		"stat_prefix": "taken", "source": map[string]any{"address": sourceAddr()}, "target": map[string]any{"address": targetAddr()},
		"metrics_address": extraMetrics}})
	out := runEnvoyExpectingFailure(t, work, yaml)
	if !strings.Contains(out, `field \"metrics_address\": cannot serve metrics on \"`+extraMetrics+`\"`) && !strings.Contains(out, `field "metrics_address": cannot serve metrics on "`+extraMetrics+`"`) {
		t.Errorf("Envoy's log does not name metrics_address and %s:\n%s", extraMetrics, out)
	}
}

// runEnvoyExpectingFailure starts Envoy with config yaml and returns its log once it exits; it
// fails the test if Envoy does not exit on its own.
func runEnvoyExpectingFailure(t *testing.T, work, yaml string) string {
	t.Helper()
	cfg := filepath.Join(work, "bad.yaml")
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(cacheDir, "bin", "envoy"), "-c", cfg, "--base-id", "29069", "--concurrency", "1", "-l", "info")
	cmd.Env = append(os.Environ(), "ENVOY_DYNAMIC_MODULES_SEARCH_PATH="+moduleDir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("Envoy exited cleanly with a config it should refuse:\n%s", out.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("Envoy kept running with a config it should refuse:\n%s", out.String())
	}
	return out.String()
}
