package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gocql/gocql"
	"gopkg.in/yaml.v3"
)

// controlPlane runs the control plane binary on a config file the test edits.
type controlPlane struct {
	bin, config, logFile string
	cmd                  *exec.Cmd
	changedAt            time.Time
	applyTimes           []time.Duration
	logOffset            int
}

var buildControlPlane = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(workDir, "controlplane")
	cmd := exec.Command("go", "build", "-o", bin, "./controlplane")
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./controlplane: %v\n%s", err, out)
	}
	return bin, nil
})

func startControlPlane(t *testing.T, dir string, cfg map[string]any) *controlPlane {
	t.Helper()
	bin, err := buildControlPlane()
	if err != nil {
		t.Fatal(err)
	}
	logs := filepath.Join(cacheDir, "e2e-logs")
	cp := &controlPlane{bin: bin, config: filepath.Join(dir, "controlplane.yaml"), logFile: filepath.Join(logs, "controlplane.log")}
	os.Remove(cp.logFile)
	cp.write(t, cfg)
	cp.start(t)
	t.Cleanup(func() {
		if cp.cmd != nil {
			cp.stop(t)
		}
	})
	return cp
}

func (cp *controlPlane) start(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(cp.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cp.cmd = exec.Command(cp.bin, "-config", cp.config, "-xds", cpXDS)
	cp.cmd.Stdout, cp.cmd.Stderr = f, f
	if err := cp.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", cpXDS); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the control plane does not listen on %s; log:\n%s", cpXDS, cp.logText())
		}
	}
}

func (cp *controlPlane) stop(t *testing.T) {
	cp.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cp.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cp.cmd.Process.Kill()
		<-done
		t.Error("the control plane ignored SIGTERM for 10s")
	}
	cp.cmd = nil
}

func (cp *controlPlane) logText() string {
	b, _ := os.ReadFile(cp.logFile)
	return string(b)
}

// waitLog waits for a new log line (since the last waitLog) holding every one of parts.
func (cp *controlPlane) waitLog(t *testing.T, parts ...string) string {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		text := cp.logText()
		for off := cp.logOffset; off < len(text); {
			end := strings.IndexByte(text[off:], '\n')
			if end < 0 {
				break
			}
			line := strings.ReplaceAll(text[off:off+end], `\"`, `"`) // slog quotes error values
			off += end + 1
			match := true
			for _, p := range parts {
				match = match && strings.Contains(line, p)
			}
			if match {
				cp.logOffset = off
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no control plane log line with %q; log:\n%s", parts, text[cp.logOffset:])
		}
	}
}

func (cp *controlPlane) run(args ...string) (string, error) {
	cmd := exec.Command(cp.bin, append([]string{args[0], "-config", cp.config}, args[1:]...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// set runs `controlplane set field=value...`, the documented way to retarget.
func (cp *controlPlane) set(t *testing.T, edits ...string) {
	t.Helper()
	cp.changedAt = time.Now()
	if out, err := cp.run(append([]string{"set"}, edits...)...); err != nil {
		t.Fatalf("controlplane set %s: %v\n%s", edits, err, out)
	}
}

func (cp *controlPlane) read(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(cp.config)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// write replaces the file at once (rename), as editors and config management do.
func (cp *controlPlane) write(t *testing.T, m map[string]any) {
	t.Helper()
	b, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	tmp := cp.config + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cp.changedAt = time.Now()
	if err := os.Rename(tmp, cp.config); err != nil {
		t.Fatal(err)
	}
}

func (cp *controlPlane) edit(t *testing.T, f func(map[string]any)) {
	t.Helper()
	m := cp.read(t)
	f(m)
	cp.write(t, m)
}

// versions are the listener's and the secrets' versions the control plane serves for the file as
// it is now.
func (cp *controlPlane) versions(t *testing.T) (listener, secrets string) {
	t.Helper()
	out, err := cp.run("render")
	if err != nil {
		t.Fatalf("controlplane render: %v\n%s", err, out)
	}
	var r struct {
		ListenerVersion string `json:"listener_version"`
		SecretVersion   string `json:"secret_version"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.ListenerVersion == "" {
		t.Fatalf("controlplane render: %v\n%s", err, out)
	}
	return r.ListenerVersion, r.SecretVersion
}

// waitApplied waits until Envoy has the file's current versions (the listener ACKed and not
// warming; with client TLS, the certificate's secret too) and returns when it saw them; the time
// since the file changed is recorded.
func (cp *controlPlane) waitApplied(t *testing.T, e *envoy, what string) time.Time {
	t.Helper()
	want, wantSecret := cp.versions(t)
	_, tls := cp.read(t)["listener"].(map[string]any)["tls"]
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		l := e.listener(t)
		if l.version == want && !l.warming && (!tls || l.secretVersion == wantSecret) {
			now := time.Now()
			if !cp.changedAt.IsZero() {
				cp.applyTimes = append(cp.applyTimes, now.Sub(cp.changedAt).Round(time.Millisecond))
			}
			return now
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: Envoy is at listener version %s, secret %s; want %s, %s; control plane log:\n%s\nEnvoy log:\n%s",
				what, l.version, l.secretVersion, want, wantSecret, cp.logText(), e.tail())
		}
	}
}

type listenerState struct {
	version, lastUpdated, secretVersion string
	warming                             bool
}

func (e *envoy) configDump(t *testing.T) string {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/config_dump", e.admin))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// listener reads the cqlmirror listener's state from /config_dump.
func (e *envoy) listener(t *testing.T) listenerState {
	t.Helper()
	var dump struct {
		Configs []struct {
			Type             string `json:"@type"`
			VersionInfo      string `json:"version_info"`
			DynamicListeners []struct {
				Name        string `json:"name"`
				ActiveState *struct {
					LastUpdated string `json:"last_updated"`
				} `json:"active_state"`
				WarmingState json.RawMessage `json:"warming_state"`
			} `json:"dynamic_listeners"`
			DynamicActiveSecrets []struct {
				Name        string `json:"name"`
				VersionInfo string `json:"version_info"`
			} `json:"dynamic_active_secrets"`
		} `json:"configs"`
	}
	if err := json.Unmarshal([]byte(e.configDump(t)), &dump); err != nil {
		t.Fatal(err)
	}
	var l listenerState
	for _, c := range dump.Configs {
		for _, sec := range c.DynamicActiveSecrets {
			if sec.Name == "cqlmirror-downstream-cert" {
				l.secretVersion = sec.VersionInfo
			}
		}
		if !strings.HasSuffix(c.Type, ".ListenersConfigDump") {
			continue
		}
		l.version = c.VersionInfo
		for _, d := range c.DynamicListeners {
			if d.Name == "cqlmirror" {
				l.warming = len(d.WarmingState) > 0
				if d.ActiveState != nil {
					l.lastUpdated = d.ActiveState.LastUpdated
				}
			}
		}
	}
	return l
}

// sessionWriter writes through the proxy on one connection after another (a gocql session with
// one connection, 20 writes each), so that connections keep being opened while a change lands.
type sessionWriter struct {
	sessions atomic.Int64
	mu       sync.Mutex
	writes   []written
	errs     []error
	opened   []time.Time
	quit     chan struct{}
	done     chan struct{}
}

type written struct {
	k int
	// The connection it went on was opened between dialing and ready: Envoy accepted it in between.
	dialing, ready time.Time
}

func startSessionWriter(t *testing.T, firstKey int) *sessionWriter {
	w := &sessionWriter{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		k := firstKey
		for {
			select {
			case <-w.quit:
				return
			default:
			}
			opened := time.Now()
			s, err := connect(t, cpProxyAddr, func(c *gocql.ClusterConfig) { c.NumConns = 1 })
			ready := time.Now()
			if err != nil {
				w.mu.Lock()
				w.errs = append(w.errs, fmt.Errorf("connect: %w", err))
				w.mu.Unlock()
				time.Sleep(100 * time.Millisecond)
				continue
			}
			for range 20 {
				k++
				err := s.Query("INSERT INTO "+cpKeyspace+".kv (k, v) VALUES (?, ?)", k, "continuous").Exec()
				w.mu.Lock()
				if err != nil {
					w.errs = append(w.errs, fmt.Errorf("k=%d: %w", k, err))
				} else {
					w.writes = append(w.writes, written{k: k, dialing: opened, ready: ready})
				}
				w.mu.Unlock()
			}
			s.Close()
			w.mu.Lock()
			w.opened = append(w.opened, opened)
			w.mu.Unlock()
			w.sessions.Add(1)
		}
	}()
	t.Cleanup(func() {
		select {
		case <-w.done:
		default:
			w.stop()
		}
	})
	return w
}

func (w *sessionWriter) waitSessions(t *testing.T, n int64) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); w.sessions.Load() < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the writer finished %d connections in 60s, want %d", w.sessions.Load(), n)
		}
	}
}

// waitSessionsAfter waits for n finished connections opened after at.
func (w *sessionWriter) waitSessionsAfter(t *testing.T, at time.Time, n int) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		w.mu.Lock()
		c := 0
		for _, o := range w.opened {
			if o.After(at) {
				c++
			}
		}
		w.mu.Unlock()
		if c >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the writer finished %d connections after the switch in 60s, want %d", c, n)
		}
	}
}

func (w *sessionWriter) stop() ([]written, []error) {
	close(w.quit)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes, w.errs
}

func readJSONLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%s: %q: %v", path, line, err)
		}
		out = append(out, m)
	}
	return out
}
