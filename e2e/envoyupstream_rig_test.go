package e2e

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startControlPlaneOn is startControlPlane with its own xDS address and log file, for a test
// that runs its own Envoy beside the control-plane test bed's.
func startControlPlaneOn(t *testing.T, dir, xds, name string, cfg map[string]any) *controlPlane {
	t.Helper()
	bin, err := buildControlPlane()
	if err != nil {
		t.Fatal(err)
	}
	cp := &controlPlane{bin: bin, config: filepath.Join(dir, "controlplane.yaml"), logFile: filepath.Join(cacheDir, "e2e-logs", name+".log")}
	os.Remove(cp.logFile)
	cp.write(t, cfg)
	f, err := os.OpenFile(cp.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cp.cmd = exec.Command(cp.bin, "-config", cp.config, "-xds", xds)
	cp.cmd.Stdout, cp.cmd.Stderr = f, f
	if err := cp.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cp.cmd != nil {
			cp.stop(t)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", xds); err == nil {
			c.Close()
			return cp
		}
		if time.Now().After(deadline) {
			t.Fatalf("the control plane does not listen on %s; log:\n%s", xds, cp.logText())
		}
	}
}

// adsBootstrap is envoy.yaml with the admin port and the control plane's address moved.
func adsBootstrap(t *testing.T, dir string, admin int, xds string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "envoy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(xds)
	s := string(b)
	for _, r := range [][2]string{{"port_value: 29901", fmt.Sprintf("port_value: %d", admin)},
		{"address: 127.0.0.1, port_value: 18000", "address: " + host + ", port_value: " + port}} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("envoy.yaml no longer has %q", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	path := filepath.Join(dir, "envoy-ads.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// clusterVersion is the clusters' version the control plane serves for the file as it is now.
func (cp *controlPlane) clusterVersion(t *testing.T) string {
	t.Helper()
	out, err := cp.run("render")
	if err != nil {
		t.Fatalf("controlplane render: %v\n%s", err, out)
	}
	var r struct {
		ClusterVersion string `json:"cluster_version"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.ClusterVersion == "" {
		t.Fatalf("controlplane render has no cluster_version: %v\n%s", err, out)
	}
	return r.ClusterVersion
}

// waitClusters waits until Envoy has ACKed the file's clusters and none is warming (its SDS
// secrets are in).
func (cp *controlPlane) waitClusters(t *testing.T, e *envoy, what string) {
	t.Helper()
	want := cp.clusterVersion(t)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var dump struct {
			Configs []struct {
				Type                   string            `json:"@type"`
				VersionInfo            string            `json:"version_info"`
				DynamicWarmingClusters []json.RawMessage `json:"dynamic_warming_clusters"`
			} `json:"configs"`
		}
		if err := json.Unmarshal([]byte(e.configDump(t)), &dump); err != nil {
			t.Fatal(err)
		}
		for _, c := range dump.Configs {
			if strings.HasSuffix(c.Type, ".ClustersConfigDump") && c.VersionInfo == want && len(c.DynamicWarmingClusters) == 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: Envoy does not have clusters version %s; control plane log:\n%s\nEnvoy log:\n%s", what, want, cp.logText(), e.tail())
		}
	}
}

// waitTargetHealthyAt waits until the filter config statPrefix, serving metrics at metricsAddr,
// holds its target healthy (cqlmirror_cluster_healthy 1), as an operator would before writing.
func waitTargetHealthyAt(t *testing.T, metricsAddr, statPrefix string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		for s, v := range scrape(t, metricsAddr) {
			if strings.HasPrefix(s, "cqlmirror_cluster_healthy{") && hasLabel(s, "cluster", "target") && hasLabel(s, "stat_prefix", statPrefix) && v == 1 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the target of %s is not healthy after 30 s", statPrefix)
		}
	}
}
