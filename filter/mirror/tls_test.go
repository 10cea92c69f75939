package mirror

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
)

// selfSigned writes a CA-signed-by-itself certificate for dnsName and returns the server config
// and the PEM file a client can trust.
func selfSigned(t *testing.T, dnsName string) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: dnsName}, DNSNames: []string{dnsName},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, ca
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
