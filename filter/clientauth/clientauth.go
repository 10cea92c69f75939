// Package clientauth turns the TLS files and login that the filter's config names for a cluster
// into what a client connection to it needs: a *tls.Config and a SASL PLAIN token. Errors name
// the config field (under the cluster name the caller gives) and the file.
package clientauth

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
)

// TLSFiles are a cluster's tls settings.
type TLSFiles struct {
	// CAFile is a PEM bundle that verifies the server; empty means the system roots.
	CAFile string
	// ServerName is checked against the server's certificate; empty means address's host.
	ServerName string
	// CertFile and KeyFile are an optional client certificate.
	CertFile, KeyFile string
}

// TLSConfig is the client TLS config for the cluster at address (host:port). cluster names it in
// errors, e.g. "target" gives field "target.tls.ca_file".
func TLSConfig(cluster, address string, f TLSFiles) (*tls.Config, error) {
	host, _, _ := net.SplitHostPort(address)
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if f.ServerName != "" {
		tc.ServerName = f.ServerName
	}
	if f.CAFile != "" {
		pem, err := os.ReadFile(f.CAFile)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", cluster+".tls.ca_file", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("field %q: %q holds no PEM certificate", cluster+".tls.ca_file", f.CAFile)
		}
		tc.RootCAs = pool
	}
	if f.CertFile != "" || f.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(f.CertFile, f.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", cluster+".tls.cert_file", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// PlainToken is the SASL PLAIN token (as PasswordAuthenticator takes it) for username and the
// password in passwordFile, its trailing newline left out.
func PlainToken(cluster, username, passwordFile string) ([]byte, error) {
	pw, err := os.ReadFile(passwordFile)
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", cluster+".credentials.password_file", err)
	}
	pw = bytes.TrimRight(pw, "\r\n")
	return append(append(append([]byte{0}, username...), 0), pw...), nil
}
