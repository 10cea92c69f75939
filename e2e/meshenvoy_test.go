package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// envoyValidate runs the test bed's Envoy in --mode validate on bootstrap, with the module the
// suite built on ENVOY_DYNAMIC_MODULES_SEARCH_PATH, and returns its output and whether Envoy
// accepted it. Validation creates every filter config, so the module parses cqlmirror's config
// (files included) as it would in a running Envoy.
func envoyValidate(t *testing.T, name string, bootstrap map[string]any) (string, bool) {
	t.Helper()
	b, err := json.MarshalIndent(bootstrap, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), name+".json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(cacheDir, "bin", "envoy"), "--mode", "validate", "-c", file)
	cmd.Env = append(os.Environ(), "ENVOY_DYNAMIC_MODULES_SEARCH_PATH="+moduleDir)
	out, err := cmd.CombinedOutput()
	return string(out) + "\n" + string(b), err == nil
}

// eachFilterConfig calls fn with the decoded cqlmirror config of every dynamic-module filter of
// the bootstrap's static listeners (JSON text in a StringValue) and writes back what fn changed.
func eachFilterConfig(bootstrap map[string]any, fn func(map[string]any)) {
	for _, l := range list(bootstrap, "static_resources", "listeners") {
		for _, fc := range list(l, "filter_chains") {
			for _, f := range list(fc, "filters") {
				fcfg := dict(f, "typed_config", "filter_config")
				text, ok := fcfg["value"].(string)
				if str(f, "name") != "envoy.filters.network.dynamic_modules" || !ok {
					continue
				}
				var cfg map[string]any
				if json.Unmarshal([]byte(text), &cfg) != nil {
					continue
				}
				fn(cfg)
				b, _ := json.Marshal(cfg)
				fcfg["value"] = string(b)
			}
		}
	}
}

// filterConfigOf decodes the cqlmirror config (JSON text) of a dynamic-module filter.
func filterConfigOf(t *testing.T, filter any) map[string]any {
	t.Helper()
	var cfg map[string]any
	if err := json.Unmarshal([]byte(str(filter, "typed_config", "filter_config", "value")), &cfg); err != nil {
		t.Fatalf("the filter's filter_config is not JSON text: %v", err)
	}
	return cfg
}

// staticCluster is an Envoy cluster of one loopback endpoint, standing in for a cluster the mesh
// would define.
func staticCluster(name string) map[string]any {
	return map[string]any{
		"name": name, "type": "STATIC", "connect_timeout": "1s",
		"load_assignment": map[string]any{"cluster_name": name, "endpoints": []any{map[string]any{
			"lb_endpoints": []any{map[string]any{"endpoint": map[string]any{"address": socketAddress("127.0.0.1", 9042)}}}}}},
	}
}

func socketAddress(host string, port int) map[string]any {
	return map[string]any{"socket_address": map[string]any{"address": host, "port_value": port}}
}

// tcpProxyListener is a listener whose one filter is a tcp_proxy to cluster, as a mesh renders
// one for a TCP service.
func tcpProxyListener(name, host string, port int, cluster string) map[string]any {
	return map[string]any{
		"name": name, "address": socketAddress(host, port),
		"filter_chains": []any{map[string]any{"filters": []any{map[string]any{
			"name": "envoy.filters.network.tcp_proxy",
			"typed_config": map[string]any{
				"@type":       "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
				"stat_prefix": cluster, "cluster": cluster,
			},
		}}}},
	}
}

func bootstrapWith(listeners []any, clusters []any) map[string]any {
	return map[string]any{
		"admin":            map[string]any{"address": socketAddress("127.0.0.1", 0)},
		"static_resources": map[string]any{"listeners": listeners, "clusters": clusters},
	}
}
