package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// SetFields applies key=value edits (dotted paths, e.g. target.address=10.0.0.8:9042) to the YAML
// file, keeping its comments, and writes it back only if the result validates. A list field
// (contact_points, peers) takes a YAML flow list, [a, b], or a,b. The running control plane then
// picks the change up like any other edit.
func SetFields(path string, edits []string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s: the file is not a YAML mapping", path)
	}
	for _, e := range edits {
		key, value, ok := strings.Cut(e, "=")
		if !ok || key == "" {
			return fmt.Errorf("%q: want field=value, e.g. target.address=10.0.0.8:9042", e)
		}
		keys := strings.Split(key, ".")
		n, err := valueNode(keys, value)
		if err != nil {
			return fmt.Errorf("%q: %w", e, err)
		}
		if err := setPath(doc.Content[0], keys, n); err != nil {
			return fmt.Errorf("%q: %w", e, err)
		}
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if _, err := ParseConfig(out.Bytes()); err != nil {
		return fmt.Errorf("%s left unchanged: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(out.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil {
		os.Chmod(tmp.Name(), st.Mode().Perm())
	}
	return os.Rename(tmp.Name(), path)
}

// valueNode is the node value becomes at keys: a sequence of strings for a list field, else a
// scalar; nil for an empty value.
func valueNode(keys []string, value string) (*yaml.Node, error) {
	if value == "" {
		return nil, nil
	}
	if !isList(reflect.TypeOf(Config{}), keys) {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: value}, nil
	}
	var items []string
	if strings.HasPrefix(strings.TrimSpace(value), "[") {
		if err := yaml.Unmarshal([]byte(value), &items); err != nil {
			return nil, fmt.Errorf("%s: want a list such as [10.0.0.1:9042, 10.0.0.2:9042]: %w", strings.Join(keys, "."), err)
		}
	} else {
		for _, it := range strings.Split(value, ",") {
			items = append(items, strings.TrimSpace(it))
		}
	}
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, it := range items {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: it})
	}
	return n, nil
}

// isList reports whether keys name a slice field of t, following yaml tags.
func isList(t reflect.Type, keys []string) bool {
	for _, k := range keys {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return false
		}
		found := false
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); strings.Split(f.Tag.Get("yaml"), ",")[0] == k {
				t, found = f.Type, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return t.Kind() == reflect.Slice
}

// setPath puts value at keys below m, making mappings on the way; a nil value removes the field
// (its default applies again).
func setPath(m *yaml.Node, keys []string, value *yaml.Node) error {
	for i, k := range keys {
		var child *yaml.Node
		at := -1
		for j := 0; j+1 < len(m.Content); j += 2 {
			if m.Content[j].Value == k {
				child, at = m.Content[j+1], j
				break
			}
		}
		last := i == len(keys)-1
		switch {
		case last && value == nil:
			if at >= 0 {
				m.Content = append(m.Content[:at], m.Content[at+2:]...)
			}
			return nil
		case last:
			n := value
			if at >= 0 {
				n.HeadComment, n.LineComment = child.HeadComment, child.LineComment
				m.Content[at+1] = n
			} else {
				m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, n)
			}
			return nil
		case child == nil:
			child = &yaml.Node{Kind: yaml.MappingNode}
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, child)
		case child.Kind != yaml.MappingNode:
			return fmt.Errorf("%s is not a mapping", strings.Join(keys[:i+1], "."))
		}
		m = child
	}
	return nil
}
