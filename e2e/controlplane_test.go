package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gocql/gocql"
	"gopkg.in/yaml.v3"
)

// The control plane's test bed: a third Envoy configured only over ADS (envoy.yaml with its admin
// port moved), the control plane binary, and a third Cassandra node, target2, the new target. It
// runs PasswordAuthenticator (so its credentials come from a password file) and serves plain and
// TLS CQL on one port (client_encryption_options with optional: true).
const (
	cpProxyAddr    = "127.0.0.1:29050"
	cpAdmin        = 29903
	cpXDS          = "127.0.0.1:18000"
	target2Host    = "127.0.0.8"
	target2JMX     = "7599"
	target2DNS     = "target2.cqlmirror.test" // in target2's certificate, with its IP
	mirrorUser     = "mirror"                 // target2's role for the proxy
	mirrorPassword = "cp-Secret-7f3a9d"
	cpKeyspace     = "e2e_cp"
)

func target2Addr() string { return target2Host + ":9042" }

// TestControlPlane moves a migration along through the control plane, one step after another,
// without restarting Envoy. A change counts as applied when Envoy's /config_dump shows the
// listener at the version the control plane computed for the file (Envoy ACKed it); client
// connections opened after that use it, connections opened before keep their config until Envoy
// drains them.
func TestControlPlane(t *testing.T) {
	dir := t.TempDir()
	pki := newPKI(t, dir)
	os.Setenv("CASSANDRA_AUTH", "password")
	os.Setenv("CASSANDRA_TLS_KEYSTORE", pki.nodeKeystore)
	err := testbed("cassandra.sh", "restart", "target2", target2Host, target2JMX)
	os.Unsetenv("CASSANDRA_AUTH")
	os.Unsetenv("CASSANDRA_TLS_KEYSTORE")
	t.Cleanup(func() { testbed("cassandra.sh", "stop", "target2") })
	if err != nil {
		t.Fatal(err)
	}

	passwordFile := filepath.Join(dir, "target2-password")
	if err := os.WriteFile(passwordFile, []byte(mirrorPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	failedFile := filepath.Join(dir, "failed-writes.jsonl")
	cp := startControlPlane(t, dir, map[string]any{
		"listener":           map[string]any{"address": "127.0.0.1", "port": 29050},
		"stat_prefix":        "cp",
		"mirror_writes":      false,
		"source":             map[string]any{"address": sourceAddr()},
		"target":             map[string]any{"address": targetAddr()},
		"failed_writes_file": failedFile,
	})
	boot := filepath.Join(dir, "envoy-ads.yaml")
	b, err := os.ReadFile(filepath.Join(repoRoot, "envoy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "port_value: 29901") || !strings.Contains(string(b), "port_value: 18000") {
		t.Fatal("envoy.yaml no longer has admin on 29901 and the control plane on 18000")
	}
	if err := os.WriteFile(boot, []byte(strings.Replace(string(b), "port_value: 29901", fmt.Sprintf("port_value: %d", cpAdmin), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := startEnvoy(workDir, "controlplane", boot, moduleDir, cpAdmin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.stop)
	cp.waitApplied(t, e, "first config")
	cp.applyTimes = nil // that one includes Envoy's start

	if err := testbed("cassandra.sh", "wait", "target2", target2Host); err != nil {
		t.Fatal(err)
	}
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	tgt2, err := authSession(t, target2Addr(), "cassandra", "cassandra")
	if err != nil {
		t.Fatal(err)
	}
	// Schema comes first on every cluster, as in a real migration; the proxy only mirrors data.
	for _, s := range []*gocql.Session{src, tgt, tgt2} {
		createKeyspace(t, s, cpKeyspace)
	}
	if err := tgt2.Query("CREATE ROLE " + mirrorUser + " WITH PASSWORD = '" + mirrorPassword + "' AND LOGIN = true AND SUPERUSER = true").Exec(); err != nil {
		t.Fatal(err)
	}
	on := func(t *testing.T, s *gocql.Session, k int) bool { return readV(t, s, cpKeyspace, k) != "" }
	k := 0
	write := func(t *testing.T, s *gocql.Session, v string) int {
		t.Helper()
		k++
		if err := s.Query("INSERT INTO "+cpKeyspace+".kv (k, v) VALUES (?, ?)", k, v).Exec(); err != nil {
			checkEnvoys(t)
			t.Fatalf("write k=%d through the proxy: %v", k, err)
		}
		return k
	}
	proxy := func(t *testing.T, tune ...func(*gocql.ClusterConfig)) *gocql.Session {
		return session(t, cpProxyAddr, tune...)
	}

	t.Run("MirroringOffThenOn", func(t *testing.T) {
		before := write(t, proxy(t), "before mirroring")
		if !on(t, src, before) || on(t, tgt, before) {
			t.Fatalf("mirroring off: k=%d must be on the source only (source %v, target %v)", before, on(t, src, before), on(t, tgt, before))
		}
		cp.set(t, "mirror_writes=true")
		cp.waitApplied(t, e, "mirroring on")
		after := write(t, proxy(t), "mirrored")
		if !on(t, src, after) || !on(t, tgt, after) {
			t.Fatalf("mirroring on: k=%d must be on both (source %v, target %v)", after, on(t, src, after), on(t, tgt, after))
		}
		if on(t, tgt, before) {
			t.Fatalf("k=%d, written before mirroring, reached the target", before)
		}
	})

	t.Run("RetargetWhileWriting", func(t *testing.T) {
		w := startSessionWriter(t, 100000)
		w.waitSessions(t, 3)
		setAt := time.Now()
		cp.set(t, "target.address="+target2Addr(), "target.credentials.username="+mirrorUser, "target.credentials.password_file="+passwordFile)
		appliedAt := cp.waitApplied(t, e, "retarget to target2")
		w.waitSessionsAfter(t, appliedAt, 3)
		writes, errs := w.stop()
		if len(errs) > 0 {
			t.Fatalf("%d client writes failed during the retarget, first: %v", len(errs), errs[0])
		}
		var old, moved, straddling int
		for _, x := range writes {
			if !on(t, src, x.k) {
				t.Fatalf("k=%d is not on the source", x.k)
			}
			onOld, onNew := on(t, tgt, x.k), on(t, tgt2, x.k)
			switch {
			case x.dialing.After(appliedAt):
				moved++
				if !onNew || onOld {
					t.Fatalf("k=%d, on a connection opened after the switch was applied, must be on the new target only (target2 %v, old target %v)", x.k, onNew, onOld)
				}
			case x.ready.Before(setAt):
				old++
				if !onOld || onNew {
					t.Fatalf("k=%d, on a connection opened before the switch, must be on the old target only (old target %v, target2 %v)", x.k, onOld, onNew)
				}
			default:
				straddling++
				if onOld == onNew {
					t.Fatalf("k=%d, on a connection opened while the switch was being applied, must be on exactly one target (old %v, new %v)", x.k, onOld, onNew)
				}
			}
		}
		t.Logf("retarget: %d writes on %d connections, none failed: %d before the switch (old target), %d while it was applied, %d after (new target)",
			len(writes), w.sessions.Load(), old, straddling, moved)
		if moved == 0 || old == 0 {
			t.Fatalf("want writes on both sides of the switch: %d before, %d after", old, moved)
		}
	})

	t.Run("InvalidChangesAreRefused", func(t *testing.T) {
		good := cp.read(t)
		version := e.listener(t).version
		for _, c := range []struct {
			name string
			edit func(m map[string]any)
			want string
		}{
			{"bad address", func(m map[string]any) { m["target"].(map[string]any)["address"] = target2Host },
				`field "target.address": "127.0.0.8" is not host:port`},
			{"unknown field", func(m map[string]any) { m["mirror_write"] = true },
				`unknown field "mirror_write"`},
			{"missing CA file", func(m map[string]any) {
				m["target"].(map[string]any)["tls"] = map[string]any{"ca_file": filepath.Join(dir, "no-such-ca.pem")}
			}, `field "target.tls.ca_file": open ` + filepath.Join(dir, "no-such-ca.pem") + `: no such file or directory`},
		} {
			bad := cp.read(t)
			c.edit(bad)
			cp.write(t, bad)
			msg := cp.waitLog(t, "config change rejected", c.want)
			t.Logf("%s: %s", c.name, msg)
			if v := e.listener(t).version; v != version {
				t.Fatalf("%s: Envoy moved from version %s to %s", c.name, version, v)
			}
			s := proxy(t)
			if k := write(t, s, c.name); !on(t, src, k) || !on(t, tgt2, k) {
				t.Fatalf("%s: traffic affected: k=%d on source %v, target2 %v", c.name, k, on(t, src, k), on(t, tgt2, k))
			}
			cp.write(t, good)
		}
		out, err := cp.run("set", "target.address="+target2Host)
		if err == nil || !strings.Contains(out, `field "target.address": "127.0.0.8" is not host:port`) {
			t.Fatalf("controlplane set with a bad address: %v\n%s", err, out)
		}
		if got := cp.read(t); fmt.Sprint(got) != fmt.Sprint(good) {
			t.Fatalf("a refused set changed the file: %v", got)
		}
	})

	t.Run("BackendTLS", func(t *testing.T) {
		cp.edit(t, func(m map[string]any) {
			m["target"].(map[string]any)["tls"] = map[string]any{"ca_file": pki.caFile}
		})
		cp.waitApplied(t, e, "TLS to target2, server name its IP")
		if k := write(t, proxy(t), "over TLS"); !on(t, tgt2, k) {
			t.Fatalf("k=%d did not reach target2 over TLS", k)
		}
		failedBefore := len(readJSONLines(t, failedFile))
		cp.edit(t, func(m map[string]any) {
			m["target"].(map[string]any)["tls"] = map[string]any{"ca_file": pki.caFile, "server_name": "wrong.cqlmirror.test"}
		})
		cp.waitApplied(t, e, "TLS with a server name the certificate does not have")
		k := write(t, proxy(t), "wrong name")
		if on(t, tgt2, k) {
			t.Fatalf("k=%d reached target2 through a certificate with the wrong name", k)
		}
		failed := readJSONLines(t, failedFile)
		if len(failed) <= failedBefore {
			t.Fatal("the write target2 missed is not in failed_writes_file")
		}
		reason := fmt.Sprint(failed[len(failed)-1]["reason"])
		if !strings.Contains(reason, "x509: certificate is valid for") || !strings.Contains(reason, "wrong.cqlmirror.test") {
			t.Fatalf("the refusal does not say why: %s", reason)
		}
		if !strings.Contains(e.tail(), "wrong.cqlmirror.test") {
			t.Errorf("Envoy's log does not name the certificate problem")
		}
		t.Logf("wrong server name refused: %s", reason)
		cp.edit(t, func(m map[string]any) {
			m["target"].(map[string]any)["tls"] = map[string]any{"ca_file": pki.caFile, "server_name": target2DNS}
		})
		cp.waitApplied(t, e, "TLS to target2 by its DNS name")
		if k := write(t, proxy(t), "over TLS by name"); !on(t, tgt2, k) {
			t.Fatalf("k=%d did not reach target2 over TLS", k)
		}
	})

	t.Run("ControlPlaneStopsAndRestarts", func(t *testing.T) {
		before := e.listener(t)
		w := startSessionWriter(t, 200000)
		w.waitSessions(t, 2)
		cp.stop(t)
		w.waitSessions(t, w.sessions.Load()+2)
		if k := write(t, proxy(t), "no control plane"); !on(t, src, k) || !on(t, tgt2, k) {
			t.Fatalf("without the control plane: k=%d on source %v, target2 %v", k, on(t, src, k), on(t, tgt2, k))
		}
		cp.start(t)
		cp.waitLog(t, "envoy applied the config (ACK)", "type=Listener version="+before.version)
		w.waitSessions(t, w.sessions.Load()+2)
		writes, errs := w.stop()
		if len(errs) > 0 {
			t.Fatalf("%d writes failed while the control plane was away, first: %v", len(errs), errs[0])
		}
		for _, x := range writes {
			if !on(t, src, x.k) || !on(t, tgt2, x.k) {
				t.Errorf("k=%d: source %v, target2 %v", x.k, on(t, src, x.k), on(t, tgt2, x.k))
			}
		}
		after := e.listener(t)
		if after.version != before.version || after.lastUpdated != before.lastUpdated {
			t.Fatalf("the restarted control plane made Envoy rebuild its listener: %+v -> %+v", before, after)
		}
		t.Logf("control plane stopped and restarted: %d writes on %d connections, none failed or missed; listener untouched (version %s)", len(writes), w.sessions.Load(), after.version)
	})

	t.Run("DownstreamTLSRotation", func(t *testing.T) {
		certA := pki.listenerCert(t, 1001)
		cp.edit(t, func(m map[string]any) {
			m["listener"].(map[string]any)["tls"] = map[string]any{"cert_file": pki.listenerCertFile, "key_file": pki.listenerKeyFile}
		})
		cp.waitApplied(t, e, "client-facing TLS")
		if got := pki.servedSerial(t); got != certA {
			t.Fatalf("Envoy serves certificate %d, want %d", got, certA)
		}
		tlsClient := func(c *gocql.ClusterConfig) {
			c.SslOpts = &gocql.SslOptions{Config: &tls.Config{RootCAs: pki.pool, ServerName: "localhost"}, EnableHostVerification: true}
		}
		if k := write(t, proxy(t, tlsClient), "client TLS"); !on(t, src, k) || !on(t, tgt2, k) {
			t.Fatalf("over client TLS: k=%d on source %v, target2 %v", k, on(t, src, k), on(t, tgt2, k))
		}
		start := time.Now()
		cp.changedAt = start
		certB := pki.listenerCert(t, 1002)
		cp.waitApplied(t, e, "rotated certificate")
		if got := pki.servedSerial(t); got != certB {
			t.Fatalf("after rotation Envoy serves certificate %d, want %d", got, certB)
		}
		t.Logf("certificate rotated through SDS: new connections get serial %d %v after the files changed", certB, time.Since(start).Round(time.Millisecond))
		if k := write(t, proxy(t, tlsClient), "client TLS, rotated"); !on(t, tgt2, k) {
			t.Fatalf("k=%d missing on target2", k)
		}
		dump := e.configDump(t)
		keyPEM, _ := os.ReadFile(pki.listenerKeyFile)
		block, _ := pem.Decode(keyPEM)
		if strings.Contains(dump, "PRIVATE KEY") || strings.Contains(dump, string(keyPEM)) || strings.Contains(dump, fmt.Sprintf("%x", block.Bytes[:16])) {
			t.Fatal("config_dump shows the listener's private key")
		}
		cp.edit(t, func(m map[string]any) { delete(m["listener"].(map[string]any), "tls") })
		cp.waitApplied(t, e, "client-facing TLS off")
	})

	t.Run("NoPasswordInConfigDump", func(t *testing.T) {
		dump := e.configDump(t)
		if strings.Contains(dump, mirrorPassword) {
			t.Fatal("Envoy's config_dump shows target2's password")
		}
		creds := regexp.MustCompile(`"credentials": \{[^}]*\}`).FindString(dump)
		if !strings.Contains(creds, `"password_file": "`+passwordFile+`"`) || !strings.Contains(creds, `"username": "`+mirrorUser+`"`) {
			t.Fatalf("config_dump does not show the credentials as a user and a password file: %q", creds)
		}
		key := regexp.MustCompile(`"private_key": \{[^}]*\}`).FindString(dump)
		t.Logf("config_dump shows %s", strings.Join(strings.Fields(creds), " "))
		if key != "" {
			t.Logf("config_dump shows %s", strings.Join(strings.Fields(key), " "))
		}
		for name, log := range map[string]string{"Envoy": e.tail(), "control plane": cp.logText()} {
			if strings.Contains(log, mirrorPassword) {
				t.Errorf("the %s log shows target2's password", name)
			}
		}
	})

	t.Run("ReadFromTarget", func(t *testing.T) {
		const only = 424242
		if err := tgt2.Query("INSERT INTO "+cpKeyspace+".kv (k, v) VALUES (?, ?)", only, "only on target2").Exec(); err != nil {
			t.Fatal(err)
		}
		if got := readV(t, proxy(t), cpKeyspace, only); got != "" {
			t.Fatalf("reads from the source found %q", got)
		}
		// target2 now serves reads and gets the client's own credentials; the source is mirrored.
		cp.set(t, "read_from=target", "target.credentials=")
		cp.waitApplied(t, e, "reads from target2")
		client, err := authSession(t, cpProxyAddr, mirrorUser, mirrorPassword)
		if err != nil {
			t.Fatal(err)
		}
		if got := readV(t, client, cpKeyspace, only); got != "only on target2" {
			t.Fatalf("read through the proxy got %q, want the row only target2 has", got)
		}
		if k := write(t, client, "reads from target"); !on(t, src, k) || !on(t, tgt2, k) {
			t.Fatalf("with read_from target, k=%d on source %v, target2 %v", k, on(t, src, k), on(t, tgt2, k))
		}
	})
	t.Logf("file change to Envoy ACK (config_dump at the new version), per change: %v", cp.applyTimes)
}

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

// pki is a test CA, target2's keystore (its certificate names 127.0.0.8 and target2DNS), and
// Envoy's client-facing certificate for localhost.
type pki struct {
	dir, caFile, nodeKeystore         string
	listenerCertFile, listenerKeyFile string
	ca                                *x509.Certificate
	caKey                             *ecdsa.PrivateKey
	pool                              *x509.CertPool
}

func newPKI(t *testing.T, dir string) *pki {
	t.Helper()
	p := &pki{dir: dir, caFile: filepath.Join(dir, "ca.pem"), nodeKeystore: filepath.Join(dir, "target2.p12"),
		listenerCertFile: filepath.Join(dir, "listener.pem"), listenerKeyFile: filepath.Join(dir, "listener.key")}
	var err error
	if p.caKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cqlmirror e2e CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &p.caKey.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	if p.ca, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	p.pool = x509.NewCertPool()
	p.pool.AddCert(p.ca)
	writePEM(t, p.caFile, "CERTIFICATE", der)
	nodeCert, nodeKey := filepath.Join(dir, "target2.pem"), filepath.Join(dir, "target2.key")
	p.issue(t, 2, "target2", []string{target2DNS}, []net.IP{net.ParseIP(target2Host)}, nodeCert, nodeKey)
	out, err := exec.Command("openssl", "pkcs12", "-export", "-in", nodeCert, "-inkey", nodeKey, "-name", "target2",
		"-out", p.nodeKeystore, "-passout", "pass:cassandra").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl pkcs12: %v\n%s", err, out)
	}
	return p
}

func (p *pki) issue(t *testing.T, serial int64, cn string, dns []string, ips []net.IP, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn}, DNSNames: dns, IPAddresses: ips,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	// Key first, certificate last: a watcher that reads the pair in between sees a mismatch and
	// keeps the last good one.
	writePEM(t, keyFile, "PRIVATE KEY", kder)
	writePEM(t, certFile, "CERTIFICATE", der)
}

// listenerCert (re)writes Envoy's client-facing certificate with the given serial.
func (p *pki) listenerCert(t *testing.T, serial int64) int64 {
	p.issue(t, serial, "localhost", []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")}, p.listenerCertFile, p.listenerKeyFile)
	return serial
}

// servedSerial is the serial of the certificate Envoy presents to a new TLS client.
func (p *pki) servedSerial(t *testing.T) int64 {
	t.Helper()
	c, err := tls.Dial("tcp", cpProxyAddr, &tls.Config{RootCAs: p.pool, ServerName: "localhost"})
	if err != nil {
		t.Fatalf("TLS to the proxy: %v", err)
	}
	defer c.Close()
	return c.ConnectionState().PeerCertificates[0].SerialNumber.Int64()
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}
