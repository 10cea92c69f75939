// Command bench measures what cqlmirror costs next to Envoy's own tcp_proxy and a direct
// connection: throughput, latency and Envoy CPU per request, against two in-process CQL
// responders that answer at once, so the numbers are the proxies' and not Cassandra's. It prints
// a Markdown report; `make bench` writes it to docs/BENCHMARKS.md.
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/journal"
	"github.com/cqlmirror/cqlmirror/internal/envoyconf"
)

// The paths a request can take: straight to the source responder, or through one of Envoy's
// listeners (see envoyConfig).
var paths = []struct{ name, addr string }{
	{"direct", ""},
	{"tcp_proxy", "127.0.0.1:39101"},
	{"cqlmirror", "127.0.0.1:39102"},
	{"cqlmirror-nowait", "127.0.0.1:39103"},
	{"cqlmirror-via-envoy", "127.0.0.1:39104"},
}

// skipped: the path whose target is an Envoy-owned upstream (a loopback listener's
// tcp_proxy) runs v4 writes only, to price that extra hop against "cqlmirror".
func skipped(path string, p protocol, op string) bool {
	return path == "cqlmirror-via-envoy" && (p.name != "v4" || op != "write")
}

func main() {
	envoyBin := flag.String("envoy", ".cache/bin/envoy", "Envoy binary")
	envoyCPUs := flag.String("envoy-cpus", "", "taskset -c list to pin Envoy to (empty: not pinned)")
	modules := flag.String("modules", "build", "directory holding libcqlmirror.so")
	duration := flag.Duration("duration", 5*time.Second, "length of each measurement")
	warmup := flag.Duration("warmup", 500*time.Millisecond, "load offered before each measurement starts")
	reps := flag.Int("reps", 1, "runs of each cell, interleaved with the other paths of its shape, protocol and statement; the table gives each figure's median")
	only := flag.String("only", "", "measure only the cells whose name (shape/protocol/op/path) matches this regexp")
	rate := flag.Float64("rate", 0, "the fixed shape's total requests a second (default: half of shallow/v4/write/cqlmirror)")
	perfCell := flag.String("perf", "", "after the table, run this cell (shape/protocol/op/path) again under perf record -g on Envoy")
	perfDuration := flag.Duration("perf-duration", 20*time.Second, "how long the -perf cell runs")
	perfDir := flag.String("perf-dir", "build", "where -perf writes perf-<cell>.data, .txt (flat) and -graph.txt")
	journalDir := flag.String("journal-dir", ".cache", "where the journal's sync policies are measured: put it on the disk failed_writes_file will use")
	flag.Parse()
	filter, err := regexp.Compile(*only)
	if err != nil {
		log.Fatal(err)
	}

	source, target := startResponder(), startResponder()
	paths[0].addr = source
	work, err := os.MkdirTemp("", "cqlmirror-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	cfg := filepath.Join(work, "envoy.yaml")
	if err := os.WriteFile(cfg, []byte(envoyConfig(source, target, work)), 0o644); err != nil {
		log.Fatal(err)
	}
	args := []string{*envoyBin, "-c", cfg, "--concurrency", "1", "--base-id", "77", "-l", "warning"}
	if *envoyCPUs != "" {
		args = append([]string{"taskset", "-c", *envoyCPUs}, args...)
	}
	envoy := exec.Command(args[0], args[1:]...)
	envoy.Env = append(os.Environ(), "ENVOY_DYNAMIC_MODULES_SEARCH_PATH="+*modules)
	envoy.Stderr = os.Stderr
	envoy.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // log.Fatal skips defers
	if err := envoy.Start(); err != nil {
		log.Fatal(err)
	}
	defer envoy.Wait()
	defer envoy.Process.Kill()
	waitReady()
	pid := envoy.Process.Pid

	shapes := []shape{
		{name: "shallow", conns: 64, inflight: 1},
		{name: "deep", conns: 8, inflight: 64},
		{name: "fixed", conns: 64, inflight: 1},
	}
	if *reps < 1 {
		log.Fatalf("-reps %d: want at least 1", *reps)
	}
	var cells []cell
	plan := func(sh shape, p protocol, op string) {
		runs := map[string][]cell{}
		for range *reps {
			for _, pt := range paths {
				c := cell{shape: sh, proto: p, op: op, path: pt.name}
				if !filter.MatchString(c.name()) || skipped(pt.name, p, op) {
					continue
				}
				envoyPid := pid
				if c.path == "direct" {
					envoyPid = 0
				}
				c = measure(c, pt.addr, *warmup, *duration, envoyPid, nil)
				log.Print(c)
				runs[pt.name] = append(runs[pt.name], c)
			}
		}
		for _, pt := range paths {
			if rs := runs[pt.name]; len(rs) > 0 {
				cells = append(cells, median(rs))
			}
		}
	}
	for _, sh := range shapes {
		if sh.name == "fixed" {
			sh.rate = *rate
			if sh.rate == 0 {
				c, ok := find(cells, "shallow", "v4", "write", "cqlmirror")
				if !ok {
					log.Fatal("the fixed shape needs -rate, or shallow/v4/write/cqlmirror measured first")
				}
				sh.rate = math.Round(c.perSec/2/100) * 100
			}
		}
		for _, p := range protocols {
			plan(sh, p, "write")
		}
	}
	for _, p := range protocols[:1] {
		plan(shapes[0], p, "read")
	}

	version, _ := exec.Command(*envoyBin, "--version").Output()
	v := strings.TrimSpace(string(version))
	if i := strings.Index(v, "version: "); i >= 0 {
		v = v[i+len("version: "):]
	}
	report(os.Stdout, cells, reportInfo{
		command: commandLine(), duration: *duration, warmup: *warmup, reps: *reps, envoyVersion: v,
		benchCPUs: cpusAllowed(os.Getpid()), envoyCPUs: cpusAllowed(pid),
	})

	if *perfCell != "" {
		profile(*perfCell, cells, *perfDir, *warmup, *perfDuration, pid)
	}

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

// median is one cell whose figures are each the median of the runs' (the middle run's, or for an
// even count the lower middle's), each figure on its own.
func median(runs []cell) cell {
	c := runs[0]
	pick := func(get func(cell) float64) float64 {
		vs := make([]float64, len(runs))
		for i, r := range runs {
			vs[i] = get(r)
		}
		sort.Float64s(vs)
		return vs[(len(vs)-1)/2]
	}
	c.ops = int(pick(func(r cell) float64 { return float64(r.ops) }))
	c.errors = int(pick(func(r cell) float64 { return float64(r.errors) }))
	c.perSec = pick(func(r cell) float64 { return r.perSec })
	c.p50 = time.Duration(pick(func(r cell) float64 { return float64(r.p50) }))
	c.p99 = time.Duration(pick(func(r cell) float64 { return float64(r.p99) }))
	c.cpuPerOp = pick(func(r cell) float64 { return r.cpuPerOp })
	return c
}

func find(cells []cell, sh, proto, op, path string) (cell, bool) {
	for _, c := range cells {
		if c.shape.name == sh && c.proto.name == proto && c.op == op && c.path == path {
			return c, true
		}
	}
	return cell{}, false
}

// profile runs the named cell (measured before, for its shape) once more while perf records
// Envoy's stacks, and writes perf's report next to the data.
func profile(name string, cells []cell, dir string, warm, d time.Duration, pid int) {
	var c cell
	for _, m := range cells {
		if m.name() == name {
			c = m
		}
	}
	if c.path == "" || c.path == "direct" {
		log.Fatalf("-perf %s: not an Envoy cell measured in this run", name)
	}
	addr := ""
	for _, pt := range paths {
		if pt.name == c.path {
			addr = pt.addr
		}
	}
	base := filepath.Join(dir, "perf-"+strings.ReplaceAll(name, "/", "-"))
	during := func(d time.Duration) {
		out, err := exec.Command("perf", "record", "-g", "-o", base+".data", "-p", fmt.Sprint(pid), "--", "sleep", fmt.Sprint(d.Seconds()-1)).CombinedOutput()
		if err != nil {
			log.Printf("perf record: %v: %s", err, out)
		}
	}
	c = measure(c, addr, warm, d, pid, during)
	log.Printf("under perf: %v", c)
	header := fmt.Sprintf("# %s for %v under perf record -g -p <envoy>: %v\n", name, d, c)
	for file, graph := range map[string]string{".txt": "none", "-graph.txt": "caller"} {
		out, err := exec.Command("sh", "-c", fmt.Sprintf("perf report -i %s.data --stdio --no-children -g %s 2>&1 | head -400", base, graph)).Output()
		if err != nil {
			log.Printf("perf report: %v", err)
		}
		if err := os.WriteFile(base+file, append([]byte(header), out...), 0o644); err != nil {
			log.Print(err)
		}
	}
	log.Printf("perf report in %s.txt (flat) and %s-graph.txt", base, base)
}

// commandLine is how the report says it was run: the flags that were set, less local paths.
func commandLine() string {
	s := "bench"
	flag.Visit(func(f *flag.Flag) {
		if f.Name != "envoy" && f.Name != "modules" && f.Name != "journal-dir" && f.Name != "perf-dir" {
			s += fmt.Sprintf(" -%s %s", f.Name, f.Value)
		}
	})
	return s
}

// cpusAllowed is the CPU list a process may run on, from /proc.
func cpusAllowed(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
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

func envoyConfig(source, target, work string) string {
	cluster := func(name, addr string) string {
		host, port, _ := net.SplitHostPort(addr)
		return fmt.Sprintf(`  - name: %s
    type: STATIC
    load_assignment:
      cluster_name: %[1]s
      endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: %s, port_value: %s}}}}]}]
`, name, host, port)
	}
	relay := func(name string, port int, cluster string) string {
		return fmt.Sprintf(`  - name: %s
    address: {socket_address: {address: 127.0.0.1, port_value: %d}}
    filter_chains: [{filters: [{name: envoy.filters.network.tcp_proxy, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: %[1]s, cluster: %[3]s}}]}]
`, name, port, cluster)
	}
	mirror := func(name string, port int, wait bool, target map[string]any) envoyconf.Listener {
		return envoyconf.Listener{Name: name, Port: port, Config: map[string]any{
			"stat_prefix": name, "source": map[string]any{"address": source}, "target": target,
			"wait": wait, "failed_writes_file": filepath.Join(work, name+"-failed-writes.jsonl"),
			// Any free port: the benchmark must not collide with another Envoy's metrics endpoint.
			"metrics_address": "127.0.0.1:0",
		}}
	}
	direct := map[string]any{"address": target}
	// The target as an Envoy-owned upstream: a loopback listener whose tcp_proxy forwards to an
	// Envoy cluster, as the control plane's via_envoy generates it.
	viaEnvoy := map[string]any{"address": "127.0.0.1:39105", "discovery": "contact_points_only"}
	return envoyconf.Bootstrap(39100, cluster("source", source)+cluster("target", target),
		relay("tcp", 39101, "source")+relay("target_loop", 39105, "target"),
		mirror("bench", 39102, true, direct), mirror("bench_nowait", 39103, false, direct), mirror("bench_via_envoy", 39104, true, viaEnvoy))
}
