package nodes

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/prometheus/client_golang/prometheus"
)

// series gathers m through a registry, one "name{labels} value" line per series.
func series(t *testing.T, m *Collector) string {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(m); err != nil {
		t.Fatal(err)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range families {
		for _, mt := range f.GetMetric() {
			var labels []string
			for _, l := range mt.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			lines = append(lines, fmt.Sprintf("%s{%s} %g", f.GetName(), strings.Join(labels, ","), mt.GetGauge().GetValue()))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func TestCollector(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		fc.add("10.0.2.1:9042", "dc2", "r1")
		old, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}})
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}})
		waitReady(t, old)
		waitReady(t, c)
		counts, _ := pick(t, c, 3)
		c.Report(netip.MustParseAddrPort("10.0.0.2:9042"), refused("10.0.0.2:9042"))

		m := NewCollector()
		removeOld := m.Add("cql", old)
		remove := m.Add("cql", c) // replaces old: same cluster name, same stat_prefix
		want := fmt.Sprintf(`cqlmirror_node_sessions{cluster="target",dc="dc1",node="10.0.0.1:9042",stat_prefix="cql"} %d
cqlmirror_node_sessions{cluster="target",dc="dc1",node="10.0.0.2:9042",stat_prefix="cql"} %d
`, counts["10.0.0.1:9042"], counts["10.0.0.2:9042"]) + `cqlmirror_node_sessions{cluster="target",dc="dc2",node="10.0.2.1:9042",stat_prefix="cql"} 0
cqlmirror_node_up{cluster="target",dc="dc1",node="10.0.0.1:9042",stat_prefix="cql"} 1
cqlmirror_node_up{cluster="target",dc="dc1",node="10.0.0.2:9042",stat_prefix="cql"} 0
cqlmirror_node_up{cluster="target",dc="dc2",node="10.0.2.1:9042",stat_prefix="cql"} 1`
		if got := series(t, m); got != want {
			t.Errorf("series:\n%s\nwant:\n%s", got, want)
		}
		remove()
		want = `cqlmirror_node_sessions{cluster="target",dc="dc1",node="10.0.0.1:9042",stat_prefix="cql"} 0
cqlmirror_node_sessions{cluster="target",dc="dc1",node="10.0.0.2:9042",stat_prefix="cql"} 0
cqlmirror_node_sessions{cluster="target",dc="dc2",node="10.0.2.1:9042",stat_prefix="cql"} 0
cqlmirror_node_up{cluster="target",dc="dc1",node="10.0.0.1:9042",stat_prefix="cql"} 1
cqlmirror_node_up{cluster="target",dc="dc1",node="10.0.0.2:9042",stat_prefix="cql"} 1
cqlmirror_node_up{cluster="target",dc="dc2",node="10.0.2.1:9042",stat_prefix="cql"} 1`
		if got := series(t, m); got != want {
			t.Errorf("after the replacing cluster was removed:\n%s\nwant:\n%s", got, want)
		}
		m.Add("other", c)
		removeOld()
		if got := series(t, m); strings.Count(got, "\n") != 5 || strings.Contains(got, `"cql"`) {
			t.Errorf("with only stat_prefix other:\n%s", got)
		}
	})
}
