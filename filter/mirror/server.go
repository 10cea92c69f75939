package mirror

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// server is the process's one metrics endpoint. It lives as long as the process: filter configs
// come and go (listener updates), the counters they share stay.
var server struct {
	mu     sync.Mutex
	addr   string // as configured
	bound  string // the address actually bound (differs when the port is 0)
	prefix string // the stat_prefix of the config that started it
}

// ServeMetrics makes sure this process serves /metrics and /read-reports on addr (a config's
// metrics_address). The first config to call it binds the address; a config naming another
// address while it runs gets an error, since one process has one registry and one endpoint. A
// port that cannot be bound is an error too, never a silent fallback.
func (m *Mirror) ServeMetrics() error {
	addr := m.cfg.MetricsAddress
	server.mu.Lock()
	defer server.mu.Unlock()
	if server.addr != "" {
		if server.addr != addr {
			return fmt.Errorf("cqlmirror config: field \"metrics_address\": %q, but this Envoy process already serves metrics on %q (set by stat_prefix %q); every cqlmirror filter config in one process must name the same metrics_address",
				addr, server.addr, server.prefix)
		}
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cqlmirror config: field \"metrics_address\": cannot serve metrics on %q: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /read-reports", serveReadReports)
	// The Go side of the process, for profiling it in place: goroutines, heap, CPU.
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	srv := &http.Server{Handler: mux}
	go func() {
		if err := srv.Serve(ln); err != nil {
			slog.Error("cqlmirror: the metrics server stopped", "address", ln.Addr().String(), "error", err)
		}
	}()
	server.addr, server.bound, server.prefix = addr, ln.Addr().String(), m.cfg.StatPrefix
	slog.Info("cqlmirror: serving Prometheus metrics and read reports", "address", server.bound, "stat_prefix", m.cfg.StatPrefix)
	return nil
}

// MetricsAddress is the address the process's metrics server is bound to, or "" if none runs.
func MetricsAddress() string {
	server.mu.Lock()
	defer server.mu.Unlock()
	return server.bound
}
