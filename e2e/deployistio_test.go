package e2e

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sidecarSourceListener is the outbound listener istiod gives a sidecar for a TCP Service on
// 9042 with a ClusterIP (named <ClusterIP>_<port>, not bound: the virtual outbound listener hands
// it the connections).
const sidecarSourceListener = "10.96.0.10_9042"

// No Istio runs here: deploy/istio is checked by parsing it, resolving its references (the
// EnvoyFilter's workloadSelector, the sidecar volume annotations, where the module and the
// journal live in istio-proxy) and by applying the EnvoyFilter's patches to a sidecar-like
// bootstrap (an outbound tcp_proxy listener on 9042 and Istio's outbound clusters of the source
// and the target) and running Envoy --mode validate on the result.
func TestIstioManifests(t *testing.T) {
	objs := loadDeployDir(t, "deploy/istio")
	c := &manifestChecker{objs: objs}
	ef := onlyObject(t, objs, "EnvoyFilter")
	pods := c.podsMatching(ef.namespace(), dict(ef.doc, "spec", "workloadSelector", "labels"))
	if len(pods) != 1 {
		t.Fatalf("the EnvoyFilter selects %d workloads, want the one in the manifests", len(pods))
	}
	proxyMounts := istioProxyMounts(t, pods[0])

	source := "outbound|9042||cassandra-source.db.svc.cluster.local"
	target := "outbound|9042||cassandra-target.db.svc.cluster.local"
	bootstrap := bootstrapWith(
		[]any{tcpProxyListener(sidecarSourceListener, "10.96.0.10", 9042, source)},
		[]any{staticCluster(source), staticCluster(target)})
	dict(list(bootstrap, "static_resources", "listeners")[0])["bind_to_port"] = false
	if err := applyEnvoyFilter(bootstrap, ef); err != nil {
		t.Fatal(err)
	}
	listeners := list(bootstrap, "static_resources", "listeners")
	filter := at(listeners[0], "filter_chains", 0, "filters", 0)
	if str(filter, "name") != "envoy.filters.network.dynamic_modules" || str(filter, "typed_config", "dynamic_module_config", "name") != "cqlmirror" {
		t.Fatalf("after the EnvoyFilter the outbound listener's filter is %v, want cqlmirror's dynamic module", filter)
	}
	cfg := filterConfigOf(t, filter)

	// Each cluster is reached through a loopback listener that forwards to Istio's outbound
	// cluster of its Service, with node discovery off.
	for side, want := range map[string]string{"source": source, "target": target} {
		// Discovery off, as false or as "contact_points_only" (the field's value is being
		// settled): the filter then dials no node it learns of, only the loopback listener.
		if d := dict(cfg, side)["discovery"]; d != "contact_points_only" {
			t.Errorf("%s: discovery is %v; want it off, so the filter dials no node around Envoy", side, d)
		}
		host, port, err := net.SplitHostPort(str(cfg, side, "address"))
		if err != nil || host != "127.0.0.1" {
			t.Errorf("%s.address %q is not a loopback listener", side, str(cfg, side, "address"))
			continue
		}
		var forwardsTo []string
		for _, l := range listeners[1:] {
			if fmt.Sprint(at(l, "address", "socket_address", "port_value")) == port && str(l, "address", "socket_address", "address") == host {
				forwardsTo = append(forwardsTo, str(l, "filter_chains", 0, "filters", 0, "typed_config", "cluster"))
			}
		}
		if len(forwardsTo) != 1 || forwardsTo[0] != want {
			t.Errorf("%s: the listener at %s forwards to %v, want Istio's cluster %s", side, str(cfg, side, "address"), forwardsTo, want)
		}
	}

	// The module and the journal are where istio-proxy's mounts put them.
	searchPath := str(istioProxyConfig(t, pods[0]), "proxyMetadata", "ENVOY_DYNAMIC_MODULES_SEARCH_PATH")
	if v, ok := proxyMounts[searchPath]; !ok || !initContainerWrites(list(pods[0], "spec", "initContainers"), v, "libcqlmirror.so") {
		t.Errorf("ENVOY_DYNAMIC_MODULES_SEARCH_PATH %q: want a volume mounted in istio-proxy that an init container copies libcqlmirror.so into (mounts %v)", searchPath, proxyMounts)
	}
	if v, ok := proxyMounts[filepath.Dir(str(cfg, "failed_writes_file"))]; !ok || at(volume(dict(pods[0], "spec"), v), "emptyDir") == nil {
		t.Errorf("failed_writes_file %q is on no emptyDir mounted in istio-proxy (mounts %v)", str(cfg, "failed_writes_file"), proxyMounts)
	}

	if out, ok := envoyValidate(t, "istio", bootstrap); !ok {
		t.Errorf("envoy --mode validate rejects the sidecar bootstrap with the EnvoyFilter applied:\n%s", out)
	}
}

func onlyObject(t *testing.T, objs []object, kind string) object {
	t.Helper()
	var found []object
	for _, o := range objs {
		if o.kind() == kind {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d objects of kind %s, want 1", len(found), kind)
	}
	return found[0]
}

// istioProxyMounts are the mounts the sidecar.istio.io/userVolumeMount annotation adds to
// istio-proxy: volume name by mount path.
func istioProxyMounts(t *testing.T, pod map[string]any) map[string]string {
	t.Helper()
	var mounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	}
	if err := yaml.Unmarshal([]byte(str(pod, "metadata", "annotations", "sidecar.istio.io/userVolumeMount")), &mounts); err != nil {
		t.Fatalf("sidecar.istio.io/userVolumeMount: %v", err)
	}
	out := map[string]string{}
	for _, m := range mounts {
		out[m.MountPath] = m.Name
	}
	return out
}

// istioProxyConfig is the pod's proxy.istio.io/config annotation (ProxyConfig, YAML).
func istioProxyConfig(t *testing.T, pod map[string]any) map[string]any {
	t.Helper()
	var cfg map[string]any
	if err := yaml.Unmarshal([]byte(str(pod, "metadata", "annotations", "proxy.istio.io/config")), &cfg); err != nil {
		t.Fatalf("proxy.istio.io/config: %v", err)
	}
	return cfg
}

// initContainerWrites reports whether one of the init containers copies file into the volume.
func initContainerWrites(initContainers []any, volumeName, file string) bool {
	for _, ic := range initContainers {
		cmd := list(ic, "command")
		if len(cmd) == 0 {
			continue
		}
		dest, _ := cmd[len(cmd)-1].(string)
		for _, m := range list(ic, "volumeMounts") {
			if str(m, "name") == volumeName && dest == str(m, "mountPath")+"/"+file && strings.HasPrefix(str(cmd, 0), "cp") {
				return true
			}
		}
	}
	return false
}
