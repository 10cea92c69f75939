package e2e

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gocql/gocql"

	"github.com/cqlmirror/cqlmirror/internal/envoyconf"
)

// The local stack's fixed addresses, as documented in the README.
const (
	sourceHost = "127.0.0.2"
	targetHost = "127.0.0.3"
	cqlPort    = 9042
	proxyAddr  = "127.0.0.1:29042" // envoy-static.yaml, wait mode
	noWaitAddr = "127.0.0.1:29043" // test listener, wait: false
	smallAddr  = "127.0.0.1:29044" // test listener, max_frame_bytes: 65536
	fnAddr     = "127.0.0.1:29046" // test listener, deterministic_functions: true
	peerA      = "127.0.0.7"       // with peerB: two proxies on :29042 that list each other as peers
	peerB      = "127.0.0.6"
)

// Metrics and read reports.
const (
	obsAddr  = "127.0.0.1:29060" // test listener for metric and stat deltas (stat_prefix obs)
	readAddr = "127.0.0.1:29061" // test listener, read_report at sample_rate 1 (stat_prefix rr)
	// mainMetrics is envoy-static.yaml's metrics_address (the default); extraMetrics the extra Envoy's.
	mainMetrics  = "127.0.0.1:9464"
	extraMetrics = "127.0.0.1:9465"
)

var (
	repoRoot = func() string {
		_, file, _, _ := runtime.Caller(0)
		return filepath.Dir(filepath.Dir(file))
	}()
	cacheDir = func() string {
		if d := os.Getenv("CQLMIRROR_CACHE"); d != "" {
			return d
		}
		return filepath.Join(repoRoot, ".cache")
	}()
)

func TestMain(m *testing.M) {
	if os.Getenv("CQLMIRROR_E2E") != "1" {
		fmt.Println("e2e: skipped; set CQLMIRROR_E2E=1 (make test does) after `make testbed`")
		os.Exit(0)
	}
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	work, err := os.MkdirTemp("", "cqlmirror-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(work)
	if err := testbed("up.sh"); err != nil {
		return 0, err
	}
	defer testbed("down.sh")
	module := filepath.Join(work, "modules")
	workDir, moduleDir = work, module
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", filepath.Join(module, "libcqlmirror.so"), "./filter/dynmod")
	build.Dir, build.Stdout, build.Stderr = repoRoot, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return 0, fmt.Errorf("build the module: %w", err)
	}
	main, err := startEnvoy(work, "main", filepath.Join(repoRoot, "envoy-static.yaml"), module, 29901)
	if err != nil {
		return 0, err
	}
	defer main.stop()
	cfg := filepath.Join(work, "extra.yaml")
	if err := os.WriteFile(cfg, []byte(extraBootstrap()), 0o644); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(authPasswordFile), 0o755); err != nil {
		return 0, err
	}
	if err := os.WriteFile(authPasswordFile, []byte("target-secret\n"), 0o600); err != nil {
		return 0, err
	}
	extra, err := startEnvoy(work, "extra", cfg, module, 29902)
	if err != nil {
		return 0, err
	}
	defer extra.stop()
	envoys = []*envoy{main, extra}
	return m.Run(), nil
}

var envoys []*envoy

// workDir is the suite's scratch directory; moduleDir holds the libcqlmirror.so it built.
var workDir, moduleDir string

// extraBootstrap is the second Envoy's config: listeners for cases envoy-static.yaml does not cover.
func extraBootstrap() string {
	// Every config in one Envoy process names the same metrics_address.
	both := func(prefix string, more map[string]any) map[string]any {
		c := map[string]any{"stat_prefix": prefix, "source": map[string]any{"address": "127.0.0.2:9042"}, "target": map[string]any{"address": "127.0.0.3:9042"},
			"metrics_address": extraMetrics}
		for k, v := range more {
			c[k] = v
		}
		return c
	}
	return envoyconf.Bootstrap(29902, "", "",
		envoyconf.Listener{Name: "nowait", Port: 29043, Config: both("nowait", map[string]any{"wait": false})},
		envoyconf.Listener{Name: "small", Port: 29044, Config: both("small", map[string]any{"max_frame_bytes": 65536})},
		envoyconf.Listener{Name: "functions", Port: 29046, Config: both("functions", map[string]any{"deterministic_functions": true})},
		envoyconf.Listener{Name: "strict", Port: 29070, Config: both("strict", map[string]any{"failure_policy": "strict"})},
		envoyconf.Listener{Name: "deadline", Port: 29071, Config: both("deadline", map[string]any{"request_timeout": "2s", "health_check": map[string]any{"timeout": "2s"}})},
		envoyconf.Listener{Name: "obs", Port: 29060, Config: both("obs", nil)},
		envoyconf.Listener{Name: "read-report", Port: 29061, Config: both("rr", map[string]any{"read_report": map[string]any{"sample_rate": 1.0, "max_differences": 10}})},
		// Two proxies that know each other, as two Envoys in front of one migration would.
		envoyconf.Listener{Name: "peer-a", Address: peerA, Port: 29042, Config: both("peer_a", map[string]any{"peers": []string{peerB + ":29042"}})},
		envoyconf.Listener{Name: "peer-b", Address: peerB, Port: 29042, Config: both("peer_b", map[string]any{"peers": []string{peerA + ":29042"}})},
		// The Grafana dashboard's read-report panels (prometheus_test.go).
		envoyconf.Listener{Name: "dashboard", Port: 29080, Config: both("dashboard", map[string]any{"read_report": map[string]any{"sample_rate": 1.0}})},
		envoyconf.Listener{Name: "auth-target-only", Port: 29047, Config: map[string]any{
			"stat_prefix":     "auth_target_only",
			"metrics_address": extraMetrics,
			"source":          map[string]any{"address": "127.0.0.2:9042"},
			"target": map[string]any{"address": authTargetHost + ":9042",
				"credentials": map[string]any{"username": "cassandra", "password_file": authPasswordFile}},
		}},
		envoyconf.Listener{Name: "auth", Port: 29045, Config: map[string]any{
			"stat_prefix":     "auth",
			"metrics_address": extraMetrics,
			"source":          map[string]any{"address": authSourceHost + ":9042"},
			"target": map[string]any{"address": authTargetHost + ":9042",
				"credentials": map[string]any{"username": "cassandra", "password_file": authPasswordFile}},
		}},
	)
}

func testbed(script string, args ...string) error {
	cmd := exec.Command(filepath.Join(repoRoot, "e2e", "testbed", script), args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("e2e/testbed/%s %s: %w", script, strings.Join(args, " "), err)
	}
	return nil
}

type envoy struct {
	name  string
	cmd   *exec.Cmd
	log   string
	admin int
	// How it was started, for restart.
	work, config, modules string
	args                  []string
}

// startEnvoy starts Envoy on config with --base-id admin; args are added to its command line
// (e.g. "--drain-time-s", "2").
func startEnvoy(work, name, config, modules string, admin int, args ...string) (*envoy, error) {
	bin := filepath.Join(cacheDir, "bin", "envoy")
	logs := filepath.Join(cacheDir, "e2e-logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return nil, err
	}
	e := &envoy{name: name, log: filepath.Join(logs, "envoy-"+name+".log"), admin: admin, work: work, config: config, modules: modules, args: args}
	os.Remove(e.log)
	e.cmd = exec.Command(bin, append([]string{"-c", config, "--base-id", fmt.Sprint(admin), "--concurrency", "2", "-l", "info", "--log-path", e.log, "--file-flush-interval-msec", "100"}, args...)...)
	e.cmd.Env = append(os.Environ(), "ENVOY_DYNAMIC_MODULES_SEARCH_PATH="+modules)
	if err := e.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start envoy %s: %w", name, err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/ready", admin)); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return e, nil
			}
		}
		if time.Now().After(deadline) || e.cmd.ProcessState != nil {
			e.stop()
			return nil, fmt.Errorf("envoy %s did not become ready; log:\n%s", name, e.tail())
		}
	}
}

func (e *envoy) alive() bool {
	return e.cmd.Process.Signal(syscall.Signal(0)) == nil
}

func (e *envoy) stop() {
	e.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { e.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		e.cmd.Process.Kill()
	}
}

func (e *envoy) tail() string {
	b, _ := os.ReadFile(e.log)
	if len(b) > 6000 {
		b = b[len(b)-6000:]
	}
	return string(b)
}

// checkEnvoys fails the test if an Envoy died, with its log.
func checkEnvoys(t *testing.T) {
	t.Helper()
	for _, e := range envoys {
		if !e.alive() {
			t.Fatalf("envoy %s is not running; log:\n%s", e.name, e.tail())
		}
	}
}

// connect opens a gocql session to addr. Through the proxy, the proxy is the only contact point;
// directly, it is one cluster. tune adjusts the config (timestamps, compression, credentials).
func connect(t *testing.T, addr string, tune ...func(*gocql.ClusterConfig)) (*gocql.Session, error) {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	c := gocql.NewCluster(host)
	fmt.Sscan(port, &c.Port)
	c.ProtoVersion = 4
	c.Consistency = gocql.One
	c.Timeout = 15 * time.Second
	c.ConnectTimeout = 10 * time.Second
	for _, f := range tune {
		f(c)
	}
	s, err := c.CreateSession()
	if err == nil {
		t.Cleanup(s.Close)
	}
	return s, err
}

// session is connect that fails the test when it cannot connect.
func session(t *testing.T, addr string, tune ...func(*gocql.ClusterConfig)) *gocql.Session {
	t.Helper()
	s, err := connect(t, addr, tune...)
	if err != nil {
		checkEnvoys(t)
		t.Fatalf("connect to %s: %v", addr, err)
	}
	return s
}

func sourceAddr() string { return net.JoinHostPort(sourceHost, fmt.Sprint(cqlPort)) }
func targetAddr() string { return net.JoinHostPort(targetHost, fmt.Sprint(cqlPort)) }

// createKeyspace makes a fresh keyspace through addr (the proxy).
func createKeyspace(t *testing.T, s *gocql.Session, ks string) {
	t.Helper()
	exec := func(q string) {
		if err := s.Query(q).Exec(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("DROP KEYSPACE IF EXISTS " + ks)
	exec("CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
	exec("CREATE TABLE " + ks + ".kv (k int PRIMARY KEY, v text)")
}

// python runs a script from e2e/python with the test bed's interpreter and returns its stdout.
func python(t *testing.T, args ...string) string {
	t.Helper()
	return runTool(t, filepath.Join(cacheDir, "venv", "bin", "python"), args...)
}

func runTool(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = repoRoot
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		checkEnvoys(t)
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(bin), strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}
