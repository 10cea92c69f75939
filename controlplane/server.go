package main

import (
	"context"
	"log/slog"
	"maps"
	"net"
	"sync"
	"time"

	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	"github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"github.com/envoyproxy/go-control-plane/pkg/server/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// allNodes serves every Envoy the same snapshot: the proxies in front of one migration share it.
type allNodes struct{}

func (allNodes) ID(*core.Node) string { return "cqlmirror" }

// Server is the ADS server on the snapshot cache.
type Server struct {
	cache cache.SnapshotCache
	log   *slog.Logger

	mu       sync.Mutex
	versions map[string]string // by type URL
	setAt    time.Time
}

// NewServer makes an empty server; Set gives it its first snapshot.
func NewServer(log *slog.Logger) *Server {
	return &Server{cache: cache.NewSnapshotCache(true, allNodes{}, nil), log: log}
}

// Set makes r the config every Envoy is served. It refuses an inconsistent snapshot, leaving the
// previous one in force.
func (s *Server) Set(r *Resources) (version string, err error) {
	snap, err := r.Snapshot()
	if err != nil {
		return "", err
	}
	if err := snap.Consistent(); err != nil { // checked again right before it is served
		return "", err
	}
	versions := map[string]string{}
	for _, typ := range []string{resource.ListenerType, resource.SecretType, resource.ClusterType} {
		versions[typ] = snap.GetVersion(typ)
	}
	version = versions[resource.ListenerType] + "/" + versions[resource.SecretType]
	if len(r.Clusters) > 0 {
		version += "/" + versions[resource.ClusterType]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if maps.Equal(versions, s.versions) {
		return version, nil
	}
	if err := s.cache.SetSnapshot(context.Background(), allNodes{}.ID(nil), snap); err != nil {
		return "", err
	}
	s.versions, s.setAt = versions, time.Now()
	return version, nil
}

// Serve runs the ADS gRPC server on l until ctx ends.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	xds := server.NewServer(ctx, s.cache, server.CallbackFuncs{StreamRequestFunc: s.onRequest})
	g := grpc.NewServer(
		grpc.MaxConcurrentStreams(1000),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: 30 * time.Second, Timeout: 5 * time.Second}),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 15 * time.Second, PermitWithoutStream: true}),
	)
	discovery.RegisterAggregatedDiscoveryServiceServer(g, xds)
	go func() {
		<-ctx.Done()
		// ADS streams last as long as Envoy is connected: give them a moment, then cut them.
		t := time.AfterFunc(2*time.Second, g.Stop)
		g.GracefulStop()
		t.Stop()
	}()
	return g.Serve(l)
}

// onRequest logs what Envoy says about the versions it was sent: an ACK (with the time since the
// snapshot was set) or a NACK with Envoy's reason.
func (s *Server) onRequest(_ int64, req *discovery.DiscoveryRequest) error {
	if req.GetResponseNonce() == "" {
		s.log.Info("envoy asks", "node", req.GetNode().GetId(), "type", shortType(req.GetTypeUrl()), "has_version", req.GetVersionInfo())
		return nil
	}
	s.mu.Lock()
	version, setAt := s.versions[req.GetTypeUrl()], s.setAt
	s.mu.Unlock()
	if d := req.GetErrorDetail(); d != nil {
		s.log.Error("envoy rejected the config (NACK)", "node", req.GetNode().GetId(), "type", shortType(req.GetTypeUrl()),
			"version", version, "kept_version", req.GetVersionInfo(), "error", d.GetMessage())
		return nil
	}
	if req.GetVersionInfo() == version {
		s.log.Info("envoy applied the config (ACK)", "node", req.GetNode().GetId(), "type", shortType(req.GetTypeUrl()),
			"version", version, "since_set", time.Since(setAt).Round(time.Millisecond).String())
	}
	return nil
}

func shortType(url string) string {
	for i := len(url) - 1; i >= 0; i-- {
		if url[i] == '.' {
			return url[i+1:]
		}
	}
	return url
}
