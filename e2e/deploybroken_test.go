package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// The manifest checks and the Envoy validation fail where they should: each case breaks one
// thing in a copy of the real manifests and expects the checker to name it.
func TestDeployChecksCatchBrokenManifests(t *testing.T) {
	load := func(dir string) []object {
		objs, _, err := loadManifestDir(filepath.Join(repoRoot, dir))
		if err != nil {
			t.Fatal(err)
		}
		return objs
	}
	dirs := map[string][]object{
		"deploy/kubernetes":    load("deploy/kubernetes"),
		"deploy/istio":         load("deploy/istio"),
		"deploy/envoy-gateway": load("deploy/envoy-gateway"),
	}
	cases := []struct {
		name, dir, kind, object, want string
		breakIt                       func(doc map[string]any)
	}{
		{"service selects nothing", "deploy/kubernetes", "Service", "cqlmirror", "matches no pod",
			func(d map[string]any) { dict(d, "spec", "selector")["app.kubernetes.io/component"] = "envoi" }},
		{"service port not on the pod", "deploy/kubernetes", "Service", "cqlmirror", "targetPort",
			func(d map[string]any) { dict(list(d, "spec", "ports")[0])["targetPort"] = "cqlx" }},
		{"missing ConfigMap", "deploy/kubernetes", "Deployment", "cqlmirror-envoy", `ConfigMap "cqlmirror-envoi"`,
			func(d map[string]any) {
				dict(volume(dict(d, "spec", "template", "spec"), "bootstrap"), "configMap")["name"] = "cqlmirror-envoi"
			}},
		{"missing Secret key", "deploy/kubernetes", "Secret", "cqlmirror-target-ca", `key "ca.pem"`,
			func(d map[string]any) { delete(dict(d, "stringData"), "ca.pem") }},
		{"mount of no volume", "deploy/kubernetes", "Deployment", "cqlmirror-controlplane", `volume "confi"`,
			func(d map[string]any) {
				dict(at(d, "spec", "template", "spec", "containers", 0, "volumeMounts", 0))["name"] = "confi"
			}},
		{"latest image", "deploy/kubernetes", "Deployment", "cqlmirror-envoy", "not pinned",
			func(d map[string]any) {
				dict(at(d, "spec", "template", "spec", "containers", 0))["image"] = "envoyproxy/envoy:latest"
			}},
		{"untagged image", "deploy/kubernetes", "Deployment", "cqlmirror-envoy", "not pinned",
			func(d map[string]any) {
				dict(at(d, "spec", "template", "spec", "initContainers", 0))["image"] = "registry.example.com/cqlmirror/envoy-dynmod"
			}},
		{"PDB selects nothing", "deploy/kubernetes", "PodDisruptionBudget", "cqlmirror-envoy", "matches no pod",
			func(d map[string]any) { dict(d, "spec", "selector", "matchLabels")["app.kubernetes.io/name"] = "other" }},
		{"unknown kind", "deploy/kubernetes", "ConfigMap", "cqlmirror-envoy", "unknown apiVersion/kind",
			func(d map[string]any) { d["apiVersion"] = "v2" }},
		{"no name", "deploy/kubernetes", "Secret", "cqlmirror-target-credentials", "metadata.name is not set",
			func(d map[string]any) { delete(dict(d, "metadata"), "name") }},
		{"EnvoyFilter selects nothing", "deploy/istio", "EnvoyFilter", "cqlmirror", "workloadSelector",
			func(d map[string]any) { dict(d, "spec", "workloadSelector", "labels")["app"] = "payments" }},
		{"sidecar mount of no volume", "deploy/istio", "Deployment", "orders", "userVolumeMount",
			func(d map[string]any) {
				a := dict(d, "spec", "template", "metadata", "annotations")
				a["sidecar.istio.io/userVolumeMount"] = strings.Replace(a["sidecar.istio.io/userVolumeMount"].(string), "cqlmirror-module", "cqlmirror-modul", 1)
			}},
		{"patched listener does not exist", "deploy/envoy-gateway", "EnvoyPatchPolicy", "cqlmirror", "does not have",
			func(d map[string]any) { dict(list(d, "spec", "jsonPatches")[0])["name"] = "cqlmirror/cqlmirror/cqlx" }},
		{"route to no listener", "deploy/envoy-gateway", "TCPRoute", "cql", "sectionName",
			func(d map[string]any) { dict(list(d, "spec", "parentRefs")[0])["sectionName"] = "http" }},
		{"cross-namespace backend without a grant", "deploy/envoy-gateway", "ReferenceGrant", "cqlmirror-tcproute", "ReferenceGrant",
			func(d map[string]any) { dict(d, "metadata")["namespace"] = "elsewhere" }},
		{"module off the search path", "deploy/envoy-gateway", "EnvoyProxy", "cqlmirror", "ENVOY_DYNAMIC_MODULES_SEARCH_PATH",
			func(d map[string]any) {
				dict(at(d, "spec", "dynamicModules", 0, "source", "local"))["path"] = "/opt/libcqlmirror.so"
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs := cloneObjects(dirs[tc.dir])
			found := false
			for _, o := range objs {
				if o.kind() == tc.kind && o.name() == tc.object {
					tc.breakIt(o.doc)
					found = true
				}
			}
			if !found {
				t.Fatalf("no %s %s in %s", tc.kind, tc.object, tc.dir)
			}
			problems := checkManifests(objs)
			for _, p := range problems {
				if strings.Contains(p, tc.want) {
					return
				}
			}
			t.Errorf("no problem mentions %q; got %q", tc.want, problems)
		})
	}
}

// Envoy --mode validate, as the deploy tests run it, rejects a filter config the module refuses,
// and the patch appliers refuse patches that do not apply.
func TestDeployValidationRejectsBrokenPatches(t *testing.T) {
	objs, _, err := loadManifestDir(filepath.Join(repoRoot, "deploy/istio"))
	if err != nil {
		t.Fatal(err)
	}
	ef := onlyObject(t, cloneObjects(objs), "EnvoyFilter")
	source := "outbound|9042||cassandra-source.db.svc.cluster.local"
	bootstrap := bootstrapWith([]any{tcpProxyListener(sidecarSourceListener, "10.96.0.10", 9042, source)}, []any{staticCluster(source)})
	if err := applyEnvoyFilter(bootstrap, ef); err != nil {
		t.Fatal(err)
	}
	eachFilterConfig(bootstrap, func(cfg map[string]any) { cfg["wait"] = "yes" })
	if out, ok := envoyValidate(t, "istio-broken", bootstrap); ok || !strings.Contains(out, "filter config rejected") {
		t.Errorf("envoy --mode validate accepted a filter config with \"wait\": \"yes\" (ok=%v):\n%s", ok, out)
	}

	elsewhere := bootstrapWith([]any{tcpProxyListener("other", "10.96.0.11", 6379, "outbound|6379||redis")}, nil)
	if err := applyEnvoyFilter(elsewhere, ef); err == nil || !strings.Contains(err.Error(), "no envoy.filters.network.tcp_proxy") {
		t.Errorf("an EnvoyFilter that matches no listener applied without an error: %v", err)
	}
	listener := tcpProxyListener("l", "0.0.0.0", 9042, "c")
	if err := applyJSONPatch(listener, "replace", "/filter_chains/1/filters/0", map[string]any{}); err == nil {
		t.Error("a JSON patch of a filter chain that does not exist applied without an error")
	}
}
