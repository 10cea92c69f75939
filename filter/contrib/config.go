package main

import (
	"errors"
	"fmt"
	"log/slog"

	xds "github.com/cncf/xds/go/xds/type/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// parsed is what the config parser hands to CreateFactoryFromConfig: a Mirror shared by every
// connection of one config version, or the reason the config was refused.
type parsed struct {
	mirror *mirror.Mirror
	err    error
}

// parser runs once per config version. The SDK gives it no way to reject a config, so a bad one
// is logged here and every connection that arrives on it is closed at once, instead of passing
// traffic unmirrored.
type parser struct{}

func (parser) ParseConfig(a *anypb.Any) interface{} {
	p := parse(a)
	if p.err != nil {
		slog.Error("cqlmirror: plugin config refused; connections on this listener will be closed", "plugin", pluginName, "error", p.err.Error())
	}
	return p
}

func parse(a *anypb.Any) parsed {
	js, err := configJSON(a)
	if err != nil {
		return parsed{err: err}
	}
	cfg, err := mirror.ParseConfig(js)
	if err != nil {
		return parsed{err: err}
	}
	m, err := mirror.New(cfg)
	if err != nil {
		return parsed{err: err}
	}
	// The SDK has no stats API: Prometheus (metrics_address) is this binding's only metrics.
	if err := m.ServeMetrics(); err != nil {
		m.Close()
		return parsed{err: err}
	}
	m.Start()
	return parsed{mirror: m}
}

// configJSON accepts the plugin_config as JSON text in a StringValue, or as a Struct or TypedStruct.
func configJSON(a *anypb.Any) ([]byte, error) {
	if a == nil || a.GetTypeUrl() == "" {
		return nil, errors.New("cqlmirror config: plugin_config is missing")
	}
	msg, err := a.UnmarshalNew()
	if err != nil {
		return nil, fmt.Errorf("cqlmirror config: plugin_config of type %q: %w", a.GetTypeUrl(), err)
	}
	switch m := msg.(type) {
	case *wrapperspb.StringValue:
		return []byte(m.GetValue()), nil
	case *structpb.Struct:
		return protojson.Marshal(m)
	case *xds.TypedStruct:
		return protojson.Marshal(m.GetValue())
	}
	return nil, fmt.Errorf("cqlmirror config: plugin_config has type %q; use google.protobuf.StringValue (JSON text), google.protobuf.Struct or xds.type.v3.TypedStruct", a.GetTypeUrl())
}
