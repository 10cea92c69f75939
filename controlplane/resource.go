package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	dynmodules "github.com/envoyproxy/go-control-plane/envoy/extensions/dynamic_modules/v3"
	dynmodfilter "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/dynamic_modules/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"github.com/envoyproxy/go-control-plane/pkg/cache/types"
	"github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	"github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Names of the generated resources.
const (
	ListenerName = "cqlmirror"
	SecretName   = "cqlmirror-downstream-cert"
	moduleName   = "cqlmirror" // Envoy loads libcqlmirror.so from ENVOY_DYNAMIC_MODULES_SEARCH_PATH; the contrib library_id
	filterName   = "cql_mirror"
)

// Resources are the xDS resources one valid config becomes. The filter dials the source and the
// target itself, so clusters exist only for those reached through Envoy (via_envoy).
type Resources struct {
	Listener *listener.Listener
	// Upstreams are the loopback listeners of via_envoy clusters, source first.
	Upstreams []*listener.Listener
	Clusters  []*cluster.Cluster
	Secrets   []*tlsv3.Secret
	// secretRefs are the SDS secrets the listeners and clusters refer to.
	secretRefs []string
}

// BuildResources turns a validated config into the listener with the cqlmirror filter and, with
// listener TLS, the SDS secret holding its certificate.
func BuildResources(v *Validated) (*Resources, error) {
	cfg := &structpb.Struct{}
	if err := cfg.UnmarshalJSON(v.Filter); err != nil {
		return nil, fmt.Errorf("filter config as a Struct: %w", err)
	}
	filterCfg, err := toAny(cfg)
	if err != nil {
		return nil, err
	}
	name := "envoy.filters.network.dynamic_modules"
	var typed *anypb.Any
	if v.EnvoyFilter == filterGolang {
		name = "envoy.filters.network.golang"
		typed, err = golangFilterConfig(v.GolangLibrary, filterCfg)
	} else {
		typed, err = toAny(&dynmodfilter.DynamicModuleNetworkFilter{
			DynamicModuleConfig: &dynmodules.DynamicModuleConfig{Name: moduleName},
			FilterName:          filterName,
			TerminalFilter:      true,
			FilterConfig:        filterCfg,
		})
	}
	if err != nil {
		return nil, err
	}
	chain := &listener.FilterChain{Filters: []*listener.Filter{{
		Name:       name,
		ConfigType: &listener.Filter_TypedConfig{TypedConfig: typed},
	}}}
	r := &Resources{}
	if v.Listener.TLS != nil {
		ctx, err := toAny(&tlsv3.DownstreamTlsContext{CommonTlsContext: &tlsv3.CommonTlsContext{
			TlsCertificateSdsSecretConfigs: []*tlsv3.SdsSecretConfig{{Name: SecretName, SdsConfig: adsSource()}},
		}})
		if err != nil {
			return nil, err
		}
		chain.TransportSocket = &core.TransportSocket{Name: "envoy.transport_sockets.tls", ConfigType: &core.TransportSocket_TypedConfig{TypedConfig: ctx}}
		r.secretRefs = append(r.secretRefs, SecretName)
		r.Secrets = append(r.Secrets, &tlsv3.Secret{Name: SecretName, Type: &tlsv3.Secret_TlsCertificate{TlsCertificate: &tlsv3.TlsCertificate{
			CertificateChain: &core.DataSource{Specifier: &core.DataSource_InlineBytes{InlineBytes: v.Cert}},
			PrivateKey:       &core.DataSource{Specifier: &core.DataSource_InlineBytes{InlineBytes: v.Key}},
		}}})
	}
	r.Listener = &listener.Listener{
		Name: ListenerName,
		Address: &core.Address{Address: &core.Address_SocketAddress{SocketAddress: &core.SocketAddress{
			Address: v.Listener.Address, PortSpecifier: &core.SocketAddress_PortValue{PortValue: uint32(v.Listener.Port)},
		}}},
		FilterChains: []*listener.FilterChain{chain},
	}
	connectTimeout := 5 * time.Second // the filter's default
	if v.ConnectTimeout != "" {
		if connectTimeout, err = time.ParseDuration(v.ConnectTimeout); err != nil {
			return nil, err
		}
	}
	for _, u := range v.Upstreams {
		if err := r.buildUpstream(u, connectTimeout); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func adsSource() *core.ConfigSource {
	return &core.ConfigSource{
		ConfigSourceSpecifier: &core.ConfigSource_Ads{Ads: &core.AggregatedConfigSource{}},
		ResourceApiVersion:    core.ApiVersion_V3,
	}
}

// Versions are digests of the listeners and of the secrets: the same config always gets the same
// versions, so a restarted control plane does not make Envoy rebuild its listener, and every
// change gets a new one. Each type has its own, so that rotating the certificate does not resend
// an unchanged listener.
func (r *Resources) Versions() (listener, secrets string, err error) {
	ls := []proto.Message{r.Listener}
	for _, u := range r.Upstreams {
		ls = append(ls, u)
	}
	if listener, err = digest(ls...); err != nil {
		return "", "", err
	}
	ms := make([]proto.Message, len(r.Secrets))
	for i, s := range r.Secrets {
		ms[i] = s
	}
	secrets, err = digest(ms...)
	return listener, secrets, err
}

// ClusterVersion is the digest of the clusters, as Versions.
func (r *Resources) ClusterVersion() (string, error) {
	ms := make([]proto.Message, len(r.Clusters))
	for i, c := range r.Clusters {
		ms[i] = c
	}
	return digest(ms...)
}

func digest(ms ...proto.Message) (string, error) {
	h := sha256.New()
	for _, m := range ms {
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d:", len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// Snapshot makes the consistent snapshot Envoy is served.
func (r *Resources) Snapshot() (*cache.Snapshot, error) {
	lv, sv, err := r.Versions()
	if err != nil {
		return nil, err
	}
	secrets := make([]types.Resource, len(r.Secrets))
	for i, s := range r.Secrets {
		secrets[i] = s
	}
	listeners := []types.Resource{r.Listener}
	for _, u := range r.Upstreams {
		listeners = append(listeners, u)
	}
	cv, err := r.ClusterVersion()
	if err != nil {
		return nil, err
	}
	clusters := make([]types.Resource, len(r.Clusters))
	for i, c := range r.Clusters {
		clusters[i] = c
	}
	snap := &cache.Snapshot{}
	snap.Resources[types.Listener] = cache.NewResources(lv, listeners)
	snap.Resources[types.Cluster] = cache.NewResources(cv, clusters)
	snap.Resources[types.Secret] = cache.NewResources(sv, secrets)
	if err := snap.Consistent(); err != nil {
		return nil, fmt.Errorf("snapshot %s/%s is inconsistent: %w", lv, sv, err)
	}
	// Consistent() checks routes and endpoints only; the SDS secrets referred to must be there too.
	have := snap.GetResources(resource.SecretType)
	for _, name := range r.secretRefs {
		if _, ok := have[name]; !ok {
			return nil, fmt.Errorf("snapshot %s/%s is inconsistent: secret %q is referred to and missing", lv, sv, name)
		}
	}
	return snap, nil
}

type tlsSecret = tlsv3.Secret

func redactedKey() *core.DataSource {
	return &core.DataSource{Specifier: &core.DataSource_InlineString{InlineString: "[redacted]"}}
}

// toAny packs m deterministically (Struct fields in order): Envoy hashes the listener's bytes to
// tell a changed listener from the same one sent again.
func toAny(m proto.Message) (*anypb.Any, error) {
	a := &anypb.Any{}
	return a, anypb.MarshalFrom(a, m, proto.MarshalOptions{Deterministic: true})
}
