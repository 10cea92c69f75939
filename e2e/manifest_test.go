package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// object is one Kubernetes object of a manifest file, decoded as generic YAML.
type object struct {
	file string
	doc  map[string]any
}

func (o object) kind() string       { return str(o.doc, "kind") }
func (o object) apiVersion() string { return str(o.doc, "apiVersion") }
func (o object) name() string       { return str(o.doc, "metadata", "name") }
func (o object) namespace() string  { return str(o.doc, "metadata", "namespace") }
func (o object) String() string {
	return fmt.Sprintf("%s %s/%s (%s)", o.kind(), o.namespace(), o.name(), o.file)
}

// at walks v through map keys and list indexes (an int), returning nil where the path ends.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string { s, _ := at(v, path...).(string); return s }
func list(v any, path ...any) []any { l, _ := at(v, path...).([]any); return l }
func dict(v any, path ...any) map[string]any {
	m, _ := at(v, path...).(map[string]any)
	return m
}

// decodeObjects reads every YAML document of b; empty documents are skipped.
func decodeObjects(file string, b []byte) ([]object, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var objs []object
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if doc != nil {
			objs = append(objs, object{file: file, doc: doc})
		}
	}
}

// loadManifestDir reads a directory of manifests. With a kustomization.yaml, the files are its
// resources (every YAML file of the directory must be one) and its namespace applies to objects
// that name none.
func loadManifestDir(dir string) ([]object, []string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	var problems []string
	namespace := ""
	kustomization := filepath.Join(dir, "kustomization.yaml")
	if b, err := os.ReadFile(kustomization); err == nil {
		var k struct {
			Namespace string   `yaml:"namespace"`
			Resources []string `yaml:"resources"`
			Images    []struct {
				Name string `yaml:"name"`
			} `yaml:"images"`
		}
		if err := yaml.Unmarshal(b, &k); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", kustomization, err)
		}
		namespace = k.Namespace
		listed := map[string]bool{}
		for _, r := range k.Resources {
			listed[filepath.Join(dir, r)] = true
			if _, err := os.Stat(filepath.Join(dir, r)); err != nil {
				problems = append(problems, fmt.Sprintf("%s: resource %s: %v", kustomization, r, err))
			}
		}
		var kept []string
		for _, f := range files {
			if f == kustomization {
				continue
			}
			if !listed[f] {
				problems = append(problems, fmt.Sprintf("%s: %s is not among its resources", kustomization, filepath.Base(f)))
			}
			kept = append(kept, f)
		}
		files = kept
		for _, img := range k.Images {
			if !imageUsed(files, img.Name) {
				problems = append(problems, fmt.Sprintf("%s: images: %s is the image of no container", kustomization, img.Name))
			}
		}
	}
	var objs []object
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		got, err := decodeObjects(strings.TrimPrefix(f, repoRoot+"/"), b)
		if err != nil {
			return nil, nil, err
		}
		for _, o := range got {
			if namespace != "" && o.namespace() == "" && !clusterScoped[o.kind()] {
				dict(o.doc, "metadata")["namespace"] = namespace
			}
		}
		objs = append(objs, got...)
	}
	return objs, problems, nil
}

// imageUsed reports whether a container in files has an image of that name (any tag or digest).
func imageUsed(files []string, name string) bool {
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil && (bytes.Contains(b, []byte("image: "+name+":")) || bytes.Contains(b, []byte("image: "+name+"@"))) {
			return true
		}
	}
	return false
}
