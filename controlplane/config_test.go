package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
