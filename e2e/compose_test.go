package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// No Docker engine runs here, so the compose trial is checked as far as it can be without one:
// the YAML parses, every file it and the Dockerfile reference exists, and stock Envoy accepts the
// dynamic-module config it ships.
func TestComposeTrialIsConsistent(t *testing.T) {
	var compose struct {
		Services map[string]struct {
			Build *struct {
				Context    string `yaml:"context"`
				Dockerfile string `yaml:"dockerfile"`
				Target     string `yaml:"target"`
			} `yaml:"build"`
		} `yaml:"services"`
	}
	b, err := os.ReadFile(filepath.Join(repoRoot, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	if len(compose.Services) < 3 {
		t.Fatalf("docker-compose.yml has %d services, want the two clusters and Envoy", len(compose.Services))
	}
	for name, svc := range compose.Services {
		if svc.Build == nil {
			continue
		}
		dockerfile := filepath.Join(repoRoot, svc.Build.Context, svc.Build.Dockerfile)
		stages, copies := readDockerfile(t, dockerfile)
		if !stages[svc.Build.Target] {
			t.Errorf("service %s builds target %q, which %s does not define", name, svc.Build.Target, svc.Build.Dockerfile)
		}
		for _, src := range copies {
			if _, err := os.Stat(filepath.Join(repoRoot, svc.Build.Context, src)); err != nil {
				t.Errorf("%s copies %s: %v", svc.Build.Dockerfile, src, err)
			}
		}
	}
	for _, f := range []string{"deploy/envoy-contrib.yaml", "deploy/envoy-dynmod.yaml"} {
		var v any
		b, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(b, &v); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	mod := t.TempDir()
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", filepath.Join(mod, "libcqlmirror.so"), "./filter/dynmod")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	validate := exec.Command(filepath.Join(cacheDir, "bin", "envoy"), "--mode", "validate", "-c", filepath.Join(repoRoot, "deploy", "envoy-dynmod.yaml"))
	validate.Env = append(os.Environ(), "ENVOY_DYNAMIC_MODULES_SEARCH_PATH="+mod)
	if out, err := validate.CombinedOutput(); err != nil {
		t.Errorf("envoy --mode validate deploy/envoy-dynmod.yaml: %v\n%s", err, out)
	}
}

// readDockerfile returns the stage names and the local sources of COPY lines (not --from ones).
func readDockerfile(t *testing.T, path string) (map[string]bool, []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stages := map[string]bool{}
	var copies []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 4 && strings.EqualFold(fields[0], "FROM") && strings.EqualFold(fields[2], "AS"):
			stages[fields[3]] = true
		case len(fields) >= 3 && strings.EqualFold(fields[0], "COPY") && !strings.HasPrefix(fields[1], "--from"):
			copies = append(copies, fields[1:len(fields)-1]...)
		}
	}
	return stages, copies
}
