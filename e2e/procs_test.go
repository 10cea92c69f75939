package e2e

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// The module raises GOMAXPROCS inside Envoy (filter/mirror/procs.go) unless the operator set it.
func TestModuleRaisesGOMAXPROCSInEnvoy(t *testing.T) {
	log, err := os.ReadFile(envoys[0].log)
	if err != nil {
		t.Fatal(err)
	}
	line := ""
	for _, l := range strings.Split(string(log), "\n") {
		if strings.Contains(l, "GOMAXPROCS raised") {
			line = l
		}
	}
	if os.Getenv("GOMAXPROCS") != "" {
		if line != "" {
			t.Fatalf("GOMAXPROCS=%s is set, yet the module changed it: %s", os.Getenv("GOMAXPROCS"), line)
		}
		return
	}
	was := runtime.GOMAXPROCS(0) // Go's default here is Envoy's too: same machine, no pinning
	if want := fmt.Sprintf("was=%d now=%d", was, max(was+1, 4)); !strings.Contains(line, want) {
		t.Fatalf("want the module's GOMAXPROCS line with %q in Envoy's log; got %q", want, line)
	}
}
