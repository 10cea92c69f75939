package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// pki is a test CA, target2's keystore (its certificate names 127.0.0.8 and target2DNS), and
// Envoy's client-facing certificate for localhost.
type pki struct {
	dir, caFile, nodeKeystore         string
	listenerCertFile, listenerKeyFile string
	ca                                *x509.Certificate
	caKey                             *ecdsa.PrivateKey
	pool                              *x509.CertPool
}

func newPKI(t *testing.T, dir string) *pki {
	t.Helper()
	p := &pki{dir: dir, caFile: filepath.Join(dir, "ca.pem"), nodeKeystore: filepath.Join(dir, "target2.p12"),
		listenerCertFile: filepath.Join(dir, "listener.pem"), listenerKeyFile: filepath.Join(dir, "listener.key")}
	var err error
	if p.caKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cqlmirror e2e CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &p.caKey.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	if p.ca, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	p.pool = x509.NewCertPool()
	p.pool.AddCert(p.ca)
	writePEM(t, p.caFile, "CERTIFICATE", der)
	nodeCert, nodeKey := filepath.Join(dir, "target2.pem"), filepath.Join(dir, "target2.key")
	p.issue(t, 2, "target2", []string{target2DNS}, []net.IP{net.ParseIP(target2Host)}, nodeCert, nodeKey)
	out, err := exec.Command("openssl", "pkcs12", "-export", "-in", nodeCert, "-inkey", nodeKey, "-name", "target2",
		"-out", p.nodeKeystore, "-passout", "pass:cassandra").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl pkcs12: %v\n%s", err, out)
	}
	return p
}

func (p *pki) issue(t *testing.T, serial int64, cn string, dns []string, ips []net.IP, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn}, DNSNames: dns, IPAddresses: ips,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	// Key first, certificate last: a watcher that reads the pair in between sees a mismatch and
	// keeps the last good one.
	writePEM(t, keyFile, "PRIVATE KEY", kder)
	writePEM(t, certFile, "CERTIFICATE", der)
}

// listenerCert (re)writes Envoy's client-facing certificate with the given serial.
func (p *pki) listenerCert(t *testing.T, serial int64) int64 {
	p.issue(t, serial, "localhost", []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")}, p.listenerCertFile, p.listenerKeyFile)
	return serial
}

// servedSerial is the serial of the certificate Envoy presents to a new TLS client.
func (p *pki) servedSerial(t *testing.T) int64 {
	t.Helper()
	c, err := tls.Dial("tcp", cpProxyAddr, &tls.Config{RootCAs: p.pool, ServerName: "localhost"})
	if err != nil {
		t.Fatalf("TLS to the proxy: %v", err)
	}
	defer c.Close()
	return c.ConnectionState().PeerCertificates[0].SerialNumber.Int64()
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}
