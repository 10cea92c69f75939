package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"github.com/envoyproxy/go-control-plane/pkg/resource/v3"
)

// A via_envoy CA file that changes is served again as its SDS secret; the listeners and the
// cluster, which only name the secret, keep their versions.
func TestViaEnvoyCARotation(t *testing.T) {
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	copyFile(t, "testdata/files/ca.pem", ca)
	path := filepath.Join(dir, "cp.yaml")
	cfg := "listener: {port: 29042}\nsource: {address: \"127.0.0.2:9042\"}\ntarget:\n  address: \"10.0.2.1:9042\"\n" +
		"  via_envoy: {listen: 127.0.0.1:19043, tls: {ca_file: " + ca + ", server_name: cassandra.target.example}}\n"
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(&logBuffer{}, nil))
	srv := NewServer(log)
	w := &Watcher{Path: path, Every: 10 * time.Millisecond, Server: srv, Log: log}
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	versions := func() (l, s, c string, trusted []byte) {
		snap, err := srv.cache.GetSnapshot("cqlmirror")
		if err != nil {
			t.Fatal(err)
		}
		sec, ok := snap.GetResources(resource.SecretType)["cqlmirror-target-ca"].(*tlsv3.Secret)
		if !ok {
			t.Fatalf("no secret cqlmirror-target-ca in %v", snap.GetResources(resource.SecretType))
		}
		return snap.GetVersion(resource.ListenerType), snap.GetVersion(resource.SecretType), snap.GetVersion(resource.ClusterType),
			sec.GetValidationContext().GetTrustedCa().GetInlineBytes()
	}
	l0, s0, c0, _ := versions()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)

	rotated, err := os.ReadFile("testdata/files/server.pem") // any PEM certificate will do as the new CA
	if err != nil {
		t.Fatal(err)
	}
	copyFile(t, "testdata/files/server.pem", ca)
	waitFor(t, "the new CA served", func() bool { _, _, _, b := versions(); return bytes.Equal(b, rotated) })
	l1, s1, c1, _ := versions()
	if s1 == s0 || l1 != l0 || c1 != c0 {
		t.Fatalf("versions (listener, secret, cluster) went from %s %s %s to %s %s %s; want the secret's alone to change", l0, s0, c0, l1, s1, c1)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	tmp := to + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, to); err != nil {
		t.Fatal(err)
	}
}
