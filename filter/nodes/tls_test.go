package nodes

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/cqlmirror/cqlmirror/filter/internal/testpki"
)

func TestTLSAndCredentialsOnTheControlConnection(t *testing.T) {
	resolve := func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("10.0.0.1")}, nil
	}
	for _, tc := range []struct {
		name    string
		certIPs []string
		trusted bool
		// want describes the nodes; wantErr is in the control error, or in the down nodes' reasons.
		want, wantErr string
	}{
		{name: "certificate for the host name and the addresses", certIPs: []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"}, trusted: true,
			want: "10.0.0.1:9042 dc1 r1 up local\n10.0.0.2:9042 dc1 r1 up local\n10.0.0.3:9042 dc1 r1 up local"},
		{name: "certificate for the host name only", trusted: true,
			want:    "10.0.0.1:9042 dc1 r1 up local\n10.0.0.2:9042 dc1 r1 down local\n10.0.0.3:9042 dc1 r1 down local",
			wantErr: "doesn't contain any IP SANs"},
		{name: "untrusted certificate", certIPs: []string{"10.0.0.1"},
			wantErr: "10.0.0.1:9042: TLS handshake with 10.0.0.1:9042: tls: failed to verify certificate: x509: certificate signed by unknown authority"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cert := testpki.SelfSigned(t, "cassandra.test", tc.certIPs...)
				serverTLS, pool := cert.Server, cert.Pool
				var mu sync.Mutex
				sni := map[string]int{}
				serverTLS.GetConfigForClient = func(h *tls.ClientHelloInfo) (*tls.Config, error) {
					mu.Lock()
					sni[h.ServerName]++
					mu.Unlock()
					return nil, nil
				}
				if !tc.trusted {
					pool = x509.NewCertPool()
				}
				fc := newFakeCluster(t)
				fc.tls = serverTLS
				fc.token = PlainToken("cassandra", "secret")
				fc.add("10.0.0.1:9042", "dc1", "r1")
				fc.add("10.0.0.2:9042", "dc1", "r1")
				fc.add("10.0.0.3:9042", "dc1", "r1")
				c, _ := start(t, fc, Options{ContactPoints: []string{"cassandra.test:9042"}, Resolve: resolve,
					TLS: StaticTLS(&tls.Config{RootCAs: pool}), Token: PlainToken("cassandra", "secret")})
				if tc.want == "" {
					s := waitFor(t, c, "a control connection error", func(s Snapshot) bool { return s.ControlError != "" })
					if s.ControlError != tc.wantErr {
						t.Errorf("control error %q\nwant %q", s.ControlError, tc.wantErr)
					}
					return
				}
				waitReady(t, c)
				s := c.Snapshot()
				if got := describe(s); got != tc.want {
					t.Errorf("nodes:\n%s\nwant:\n%s", got, tc.want)
				}
				for _, n := range s.Nodes {
					if n.State == Down && (!strings.Contains(n.Reason, "TLS handshake with "+n.Addr.String()) || !strings.Contains(n.Reason, tc.wantErr)) {
						t.Errorf("%s is down for %q, want a TLS handshake error with %q", n.Addr, n.Reason, tc.wantErr)
					}
				}
				// The contact point's address is checked against its host name; the addresses
				// discovered are checked against their IP SANs, and TLS sends no SNI for an IP.
				mu.Lock()
				defer mu.Unlock()
				if sni["cassandra.test"] == 0 || len(sni) != 2 || sni[""] == 0 {
					t.Errorf("server names sent: %v", sni)
				}
			})
		})
	}
}
