package main

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// Config is the control plane's YAML file; docs/CONTROLPLANE.md describes every field. Each field
// maps onto the filter's own config (README, Configuration), except listener and read_from, which
// the control plane turns into the listener and the filter's source/target roles.
type Config struct {
	// Listener is where Envoy accepts client connections.
	Listener Listener `yaml:"listener"`
	// EnvoyFilter is how Envoy runs cqlmirror: "dynamic_module" (default; stock Envoy loads
	// libcqlmirror.so) or "golang" (Envoy contrib's Go network filter loads GolangLibrary).
	EnvoyFilter   string `yaml:"envoy_filter"`
	GolangLibrary string `yaml:"golang_library"`
	// StatPrefix names the filter instance in Envoy's logs and stats. Default "cqlmirror".
	StatPrefix string `yaml:"stat_prefix"`
	// MirrorWrites: false sends everything to the read-serving cluster alone. Default true.
	MirrorWrites *bool `yaml:"mirror_writes"`
	// ReadFrom names the cluster that serves reads and decides replies: "source" (default) or
	// "target".
	ReadFrom string `yaml:"read_from"`
	// Source and Target are the two clusters.
	Source Cluster `yaml:"source"`
	Target Cluster `yaml:"target"`
	// The filter's own settings, passed on unchanged (defaults are the filter's).
	Wait                   *bool       `yaml:"wait"`
	ConnectTimeout         string      `yaml:"connect_timeout"`
	RequestTimeout         string      `yaml:"request_timeout"`
	MaxFrameBytes          int         `yaml:"max_frame_bytes"`
	FailurePolicy          string      `yaml:"failure_policy"`
	FailedWritesFile       string      `yaml:"failed_writes_file"`
	DeterministicFunctions bool        `yaml:"deterministic_functions"`
	Peers                  []string    `yaml:"peers"`
	MetricsAddress         string      `yaml:"metrics_address"`
	ReadReport             *ReadReport `yaml:"read_report"`
	LogBoundValues         bool        `yaml:"log_bound_values"`
	HealthCheck            HealthCheck `yaml:"health_check"`
	Journal                Journal     `yaml:"journal"`
	MaxTargetQueueBytes    int         `yaml:"max_target_queue_bytes"`
}

// Journal is the filter's journal.
type Journal struct {
	Sync          string `yaml:"sync"`
	SyncInterval  string `yaml:"sync_interval"`
	MaxFileBytes  int64  `yaml:"max_file_bytes"`
	MaxTotalBytes int64  `yaml:"max_total_bytes"`
}

// HealthCheck is the filter's health_check.
type HealthCheck struct {
	Interval string `yaml:"interval"`
	Timeout  string `yaml:"timeout"`
}

// ReadReport is the filter's read_report.
type ReadReport struct {
	SampleRate     float64 `yaml:"sample_rate"`
	MaxDifferences int     `yaml:"max_differences"`
}

// Listener is Envoy's client-facing side.
type Listener struct {
	// Address is the IP Envoy binds. Default 127.0.0.1.
	Address string `yaml:"address"`
	// Port is required.
	Port int `yaml:"port"`
	// TLS, when set, makes clients connect with TLS; the certificate reaches Envoy through SDS and
	// is pushed again whenever the files change.
	TLS *ServerTLS `yaml:"tls"`
}

// ServerTLS is the certificate Envoy presents to clients.
type ServerTLS struct {
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
}

// Cluster is one Cassandra cluster as the filter reaches it: Address (one host:port) or
// ContactPoints, not both. With ViaEnvoy, Envoy reaches it instead, and those are the Envoy
// cluster's endpoints.
type Cluster struct {
	Address       string       `yaml:"address"`
	ContactPoints []string     `yaml:"contact_points"`
	LocalDC       string       `yaml:"local_dc"`
	Discovery     string       `yaml:"discovery"`
	TLS           *BackendTLS  `yaml:"tls"`
	Credentials   *Credentials `yaml:"credentials"`
	ViaEnvoy      *ViaEnvoy    `yaml:"via_envoy"`
}

// nodes are the cluster's contact points: contact_points, or address as a list of one.
func (c *Cluster) nodes() []string {
	if c.Address != "" {
		return []string{c.Address}
	}
	return c.ContactPoints
}

// configured reports whether any field of c is set.
func (c *Cluster) configured() bool {
	return c.Address != "" || c.ContactPoints != nil || c.LocalDC != "" || c.Discovery != "" || c.TLS != nil || c.Credentials != nil || c.ViaEnvoy != nil
}

// BackendTLS is the filter's TLS to one cluster.
type BackendTLS struct {
	CAFile     string `yaml:"ca_file"`
	ServerName string `yaml:"server_name"`
	CertFile   string `yaml:"cert_file"`
	KeyFile    string `yaml:"key_file"`
}

// Credentials are the user the filter logs in with, the password staying in its file: on the
// mirrored cluster for its sessions and its discovery connection; on the read-serving cluster for
// the discovery connection only (its sessions always carry the client's own credentials).
type Credentials struct {
	Username     string `yaml:"username"`
	PasswordFile string `yaml:"password_file"`
}

const (
	filterDynamicModule = "dynamic_module"
	filterGolang        = "golang"
	defaultStatPrefix   = "cqlmirror"
	defaultAddress      = "127.0.0.1"
)

// Validated is a config that passed every check, with what was built from it.
type Validated struct {
	Config
	// Filter is the filter's config (JSON) as Envoy will hand it to the filter.
	Filter []byte
	// Cert and Key are the downstream certificate's PEM, when the listener has TLS.
	Cert, Key []byte
	// Upstreams are the clusters Envoy reaches for the filter (via_envoy), source first.
	Upstreams []*upstream
}

// LoadConfig reads and validates the file at path.
func LoadConfig(path string) (*Validated, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	v, err := ParseConfig(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// ParseConfig decodes a YAML config (unknown fields are errors) and validates it the way the
// filter will, files included, so that Envoy is never sent a config it would reject.
func ParseConfig(b []byte) (*Validated, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var c Config
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the file is empty")
		}
		return nil, describeYAMLError(b, err)
	}
	if err := nullContactPoints(b); err != nil {
		return nil, err
	}
	return c.validate()
}

// nullContactPoints refuses a cluster's contact_points written with no value, which would otherwise
// decode as if the field were absent.
func nullContactPoints(b []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		cluster := top[i].Value
		if (cluster != "source" && cluster != "target") || top[i+1].Kind != yaml.MappingNode {
			continue
		}
		m := top[i+1].Content
		for j := 0; j+1 < len(m); j += 2 {
			if m[j].Value == "contact_points" && m[j+1].Kind == yaml.ScalarNode && m[j+1].ShortTag() == "!!null" {
				return fmt.Errorf("field %q (line %d): has no value: name at least one host:port, e.g. [\"10.0.0.1:9042\"]", cluster+".contact_points", m[j].Line)
			}
		}
	}
	return nil
}

// describeYAMLError names the field of each of yaml.v3's "line N: ..." errors, found from the
// line in the document.
func describeYAMLError(b []byte, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	fields := map[int][]string{}
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) == nil {
		indexFields(&doc, "", fields)
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		msgs[i] = m
		var line int
		if _, err := fmt.Sscanf(m, "line %d:", &line); err != nil || len(fields[line]) == 0 {
			continue
		}
		rest := m[strings.Index(m, ":")+2:]
		var name string
		if _, err := fmt.Sscanf(rest, "field %s not found in type", &name); err == nil {
			for _, f := range fields[line] {
				if f == name || strings.HasSuffix(f, "."+name) {
					msgs[i] = fmt.Sprintf("unknown field %q (line %d)", f, line)
				}
			}
			continue
		}
		f := fields[line]
		msgs[i] = fmt.Sprintf("field %q (line %d): %s", f[len(f)-1], line, rest)
	}
	return errors.New(strings.Join(msgs, "; "))
}

// indexFields maps each line to the dotted paths of the keys on it.
func indexFields(n *yaml.Node, path string, out map[int][]string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			indexFields(c, path, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if path != "" {
				k = path + "." + k
			}
			out[n.Content[i].Line] = append(out[n.Content[i].Line], k)
			indexFields(n.Content[i+1], k, out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			indexFields(c, fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

func (c Config) validate() (*Validated, error) {
	v := &Validated{Config: c}
	l := &v.Listener
	if l.Address == "" {
		l.Address = defaultAddress
	}
	if _, err := netip.ParseAddr(l.Address); err != nil {
		return nil, fmt.Errorf("field \"listener.address\": %q is not an IP address", l.Address)
	}
	if l.Port < 1 || l.Port > 65535 {
		return nil, fmt.Errorf("field \"listener.port\": %d is not in 1..65535", l.Port)
	}
	if t := l.TLS; t != nil {
		if t.CertFile == "" || t.KeyFile == "" {
			return nil, fmt.Errorf("field \"listener.tls\": cert_file and key_file are both required (cert_file=%q, key_file=%q)", t.CertFile, t.KeyFile)
		}
		var err error
		if v.Cert, err = os.ReadFile(t.CertFile); err != nil {
			return nil, fmt.Errorf("field \"listener.tls.cert_file\": %w", err)
		}
		if v.Key, err = os.ReadFile(t.KeyFile); err != nil {
			return nil, fmt.Errorf("field \"listener.tls.key_file\": %w", err)
		}
		if _, err := tls.X509KeyPair(v.Cert, v.Key); err != nil {
			return nil, fmt.Errorf("field \"listener.tls\": %q and %q: %w", t.CertFile, t.KeyFile, err)
		}
	}
	switch v.EnvoyFilter {
	case "", filterDynamicModule:
		v.EnvoyFilter = filterDynamicModule
		if v.GolangLibrary != "" {
			return nil, fmt.Errorf("field \"golang_library\": %q is for envoy_filter: %s only", v.GolangLibrary, filterGolang)
		}
	case filterGolang:
		if !filepath.IsAbs(v.GolangLibrary) {
			return nil, fmt.Errorf("field \"golang_library\": %q must be the absolute path of cqlmirror-contrib.so on Envoy's host", v.GolangLibrary)
		}
	default:
		return nil, fmt.Errorf("field \"envoy_filter\": %q is neither %q nor %q", v.EnvoyFilter, filterDynamicModule, filterGolang)
	}
	if v.StatPrefix == "" {
		v.StatPrefix = defaultStatPrefix
	}
	if v.MirrorWrites == nil {
		t := true
		v.MirrorWrites = &t
	}
	// The filter's source role serves reads and decides replies: read_from picks the cluster.
	reads, mirrored, readsName := &v.Source, &v.Target, "source"
	switch v.ReadFrom {
	case "", "source":
		v.ReadFrom = "source"
	case "target":
		reads, mirrored, readsName = mirrored, reads, "target"
	default:
		return nil, fmt.Errorf("field \"read_from\": %q is neither \"source\" nor \"target\"", v.ReadFrom)
	}
	ups := map[*Cluster]*upstream{}
	for _, c := range []struct {
		name string
		cl   *Cluster
	}{{"source", &v.Source}, {"target", &v.Target}} {
		u, err := validateViaEnvoy(c.name, c.cl, v)
		if err != nil {
			return nil, err
		}
		if u == nil {
			continue
		}
		for _, o := range v.Upstreams {
			if o.listen == u.listen {
				return nil, fmt.Errorf("field %q: %q is source.via_envoy.listen too: each cluster needs a listener of its own", "target.via_envoy.listen", u.listen)
			}
		}
		ups[c.cl] = u
		v.Upstreams = append(v.Upstreams, u)
	}
	filterOf := func(c *Cluster) map[string]any {
		if u := ups[c]; u != nil {
			return u.filter(c)
		}
		return c.filter()
	}
	f := map[string]any{"stat_prefix": v.StatPrefix, "source": filterOf(reads), "mirror_writes": *v.MirrorWrites}
	if mirrored.configured() || *v.MirrorWrites {
		f["target"] = filterOf(mirrored)
	}
	for _, d := range [][2]string{{"connect_timeout", v.ConnectTimeout}, {"request_timeout", v.RequestTimeout},
		{"health_check.interval", v.HealthCheck.Interval}, {"health_check.timeout", v.HealthCheck.Timeout},
		{"journal.sync_interval", v.Journal.SyncInterval}} {
		if _, err := time.ParseDuration(d[1]); d[1] != "" && err != nil {
			return nil, fmt.Errorf("field %q: %q is not a duration such as \"5s\"", d[0], d[1])
		}
	}
	set := func(k string, val any, isSet bool) {
		if isSet {
			f[k] = val
		}
	}
	set("wait", v.Wait, v.Wait != nil)
	set("connect_timeout", v.ConnectTimeout, v.ConnectTimeout != "")
	set("request_timeout", v.RequestTimeout, v.RequestTimeout != "")
	set("max_frame_bytes", v.MaxFrameBytes, v.MaxFrameBytes != 0)
	set("failure_policy", v.FailurePolicy, v.FailurePolicy != "")
	set("failed_writes_file", v.FailedWritesFile, v.FailedWritesFile != "")
	set("deterministic_functions", true, v.DeterministicFunctions)
	set("peers", v.Peers, len(v.Peers) > 0)
	set("metrics_address", v.MetricsAddress, v.MetricsAddress != "")
	if r := v.ReadReport; r != nil {
		f["read_report"] = map[string]any{"sample_rate": r.SampleRate, "max_differences": r.MaxDifferences}
	}
	set("log_bound_values", true, v.LogBoundValues)
	if hc := v.HealthCheck; hc != (HealthCheck{}) {
		m := map[string]any{}
		for k, d := range map[string]string{"interval": hc.Interval, "timeout": hc.Timeout} {
			if d != "" {
				m[k] = d
			}
		}
		f["health_check"] = m
	}
	if j := v.Journal; j != (Journal{}) {
		m := map[string]any{}
		set := func(k string, val any, isSet bool) {
			if isSet {
				m[k] = val
			}
		}
		set("sync", j.Sync, j.Sync != "")
		set("sync_interval", j.SyncInterval, j.SyncInterval != "")
		set("max_file_bytes", j.MaxFileBytes, j.MaxFileBytes != 0)
		set("max_total_bytes", j.MaxTotalBytes, j.MaxTotalBytes != 0)
		f["journal"] = m
	}
	set("max_target_queue_bytes", v.MaxTargetQueueBytes, v.MaxTargetQueueBytes != 0)
	js, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	// The filter's own parser and loader: what passes here, the filter accepts (on a host that
	// sees the same files). Envoy gets only what the file set; the filter fills in its defaults.
	parsed, err := mirror.ParseConfig(js)
	if err != nil {
		return nil, renameRoles(err, readsName)
	}
	m, err := mirror.New(parsed)
	if err != nil {
		return nil, renameRoles(err, readsName)
	}
	m.Close()
	v.Filter = js
	return v, nil
}

func (c *Cluster) filter() map[string]any {
	out := map[string]any{}
	if c.Address != "" || c.ContactPoints == nil {
		out["address"] = c.Address
	}
	if c.ContactPoints != nil {
		out["contact_points"] = c.ContactPoints
	}
	if c.LocalDC != "" {
		out["local_dc"] = c.LocalDC
	}
	if c.Discovery != "" {
		out["discovery"] = c.Discovery
	}
	if t := c.TLS; t != nil {
		tl := map[string]any{}
		for k, val := range map[string]string{"ca_file": t.CAFile, "server_name": t.ServerName, "cert_file": t.CertFile, "key_file": t.KeyFile} {
			if val != "" {
				tl[k] = val
			}
		}
		out["tls"] = tl
	}
	if cr := c.Credentials; cr != nil {
		out["credentials"] = map[string]any{"username": cr.Username, "password_file": cr.PasswordFile}
	}
	return out
}

// roleField is a field path of one of the filter's clusters in an error: "source.address",
// target.contact_points[1], not inside a host name such as "db.source.example:9042".
var roleField = regexp.MustCompile(`(^|[^A-Za-z0-9_.-])(source|target)(\.(?:address|contact_points|local_dc|discovery|tls|credentials)\b)`)

// renameRoles turns the filter's role names in an error into the file's cluster names when
// read_from swaps them: the filter's "source" is then the file's target.
func renameRoles(err error, reads string) error {
	if reads == "source" {
		return err
	}
	s := err.Error()
	var b strings.Builder
	last := 0
	for _, m := range roleField.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:m[4]])
		if s[m[4]:m[5]] == "source" {
			b.WriteString("target")
		} else {
			b.WriteString("source")
		}
		last = m[5]
	}
	b.WriteString(s[last:])
	return errors.New(b.String())
}
