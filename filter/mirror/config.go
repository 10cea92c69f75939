package mirror

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// Config is the filter's typed configuration. It arrives as JSON from Envoy (a
// google.protobuf.StringValue or Struct for dynamic modules, the plugin config for the contrib
// filter) and is validated by ParseConfig before any connection uses it.
type Config struct {
	// StatPrefix names this filter instance in stats and logs.
	StatPrefix string `json:"stat_prefix"`
	// Source serves reads and decides the client's replies.
	Source Cluster `json:"source"`
	// Target receives every write the source receives.
	Target Cluster `json:"target"`
	// MirrorWrites, when false, sends everything to the source alone and never dials the target
	// (which may then be left out): the state before a migration starts mirroring. Default true.
	MirrorWrites *bool `json:"mirror_writes,omitempty"`
	// Wait, when true (the default), replies to a write only once both clusters replied.
	Wait *bool `json:"wait,omitempty"`
	// MaxFrameBytes is the largest request body accepted from a client. Default 256 MiB, the
	// protocol's own limit.
	MaxFrameBytes int `json:"max_frame_bytes,omitempty"`
	// ConnectTimeout bounds each dial to a cluster. Default 5s.
	ConnectTimeout Duration `json:"connect_timeout,omitempty"`
	// RequestTimeout is how long a cluster may take to answer one request before the proxy treats
	// it as failed. Default 5s: longer than Cassandra's own server-side timeouts (2s for writes,
	// 5s for reads), so Cassandra's timeout errors reach the client first, and a proxy timeout
	// means a cluster that does not answer at all.
	RequestTimeout Duration `json:"request_timeout,omitempty"`
	// Peers are the other proxies (Envoys with this filter) in front of the same clusters, as
	// ip:port. Drivers find them in system.peers and spread their connections over all proxies.
	// Empty by default: the proxy reports itself as the only node.
	Peers []string `json:"peers,omitempty"`
	// DeterministicFunctions, when true, replaces now(), uuid(), currentTimestamp(),
	// currentDate(), currentTime() and currentTimeUUID() in the text of write QUERYs by literals
	// chosen once, so both clusters store the same values. Off by default: it changes the
	// statement text the clusters see. Prepared statements cannot be rewritten this way (the value
	// would be fixed at PREPARE); they are counted and logged instead.
	DeterministicFunctions bool `json:"deterministic_functions,omitempty"`
	// FailurePolicy says what the client gets when the target fails a write the source took:
	// "source-decides" (default) answers with the source's reply and records the write in
	// FailedWritesFile; "strict" answers with the target's error, as ZDM does. Either way a
	// target failure is counted and logged, never hidden.
	FailurePolicy string `json:"failure_policy,omitempty"`
	// FailedWritesFile is the journal: the append-only JSON-lines file where writes the target
	// missed are recorded with everything a replay needs (controlplane replay). Default
	// $TMPDIR/cqlmirror-<stat_prefix>-failed-writes.jsonl.
	FailedWritesFile string `json:"failed_writes_file,omitempty"`
	// Journal tunes how failed_writes_file is synced, rotated and capped.
	Journal Journal `json:"journal,omitempty"`
	// MaxTargetQueueBytes caps, per client connection, the bytes of requests waiting for the
	// target (unsent, or sent and unanswered). Past it, a write skips the target: under
	// source-decides it is journaled, under strict the client gets OVERLOADED and neither cluster
	// gets it. Default 16 MiB.
	MaxTargetQueueBytes int `json:"max_target_queue_bytes,omitempty"`
	// MetricsAddress is where this Envoy process serves Prometheus metrics (/metrics) and read
	// reports (/read-reports), as host:port. Default 127.0.0.1:9464. One process has one metrics
	// server: every filter config in it must name the same address.
	MetricsAddress string `json:"metrics_address,omitempty"`
	// ReadReport, when set, also sends a sample of reads to the target and compares the rows.
	ReadReport *ReadReport `json:"read_report,omitempty"`
	// LogBoundValues, when true, adds the bound values (hex) of a write the target missed to its
	// log line. Off by default: values are data. failed_writes_file always has them.
	LogBoundValues bool `json:"log_bound_values,omitempty"`
	// HealthCheck tunes how the proxy finds out that a cluster stopped answering.
	HealthCheck HealthCheck `json:"health_check,omitempty"`
}

// HealthCheck tunes the per-config health state of each cluster (a circuit breaker). A probe
// sends OPTIONS every Interval on a connection of its own; two probes in a row unanswered within
// Timeout, or one refused or broken connection, or one request that ran out its request_timeout,
// make the cluster unhealthy until a probe is answered again. Under source-decides, the target's
// answer to a client's handshake, USE or PREPARE is awaited for Timeout at most: past it the
// session goes on with the source alone and catches its target connection up in the background.
type HealthCheck struct {
	// Interval between probes. Default 1s.
	Interval Duration `json:"interval,omitempty"`
	// Timeout for a probe's answer, and for the target's answer to a session's handshake, USE
	// or PREPARE. Default 1s; at most request_timeout.
	Timeout Duration `json:"timeout,omitempty"`
}

// Journal tunes failed_writes_file. A client hears of a write only once its record, if it
// needs one, is written to the file; sync says when it reaches the disk.
type Journal struct {
	// Sync is "periodic" (default: records are fsynced every sync_interval; an Envoy crash loses
	// none, a host crash at most the last interval's) or "batch" (replies wait for the fsync of
	// their group of records).
	Sync string `json:"sync,omitempty"`
	// SyncInterval is the periodic fsync's interval. Default 100ms.
	SyncInterval Duration `json:"sync_interval,omitempty"`
	// MaxFileBytes rotates the file (renamed with the time, see controlplane replay) before it
	// would grow past this. Default 128 MiB.
	MaxFileBytes int64 `json:"max_file_bytes,omitempty"`
	// MaxTotalBytes caps the file and its rotated files together. Past it, records are dropped:
	// counted in cqlmirror_journal_dropped_total and logged as errors; under strict the client
	// gets an error instead. Default 4 GiB; replay and remove rotated files to make room.
	MaxTotalBytes int64 `json:"max_total_bytes,omitempty"`
}

// ReadReport configures read reports: sampled reads are sent to the target as well, after the
// client got the source's answer, and the two answers' rows are compared.
type ReadReport struct {
	// SampleRate is the share of reads (0..1) compared; 0 compares none.
	SampleRate float64 `json:"sample_rate"`
	// MaxDifferences is how many differing reads the report keeps (the most recent). Default 100.
	MaxDifferences int `json:"max_differences,omitempty"`
}

// Failure policies.
const (
	SourceDecides = "source-decides"
	Strict        = "strict"
)

// Cluster is one Cassandra cluster: where to find it, and how to talk to it.
type Cluster struct {
	// Address is host:port of one node: the same as a contact_points list of one.
	Address string `json:"address,omitempty"`
	// ContactPoints are host:port starting points: the proxy reads the cluster's nodes from the
	// first that answers (system.local, system.peers_v2), follows its topology and status events,
	// and gives each client session the live local-DC node with the fewest sessions. A host name
	// counts as every address it resolves to, and is resolved again on each refresh.
	ContactPoints []string `json:"contact_points,omitempty"`
	// LocalDC is the data centre whose nodes sessions use. Default: the data centre of the first
	// contact point that answers.
	LocalDC string `json:"local_dc,omitempty"`
	// Discovery is how the node list is found: "system_tables" (default: read from the contact
	// points, see ContactPoints) or "contact_points_only" (the contact points are the node list,
	// each up once an OPTIONS probe answers, and no other node is ever dialed: for a cluster
	// reached through a proxy such as an Envoy listener whose tcp_proxy forwards to an Envoy
	// cluster, which chooses the node).
	Discovery string `json:"discovery,omitempty"`
	// TLS, when set, wraps every connection to the cluster in TLS.
	TLS *TLS `json:"tls,omitempty"`
	// Credentials log the proxy's own connections in (SASL PLAIN, as PasswordAuthenticator
	// takes): the discovery connection of either cluster, and on the target the sessions too,
	// in place of the client's credentials (without them the target gets the client's). Source
	// sessions always get the client's own. A source that asks for authentication while
	// source.credentials are unset is used through its contact points alone, without discovery.
	Credentials *Credentials `json:"credentials,omitempty"`
}

// Nodes are the cluster's contact points: contact_points, or address as a list of one.
func (cl *Cluster) Nodes() []string {
	if cl.Address != "" {
		return []string{cl.Address}
	}
	return cl.ContactPoints
}

// configured reports whether any field of cl is set.
func (cl *Cluster) configured() bool {
	return cl.Address != "" || cl.ContactPoints != nil || cl.LocalDC != "" || cl.Discovery != "" || cl.TLS != nil || cl.Credentials != nil
}

// Discovery modes of a cluster.
const (
	DiscoverySystemTables      = "system_tables"
	DiscoveryContactPointsOnly = "contact_points_only"
)

// Credentials name a user and a file holding the password, so that no password sits in the
// filter config (and in Envoy's config_dump).
type Credentials struct {
	Username     string `json:"username"`
	PasswordFile string `json:"password_file"`
}

// TLS configures a backend TLS connection.
type TLS struct {
	// CAFile is a PEM bundle used to verify the server. Empty means the system roots.
	CAFile string `json:"ca_file,omitempty"`
	// ServerName is checked against every node's certificate. Default: the host name of the
	// contact point a node's address came from, else the node's IP address.
	ServerName string `json:"server_name,omitempty"`
	// CertFile and KeyFile are an optional client certificate.
	CertFile string `json:"cert_file,omitempty"`
	KeyFile  string `json:"key_file,omitempty"`
}

// Duration is a time.Duration written as a Go duration string ("5s") in JSON.
type Duration time.Duration

// UnmarshalJSON accepts a duration string such as "250ms".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration string such as \"5s\", got %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

const (
	// ProtocolMaxFrameBytes is the body size limit of the CQL native protocol.
	ProtocolMaxFrameBytes = 256 << 20
	defaultConnectTimeout = 5 * time.Second
	defaultRequestTimeout = 5 * time.Second
	defaultHealthInterval = time.Second
	defaultHealthTimeout  = time.Second
	// DefaultMetricsAddress is where metrics are served unless metrics_address says otherwise.
	DefaultMetricsAddress = "127.0.0.1:9464"
	defaultMaxDifferences = 100
	defaultSyncInterval   = 100 * time.Millisecond
	defaultMaxFileBytes   = 128 << 20
	defaultMaxTotalBytes  = 4 << 30
	defaultMaxTargetQueue = 16 << 20
	maxMaxDifferences     = 10000
)

var statPrefix = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// ParseConfig decodes and validates a JSON config. Unknown fields are errors, and every error
// names the field and the offending value.
func ParseConfig(data []byte) (*Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Config
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("cqlmirror config: %w", describeJSONError(err))
	}
	if dec.More() {
		return nil, errors.New("cqlmirror config: trailing data after the JSON object")
	}
	if err := c.applyDefaults(); err != nil {
		return nil, fmt.Errorf("cqlmirror config: %w", err)
	}
	return &c, nil
}

func describeJSONError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %q: cannot use JSON %s here, want %s", te.Field, te.Value, te.Type)
	}
	if s := err.Error(); strings.HasPrefix(s, "json: unknown field ") {
		return fmt.Errorf("unknown field %s", strings.TrimPrefix(s, "json: unknown field "))
	}
	return err
}

func (c *Config) applyDefaults() error {
	if !statPrefix.MatchString(c.StatPrefix) {
		return fmt.Errorf("field \"stat_prefix\": %q must be letters, digits, '_', '-' or '.'", c.StatPrefix)
	}
	if err := c.Source.validate("source"); err != nil {
		return err
	}
	if c.MirrorWrites == nil {
		t := true
		c.MirrorWrites = &t
	}
	if *c.MirrorWrites || c.Target.configured() {
		if err := c.Target.validate("target"); err != nil {
			return err
		}
	}
	if c.Wait == nil {
		t := true
		c.Wait = &t
	}
	switch {
	case c.MaxFrameBytes == 0:
		c.MaxFrameBytes = ProtocolMaxFrameBytes
	case c.MaxFrameBytes < 64 || c.MaxFrameBytes > ProtocolMaxFrameBytes:
		return fmt.Errorf("field \"max_frame_bytes\": %d is outside 64..%d", c.MaxFrameBytes, ProtocolMaxFrameBytes)
	}
	healthTimeoutSet := c.HealthCheck.Timeout != 0
	for _, d := range []struct {
		name  string
		v     *Duration
		deflt time.Duration
	}{{"connect_timeout", &c.ConnectTimeout, defaultConnectTimeout}, {"request_timeout", &c.RequestTimeout, defaultRequestTimeout},
		{"health_check.interval", &c.HealthCheck.Interval, defaultHealthInterval}, {"health_check.timeout", &c.HealthCheck.Timeout, defaultHealthTimeout},
		{"journal.sync_interval", &c.Journal.SyncInterval, defaultSyncInterval}} {
		switch {
		case *d.v == 0:
			*d.v = Duration(d.deflt)
		case *d.v < 0:
			return fmt.Errorf("field %q: %s is negative", d.name, time.Duration(*d.v))
		}
	}
	switch {
	case c.HealthCheck.Timeout <= c.RequestTimeout:
	case healthTimeoutSet:
		return fmt.Errorf("field \"health_check.timeout\": %s is longer than request_timeout %s", time.Duration(c.HealthCheck.Timeout), time.Duration(c.RequestTimeout))
	default:
		c.HealthCheck.Timeout = c.RequestTimeout
	}
	switch c.FailurePolicy {
	case "":
		c.FailurePolicy = SourceDecides
	case SourceDecides, Strict:
	default:
		return fmt.Errorf("field \"failure_policy\": %q is neither %q nor %q", c.FailurePolicy, SourceDecides, Strict)
	}
	if c.FailurePolicy == Strict && !*c.Wait {
		return errors.New("field \"failure_policy\": \"strict\" answers a write with the target's error, so it needs \"wait\": true (it is false)")
	}
	if err := c.Journal.applyDefaults(); err != nil {
		return err
	}
	switch {
	case c.MaxTargetQueueBytes == 0:
		c.MaxTargetQueueBytes = defaultMaxTargetQueue
	case c.MaxTargetQueueBytes < 0:
		return fmt.Errorf("field \"max_target_queue_bytes\": %d is negative", c.MaxTargetQueueBytes)
	}
	for i, p := range c.Peers {
		if _, err := netip.ParseAddrPort(p); err != nil {
			return fmt.Errorf("field \"peers[%d]\": %q is not ip:port", i, p)
		}
	}
	if c.MetricsAddress == "" {
		c.MetricsAddress = DefaultMetricsAddress
	}
	if host, port, err := net.SplitHostPort(c.MetricsAddress); err != nil {
		return fmt.Errorf("field \"metrics_address\": %q is not host:port", c.MetricsAddress)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("field \"metrics_address\": port %q is not a number in 0..65535", port)
	} else if host == "" {
		return fmt.Errorf("field \"metrics_address\": %q has no host; name the interface, e.g. 127.0.0.1 (0.0.0.0 for all)", c.MetricsAddress)
	}
	if r := c.ReadReport; r != nil {
		switch {
		case !(r.SampleRate >= 0 && r.SampleRate <= 1):
			return fmt.Errorf("field \"read_report.sample_rate\": %v is outside 0..1", r.SampleRate)
		case r.MaxDifferences == 0:
			r.MaxDifferences = defaultMaxDifferences
		case r.MaxDifferences < 0 || r.MaxDifferences > maxMaxDifferences:
			return fmt.Errorf("field \"read_report.max_differences\": %d is outside 1..%d", r.MaxDifferences, maxMaxDifferences)
		}
	}
	if c.FailedWritesFile == "" {
		c.FailedWritesFile = filepath.Join(os.TempDir(), "cqlmirror-"+c.StatPrefix+"-failed-writes.jsonl")
	}
	return nil
}

func (j *Journal) applyDefaults() error {
	switch j.Sync {
	case "":
		j.Sync = journal.SyncPeriodic
	case journal.SyncPeriodic, journal.SyncBatch:
	default:
		return fmt.Errorf("field \"journal.sync\": %q is neither %q nor %q", j.Sync, journal.SyncPeriodic, journal.SyncBatch)
	}
	for _, b := range []struct {
		name  string
		v     *int64
		deflt int64
	}{{"journal.max_file_bytes", &j.MaxFileBytes, defaultMaxFileBytes}, {"journal.max_total_bytes", &j.MaxTotalBytes, defaultMaxTotalBytes}} {
		switch {
		case *b.v == 0:
			*b.v = b.deflt
		case *b.v < 4096:
			return fmt.Errorf("field %q: %d is below 4096", b.name, *b.v)
		}
	}
	if j.MaxTotalBytes < j.MaxFileBytes {
		return fmt.Errorf("field \"journal.max_total_bytes\": %d is below journal.max_file_bytes %d", j.MaxTotalBytes, j.MaxFileBytes)
	}
	return nil
}

func (cl *Cluster) validate(name string) error {
	switch {
	case cl.Address != "" && cl.ContactPoints != nil:
		return fmt.Errorf("field %q: set either %s.address (%q) or %s.contact_points, not both", name+".contact_points", name, cl.Address, name)
	case cl.Address != "":
		if err := checkHostPort(name+".address", cl.Address); err != nil {
			return err
		}
	case cl.ContactPoints == nil:
		return fmt.Errorf("field %q: must not be empty: set %s.contact_points (a list of host:port) or %s.address (one)", name+".address", name, name)
	case len(cl.ContactPoints) == 0:
		return fmt.Errorf("field %q: is an empty list: name at least one host:port", name+".contact_points")
	}
	seen := map[string]int{}
	for i, cp := range cl.ContactPoints {
		field := fmt.Sprintf("%s.contact_points[%d]", name, i)
		if err := checkHostPort(field, cp); err != nil {
			return err
		}
		if j, dup := seen[cp]; dup {
			return fmt.Errorf("field %q: %q is %s.contact_points[%d] again", field, cp, name, j)
		}
		seen[cp] = i
	}
	if strings.TrimSpace(cl.LocalDC) != cl.LocalDC {
		return fmt.Errorf("field %q: %q has leading or trailing spaces", name+".local_dc", cl.LocalDC)
	}
	switch cl.Discovery {
	case "":
		cl.Discovery = DiscoverySystemTables
	case DiscoverySystemTables:
	case DiscoveryContactPointsOnly:
		if cl.LocalDC != "" {
			return fmt.Errorf("field %q: %q has no use with %s.discovery %q: every contact point is a local node", name+".local_dc", cl.LocalDC, name, cl.Discovery)
		}
	default:
		return fmt.Errorf("field %q: %q is neither %q nor %q", name+".discovery", cl.Discovery, DiscoverySystemTables, DiscoveryContactPointsOnly)
	}
	if cl.TLS != nil {
		if (cl.TLS.CertFile == "") != (cl.TLS.KeyFile == "") {
			return fmt.Errorf("field %q: cert_file and key_file go together (cert_file=%q, key_file=%q)",
				name+".tls", cl.TLS.CertFile, cl.TLS.KeyFile)
		}
	}
	if c := cl.Credentials; c != nil {
		switch {
		case c.Username == "":
			return fmt.Errorf("field %q: must not be empty", name+".credentials.username")
		case c.PasswordFile == "":
			return fmt.Errorf("field %q: must not be empty", name+".credentials.password_file")
		}
	}
	return nil
}

// checkHostPort checks that v, the value of field, is host:port with a port in 1..65535.
func checkHostPort(field, v string) error {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("field %q: %q is not host:port", field, v)
	}
	if host == "" {
		return fmt.Errorf("field %q: %q has no host", field, v)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("field %q: port %q is not a number in 1..65535", field, port)
	}
	return nil
}
