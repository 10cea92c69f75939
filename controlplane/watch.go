package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"log/slog"
	"os"
	"time"
)

// Watcher reloads the config file, and the certificates it names, whenever their contents
// change. A change that does not validate is logged and ignored: the last good config stays in
// force.
type Watcher struct {
	Path   string
	Every  time.Duration
	Server *Server
	Log    *slog.Logger

	seen    [sha256.Size]byte
	current *Validated
}

// Load validates the file and serves it; it is how the first config gets in, and every reload.
// The files are fingerprinted before they are read, so a change made meanwhile is seen next time.
func (w *Watcher) Load() error {
	w.seen = w.digest()
	v, err := LoadConfig(w.Path)
	if err != nil {
		return err
	}
	r, err := BuildResources(v)
	if err != nil {
		return err
	}
	start := time.Now()
	version, err := w.Server.Set(r)
	if err != nil {
		return err
	}
	w.current = v
	w.Log.Info("config in force", "file", w.Path, "version", version, "listener", v.Listener.Address, "port", v.Listener.Port,
		"mirror_writes", *v.MirrorWrites, "read_from", v.ReadFrom, "source", v.Source.nodes(), "target", v.Target.nodes(),
		"listener_tls", v.Listener.TLS != nil, "took", time.Since(start).Round(time.Microsecond).String())
	return nil
}

// Run polls until ctx ends; Load must have run first. Polling (default every 200ms) sees edits in place, renames over the
// file, and Kubernetes-style symlink swaps alike.
func (w *Watcher) Run(ctx context.Context) {
	t := time.NewTicker(w.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if w.digest() == w.seen {
			continue
		}
		if err := w.Load(); err != nil {
			w.Log.Error("config change rejected; the last good config stays in force", "file", w.Path, "error", err.Error())
		}
	}
}

// digest covers the config file and the certificate files of the config in force, the listener's
// and those of via_envoy clusters (those of a rejected change are read again when the file
// changes).
func (w *Watcher) digest() [sha256.Size]byte {
	var b bytes.Buffer
	for _, p := range w.files() {
		data, err := os.ReadFile(p)
		if err != nil {
			b.WriteString("missing:" + p + "\x00")
			continue
		}
		b.Write(data)
		b.WriteByte(0)
	}
	return sha256.Sum256(b.Bytes())
}

func (w *Watcher) files() []string {
	out := []string{w.Path}
	if w.current != nil && w.current.Listener.TLS != nil {
		out = append(out, w.current.Listener.TLS.CertFile, w.current.Listener.TLS.KeyFile)
	}
	if w.current != nil {
		for _, u := range w.current.Upstreams {
			out = append(out, u.files()...)
		}
	}
	return out
}
