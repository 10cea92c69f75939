package e2e

import (
	"debug/elf"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Envoy opens the module lazily, so a callback the binary does not export would only fail, fatally,
// the first time it is called. This checks every callback the module needs against the binary.
func TestModuleOnlyNeedsCallbacksEnvoyExports(t *testing.T) {
	so := filepath.Join(t.TempDir(), "libcqlmirror.so")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", so, "./filter/dynmod")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	exported := map[string]bool{}
	for _, s := range dynamicSymbols(t, filepath.Join(cacheDir, "bin", "envoy")) {
		if s.Section != elf.SHN_UNDEF {
			exported[s.Name] = true
		}
	}
	var needed int
	for _, s := range dynamicSymbols(t, so) {
		if s.Section == elf.SHN_UNDEF && strings.HasPrefix(s.Name, "envoy_dynamic_module_callback_") {
			needed++
			if !exported[s.Name] {
				t.Errorf("the module calls %s, which this Envoy does not export", s.Name)
			}
		}
	}
	if needed == 0 {
		t.Fatal("the module needs no Envoy callbacks at all; the check is broken")
	}
}

func dynamicSymbols(t *testing.T, path string) []elf.Symbol {
	t.Helper()
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(real)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return syms
}
