package clientauth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const files = "../../controlplane/testdata/files/"

func TestTLSConfig(t *testing.T) {
	tc, err := TLSConfig("target", "127.0.0.3:9042", TLSFiles{CAFile: files + "ca.pem", CertFile: files + "server.pem", KeyFile: files + "server.key"})
	if err != nil {
		t.Fatal(err)
	}
	if tc.ServerName != "127.0.0.3" || tc.RootCAs == nil || len(tc.Certificates) != 1 {
		t.Errorf("server name %q, roots %v, %d client certificates", tc.ServerName, tc.RootCAs != nil, len(tc.Certificates))
	}
	if tc, _ := TLSConfig("target", "127.0.0.3:9042", TLSFiles{ServerName: "db.example"}); tc.ServerName != "db.example" || tc.RootCAs != nil {
		t.Errorf("server_name: got %q (roots %v)", tc.ServerName, tc.RootCAs != nil)
	}
	for _, c := range []struct {
		f    TLSFiles
		want string
	}{
		{TLSFiles{CAFile: "/nonexistent/ca.pem"}, `field "source.tls.ca_file": open /nonexistent/ca.pem`},
		{TLSFiles{CAFile: files + "password"}, `field "source.tls.ca_file": "` + files + `password" holds no PEM certificate`},
		{TLSFiles{CertFile: files + "server.pem", KeyFile: files + "ca.pem"}, `field "source.tls.cert_file": tls:`},
	} {
		_, err := TLSConfig("source", "db:9042", c.f)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %s...", c.f, err, c.want)
		}
	}
}

func TestPlainToken(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("s3cret\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, err := PlainToken("target", "cassandra", pw)
	if err != nil || string(tok) != "\x00cassandra\x00s3cret" {
		t.Errorf("got %q, %v", tok, err)
	}
	if _, err := PlainToken("target", "u", "/nonexistent/pw"); err == nil || !strings.HasPrefix(err.Error(), `field "target.credentials.password_file": open /nonexistent/pw`) {
		t.Errorf("missing file: %v", err)
	}
}
