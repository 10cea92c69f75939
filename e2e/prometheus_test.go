package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gocql/gocql"
)

const (
	dashboardAddr  = "127.0.0.1:29080" // test listener in the extra Envoy, read_report at sample_rate 1
	prometheusAddr = "127.0.0.1:29090"
)

// The committed Grafana dashboard works, without Grafana: a real Prometheus (Debian's package)
// scrapes the suite's Envoys, a workload gives every panel something to show, and every PromQL
// expression in the dashboard JSON then returns data through Prometheus's HTTP API.
func TestDashboardQueriesReturnData(t *testing.T) {
	queries := readDashboard(t).queries()
	if len(queries) == 0 {
		t.Fatalf("%s has no queries", dashboardFile)
	}
	prom := startPrometheus(t)

	const ks = "e2e_dashboard"
	setup := session(t, proxyAddr)
	createKeyspace(t, setup, ks)
	if err := setup.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (0, 'on both')").Exec(); err != nil {
		t.Fatal(err)
	}
	// Writes to a table only the source has are target failures, and different results.
	src := session(t, sourceAddr())
	if err := src.Query("CREATE TABLE " + ks + ".source_only (k int PRIMARY KEY, v text)").Exec(); err != nil {
		t.Fatal(err)
	}
	// A row the target holds differently: every sampled read of it is a read-report mismatch.
	tgt := session(t, targetAddr())
	if err := tgt.Query("UPDATE " + ks + ".kv SET v = 'changed on the target' WHERE k = 0").Exec(); err != nil {
		t.Fatal(err)
	}

	// Rates need two samples of a series that moved in between, and some series (read reports
	// per table) only appear with their first event: so the workload runs once, Prometheus scrapes,
	// and it runs again. Sessions stay open, so the connection gauges have something to show; each
	// round opens new ones, so Envoy's listener counters move too.
	round := func(n int) {
		proxy := session(t, proxyAddr)
		for i := range 5 {
			if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 100*n+i+1, "mirrored").Exec(); err != nil {
				t.Fatalf("write through the proxy: %v", err)
			}
		}
		// An unprepared statement in a batch: the source takes it, the target refuses it.
		b := proxy.NewBatch(gocql.UnloggedBatch)
		b.Query(fmt.Sprintf("INSERT INTO %s.source_only (k, v) VALUES (%d, 'source only')", ks, n))
		if err := proxy.ExecuteBatch(b); err != nil {
			t.Fatalf("a write only the source can take (failure_policy source-decides): %v", err)
		}
		var v string
		if err := session(t, dashboardAddr).Query("SELECT v FROM "+ks+".kv WHERE k = ?", 0).Scan(&v); err != nil {
			t.Fatalf("read through %s: %v", dashboardAddr, err)
		}
		if v != "on both" {
			t.Fatalf("read through %s got %q, want the source's row", dashboardAddr, v)
		}
	}
	round(1)
	prom.waitScrapes(t, time.Now())
	round(2)
	prom.waitScrapes(t, time.Now())

	// Read reports are compared off the request path; Prometheus gets them a scrape or two later.
	var missing []string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Second) {
		missing = missing[:0]
		for _, q := range queries {
			res := prom.query(t, q.Expr)
			if zeroIsHealthy[q.Panel] && len(res.Data.Result) > 0 {
				continue
			}
			if !res.positive() {
				missing = append(missing, fmt.Sprintf("panel %q, query %s: %s\n  result: %s", q.Panel, q.RefID, q.Expr, res))
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d dashboard queries show nothing after the workload (no series with a value above 0):\n%s",
			len(missing), len(queries), strings.Join(missing, "\n"))
	}
	t.Logf("%d dashboard queries evaluated, %d with data", len(queries), len(queries)-len(missing))
}

// zeroIsHealthy names the panels whose healthy value is 0: their queries need a series, not a
// value above 0.
var zeroIsHealthy = map[string]bool{"Recovered panics": true}

// prometheus is a Prometheus server the test started.
type prometheus struct {
	cmd  *exec.Cmd
	log  string
	jobs int
}

// startPrometheus runs Debian's Prometheus with a 1s scrape interval on the suite's metrics
// endpoints: the main Envoy's filter (envoy.yaml, default metrics_address) and admin, and the extra
// Envoy's filter (the read-report listener).
func startPrometheus(t *testing.T) *prometheus {
	t.Helper()
	bin := promBin(t, "prometheus")
	dir := t.TempDir()
	cfg := fmt.Sprintf(`global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: cqlmirror
    static_configs: [{targets: [%q, %q]}]
  - job_name: envoy
    metrics_path: /stats/prometheus
    static_configs: [{targets: ["127.0.0.1:29901"]}]
`, mainMetrics, extraMetrics)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	p := &prometheus{log: filepath.Join(cacheDir, "e2e-logs", "prometheus.log"), jobs: 3}
	logf, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	p.cmd = exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"), "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+prometheusAddr)
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if resp, err := http.Get("http://" + prometheusAddr + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			p.stop()
			b, _ := os.ReadFile(p.log)
			t.Fatalf("prometheus did not become ready on %s; log:\n%s", prometheusAddr, b)
		}
	}
}

func (p *prometheus) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// waitScrapes waits until Prometheus has scraped every target successfully after since.
func (p *prometheus) waitScrapes(t *testing.T, since time.Time) {
	t.Helper()
	var res promResult
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		res = p.query(t, "timestamp(up == 1)")
		fresh := 0
		for _, s := range res.Data.Result {
			if ts, err := strconv.ParseFloat(s.value(), 64); err == nil && ts > float64(since.UnixMilli())/1000 {
				fresh++
			}
		}
		if fresh == p.jobs {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus did not scrape all %d targets successfully; up: %s\n(each Envoy serves its filter metrics on its metrics_address)", p.jobs, p.query(t, "up"))
		}
	}
}

// promResult is an instant query's answer from /api/v1/query.
type promResult struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Data   struct {
		ResultType string       `json:"resultType"`
		Result     []promSample `json:"result"`
	} `json:"data"`
}

type promSample struct {
	Metric map[string]string `json:"metric"`
	Value  []any             `json:"value"` // [unix time, "value"]
}

func (s promSample) value() string {
	if len(s.Value) != 2 {
		return ""
	}
	v, _ := s.Value[1].(string)
	return v
}

func (r promResult) String() string {
	b, _ := json.Marshal(r.Data.Result)
	if r.Status != "success" {
		return r.Status + ": " + r.Error
	}
	return string(b)
}

// positive reports whether some series has a finite value above 0: the panel shows something.
func (r promResult) positive() bool {
	for _, s := range r.Data.Result {
		if v, err := strconv.ParseFloat(s.value(), 64); err == nil && v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
			return true
		}
	}
	return false
}

func (p *prometheus) query(t *testing.T, expr string) promResult {
	t.Helper()
	resp, err := http.Get("http://" + prometheusAddr + "/api/v1/query?" + url.Values{"query": {expr}}.Encode())
	if err != nil {
		t.Fatalf("query %s: %v", expr, err)
	}
	defer resp.Body.Close()
	var r promResult
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("query %s: HTTP %d: %v", expr, resp.StatusCode, err)
	}
	if r.Status != "success" || r.Data.ResultType != "vector" {
		t.Fatalf("query %s: %s (result type %q)", expr, r, r.Data.ResultType)
	}
	return r
}
