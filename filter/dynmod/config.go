package main

/*
#include "abi.h"
*/
import "C"

import (
	"log/slog"
	"os"
	"runtime/cgo"
	"strings"
	"unsafe"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// config is one filter config: the engine's shared state and its Envoy stats.
type config struct {
	mirror *mirror.Mirror
	stats  *envoyStats
}

// parseFilterConfig turns the filter_config bytes Envoy hands over (the text of a
// google.protobuf.StringValue, or a google.protobuf.Struct rendered as JSON) into a Mirror, and
// makes sure the process serves its metrics.
func parseFilterConfig(name string, data []byte) (*mirror.Mirror, error) {
	cfg, err := mirror.ParseConfig(data)
	if err != nil {
		return nil, err
	}
	m, err := mirror.New(cfg)
	if err != nil {
		return nil, err
	}
	if envoyValidating() {
		slog.Info("cqlmirror: Envoy runs in validate mode; metrics_address is not bound", "metrics_address", cfg.MetricsAddress)
	} else if err := m.ServeMetrics(); err != nil {
		m.Close()
		return nil, err
	} else {
		m.Start()
	}
	slog.Info("cqlmirror: filter config loaded", "filter_name", name, "stat_prefix", cfg.StatPrefix,
		"source", strings.Join(cfg.Source.Nodes(), ","), "target", strings.Join(cfg.Target.Nodes(), ","), "wait", *cfg.Wait, "metrics_address", cfg.MetricsAddress)
	return m, nil
}

// envoyValidating reports whether this Envoy only validates its config (envoy --mode validate):
// it builds every filter config but serves nothing, so the metrics port must stay free (the
// Envoy it checks a config for may hold it).
func envoyValidating() bool {
	for i, a := range os.Args {
		if a == "--mode=validate" || a == "--mode" && i+1 < len(os.Args) && os.Args[i+1] == "validate" {
			return true
		}
	}
	return false
}

func configOf(p C.envoy_dynamic_module_type_network_filter_config_module_ptr) *config {
	return ptrHandle(unsafe.Pointer(p)).Value().(*config)
}

//export envoy_dynamic_module_on_network_filter_config_new
func envoy_dynamic_module_on_network_filter_config_new(envoyCfg C.envoy_dynamic_module_type_network_filter_config_envoy_ptr, name, config_ C.envoy_dynamic_module_type_envoy_buffer) (out C.envoy_dynamic_module_type_network_filter_config_module_ptr) {
	defer guard("config_new")
	m, err := parseFilterConfig(string(envoyBytes(name)), envoyBytes(config_))
	if err != nil {
		slog.Error("cqlmirror: filter config rejected", "error", err.Error())
		return nil
	}
	st, err := defineStats(envoyCfg, m)
	if err != nil {
		m.Close()
		slog.Error("cqlmirror: filter config rejected", "error", err.Error())
		return nil
	}
	c := &config{mirror: m, stats: st}
	pushers.add(c)
	return C.envoy_dynamic_module_type_network_filter_config_module_ptr(handlePtr(cgo.NewHandle(c)))
}

//export envoy_dynamic_module_on_network_filter_config_destroy
func envoy_dynamic_module_on_network_filter_config_destroy(p C.envoy_dynamic_module_type_network_filter_config_module_ptr) {
	defer guard("config_destroy")
	c := configOf(p)
	pushers.remove(c)
	c.mirror.Close()
	releaseHandle(unsafe.Pointer(p))
}
