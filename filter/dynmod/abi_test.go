package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestABIHeaderMatchesModule(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/envoyproxy/envoy/source/extensions/dynamic_modules").Output()
	if err != nil {
		t.Fatalf("go list the dynamic_modules module: %v", err)
	}
	upstream, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "abi", "abi.h"))
	if err != nil {
		t.Fatal(err)
	}
	pinned, err := os.ReadFile(filepath.Join("..", "..", "third_party", "envoy_dynamic_modules", "abi.h"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(upstream, pinned) {
		t.Fatal("third_party/envoy_dynamic_modules/abi.h differs from the module pinned in go.mod; copy it over deliberately and re-run the e2e suite")
	}
}
