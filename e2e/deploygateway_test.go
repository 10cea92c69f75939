package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
)

// No Envoy Gateway runs here: deploy/envoy-gateway is checked by parsing it, resolving its
// references (GatewayClass, EnvoyProxy, the TCPRoute's parent and its ReferenceGrant, the
// patched listener's name, the module's path), and by applying the EnvoyPatchPolicy's JSON
// patches to the listener Envoy Gateway renders for the TCPRoute (a tcp_proxy to the route's
// cluster) and running Envoy --mode validate on a bootstrap that holds it.
func TestEnvoyGatewayManifests(t *testing.T) {
	objs := loadDeployDir(t, "deploy/envoy-gateway")
	c := &manifestChecker{objs: objs}
	policy := onlyObject(t, objs, "EnvoyPatchPolicy")
	gw := onlyObject(t, objs, "Gateway")
	route := onlyObject(t, objs, "TCPRoute")
	section := str(route.doc, "spec", "parentRefs", 0, "sectionName")
	l := gatewayListener(gw, section)
	if l == nil || str(l, "protocol") != "TCP" {
		t.Fatalf("the TCPRoute's listener %q is not a TCP listener of %s", section, gw)
	}
	name := gw.namespace() + "/" + gw.name() + "/" + section
	cluster := fmt.Sprintf("tcproute/%s/%s/rule/-1", route.namespace(), route.name())
	listener := tcpProxyListener(name, "0.0.0.0", at(l, "port").(int), cluster)
	for i, p := range list(policy.doc, "spec", "jsonPatches") {
		if str(p, "name") != name {
			t.Fatalf("jsonPatches[%d] patches %q, not the TCPRoute's listener %q", i, str(p, "name"), name)
		}
		if err := applyJSONPatch(listener, str(p, "operation", "op"), str(p, "operation", "path"), at(p, "operation", "value")); err != nil {
			t.Fatalf("jsonPatches[%d]: %v", i, err)
		}
	}
	filter := at(listener, "filter_chains", 0, "filters", 0)
	if str(filter, "name") != "envoy.filters.network.dynamic_modules" {
		t.Fatalf("after the patch the listener's filter is %v, want cqlmirror's dynamic module", filter)
	}
	cfg := filterConfigOf(t, filter)

	proxy, ok := c.find("EnvoyProxy", gw.namespace(), str(gw.doc, "spec", "infrastructure", "parametersRef", "name"))
	if !ok {
		t.Fatal("the Gateway's EnvoyProxy is not in the manifests")
	}
	module := str(filter, "typed_config", "dynamic_module_config", "name")
	registered := false
	for _, m := range list(proxy.doc, "spec", "dynamicModules") {
		registered = registered || str(m, "name") == module
	}
	if !registered {
		t.Errorf("module %q is not in the EnvoyProxy's dynamicModules", module)
	}
	deployment := dict(proxy.doc, "spec", "provider", "kubernetes", "envoyDeployment")
	container := dict(deployment, "container")
	for _, m := range list(container, "volumeMounts") {
		if env := envValue(container, "ENVOY_DYNAMIC_MODULES_SEARCH_PATH"); str(m, "mountPath") == env &&
			!initContainerWrites(list(deployment, "initContainers"), str(m, "name"), "libcqlmirror.so") {
			t.Errorf("no init container copies libcqlmirror.so into volume %s, mounted at ENVOY_DYNAMIC_MODULES_SEARCH_PATH %s", str(m, "name"), env)
		}
	}
	if dir := filepath.Dir(str(cfg, "failed_writes_file")); !mounted(container, dir) {
		t.Errorf("failed_writes_file %q: no volume is mounted at %s in the Envoy container", str(cfg, "failed_writes_file"), dir)
	}

	bootstrap := bootstrapWith([]any{listener}, []any{staticCluster(cluster)})
	if out, ok := envoyValidate(t, "envoy-gateway", bootstrap); !ok {
		t.Errorf("envoy --mode validate rejects the TCPRoute's listener with the EnvoyPatchPolicy applied:\n%s", out)
	}
}
