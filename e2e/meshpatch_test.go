package e2e

import (
	"fmt"
	"strconv"
	"strings"
)

// applyEnvoyFilter applies an Istio EnvoyFilter's configPatches to an Envoy bootstrap's static
// listeners as istiod does to a sidecar's outbound listeners, for the operations the deploy
// manifests use: LISTENER ADD, and NETWORK_FILTER REPLACE matched by listener port and filter
// name. Any other patch is an error, so a manifest that starts using one is noticed here.
func applyEnvoyFilter(bootstrap map[string]any, envoyFilter object) error {
	resources := dict(bootstrap, "static_resources")
	for i, p := range list(envoyFilter.doc, "spec", "configPatches") {
		match := dict(p, "match")
		if ctx := str(match, "context"); ctx != "SIDECAR_OUTBOUND" {
			return fmt.Errorf("configPatches[%d]: context %q; this check knows SIDECAR_OUTBOUND", i, ctx)
		}
		op, value := str(p, "patch", "operation"), at(p, "patch", "value")
		switch applyTo := str(p, "applyTo"); {
		case applyTo == "LISTENER" && op == "ADD":
			resources["listeners"] = append(list(resources, "listeners"), value)
		case applyTo == "NETWORK_FILTER" && op == "REPLACE":
			port := at(match, "listener", "portNumber")
			name := str(match, "listener", "filterChain", "filter", "name")
			replaced := 0
			for _, l := range list(resources, "listeners") {
				if at(l, "address", "socket_address", "port_value") != port {
					continue
				}
				for _, fc := range list(l, "filter_chains") {
					for j, f := range list(fc, "filters") {
						if str(f, "name") == name {
							list(fc, "filters")[j] = value
							replaced++
						}
					}
				}
			}
			if replaced == 0 {
				return fmt.Errorf("configPatches[%d]: no %s on a listener of port %v to replace", i, name, port)
			}
		default:
			return fmt.Errorf("configPatches[%d]: %s %s; this check knows LISTENER ADD and NETWORK_FILTER REPLACE", i, applyTo, op)
		}
	}
	return nil
}

// applyJSONPatch applies one RFC 6902 operation (add, replace, remove) to doc, as Envoy Gateway
// applies an EnvoyPatchPolicy to a resource it renders.
func applyJSONPatch(doc any, op, path string, value any) error {
	if !strings.HasPrefix(path, "/") {
		return fmt.Errorf("path %q does not start with /", path)
	}
	tokens := strings.Split(path[1:], "/")
	for i, t := range tokens {
		tokens[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(t)
	}
	parent := doc
	for _, t := range tokens[:len(tokens)-1] {
		next, err := jsonPointerStep(parent, t)
		if err != nil {
			return fmt.Errorf("path %q: %w", path, err)
		}
		parent = next
	}
	last := tokens[len(tokens)-1]
	switch p := parent.(type) {
	case map[string]any:
		if _, ok := p[last]; !ok && op != "add" {
			return fmt.Errorf("path %q: no member %q to %s", path, last, op)
		}
		if op == "remove" {
			delete(p, last)
		} else {
			p[last] = value
		}
		return nil
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i < 0 || i >= len(p) {
			return fmt.Errorf("path %q: index %q out of a list of %d (append is not supported here)", path, last, len(p))
		}
		if op != "replace" {
			return fmt.Errorf("path %q: %s on a list element is not supported here", path, op)
		}
		p[i] = value
		return nil
	}
	return fmt.Errorf("path %q: %T is neither an object nor a list", path, parent)
}

func jsonPointerStep(v any, token string) (any, error) {
	switch p := v.(type) {
	case map[string]any:
		next, ok := p[token]
		if !ok {
			return nil, fmt.Errorf("no member %q", token)
		}
		return next, nil
	case []any:
		i, err := strconv.Atoi(token)
		if err != nil || i < 0 || i >= len(p) {
			return nil, fmt.Errorf("no element %q in a list of %d", token, len(p))
		}
		return p[i], nil
	}
	return nil, fmt.Errorf("%T has no member %q", v, token)
}
