package mirror

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
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
	// Wait, when true (the default), replies to a write only once both clusters replied.
	Wait *bool `json:"wait,omitempty"`
	// MaxFrameBytes is the largest request body accepted from a client. Default 256 MiB, the
	// protocol's own limit.
	MaxFrameBytes int `json:"max_frame_bytes,omitempty"`
	// ConnectTimeout bounds each dial to a cluster. Default 5s.
	ConnectTimeout Duration `json:"connect_timeout,omitempty"`
}

// Cluster is one Cassandra contact point.
type Cluster struct {
	// Address is host:port of one node.
	Address string `json:"address"`
	// TLS, when set, wraps the connection in TLS.
	TLS *TLS `json:"tls,omitempty"`
}

// TLS configures a backend TLS connection.
type TLS struct {
	// CAFile is a PEM bundle used to verify the server. Empty means the system roots.
	CAFile string `json:"ca_file,omitempty"`
	// ServerName is checked against the certificate. Default: the host part of Address.
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
)

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
	if c.StatPrefix == "" {
		return errors.New("field \"stat_prefix\": must not be empty")
	}
	if err := c.Source.validate("source"); err != nil {
		return err
	}
	if err := c.Target.validate("target"); err != nil {
		return err
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
	switch {
	case c.ConnectTimeout == 0:
		c.ConnectTimeout = Duration(defaultConnectTimeout)
	case c.ConnectTimeout < 0:
		return fmt.Errorf("field \"connect_timeout\": %s is negative", time.Duration(c.ConnectTimeout))
	}
	return nil
}

func (cl *Cluster) validate(name string) error {
	field := name + ".address"
	if cl.Address == "" {
		return fmt.Errorf("field %q: must not be empty", field)
	}
	host, port, err := net.SplitHostPort(cl.Address)
	if err != nil {
		return fmt.Errorf("field %q: %q is not host:port", field, cl.Address)
	}
	if host == "" {
		return fmt.Errorf("field %q: %q has no host", field, cl.Address)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("field %q: port %q is not a number in 1..65535", field, port)
	}
	if cl.TLS != nil {
		if (cl.TLS.CertFile == "") != (cl.TLS.KeyFile == "") {
			return fmt.Errorf("field %q: cert_file and key_file go together (cert_file=%q, key_file=%q)",
				name+".tls", cl.TLS.CertFile, cl.TLS.KeyFile)
		}
	}
	return nil
}
