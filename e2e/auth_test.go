package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gocql/gocql"
)

const (
	authSourceHost = "127.0.0.4"
	authTargetHost = "127.0.0.5"
	authProxyAddr  = "127.0.0.1:29045" // extra Envoy: target.credentials from a password file
	openSourceAddr = "127.0.0.1:29047" // the same target, with the open main source
)

// authPasswordFile is where the extra Envoy's listener reads the target's password.
var authPasswordFile = filepath.Join(cacheDir, "e2e-logs", "target-password")

func authSession(t *testing.T, addr, user, password string) (*gocql.Session, error) {
	t.Helper()
	return connect(t, addr, func(c *gocql.ClusterConfig) {
		c.Authenticator = gocql.PasswordAuthenticator{Username: user, Password: password}
	})
}

// Both clusters run PasswordAuthenticator with different passwords. The client's credentials go
// to the source; the target gets target.credentials.
func TestAuthenticationWithSeparateTargetCredentials(t *testing.T) {
	os.Setenv("CASSANDRA_AUTH", "password")
	err1 := testbed("cassandra.sh", "restart", "source-auth", authSourceHost, "7399")
	err2 := testbed("cassandra.sh", "restart", "target-auth", authTargetHost, "7499")
	os.Unsetenv("CASSANDRA_AUTH")
	t.Cleanup(func() {
		testbed("cassandra.sh", "stop", "source-auth")
		testbed("cassandra.sh", "stop", "target-auth")
	})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	for _, n := range [][2]string{{"source-auth", authSourceHost}, {"target-auth", authTargetHost}} {
		if err := testbed("cassandra.sh", "wait", n[0], n[1]); err != nil {
			t.Fatal(err)
		}
	}
	tgtAdmin, err := authSession(t, authTargetHost+":9042", "cassandra", "cassandra")
	if err != nil {
		t.Fatal(err)
	}
	if err := tgtAdmin.Query("ALTER ROLE cassandra WITH PASSWORD = 'target-secret'").Exec(); err != nil {
		t.Fatal(err)
	}
	// Cassandra caches credentials for a while (credentials_validity); wait until the new password works.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		if _, err := authSession(t, authTargetHost+":9042", "cassandra", "target-secret"); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("the target never accepted its new password: %v", err)
		}
	}

	// The proxy has mirrored to these nodes since it started, and finds them back within a few
	// health_check intervals; until then it refuses schema changes.
	waitTargetHealthyWhere(t, func(prefix string) bool { return strings.HasPrefix(prefix, "auth") })

	if _, err := authSession(t, authProxyAddr, "cassandra", "wrong"); err == nil || !strings.Contains(err.Error(), "Provided username cassandra and/or password are incorrect") {
		t.Errorf("a wrong client password must reach the client as the source's error, got %v", err)
	}

	proxy, err := authSession(t, authProxyAddr, "cassandra", "cassandra")
	if err != nil {
		t.Fatalf("connect through the proxy with the source's credentials: %v", err)
	}
	const ks = "e2e_auth"
	createKeyspace(t, proxy, ks)
	if err := proxy.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 1, "authenticated").Exec(); err != nil {
		t.Fatal(err)
	}
	src, err := authSession(t, authSourceHost+":9042", "cassandra", "cassandra")
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := authSession(t, authTargetHost+":9042", "cassandra", "target-secret")
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*gocql.Session{"source": src, "target": tgt} {
		if got := readV(t, s, ks, 1); got != "authenticated" {
			t.Errorf("%s: k=1 has %q", name, got)
		}
	}
	// A source without authentication in front of a target that wants it: the proxy logs in to
	// the target with target.credentials on its own.
	open := session(t, openSourceAddr)
	const ks2 = "e2e_auth_target_only"
	createKeyspace(t, open, ks2)
	if err := open.Query("INSERT INTO "+ks2+".kv (k, v) VALUES (?, ?)", 1, "open-source").Exec(); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*gocql.Session{"source": session(t, sourceAddr()), "target": tgt} {
		if got := readV(t, s, ks2, 1); got != "open-source" {
			t.Errorf("%s: k=1 has %q", name, got)
		}
	}
	log, _ := os.ReadFile(filepath.Join(cacheDir, "e2e-logs", "envoy-extra.log"))
	if strings.Contains(string(log), "target-secret") {
		t.Error("Envoy's log contains the target's password")
	}
}
