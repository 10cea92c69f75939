package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envoyproxy/go-control-plane/pkg/resource/v3"
)

// logBuffer collects the watcher's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestWatcherServesValidChangesAndKeepsTheLastGoodOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cp.yaml")
	write := func(s string) {
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	const base = "listener: {port: 29042}\nsource: {address: \"127.0.0.2:9042\"}\n"
	write(base + "target: {address: \"127.0.0.3:9042\"}\n")
	var logs logBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	srv := NewServer(log)
	w := &Watcher{Path: path, Every: 10 * time.Millisecond, Server: srv, Log: log}
	if err := w.Load(); err != nil {
		t.Fatal(err)
	}
	served := func() string {
		snap, err := srv.cache.GetSnapshot("cqlmirror")
		if err != nil {
			t.Fatal(err)
		}
		return snap.GetVersion(resource.ListenerType)
	}
	first := served()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)

	write(base + "target: {address: \"127.0.0.8\"}\n")
	waitFor(t, "the refusal", func() bool {
		return strings.Contains(logs.String(), `config change rejected`) && strings.Contains(logs.String(), `\"127.0.0.8\" is not host:port`)
	})
	if got := served(); got != first {
		t.Fatalf("an invalid change replaced version %s with %s", first, got)
	}
	write(base + "target: {address: \"127.0.0.8:9042\"}\n")
	waitFor(t, "the new version", func() bool { return served() != first })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
