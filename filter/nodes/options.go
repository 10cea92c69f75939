package nodes

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// Options configure a Cluster. Zero durations take their defaults.
type Options struct {
	// Name is the cluster's role, "source" or "target". It names the cluster in errors, logs and
	// metrics, and prefixes the config fields errors name ("target.contact_points").
	Name string
	// ContactPoints are host:port starting points for discovery, tried in order until one
	// answers. A host name counts as every address it resolves to.
	ContactPoints []string
	// LocalDC is the data centre sessions use; "" means the DC of the first contact point that
	// answers.
	LocalDC string
	// TLS, when set, makes the TLS config of each connection (control, probe, Dial) to the node at
	// addr; host is the contact point's host name addr was resolved from, or "". StaticTLS adapts
	// one *tls.Config.
	TLS func(addr netip.AddrPort, host string) (*tls.Config, error)
	// ContactPointsOnly turns discovery off: no control connection reads the system tables, and
	// the contact points' addresses, resolved again every RefreshInterval, are the node list for
	// good (static mode from the start). For a cluster reached through a proxy, such as a
	// loopback listener of Envoy that forwards to an Envoy cluster, whose nodes must not be dialed
	// directly.
	ContactPointsOnly bool
	// Token is the SASL PLAIN token (PlainToken) the control connection answers AUTHENTICATE with;
	// nil when the cluster needs no authentication, or when the contact points are to serve as
	// the node list (static mode, see the package doc).
	Token []byte
	// ProtocolVersion of the control connection and probes: 3 or 4 (default 4). A node that answers
	// a v4 STARTUP with a protocol error is asked again with v3.
	ProtocolVersion primitive.ProtocolVersion
	// ConnectTimeout bounds each dial with its TLS handshake, each request of the control
	// connection and each probe. Default 5s.
	ConnectTimeout time.Duration
	// RefreshInterval is how often the control connection reads the system tables again and host
	// names are resolved again. Default 15s.
	RefreshInterval time.Duration
	// MinBackoff and MaxBackoff bound the wait before a down node is probed again, and before the
	// control connection tries another round of nodes. Defaults 1s and 30s.
	MinBackoff, MaxBackoff time.Duration
	// Logger gets the cluster's events (nodes up, down, found, gone; control connection changes).
	// Default slog.Default().
	Logger *slog.Logger
	// Dial opens TCP connections. Default: a net.Dialer with 30s keep-alives.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// Resolve looks up a contact point's host name. Default: net.DefaultResolver.LookupNetIP.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
}

const (
	defaultConnectTimeout  = 5 * time.Second
	defaultRefreshInterval = 15 * time.Second
	defaultMinBackoff      = time.Second
	defaultMaxBackoff      = 30 * time.Second
)

// contact is one parsed contact point: an address, or a host name to resolve.
type contact struct {
	host string // "" for an address
	addr netip.Addr
	port uint16
}

func (o *Options) normalize() ([]contact, error) {
	if o.Name == "" {
		return nil, errors.New("nodes: Options.Name is empty")
	}
	field := o.Name + ".contact_points"
	if len(o.ContactPoints) == 0 {
		return nil, fmt.Errorf("nodes: field %q: no contact point", field)
	}
	var contacts []contact
	for _, cp := range o.ContactPoints {
		host, port, err := net.SplitHostPort(cp)
		if err != nil {
			return nil, fmt.Errorf("nodes: field %q: %q is not host:port: %v", field, cp, err)
		}
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || p == 0 {
			return nil, fmt.Errorf("nodes: field %q: %q: port %q is not a number from 1 to 65535", field, cp, port)
		}
		if host == "" {
			return nil, fmt.Errorf("nodes: field %q: %q has no host", field, cp)
		}
		c := contact{port: uint16(p)}
		if a, err := netip.ParseAddr(host); err == nil {
			c.addr = a.Unmap()
		} else {
			c.host = host
		}
		contacts = append(contacts, c)
	}
	switch o.ProtocolVersion {
	case 0:
		o.ProtocolVersion = primitive.ProtocolVersion4
	case primitive.ProtocolVersion3, primitive.ProtocolVersion4:
	default:
		return nil, fmt.Errorf("nodes: %s: protocol version %d for the control connection: only 3 and 4 are supported", o.Name, o.ProtocolVersion)
	}
	for _, d := range []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"ConnectTimeout", &o.ConnectTimeout, defaultConnectTimeout},
		{"RefreshInterval", &o.RefreshInterval, defaultRefreshInterval},
		{"MinBackoff", &o.MinBackoff, defaultMinBackoff},
		{"MaxBackoff", &o.MaxBackoff, defaultMaxBackoff},
	} {
		if *d.v < 0 {
			return nil, fmt.Errorf("nodes: %s: Options.%s %s is negative", o.Name, d.name, *d.v)
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if o.MaxBackoff < o.MinBackoff {
		return nil, fmt.Errorf("nodes: %s: Options.MaxBackoff %s is less than Options.MinBackoff %s", o.Name, o.MaxBackoff, o.MinBackoff)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Dial == nil {
		d := &net.Dialer{KeepAlive: 30 * time.Second}
		o.Dial = d.DialContext
	}
	if o.Resolve == nil {
		o.Resolve = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	return contacts, nil
}

// PlainToken is the SASL PLAIN token for user and password, as PasswordAuthenticator takes it.
func PlainToken(user, password string) []byte {
	return append(append(append([]byte{0}, user...), 0), password...)
}

// StaticTLS uses tc for every node. When tc names no server and verifies certificates, each
// connection checks the node's certificate against the contact point's host name the address came
// from, else against the node's IP address.
func StaticTLS(tc *tls.Config) func(netip.AddrPort, string) (*tls.Config, error) {
	return func(addr netip.AddrPort, host string) (*tls.Config, error) {
		if tc.ServerName != "" || tc.InsecureSkipVerify {
			return tc, nil
		}
		c := tc.Clone()
		c.ServerName = host
		if host == "" {
			c.ServerName = addr.Addr().String()
		}
		return c, nil
	}
}
