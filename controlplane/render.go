package main

import (
	"bytes"
	"encoding/json"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Render prints the resources a config becomes, as indented JSON with sorted keys (stable, for the
// golden files and for operators). Private keys are shown as Envoy's config_dump shows them.
func Render(v *Validated) ([]byte, error) {
	r, err := BuildResources(v)
	if err != nil {
		return nil, err
	}
	lv, sv, err := r.Versions()
	if err != nil {
		return nil, err
	}
	doc := map[string]any{"listener_version": lv, "secret_version": sv}
	resolver, err := newTypeResolver()
	if err != nil {
		return nil, err
	}
	conv := func(m proto.Message) (any, error) {
		b, err := protojson.MarshalOptions{Resolver: resolver}.Marshal(m)
		if err != nil {
			return nil, err
		}
		var out any
		return out, json.Unmarshal(b, &out)
	}
	if doc["listener"], err = conv(r.Listener); err != nil {
		return nil, err
	}
	if len(r.Clusters) > 0 || len(r.Upstreams) > 0 {
		var ups, clusters []any
		for _, u := range r.Upstreams {
			j, err := conv(u)
			if err != nil {
				return nil, err
			}
			ups = append(ups, j)
		}
		for _, c := range r.Clusters {
			j, err := conv(c)
			if err != nil {
				return nil, err
			}
			clusters = append(clusters, j)
		}
		doc["upstream_listeners"] = ups
		if clusters != nil {
			doc["clusters"] = clusters
		}
		if doc["cluster_version"], err = r.ClusterVersion(); err != nil {
			return nil, err
		}
	}
	var secrets []any
	for _, s := range r.Secrets {
		redacted := proto.Clone(s).(*tlsSecret)
		if c := redacted.GetTlsCertificate(); c != nil {
			c.PrivateKey = redactedKey()
		}
		j, err := conv(redacted)
		if err != nil {
			return nil, err
		}
		secrets = append(secrets, j)
	}
	if secrets != nil {
		doc["secrets"] = secrets
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
