package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// ViaEnvoy makes Envoy own the connections to one cluster: the filter dials Listen, a loopback
// listener of the same Envoy whose tcp_proxy forwards to the Envoy cluster Cluster, and Envoy
// makes the TLS connection, chooses the node (round robin over the endpoints, outlier detection)
// and keeps the upstream stats. The filter's discovery is off for that cluster
// (discovery: contact_points_only): its only node is Listen.
type ViaEnvoy struct {
	// Listen is the loopback ip:port of the listener the filter dials.
	Listen string `yaml:"listen"`
	// Cluster names the Envoy cluster. Default cqlmirror-<source|target>.
	Cluster string `yaml:"cluster"`
	// ClusterType is the cluster's discovery type: STATIC (the default when every contact point
	// is an IP address), STRICT_DNS (the default otherwise) or EXTERNAL (the cluster is defined
	// elsewhere: Envoy's bootstrap, or Istio's outbound|9042||<service>; no cluster is generated).
	ClusterType string `yaml:"cluster_type"`
	// TLS is Envoy's TLS to the cluster (an UpstreamTlsContext), its CA and client certificate
	// served through SDS.
	TLS *BackendTLS `yaml:"tls"`
}

// Envoy cluster types via_envoy takes.
const (
	clusterStatic    = "STATIC"
	clusterStrictDNS = "STRICT_DNS"
	clusterExternal  = "EXTERNAL"
)

// upstream is one validated via_envoy: the file's cluster name ("source" or "target"), its
// settings with defaults applied, the endpoints, and the PEM files' contents.
type upstream struct {
	name      string
	listen    netip.AddrPort
	cluster   string
	typ       string
	endpoints []hostPort
	tls       *BackendTLS
	ca        []byte
	cert, key []byte
}

type hostPort struct {
	host string
	port uint32
}

// validateViaEnvoy checks the via_envoy of cluster name, c, against the rest of the config; nil
// when c has none.
func validateViaEnvoy(name string, c *Cluster, v *Validated) (*upstream, error) {
	ve := c.ViaEnvoy
	if ve == nil {
		return nil, nil
	}
	field := name + ".via_envoy"
	u := &upstream{name: name, cluster: ve.Cluster, typ: ve.ClusterType, tls: ve.TLS}
	switch {
	case c.TLS != nil:
		return nil, fmt.Errorf("field %q: set together with %s.via_envoy, but with via_envoy Envoy makes the TLS connection: move it to %s.via_envoy.tls", name+".tls", name, name)
	case c.LocalDC != "":
		return nil, fmt.Errorf("field %q: %q has no use with %s.via_envoy: the Envoy cluster chooses the node", name+".local_dc", c.LocalDC, name)
	case c.Discovery != "" && c.Discovery != mirror.DiscoveryContactPointsOnly:
		return nil, fmt.Errorf("field %q: %q conflicts with %s.via_envoy, which needs %q: the nodes the system tables list would be dialed around Envoy",
			name+".discovery", c.Discovery, name, mirror.DiscoveryContactPointsOnly)
	}
	ap, err := netip.ParseAddrPort(ve.Listen)
	switch {
	case ve.Listen == "":
		return nil, fmt.Errorf("field %q: must be set to a loopback ip:port, e.g. 127.0.0.1:19043", field+".listen")
	case err != nil:
		return nil, fmt.Errorf("field %q: %q is not ip:port", field+".listen", ve.Listen)
	case !ap.Addr().IsLoopback():
		return nil, fmt.Errorf("field %q: %q is not a loopback address: the listener would open the cluster to anyone who can reach it", field+".listen", ve.Listen)
	case ap.Port() == 0:
		return nil, fmt.Errorf("field %q: %q: port 0 is not a port the filter can dial", field+".listen", ve.Listen)
	}
	u.listen = ap
	l, _ := netip.ParseAddr(v.Listener.Address)
	if ap.Port() == uint16(v.Listener.Port) && (l == ap.Addr() || l.IsUnspecified()) {
		return nil, fmt.Errorf("field %q: %q clashes with listener %s:%d", field+".listen", ve.Listen, v.Listener.Address, v.Listener.Port)
	}
	metrics := v.MetricsAddress
	if metrics == "" {
		metrics = mirror.DefaultMetricsAddress
	}
	if m, err := netip.ParseAddrPort(metrics); err == nil && m.Port() == ap.Port() && (m.Addr() == ap.Addr() || m.Addr().IsUnspecified()) {
		return nil, fmt.Errorf("field %q: %q clashes with metrics_address %q", field+".listen", ve.Listen, metrics)
	}
	if u.cluster == "" && u.typ != clusterExternal {
		u.cluster = "cqlmirror-" + name
	}
	if strings.ContainsAny(u.cluster, " \t\r\n") {
		return nil, fmt.Errorf("field %q: %q has spaces", field+".cluster", u.cluster)
	}
	if u.typ == clusterExternal {
		switch {
		case u.cluster == "":
			return nil, fmt.Errorf("field %q: must name the cluster defined elsewhere, with cluster_type %s (e.g. Istio's \"outbound|9042||cassandra.ns.svc.cluster.local\")", field+".cluster", clusterExternal)
		case c.Address != "":
			return nil, fmt.Errorf("field %q: %q is set, but with %s.cluster_type %s the cluster %q is defined elsewhere, its endpoints too: leave it out",
				name+".address", c.Address, field, u.typ, u.cluster)
		case c.ContactPoints != nil:
			return nil, fmt.Errorf("field %q: %q is set, but with %s.cluster_type %s the cluster %q is defined elsewhere, its endpoints too: leave it out",
				name+".contact_points", c.ContactPoints, field, u.typ, u.cluster)
		case u.tls != nil:
			return nil, fmt.Errorf("field %q: set with cluster_type %s: the cluster %q is defined elsewhere, its TLS too", field+".tls", u.typ, u.cluster)
		}
		return u, nil
	}
	if err := u.parseEndpoints(c); err != nil {
		return nil, err
	}
	hostName := ""
	for i, e := range u.endpoints {
		if _, err := netip.ParseAddr(e.host); err != nil && hostName == "" {
			hostName = fmt.Sprintf("%s.contact_points[%d] is %q", name, i, c.nodes()[i])
			if c.Address != "" {
				hostName = fmt.Sprintf("%s.address is %q", name, c.Address)
			}
		}
	}
	allIPs := hostName == ""
	switch u.typ {
	case "":
		u.typ = clusterStrictDNS
		if allIPs {
			u.typ = clusterStatic
		}
	case clusterStatic:
		if !allIPs {
			return nil, fmt.Errorf("field %q: %s takes IP addresses only, and %s, a host name: use %s", field+".cluster_type", u.typ, hostName, clusterStrictDNS)
		}
	case clusterStrictDNS:
	default:
		return nil, fmt.Errorf("field %q: %q is none of %s, %s, %s", field+".cluster_type", u.typ, clusterStatic, clusterStrictDNS, clusterExternal)
	}
	if u.tls != nil {
		if err := u.loadTLS(field + ".tls"); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// parseEndpoints checks the cluster's contact points, which become the Envoy cluster's endpoints.
func (u *upstream) parseEndpoints(c *Cluster) error {
	switch {
	case c.Address != "" && c.ContactPoints != nil:
		return fmt.Errorf("field %q: set either %s.address (%q) or %s.contact_points, not both", u.name+".contact_points", u.name, c.Address, u.name)
	case c.Address == "" && c.ContactPoints == nil:
		return fmt.Errorf("field %q: must not be empty: with %s.via_envoy, the contact points are the Envoy cluster's endpoints (or set cluster_type %s)", u.name+".address", u.name, clusterExternal)
	case c.ContactPoints != nil && len(c.ContactPoints) == 0:
		return fmt.Errorf("field %q: is an empty list: name at least one host:port", u.name+".contact_points")
	}
	seen := map[string]int{}
	for i, cp := range c.nodes() {
		field := fmt.Sprintf("%s.contact_points[%d]", u.name, i)
		if c.Address != "" {
			field = u.name + ".address"
		}
		host, port, err := net.SplitHostPort(cp)
		if err != nil || host == "" {
			return fmt.Errorf("field %q: %q is not host:port", field, cp)
		}
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || p == 0 {
			return fmt.Errorf("field %q: port %q is not a number in 1..65535", field, port)
		}
		if j, dup := seen[cp]; dup {
			return fmt.Errorf("field %q: %q is %s.contact_points[%d] again", field, cp, u.name, j)
		}
		seen[cp] = i
		u.endpoints = append(u.endpoints, hostPort{host: host, port: uint32(p)})
	}
	return nil
}

// loadTLS reads the CA and the client certificate as Envoy will get them.
func (u *upstream) loadTLS(field string) error {
	t := u.tls
	switch {
	case t.CAFile == "":
		return fmt.Errorf("field %q: must be set: Envoy checks the cluster's certificate only against a CA it is given", field+".ca_file")
	case t.ServerName == "":
		return fmt.Errorf("field %q: must be set: Envoy checks every node's certificate against this one name (DNS or IP address)", field+".server_name")
	case (t.CertFile == "") != (t.KeyFile == ""):
		return fmt.Errorf("field %q: cert_file and key_file go together (cert_file=%q, key_file=%q)", field, t.CertFile, t.KeyFile)
	}
	var err error
	if u.ca, err = os.ReadFile(t.CAFile); err != nil {
		return fmt.Errorf("field %q: %w", field+".ca_file", err)
	}
	if !x509.NewCertPool().AppendCertsFromPEM(u.ca) {
		return fmt.Errorf("field %q: %q holds no PEM certificate", field+".ca_file", t.CAFile)
	}
	if t.CertFile == "" {
		return nil
	}
	if u.cert, err = os.ReadFile(t.CertFile); err != nil {
		return fmt.Errorf("field %q: %w", field+".cert_file", err)
	}
	if u.key, err = os.ReadFile(t.KeyFile); err != nil {
		return fmt.Errorf("field %q: %w", field+".key_file", err)
	}
	if _, err := tls.X509KeyPair(u.cert, u.key); err != nil {
		return fmt.Errorf("field %q: %q and %q: %w", field, t.CertFile, t.KeyFile, err)
	}
	return nil
}

// filter is the filter's config of a cluster reached through Envoy: the loopback listener as its
// only node, with the cluster's credentials.
func (u *upstream) filter(c *Cluster) map[string]any {
	out := map[string]any{"address": u.listen.String(), "discovery": mirror.DiscoveryContactPointsOnly}
	if cr := c.Credentials; cr != nil {
		out["credentials"] = map[string]any{"username": cr.Username, "password_file": cr.PasswordFile}
	}
	return out
}

// files are the PEM files Envoy's TLS to the cluster is made of, watched for rotation.
func (u *upstream) files() []string {
	if u == nil || u.tls == nil {
		return nil
	}
	var out []string
	for _, f := range []string{u.tls.CAFile, u.tls.CertFile, u.tls.KeyFile} {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}
