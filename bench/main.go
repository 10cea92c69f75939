// Command bench measures what cqlmirror costs next to Envoy's own tcp_proxy and a direct
// connection: throughput, latency and Envoy CPU per request, against two in-process CQL
// responders that answer at once, so the numbers are the proxies' and not Cassandra's. It prints
// a Markdown report; `make bench` writes it to docs/BENCHMARKS.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/journal"
	"github.com/cqlmirror/cqlmirror/internal/envoyconf"
)

func main() {
	envoyBin := flag.String("envoy", ".cache/bin/envoy", "Envoy binary")
	modules := flag.String("modules", "build", "directory holding libcqlmirror.so")
	duration := flag.Duration("duration", 5*time.Second, "length of each measurement")
	conns := flag.String("conns", "1,8", "client connection counts to measure")
	journalDir := flag.String("journal-dir", ".cache", "where the journal's sync policies are measured: put it on the disk failed_writes_file will use")
	flag.Parse()

	source, target := startResponder(), startResponder()
	work, err := os.MkdirTemp("", "cqlmirror-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	cfg := filepath.Join(work, "envoy.yaml")
	if err := os.WriteFile(cfg, []byte(envoyConfig(source, target)), 0o644); err != nil {
		log.Fatal(err)
	}
	envoy := exec.Command(*envoyBin, "-c", cfg, "--concurrency", "2", "--base-id", "77", "-l", "warning")
	envoy.Env = append(os.Environ(), "ENVOY_DYNAMIC_MODULES_SEARCH_PATH="+*modules)
	envoy.Stderr = os.Stderr
	if err := envoy.Start(); err != nil {
		log.Fatal(err)
	}
	defer envoy.Process.Kill()
	waitReady()

	targets := []struct{ name, addr string }{
		{"direct", source},
		{"tcp_proxy", "127.0.0.1:39101"},
		{"cqlmirror", "127.0.0.1:39102"},
	}
	var results []result
	for _, n := range strings.Split(*conns, ",") {
		var c int
		fmt.Sscan(n, &c)
		for _, op := range []string{"read", "write"} {
			for _, tg := range targets {
				r := measure(tg.name, tg.addr, op, c, *duration, envoy.Process.Pid)
				log.Printf("%-9s %-5s conns=%d: %.0f ops/s p50 %v p99 %v envoy %.1f µs/op", r.target, r.op, r.conns, r.opsPerSec, r.p50, r.p99, r.cpuPerOp)
				results = append(results, r)
			}
		}
	}
	version, _ := exec.Command(*envoyBin, "--version").Output()
	v := strings.TrimSpace(string(version))
	if i := strings.Index(v, "version: "); i >= 0 {
		v = v[i+len("version: "):]
	}
	report(os.Stdout, results, *duration, v)

	jdir := filepath.Join(*journalDir, fmt.Sprintf("cqlmirror-bench-journal-%d", os.Getpid()))
	if err := os.MkdirAll(jdir, 0o700); err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(jdir)
	var jr []journalResult
	for _, policy := range []string{journal.SyncPeriodic, journal.SyncBatch} {
		for _, n := range []int{1, 16} {
			r := measureJournal(jdir, policy, n, *duration/2)
			log.Printf("journal %-8s writers=%d: %.0f records/s p50 %v p99 %v", r.sync, r.writers, r.perSec, r.p50, r.p99)
			jr = append(jr, r)
		}
	}
	reportJournal(os.Stdout, *journalDir, jr, *duration/2)
}

type result struct {
	target, op string
	conns      int
	opsPerSec  float64
	p50, p99   time.Duration
	cpuPerOp   float64 // Envoy process CPU µs per request; 0 for direct
}

func measure(name, addr, op string, conns int, d time.Duration, envoyPid int) result {
	stmt := "SELECT v FROM ks.t WHERE k = 1"
	if op == "write" {
		stmt = "INSERT INTO ks.t (k, v) VALUES (1, 'x')"
	}
	var ops atomic.Int64
	lat := make([][]time.Duration, conns)
	var wg sync.WaitGroup
	start := make(chan struct{})
	stop := make(chan struct{})
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		defer c.Close()
		roundTrip(c, frame(0, 0x01, startupBody()))
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			q := frame(1, 0x07, queryBody(stmt))
			<-start
			for {
				select {
				case <-stop:
					return
				default:
				}
				t0 := time.Now()
				roundTrip(c, q)
				lat[i] = append(lat[i], time.Since(t0))
				ops.Add(1)
			}
		}(i)
	}
	cpu0 := cpuTime(envoyPid)
	t0 := time.Now()
	close(start)
	time.Sleep(d)
	close(stop)
	wg.Wait()
	elapsed := time.Since(t0)
	cpu := cpuTime(envoyPid) - cpu0
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(a, b int) bool { return all[a] < all[b] })
	r := result{target: name, op: op, conns: conns, opsPerSec: float64(ops.Load()) / elapsed.Seconds()}
	if len(all) > 0 {
		r.p50, r.p99 = all[len(all)/2], all[len(all)*99/100]
	}
	if name != "direct" && ops.Load() > 0 {
		r.cpuPerOp = float64(cpu.Microseconds()) / float64(ops.Load())
	}
	return r
}

// cpuTime reads a process's user+system CPU time from /proc.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ
}

func waitReady() {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get("http://127.0.0.1:39100/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
	}
	log.Fatal("envoy did not become ready")
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func report(w io.Writer, rs []result, d time.Duration, envoyVersion string) {
	fmt.Fprintf(w, `# Benchmarks

Written by `+"`make bench`"+` (`+"`go run ./bench -duration %s`"+`) on %s UTC: %d CPUs (%s), %s, Envoy %s.
The machine is shared and noisy: compare the ratios within one run, not absolute numbers across runs.

What runs: one Envoy (`+"`--concurrency 2`"+`) with two listeners, Envoy's own `+"`tcp_proxy`"+` to a source
responder, and cqlmirror (the dynamic module) to a source and a target responder. The responders are
in-process CQL servers that answer at once, so the numbers are the proxies' own cost. Each client
connection does STARTUP, then sends one QUERY at a time (closed loop): a SELECT ("read", source
only through cqlmirror) or an INSERT ("write", both clusters, wait mode). "Envoy CPU" is the Envoy
process's user+system time (the Go module included) divided by requests served.

`, d, time.Now().UTC().Format("2006-01-02 15:04"), runtime.NumCPU(), cpuModel(), runtime.Version(), envoyVersion)
	fmt.Fprintf(w, "| conns | op | path | ops/s | vs tcp_proxy | p50 | p99 | Envoy CPU µs/op | vs tcp_proxy |\n")
	fmt.Fprintf(w, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	base := map[string]result{}
	for _, r := range rs {
		if r.target == "tcp_proxy" {
			base[fmt.Sprint(r.conns, r.op)] = r
		}
	}
	for _, r := range rs {
		b := base[fmt.Sprint(r.conns, r.op)]
		cpu, cpuRatio := "–", "–"
		if r.target != "direct" {
			cpu = fmt.Sprintf("%.1f", r.cpuPerOp)
			cpuRatio = fmt.Sprintf("%.2f×", r.cpuPerOp/b.cpuPerOp)
		}
		fmt.Fprintf(w, "| %d | %s | %s | %.0f | %.2f× | %v | %v | %s | %s |\n", r.conns, r.op, r.target, r.opsPerSec,
			r.opsPerSec/b.opsPerSec, r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond), cpu, cpuRatio)
	}
}

func envoyConfig(source, target string) string {
	host, port, _ := net.SplitHostPort(source)
	cluster := fmt.Sprintf(`  - name: source
    type: STATIC
    load_assignment:
      cluster_name: source
      endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: %s, port_value: %s}}}}]}]
`, host, port)
	tcp := `  - name: tcp
    address: {socket_address: {address: 127.0.0.1, port_value: 39101}}
    filter_chains: [{filters: [{name: envoy.filters.network.tcp_proxy, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: tcp, cluster: source}}]}]
`
	return envoyconf.Bootstrap(39100, cluster, tcp, envoyconf.Listener{Name: "mirror", Port: 39102, Config: map[string]any{
		"stat_prefix": "bench", "source": map[string]any{"address": source}, "target": map[string]any{"address": target},
		// Any free port: the benchmark must not collide with another Envoy's metrics endpoint.
		"metrics_address": "127.0.0.1:0",
	}})
}
