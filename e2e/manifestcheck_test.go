package e2e

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// knownKinds are the kinds the deploy manifests may use, by apiVersion.
var knownKinds = map[string][]string{
	"v1":                                {"Namespace", "ConfigMap", "Secret", "Service"},
	"apps/v1":                           {"Deployment"},
	"policy/v1":                         {"PodDisruptionBudget"},
	"networking.k8s.io/v1":              {"NetworkPolicy"},
	"networking.istio.io/v1alpha3":      {"EnvoyFilter"},
	"gateway.envoyproxy.io/v1alpha1":    {"EnvoyProxy", "EnvoyPatchPolicy"},
	"gateway.networking.k8s.io/v1":      {"GatewayClass", "Gateway", "TCPRoute"},
	"gateway.networking.k8s.io/v1beta1": {"ReferenceGrant"},
}

var clusterScoped = map[string]bool{"Namespace": true, "GatewayClass": true}

// checkManifests reports what in objs would not work once applied: unknown kinds, missing names
// and namespaces, unpinned images, and references that do not resolve.
func checkManifests(objs []object) []string {
	c := &manifestChecker{objs: objs}
	for _, o := range objs {
		c.object(o)
	}
	return c.problems
}

type manifestChecker struct {
	objs     []object
	problems []string
}

func (c *manifestChecker) fail(o object, format string, args ...any) {
	c.problems = append(c.problems, o.String()+": "+fmt.Sprintf(format, args...))
}

// find returns the object of that kind, namespace and name.
func (c *manifestChecker) find(kind, namespace, name string) (object, bool) {
	for _, o := range c.objs {
		if o.kind() == kind && o.name() == name && (clusterScoped[kind] || o.namespace() == namespace) {
			return o, true
		}
	}
	return object{}, false
}

// podsMatching returns the pod templates of the Deployments in namespace whose labels include
// every label of selector.
func (c *manifestChecker) podsMatching(namespace string, selector map[string]any) []map[string]any {
	var pods []map[string]any
	for _, o := range c.objs {
		if o.kind() != "Deployment" || o.namespace() != namespace {
			continue
		}
		labels := dict(o.doc, "spec", "template", "metadata", "labels")
		if len(selector) > 0 && subset(selector, labels) {
			pods = append(pods, dict(o.doc, "spec", "template"))
		}
	}
	return pods
}

func subset(want, have map[string]any) bool {
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}

func (c *manifestChecker) object(o object) {
	kinds, ok := knownKinds[o.apiVersion()]
	if !ok || !contains(kinds, o.kind()) {
		c.fail(o, "unknown apiVersion/kind %s/%s", o.apiVersion(), o.kind())
	}
	if o.name() == "" {
		c.fail(o, "metadata.name is not set")
	}
	if o.namespace() == "" && !clusterScoped[o.kind()] {
		c.fail(o, "metadata.namespace is not set")
	}
	switch o.kind() {
	case "Deployment":
		c.deployment(o)
	case "Service":
		c.service(o)
	case "PodDisruptionBudget", "NetworkPolicy":
		sel := dict(o.doc, "spec", "selector", "matchLabels")
		if o.kind() == "NetworkPolicy" {
			sel = dict(o.doc, "spec", "podSelector", "matchLabels")
		}
		if len(c.podsMatching(o.namespace(), sel)) == 0 {
			c.fail(o, "selector %v matches no pod", sel)
		}
	case "EnvoyFilter":
		if sel := dict(o.doc, "spec", "workloadSelector", "labels"); len(c.podsMatching(o.namespace(), sel)) == 0 {
			c.fail(o, "workloadSelector %v matches no pod", sel)
		}
	case "EnvoyProxy":
		c.envoyProxy(o)
	case "Gateway":
		c.gateway(o)
	case "TCPRoute":
		c.tcpRoute(o)
	case "EnvoyPatchPolicy":
		c.patchPolicy(o)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (c *manifestChecker) deployment(o object) {
	sel := dict(o.doc, "spec", "selector", "matchLabels")
	if !subset(sel, dict(o.doc, "spec", "template", "metadata", "labels")) {
		c.fail(o, "selector %v does not match its own pod labels", sel)
	}
	pod := dict(o.doc, "spec", "template", "spec")
	c.podSpec(o, pod, list(pod, "initContainers"), list(pod, "containers"))
	if mounts := str(o.doc, "spec", "template", "metadata", "annotations", "sidecar.istio.io/userVolumeMount"); mounts != "" {
		var l []struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal([]byte(mounts), &l); err != nil {
			c.fail(o, "annotation sidecar.istio.io/userVolumeMount: %v", err)
		}
		for _, m := range l {
			if volume(pod, m.Name) == nil {
				c.fail(o, "annotation sidecar.istio.io/userVolumeMount mounts %q, which is no volume of the pod", m.Name)
			}
		}
	}
}

// podSpec checks the images and the volumes, ConfigMaps and Secrets a pod (or Envoy Gateway's
// pod template) refers to.
func (c *manifestChecker) podSpec(o object, pod map[string]any, containers ...[]any) {
	for _, group := range containers {
		for _, ct := range group {
			if img := str(ct, "image"); !pinned(img) {
				c.fail(o, "container %s: image %q is not pinned to a version", str(ct, "name"), img)
			}
			for _, m := range list(ct, "volumeMounts") {
				if volume(pod, str(m, "name")) == nil {
					c.fail(o, "container %s mounts volume %q, which the pod does not have", str(ct, "name"), str(m, "name"))
				}
			}
		}
	}
	for _, v := range list(pod, "volumes") {
		if cm := str(v, "configMap", "name"); cm != "" {
			c.keys(o, "ConfigMap", cm, list(v, "configMap", "items"))
		}
		if s := str(v, "secret", "secretName"); s != "" {
			c.keys(o, "Secret", s, list(v, "secret", "items"))
		}
		for _, src := range list(v, "projected", "sources") {
			if cm := str(src, "configMap", "name"); cm != "" {
				c.keys(o, "ConfigMap", cm, list(src, "configMap", "items"))
			}
			if s := str(src, "secret", "name"); s != "" {
				c.keys(o, "Secret", s, list(src, "secret", "items"))
			}
		}
	}
}

// keys checks that a ConfigMap or Secret exists and holds every key items name.
func (c *manifestChecker) keys(o object, kind, name string, items []any) {
	ref, ok := c.find(kind, o.namespace(), name)
	if !ok {
		c.fail(o, "refers to %s %q, which is not in the manifests", kind, name)
		return
	}
	for _, it := range items {
		if _, ok := objectData(ref)[str(it, "key")]; !ok {
			c.fail(o, "refers to key %q of %s %q, which it does not have", str(it, "key"), kind, name)
		}
	}
}

// objectData is a ConfigMap's or Secret's data by key (a Secret's data is base64, stringData not).
func objectData(o object) map[string]any {
	out := map[string]any{}
	for _, field := range []string{"data", "stringData"} {
		for k, v := range dict(o.doc, field) {
			out[k] = v
		}
	}
	return out
}

func volume(pod map[string]any, name string) map[string]any {
	for _, v := range list(pod, "volumes") {
		if str(v, "name") == name {
			return v.(map[string]any)
		}
	}
	return nil
}

func (c *manifestChecker) service(o object) {
	sel := dict(o.doc, "spec", "selector")
	pods := c.podsMatching(o.namespace(), sel)
	if len(pods) == 0 {
		c.fail(o, "selector %v matches no pod", sel)
		return
	}
	for _, p := range list(o.doc, "spec", "ports") {
		target := at(p, "targetPort")
		if target == nil {
			target = at(p, "port")
		}
		for _, pod := range pods {
			if !podHasPort(pod, target) {
				c.fail(o, "port %s: targetPort %v is no container port of the pods it selects", str(p, "name"), target)
			}
		}
	}
}

func podHasPort(pod map[string]any, port any) bool {
	for _, ct := range list(pod, "spec", "containers") {
		for _, cp := range list(ct, "ports") {
			if at(cp, "name") == port || at(cp, "containerPort") == port {
				return true
			}
		}
	}
	return false
}

func (c *manifestChecker) envoyProxy(o object) {
	d := dict(o.doc, "spec", "provider", "kubernetes", "envoyDeployment")
	pod := dict(d, "pod")
	container := dict(d, "container")
	c.podSpec(o, pod, list(d, "initContainers"), []any{container})
	searchPath := ""
	for _, e := range list(container, "env") {
		if str(e, "name") == "ENVOY_DYNAMIC_MODULES_SEARCH_PATH" {
			searchPath = str(e, "value")
		}
	}
	for _, m := range list(o.doc, "spec", "dynamicModules") {
		path := str(m, "source", "local", "path")
		if want := searchPath + "/lib" + str(m, "name") + ".so"; path != want {
			c.fail(o, "dynamic module %q is at %q, but Envoy looks for it at %q (ENVOY_DYNAMIC_MODULES_SEARCH_PATH)", str(m, "name"), path, want)
		}
	}
	if searchPath != "" && !mounted(container, searchPath) {
		c.fail(o, "ENVOY_DYNAMIC_MODULES_SEARCH_PATH %q is no volume mount of the Envoy container", searchPath)
	}
}

func mounted(container any, path string) bool {
	for _, m := range list(container, "volumeMounts") {
		if str(m, "mountPath") == path {
			return true
		}
	}
	return false
}

func (c *manifestChecker) gateway(o object) {
	if _, ok := c.find("GatewayClass", "", str(o.doc, "spec", "gatewayClassName")); !ok {
		c.fail(o, "gatewayClassName %q is not in the manifests", str(o.doc, "spec", "gatewayClassName"))
	}
	if ref := dict(o.doc, "spec", "infrastructure", "parametersRef"); ref != nil {
		if _, ok := c.find(str(ref, "kind"), o.namespace(), str(ref, "name")); !ok {
			c.fail(o, "infrastructure.parametersRef %s %q is not in the manifests", str(ref, "kind"), str(ref, "name"))
		}
	}
}

func (c *manifestChecker) tcpRoute(o object) {
	for _, p := range list(o.doc, "spec", "parentRefs") {
		ns := str(p, "namespace")
		if ns == "" {
			ns = o.namespace()
		}
		gw, ok := c.find("Gateway", ns, str(p, "name"))
		if !ok {
			c.fail(o, "parentRef Gateway %s/%s is not in the manifests", ns, str(p, "name"))
			continue
		}
		if s := str(p, "sectionName"); s != "" && gatewayListener(gw, s) == nil {
			c.fail(o, "parentRef sectionName %q is no listener of %s", s, gw)
		}
	}
	for _, r := range list(o.doc, "spec", "rules") {
		for _, b := range list(r, "backendRefs") {
			if ns := str(b, "namespace"); ns != "" && ns != o.namespace() && !c.granted(o, ns, str(b, "name")) {
				c.fail(o, "backendRef %s/%s: no ReferenceGrant in %s lets a TCPRoute of %s refer to it", ns, str(b, "name"), ns, o.namespace())
			}
		}
	}
}

func gatewayListener(gw object, name string) map[string]any {
	for _, l := range list(gw.doc, "spec", "listeners") {
		if str(l, "name") == name {
			return l.(map[string]any)
		}
	}
	return nil
}

func (c *manifestChecker) granted(route object, ns, service string) bool {
	for _, g := range c.objs {
		if g.kind() != "ReferenceGrant" || g.namespace() != ns {
			continue
		}
		from, to := false, false
		for _, f := range list(g.doc, "spec", "from") {
			from = from || (str(f, "kind") == route.kind() && str(f, "namespace") == route.namespace())
		}
		for _, t := range list(g.doc, "spec", "to") {
			to = to || (str(t, "kind") == "Service" && (str(t, "name") == "" || str(t, "name") == service))
		}
		if from && to {
			return true
		}
	}
	return false
}

// patchPolicy checks that the policy's Gateway exists and that every listener it patches is one
// Envoy Gateway renders for that Gateway: <namespace>/<gateway>/<listener>, or <protocol>-<port>
// under the XDSNameSchemeV2 names.
func (c *manifestChecker) patchPolicy(o object) {
	gw, ok := c.find(str(o.doc, "spec", "targetRef", "kind"), o.namespace(), str(o.doc, "spec", "targetRef", "name"))
	if !ok || gw.kind() != "Gateway" {
		c.fail(o, "targetRef %v is not a Gateway in the manifests", dict(o.doc, "spec", "targetRef"))
		return
	}
	names := map[string]bool{}
	for _, l := range list(gw.doc, "spec", "listeners") {
		names[gw.namespace()+"/"+gw.name()+"/"+str(l, "name")] = true
		names[strings.ToLower(str(l, "protocol"))+"-"+fmt.Sprint(at(l, "port"))] = true
	}
	for _, p := range list(o.doc, "spec", "jsonPatches") {
		if str(p, "type") == "type.googleapis.com/envoy.config.listener.v3.Listener" && !names[str(p, "name")] {
			c.fail(o, "patches listener %q, which %s does not have", str(p, "name"), gw)
		}
	}
}

// cloneObjects deep-copies objs, for tests that break one.
func cloneObjects(objs []object) []object {
	out := make([]object, len(objs))
	for i, o := range objs {
		b, err := yaml.Marshal(o.doc)
		if err != nil {
			panic(err)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(b, &doc); err != nil {
			panic(err)
		}
		out[i] = object{file: o.file, doc: doc}
	}
	return out
}
