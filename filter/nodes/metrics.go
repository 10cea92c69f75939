package nodes

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

var (
	sessionsDesc = prometheus.NewDesc("cqlmirror_node_sessions",
		"Client sessions this proxy gave the node and that are still open.",
		[]string{"stat_prefix", "cluster", "node", "dc"}, nil)
	upDesc = prometheus.NewDesc("cqlmirror_node_up",
		"1 while the proxy sees the node up, 0 while it skips the node as down.",
		[]string{"stat_prefix", "cluster", "node", "dc"}, nil)
)

// Collector exports the Clusters added to it as cqlmirror_node_sessions and cqlmirror_node_up,
// from their Snapshots at each scrape. A process needs one, registered once.
type Collector struct {
	mu      sync.Mutex
	entries []*collected
}

type collected struct {
	prefix string
	c      *Cluster
}

// NewCollector returns an empty Collector.
func NewCollector() *Collector { return &Collector{} }

// Add exports c under statPrefix until remove is called. Of several Clusters with the same name
// under one stat_prefix (a filter config and the one replacing it), the last added is exported.
func (m *Collector) Add(statPrefix string, c *Cluster) (remove func()) {
	e := &collected{statPrefix, c}
	m.mu.Lock()
	m.entries = append(m.entries, e)
	m.mu.Unlock()
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		for i, x := range m.entries {
			if x == e {
				m.entries = append(m.entries[:i], m.entries[i+1:]...)
				return
			}
		}
	}
}

// Describe implements prometheus.Collector.
func (m *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- sessionsDesc
	ch <- upDesc
}

// Collect implements prometheus.Collector.
func (m *Collector) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	entries := make([]*collected, 0, len(m.entries))
	seen := map[[2]string]bool{}
	for i := len(m.entries) - 1; i >= 0; i-- {
		e := m.entries[i]
		if key := [2]string{e.prefix, e.c.Name()}; !seen[key] {
			seen[key] = true
			entries = append(entries, e)
		}
	}
	m.mu.Unlock()
	for _, e := range entries {
		s := e.c.Snapshot()
		for _, n := range s.Nodes {
			labels := []string{e.prefix, s.Cluster, n.Addr.String(), n.DC}
			ch <- prometheus.MustNewConstMetric(sessionsDesc, prometheus.GaugeValue, float64(n.Sessions), labels...)
			ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, float64(n.State), labels...)
		}
	}
}
