package e2e

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// No Kubernetes runs here: deploy/kubernetes is checked by parsing it, resolving every reference
// between its objects and every file the containers read, running `controlplane check` on the
// control plane's ConfigMap (with the files its Secrets hold), and running Envoy --mode validate
// on the bootstrap ConfigMap with the listener the control plane renders from it.
func TestKubernetesManifests(t *testing.T) {
	objs := loadDeployDir(t, "deploy/kubernetes")
	c := &manifestChecker{objs: objs}
	cp, cpPod, cpCtr := deploymentContainer(t, c, "cqlmirror-controlplane", "controlplane")
	_, envoyPod, envoyCtr := deploymentContainer(t, c, "cqlmirror-envoy", "envoy")

	cpConfigPath := argAfter(t, cpCtr, "-config")
	cpConfigText := fileContent(t, c, cpPod, cpCtr, cpConfigPath)
	var cpConfig map[string]any
	if err := yaml.Unmarshal([]byte(cpConfigText), &cpConfig); err != nil {
		t.Fatalf("%s: %v", cpConfigPath, err)
	}
	if xds := argAfter(t, cpCtr, "-xds"); !strings.HasSuffix(xds, ":"+portNumber(t, cpCtr, "xds")) {
		t.Errorf("the control plane serves ADS on %s, not on its container port xds", xds)
	}

	// Every file the filter reads comes from the same Secret key in both containers: the control
	// plane checks it, then Envoy reads it again. The test gives the CA a real certificate.
	files := t.TempDir()
	ca := newPKI(t, t.TempDir()).caFile
	for field, p := range configFiles(cpConfig) {
		src := fileSourceOf(t, cpPod, cpCtr, p)
		if got := fileSourceOf(t, envoyPod, envoyCtr, p); got != src || src.kind != "Secret" {
			t.Errorf("%s %s: the control plane reads %v, Envoy %v; want the same Secret key", field, p, src, got)
		}
		content := []byte(fileContent(t, c, cpPod, cpCtr, p))
		if strings.HasSuffix(field, "ca_file") {
			var err error
			if content, err = os.ReadFile(ca); err != nil {
				t.Fatal(err)
			}
		}
		local := filepath.Join(files, p)
		if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(local, content, 0o600); err != nil {
			t.Fatal(err)
		}
		cpConfigText = strings.ReplaceAll(cpConfigText, p, local)
	}
	journal := str(cpConfig, "failed_writes_file")
	if src := fileSourceOf(t, envoyPod, envoyCtr, journal); src.kind != "emptyDir" {
		t.Errorf("failed_writes_file %s is on %v in the Envoy container, want an emptyDir volume", journal, src)
	}
	if got, want := at(cpConfig, "listener", "port"), portNumber(t, envoyCtr, "cql"); want == "" || got != atoi(t, want) {
		t.Errorf("listener.port %v, but the Envoy container's port cql is %s", got, want)
	}
	if _, port, _ := net.SplitHostPort(str(cpConfig, "metrics_address")); port != portNumber(t, envoyCtr, "metrics") {
		t.Errorf("metrics_address %s is not the Envoy container's port metrics", str(cpConfig, "metrics_address"))
	}
	checkModuleDelivery(t, envoyPod, envoyCtr)

	bootstrapText := fileContent(t, c, envoyPod, envoyCtr, argAfter(t, envoyCtr, "-c"))
	var bootstrap map[string]any
	if err := yaml.Unmarshal([]byte(bootstrapText), &bootstrap); err != nil {
		t.Fatalf("Envoy's bootstrap: %v", err)
	}
	checkBootstrapReferences(t, c, cp, bootstrap, envoyPod, envoyCtr)

	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "controlplane"), "./controlplane")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./controlplane: %v\n%s", err, out)
	}
	config := filepath.Join(t.TempDir(), "controlplane.yaml")
	if err := os.WriteFile(config, []byte(cpConfigText), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(filepath.Join(bin, "controlplane"), "check", "-config", config).CombinedOutput(); err != nil {
		t.Fatalf("controlplane check on the ConfigMap's controlplane.yaml: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(bin, "controlplane"), "render", "-config", config).Output()
	if err != nil {
		t.Fatalf("controlplane render: %v", err)
	}
	var rendered struct {
		Listener map[string]any `json:"listener"`
	}
	if err := json.Unmarshal(out, &rendered); err != nil {
		t.Fatalf("controlplane render: %v\n%s", err, out)
	}
	resources := dict(bootstrap, "static_resources")
	resources["listeners"] = append(list(resources, "listeners"), rendered.Listener)
	if out, ok := envoyValidate(t, "kubernetes", bootstrap); !ok {
		t.Errorf("envoy --mode validate rejects the bootstrap ConfigMap with the control plane's listener:\n%s", out)
	}
}

func loadDeployDir(t *testing.T, dir string) []object {
	t.Helper()
	objs, problems, err := loadManifestDir(filepath.Join(repoRoot, dir))
	if err != nil {
		t.Fatal(err)
	}
	problems = append(problems, checkManifests(objs)...)
	for _, p := range problems {
		t.Error(p)
	}
	return objs
}

// deploymentContainer returns a Deployment, its pod spec and its container of that name.
func deploymentContainer(t *testing.T, c *manifestChecker, deployment, container string) (object, map[string]any, map[string]any) {
	t.Helper()
	for _, o := range c.objs {
		if o.kind() != "Deployment" || o.name() != deployment {
			continue
		}
		pod := dict(o.doc, "spec", "template", "spec")
		for _, ct := range list(pod, "containers") {
			if str(ct, "name") == container {
				return o, pod, ct.(map[string]any)
			}
		}
	}
	t.Fatalf("no Deployment %s with a container %s", deployment, container)
	return object{}, nil, nil
}

func argAfter(t *testing.T, container map[string]any, flag string) string {
	t.Helper()
	args := list(container, "args")
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1].(string)
		}
	}
	t.Fatalf("container %s has no %s argument: %v", str(container, "name"), flag, args)
	return ""
}

// portNumber is the number of the container's port of that name, "" if it has none.
func portNumber(t *testing.T, container map[string]any, name string) string {
	for _, p := range list(container, "ports") {
		if str(p, "name") == name {
			return jsonText(t, at(p, "containerPort"))
		}
	}
	return ""
}

func jsonText(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func atoi(t *testing.T, s string) int {
	var n int
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// configFiles are the file paths of a control plane config by field (ca_file, password_file,
// cert_file, key_file at any depth), failed_writes_file aside: that one the filter writes.
func configFiles(v any) map[string]string {
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		for k, x := range dict(v) {
			if s, ok := x.(string); ok && strings.HasSuffix(k, "_file") && k != "failed_writes_file" {
				out[prefix+k] = s
			}
			walk(prefix+k+".", x)
		}
	}
	walk("", v)
	return out
}

// envValue is the value a container's env gives name.
func envValue(container any, name string) string {
	for _, e := range list(container, "env") {
		if str(e, "name") == name {
			return str(e, "value")
		}
	}
	return ""
}

// fileSource is where a file a container reads comes from: an emptyDir, or a key of a ConfigMap
// or Secret.
type fileSource struct{ kind, name, key string }

// fileSourceOf resolves path through the container's volume mounts and the pod's volumes.
func fileSourceOf(t *testing.T, pod, container map[string]any, p string) fileSource {
	t.Helper()
	for _, m := range list(container, "volumeMounts") {
		dir := str(m, "mountPath")
		if !strings.HasPrefix(p, dir+"/") {
			continue
		}
		rel := strings.TrimPrefix(p, dir+"/")
		v := volume(pod, str(m, "name"))
		switch {
		case at(v, "emptyDir") != nil:
			return fileSource{kind: "emptyDir", name: str(v, "name")}
		case at(v, "configMap") != nil:
			return fileSource{"ConfigMap", str(v, "configMap", "name"), itemKey(list(v, "configMap", "items"), rel)}
		case at(v, "secret") != nil:
			return fileSource{"Secret", str(v, "secret", "secretName"), itemKey(list(v, "secret", "items"), rel)}
		}
		for _, src := range list(v, "projected", "sources") {
			for _, kind := range []string{"secret", "configMap"} {
				for _, it := range list(src, kind, "items") {
					if str(it, "path") == rel {
						return fileSource{strings.ToUpper(kind[:1]) + kind[1:], str(src, kind, "name"), str(it, "key")}
					}
				}
			}
		}
	}
	t.Errorf("container %s: no volume provides %s", str(container, "name"), p)
	return fileSource{}
}

func itemKey(items []any, rel string) string {
	for _, it := range items {
		if str(it, "path") == rel {
			return str(it, "key")
		}
	}
	if len(items) > 0 {
		return ""
	}
	return rel
}

// fileContent is the text of a file a container reads from a ConfigMap or Secret.
func fileContent(t *testing.T, c *manifestChecker, pod, container map[string]any, p string) string {
	t.Helper()
	src := fileSourceOf(t, pod, container, p)
	o, ok := c.find(src.kind, "cqlmirror", src.name)
	if !ok {
		t.Fatalf("%s comes from %v, which is not in the manifests", p, src)
	}
	text, ok := objectData(o)[src.key].(string)
	if !ok {
		t.Fatalf("%s: %s has no key %q", p, o, src.key)
	}
	return text
}

// checkModuleDelivery checks that an init container copies libcqlmirror.so into the volume that
// the Envoy container mounts at ENVOY_DYNAMIC_MODULES_SEARCH_PATH.
func checkModuleDelivery(t *testing.T, pod, envoyCtr map[string]any) {
	t.Helper()
	searchPath := envValue(envoyCtr, "ENVOY_DYNAMIC_MODULES_SEARCH_PATH")
	src := fileSourceOf(t, pod, envoyCtr, searchPath+"/libcqlmirror.so")
	for _, ic := range list(pod, "initContainers") {
		cmd := list(ic, "command")
		if len(cmd) == 0 {
			continue
		}
		dest, _ := cmd[len(cmd)-1].(string)
		if got := fileSourceOf(t, pod, ic.(map[string]any), dest); got == src && path.Base(dest) == "libcqlmirror.so" && pinned(str(ic, "image")) {
			return
		}
	}
	t.Errorf("no init container copies libcqlmirror.so into %v, which Envoy mounts at ENVOY_DYNAMIC_MODULES_SEARCH_PATH %q", src, searchPath)
}

// checkBootstrapReferences checks that Envoy's bootstrap reaches the control plane's Service and
// that the readiness probe's port is the listener that serves admin's /ready.
func checkBootstrapReferences(t *testing.T, c *manifestChecker, cp object, bootstrap, pod, envoyCtr map[string]any) {
	t.Helper()
	svc, ok := c.find("Service", cp.namespace(), cp.name())
	if !ok {
		t.Fatalf("no Service %s", cp.name())
	}
	want := map[string]any{"address": svc.name() + "." + svc.namespace() + ".svc.cluster.local", "port_value": at(svc.doc, "spec", "ports", 0, "port")}
	probePort := portNumber(t, envoyCtr, str(envoyCtr, "readinessProbe", "httpGet", "port"))
	readyListener := false
	for _, cl := range list(bootstrap, "static_resources", "clusters") {
		if str(cl, "name") == "xds" {
			got := dict(cl, "load_assignment", "endpoints", 0, "lb_endpoints", 0, "endpoint", "address", "socket_address")
			if got["address"] != want["address"] || got["port_value"] != want["port_value"] {
				t.Errorf("the bootstrap's xds cluster goes to %v, want the control plane's Service %v", got, want)
			}
		}
	}
	for _, l := range list(bootstrap, "static_resources", "listeners") {
		readyListener = readyListener || jsonText(t, at(l, "address", "socket_address", "port_value")) == probePort &&
			strings.Contains(jsonText(t, l), `"path":"`+str(envoyCtr, "readinessProbe", "httpGet", "path")+`"`)
	}
	if !readyListener {
		t.Errorf("no bootstrap listener on the readiness probe's port %s routes %s", probePort, str(envoyCtr, "readinessProbe", "httpGet", "path"))
	}
}
