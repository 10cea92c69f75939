package mirror

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
	"github.com/cqlmirror/cqlmirror/filter/internal/testpki"
)

// selfSigned makes a certificate for dnsName and returns the server config and a ca_file that
// trusts it.
func selfSigned(t *testing.T, dnsName string) (*tls.Config, string) {
	c := testpki.SelfSigned(t, dnsName)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, c.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return c.Server, ca
}

func TestBackendTLS(t *testing.T) {
	serverTLS, ca := selfSigned(t, "target.cql.test")
	src := startFake(t, "s")
	tgt := fakecql.StartTLS(t, "t", serverTLS)
	for _, tc := range []struct {
		name, serverName string
		ok               bool
	}{
		{"matching name", "target.cql.test", true},
		{"wrong name", "other.cql.test", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMirror(t, src, tgt, `,"failure_policy":"strict","target":{"address":"`+tgt.ListenAddress+`","tls":{"ca_file":"`+ca+`","server_name":"`+tc.serverName+`"}}`)
			c := newTestConn(t, m)
			c.send(encode(t, primitive.ProtocolVersion4, 0, &message.Options{}))
			f := c.mustNext("OPTIONS over TLS")
			if tc.ok {
				if f.Header.OpCode != primitive.OpCodeSupported {
					t.Fatalf("want SUPPORTED over TLS, got %v", f.Body.Message)
				}
				return
			}
			se, ok := f.Body.Message.(*message.ServerError)
			if !ok || !strings.Contains(se.ErrorMessage, "TLS handshake") || !strings.Contains(se.ErrorMessage, "other.cql.test") {
				t.Fatalf("a certificate for another name must be refused with a clear error, got %v", f.Body.Message)
			}
		})
	}
}
