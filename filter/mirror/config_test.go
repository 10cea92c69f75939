package mirror

import (
	"strings"
	"testing"
	"time"
)

func TestParseConfigDefaults(t *testing.T) {
	c, err := ParseConfig([]byte(`{"stat_prefix":"p","source":{"address":"127.0.0.2:9042"},"target":{"address":"cassandra-target:9042"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !*c.Wait || c.MaxFrameBytes != ProtocolMaxFrameBytes || time.Duration(c.ConnectTimeout) != 5*time.Second {
		t.Fatalf("defaults: wait=%v max_frame_bytes=%d connect_timeout=%v", *c.Wait, c.MaxFrameBytes, time.Duration(c.ConnectTimeout))
	}
	if hc := c.HealthCheck; time.Duration(hc.Interval) != time.Second || time.Duration(hc.Timeout) != time.Second {
		t.Fatalf("health_check defaults: %+v", hc)
	}
	short, err := ParseConfig([]byte(`{"stat_prefix":"p","source":{"address":"127.0.0.2:9042"},"target":{"address":"127.0.0.3:9042"},"request_timeout":"200ms"}`))
	if err != nil || time.Duration(short.HealthCheck.Timeout) != 200*time.Millisecond {
		t.Fatalf("health_check.timeout must default to request_timeout when that is shorter: %v %v", err, short)
	}
}

func TestParseConfigErrorsNameFieldAndValue(t *testing.T) {
	base := `"stat_prefix":"p","source":{"address":"127.0.0.2:9042"},"target":{"address":"127.0.0.3:9042"}`
	for name, tc := range map[string]struct{ json, want string }{
		"unknown field":        {`{` + base + `,"wiat":false}`, `unknown field "wiat"`},
		"missing prefix":       {`{"source":{"address":"a:1"},"target":{"address":"b:1"}}`, `"stat_prefix"`},
		"no port":              {`{"stat_prefix":"p","source":{"address":"127.0.0.2"},"target":{"address":"b:1"}}`, `"source.address": "127.0.0.2" is not host:port`},
		"bad port":             {`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"address":"b:99999"}}`, `"target.address": port "99999"`},
		"wrong type":           {`{` + base + `,"wait":"yes"}`, `field "wait"`},
		"bad duration":         {`{` + base + `,"connect_timeout":"soon"}`, `soon`},
		"frame limit":          {`{` + base + `,"max_frame_bytes":10}`, `"max_frame_bytes": 10 is outside`},
		"cert without key":     {`{"stat_prefix":"p","source":{"address":"a:1","tls":{"cert_file":"c.pem"}},"target":{"address":"b:1"}}`, `"source.tls": cert_file and key_file go together`},
		"trailing data":        {`{` + base + `} {}`, `trailing data`},
		"missing target":       {`{"stat_prefix":"p","source":{"address":"a:1"}}`, `"target.address": must not be empty`},
		"source credentials":   {`{"stat_prefix":"p","source":{"address":"a:1","credentials":{"username":"u"}},"target":{"address":"b:1"}}`, `"source.credentials.password_file": must not be empty`},
		"both forms":           {`{"stat_prefix":"p","source":{"address":"a:1","contact_points":["a:1"]},"target":{"address":"b:1"}}`, `"source.contact_points": set either source.address ("a:1") or source.contact_points, not both`},
		"empty list":           {`{"stat_prefix":"p","source":{"contact_points":[]},"target":{"address":"b:1"}}`, `"source.contact_points": is an empty list`},
		"bad contact point":    {`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"contact_points":["b:1","c"]}}`, `"target.contact_points[1]": "c" is not host:port`},
		"contact point port":   {`{"stat_prefix":"p","source":{"contact_points":["a:0"]},"target":{"address":"b:1"}}`, `"source.contact_points[0]": port "0"`},
		"repeated point":       {`{"stat_prefix":"p","source":{"contact_points":["a:1","b:1","a:1"]},"target":{"address":"b:1"}}`, `"source.contact_points[2]": "a:1" is source.contact_points[0] again`},
		"local_dc spaces":      {`{"stat_prefix":"p","source":{"address":"a:1","local_dc":"dc1 "},"target":{"address":"b:1"}}`, `"source.local_dc": "dc1 " has leading`},
		"off, dc, no address":  {`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"local_dc":"dc1"},"mirror_writes":false}`, `"target.address": must not be empty`},
		"no password file":     {`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"address":"b:1","credentials":{"username":"u"}}}`, `"target.credentials.password_file": must not be empty`},
		"bad peer":             {`{` + base + `,"peers":["10.0.0.1:9042","cassandra:9042"]}`, `"peers[1]": "cassandra:9042" is not ip:port`},
		"negative timeout":     {`{` + base + `,"connect_timeout":"-1s"}`, `"connect_timeout": -1s is negative`},
		"negative interval":    {`{` + base + `,"health_check":{"interval":"-1s"}}`, `"health_check.interval": -1s is negative`},
		"health past deadline": {`{` + base + `,"request_timeout":"2s","health_check":{"timeout":"3s"}}`, `"health_check.timeout": 3s is longer than request_timeout 2s`},
		"mirroring, no target": {`{"stat_prefix":"p","source":{"address":"a:1"},"mirror_writes":true}`, `"target.address": must not be empty`},
		"off, bad target":      {`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"address":"b"},"mirror_writes":false}`, `"target.address": "b" is not host:port`},
		"off, tls, no address": {`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"tls":{}},"mirror_writes":false}`, `"target.address": must not be empty`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.json))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error containing %q, got %v", tc.want, err)
			}
		})
	}
}

func TestContactPoints(t *testing.T) {
	c, err := ParseConfig([]byte(`{"stat_prefix":"p","source":{"contact_points":["10.0.0.1:9042","cassandra-0.cassandra:9042"],"local_dc":"dc1"},"target":{"address":"10.1.0.1:9042"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Source.Nodes(); len(got) != 2 || got[1] != "cassandra-0.cassandra:9042" || c.Source.LocalDC != "dc1" {
		t.Fatalf("source contact points %v, local_dc %q", got, c.Source.LocalDC)
	}
	if got := c.Target.Nodes(); len(got) != 1 || got[0] != "10.1.0.1:9042" {
		t.Fatalf("address is a list of one: %v", got)
	}
}

func TestNewNamesTheMissingPasswordFile(t *testing.T) {
	c, err := ParseConfig([]byte(`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"address":"b:1","credentials":{"username":"u","password_file":"/nonexistent/pw"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(c); err == nil || !strings.Contains(err.Error(), `"target.credentials.password_file"`) {
		t.Fatalf("want an error naming target.credentials.password_file, got %v", err)
	}
}

func TestNewNamesTheBadTLSFile(t *testing.T) {
	c, err := ParseConfig([]byte(`{"stat_prefix":"p","source":{"address":"a:1"},"target":{"address":"b:1","tls":{"ca_file":"/nonexistent/ca.pem"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(c); err == nil || !strings.Contains(err.Error(), `"target.tls.ca_file"`) || !strings.Contains(err.Error(), "/nonexistent/ca.pem") {
		t.Fatalf("want an error naming target.tls.ca_file and the path, got %v", err)
	}
}
