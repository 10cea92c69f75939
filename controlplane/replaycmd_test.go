package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// writeConfig writes a config whose failed_writes_file is in a fresh directory, and returns the
// config's path and that file's.
func writeConfig(t *testing.T, yaml string) (cfg, failed string) {
	t.Helper()
	dir := t.TempDir()
	failed = filepath.Join(dir, "failed-writes.jsonl")
	abs, err := filepath.Abs("testdata/files")
	if err != nil {
		t.Fatal(err)
	}
	yaml = strings.ReplaceAll(yaml, "FILES", abs) + "\nfailed_writes_file: " + failed + "\n"
	cfg = filepath.Join(dir, "controlplane.yaml")
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, failed
}

func TestReplayGoesToTheClusterTheFilterMirrorsTo(t *testing.T) {
	for _, c := range []struct {
		name, yaml             string
		addresses, serverNames []string
	}{
		{"read_from source", `
listener: {port: 29050}
connect_timeout: 2s
request_timeout: 3s
source: {address: "127.0.0.2:9042"}
target:
  address: "127.0.0.3:9042"
  tls: {ca_file: FILES/ca.pem, server_name: localhost}
  credentials: {username: mirror, password_file: FILES/password}`, []string{"127.0.0.3:9042"}, []string{"localhost"}},
		{"read_from target", `
listener: {port: 29050}
connect_timeout: 2s
request_timeout: 3s
read_from: target
source:
  address: "127.0.0.2:9042"
  tls: {ca_file: FILES/ca.pem}
  credentials: {username: mirror, password_file: FILES/password}
target: {address: "127.0.0.3:9042"}`, []string{"127.0.0.2:9042"}, []string{"127.0.0.2"}},
		{"contact points, each TLS name its own host", `
listener: {port: 29050}
connect_timeout: 2s
request_timeout: 3s
source: {address: "127.0.0.2:9042"}
target:
  contact_points: ["db-1.example:9042", "10.0.0.3:9042", "[::1]:9042"]
  tls: {ca_file: FILES/ca.pem}
  credentials: {username: mirror, password_file: FILES/password}`,
			[]string{"db-1.example:9042", "10.0.0.3:9042", "[::1]:9042"}, []string{"db-1.example", "10.0.0.3", "::1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, failed := writeConfig(t, c.yaml)
			v, err := LoadConfig(cfg)
			if err != nil {
				t.Fatal(err)
			}
			o, base, err := replayOptions(v, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(o.ContactPoints) != len(c.addresses) {
				t.Fatalf("contact points %+v, want %q", o.ContactPoints, c.addresses)
			}
			for i, cp := range o.ContactPoints {
				if cp.Address != c.addresses[i] || cp.TLS == nil || cp.TLS.ServerName != c.serverNames[i] || cp.TLS.RootCAs == nil {
					t.Errorf("contact point %d: address %s, TLS %+v", i, cp.Address, cp.TLS)
				}
			}
			if string(o.Token) != "\x00mirror\x00secret" || o.ConnectTimeout != 2*time.Second || o.RequestTimeout != 3*time.Second {
				t.Errorf("token %q, timeouts %s %s", o.Token, o.ConnectTimeout, o.RequestTimeout)
			}
			if base != failed || len(o.Files) != 0 {
				t.Errorf("journal %s, files %v (none exist)", base, o.Files)
			}
		})
	}
}

func TestReplayReadsTheRotatedFilesThenTheCurrentOne(t *testing.T) {
	cfg, failed := writeConfig(t, "listener: {port: 29050}\nsource: {address: \"127.0.0.2:9042\"}\ntarget: {address: \"127.0.0.3:9042\"}")
	older := journal.RotatedName(failed, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	newer := journal.RotatedName(failed, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	for _, p := range []string{newer, failed, older} {
		if err := os.WriteFile(p, []byte("not a record\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	v, err := LoadConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	o, _, err := replayOptions(v, "")
	if err != nil || strings.Join(o.Files, " ") != strings.Join([]string{older, newer, failed}, " ") {
		t.Errorf("files %v, %v", o.Files, err)
	}
	if o, base, err := replayOptions(v, newer); err != nil || len(o.Files) != 1 || o.Files[0] != newer || base != newer {
		t.Errorf("-journal: files %v, base %s, %v", o.Files, base, err)
	}
	if _, _, err := replayOptions(v, failed+".nope"); err == nil || !strings.HasPrefix(err.Error(), "-journal: stat "+failed+".nope") {
		t.Errorf("-journal of a missing file: %v", err)
	}

	// A dry run reads all three, and each line that is not a record counts as failed.
	var out, progress bytes.Buffer
	err = runReplay([]string{"-config", cfg, "-dry-run"}, &out, &progress)
	if err == nil || err.Error() != "replay: 3 records would fail" {
		t.Errorf("dry run: %v", err)
	}
	for _, want := range []string{older + ":1: failed: not a journal record", newer + ":1: failed", failed + ":1: failed", "dry run: 3 records in 3 files"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestReplayWithoutATarget(t *testing.T) {
	cfg, failed := writeConfig(t, "listener: {port: 29050}\nmirror_writes: false\nsource: {address: \"127.0.0.2:9042\"}")
	v, err := LoadConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := replayOptions(v, ""); err == nil || err.Error() != `field "target.address" is empty: there is no cluster to replay to` {
		t.Errorf("got %v", err)
	}
	cfg, failed = writeConfig(t, "listener: {port: 29050}\nsource: {address: \"127.0.0.2:9042\"}\ntarget: {address: \"127.0.0.3:9042\"}")
	var out bytes.Buffer
	if err := runReplay([]string{"-config", cfg}, &out, &out); err != nil || out.String() != "nothing to replay: no journal at "+failed+" (failed_writes_file)\n" {
		t.Errorf("no journal: %v, %q", err, out.String())
	}
}
