package main

import (
	"net/netip"
	"time"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpoint "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	tcpproxy "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/tcp_proxy/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	matcher "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Outlier detection of a generated cluster: a node whose connects fail (or time out) five times in
// a row gets no new connection for 30s, doubling with each ejection.
const (
	outlierConsecutiveFailures = 5
	outlierInterval            = 5 * time.Second
	outlierBaseEjection        = 30 * time.Second
)

// listenerName, caSecret and certSecret name an upstream's resources.
func (u *upstream) listenerName() string { return "cqlmirror-" + u.name + "-upstream" }
func (u *upstream) caSecret() string     { return u.cluster + "-ca" }
func (u *upstream) certSecret() string   { return u.cluster + "-client-cert" }

// buildUpstream adds u's loopback listener, and unless the cluster is EXTERNAL its cluster and
// secrets, to r.
func (r *Resources) buildUpstream(u *upstream, connectTimeout time.Duration) error {
	proxy, err := toAny(&tcpproxy.TcpProxy{
		StatPrefix:       "cqlmirror_" + u.name + "_upstream",
		ClusterSpecifier: &tcpproxy.TcpProxy_Cluster{Cluster: u.cluster},
		// The filter keeps its sessions as long as the client does; Envoy must not cut them idle.
		IdleTimeout: durationpb.New(0),
	})
	if err != nil {
		return err
	}
	r.Upstreams = append(r.Upstreams, &listener.Listener{
		Name:    u.listenerName(),
		Address: socketAddress(u.listen.Addr().String(), uint32(u.listen.Port())),
		FilterChains: []*listener.FilterChain{{Filters: []*listener.Filter{{
			Name:       "envoy.filters.network.tcp_proxy",
			ConfigType: &listener.Filter_TypedConfig{TypedConfig: proxy},
		}}}},
	})
	if u.typ == clusterExternal {
		return nil
	}
	typ := cluster.Cluster_STATIC
	if u.typ == clusterStrictDNS {
		typ = cluster.Cluster_STRICT_DNS
	}
	var eps []*endpoint.LbEndpoint
	for _, e := range u.endpoints {
		eps = append(eps, &endpoint.LbEndpoint{HostIdentifier: &endpoint.LbEndpoint_Endpoint{Endpoint: &endpoint.Endpoint{
			Address: socketAddress(e.host, e.port),
		}}})
	}
	c := &cluster.Cluster{
		Name:                 u.cluster,
		ClusterDiscoveryType: &cluster.Cluster_Type{Type: typ},
		ConnectTimeout:       durationpb.New(connectTimeout),
		LoadAssignment: &endpoint.ClusterLoadAssignment{ClusterName: u.cluster,
			Endpoints: []*endpoint.LocalityLbEndpoints{{LbEndpoints: eps}}},
		OutlierDetection: &cluster.OutlierDetection{
			Consecutive_5Xx:    wrapperspb.UInt32(outlierConsecutiveFailures),
			Interval:           durationpb.New(outlierInterval),
			BaseEjectionTime:   durationpb.New(outlierBaseEjection),
			MaxEjectionPercent: wrapperspb.UInt32(100),
		},
	}
	if u.tls != nil {
		ts, err := r.upstreamTLS(u)
		if err != nil {
			return err
		}
		c.TransportSocket = ts
	}
	r.Clusters = append(r.Clusters, c)
	return nil
}

// upstreamTLS is the cluster's UpstreamTlsContext: the CA (and client certificate) from SDS, SNI
// and the certificate's subject alt name checked against server_name.
func (r *Resources) upstreamTLS(u *upstream) (*core.TransportSocket, error) {
	name := u.tls.ServerName
	san := &tlsv3.SubjectAltNameMatcher{SanType: tlsv3.SubjectAltNameMatcher_DNS,
		Matcher: &matcher.StringMatcher{MatchPattern: &matcher.StringMatcher_Exact{Exact: name}}}
	sni := name
	if _, err := netip.ParseAddr(name); err == nil {
		san.SanType, sni = tlsv3.SubjectAltNameMatcher_IP_ADDRESS, "" // SNI carries host names only
	}
	common := &tlsv3.CommonTlsContext{ValidationContextType: &tlsv3.CommonTlsContext_CombinedValidationContext{
		CombinedValidationContext: &tlsv3.CommonTlsContext_CombinedCertificateValidationContext{
			DefaultValidationContext:         &tlsv3.CertificateValidationContext{MatchTypedSubjectAltNames: []*tlsv3.SubjectAltNameMatcher{san}},
			ValidationContextSdsSecretConfig: &tlsv3.SdsSecretConfig{Name: u.caSecret(), SdsConfig: adsSource()},
		}}}
	r.Secrets = append(r.Secrets, &tlsv3.Secret{Name: u.caSecret(), Type: &tlsv3.Secret_ValidationContext{
		ValidationContext: &tlsv3.CertificateValidationContext{TrustedCa: inline(u.ca)}}})
	r.secretRefs = append(r.secretRefs, u.caSecret())
	if u.cert != nil {
		common.TlsCertificateSdsSecretConfigs = []*tlsv3.SdsSecretConfig{{Name: u.certSecret(), SdsConfig: adsSource()}}
		r.Secrets = append(r.Secrets, &tlsv3.Secret{Name: u.certSecret(), Type: &tlsv3.Secret_TlsCertificate{TlsCertificate: &tlsv3.TlsCertificate{
			CertificateChain: inline(u.cert), PrivateKey: inline(u.key)}}})
		r.secretRefs = append(r.secretRefs, u.certSecret())
	}
	ctx, err := toAny(&tlsv3.UpstreamTlsContext{CommonTlsContext: common, Sni: sni})
	if err != nil {
		return nil, err
	}
	return &core.TransportSocket{Name: "envoy.transport_sockets.tls", ConfigType: &core.TransportSocket_TypedConfig{TypedConfig: ctx}}, nil
}

func inline(b []byte) *core.DataSource {
	return &core.DataSource{Specifier: &core.DataSource_InlineBytes{InlineBytes: b}}
}

func socketAddress(host string, port uint32) *core.Address {
	return &core.Address{Address: &core.Address_SocketAddress{SocketAddress: &core.SocketAddress{
		Address: host, PortSpecifier: &core.SocketAddress_PortValue{PortValue: port},
	}}}
}
