package main

/*
#include "abi.h"
*/
import "C"

import (
	"log/slog"
	"runtime/cgo"
	"unsafe"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// parseFilterConfig turns the filter_config bytes Envoy hands over (the text of a
// google.protobuf.StringValue, or a google.protobuf.Struct rendered as JSON) into a Mirror.
func parseFilterConfig(name string, data []byte) (*mirror.Mirror, error) {
	cfg, err := mirror.ParseConfig(data)
	if err != nil {
		return nil, err
	}
	m, err := mirror.New(cfg)
	if err != nil {
		return nil, err
	}
	slog.Info("cqlmirror: filter config loaded", "filter_name", name, "stat_prefix", cfg.StatPrefix,
		"source", cfg.Source.Address, "target", cfg.Target.Address, "wait", *cfg.Wait)
	return m, nil
}

func configOf(p C.envoy_dynamic_module_type_network_filter_config_module_ptr) *mirror.Mirror {
	return ptrHandle(unsafe.Pointer(p)).Value().(*mirror.Mirror)
}

//export envoy_dynamic_module_on_network_filter_config_new
func envoy_dynamic_module_on_network_filter_config_new(_ C.envoy_dynamic_module_type_network_filter_config_envoy_ptr, name, config C.envoy_dynamic_module_type_envoy_buffer) (out C.envoy_dynamic_module_type_network_filter_config_module_ptr) {
	defer guard("config_new")
	m, err := parseFilterConfig(string(envoyBytes(name)), envoyBytes(config))
	if err != nil {
		slog.Error("cqlmirror: filter config rejected", "error", err.Error())
		return nil
	}
	return C.envoy_dynamic_module_type_network_filter_config_module_ptr(handlePtr(cgo.NewHandle(m)))
}

//export envoy_dynamic_module_on_network_filter_config_destroy
func envoy_dynamic_module_on_network_filter_config_destroy(p C.envoy_dynamic_module_type_network_filter_config_module_ptr) {
	defer guard("config_destroy")
	h := ptrHandle(unsafe.Pointer(p))
	h.Value().(*mirror.Mirror).Close()
	h.Delete()
}
