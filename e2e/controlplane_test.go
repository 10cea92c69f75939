package e2e

import (
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gocql/gocql"
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
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) { // the log is flushed every 100ms
			if log, _ := os.ReadFile(e.log); strings.Contains(string(log), "not wrong.cqlmirror.test") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("Envoy's log does not name the certificate problem")
			}
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
		envoyLog, err := os.ReadFile(e.log)
		if err != nil {
			t.Fatal(err)
		}
		for name, log := range map[string]string{"Envoy": string(envoyLog), "control plane": cp.logText()} {
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
