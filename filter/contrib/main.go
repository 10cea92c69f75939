// Command contrib is cqlmirror's binding to the Go network filter of Envoy's contrib builds
// (envoy.filters.network.golang, SDK v1.39.1). Built with -buildmode=c-shared it is the plugin
// that envoyproxy/envoy:contrib-v1.39.1 loads under the plugin name "cql_mirror".
//
// The contrib SDK has no stats API (the filter's metrics are Prometheus only, on metrics_address),
// no write-buffer watermark callbacks (cqlmirror_paused_seconds_total{side="client"} stays 0), and,
// for downstream connections, no half-close: when a client
// half-closes, Envoy closes the connection and replies still in flight are dropped. The
// dynamic-module binding (filter/dynmod) has neither limit.
package main

import (
	"log/slog"

	"github.com/envoyproxy/envoy/contrib/golang/filters/network/source/go/pkg/network"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// pluginName is the plugin_name an Envoy config uses for this filter.
const pluginName = "cql_mirror"

func init() {
	network.RegisterNetworkFilterConfigParser(parser{})
	network.RegisterNetworkFilterConfigFactory(pluginName, configFactory{})
	mirror.TuneProcs(slog.Default())
}

func main() {}
