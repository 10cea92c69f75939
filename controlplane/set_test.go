package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSetEditsTheFileOnlyWhenTheResultIsValid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cp.yaml")
	orig := "# the migration\nlistener: {port: 29042}\nsource: {address: \"127.0.0.2:9042\"}\ntarget:\n  address: \"127.0.0.3:9042\" # old target\n"
	if err := os.WriteFile(path, []byte(orig), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := SetFields(path, []string{"target.address=127.0.0.8:9042", "mirror_writes=false", "read_from=target"}); err != nil {
		t.Fatal(err)
	}
	v, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if v.Target.Address != "127.0.0.8:9042" || *v.MirrorWrites || v.ReadFrom != "target" {
		t.Fatalf("after set: target %q, mirror_writes %v, read_from %q", v.Target.Address, *v.MirrorWrites, v.ReadFrom)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "# the migration") || !strings.Contains(string(b), "# old target") {
		t.Errorf("comments lost:\n%s", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	for edit, want := range map[string]string{
		"target.address=127.0.0.9":   `"target.address": "127.0.0.9" is not host:port`,
		"target.adress=1.2.3.4:1":    `unknown field "target.adress" (line 6)`,
		"source.address.port=1":      `source.address is not a mapping`,
		"listener.port=seventy":      `field "listener.port" (line 2): cannot unmarshal`,
		"read_from":                  `want field=value`,
		"target.tls.ca_file=/nope":   `"target.tls.ca_file": open /nope`,
		"wait=maybe":                 `field "wait"`,
		"connect_timeout=1 second":   `field "connect_timeout": "1 second" is not a duration`,
		"target.credentials.x=y":     `unknown field "target.credentials.x"`,
		"listener.address=cassandra": `"listener.address": "cassandra" is not an IP address`,
	} {
		refuses(t, path, edit, want)
	}
	if err := SetFields(path, []string{"read_from="}); err != nil {
		t.Fatal(err)
	}
	if v, err := LoadConfig(path); err != nil || v.ReadFrom != "source" {
		t.Fatalf("removing read_from: %v, %+v", err, v)
	}
}

func TestSetTakesListsForListFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cp.yaml")
	orig := "listener: {port: 29042}\nsource:\n  address: \"127.0.0.2:9042\" # one node\ntarget: {address: \"127.0.0.3:9042\"}\n"
	if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		edits []string
		want  []string
	}{
		{[]string{"source.address=", "source.contact_points=[10.0.0.1:9042, \"db.internal:9042\"]"}, []string{"10.0.0.1:9042", "db.internal:9042"}},
		{[]string{"source.contact_points=10.0.0.1:9042, 10.0.0.2:9042,10.0.0.3:9042"}, []string{"10.0.0.1:9042", "10.0.0.2:9042", "10.0.0.3:9042"}},
		{[]string{"source.contact_points=10.0.0.9:9042"}, []string{"10.0.0.9:9042"}},
	} {
		if err := SetFields(path, c.edits); err != nil {
			t.Fatalf("set %q: %v", c.edits, err)
		}
		v, err := LoadConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v.Source.ContactPoints, c.want) || v.Source.Address != "" {
			t.Errorf("set %q: contact_points %q, address %q", c.edits, v.Source.ContactPoints, v.Source.Address)
		}
	}
	if err := SetFields(path, []string{"peers=[10.0.0.5:9042]", "source.local_dc=dc1"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `contact_points: ["10.0.0.9:9042"]`) || !strings.Contains(string(b), `peers: ["10.0.0.5:9042"]`) || !strings.Contains(string(b), "local_dc: dc1") {
		t.Errorf("the file:\n%s", b)
	}
	for edit, want := range map[string]string{
		"source.contact_points=[]":                          `field "source.contact_points": is an empty list`,
		"source.contact_points=[10.0.0.1:9042, 10.0.0.1]":   `field "source.contact_points[1]": "10.0.0.1" is not host:port`,
		"source.contact_points=a:1,a:1":                     `field "source.contact_points[1]": "a:1" is source.contact_points[0] again`,
		"source.contact_points=[a:1":                        `source.contact_points: want a list such as`,
		"source.address=10.0.0.1:9042":                      `set either source.address ("10.0.0.1:9042") or source.contact_points, not both`,
		"target.contact_points=[10.0.0.1:9042, [10.0.0.2]]": `want a list such as`,
	} {
		refuses(t, path, edit, want)
	}
}

func TestSnapshotVersionFollowsTheContent(t *testing.T) {
	a, err := ParseConfig([]byte("listener: {port: 1}\nsource: {address: \"a:1\"}\ntarget: {address: \"b:1\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseConfig([]byte("listener: {port: 1}\nsource: {address: \"a:1\"}\ntarget: {address: \"c:1\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	version := func(v *Validated) string {
		r, err := BuildResources(v)
		if err != nil {
			t.Fatal(err)
		}
		s, err := r.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		return s.GetVersion("type.googleapis.com/envoy.config.listener.v3.Listener") + "/" + s.GetVersion("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret")
	}
	if version(a) != version(a) || version(a) == version(b) {
		t.Fatalf("versions: a %s, a again %s, b %s", version(a), version(a), version(b))
	}
}

// refuses checks that set refuses edit with an error containing want, and leaves the file as it was.
func refuses(t *testing.T, path, edit, want string) {
	t.Helper()
	before, _ := os.ReadFile(path)
	err := SetFields(path, []string{edit})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("set %s: want an error containing %q, got %v", edit, want, err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("set %s changed the file", edit)
	}
}
