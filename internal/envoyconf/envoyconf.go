// Package envoyconf renders the Envoy bootstrap pieces that the e2e suite and the benchmark start
// Envoy with: listeners that run cqlmirror as a dynamic-module network filter.
package envoyconf

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Listener is one Envoy listener running cqlmirror with Config as its filter config. Its
// per_connection_buffer_limit_bytes is Envoy's default, 1 MiB, spelled out: a client connection's
// write-buffer high watermark, above which cqlmirror holds replies (see docs/METRICS.md).
type Listener struct {
	Name    string
	Address string // default 127.0.0.1
	Port    int
	Config  map[string]any
}

// YAML renders the listener as an item of static_resources.listeners.
func (l Listener) YAML() string {
	cfg, err := json.Marshal(l.Config)
	if err != nil {
		panic(err) // only maps of plain values are passed in
	}
	addr := l.Address
	if addr == "" {
		addr = "127.0.0.1"
	}
	return fmt.Sprintf(`  - name: %s
    address: {socket_address: {address: %s, port_value: %d}}
    per_connection_buffer_limit_bytes: 1048576
    filter_chains:
    - filters:
      - name: envoy.filters.network.dynamic_modules
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.dynamic_modules.v3.DynamicModuleNetworkFilter
          dynamic_module_config: {name: cqlmirror}
          filter_name: cql_mirror
          terminal_filter: true
          filter_config:
            "@type": type.googleapis.com/google.protobuf.StringValue
            value: '%s'
`, l.Name, addr, l.Port, strings.ReplaceAll(string(cfg), "'", "''"))
}

// Bootstrap renders a static bootstrap with an admin port, extra clusters YAML (may be empty) and
// the given listeners plus any extra listener YAML.
func Bootstrap(admin int, clusters, extraListeners string, listeners ...Listener) string {
	var b strings.Builder
	fmt.Fprintf(&b, "admin: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}\nstatic_resources:\n", admin)
	if clusters != "" {
		b.WriteString("  clusters:\n" + clusters)
	}
	b.WriteString("  listeners:\n")
	for _, l := range listeners {
		b.WriteString(l.YAML())
	}
	b.WriteString(extraListeners)
	return b.String()
}
