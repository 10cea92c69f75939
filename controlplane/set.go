package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// SetFields applies key=value edits (dotted paths, e.g. target.address=10.0.0.8:9042) to the YAML
// file, keeping its comments, and writes it back only if the result validates. The running control
// plane then picks the change up like any other edit.
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
		if err := setPath(doc.Content[0], strings.Split(key, "."), value); err != nil {
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

// setPath sets the scalar at keys below m, making mappings on the way; an empty value removes the
// field (its default applies again).
func setPath(m *yaml.Node, keys []string, value string) error {
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
		case last && value == "":
			if at >= 0 {
				m.Content = append(m.Content[:at], m.Content[at+2:]...)
			}
			return nil
		case last:
			n := &yaml.Node{Kind: yaml.ScalarNode, Value: value}
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
