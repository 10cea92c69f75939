package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

var update = flag.Bool("update", false, "rewrite testdata/out from the current output")

// Every testdata/in/X.yaml has testdata/out/X.json (the resources it becomes) or, for invalid-*,
// testdata/out/X.err (the error). go test ./controlplane -update regenerates them.
func TestGolden(t *testing.T) {
	ins, err := filepath.Glob("testdata/in/*.yaml")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		t.Run(name, func(t *testing.T) {
			var got []byte
			out := filepath.Join("testdata", "out", name+".json")
			v, err := LoadConfig(in)
			switch {
			case strings.HasPrefix(name, "invalid-"):
				if err == nil {
					t.Fatal("accepted")
				}
				out = strings.TrimSuffix(out, ".json") + ".err"
				got = []byte(err.Error() + "\n")
			case err != nil:
				t.Fatal(err)
			default:
				if got, err = Render(v); err != nil {
					t.Fatal(err)
				}
				r, _ := BuildResources(v)
				if _, err := r.Snapshot(); err != nil {
					t.Fatal(err)
				}
			}
			if *update {
				if err := os.WriteFile(out, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("%v (run go test ./controlplane -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs (go test ./controlplane -update rewrites it)\ngot:\n%s\nwant:\n%s", out, got, want)
			}
		})
	}
}

// The repository's controlplane.yaml (make run) gives Envoy the filter config envoy-static.yaml
// has, so the two ways to run the local stack behave alike.
func TestRepositoryConfigMatchesTheStaticExample(t *testing.T) {
	v, err := LoadConfig("../controlplane.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fromCP, err := mirror.ParseConfig(v.Filter)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../envoy-static.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var static struct {
		StaticResources struct {
			Listeners []struct {
				Address struct {
					SocketAddress struct {
						Address   string `yaml:"address"`
						PortValue int    `yaml:"port_value"`
					} `yaml:"socket_address"`
				} `yaml:"address"`
				FilterChains []struct {
					Filters []struct {
						TypedConfig struct {
							FilterConfig struct {
								Value map[string]any `yaml:"value"`
							} `yaml:"filter_config"`
						} `yaml:"typed_config"`
					} `yaml:"filters"`
				} `yaml:"filter_chains"`
			} `yaml:"listeners"`
		} `yaml:"static_resources"`
	}
	if err := yaml.Unmarshal(b, &static); err != nil {
		t.Fatal(err)
	}
	l := static.StaticResources.Listeners[0]
	js, err := json.Marshal(l.FilterChains[0].Filters[0].TypedConfig.FilterConfig.Value)
	if err != nil {
		t.Fatal(err)
	}
	fromStatic, err := mirror.ParseConfig(js)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromCP, fromStatic) {
		t.Errorf("filter configs differ:\ncontrolplane.yaml  %+v\nenvoy-static.yaml  %+v", fromCP, fromStatic)
	}
	if a := l.Address.SocketAddress; a.Address != v.Listener.Address || a.PortValue != v.Listener.Port {
		t.Errorf("listeners differ: envoy-static.yaml %s:%d, controlplane.yaml %s:%d", a.Address, a.PortValue, v.Listener.Address, v.Listener.Port)
	}
}
